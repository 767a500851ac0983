import ArgumentParser
import CivicDiagnostics
import CivicLoad
import CivicOutput
import Foundation

/// How civic ends when a command fails: the one place an error becomes a message on stderr
/// and an exit code. Commands throw what went wrong and leave the code to this.
///
/// - 64: a usage error (ArgumentParser's own, or a `ValidationError`), worded by ArgumentParser.
/// - 65: bad data or a bad query: a load error, a diagnostic.
/// - 70: an internal error: a `StorageError` or anything else unexpected, as `internal error: …`.
/// - 130: cancelled.
///
/// Never 1, which is what ArgumentParser would give an error it does not know.
enum Exit {
    static let badInput: Int32 = 65
    static let internalError: Int32 = 70
    static let cancelled: Int32 = 130

    /// The exit code for `error`.
    static func code(for error: Error) -> Int32 {
        switch error {
        case is LoadFailure, is LoadError, is Diagnostic, is Diagnostics:
            return badInput
        case let r as Reported:
            switch r {
            case .badInput: return badInput
            case .internalError: return internalError
            case .cancelled: return cancelled
            }
        default:
            return argumentParserCode(for: error) ?? internalError
        }
    }

    /// What to print on stderr for `error`; nil when it has been printed already.
    static func message(for error: Error) -> String? {
        switch error {
        case let f as LoadFailure: return f.description
        case let e as LoadError: return e.description
        case let d as Diagnostic: return DiagnosticRenderer.render(d)
        case let ds as Diagnostics: return DiagnosticRenderer.render(ds.items)
        case is Reported: return nil
        default: return "internal error: \(error)"
        }
    }

    /// Prints what `error` says and ends civic with its code.
    static func fail(with error: Error) -> Never {
        // ArgumentParser's own errors (help, a usage error) keep its wording and usage line.
        if argumentParserCode(for: error) != nil { Civic.exit(withError: error) }
        if let text = message(for: error) { Terminal.err(text) }
        Foundation.exit(code(for: error))
    }

    /// ArgumentParser's exit code for an error of its own (0 for help, 64 for a usage error, an
    /// `ExitCode`'s own); nil for any other error, which it would end with 1.
    static func argumentParserCode(for error: Error) -> Int32? {
        let code = Civic.exitCode(for: error)
        return code == .failure ? nil : code.rawValue
    }
}

/// A failure a command has already reported on stderr (a script whose bad queries were each
/// shown as they came): what is left is the exit code. Ordered by severity, so that a script
/// ends with its worst outcome.
enum Reported: Error, Comparable {
    case badInput
    case internalError
    case cancelled

    /// How a query run went, as a failure; nil when it went well.
    init?(_ outcome: QueryRunner.Outcome) {
        switch outcome {
        case .ok: return nil
        case .badQuery: self = .badInput
        case .failed: self = .internalError
        case .cancelled: self = .cancelled
        }
    }
}
