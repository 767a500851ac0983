import CivicQuery
import CivicStorage

/// The `demo` column of the formats that carry rows as columns (CSV, TSV, JSON, JSON Lines,
/// Markdown, HTML, xlsx): a row that draws on the synthetic demo layer says so in a column of its
/// own, never inside a data cell. Its value is `synthetic` for a row drawn from demo data alone,
/// `mixed` for a row that mixes real data with demo data (a real budget beside demo payments),
/// and empty (`null` in JSON) for a row of real data only.
///
/// The column is there whenever the result holds such a row, on every row, and not otherwise. A
/// header is written before the rows, so the rows are held until the first demo row is read or the
/// result ends; a result that reaches `holdLimit` rows with none yet has the column when the
/// database holds the demo layer at all (it may come later), so memory stays bounded.
struct DemoColumn {
    static let name = "demo"
    static let holdLimit = 10_000

    var writer: any ResultWriter
    let columns: [ColumnInfo]
    /// Asked when the rows held reach the limit with no demo row among them.
    let demoLoaded: () -> Bool
    private var held: [[Value]] = []
    private var present: Bool?

    init(writer: any ResultWriter, columns: [ColumnInfo], demoLoaded: @escaping () -> Bool) {
        self.writer = writer
        self.columns = columns
        self.demoLoaded = demoLoaded
    }

    static func value(_ origin: RowOrigin) -> Value {
        switch origin {
        case .real: return .null
        case .synthetic: return .text("synthetic")
        case .mixed: return .text("mixed")
        }
    }

    mutating func row(_ values: [Value], _ origin: RowOrigin) {
        if let present {
            writer.row(present ? values + [Self.value(origin)] : values, synthetic: origin != .real)
            return
        }
        if origin != .real {
            decide(true)
            writer.row(values + [Self.value(origin)], synthetic: true)
            return
        }
        held.append(values)
        if held.count >= Self.holdLimit { decide(demoLoaded()) }
    }

    private mutating func decide(_ withColumn: Bool) {
        present = withColumn
        writer.begin(columns: withColumn ? columns + [ColumnInfo(name: Self.name, type: .text)] : columns)
        for v in held { writer.row(withColumn ? v + [.null] : v, synthetic: false) }
        held = []
    }

    /// Ends the result; true when the column was written.
    @discardableResult
    mutating func end(footer: Footer) -> Bool {
        if present == nil { decide(false) }
        var f = footer
        if present == true { f.marker = "marked in the \(Self.name) column" }
        writer.end(footer: f)
        return present == true
    }
}
