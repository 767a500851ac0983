import CivicDiagnostics
import CivicStorage
import Foundation

/// One file's outcome in a load.
public struct SourceSummary: Sendable {
    public var file: String
    public var kind: String
    public var synthetic: Bool
    public var read: Int
    public var loaded: Int
    public var repaired: Int
    public var skipped: Int
    public var rejected: Int
}

/// A layout found on disk, with the data file it describes.
public struct LayoutFile: Sendable {
    public var layout: Layout
    public var layoutPath: String
    public var dataPath: String
    /// The data file's path as errors show it (relative to the working directory when inside it).
    public var display: String
}

/// Loads layouts' files into a database, all or nothing.
///
/// - **Adding files** to an existing database writes into that database, inside one SQLite
///   transaction with a rollback journal: what it costs follows the files added, not the size of
///   the database. A failed load rolls back; a killed one leaves a hot journal that the next
///   connection (a load, or a query) rolls back before it reads. Either way the database holds
///   exactly what it held before.
/// - **Building** a database (no database yet, or a rebuild from `Datasets/`) writes a new file
///   beside the target (`.NAME.load-PID.tmp`, no journal) and renames it into place only when
///   every row of every file has validated; leftovers of a killed build are removed next time.
/// - **One writer at a time:** a load holds `.NAME.lock` (see `LoadLock`) from start to end, so a
///   second load waits for the first and then adds to what it left.
public enum Loader {
    /// Finds the layouts for `paths`: a directory gives every `*.layout.json` below it; a data
    /// file gives the layout beside it (`X.csv` → `X.layout.json`); a layout gives itself.
    public static func layouts(for paths: [String], includeSynthetic: Bool) throws -> [LayoutFile] {
        var found: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw LoadError(.noSuchFile, file: path, line: 0, column: 0, "no such file or directory")
            }
            if isDir.boolValue {
                let base = URL(fileURLWithPath: path)
                let items = fm.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
                found += items.filter { $0.hasSuffix(".layout.json") }.sorted().map { base.appendingPathComponent($0).path }
            } else if path.hasSuffix(".layout.json") {
                found.append(path)
            } else {
                let url = URL(fileURLWithPath: path)
                let candidate = url.deletingPathExtension().appendingPathExtension("layout.json").path
                guard fm.fileExists(atPath: candidate) else {
                    throw LoadError(.noLayout, file: path, line: 0, column: 0,
                                    "no layout for this file: write \(display(candidate)) to say how its columns map (see Datasets/LAYOUTS.md)")
                }
                found.append(candidate)
            }
        }
        var seen: Set<String> = []
        var out: [LayoutFile] = []
        for lp in found where seen.insert(URL(fileURLWithPath: lp).standardizedFileURL.path).inserted {
            let layout = try Layout.read(path: display(lp))
            if layout.isSynthetic && !includeSynthetic { continue }
            let data = URL(fileURLWithPath: lp).deletingLastPathComponent().appendingPathComponent(layout.file).path
            out.append(LayoutFile(layout: layout, layoutPath: lp, dataPath: data, display: display(data)))
        }
        // Kinds load in dependency order; within a kind, real files before synthetic, then by name.
        return out.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            if x.layout.kind != y.layout.kind { return x.layout.kind < y.layout.kind }
            if x.layout.isSynthetic != y.layout.isSynthetic { return !x.layout.isSynthetic }
            if (x.layout.order ?? 50) != (y.layout.order ?? 50) { return (x.layout.order ?? 50) < (y.layout.order ?? 50) }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// A path as a person would type it: relative to the working directory when inside it.
    static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let abs = URL(fileURLWithPath: path).standardizedFileURL.path
        if abs.hasPrefix(cwd + "/") { return String(abs.dropFirst(cwd.count + 1)) }
        return abs
    }

    /// Loads `files` into the database at `target`. With `rebuild` the database is built anew
    /// from these files alone; otherwise they are added to the existing one, a file already
    /// loaded under the same name replacing its earlier rows. `log` hears about waiting for
    /// another load.
    /// `mkdir -p` for the database's folder, failing in civic's words with the system's reason.
    static func makeFolders(_ folder: String, for target: String) throws {
        var path = ""
        for part in folder.split(separator: "/", omittingEmptySubsequences: false) {
            path += path.isEmpty && part.isEmpty ? "/" : (path.hasSuffix("/") || path.isEmpty ? "" : "/") + part
            guard !part.isEmpty, mkdir(path, 0o755) != 0 else { continue }
            let code = errno
            var info = stat()
            if code == EEXIST, stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { continue }
            throw LoadError(.cannotReplaceDatabase, file: target, line: 0, column: 0,
                            "cannot make the folder \(path): \(SystemFailure.reason(errno: code == EEXIST ? ENOTDIR : code))")
                .refused(SystemFailure(errno: code == EEXIST ? ENOTDIR : code, creating: true))
        }
    }

    public static func load(_ files: [LayoutFile], into target: String, rebuild: Bool,
                            meta: [String: String] = [:],
                            progress: ((String, Int) -> Void)? = nil,
                            shownAs: String? = nil, spool: PaymentSpool? = nil,
                            log: (String) -> Void = { _ in }) throws -> [SourceSummary] {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue {
            throw LoadError(.cannotReplaceDatabase, file: target, line: 0, column: 0, "it is a folder, not a database file")
                .refused(.cannotCreate)
        }
        try makeFolders(URL(fileURLWithPath: target).deletingLastPathComponent().path, for: target)
        // A source is known by its file's name (sources.file): two files of one name in one load
        // would share a source row, so it is refused.
        var names: [String: String] = [:]
        for f in files {
            let name = URL(fileURLWithPath: f.dataPath).lastPathComponent
            if let other = names[name] {
                throw LoadError(.duplicateFileName, file: f.display, line: 0, column: 0,
                                "another file of this load has the same name (\(other)): sources are known by their file names, so rename one")
            }
            names[name] = f.display
        }
        let lock = try LoadLock.acquire(for: target, waiting: log)
        defer { withExtendedLifetime(lock) {} }
        removeLeftovers(of: target)
        let timer = PhaseTimer()
        defer { timer.report() }
        if rebuild || !fm.fileExists(atPath: target) {
            return try buildBeside(files, target: target, shownAs: shownAs ?? target, spool: spool, meta: meta, progress: progress, timer: timer)
        }
        return try addInPlace(files, target: target, shownAs: shownAs ?? target, spool: spool, meta: meta, progress: progress, timer: timer)
    }

    /// Removes what a killed build left beside the target (`.NAME.load-PID.tmp`). Called with
    /// the lock held, so no other build is running.
    static func removeLeftovers(of target: String) {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: target)
        let dir = url.deletingLastPathComponent()
        let prefix = "." + url.lastPathComponent + ".load-"
        for item in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
        where item.hasPrefix(prefix) && (item.hasSuffix(".tmp") || item.hasSuffix(".tmp-journal")) {
            try? fm.removeItem(at: dir.appendingPathComponent(item))
        }
    }

    /// Settings for a connection that writes a load. A modest page cache: the big tables' pages
    /// are written once and not read again, and SQLite's sorter (CREATE INDEX) spills to
    /// temporary files rather than holding whole indexes in memory.
    static func bulkSettings(_ db: Database) throws {
        try db.execute("PRAGMA cache_size = -\(cacheKiB); PRAGMA foreign_keys = OFF")
    }

    /// Page cache of a loading connection, in KiB.
    static let cacheKiB = Int(ProcessInfo.processInfo.environment["CIVIC_LOAD_CACHE_KIB"] ?? "") ?? 12288
    /// Page cache while the deferred indexes are built, in KiB.
    static let indexCacheKiB = Int(ProcessInfo.processInfo.environment["CIVIC_INDEX_CACHE_KIB"] ?? "") ?? 2000
    /// Helper threads SQLite's sorter may use to build indexes: one fewer than the cores this
    /// process may run on (none when pinned to one core, where helpers only add switching).
    static let sorterThreads = Int(ProcessInfo.processInfo.environment["CIVIC_LOAD_SORTER_THREADS"] ?? "")
        ?? max(0, min(3, usableCores() - 1))

    /// The cores this process may run on (its CPU affinity, as `taskset` sets it).
    /// Linux says it in /proc/self/status as a hex mask ("Cpus_allowed: 3" is cores 0 and 1).
    static func usableCores() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else {
            return ProcessInfo.processInfo.activeProcessorCount
        }
        let bits = line.dropFirst("Cpus_allowed:".count).reduce(0) { n, c in n + (c.hexDigitValue?.nonzeroBitCount ?? 0) }
        return max(1, bits)
    }

    /// A new database, written beside the target and renamed into place.
    static func buildBeside(_ files: [LayoutFile], target: String, shownAs: String, spool: PaymentSpool?, meta: [String: String],
                            progress: ((String, Int) -> Void)?, timer: PhaseTimer) throws -> [SourceSummary] {
        let fm = FileManager.default
        let targetURL = URL(fileURLWithPath: target)
        let dir = targetURL.deletingLastPathComponent()
        let prefix = "." + targetURL.lastPathComponent + ".load-"
        let tmp = dir.appendingPathComponent("\(prefix)\(getpid()).tmp").path
        try? fm.removeItem(atPath: tmp)
        defer { try? fm.removeItem(atPath: tmp); try? fm.removeItem(atPath: tmp + "-journal") }
        let summaries: [SourceSummary]
        do {
            let db = try Database(path: tmp)
            // No rollback journal: the file being written is private and deleted if anything fails.
            try db.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            try Schema.create(on: db)
            try bulkSettings(db)
            timer.mark("open and create the schema")
            summaries = try fill(db, files, target: shownAs, replacing: false, spool: spool, meta: meta, progress: progress, timer: timer)
            try db.execute("PRAGMA journal_mode = DELETE")
        }
        // The connection is closed: make the new file durable, then swap it in.
        let fd = open(tmp, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
        guard rename(tmp, target) == 0 else {
            let code = errno
            throw LoadError(.cannotReplaceDatabase, file: target, line: 0, column: 0, "cannot replace the database: \(SystemFailure.reason(errno: code))")
                .refused(SystemFailure(errno: code, creating: true))
        }
        let dfd = open(dir.path, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
        timer.mark("sync and rename into place")
        return summaries
    }

    /// Files added to an existing database, in place, in one transaction.
    static func addInPlace(_ files: [LayoutFile], target: String, shownAs: String, spool: PaymentSpool?, meta: [String: String],
                           progress: ((String, Int) -> Void)?, timer: PhaseTimer) throws -> [SourceSummary] {
        let db: Database
        do {
            db = try Database(path: target, create: false)
            guard case .integer(let v) = try db.scalar("PRAGMA user_version"), v == Schema.version else {
                throw LoadError(.otherSchemaVersion, file: target, line: 0, column: 0,
                                "the database has another schema version: rebuild it with `civic load`")
            }
        } catch let e as StorageError {
            throw LoadError(.cannotOpenDatabase, file: target, line: 0, column: 0, "cannot open the database: \(e)")
                .refused(e.systemFailure)
        }
        // The commit waits for readers to finish (a query reading while the load runs); the
        // lock file already keeps other loads out.
        db.setBusyTimeout(milliseconds: 600_000)
        try db.execute("PRAGMA journal_mode = DELETE; PRAGMA synchronous = NORMAL")
        try bulkSettings(db)
        timer.mark("open")
        let summaries = try fill(db, files, target: shownAs, replacing: true, spool: spool, meta: meta, progress: progress, timer: timer)
        timer.mark("commit")
        return summaries
    }

    /// Everything a load writes, in one transaction on `db`: replaced files' rows out, each file's
    /// rows in, keys checked, deferred indexes built, statistics for the planner. `target` is
    /// the database as messages name it.
    static func fill(_ db: Database, _ files: [LayoutFile], target: String, replacing: Bool, spool: PaymentSpool? = nil, meta: [String: String],
                     progress: ((String, Int) -> Void)?, timer: PhaseTimer) throws -> [SourceSummary] {
        var summaries: [SourceSummary] = []
        try db.transaction {
            let ctx = LoadContext(db: db)
            ctx.paymentSpool = spool
            // A working file that is only copied to a server (PostgresLoad, which gives a spool
            // for the payments) needs no indexes the load dropped: the server builds its own.
            let forCopy = spool != nil
            ctx.progress = progress
            // Files loaded before under the same names go first, while every index is there to
            // find their rows; the keys they held are noted, to be checked at the end.
            var removed = false
            if replacing {
                for f in files {
                    let name = URL(fileURLWithPath: f.dataPath).lastPathComponent
                    if case .integer(let existing) = try db.scalar("SELECT source_id FROM sources WHERE file = ?", [.text(name)]) {
                        try removeSource(existing, name: name, ctx)
                        removed = true
                    }
                }
                timer.mark("remove replaced files' rows")
            }
            let deferred = try deferIndexes(db, for: files)
            // Payments added to a big table whose indexes stay: staged, then inserted in index order.
            let paymentRows = try db.scalar("SELECT coalesce(max(rowid), 0) FROM payments").int ?? 0
            ctx.stagePayments = !deferred.contains { $0.table == "payments" } && paymentRows >= stagingThreshold
            // Institutions declared by layouts come first among institutions.
            var declaredDone = false
            for f in files {
                if !declaredDone && f.layout.kind >= .institutions {
                    declaredDone = true
                    try loadDeclared(files, ctx)
                }
                summaries.append(try loadOne(f, ctx))
                timer.mark("load \(f.display)")
            }
            if !declaredDone { try loadDeclared(files, ctx) }
            if !ctx.sink.isEmpty { throw LoadFailure(errors: ctx.sink.errors, total: ctx.sink.total) }
            try settle(db)
            timer.mark("place institutions by postcode, settle who was elected")
            // SQLite's sorter sizes its runs by the page cache: measured, its default 2 MB builds
            // these indexes faster than a big cache does, and in a fraction of the memory.
            if !deferred.isEmpty { try db.execute("PRAGMA cache_size = -\(indexCacheKiB); PRAGMA threads = \(sorterThreads)") }
            for d in deferred where !forCopy { try db.execute(d.sql) }
            timer.mark("build the deferred indexes")
            // Every key a new row holds was resolved against the loaded keys as it was read (see
            // LoadContext), so only the rows of other files that pointed at replaced rows can
            // dangle: those are checked, by the keys the replaced files held.
            if removed {
                for b in try danglingReferences(db) {
                    ctx.sink.add(LoadError(.danglingReference, file: target, line: 0, column: 0,
                                           "\(b) (a replaced file's rows are still referred to by other files: rebuild with `civic load`)"))
                }
                timer.mark("check the keys replaced files held")
                if !ctx.sink.isEmpty { throw LoadFailure(errors: ctx.sink.errors, total: ctx.sink.total) }
            }
            let now = ISO8601DateFormatter().string(from: Date())
            for (k, v) in meta.merging(["built_at": now, "schema_version": String(Schema.version)], uniquingKeysWith: { a, _ in a }) {
                try ctx.run("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [.text(k), .text(v)])
            }
            // Statistics for the query planner, from a sample of each index: enough to choose
            // plans, and quick however big the database grows.
            if !forCopy { try db.execute("PRAGMA analysis_limit = 1000; ANALYZE") }
            timer.mark("analyze")
        }
        return summaries
    }

    /// The institutions the files' layouts declare themselves, each under its file's source row.
    static func loadDeclared(_ files: [LayoutFile], _ ctx: LoadContext) throws {
        try ctx.prepare(for: .institutions)
        for g in files where g.layout.declare != nil {
            try KindLoaders.declared(g.layout, display: g.display, source: try sourceRow(g, ctx), ctx)
        }
    }

    /// Rows a payments table must hold before added payments are staged (see `KindLoaders.payments`).
    static let stagingThreshold: Int64 = 50_000

    /// The big tables and the kinds of file that fill them.
    static let bulkTables: [(table: String, kind: Layout.Kind)] = [
        ("payments", .payments), ("roles", .roles), ("people", .roles), ("budgets", .outturn),
    ]

    /// Drops the secondary indexes of the big tables these files will fill, and returns the SQL
    /// that builds them again once at the end of the load: sorting every row once is far faster
    /// than keeping an index up to date row by row. Only where the new rows are many beside the
    /// rows already there (a rebuild, a national file), since a rebuild sorts the old rows too;
    /// a small file added to a big database keeps the indexes. Unique indexes stay: they are keys.
    static func deferIndexes(_ db: Database, for files: [LayoutFile]) throws -> [(table: String, sql: String)] {
        var rebuild: [(table: String, sql: String)] = []
        for (table, kind) in bulkTables {
            let bytes = files.filter { $0.layout.kind == kind }.reduce(0) { total, f in
                total + ((try? FileManager.default.attributesOfItem(atPath: f.dataPath)[.size] as? Int) ?? 0)
            }
            guard bytes > 0 else { continue }
            let existing = try db.scalar("SELECT coalesce(max(rowid), 0) FROM \(table)").int ?? 0
            // About 64 bytes a row or more in every file civic reads: an over-estimate of new rows.
            guard existing == 0 || Int64(bytes / 64) > existing / 2 else { continue }
            for r in try db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name = ? ORDER BY name", [.text(table)]) {
                guard let name = r[0].string, let sql = r[1].string else { continue }
                try db.execute("DROP INDEX \"\(name)\"")
                rebuild.append((table, sql))
            }
        }
        return rebuild
    }

    /// What follows from the files together, worked out again after every load: institutions
    /// with a postcode and no area of their own are placed where the postcode lookup puts that
    /// postcode (its ward, else its council area), and a candidacy whose file does not say
    /// whether it won is elected when a councillor result of the same person, ward and day is
    /// loaded (not elected when that ward's results of the day are loaded without them; unknown
    /// otherwise).
    static func settle(_ db: Database) throws {
        try db.execute("""
            UPDATE institutions SET area_id = NULL, area_from = NULL, area_source_id = NULL WHERE area_from = 'postcode';
            UPDATE institutions
               SET area_id = (SELECT coalesce(p.ward_id, p.council_id) FROM postcodes p
                               WHERE p.postcode_norm = upper(replace(trim(institutions.postcode), ' ', ''))),
                   area_source_id = (SELECT p.source_id FROM postcodes p
                                      WHERE p.postcode_norm = upper(replace(trim(institutions.postcode), ' ', ''))),
                   area_from = 'postcode'
             WHERE area_id IS NULL AND postcode IS NOT NULL
               AND EXISTS (SELECT 1 FROM postcodes p WHERE p.postcode_norm = upper(replace(trim(institutions.postcode), ' ', ''))
                                                       AND coalesce(p.ward_id, p.council_id) IS NOT NULL);
            UPDATE candidacies
               SET elected = CASE
                     WHEN EXISTS (SELECT 1 FROM roles r WHERE r.ward_id = candidacies.ward_id AND r.role = 'councillor'
                                    AND r.start_date = candidacies.election_date AND r.person_id = candidacies.person_id) THEN 1
                     WHEN EXISTS (SELECT 1 FROM roles r WHERE r.ward_id = candidacies.ward_id AND r.role = 'councillor'
                                    AND r.start_date = candidacies.election_date) THEN 0
                   END,
                   elected_from = 'councillors'
             WHERE elected_from IS NOT 'file';
            """)
    }

    /// The `sources` row of a file in this load, created on first use; its `sha256` is filled
    /// in as the file is read (`loadOne`). (Rows of a file loaded
    /// before under the same name were removed at the start of the load, so one found here was
    /// made by this load: a layout's declared institutions come before its rows.)
    static func sourceRow(_ f: LayoutFile, _ ctx: LoadContext) throws -> Int64 {
        let name = URL(fileURLWithPath: f.dataPath).lastPathComponent
        if case .integer(let existing) = try ctx.db.scalar("SELECT source_id FROM sources WHERE file = ?", [.text(name)]) {
            return existing
        }
        let s = f.layout.source
        var payer: Int64?
        if f.layout.kind == .payments, let ref = f.layout.constants?["payer"] { payer = ctx.institutions[ref] }
        let now = ISO8601DateFormatter().string(from: Date())
        return try ctx.insert("""
            INSERT INTO sources(file, kind, title, publisher, licence, period_start, period_end, retrieved, url, sha256, synthetic, payer_id, loaded_at)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(name), .text(f.layout.kind.rawValue), .text(s.title), .text(s.publisher), .text(s.licence),
                  .text(s.periodStart), .text(s.periodEnd), .text(s.retrieved), .text(s.url), .text(""),
                  .integer(f.layout.isSynthetic ? 1 : 0), .int(payer), .text(now)])
    }

    /// The tables other rows refer to by key, and their keys.
    static let referencedKeys: [(table: String, key: String)] = [
        ("areas", "area_id"), ("institutions", "institution_id"), ("people", "person_id"),
        ("categories", "category_id"), ("suppliers", "supplier_id"), ("parties", "party_id"),
    ]

    /// Deletes every row an earlier load of the same file wrote, children first, noting the keys
    /// it held in `temp.removed_keys` for `danglingReferences`.
    static func removeSource(_ id: Int64, name: String, _ ctx: LoadContext) throws {
        do {
            try ctx.db.execute("CREATE TEMP TABLE IF NOT EXISTS removed_keys(tbl TEXT NOT NULL, key NOT NULL)")
            for (table, key) in referencedKeys {
                try ctx.run("INSERT INTO temp.removed_keys SELECT '\(table)', \(key) FROM \(table) WHERE source_id = ?", [.integer(id)])
            }
            try ctx.run("INSERT INTO temp.removed_keys VALUES ('sources', ?)", [.integer(id)])
            for table in Schema.totals + ["payments", "budgets", "candidacies", "roles", "extra_fields", "postcodes", "party_labels", "category_aliases",
                                          "area_links", "people", "institutions", "parties", "categories", "areas"] {
                try ctx.run("DELETE FROM \(table) WHERE source_id = ?", [.integer(id)])
            }
            // A supplier first named by this file stays if other files' payments still name it.
            try ctx.run("DELETE FROM suppliers WHERE source_id = ? AND supplier_id NOT IN (SELECT supplier_id FROM payments)", [.integer(id)])
            try ctx.run("UPDATE suppliers SET source_id = (SELECT p.source_id FROM payments p WHERE p.supplier_id = suppliers.supplier_id ORDER BY p.source_id, p.source_line LIMIT 1), source_line = (SELECT p.source_line FROM payments p WHERE p.supplier_id = suppliers.supplier_id ORDER BY p.source_id, p.source_line LIMIT 1) WHERE source_id = ?", [.integer(id)])
            try ctx.run("UPDATE areas SET population = NULL, population_source_id = NULL WHERE population_source_id = ?", [.integer(id)])
            try ctx.run("DELETE FROM sources WHERE source_id = ?", [.integer(id)])
        } catch let e as StorageError {
            throw LoadError(.danglingReference, file: name, line: 0, column: 0,
                            "cannot replace this file's rows, other files refer to them (\(e.message)): rebuild with `civic load`")
        }
        // The in-memory indexes must forget what was deleted.
        ctx.forgetKeys()
    }

    /// Rows that refer to a key a replaced file held and no file of this load gave back: for
    /// each foreign key of the schema whose parent lost rows, the children holding one of the
    /// lost keys that no longer resolves. Reads by the children's indexes, not whole tables.
    static func danglingReferences(_ db: Database) throws -> [String] {
        var out: [String] = []
        let tables = try db.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").compactMap { $0[0].string }
        for child in tables {
            for fk in try db.rows("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?)", [.text(child)]) {
                guard let parent = fk[0].string, let from = fk[1].string, let to = fk[2].string else { continue }
                let sql = """
                    SELECT c."\(from)" FROM "\(child)" c
                    WHERE c."\(from)" IN (SELECT key FROM temp.removed_keys WHERE tbl = ?)
                      AND NOT EXISTS (SELECT 1 FROM "\(parent)" p WHERE p."\(to)" = c."\(from)")
                    LIMIT \(LoadFailure.listed)
                    """
                for r in try db.rows(sql, [.text(parent)]) {
                    out.append("a row of \(child) refers to \(parent) \(to) \(r[0]), which is gone")
                }
            }
        }
        return out
    }

    static func loadOne(_ f: LayoutFile, _ ctx: LoadContext) throws -> SourceSummary {
        try ctx.prepare(for: f.layout.kind)
        let source = try sourceRow(f, ctx)
        let reader: LayoutReader
        do {
            reader = try LayoutReader(layout: f.layout, path: f.dataPath, display: f.display,
                                      required: KindLoaders.requiredFields(f.layout.kind), digest: SHA256())
            try KindLoaders.load(reader, source: source, ctx: ctx)
        } catch let e as LoadError {
            ctx.sink.add(e)
            return SourceSummary(file: f.display, kind: f.layout.kind.rawValue, synthetic: f.layout.isSynthetic,
                                 read: 0, loaded: 0, repaired: 0, skipped: 0, rejected: 0)
        }
        if f.layout.kind == .payments, let ref = f.layout.constants?["payer"], let payer = ctx.institutions[ref] {
            try ctx.run("UPDATE sources SET payer_id = ? WHERE source_id = ?", [.integer(payer), .integer(source)])
        }
        // The hash of exactly the bytes the rows came from, or an error if the file changed meanwhile.
        let sha: String
        do {
            guard let digest = try reader.finishDigest() else {
                throw LoadError(.bug, file: f.display, line: 0, column: 0, "internal error: the file was read without its digest")
            }
            sha = digest
        } catch let e as LoadError {
            ctx.sink.add(e)
            return SourceSummary(file: f.display, kind: f.layout.kind.rawValue, synthetic: f.layout.isSynthetic,
                                 read: reader.read, loaded: reader.loaded, repaired: reader.repaired,
                                 skipped: reader.skipped, rejected: reader.rejected)
        }
        try ctx.run("UPDATE sources SET sha256 = ?, rows_read = ?, rows_loaded = ?, rows_repaired = ?, rows_skipped = ?, rows_rejected = ? WHERE source_id = ?",
                    [.text(sha), .int(reader.read), .int(reader.loaded), .int(reader.repaired), .int(reader.skipped), .int(reader.rejected), .integer(source)])
        return SourceSummary(file: f.display, kind: f.layout.kind.rawValue, synthetic: f.layout.isSynthetic,
                             read: reader.read, loaded: reader.loaded, repaired: reader.repaired,
                             skipped: reader.skipped, rejected: reader.rejected)
    }
}
