import CivicDiagnostics

/// A located fault in a file being loaded: `file:line:column: message`, the shape of every
/// load error civic prints. Line and column are 1-based; 0 means "the file as a whole".
///
/// It is a `Diagnostic` at a file location: an id from the catalogue, what is wrong, and what
/// was expected and found where the loader knows them. `DiagnosticRenderer` writes its text.
///
/// What it echoes of the input is bounded, here and only here: a file's text in quotes (a
/// field, a header name, a layout's value) keeps its first `echoLimit` characters and says how
/// many bytes it leaves out, and each part of the message keeps at most `partLimit`. So a
/// 100 MB field or header line is never copied whole into an error, nor printed to stderr.
public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var id: DiagnosticID
    /// What is wrong, before what was expected and found; empty when those say it all.
    public private(set) var problem: String
    public private(set) var expected: String?
    public private(set) var found: String?
    /// When the operating system or the database refused (a full disk, no permission), what it
    /// refused: this decides the exit code, where a fault in the data is 65.
    public var system: SystemFailure?

    public init(_ id: DiagnosticID, file: String, line: Int, column: Int, _ problem: String = "",
                expected: String? = nil, found: String? = nil) {
        self.id = id
        self.file = file
        self.line = line
        self.column = column
        self.problem = Self.bounded(problem)
        self.expected = expected.map(Self.bounded)
        self.found = found.map(Self.bounded)
    }

    /// Characters (Unicode scalars) of one quoted stretch of input an error keeps.
    public static let echoLimit = 80
    /// Characters (Unicode scalars) of one part of an error (what is wrong, expected or found) it keeps.
    public static let partLimit = 1000

    /// `text` with each stretch in double quotes shortened to `echoLimit` characters, and the
    /// whole to `partLimit`, each cut marked `… (N more bytes)`. A text that starts and ends with
    /// a quote (`found "…"`) is one stretch, whatever quotes the input holds inside it.
    static func bounded(_ text: String) -> String {
        guard text.utf8.count > echoLimit else { return text }
        let quote = UInt8(ascii: "\"")
        let utf8 = text.utf8
        var out: String
        if utf8.count >= 2, utf8.first == quote, utf8.last == quote {
            let inner = Substring(utf8.dropFirst().dropLast())
            out = "\"" + cut(inner, to: echoLimit) + "\""
        } else {
            out = ""
            for (i, part) in utf8.split(separator: quote, omittingEmptySubsequences: false).enumerated() {
                if i > 0 { out += "\"" }
                // Odd stretches lie between quotes: the input a message echoes.
                out += i % 2 == 1 ? cut(Substring(part), to: echoLimit) : String(Substring(part))
            }
        }
        return cut(Substring(out), to: partLimit)
    }

    /// The first `limit` Unicode scalars of `text`, then `… (N more bytes)` if there are more.
    /// Scalars, not characters: a character may hold any number of combining scalars.
    static func cut(_ text: Substring, to limit: Int) -> String {
        guard text.utf8.count > limit else { return String(text) }
        let scalars = text.unicodeScalars
        guard let end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex), end < scalars.endIndex else {
            return String(text)
        }
        let more = text.utf8.distance(from: end, to: text.endIndex)
        return String(scalars[..<end]) + "… (\(more) more bytes)"
    }

    public var diagnostic: Diagnostic {
        Diagnostic(id: id, message: problem, location: .init(file: file, line: line, column: column),
                   expected: expected, found: found)
    }

    /// The whole message on one line, with what was expected and found: the text after the place.
    public var message: String { DiagnosticRenderer.oneLine(diagnostic) }

    public var description: String { DiagnosticRenderer.render(diagnostic) }

    /// The same error, refused by the operating system for `failure`.
    public func refused(_ failure: SystemFailure?) -> LoadError {
        var e = self
        e.system = failure
        return e
    }
}

/// What went wrong in a whole load: the first errors in full and a count of all of them.
public struct LoadFailure: Error, Sendable, CustomStringConvertible {
    public static let listed = 20
    public var errors: [LoadError]
    public var total: Int

    public init(errors: [LoadError], total: Int) {
        self.errors = errors
        self.total = total
    }

    /// A load stopped by one error before any row was written.
    public init(_ error: LoadError) { self.init(errors: [error], total: 1) }

    public var description: String {
        var lines = errors.map { DiagnosticRenderer.render($0.diagnostic) }
        if total > errors.count { lines.append("… and \(total - errors.count) more errors") }
        lines.append("nothing was written: the database is unchanged")
        return lines.joined(separator: "\n")
    }
}

/// Collects errors during a load: keeps the first `LoadFailure.listed`, counts the rest.
final class ErrorSink {
    private(set) var errors: [LoadError] = []
    private(set) var total = 0

    func add(_ e: LoadError) {
        total += 1
        if errors.count < LoadFailure.listed { errors.append(e) }
    }

    var isEmpty: Bool { total == 0 }
}
