import ArgumentParser
import CivicDiagnostics
import CivicLoad
import CivicOutput
import CivicStorage
import Foundation

/// How civic ends when a command fails: the one place an error becomes a message on stderr
/// and an exit code. Commands throw what went wrong and leave the code to this. The codes are
/// the BSD sysexits (README, "Exit codes"):
///
/// - 64: a usage error (ArgumentParser's own, or a `ValidationError`), worded by ArgumentParser.
/// - 65: bad data or a bad query: a load error, a diagnostic, a file that is not a database.
/// - 66: an input that is not there: a script, a database to query, a data folder (the bundled
///   data too, when there is no database yet).
/// - 70: an internal error (a bug), as `internal error: …`.
/// - 73: an output or a database that cannot be created.
/// - 74: reading or writing failed; the disk is full.
/// - 75: try again later: the query reached its time limit, or a load held the database.
/// - 77: permission denied.
/// - 130: cancelled (Ctrl-C).
///
/// Never 1, which is what ArgumentParser would give an error it does not know.
enum Exit {
    static let badInput: Int32 = 65
    static let noInput: Int32 = 66
    static let internalError: Int32 = 70
    static let cannotCreate: Int32 = 73
    static let ioError: Int32 = 74
    static let tryAgain: Int32 = 75
    static let permission: Int32 = 77
    static let cancelled: Int32 = 130

    /// The exit code for `error`.
    static func code(for error: Error) -> Int32 {
        switch error {
        case let e as LoadError: return e.system?.exitCode ?? badInput
        case let f as LoadFailure: return f.errors.first?.system?.exitCode ?? badInput
        case is Diagnostic, is Diagnostics: return badInput
        case let f as FileFailure: return f.failure.exitCode
        case is DatasetsNotFound: return noInput
        case let e as StorageError: return code(for: e.kind)
        case let r as Reported: return r.code
        default:
            return argumentParserCode(for: error) ?? internalError
        }
    }

    /// The exit code for a failure of the database engine.
    static func code(for kind: StorageError.Kind) -> Int32 {
        switch kind {
        case .interrupted: cancelled
        case .timedOut, .busy: tryAgain
        case .tooComplex, .overflow, .notADatabase, .corrupt, .otherVersion: badInput
        case .cannotOpen, .cannotConnect, .noCivicData: noInput
        case .permission, .notAllowed: permission
        case .full, .io: ioError
        case .other: internalError
        }
    }

    /// What to print on stderr for `error`; nil when it has been printed already.
    static func message(for error: Error) -> String? {
        switch error {
        case let f as LoadFailure: return f.description
        case let e as LoadError: return e.description
        case let d as Diagnostic: return DiagnosticRenderer.render(d)
        case let ds as Diagnostics: return DiagnosticRenderer.render(ds.items)
        case let f as FileFailure: return "error: \(f)"
        case let d as DatasetsNotFound: return d.description
        case let e as StorageError: return e.kind == .other ? "internal error: \(e)" : "error: \(e)"
        case is Reported: return nil
        default: return "internal error: \(error)"
        }
    }

    /// Prints what `error` says and ends civic with its code.
    static func fail(with error: Error) -> Never {
        // A usage error a command finds once it runs (several tables for one CSV stream): the
        // message alone, worded as ArgumentParser words its own, without the root command's usage
        // line, which would mislead. (One found while parsing reaches here wrapped, with its
        // subcommand's usage.)
        if let v = error as? ValidationError {
            Terminal.err("Error: \(v.message)")
            Foundation.exit(64)
        }
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
/// ends with its worst outcome: a bad query, then the engine's failures, then a bug, then
/// Ctrl-C.
struct Reported: Error, Comparable {
    let code: Int32
    private let rank: Int

    private init(code: Int32, rank: Int) {
        self.code = code
        self.rank = rank
    }

    static let badInput = Reported(code: Exit.badInput, rank: 0)
    static let cancelled = Reported(code: Exit.cancelled, rank: 3)

    /// How a query run went, as a failure; nil when it went well.
    init?(_ outcome: QueryRunner.Outcome) {
        switch outcome {
        case .ok: return nil
        case .badQuery: self = .badInput
        case .timedOut: self.init(code: Exit.tryAgain, rank: 1)
        case .failed(let kind, _):
            let code = Exit.code(for: kind)
            self.init(code: code, rank: code == Exit.internalError ? 2 : 1)
        case .cancelled: self = .cancelled
        }
    }

    static func < (a: Reported, b: Reported) -> Bool { a.rank < b.rank }
}
