import CivicQuery

/// What a result drew on, to cite beside it: the query and each contributing source.
struct Citation: Sendable {
    /// A source as the citation shows it: the loaded source's record.
    typealias Source = SourceRecord

    var query: String
    var sources: [Source]

    var anySynthetic: Bool { sources.contains { $0.synthetic } }

    static let syntheticWarning = "Warning: this result draws on civic's synthetic demo layer, generated for demonstration. It is not real data and must not be reported as fact."

    /// One source in plain text: publisher, "title", period, licence, where and when, file.
    static func plainLine(_ s: Source) -> String {
        "\(s.publisher), \"\(s.title)\", \(s.period). Licence: \(s.licence).\(s.whereAndWhen) File: \(s.file)\(s.synthetic ? " [SYNTHETIC]" : "")"
    }

    /// Plain text lines: for the table, CSV (on stderr) and the REPL.
    var plainLines: [String] {
        var lines = ["Query: \(query)", "Sources:"]
        if sources.isEmpty { lines.append("  (no rows, so no sources)") }
        for s in sources {
            lines.append("  - " + Self.plainLine(s))
        }
        if anySynthetic { lines.append(Citation.syntheticWarning) }
        return lines
    }
}

extension SourceRecord {
    /// " Retrieved 2022-10-04." and " Found at …." where the layout says so.
    var whereAndWhen: String {
        (retrieved.map { " Retrieved \($0)." } ?? "") + (url.map { " Found at \($0)." } ?? "")
    }

    var period: String {
        switch (periodStart, periodEnd) {
        case let (a?, b?) where a == b: return a
        case let (a?, b?): return "\(a) to \(b)"
        case let (nil, b?): return "to \(b)"
        case let (a?, nil): return "from \(a)"
        default: return "period not stated"
        }
    }
}
