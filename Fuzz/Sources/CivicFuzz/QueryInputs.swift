import CivicQuery
import Foundation

/// Where a query input came from.
public enum QueryInputKind: Int, CaseIterable, Sendable {
    /// Random bytes, valid UTF-8 or not.
    case bytes
    /// Random printable text in the language's alphabet.
    case text
    /// The language's own tokens in random order.
    case soup
    /// A seed from the corpus, or a grammar query, mutated.
    case mutation
    /// A walk of the grammar.
    case grammar
    /// An extreme shape (`StressQueries`).
    case stress

    public var name: String { String(describing: self) }
}

/// One input: its bytes (the harness reads them as a query would be read from a file, invalid
/// UTF-8 repaired) and what made it.
public struct FuzzInput: Sendable {
    public var bytes: [UInt8]
    public var kind: QueryInputKind
    /// The stress shape, or the corpus seed mutated.
    public var label: String

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Every query input of a run, each a function of the seed and its index: the mix of kinds,
/// the corpus, the grammar and the vocabulary.
public struct QueryInputs: Sendable {
    public let corpus: [String]
    public var generator: QueryGenerator
    public var mutator: Mutator
    /// The most times a stress shape repeats its pattern.
    public var maxStress: Int
    /// The deepest grammar walk.
    public var maxDepth: Int
    /// Weights of the kinds, in `QueryInputKind` order.
    public var weights: [Int] = [8, 6, 8, 36, 37, 5]

    public init(corpus: [String], grammar: EBNFGrammar, words: QueryWords, maxStress: Int = 20_000, maxDepth: Int = 14) {
        self.corpus = corpus.isEmpty ? ["spending"] : corpus
        generator = QueryGenerator(grammar: grammar, words: words)
        var dictionary = grammar.terminals
        dictionary += words.subjects + words.kinds + words.fields
        dictionary += words.names.prefix(50).map { "\"\($0)\"" }
        mutator = Mutator(dictionary: dictionary)
        self.maxStress = maxStress
        self.maxDepth = maxDepth
    }

    /// The inputs of a checkout: its corpus, its grammar and the vocabulary of `engine`.
    public init(root: URL, engine: QueryEngine?, maxStress: Int = 20_000, maxDepth: Int = 14) throws {
        let grammar = EBNFGrammar(text: try String(contentsOf: root.appendingPathComponent("Grammar/civic.ebnf"), encoding: .utf8))
        let words = engine.map { QueryWords.from($0) } ?? .standard
        self.init(corpus: QueryCorpus.load(root: root), grammar: grammar, words: words, maxStress: maxStress, maxDepth: maxDepth)
    }

    public func input(seed: UInt64, index: UInt64) -> FuzzInput {
        var r = FuzzRandom(seed: seed, index: index)
        let kind = QueryInputKind(rawValue: r.weighted(weights))!
        switch kind {
        case .bytes:
            let n = r.logUniform(600) - 1
            return FuzzInput(bytes: (0..<n).map { _ in UInt8(r.below(256)) }, kind: kind, label: "")
        case .text:
            let alphabet = Array("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789 \"'()|,.~=<>!-/£\n".utf8)
            let n = r.logUniform(300)
            return FuzzInput(bytes: (0..<n).map { _ in r.pick(alphabet) }, kind: kind, label: "")
        case .soup:
            let n = r.logUniform(60)
            let words = (0..<n).map { _ in r.pick(mutator.dictionary) }
            return FuzzInput(bytes: Array(words.joined(separator: [0x20])), kind: kind, label: "")
        case .mutation:
            let fromCorpus = r.chance(0.6)
            let seedText = fromCorpus ? r.pick(corpus) : generator.grammarQuery(&r, maxDepth: r.int(2...maxDepth))
            let other = r.chance(0.5) ? r.pick(corpus) : generator.grammarQuery(&r, maxDepth: r.int(2...maxDepth))
            let bytes = mutator.mutate(Array(seedText.utf8), other: Array(other.utf8), &r)
            return FuzzInput(bytes: bytes, kind: kind, label: fromCorpus ? "corpus" : "grammar")
        case .grammar:
            let q = generator.grammarQuery(&r, maxDepth: r.int(2...maxDepth))
            return FuzzInput(bytes: Array(q.utf8), kind: kind, label: "")
        case .stress:
            let shape = r.pick(StressQueries.shapes)
            let n = r.logUniform(maxStress)
            return FuzzInput(bytes: Array(shape.build(n, &r).utf8), kind: kind, label: "\(shape.name)-\(n)")
        }
    }
}

/// The queries a checkout already holds: the golden queries, the diagnostics' queries, the
/// grammar's examples and LANGUAGE.md's (when `../shared` is beside the checkout).
public enum QueryCorpus {
    public static func load(root: URL) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        let queries = root.appendingPathComponent("Tests/CivicQueryTests/Queries")
        for f in ((try? fm.contentsOfDirectory(atPath: queries.path)) ?? []).sorted() where f.hasSuffix(".civic") {
            if let q = try? String(contentsOf: queries.appendingPathComponent(f), encoding: .utf8) {
                out.append(q.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        // "### query with 1️⃣ markers" heads each case of the diagnostics' golden file.
        if let text = try? String(contentsOf: root.appendingPathComponent("Tests/CivicQueryTests/Diagnostics/expected.txt"), encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("### ") {
                out.append(withoutMarkers(String(line.dropFirst(4))))
            }
        }
        let examples = [root.appendingPathComponent("Grammar/civic.ebnf"), root.appendingPathComponent("README.md"),
                        root.deletingLastPathComponent().appendingPathComponent("shared/LANGUAGE.md")]
        for url in examples {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                if let r = line.range(of: "(* example: ") {
                    var q = String(line[r.upperBound...])
                    if q.hasSuffix("*)") { q = String(q.dropLast(2)) }
                    out.append(q.trimmingCharacters(in: .whitespaces))
                } else if let r = line.range(of: "civic query '"), let close = line[r.upperBound...].firstIndex(of: "'") {
                    out.append(String(line[r.upperBound..<close]))
                } else if line.hasPrefix("civic> ") {
                    out.append(String(line.dropFirst(7)))
                } else if let first = line.first, first.isNumber, let open = line.firstIndex(of: "`") {
                    let rest = line[line.index(after: open)...]
                    if let close = rest.firstIndex(of: "`") { out.append(String(rest[..<close])) }
                }
            }
        }
        return Array(Set(out.filter { !$0.isEmpty })).sorted()
    }

    /// The query with each keycap marker (digit, U+FE0F, U+20E3) removed whole.
    static func withoutMarkers(_ original: String) -> String {
        var out = String.UnicodeScalarView()
        let s = Array(original.unicodeScalars)
        var i = 0
        while i < s.count {
            if i + 2 < s.count, s[i].properties.numericType != nil, s[i + 1] == "\u{FE0F}", s[i + 2] == "\u{20E3}" {
                i += 3
                continue
            }
            out.append(s[i])
            i += 1
        }
        return String(out)
    }
}
