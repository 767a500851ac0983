import CivicProfile
import CivicQuery
import CivicStorage

/// The formats a network is written in: Graphviz's DOT, and GraphML (Gephi, yEd, Cytoscape).
public enum NetworkFormat: String, CaseIterable, Sendable {
    case dot, graphml

    /// The format a file name's extension asks for (`ward.gv` → dot), if any.
    public static func from(fileName: String) -> NetworkFormat? {
        guard fileName.contains(".") else { return nil }
        switch fileName.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "dot", "gv": return .dot
        case "graphml": return .graphml
        default: return nil
        }
    }
}

/// A network as DOT or GraphML. Both begin with the civic queries the graph was read from and
/// the sources cited, and mark every node and edge read from the synthetic demo layer: DOT
/// draws them dashed, GraphML gives them `synthetic` true. Nodes and edges come in the
/// network's order, so the same data gives the same file.
public enum NetworkWriter {
    public static func write(_ n: Network, _ format: NetworkFormat) -> String {
        switch format {
        case .dot: return dot(n)
        case .graphml: return graphml(n)
        }
    }

    /// The header both formats carry, one line each: the title, the queries, the sources,
    /// the notes and what the marks mean.
    static func header(_ n: Network) -> [String] {
        let count = { (n: Int, one: String, many: String) in "\(n) \(n == 1 ? one : many)" }
        let bodies = n.nodes.filter { $0.kind == .body }.count, people = n.nodes.count - bodies
        var lines = ["civic network: \(n.title)",
                     "\(count(bodies, "body", "bodies")), \(count(people, "person", "people")), \(count(n.edges.count, "office", "offices")) (person -> body)",
                     "",
                     "Built from these civic queries; civic query '<query>' runs one again, civic network --explain prints their SQL:"]
        for q in n.queries {
            lines.append("  \(q.number). \(q.query)  (\(count(q.rows.count, "row", "rows")))")
        }
        lines.append("")
        lines.append("Sources:")
        if n.sources.isEmpty { lines.append("  (none)") }
        for s in n.sources {
            var parts = [s.file, s.title, s.publisher]
            if !s.licence.isEmpty { parts.append(s.licence) }
            if let url = s.url, !url.isEmpty { parts.append(url) }
            lines.append("  " + parts.filter { !$0.isEmpty }.joined(separator: ", ") + (s.synthetic ? " [SYNTHETIC demo data, not real]" : ""))
        }
        if !n.notes.isEmpty {
            lines.append("")
            lines.append("Notes:")
            lines += n.notes.map { "  " + $0 }
        }
        lines.append("")
        lines.append("Synthetic: a node or office whose row draws on the synthetic demo layer (generated for demonstration, not real data) is marked synthetic, and its origin says whether it is synthetic alone or mixed with real data; every other one is real data.")
        return lines
    }

    // MARK: DOT

    /// A directed graph, person -> body: bodies as boxes, people as ellipses, synthetic ones
    /// dashed. The header is `//` comments; the graph's own label says what dashed means.
    public static func dot(_ n: Network) -> String {
        var out = header(n).map { $0.isEmpty ? "//" : "// " + oneLine($0) }.joined(separator: "\n") + "\n"
        out += "// Drawn: bodies are boxes, people ellipses; dashed nodes and edges are synthetic demo data, solid ones real.\n"
        out += "digraph \(dotQuoted("civic network")) {\n"
        let legend = "\(n.title)\nsolid: real data; dashed: synthetic demo data (not real)"
        out += "  graph [label=\(dotQuoted(legend)), labelloc=t, rankdir=LR, overlap=false];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=10];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=8];\n"
        for node in n.nodes {
            var a = ["label=\(dotQuoted(node.label))", "shape=\(node.kind == .body ? "box" : "ellipse")",
                     "kind=\(dotQuoted(node.kind.rawValue))"]
            if let k = node.bodyKind { a.append("body_kind=\(dotQuoted(k))") }
            a.append("synthetic=\(node.synthetic ? "true" : "false")")
            a.append("origin=\(dotQuoted(origin(node.origin)))")
            if node.synthetic { a.append("style=dashed") }
            if let s = node.source { a.append("source=\(dotQuoted(s))") }
            a.append("tooltip=\(dotQuoted(tooltip(node)))")
            out += "  \(dotQuoted(node.id)) [\(a.joined(separator: ", "))];\n"
        }
        for e in n.edges {
            var a = ["label=\(dotQuoted(e.label))", "role=\(dotQuoted(e.role))"]
            if let d = e.detail { a.append("detail=\(dotQuoted(d))") }
            if let s = e.start { a.append("start=\(dotQuoted(s))") }
            if let s = e.end { a.append("end=\(dotQuoted(s))") }
            a.append("synthetic=\(e.synthetic ? "true" : "false")")
            a.append("origin=\(dotQuoted(origin(e.origin)))")
            if e.synthetic { a.append("style=dashed") }
            if let s = e.source { a.append("source=\(dotQuoted(s))") }
            out += "  \(dotQuoted(e.from)) -> \(dotQuoted(e.to)) [\(a.joined(separator: ", "))];\n"
        }
        return out + "}\n"
    }

    /// A DOT quoted string: `"` and `\` escaped, line breaks as `\n` (a label's line break),
    /// other control characters left out.
    static func dotQuoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r", "\t": out += " "
            default:
                if ch.value < 0x20 || ch.value == 0x7F { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    /// A comment's text on one line.
    static func oneLine(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    static func origin(_ o: RowOrigin) -> String {
        switch o {
        case .real: return "real"
        case .synthetic: return "synthetic"
        case .mixed: return "mixed"
        }
    }

    static func tooltip(_ node: NetworkNode) -> String {
        var t = node.label + (node.bodyKind.map { " (\($0))" } ?? "")
        switch node.origin {
        case .real: break
        case .synthetic: t += ": synthetic demo data"
        case .mixed: t += ": real and synthetic demo data"
        }
        return t
    }

    // MARK: GraphML

    /// GraphML with declared keys (a node's kind, label, body kind; an office's role, label,
    /// detail, start, end; synthetic, origin and source file for both), which Gephi opens.
    /// The header is an XML comment and, exactly, the graph's `desc`.
    public static func graphml(_ n: Network) -> String {
        let head = header(n)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<!--\n" + head.map { xmlComment($0) }.joined(separator: "\n") + "\n-->\n"
        out += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
        out += " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
        let keys: [(id: String, for: String, name: String, type: String, desc: String)] = [
            ("label", "node", "label", "string", "the name as published"),
            ("kind", "node", "kind", "string", "body or person"),
            ("body_kind", "node", "body_kind", "string", "a body's kind: school, council …"),
            ("synthetic", "node", "synthetic", "boolean", "true when the node's row draws on the synthetic demo layer (not real data)"),
            ("origin", "node", "origin", "string", "real, synthetic, or mixed (real and synthetic sources)"),
            ("source", "node", "source", "string", "the file the row came from"),
            ("e_label", "edge", "label", "string", "the office: its role, and detail where given"),
            ("role", "edge", "role", "string", "the office: councillor, governor, trustee …"),
            ("detail", "edge", "detail", "string", "committee or other detail"),
            ("start", "edge", "start", "string", "when the office began, where known (YYYY-MM-DD)"),
            ("end", "edge", "end", "string", "when it ended, where known; empty while current"),
            ("e_synthetic", "edge", "synthetic", "boolean", "true when the office's row draws on the synthetic demo layer (not real data)"),
            ("e_origin", "edge", "origin", "string", "real, synthetic, or mixed (real and synthetic sources)"),
            ("e_source", "edge", "source", "string", "the file(s) the office's rows came from"),
        ]
        for k in keys {
            out += "  <key id=\"\(k.id)\" for=\"\(k.for)\" attr.name=\"\(k.name)\" attr.type=\"\(k.type)\">"
            out += "<desc>\(xml(k.desc))</desc>"
            if k.type == "boolean" { out += "<default>false</default>" }
            out += "</key>\n"
        }
        out += "  <graph id=\"civic-network\" edgedefault=\"directed\">\n"
        out += "    <desc>\(xml(head.joined(separator: "\n")))</desc>\n"
        func data(_ key: String, _ value: String?) -> String {
            guard let value else { return "" }
            return "<data key=\"\(key)\">\(xml(value))</data>"
        }
        for node in n.nodes {
            out += "    <node id=\"\(xml(node.id))\">" + data("label", node.label) + data("kind", node.kind.rawValue)
                + data("body_kind", node.bodyKind) + data("synthetic", node.synthetic ? "true" : "false")
                + data("origin", origin(node.origin)) + data("source", node.source) + "</node>\n"
        }
        for (i, e) in n.edges.enumerated() {
            out += "    <edge id=\"e\(i + 1)\" source=\"\(xml(e.from))\" target=\"\(xml(e.to))\">" + data("e_label", e.label)
                + data("role", e.role) + data("detail", e.detail) + data("start", e.start) + data("end", e.end)
                + data("e_synthetic", e.synthetic ? "true" : "false") + data("e_origin", origin(e.origin))
                + data("e_source", e.source) + "</edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return out
    }

    /// Text for XML content or an attribute: the five markup characters escaped, line breaks
    /// and tabs as character references, and characters XML 1.0 cannot hold at all replaced.
    static func xml(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default:
                if !allowedInXML(ch) { out += "\u{FFFD}"; continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// XML 1.0's Char production: tab, line feed, carriage return, and from U+0020 up, less
    /// the surrogates and U+FFFE and U+FFFF.
    static func allowedInXML(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// A line of an XML comment, which may not hold `--` nor end in `-`: each hyphen that
    /// would make one is followed by a space (the graph's `desc` holds the text exactly).
    static func xmlComment(_ line: String) -> String {
        var out = ""
        for ch in oneLine(line).unicodeScalars {
            if !allowedInXML(ch) { out += "\u{FFFD}"; continue }
            if ch == "-" && out.hasSuffix("-") { out += " " }
            out.unicodeScalars.append(ch)
        }
        if out.hasSuffix("-") { out += " " }
        return out.isEmpty ? "" : "  " + out
    }
}
