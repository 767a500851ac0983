import CivicDiagnostics
import CivicQuery
import CivicStorage
import Dispatch
import Foundation

/// What became of one query input.
public enum QueryOutcome: Int, CaseIterable, Sendable {
    /// Compiled, and SQLite took the SQL.
    case compiled
    /// Refused with a diagnostic: what most inputs should get.
    case rejected
    /// Compiled to SQL that SQLite refused or failed on: a compiler bug.
    case sqlError
    /// A diagnostic of the `bug` kind: an internal fault caught.
    case bug
    /// A diagnostic that shows SQL or SQLite's own words.
    case leak
    /// Something other than a diagnostic thrown out of `prepare` (a raw SQLite error …).
    case otherError

    public var name: String { String(describing: self) }
    public var isFailure: Bool { self != .compiled && self != .rejected }
}

public struct QueryResult: Sendable {
    public var outcome: QueryOutcome
    /// Lexing, parsing, checking and compiling, and on failure rendering the diagnostic.
    public var nanos: UInt64
    /// Preparing (and stepping, when asked) the compiled SQL in SQLite.
    public var sqlNanos: UInt64
    /// For a failure: what went wrong, as one line.
    public var detail: String

    /// The failure's class: its outcome and its message with numbers blanked, so that one bug
    /// found a thousand times reads as one.
    public var signature: String {
        var s = ""
        var lastDigit = false
        for c in detail.prefix(100) {
            if c.isNumber { if !lastDigit { s.append("N") }; lastDigit = true } else { s.append(c); lastDigit = false }
        }
        return outcome.name + ": " + s
    }
}

/// Runs query text through `QueryEngine.prepare`, as `civic query` does, then hands the SQL
/// to SQLite: prepared always (a syntax error, an unknown column, a parser stack overflow are
/// found then), and stepped for a few rows when asked.
public final class QueryTarget {
    public let database: Database
    let engine: QueryEngine
    /// Rows to step through for each compiled query (0: prepare only).
    public var stepRows: Int
    /// The most time a step may take before it is cancelled (a cancelled run is no failure).
    public var stepBudgetNanos: UInt64 = 250_000_000

    public init(databasePath: String, stepRows: Int = 0) throws {
        database = try Database(path: databasePath, readOnly: true)
        engine = QueryEngine(connection: database)
        self.stepRows = stepRows
    }

    /// The calling thread's CPU time, in nanoseconds: what an input costs to compile or fail,
    /// whatever else the machine runs (these machines are shared, and a wall clock would count
    /// the other jobs' turns). The hang watchdog keeps to the wall clock.
    static func cpuNow() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
    }

    public func run(_ text: String) -> QueryResult {
        let start = QueryTarget.cpuNow()
        func since(_ t: UInt64) -> UInt64 { QueryTarget.cpuNow() &- t }
        let prepared: PreparedQuery
        do {
            prepared = try engine.prepare(text)
        } catch let d as Diagnostic {
            return rejected([d], text: text, nanos: since(start))
        } catch let ds as Diagnostics {
            return rejected(ds.items, text: text, nanos: since(start))
        } catch {
            return QueryResult(outcome: .otherError, nanos: since(start), sqlNanos: 0, detail: "\(type(of: error)): \(error)")
        }
        let nanos = since(start)
        let sqlStart = QueryTarget.cpuNow()
        do {
            let stmt = try database.prepare(prepared.sql)
            if stmt.parameterCount != prepared.parameters.count {
                return QueryResult(outcome: .sqlError, nanos: nanos, sqlNanos: since(sqlStart),
                                   detail: "SQL has \(stmt.parameterCount) parameters, \(prepared.parameters.count) bound")
            }
            try stmt.bind(prepared.parameters)
            if stepRows > 0 {
                let handle = database.interruptHandle
                let cancel = DispatchWorkItem { handle.interrupt() }
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(stepBudgetNanos)), execute: cancel)
                defer { cancel.cancel() }
                var n = 0
                while n < stepRows, try stmt.step() { n += 1 }
            }
        } catch let e as StorageError where e.isInterrupt {
            // Ran out of its time budget: slow SQL is measured elsewhere (Benchmarks/).
        } catch let e as StorageError {
            return QueryResult(outcome: .sqlError, nanos: nanos, sqlNanos: since(sqlStart), detail: e.message)
        } catch {
            return QueryResult(outcome: .sqlError, nanos: nanos, sqlNanos: since(sqlStart), detail: "\(error)")
        }
        return QueryResult(outcome: .compiled, nanos: nanos, sqlNanos: since(sqlStart), detail: "")
    }

    /// Words of SQL or SQLite that no diagnostic should show, unless the query itself has them.
    static let sqlWords = ["SELECT ", " FROM ", "SQLite", "sqlite", "syntax error"]

    func rejected(_ ds: [Diagnostic], text: String, nanos: UInt64) -> QueryResult {
        // Rendering is part of failing: what the person sees, caret and all.
        let start = QueryTarget.cpuNow()
        _ = DiagnosticRenderer.render(ds, source: text)
        let total = nanos + (QueryTarget.cpuNow() &- start)
        if let bug = ds.first(where: { $0.id == .bug }) {
            return QueryResult(outcome: .bug, nanos: total, sqlNanos: 0, detail: bug.message)
        }
        for d in ds {
            let said = ([d.message, d.expected ?? "", d.suggestion ?? ""] + d.notes).joined(separator: " ")
            if let w = Self.sqlWords.first(where: { said.contains($0) && !text.contains($0) }) {
                return QueryResult(outcome: .leak, nanos: total, sqlNanos: 0, detail: "\(w.trimmingCharacters(in: .whitespaces)) in: \(d.message)")
            }
        }
        return QueryResult(outcome: .rejected, nanos: total, sqlNanos: 0, detail: "")
    }
}
