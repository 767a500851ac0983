import CivicDiagnostics
import CivicQuery
import CivicStorage

/// Runs one query and writes its result: shared by `civic query` and the REPL.
public struct QueryRunner {
    public struct Options: Sendable {
        public var format: Format = .table
        public var cite = false
        public var explain = false
        public var verbose = false
        /// Bold headers and block-character charts (a terminal without NO_COLOR).
        public var decorate = false
        /// Writing to a terminal: block-character charts, and control characters in the data
        /// shown escaped in every format, so no escape sequence in a file can reach the screen.
        public var terminal = false
        /// The terminal's width in columns: tables are fitted to it (nil: not a terminal, no fitting).
        public var width: Int?
        /// The time limit, for the message when a query reaches it.
        public var timeLimit: Double?
        var tableLimit = 10_000
        /// The query's number in a script of several: JSON and JSON Lines carry it (`"query": 2`).
        public var queryNumber: Int?
        public init() {}
    }

    public enum Outcome: Equatable, Sendable {
        case ok
        case badQuery
        /// The database could not answer: `kind` says why (and decides the exit code).
        case failed(StorageError.Kind, String)
        case cancelled
        case timedOut
    }

    let engine: QueryEngine
    let out: Sink
    let err: Sink
    /// Where a binary result (a workbook) goes; nil where none can (the REPL's screen).
    let bytes: (([UInt8]) -> Void)?
    /// True for the runner `prepared` hands out, whose sinks are already wrapped.
    private var isPrepared = false

    public init(engine: QueryEngine, out: @escaping Sink, err: @escaping Sink, bytes: (([UInt8]) -> Void)? = nil) {
        self.engine = engine
        self.out = out
        self.err = err
        self.bytes = bytes
    }

    /// Runs `body` with this runner's sinks made ready for `o`:
    /// - on a terminal, escaped so no control character in the data reaches the screen (the
    ///   table and box writers escape each cell themselves and add their own bold headers, so
    ///   only their notes are escaped here);
    /// - buffered, so a result of millions of rows costs a write per 64 KiB rather than one per
    ///   row. The buffer is emptied before anything goes to `err` and at the end, so results and
    ///   notes keep their order.
    func prepared<T>(_ o: Options, _ body: (QueryRunner) -> T) -> T {
        if isPrepared { return body(self) }
        var out = self.out, err = self.err
        if o.terminal {
            let rawOut = out, rawErr = err
            if o.format != .table && o.format != .box { out = { rawOut(Cell.safeForTerminalText($0)) } }
            err = { rawErr(Cell.safeForTerminalText($0)) }
        }
        let buffer = OutputBuffer(out)
        let unbufferedErr = err
        let rawBytes = bytes
        var r = QueryRunner(engine: engine, out: buffer.write, err: { buffer.flush(); unbufferedErr($0) },
                            bytes: rawBytes.map { b in { buffer.flush(); b($0) } })
        r.isPrepared = true
        defer { buffer.flush() }
        return body(r)
    }

    /// Compiles and runs `text`, writing results to `out` and diagnostics and notes to `err`.
    /// `origin` is where the text stands in a file of several queries, for the place an
    /// error names.
    public func run(_ text: String, _ o: Options, origin: DiagnosticRenderer.Origin? = nil) -> Outcome {
        guard isPrepared else { return prepared(o) { $0.run(text, o, origin: origin) } }
        do {
            return try engine.consistently { runOnOneView(text, o, origin: origin) }
        } catch {
            return report(error, text, o, origin: origin)
        }
    }

    /// `run`, inside one view of the data.
    private func runOnOneView(_ text: String, _ o: Options, origin: DiagnosticRenderer.Origin?) -> Outcome {
        let query: PreparedQuery
        do {
            query = try engine.prepare(text)
        } catch let d as Diagnostic {
            err(DiagnosticRenderer.render(d, source: text, origin: origin) + "\n")
            return .badQuery
        } catch let ds as Diagnostics {
            err(DiagnosticRenderer.render(ds.items, source: text, origin: origin) + "\n")
            return .badQuery
        } catch {
            return report(error, text, o, origin: origin)
        }
        if o.format == .xlsx && bytes == nil { return noWorkbookHere() }
        if o.verbose { for r in query.resolutions { err(r + "\n") } }
        if o.explain && o.format == .xlsx {
            err("error: the SQL is text, which a workbook does not hold: choose another format to see it\n")
            return .badQuery
        }
        if o.explain {
            out(Self.explain(query) + "\n")
            return .ok
        }
        do {
            if query.chart && (o.format == .table || o.format == .box) {
                // A chart scales its bars to the largest value, so it has every row before it draws.
                var rows: [[Value]] = []
                let summary = try engine.run(query) { values, _ in rows.append(values) }
                out(Chart.render(columns: query.columns, rows: rows, unicode: o.terminal))
                var footer = Footer(summary)
                if o.cite { footer.citation = Citation(query: text, sources: summary.sources) }
                var lines: [String] = []
                if let w = footer.syntheticWarning { lines.append(w) }
                lines += footer.notes
                if let c = footer.citation { lines.append(""); lines += c.plainLines }
                if !lines.isEmpty { out(lines.joined(separator: "\n") + "\n") }
                return .ok
            }
            if o.format == .table || o.format == .box {
                var writer = makeWriter(o, title: text)
                writer.begin(columns: query.columns)
                let summary = try engine.run(query) { values, synthetic in writer.row(values, synthetic: synthetic) }
                var footer = Footer(summary)
                if o.cite { footer.citation = Citation(query: text, sources: summary.sources) }
                writer.end(footer: footer)
                return .ok
            }
            // Every other format carries rows as columns, and the demo column says which rows
            // drew on the demo layer.
            let engine = self.engine
            var gate = DemoColumn(writer: makeWriter(o, title: text), columns: query.columns, demoLoaded: { engine.holdsDemoData() })
            let summary: RunSummary
            if query.chart && o.format == .html {
                // The chart is drawn above the table, so it has every row first.
                var rows: [([Value], RowOrigin)] = []
                summary = try engine.runWithOrigin(query) { rows.append(($0, $1)) }
                let svg = Chart.svg(columns: query.columns, rows: rows.map(\.0))
                gate = DemoColumn(writer: HTMLWriter(title: "civic: " + text, chart: svg, out: out), columns: query.columns,
                                  demoLoaded: { engine.holdsDemoData() })
                for (values, origin) in rows { gate.row(values, origin) }
            } else {
                summary = try engine.runWithOrigin(query) { values, origin in gate.row(values, origin) }
            }
            var footer = Footer(summary)
            let cites = o.cite || o.format.alwaysCites || o.format == .json
            if cites { footer.citation = Citation(query: text, sources: summary.sources) }
            if o.format == .jsonl && !o.cite { footer.citation = nil }
            if gate.end(footer: footer) { footer.marker = "marked in the \(DemoColumn.name) column" }
            if let x = gate.writer as? XLSXWriter, let failure = x.status.failure {
                err("error: the workbook could not be written: \(failure)\n")
                return .failed(.io, failure)
            }
            // CSV, TSV and JSON Lines stay clean for other programs: their footer goes to stderr
            // (and, for CSV and TSV, the citation).
            if o.format == .csv || o.format == .tsv || o.format == .jsonl || o.format == .xlsx {
                var lines: [String] = []
                if let w = footer.syntheticWarning { lines.append(w) }
                lines += footer.notes
                if o.format == .csv || o.format == .tsv, o.cite, let c = footer.citation { lines += c.plainLines }
                if !lines.isEmpty { err(lines.joined(separator: "\n") + "\n") }
            }
            return .ok
        } catch {
            return report(error, text, o, origin: origin)
        }
    }

    /// A workbook is binary: where there is no file or pipe for it (the REPL's screen), say so.
    func noWorkbookHere() -> Outcome {
        err("error: a workbook is a binary file and cannot be shown on the screen: send it to a file (.output FILE.xlsx)\n")
        return .badQuery
    }

    /// Says on `err` why a query could not be answered, in civic's words, and how it ended.
    func report(_ error: Error, _ text: String, _ o: Options, origin: DiagnosticRenderer.Origin? = nil) -> Outcome {
        guard let e = error as? StorageError else {
            err("internal error: \(error)\n")
            return .failed(.other, "\(error)")
        }
        switch e.kind {
        case .interrupted:
            err("query cancelled\n")
            return .cancelled
        case .timedOut:
            let limit = o.timeLimit.map { " of \(Self.seconds($0))" } ?? ""
            err("query stopped: it ran past the time limit\(limit) (--timeout SECONDS sets it; --timeout 0 for none)\n")
            return .timedOut
        case .tooComplex:
            // The engine's own limits, reached by a query within civic's: explained as a bad query.
            return badWholeQuery(.queryTooLarge, "this query is too complex for the database engine to run",
                                 expected: "fewer stages, less nesting or fewer fields",
                                 note: "it reaches the engine's own limit on nesting or joins; split it into simpler queries", text, origin)
        case .overflow:
            return badWholeQuery(.numberTooLarge, "a total in this query is beyond what civic can count",
                                 expected: "totals within 64-bit whole numbers of pence",
                                 note: "each row's amount is bounded when it is loaded, so this takes a very large number of very large rows; narrow the query",
                                 text, origin)
        case .other:
            err("internal error: \(e); --explain shows the SQL\n")
            return .failed(e.kind, e.message)
        default:
            err("error: \(e)\n")
            return .failed(e.kind, e.message)
        }
    }

    /// A fault of the query as a whole, found only when it ran: the diagnostic underlines it all.
    func badWholeQuery(_ id: DiagnosticID, _ message: String, expected: String, note: String,
                       _ text: String, _ origin: DiagnosticRenderer.Origin?) -> Outcome {
        let d = Diagnostic(id: id, message: message, span: Diagnostic.Span(0, text.utf8.count), expected: expected, notes: [note])
        err(DiagnosticRenderer.render(d, source: text, origin: origin) + "\n")
        return .badQuery
    }

    /// "30 s", "1.5 s".
    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }

    func makeWriter(_ o: Options, title: String) -> any ResultWriter {
        switch o.format {
        case .table: return TableWriter(limit: o.tableLimit, decorate: o.decorate, width: o.width, out: out)
        case .box: return TableWriter(limit: o.tableLimit, box: true, decorate: o.decorate, width: o.width, out: out)
        case .csv: return CSVWriter(out: out)
        case .tsv: return CSVWriter(separator: "\t", out: out)
        case .json: return JSONWriter(queryNumber: o.queryNumber, out: out)
        case .jsonl: return JSONLinesWriter(queryNumber: o.queryNumber, out: out)
        case .markdown: return MarkdownWriter(out: out)
        case .html: return HTMLWriter(title: "civic: " + title, out: out)
        case .xlsx: return XLSXWriter(bytes: bytes ?? { _ in }, err: err)
        }
    }

    /// The SQL a query compiles to and its bound parameters.
    static func explain(_ c: PreparedQuery) -> String {
        ([c.sql, "", "parameters:"] + parameterLines(c.parameters).map { "  " + $0 }).joined(separator: "\n")
    }

    /// The values bound to a query's parameters, one a line (`?1 = "E05011131"`), or `(none)`:
    /// as `--explain` shows them, for a query, a profile's queries and a network's.
    static func parameterLines(_ values: [Value]) -> [String] {
        if values.isEmpty { return ["(none)"] }
        return values.enumerated().map { i, v in
            if case .text(let s) = v { return "?\(i + 1) = \(JSONWriter.string(s))" }
            return "?\(i + 1) = \(v.description)"
        }
    }
}

extension Footer {
    /// The footer of a run: its counts and coverage notes (the citation is the caller's to add).
    init(_ s: RunSummary) {
        self.init(rows: s.rows, syntheticRows: s.syntheticRows, notes: s.notes)
        mixedRows = s.mixedRows
    }
}

/// Collects output and passes it on in pieces of about 64 KiB.
final class OutputBuffer {
    private let sink: Sink
    private var pending = ""
    private static let size = 1 << 16

    init(_ sink: @escaping Sink) {
        self.sink = sink
        pending.reserveCapacity(Self.size + 1024)
    }

    func write(_ s: String) {
        pending += s
        if pending.utf8.count >= Self.size { flush() }
    }

    func flush() {
        guard !pending.isEmpty else { return }
        sink(pending)
        pending.removeAll(keepingCapacity: true)
    }
}
