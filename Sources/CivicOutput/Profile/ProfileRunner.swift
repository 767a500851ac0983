import CivicDiagnostics
import CivicProfile
import CivicQuery
import CivicStorage

/// Builds a profile and writes it: shared by `civic profile` and the REPL's `.profile`.
public struct ProfileRunner {
    /// The formats a profile is written in.
    public static let formats: [Format] = [.table, .markdown, .json, .html]

    let engine: QueryEngine
    let out: Sink
    let err: Sink

    public init(engine: QueryEngine, out: @escaping Sink, err: @escaping Sink) {
        self.engine = engine
        self.out = out
        self.err = err
    }

    /// Builds the profile of `subject` and writes it in `o.format` (or its queries' SQL, with
    /// `o.explain`).
    public func run(_ subject: ProfileSubject, _ o: QueryRunner.Options) -> QueryRunner.Outcome {
        let profile: Profile
        do { profile = try ProfileBuilder(engine: engine).build(subject) } catch { return failed(error, o) }
        if o.explain {
            out(ProfileWriter.explain(profile.blocks))
            return .ok
        }
        switch o.format {
        case .markdown: out(ProfileWriter.markdown(profile))
        case .json: out(ProfileWriter.json(profile))
        case .html: out(ProfileHTML.page(profile))
        default: out(ProfileWriter.text(profile, width: o.width, decorate: o.decorate, terminal: o.terminal))
        }
        return .ok
    }

    /// Builds the network of `subject` and writes it as `format` (or its queries' SQL, with
    /// `o.explain`): `civic network`.
    public func network(_ subject: ProfileSubject, _ format: NetworkFormat, _ o: QueryRunner.Options) -> QueryRunner.Outcome {
        let network: Network
        do { network = try NetworkBuilder(engine: engine).build(subject) } catch { return failed(error, o) }
        out(o.explain ? ProfileWriter.explain(network.queries) : NetworkWriter.write(network, format))
        return .ok
    }

    /// Says on `err` why a profile or network could not be built, as a query's errors are
    /// said: a name that matches nothing is shown under the query that asked for it, with a
    /// caret and a suggestion; anything the database says, as `QueryRunner` says it.
    func failed(_ error: Error, _ o: QueryRunner.Options) -> QueryRunner.Outcome {
        let runner = QueryRunner(engine: engine, out: out, err: err)
        switch error {
        case let e as ProfileQueryError:
            switch e.underlying {
            case let d as Diagnostic:
                err(DiagnosticRenderer.render(d, source: e.query) + "\n")
                return .badQuery
            case let ds as Diagnostics:
                err(DiagnosticRenderer.render(ds.items, source: e.query) + "\n")
                return .badQuery
            default:
                return runner.report(e.underlying, e.query, o)
            }
        case let e as ProfileNotFound:
            err("error: \(e.description)\n")
            return .badQuery
        default:
            return runner.report(error, "", o)
        }
    }
}

extension QueryRunner {
    /// A profile through this runner's sinks, as a query's result goes (the REPL's screen,
    /// pager or `.output` file): `.profile ward "X"`.
    public func profile(_ subject: ProfileSubject, _ o: Options) -> Outcome {
        guard ProfileRunner.formats.contains(o.format) || o.explain else {
            err("error: a profile is written as table, markdown, json or html, not \(o.format.rawValue): .format table (or .output FILE.html)\n")
            return .badQuery
        }
        return prepared(o) { r in ProfileRunner(engine: r.engine, out: r.out, err: r.err).run(subject, o) }
    }
}
