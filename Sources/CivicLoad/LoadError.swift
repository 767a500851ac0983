/// A located fault in a file being loaded: `file:line:column: message`, the shape of every
/// load error civic prints. Line and column are 1-based; 0 means "the file as a whole".
public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        if line == 0 { return "\(file): \(message)" }
        return "\(file):\(line):\(column): \(message)"
    }
}

/// What went wrong in a whole load: the first errors in full and a count of all of them.
public struct LoadFailure: Error, Sendable, CustomStringConvertible {
    public static let listed = 20
    public var errors: [LoadError]
    public var total: Int

    public var description: String {
        var lines = errors.map(\.description)
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
