import CivicStorage

/// A loaded source, as a citation or the sources listing shows it.
public struct SourceRecord: Sendable, Equatable {
    public var file: String
    public var kind: String
    public var title: String
    public var publisher: String
    public var licence: String
    public var periodStart: String?
    public var periodEnd: String?
    public var url: String?
    public var retrieved: String?
    public var synthetic: Bool
    public var rowsLoaded: Int64?

    public init(file: String, kind: String = "", title: String, publisher: String, licence: String, periodStart: String?,
                periodEnd: String?, url: String?, retrieved: String? = nil, synthetic: Bool, rowsLoaded: Int64? = nil) {
        self.file = file; self.kind = kind; self.title = title; self.publisher = publisher; self.licence = licence
        self.periodStart = periodStart; self.periodEnd = periodEnd; self.url = url; self.retrieved = retrieved
        self.synthetic = synthetic; self.rowsLoaded = rowsLoaded
    }
}

/// The SQL that reads the `sources` table for front ends, kept with the rest of the query side's
/// SQL so that CivicOutput runs none of its own.
extension QueryEngine {
    static let sourceColumns = "file, kind, title, publisher, licence, period_start, period_end, url, retrieved, synthetic, rows_loaded"

    static func record(_ st: any ResultRow) -> SourceRecord {
        SourceRecord(file: st.text(0) ?? "", kind: st.text(1) ?? "", title: st.text(2) ?? "", publisher: st.text(3) ?? "",
                     licence: st.text(4) ?? "", periodStart: st.text(5), periodEnd: st.text(6), url: st.text(7),
                     retrieved: st.text(8), synthetic: st.int(9) == 1, rowsLoaded: st.isNull(10) ? nil : st.int(10))
    }

    /// The sources with these ids, for a citation: real ones first, then by publisher and file.
    static func sources(ids: Set<Int64>, connection: any Connection) throws -> [SourceRecord] {
        guard !ids.isEmpty else { return [] }
        let sorted = ids.sorted()
        var out: [SourceRecord] = []
        try connection.each("SELECT \(sourceColumns) FROM sources WHERE source_id IN (" + sorted.map { _ in "?" }.joined(separator: ", ")
                    + ") ORDER BY synthetic, publisher, file", sorted.map { .integer($0) }) { out.append(record($0)) }
        return out
    }

    /// Every loaded source, for `civic sources` and `.sources`: real first, then by kind and file.
    static func allSources(connection: any Connection) throws -> [SourceRecord] {
        var out: [SourceRecord] = []
        try connection.each("SELECT \(sourceColumns) FROM sources ORDER BY synthetic, kind, file") { out.append(record($0)) }
        return out
    }

    /// The ids of the synthetic sources (the demo layer), to mark the rows that draw on them.
    static func syntheticSourceIDs(connection: any Connection) throws -> Set<Int64> {
        var out: Set<Int64> = []
        try connection.each("SELECT source_id FROM sources WHERE synthetic = 1") { out.insert($0.int(0)) }
        return out
    }
}
