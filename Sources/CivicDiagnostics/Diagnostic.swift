/// One problem civic reports about a query or a data file: a message with a stable id, where it
/// is (a byte span in a query, or a file, line and column), what was expected and found, and
/// optionally a suggestion and notes. Only `DiagnosticRenderer` turns it into text.
public struct Diagnostic: Error, Sendable, Equatable {
    /// A byte range in the query text (UTF-8 offsets; end exclusive).
    public struct Span: Sendable, Equatable, Hashable, CustomStringConvertible {
        public var start: Int
        public var end: Int
        public init(_ start: Int, _ end: Int) { self.start = start; self.end = max(start, end) }
        public static func + (a: Span, b: Span) -> Span { Span(min(a.start, b.start), max(a.end, b.end)) }
        public var description: String { "\(start)..<\(end)" }
    }

    /// A place in a file: for load errors.
    public struct FileLocation: Sendable, Equatable {
        public var file: String
        public var line: Int
        public var column: Int
        public init(file: String, line: Int, column: Int) { self.file = file; self.line = line; self.column = column }
    }

    /// The kind of problem, from the catalogue (`DiagnosticID`).
    public var id: DiagnosticID
    /// What is wrong. For a place in a file it may be empty when `expected` and `found` say it
    /// all ("expected a date like 25/06/2012, found "2506/2012"").
    public var message: String
    public var span: Span?
    public var location: FileLocation?
    public var expected: String?
    public var found: String?
    public var suggestion: String?
    public var notes: [String]

    public init(id: DiagnosticID, message: String, span: Span? = nil, location: FileLocation? = nil,
                expected: String? = nil, found: String? = nil, suggestion: String? = nil, notes: [String] = []) {
        self.id = id
        self.message = message
        self.span = span
        self.location = location
        self.expected = expected
        self.found = found
        self.suggestion = suggestion
        self.notes = notes
    }

    /// An internal fault, reported as a diagnostic rather than a crash.
    public static func bug(_ what: String, span: Span? = nil) -> Diagnostic {
        Diagnostic(id: .bug, message: "internal error: \(what)", span: span,
                   notes: ["this is a bug in civic; please report it with the query"])
    }
}

/// Several diagnostics from one run (a lexer may report more than one bad token).
public struct Diagnostics: Error, Sendable {
    public var items: [Diagnostic]
    public init(_ items: [Diagnostic]) { self.items = items }
}
