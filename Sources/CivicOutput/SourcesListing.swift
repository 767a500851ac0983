import CivicQuery
import CivicStorage

/// The loaded sources as a result table — file, kind, publisher, licence, period, origin and
/// rows — written through any format: `civic sources` and the REPL's `.sources` share it.
enum SourcesListing {
    static let columns: [ColumnInfo] = [
        ColumnInfo(name: "file", type: .text), ColumnInfo(name: "kind", type: .text),
        ColumnInfo(name: "publisher", type: .text), ColumnInfo(name: "licence", type: .text),
        ColumnInfo(name: "from", type: .date), ColumnInfo(name: "to", type: .date),
        ColumnInfo(name: "origin", type: .text), ColumnInfo(name: "rows", type: .count),
    ]

    /// Writes the loaded sources to `writer`, synthetic ones marked as such.
    static func write(_ sources: [SourceRecord], to writer: inout some ResultWriter) {
        writer.begin(columns: columns)
        for s in sources {
            // The origin column says which are synthetic; no row marker is needed.
            func text(_ t: String?) -> Value { t.map { .text($0) } ?? .null }
            writer.row([.text(s.file), .text(s.kind), .text(s.publisher), .text(s.licence), text(s.periodStart), text(s.periodEnd),
                        .text(s.synthetic ? "synthetic" : "real"), s.rowsLoaded.map { .integer($0) } ?? .null], synthetic: false)
        }
        writer.end(footer: Footer(rows: sources.count, syntheticRows: 0))
    }
}

extension QueryRunner {
    /// The loaded sources in the options' format.
    public func listSources(_ o: Options) -> Outcome {
        prepared(o) { r in
            if o.format == .xlsx && r.bytes == nil { return r.noWorkbookHere() }
            var writer = r.makeWriter(o, title: "sources")
            do {
                SourcesListing.write(try r.engine.sources(), to: &writer)
                return .ok
            } catch {
                return r.report(error, "sources", o)
            }
        }
    }
}
