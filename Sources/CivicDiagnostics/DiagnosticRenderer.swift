/// Draws diagnostics for people: the query line with a caret under the fault, what was expected,
/// and the suggestion; or, for a place in a file, one compiler-style line. Line and column in
/// a query are computed here and only here.
public enum DiagnosticRenderer {
    /// `error: …` then the source line with carets, then `= expected`, `= help` and notes; for a
    /// file location, `file:line:column: …` (just `file: …` for the file as a whole) with what
    /// was expected and found in that line, as every load error is printed.
    public static func render(_ d: Diagnostic, source: String? = nil) -> String {
        var out: [String] = []
        if let loc = d.location {
            let place = loc.line == 0 ? loc.file : "\(loc.file):\(loc.line):\(loc.column)"
            out.append("\(place): \(oneLine(d))")
        } else {
            out.append("error: \(d.message)")
        }
        if let span = d.span, let source {
            let (lineNumber, lineText, column) = locate(span.start, in: source)
            let width = max(1, displayWidth(of: source, from: span.start, to: min(span.end, lineEnd(of: span.start, in: source))))
            let gutter = String(lineNumber)
            let pad = String(repeating: " ", count: gutter.count)
            out.append("\(pad) |")
            out.append("\(gutter) | \(lineText)")
            out.append("\(pad) | \(String(repeating: " ", count: column))\(String(repeating: "^", count: width))")
        }
        if d.location == nil, let detail = expectedAndFound(d) { out.append("  = " + detail) }
        if let s = d.suggestion { out.append("  = help: \(s)") }
        for n in d.notes { out.append("  = note: \(n)") }
        return out.joined(separator: "\n")
    }

    public static func render(_ ds: [Diagnostic], source: String? = nil) -> String {
        ds.map { render($0, source: source) }.joined(separator: "\n\n")
    }

    /// The message with what was expected and found after it, on one line, as a file's
    /// diagnostic says it: `unknown category code "999": expected a line code of the taxonomy`,
    /// or, when the message is empty, `expected a date like 25/06/2012, found "2506/2012"`.
    public static func oneLine(_ d: Diagnostic) -> String {
        guard let detail = expectedAndFound(d) else { return d.message }
        return d.message.isEmpty ? detail : d.message + ": " + detail
    }

    /// `expected E, found F`, either half alone, or nil when the diagnostic says neither.
    static func expectedAndFound(_ d: Diagnostic) -> String? {
        switch (d.expected, d.found) {
        case let (e?, f?): "expected \(e), found \(f)"
        case let (e?, nil): "expected \(e)"
        case let (nil, f?): "found \(f)"
        case (nil, nil): nil
        }
    }

    /// 1-based line number, the line's text, and the 0-based display column of a byte offset.
    static func locate(_ offset: Int, in source: String) -> (Int, String, Int) {
        let bytes = Array(source.utf8)
        let o = min(max(0, offset), bytes.count)
        var lineStart = 0
        var line = 1
        for i in 0..<o where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        var lineEndIndex = lineStart
        while lineEndIndex < bytes.count && bytes[lineEndIndex] != 0x0A { lineEndIndex += 1 }
        let text = String(decoding: bytes[lineStart..<lineEndIndex], as: UTF8.self)
        let column = String(decoding: bytes[lineStart..<o], as: UTF8.self).count
        return (line, text, column)
    }

    static func lineEnd(of offset: Int, in source: String) -> Int {
        let bytes = Array(source.utf8)
        var i = min(max(0, offset), bytes.count)
        while i < bytes.count && bytes[i] != 0x0A { i += 1 }
        return i
    }

    static func displayWidth(of source: String, from: Int, to: Int) -> Int {
        let bytes = Array(source.utf8)
        guard from < to, from >= 0, to <= bytes.count else { return 0 }
        return String(decoding: bytes[from..<to], as: UTF8.self).count
    }
}
