import CivicDiagnostics
import CivicStorage

/// The query pipeline in one place: lexer → parser → checker → SQL compiler → rows.
public enum QueryEngine {
    /// Compiles query text against a database (names resolve against it).
    public static func compile(_ source: String, db: Database) throws -> CompiledQuery {
        let checker = try Checker(db: db)
        let query = try Parser.parse(source, subjects: Set(checker.vocabulary.subjects.keys))
        return try SQLCompiler.compile(try checker.check(query))
    }

    /// A result: visible columns, rows of values, and which rows drew on synthetic data.
    public struct Result: Sendable {
        public var columns: [ColumnInfo]
        public var rows: [[Value]]
        public var synthetic: [Bool]
        public var chart: Bool
        public var resolutions: [String]

        public var syntheticRows: Int { synthetic.filter { $0 }.count }
    }

    /// Runs a compiled query, handing each row to `row` as it is read (so large results stream).
    public static func run(_ compiled: CompiledQuery, db: Database, row: ([Value], Bool) throws -> Void) throws {
        let stmt = try db.prepare(compiled.sql)
        try stmt.bind(compiled.parameters)
        let n = compiled.columns.count
        while try stmt.step() {
            var values: [Value] = []
            values.reserveCapacity(n)
            for i in 0..<n { values.append(stmt.value(i)) }
            try row(values, stmt.int(n) == 1)
        }
    }

    /// Runs a compiled query and collects every row.
    public static func execute(_ compiled: CompiledQuery, db: Database) throws -> Result {
        var rows: [[Value]] = []
        var synthetic: [Bool] = []
        try run(compiled, db: db) { r, s in
            rows.append(r)
            synthetic.append(s)
        }
        return Result(columns: compiled.columns, rows: rows, synthetic: synthetic, chart: compiled.chart, resolutions: compiled.resolutions)
    }
}
