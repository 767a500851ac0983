/// Draws diagnostics for people: the query line with a caret under the fault, what was expected,
/// and the suggestion; or, for a place in a file, one compiler-style line. Line and column in
/// a query are computed here and only here.
public enum DiagnosticRenderer {
    /// `error: …` then the source line with carets, then `= expected`, `= help` and notes; for a
    /// file location, `file:line:column: …` (just `file: …` for the file as a whole) with what
    /// was expected and found in that line, as every load error is printed.
    /// Where a query's text comes from in a file of several (`-f`): the file, and the line of
    /// the file the text's first line is.
    public struct Origin: Sendable {
        public var file: String
        public var line: Int
        public init(file: String, line: Int) { self.file = file; self.line = line }
    }

    /// With an `origin`, the place in the file is given under the message (`--> file:line:col`)
    /// and the line numbers are the file's.
    public static func render(_ d: Diagnostic, source: String? = nil, origin: Origin? = nil) -> String {
        let d = clipped(d)
        var out: [String] = []
        if let loc = d.location {
            let place = loc.line == 0 ? loc.file : "\(loc.file):\(loc.line):\(loc.column)"
            out.append("\(place): \(oneLine(d))")
        } else {
            out.append("error: \(d.message)")
        }
        if let span = d.span, let source {
            let (lineNumber, fullLine, fullColumn) = locate(span.start, in: source)
            let fullWidth = max(1, displayWidth(of: source, from: span.start, to: min(span.end, lineEnd(of: span.start, in: source))))
            let (lineText, column, width) = window(fullLine, column: fullColumn, width: fullWidth)
            let gutter = String(lineNumber + (origin.map { $0.line - 1 } ?? 0))
            let pad = String(repeating: " ", count: gutter.count)
            if let origin { out.append("\(pad)--> \(origin.file):\(gutter):\(fullColumn + 1)") }
            out.append("\(pad) |")
            out.append("\(gutter) | \(lineText)")
            out.append("\(pad) | \(String(repeating: " ", count: column))\(String(repeating: "^", count: width))")
        }
        if d.location == nil, let detail = expectedAndFound(d) { out.append("  = " + detail) }
        if let s = d.suggestion { out.append("  = help: \(s)") }
        for n in d.notes { out.append("  = note: \(n)") }
        return out.joined(separator: "\n")
    }

    public static func render(_ ds: [Diagnostic], source: String? = nil, origin: Origin? = nil) -> String {
        ds.map { render($0, source: source, origin: origin) }.joined(separator: "\n\n")
    }

    /// The message with what was expected and found after it, on one line, as a file's
    /// diagnostic says it: `unknown category code "999": expected a line code of the taxonomy`,
    /// or, when the message is empty, `expected a date like 25/06/2012, found "2506/2012"`.
    public static func oneLine(_ d: Diagnostic) -> String {
        let d = clipped(d)
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

    /// The longest text a message, suggestion or note shows of what it quotes, in characters.
    static let longestText = 240

    /// `text` cut to `longestText` characters, saying how much was left out: a 100 MB header
    /// or a 10,000-character name is never echoed whole.
    public static func clip(_ text: String) -> String {
        guard text.utf8.count > longestText else { return text }
        var n = 0
        var end = text.startIndex
        while end < text.endIndex, n < longestText - 40 {
            end = text.index(after: end)
            n += 1
        }
        guard end < text.endIndex else { return text }
        let rest = text.utf8.count - text[..<end].utf8.count
        return String(text[..<end]) + "… (\(rest) more bytes)"
    }

    /// The diagnostic with each of its texts clipped.
    static func clipped(_ d: Diagnostic) -> Diagnostic {
        var d = d
        d.message = clip(d.message)
        d.expected = d.expected.map(clip)
        d.found = d.found.map(clip)
        d.suggestion = d.suggestion.map(clip)
        d.notes = d.notes.map(clip)
        return d
    }

    /// The longest line shown whole, in characters.
    static let widestLine = 160

    /// A line too long to show whole, cut to a window around the fault (at most 60 characters
    /// before it, 80 of it and 20 after), with "…" where it is cut: a 10,000-character name
    /// is not echoed in full. Returns the text, and the caret's column and width within it.
    static func window(_ line: String, column: Int, width: Int) -> (String, Int, Int) {
        let chars = Array(line)
        guard chars.count > widestLine else { return (line, column, width) }
        let shownWidth = min(width, 80)
        let from = max(0, column - 60)
        let to = min(chars.count, column + shownWidth + 20)
        let head = from > 0 ? "…" : ""
        let tail = to < chars.count ? "…" : ""
        return (head + String(chars[from..<to]) + tail, column - from + head.count, shownWidth)
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
