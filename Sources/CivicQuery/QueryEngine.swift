import CivicDiagnostics
import CivicStorage

/// The query pipeline in one place, on one connection: lexer → parser → checker → SQL compiler
/// (`prepare`), then rows, provenance, coverage notes and the sources cited (`run`). The front
/// ends hold one of these and no database, so a second engine is a second `Connection`.
public final class QueryEngine {
    let connection: any Connection
    /// The words the database makes known, for completion: read when first asked, then kept.
    private var vocabulary: Vocabulary?
    /// The data version `vocabulary` was read at.
    private var vocabularyVersion: Int64?
    /// What the coverage notes read of the data, kept for the next query on the same version.
    private var coverageCache = CoverageCache()
    /// How long one query may take, from `prepare` to its last row, in seconds; nil for no
    /// limit. A query past it stops with a `StorageError` of kind `.timedOut`.
    public var timeLimit: Double?

    public init(connection: any Connection, timeLimit: Double? = nil) {
        self.connection = connection
        self.timeLimit = timeLimit
    }

    // MARK: one query

    /// Lexes, parses, checks and compiles `text`, resolving its names against what is loaded now
    /// (a fresh checker each time, with the words of the database read again when it has
    /// changed, so a kind or role loaded during a session is known to the next query). Throws the query's `Diagnostic` or `Diagnostics`.
    /// Starts the query's time limit and forgets an earlier Ctrl-C; `run` goes on under it.
    public func prepare(_ text: String) throws -> PreparedQuery {
        connection.startWatch(timeLimit: timeLimit)
        let checker = try Checker(connection: connection, vocabulary: currentVocabulary())
        let checked: CheckedQuery
        do {
            checked = try checker.check(try Parser.parse(text, subjects: checker.knownSubjects))
        } catch where error is Diagnostic || error is Diagnostics {
            // SQL, or a name out of quotes: say so rather than the first symptom.
            if let hint = Hints.check(text) { throw hint }
            throw error
        }
        return PreparedQuery(text: text, checked: checked, compiled: try SQLCompiler.compile(checked, dialect: connection.dialect))
    }

    /// Runs a prepared query, handing each row to `row` as it is read (so a result of millions of
    /// rows streams), with whether it drew on synthetic data. Returns what the whole result drew
    /// on, for the footer and the citation.
    public func run(_ p: PreparedQuery, row: ([Value], Bool) throws -> Void) throws -> RunSummary {
        try runWithOrigin(p) { values, origin in try row(values, origin != .real) }
    }

    /// As `run(_:row:)`, with each row's origin: real, synthetic, or mixing the two.
    public func runWithOrigin(_ p: PreparedQuery, row: ([Value], RowOrigin) throws -> Void) throws -> RunSummary {
        let synthetic = try Self.syntheticSourceIDs(connection: connection)
        syntheticIDs = synthetic
        var provenance = Provenance(synthetic: synthetic)
        // What the notes read of the data is kept while it is unchanged (`prepare` has just read
        // its version).
        if coverageCache.version != vocabularyVersion {
            coverageCache = CoverageCache()
            coverageCache.version = vocabularyVersion
        }
        let coverage = Coverage(p.checked, connection: connection, cache: coverageCache)
        let n = p.columns.count
        var rows = 0, syntheticRows = 0
        try connection.each(p.sql, p.parameters) { r in
            var values: [Value] = []
            values.reserveCapacity(n)
            for i in 0..<n { values.append(r.value(i)) }
            // The column after the visible ones lists the sources the row drew on.
            let origin = provenance.record(r.text(n))
            rows += 1
            if origin != .real { syntheticRows += 1 }
            coverage.observe(values)
            try row(values, origin)
        }
        return RunSummary(rows: rows, syntheticRows: syntheticRows, mixedRows: provenance.mixedRows,
                          notes: coverage.notes(rows: rows),
                          sources: try Self.sources(ids: provenance.sources, connection: connection))
    }

    /// The synthetic sources the running (or last) query saw, read before its first row: so
    /// that a writer asking while rows stream does not need a second statement meanwhile (a
    /// server connection runs one at a time).
    private var syntheticIDs: Set<Int64>?

    /// True when the database holds any source of the synthetic demo layer.
    public func holdsDemoData() -> Bool {
        if let syntheticIDs { return !syntheticIDs.isEmpty }
        return ((try? Self.syntheticSourceIDs(connection: connection)) ?? []).isEmpty == false
    }

    /// Runs `body`, preparing and running a query and reading what it cites, on one view of the
    /// data (on a server, one read-only transaction), even if a load commits meanwhile.
    public func consistently<T>(_ body: () throws -> T) throws -> T { try connection.consistently(body) }

    /// Where the data is: the database file (for refusing to write a result onto it).
    public var databasePath: String { connection.path }

    /// Cancels the statement running on this engine's connection, from another thread (Ctrl-C).
    public var interruptHandle: InterruptHandle { connection.interruptHandle }

    // MARK: what is loaded

    /// Every loaded source, for `civic sources` and `.sources`: real first, then by kind and file.
    public func sources() throws -> [SourceRecord] {
        connection.startWatch(timeLimit: nil)
        return try Self.allSources(connection: connection)
    }

    /// The distinct names of a list, in name order: what completion offers inside quotes.
    public func names(_ list: NameList) throws -> [String] {
        connection.startWatch(timeLimit: nil)
        return try Self.names(list, connection: connection)
    }

    // MARK: words, for completion

    /// Reads the words the database makes known (institution kinds, roles) and keeps them for
    /// `knownSubjects`, `knownKinds` and `family(of:)`. A front end that offers them calls this
    /// first, so that a database they cannot be read from fails at its start, not at a Tab.
    public func loadVocabulary() throws {
        connection.startWatch(timeLimit: nil)
        _ = try currentVocabulary()
    }

    /// The words the database makes known, read again only when the data has changed since
    /// (a kind or role loaded during a session is known to the next query; otherwise a query
    /// does not read them again).
    private func currentVocabulary() throws -> Vocabulary {
        let version = try connection.dataVersion()
        if let vocabulary, vocabularyVersion == version { return vocabulary }
        let v = try Vocabulary(connection: connection)
        vocabulary = v
        vocabularyVersion = version
        return v
    }

    var words: Vocabulary? {
        if vocabulary == nil {
            connection.startWatch(timeLimit: nil)
            _ = try? currentVocabulary()
        }
        return vocabulary
    }

    /// Every subject word the database makes known.
    public var knownSubjects: Set<String> { words?.knownSubjects ?? [] }

    /// Singular kinds usable before a name: institution kinds and area kinds.
    public var knownKinds: [String] { words?.knownKinds ?? [] }

    /// The family a subject's words list, if known.
    public func family(of subject: String) -> Family? { words?.family(of: subject) }
}

/// A query ready to run: checked against what is loaded and compiled to SQL.
public struct PreparedQuery: Sendable {
    /// The query as written, for the citation and the title of a page.
    public let text: String
    let checked: CheckedQuery
    let compiled: CompiledQuery

    /// The SQL the query runs, for `--explain`.
    public var sql: String { compiled.sql }
    /// The values bound to the SQL's parameters, in order.
    public var parameters: [Value] { compiled.parameters }
    /// The result's visible columns.
    public var columns: [ColumnInfo] { compiled.columns }
    /// Whether the query ends in a chart stage.
    public var chart: Bool { compiled.chart }
    /// What each quoted name resolved to, for `--verbose` and the REPL.
    public var resolutions: [String] { compiled.resolutions }
}

/// What a whole result drew on, known once its last row is read: what is written beneath it.
/// What one row of a result drew on: real sources only, the synthetic demo layer only, or both.
public enum RowOrigin: Sendable, Equatable {
    case real, synthetic, mixed
}

public struct RunSummary: Sendable {
    public var rows: Int
    /// Rows that drew on synthetic data (the demo layer).
    public var syntheticRows: Int
    /// Rows that drew on real and synthetic sources at once (a real budget beside demo spending).
    public var mixedRows: Int
    /// What is not loaded for the payer, area or period asked about, so no rows never reads as
    /// no spending (see `Coverage`).
    public var notes: [String]
    /// Every source the rows drew on, real ones first: what a citation lists.
    public var sources: [SourceRecord]
}

/// The sources a run's rows drew on, gathered row by row.
struct Provenance {
    /// The ids of the synthetic sources, to tell which rows draw on them.
    let synthetic: Set<Int64>
    private(set) var sources: Set<Int64> = []
    /// Rows whose sources were both real and synthetic.
    private(set) var mixedRows = 0

    init(synthetic: Set<Int64>) { self.synthetic = synthetic }

    /// Records a row's source list (ids separated by commas) and says what the row drew on.
    mutating func record(_ list: String?) -> RowOrigin {
        guard let list else { return .real }
        var anySynthetic = false, anyReal = false
        for part in list.split(separator: ",") {
            guard let id = Int64(part) else { continue }
            sources.insert(id)
            if synthetic.contains(id) { anySynthetic = true } else { anyReal = true }
        }
        if anySynthetic && anyReal { mixedRows += 1 }
        return anySynthetic ? (anyReal ? .mixed : .synthetic) : .real
    }
}
