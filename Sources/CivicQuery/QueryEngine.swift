import CivicDiagnostics
import CivicStorage

/// The query pipeline in one place: lexer → parser → checker → SQL compiler → rows.
public enum QueryEngine {
    /// Compiles query text against a database (names resolve against it).
    public static func compile(_ source: String, db: Database) throws -> CompiledQuery {
        let checker = try Checker(db: db)
        let query = try Parser.parse(source, subjects: checker.knownSubjects)
        return try SQLCompiler.compile(try checker.check(query))
    }

    /// A result: visible columns, rows of values, which rows drew on synthetic data, and every
    /// source the rows drew on.
    public struct Result: Sendable {
        public var columns: [ColumnInfo]
        public var rows: [[Value]]
        public var synthetic: [Bool]
        public var chart: Bool
        public var resolutions: [String]
        public var sources: Set<Int64>
        /// Rows that drew on real and synthetic sources at once (a real budget beside demo spending).
        public var mixedRows = 0

        public var syntheticRows: Int { synthetic.filter { $0 }.count }

        public init(columns: [ColumnInfo], rows: [[Value]], synthetic: [Bool], chart: Bool, resolutions: [String], sources: Set<Int64>) {
            self.columns = columns
            self.rows = rows
            self.synthetic = synthetic
            self.chart = chart
            self.resolutions = resolutions
            self.sources = sources
        }
    }

    /// What a run saw: the sources its rows drew on.
    public final class Provenance {
        public private(set) var sources: Set<Int64> = []
        /// Rows whose sources were both real and synthetic.
        public private(set) var mixedRows = 0
        let synthetic: Set<Int64>

        init(db: Database) throws {
            synthetic = try QueryEngine.syntheticSourceIDs(db: db)
        }

        /// Records a row's source list; true when it includes a synthetic source.
        func record(_ list: String?) -> Bool {
            guard let list else { return false }
            var anySynthetic = false, anyReal = false
            for part in list.split(separator: ",") {
                guard let id = Int64(part) else { continue }
                sources.insert(id)
                if synthetic.contains(id) { anySynthetic = true } else { anyReal = true }
            }
            if anySynthetic && anyReal { mixedRows += 1 }
            return anySynthetic
        }
    }

    /// Runs a compiled query, handing each row to `row` as it is read (so large results stream),
    /// with whether it drew on synthetic rows. Returns the provenance of the whole result.
    @discardableResult
    public static func run(_ compiled: CompiledQuery, db: Database, row: ([Value], Bool) throws -> Void) throws -> Provenance {
        let provenance = try Provenance(db: db)
        let stmt = try db.prepare(compiled.sql)
        try stmt.bind(compiled.parameters)
        let n = compiled.columns.count
        while try stmt.step() {
            var values: [Value] = []
            values.reserveCapacity(n)
            for i in 0..<n { values.append(stmt.value(i)) }
            try row(values, provenance.record(stmt.text(n)))
        }
        return provenance
    }

    /// Runs a compiled query and collects every row.
    public static func execute(_ compiled: CompiledQuery, db: Database) throws -> Result {
        var rows: [[Value]] = []
        var synthetic: [Bool] = []
        let p = try run(compiled, db: db) { r, s in
            rows.append(r)
            synthetic.append(s)
        }
        var result = Result(columns: compiled.columns, rows: rows, synthetic: synthetic, chart: compiled.chart,
                            resolutions: compiled.resolutions, sources: p.sources)
        result.mixedRows = p.mixedRows
        return result
    }
}
