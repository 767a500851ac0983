import Foundation

/// A reader for the ISO-style EBNF of `Grammar/civic.ebnf`, enough to expand it at random.
///
/// It knows `name = expression ;`, with `,` for sequence, `|` for choice, `[ … ]` for optional,
/// `{ … }` for repetition, `( … )` for grouping, terminals in '…' or "…", and `(* … *)`
/// comments. A production it cannot read (the lexical rules, written partly in words: "any
/// character but '"'") is kept by name only, and the generator supplies it in code; so do the
/// names never defined (`YEAR`, `NUMBER` …).
public struct EBNFGrammar: Sendable {
    public indirect enum Rule: Sendable, Equatable {
        case terminal(String)
        case reference(String)
        case sequence([Rule])
        case choice([Rule])
        case optional(Rule)
        case repetition(Rule)
    }

    /// Productions read, by name, in the order of the file.
    public private(set) var rules: [String: Rule] = [:]
    public private(set) var order: [String] = []
    /// Productions written in a way this reader does not take (left to the generator).
    public private(set) var unread: [String] = []

    /// Every terminal written in a production: the language's keywords and punctuation.
    public var terminals: [String] {
        var out: Set<String> = []
        func walk(_ r: Rule) {
            switch r {
            case .terminal(let t): out.insert(t)
            case .reference: break
            case .sequence(let rs), .choice(let rs): rs.forEach(walk)
            case .optional(let r), .repetition(let r): walk(r)
            }
        }
        rules.values.forEach(walk)
        return out.sorted()
    }

    public init(text: String) {
        let source = Self.stripComments(text)
        for statement in Self.statements(source) {
            guard let eq = statement.firstIndex(of: "=") else { continue }
            let name = statement[..<eq].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "_" }) else { continue }
            order.append(name)
            var p = RuleParser(Array(statement[statement.index(after: eq)...].utf8))
            if let rule = p.parseWhole() { rules[name] = rule } else { unread.append(name) }
        }
    }

    /// The text without `(* … *)` comments.
    static func stripComments(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "(*") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "*)") else { return out }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// The text cut at each `;` that is outside a terminal.
    static func statements(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quote: Character?
        for c in text {
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
                current.append(c)
            } else if c == ";" {
                out.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        return out
    }

    /// A recursive-descent reader of one production's right-hand side.
    struct RuleParser {
        let b: [UInt8]
        var i = 0
        init(_ b: [UInt8]) { self.b = b }

        mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x09 || b[i] == 0x0D { i += 1 }
        }

        mutating func eat(_ c: UInt8) -> Bool {
            skipSpace()
            if i < b.count && b[i] == c { i += 1; return true }
            return false
        }

        mutating func parseWhole() -> Rule? {
            guard let r = parseChoice() else { return nil }
            skipSpace()
            return i == b.count ? r : nil
        }

        mutating func parseChoice() -> Rule? {
            var alts: [Rule] = []
            repeat {
                guard let s = parseSequence() else { return nil }
                alts.append(s)
            } while eat(UInt8(ascii: "|"))
            return alts.count == 1 ? alts[0] : .choice(alts)
        }

        mutating func parseSequence() -> Rule? {
            var items: [Rule] = []
            repeat {
                guard let t = parseTerm() else { return nil }
                items.append(t)
            } while eat(UInt8(ascii: ","))
            return items.count == 1 ? items[0] : .sequence(items)
        }

        mutating func parseTerm() -> Rule? {
            skipSpace()
            guard i < b.count else { return nil }
            let c = b[i]
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                i += 1
                let start = i
                while i < b.count && b[i] != c { i += 1 }
                guard i < b.count, i > start else { return nil }
                let t = String(decoding: b[start..<i], as: UTF8.self)
                i += 1
                return .terminal(t)
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                i += 1
                guard let inner = parseChoice() else { return nil }
                let close: UInt8 = c == UInt8(ascii: "(") ? UInt8(ascii: ")") : c == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
                guard eat(close) else { return nil }
                return c == UInt8(ascii: "(") ? inner : c == UInt8(ascii: "[") ? .optional(inner) : .repetition(inner)
            default:
                let start = i
                while i < b.count, Self.isNameByte(b[i]) { i += 1 }
                guard i > start else { return nil }
                let name = String(decoding: b[start..<i], as: UTF8.self)
                // Two names side by side ("any character") is prose, not EBNF.
                skipSpace()
                if i < b.count, Self.isNameByte(b[i]) { return nil }
                return .reference(name)
            }
        }

        static func isNameByte(_ c: UInt8) -> Bool {
            (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95
        }
    }
}
