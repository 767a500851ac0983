import CivicLoad
import Foundation

/// Runs a saved input again, every way its mode can run it: a `.civic` file through the query
/// pipeline; a `.csv` file through the reader at every chunk size in both encodings; a `.field`
/// file through every field parser. Other files are not inputs: no runs. What the regression tests and `--replay` use.
public enum Replay {
    public struct Run: Sendable {
        /// How it was run: `query`, `csv chunk 7 utf8`, `fields`.
        public var how: String
        public var failure: Bool
        public var nanos: UInt64
        /// The outcome's name, and for a failure what went wrong.
        public var outcome: String
    }

    public static func run(_ url: URL, query: QueryTarget?, csv: CSVFuzz) throws -> [Run] {
        let bytes = Array(try Data(contentsOf: url))
        switch url.pathExtension {
        case "civic":
            guard let query else { return [] }
            let r = query.run(String(decoding: bytes, as: UTF8.self))
            return [Run(how: "query", failure: r.outcome.isFailure, nanos: r.nanos,
                        outcome: r.outcome.name + (r.detail.isEmpty ? "" : ": " + r.detail))]
        case "csv":
            var out: [Run] = []
            for chunk in CSVFuzz.chunkSizes {
                for (name, encoding) in [("utf8", TextEncoding.utf8), ("cp1252", .windows1252)] {
                    let start = DispatchTime.now().uptimeNanoseconds
                    let (o, d) = csv.read(bytes, chunkSize: chunk, encoding: encoding)
                    out.append(Run(how: "csv chunk \(chunk) \(name)", failure: o.isFailure,
                                   nanos: DispatchTime.now().uptimeNanoseconds &- start, outcome: o.name + (d.isEmpty ? "" : ": " + d)))
                }
            }
            return out
        case "field":
            let start = DispatchTime.now().uptimeNanoseconds
            let (o, d) = CSVFuzz.parseEverywhere(String(decoding: bytes, as: UTF8.self))
            return [Run(how: "fields", failure: o.isFailure, nanos: DispatchTime.now().uptimeNanoseconds &- start,
                        outcome: o.name + (d.isEmpty ? "" : ": " + d))]
        default:
            return []
        }
    }
}
