import CivicDiagnostics

/// A located fault in a file being loaded: `file:line:column: message`, the shape of every
/// load error civic prints. Line and column are 1-based; 0 means "the file as a whole".
///
/// It is a `Diagnostic` at a file location: an id from the catalogue, what is wrong, and what
/// was expected and found where the loader knows them. `DiagnosticRenderer` writes its text.
public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var id: DiagnosticID
    /// What is wrong, before what was expected and found; empty when those say it all.
    public var problem: String
    public var expected: String?
    public var found: String?
    /// When the operating system or the database refused (a full disk, no permission), what it
    /// refused: this decides the exit code, where a fault in the data is 65.
    public var system: SystemFailure?

    public init(_ id: DiagnosticID, file: String, line: Int, column: Int, _ problem: String = "",
                expected: String? = nil, found: String? = nil) {
        self.id = id
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
        self.expected = expected
        self.found = found
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
