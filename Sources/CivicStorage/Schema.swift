/// The civic database schema: civic's public interface, documented table by table in
/// `docs/SCHEMA.md` (a test keeps the two in step).
///
/// Conventions: money is integer pence in columns named `amount_pence`; dates are ISO text
/// (`YYYY-MM-DD`); every data row names its `source_id` and `source_line` (the 1-based line of
/// the file where its record starts; 0 for a row the layout itself declares).
public enum Schema {
    public static let version = 4

    public static let tables = [
        "meta", "sources", "areas", "area_links", "categories", "category_aliases", "institutions",
        "people", "parties", "party_labels", "roles", "candidacies", "suppliers", "payments", "budgets", "postcodes", "extra_fields",
        "supplier_totals", "payer_totals", "payer_month_totals",
    ]

    /// Tables the load derives from `payments`: each row adds up many lines of one file, so it
    /// names its source but no line.
    public static let totals = ["supplier_totals", "payer_totals", "payer_month_totals"]

    public static let views = [
        "payments_view", "budgets_view", "roles_view", "institutions_view", "wards_view", "sources_view", "candidacies_view",
    ]

    public static let ddl = """
    PRAGMA user_version = \(version);

    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

    CREATE TABLE sources (
        source_id     INTEGER PRIMARY KEY,
        file          TEXT NOT NULL UNIQUE,
        kind          TEXT NOT NULL,
        title         TEXT NOT NULL,
        publisher     TEXT NOT NULL,
        licence       TEXT NOT NULL,
        period_start  TEXT,
        period_end    TEXT,
        retrieved     TEXT,
        url           TEXT,
        sha256        TEXT NOT NULL,
        synthetic     INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
        payer_id      INTEGER REFERENCES institutions(institution_id) DEFERRABLE INITIALLY DEFERRED,
        rows_read     INTEGER NOT NULL DEFAULT 0,
        rows_loaded   INTEGER NOT NULL DEFAULT 0,
        rows_repaired INTEGER NOT NULL DEFAULT 0,
        rows_skipped  INTEGER NOT NULL DEFAULT 0,
        rows_rejected INTEGER NOT NULL DEFAULT 0,
        loaded_at     TEXT NOT NULL
    );

    CREATE TABLE areas (
        area_id     TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        name_norm   TEXT NOT NULL,
        kind        TEXT NOT NULL,
        parent_id   TEXT REFERENCES areas(area_id) DEFERRABLE INITIALLY DEFERRED,
        population  INTEGER,
        population_source_id INTEGER REFERENCES sources(source_id),
        source_id   INTEGER NOT NULL REFERENCES sources(source_id),
        source_line INTEGER NOT NULL
    );
    CREATE INDEX areas_kind_name ON areas(kind, name_norm);
    CREATE INDEX areas_parent ON areas(parent_id);

    CREATE TABLE area_links (
        area_id      TEXT NOT NULL REFERENCES areas(area_id),
        container_id TEXT NOT NULL REFERENCES areas(area_id),
        source_id    INTEGER NOT NULL REFERENCES sources(source_id),
        source_line  INTEGER NOT NULL,
        PRIMARY KEY (area_id, container_id)
    ) WITHOUT ROWID;
    CREATE INDEX area_links_container ON area_links(container_id, area_id);

    CREATE TABLE categories (
        category_id INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        name_norm   TEXT NOT NULL,
        parent_id   INTEGER REFERENCES categories(category_id) DEFERRABLE INITIALLY DEFERRED,
        is_total    INTEGER NOT NULL CHECK (is_total IN (0, 1)),
        source_id   INTEGER NOT NULL REFERENCES sources(source_id),
        source_line INTEGER NOT NULL
    );
    CREATE INDEX categories_parent ON categories(parent_id);

    CREATE TABLE category_aliases (
        alias       TEXT NOT NULL,
        alias_norm  TEXT NOT NULL PRIMARY KEY,
        category_id INTEGER NOT NULL REFERENCES categories(category_id),
        source_id   INTEGER NOT NULL REFERENCES sources(source_id),
        source_line INTEGER NOT NULL
    );

    CREATE TABLE institutions (
        institution_id INTEGER PRIMARY KEY,
        scheme      TEXT NOT NULL,
        code        TEXT NOT NULL,
        name        TEXT NOT NULL,
        name_norm   TEXT NOT NULL,
        kind        TEXT NOT NULL,
        subkind     TEXT,
        area_id     TEXT REFERENCES areas(area_id),
        area_from   TEXT CHECK (area_from IN ('file', 'postcode')),
        area_source_id INTEGER REFERENCES sources(source_id),
        parent_id   INTEGER REFERENCES institutions(institution_id) DEFERRABLE INITIALLY DEFERRED,
        address     TEXT,
        postcode    TEXT,
        website     TEXT,
        opened      TEXT,
        closed      TEXT,
        extra       TEXT,
        source_id   INTEGER NOT NULL REFERENCES sources(source_id),
        source_line INTEGER NOT NULL,
        UNIQUE (scheme, code)
    );
    CREATE INDEX institutions_area ON institutions(area_id);
    CREATE INDEX institutions_kind ON institutions(kind);
    CREATE INDEX institutions_parent ON institutions(parent_id);
    CREATE INDEX institutions_name ON institutions(name_norm);

    CREATE TABLE people (
        person_id   INTEGER PRIMARY KEY,
        scheme      TEXT NOT NULL,
        code        TEXT NOT NULL,
        name        TEXT NOT NULL,
        name_norm   TEXT NOT NULL,
        source_id   INTEGER NOT NULL REFERENCES sources(source_id),
        source_line INTEGER NOT NULL,
        UNIQUE (scheme, code)
    );
    CREATE INDEX people_name ON people(name_norm);

    CREATE TABLE parties (
        party_id    TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        name_norm   TEXT NOT NULL,
        source_id   INTEGER NOT NULL REFERENCES sources(source_id),
        source_line INTEGER NOT NULL
    );

    CREATE TABLE party_labels (
        label_norm  TEXT PRIMARY KEY,
        label       TEXT NOT NULL,
        party_id    TEXT NOT NULL REFERENCES parties(party_id),
        source_id   INTEGER NOT NULL REFERENCES sources(source_id),
        source_line INTEGER NOT NULL
    );

    CREATE TABLE roles (
        role_id        INTEGER PRIMARY KEY,
        person_id      INTEGER NOT NULL REFERENCES people(person_id),
        name           TEXT NOT NULL,
        institution_id INTEGER NOT NULL REFERENCES institutions(institution_id),
        role           TEXT NOT NULL,
        detail         TEXT,
        ward_id        TEXT REFERENCES areas(area_id),
        party          TEXT,
        party_id       TEXT REFERENCES parties(party_id),
        votes          INTEGER,
        start_date     TEXT,
        end_date       TEXT,
        extra          TEXT,
        source_id      INTEGER NOT NULL REFERENCES sources(source_id),
        source_line    INTEGER NOT NULL
    );
    CREATE INDEX roles_person ON roles(person_id);
    CREATE INDEX roles_institution ON roles(institution_id, role);
    CREATE INDEX roles_ward ON roles(ward_id);
    CREATE INDEX roles_role ON roles(role);

    CREATE TABLE candidacies (
        candidacy_id  INTEGER PRIMARY KEY,
        person_id     INTEGER NOT NULL REFERENCES people(person_id),
        name          TEXT NOT NULL,
        ward_id       TEXT REFERENCES areas(area_id),
        election_date TEXT NOT NULL,
        ballot        TEXT,
        party         TEXT,
        party_id      TEXT REFERENCES parties(party_id),
        votes         INTEGER,
        elected       INTEGER CHECK (elected IN (0, 1)),
        elected_from  TEXT CHECK (elected_from IN ('file', 'councillors')),
        extra         TEXT,
        source_id     INTEGER NOT NULL REFERENCES sources(source_id),
        source_line   INTEGER NOT NULL
    );
    CREATE INDEX candidacies_person ON candidacies(person_id);
    CREATE INDEX candidacies_ward ON candidacies(ward_id);

    CREATE TABLE suppliers (
        supplier_id INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        name_norm   TEXT NOT NULL UNIQUE,
        redacted    INTEGER NOT NULL CHECK (redacted IN (0, 1)),
        source_id   INTEGER NOT NULL REFERENCES sources(source_id),
        source_line INTEGER NOT NULL
    );

    CREATE TABLE payments (
        payment_id   INTEGER PRIMARY KEY,
        payer_id     INTEGER NOT NULL REFERENCES institutions(institution_id),
        date         TEXT NOT NULL,
        date_kind    TEXT NOT NULL CHECK (date_kind IN ('payment', 'invoice')),
        paid_from    TEXT NOT NULL,
        paid_to      TEXT NOT NULL,
        supplier_id  INTEGER NOT NULL REFERENCES suppliers(supplier_id),
        supplier     TEXT,
        amount_pence INTEGER NOT NULL,
        category_id  INTEGER REFERENCES categories(category_id),
        expense      TEXT,
        service      TEXT,
        department   TEXT,
        reference    TEXT,
        supplier_ref TEXT,
        repaired     INTEGER NOT NULL DEFAULT 0 CHECK (repaired IN (0, 1)),
        extra        TEXT,
        source_id    INTEGER NOT NULL REFERENCES sources(source_id),
        source_line  INTEGER NOT NULL
    );
    CREATE INDEX payments_payer_date ON payments(payer_id, paid_from);
    CREATE INDEX payments_date ON payments(paid_from);
    CREATE INDEX payments_supplier ON payments(supplier_id);
    CREATE INDEX payments_category ON payments(category_id, payer_id);
    CREATE INDEX payments_source ON payments(source_id);
    CREATE INDEX payments_payer_category ON payments(payer_id, category_id);

    CREATE TABLE budgets (
        budget_id      INTEGER PRIMARY KEY,
        institution_id INTEGER NOT NULL REFERENCES institutions(institution_id),
        fy_start       INTEGER NOT NULL,
        category_id    INTEGER NOT NULL REFERENCES categories(category_id),
        kind           TEXT NOT NULL CHECK (kind IN ('budget', 'outturn')),
        amount_pence   INTEGER NOT NULL,
        source_id      INTEGER NOT NULL REFERENCES sources(source_id),
        source_line    INTEGER NOT NULL
    );
    CREATE INDEX budgets_institution ON budgets(institution_id, fy_start);
    CREATE INDEX budgets_category ON budgets(category_id);

    -- A postcode lookup (the ONS Postcode Directory's columns): where each postcode lies. An
    -- institution with a postcode and no area of its own is placed in its postcode's ward.
    CREATE TABLE postcodes (
        postcode_norm   TEXT PRIMARY KEY,
        postcode        TEXT NOT NULL,
        ward_id         TEXT REFERENCES areas(area_id),
        council_id      TEXT REFERENCES areas(area_id),
        constituency_id TEXT REFERENCES areas(area_id),
        source_id       INTEGER NOT NULL REFERENCES sources(source_id),
        source_line     INTEGER NOT NULL
    ) WITHOUT ROWID;

    -- The fields layouts declare beyond the model's own: each publisher's extra columns (a
    -- school's Ofsted rating), kept as JSON in the row's `extra` column under `name`.
    CREATE TABLE extra_fields (
        family      TEXT NOT NULL CHECK (family IN ('institutions', 'roles', 'spending', 'candidates')),
        name        TEXT NOT NULL,
        type        TEXT NOT NULL CHECK (type IN ('text', 'number', 'count', 'money', 'date')),
        about       TEXT NOT NULL,
        from_column TEXT NOT NULL,
        source_id   INTEGER NOT NULL REFERENCES sources(source_id),
        source_line INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (family, name, source_id)
    ) WITHOUT ROWID;

    -- Totals of payments, kept by the load beside the rows they add up (one row per key and
    -- source, so that replacing a file replaces its totals): whole-country summaries read these
    -- instead of every payment whenever a query's phrases allow.
    CREATE TABLE supplier_totals (
        supplier_id  INTEGER NOT NULL REFERENCES suppliers(supplier_id),
        source_id    INTEGER NOT NULL REFERENCES sources(source_id),
        payments     INTEGER NOT NULL,
        amount_pence INTEGER NOT NULL,
        PRIMARY KEY (supplier_id, source_id)
    ) WITHOUT ROWID;

    CREATE TABLE payer_totals (
        payer_id     INTEGER NOT NULL REFERENCES institutions(institution_id),
        source_id    INTEGER NOT NULL REFERENCES sources(source_id),
        payments     INTEGER NOT NULL,
        amount_pence INTEGER NOT NULL,
        PRIMARY KEY (payer_id, source_id)
    ) WITHOUT ROWID;

    CREATE TABLE payer_month_totals (
        payer_id     INTEGER NOT NULL REFERENCES institutions(institution_id),
        category_id  INTEGER REFERENCES categories(category_id),
        from_month   TEXT NOT NULL,
        to_month     TEXT NOT NULL,
        source_id    INTEGER NOT NULL REFERENCES sources(source_id),
        payments     INTEGER NOT NULL,
        amount_pence INTEGER NOT NULL
    );
    CREATE INDEX payer_month_totals_payer ON payer_month_totals(payer_id, from_month);
    CREATE INDEX payer_month_totals_source ON payer_month_totals(source_id);

    -- The friendly views give money in pounds (`amount_pounds`, to the penny); pence stay in the
    -- tables. payments_view joins only the payer and the category: its other names are
    -- subqueries, read only when a query asks for them, so that counting payments by payer or
    -- by category (Datasette's facets) reads the index payments_payer_category, not every
    -- payment row.
    CREATE VIEW payments_view AS
    SELECT p.payment_id, p.date, p.date_kind, p.paid_from, p.paid_to, i.name AS payer, i.kind AS payer_kind,
           coalesce(p.supplier, (SELECT s.name FROM suppliers s WHERE s.supplier_id = p.supplier_id)) AS supplier,
           (SELECT s.name FROM suppliers s WHERE s.supplier_id = p.supplier_id) AS supplier_group, p.supplier_ref,
           round(p.amount_pence / 100.0, 2) AS amount_pounds, p.category_id AS category_code,
           c.name AS category,
           p.expense, p.service, p.department, p.reference, p.repaired, p.extra,
           (SELECT src.file FROM sources src WHERE src.source_id = p.source_id) AS source_file, p.source_line,
           (SELECT src.synthetic FROM sources src WHERE src.source_id = p.source_id) AS synthetic
    FROM payments p
    JOIN institutions i ON i.institution_id = p.payer_id
    LEFT JOIN categories c ON c.category_id = p.category_id;

    CREATE VIEW budgets_view AS
    SELECT b.budget_id, i.name AS institution, i.kind AS institution_kind, i.subkind AS institution_class,
           b.fy_start || '/' || substr(CAST(b.fy_start + 1 AS TEXT), 3, 2) AS financial_year,
           c.category_id AS category_code, c.name AS category, b.kind AS basis,
           round(b.amount_pence / 100.0, 2) AS amount_pounds,
           src.file AS source_file, b.source_line, src.synthetic
    FROM budgets b
    JOIN institutions i ON i.institution_id = b.institution_id
    JOIN categories c ON c.category_id = b.category_id
    JOIN sources src ON src.source_id = b.source_id;

    CREATE VIEW roles_view AS
    SELECT r.role_id, r.name AS person, r.role, r.detail, i.name AS institution, i.kind AS institution_kind,
           w.name AS ward, r.ward_id AS ward_code, coalesce(pt.name, r.party) AS party, r.party_id, r.party AS party_label,
           r.votes, r.start_date, r.end_date, r.extra,
           src.file AS source_file, r.source_line, src.synthetic
    FROM roles r
    JOIN people p ON p.person_id = r.person_id
    JOIN institutions i ON i.institution_id = r.institution_id
    LEFT JOIN areas w ON w.area_id = r.ward_id
    LEFT JOIN parties pt ON pt.party_id = r.party_id
    JOIN sources src ON src.source_id = r.source_id;

    CREATE VIEW institutions_view AS
    SELECT i.institution_id, i.scheme || ':' || i.code AS reference, i.name, i.kind, i.subkind,
           a.name AS area, a.kind AS area_kind, i.area_id AS area_code, i.area_from, par.name AS parent,
           i.address, i.postcode, i.website, i.opened, i.closed, i.extra,
           src.file AS source_file, i.source_line, src.synthetic
    FROM institutions i
    LEFT JOIN areas a ON a.area_id = i.area_id
    LEFT JOIN institutions par ON par.institution_id = i.parent_id
    JOIN sources src ON src.source_id = i.source_id;

    CREATE VIEW wards_view AS
    SELECT w.area_id AS ward_code, w.name AS ward, lad.area_id AS council_area_code, lad.name AS council_area,
           w.population,
           (SELECT group_concat(c.name, '; ') FROM area_links l JOIN areas c ON c.area_id = l.container_id
             WHERE l.area_id = w.area_id AND c.kind = 'constituency') AS constituencies,
           (SELECT count(*) FROM roles r WHERE r.ward_id = w.area_id AND r.role = 'councillor') AS councillors
    FROM areas w
    LEFT JOIN areas lad ON lad.area_id = w.parent_id
    WHERE w.kind = 'ward';

    CREATE VIEW sources_view AS
    SELECT s.source_id, s.file, s.kind, s.publisher, s.licence, s.period_start, s.period_end,
           CASE s.synthetic WHEN 1 THEN 'synthetic' ELSE 'real' END AS origin,
           i.name AS payer, s.rows_read, s.rows_loaded, s.rows_repaired, s.rows_skipped, s.rows_rejected
    FROM sources s
    LEFT JOIN institutions i ON i.institution_id = s.payer_id;

    CREATE VIEW candidacies_view AS
    SELECT c.candidacy_id, c.name AS person, c.election_date, w.name AS ward, c.ward_id AS ward_code, c.ballot,
           coalesce(pt.name, c.party) AS party, c.party_id, c.party AS party_label, c.votes,
           CASE c.elected WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END AS elected,
           src.file AS source_file, c.source_line, src.synthetic
    FROM candidacies c
    JOIN people p ON p.person_id = c.person_id
    LEFT JOIN areas w ON w.area_id = c.ward_id
    LEFT JOIN parties pt ON pt.party_id = c.party_id
    JOIN sources src ON src.source_id = c.source_id;
    """

    /// Creates every table, index and view on an empty database.
    public static func create(on db: Database) throws {
        try db.execute(ddl)
    }
}
