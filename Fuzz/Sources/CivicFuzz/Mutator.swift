/// Changes to a seed input, on its bytes (flips, inserts, deletes, copies, splices with another
/// seed) and on its tokens (swap, repeat, drop, replace with a word of the language). One input
/// takes one to several, stacked.
public struct Mutator: Sendable {
    /// Tokens to insert or replace with: the grammar's terminals and the vocabulary's words.
    public var dictionary: [[UInt8]]
    /// The most times one change repeats a piece (a run of thousands is what finds a runaway
    /// recursion; a test that must not find one keeps it low).
    public var maxRepeat = 2000

    public init(dictionary: [String]) {
        self.dictionary = dictionary.map { Array($0.utf8) }.filter { !$0.isEmpty }
        self.dictionary += Self.interesting
    }

    /// Bytes that mean something to a lexer, a UTF-8 decoder or a C string.
    static let interesting: [[UInt8]] = [
        [0x22], [0x27], [0x28], [0x29], [0x7C], [0x2C], [0x0A], [0x0D], [0x09], [0x00], [0x2D, 0x2D], [0x2E, 0x2E], [0x3B],
        [0xC2, 0xA3],                     // £
        [0xC2], [0xA3], [0xFF], [0xFE], [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80],  // invalid UTF-8
        [0xF0, 0x9F, 0x98, 0x80],         // emoji
        [0xE2, 0x80, 0x99],               // ’
        [0xEF, 0xBB, 0xBF],               // BOM
        [0xCC, 0x81],                     // combining acute
        Array("9999999999999999999999".utf8), Array("-1".utf8), Array("0".utf8), Array("£1.5bn".utf8),
        Array("2023-02-29".utf8), Array("fy 2023/24".utf8), Array("%".utf8), Array("?".utf8), Array("\\".utf8),
    ]

    /// `input` changed one to eight times; `other` is a second seed for splicing.
    public func mutate(_ input: [UInt8], other: [UInt8], _ r: inout FuzzRandom) -> [UInt8] {
        var b = input
        let rounds = 1 + min(7, r.small())
        for _ in 0..<rounds { once(&b, other: other, &r) }
        return b
    }

    func once(_ b: inout [UInt8], other: [UInt8], _ r: inout FuzzRandom) {
        switch r.below(14) {
        case 0:  // flip a bit
            guard !b.isEmpty else { return b.append(UInt8(r.below(256))) }
            b[r.below(b.count)] ^= UInt8(1 << r.below(8))
        case 1:  // set a byte
            guard !b.isEmpty else { return b.append(UInt8(r.below(256))) }
            b[r.below(b.count)] = UInt8(r.below(256))
        case 2:  // insert random bytes
            let n = r.logUniform(16)
            b.insert(contentsOf: (0..<n).map { _ in UInt8(r.below(256)) }, at: r.below(b.count + 1))
        case 3:  // insert an interesting token
            b.insert(contentsOf: r.pick(dictionary), at: r.below(b.count + 1))
        case 4:  // delete a range
            guard !b.isEmpty else { return }
            let at = r.below(b.count)
            b.removeSubrange(at..<min(b.count, at + r.logUniform(16)))
        case 5:  // duplicate a range, a few or many times
            guard !b.isEmpty else { return }
            let at = r.below(b.count), end = min(b.count, at + r.logUniform(32))
            let piece = Array(b[at..<end])
            let times = r.chance(0.9) ? r.int(1...4) : r.logUniform(maxRepeat)
            for _ in 0..<times { b.insert(contentsOf: piece, at: end) }
        case 6:  // splice: a prefix of this one, a suffix of the other
            guard !other.isEmpty else { return }
            b = Array(b.prefix(r.below(b.count + 1))) + Array(other.suffix(r.below(other.count + 1)))
        case 7:  // truncate
            b = Array(b.prefix(r.below(b.count + 1)))
        default:
            tokenLevel(&b, &r)
        }
    }

    /// Token-level changes: the input cut into words, strings, numbers, punctuation and spaces.
    func tokenLevel(_ b: inout [UInt8], _ r: inout FuzzRandom) {
        var toks = Self.tokens(b)
        let solid = toks.indices.filter { !(toks[$0].first.map(Self.isSpace) ?? true) }
        guard !solid.isEmpty else {
            b += r.pick(dictionary)
            return
        }
        let i = r.pick(solid)
        switch r.below(6) {
        case 0: toks.swapAt(i, r.pick(solid))
        case 1: toks[i] = r.pick(dictionary)
        case 2: toks.remove(at: i)
        case 3: toks.insert(contentsOf: [[0x20], r.pick(dictionary), [0x20]], at: i)
        case 4:  // repeat a run of tokens
            let end = min(toks.count, i + r.int(1...6))
            let run = Array(toks[i..<end])
            let times = r.chance(0.8) ? r.int(1...3) : r.logUniform(maxRepeat / 4)
            for _ in 0..<times { toks.insert(contentsOf: [[0x20]] + run, at: end) }
        default:  // move a token elsewhere
            let t = toks.remove(at: i)
            toks.insert(t, at: r.below(toks.count + 1))
        }
        b = toks.flatMap { $0 }
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }

    static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 || c >= 0x80
            || c == UInt8(ascii: ".") || c == UInt8(ascii: "/") || c == UInt8(ascii: "-")
    }

    /// A rough cut into tokens (not the language's lexer: it never fails, on any bytes).
    static func tokens(_ b: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var i = 0
        while i < b.count {
            let start = i
            let c = b[i]
            if c == 0x22 || c == 0x27 {
                i += 1
                while i < b.count && b[i] != c && b[i] != 0x0A { i += 1 }
                if i < b.count && b[i] == c { i += 1 }
            } else if isSpace(c) {
                while i < b.count && isSpace(b[i]) { i += 1 }
            } else if isWordByte(c) {
                while i < b.count && isWordByte(b[i]) { i += 1 }
            } else {
                i += 1
            }
            out.append(Array(b[start..<i]))
        }
        return out
    }
}
