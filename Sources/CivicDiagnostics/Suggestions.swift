/// Did-you-mean: the nearest candidates by edit distance, in bounded time.
///
/// Typed text longer than `maxLength` characters gets no suggestion (no name is that long, and
/// edit distance costs the product of two lengths); a candidate whose length differs from the
/// typed text's by more than the distance allowed is skipped unread (the lengths' difference
/// is a lower bound on the distance); and the distance stops counting once every path is past
/// the allowance. So a 10,000-character name is turned away at once, and a long list of
/// candidates costs little more than reading it.
public enum Suggestions {
    /// The longest text, in characters, that is compared for a suggestion.
    public static let maxLength = 120

    /// Edit distance with transpositions (optimal string alignment), case-insensitive:
    /// "srot" is one edit from "sort".
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        return distance(x, y, limit: Swift.max(x.count, y.count))!
    }

    /// The distance between `a` and `b` if it is at most `limit`, else nil. Two rows of
    /// memory, and it stops as soon as a whole row is past `limit`.
    @inlinable
    public static func distance<T: Equatable>(_ x: [T], _ y: [T], limit: Int) -> Int? {
        if abs(x.count - y.count) > limit { return nil }
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var before = [Int](repeating: 0, count: y.count + 1)  // row i - 2
        var previous = Array(0...y.count)                      // row i - 1
        var row = [Int](repeating: 0, count: y.count + 1)      // row i
        for i in 1...x.count {
            row[0] = i
            var rowMin = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var best = Swift.min(previous[j] + 1, row[j - 1] + 1)
                best = Swift.min(best, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    best = Swift.min(best, before[j - 2] + 1)
                }
                row[j] = best
                rowMin = Swift.min(rowMin, best)
            }
            if rowMin > limit { return nil }
            (before, previous, row) = (previous, row, before)
        }
        let d = previous[y.count]
        return d <= limit ? d : nil
    }

    /// How far a word of `length` characters may be from a candidate and still be suggested.
    public static func allowance(_ length: Int) -> Int { Swift.max(2, length / 3) }

    /// Candidates within a distance that grows with the word's length, nearest first. Text is
    /// compared by Unicode scalars (an integer each), not by `Character`s, whose comparison
    /// normalises each time; ASCII candidates, the usual case, are read straight from their
    /// bytes into one reused buffer.
    public static func nearest(_ word: String, in candidates: [String], limit: Int = 3) -> [String] {
        guard word.count <= maxLength else { return [] }
        let typed = word.lowercased().unicodeScalars.map(\.value)
        let maxDistance = allowance(typed.count)
        var buffer: [UInt32] = []
        var scored: [(name: String, distance: Int)] = []
        for c in candidates {
            let bytes = c.utf8.count
            // A scalar is 1 to 4 bytes: a candidate's length in scalars lies within these.
            if bytes < typed.count - maxDistance || (bytes + 3) / 4 > typed.count + maxDistance { continue }
            buffer.removeAll(keepingCapacity: true)
            if c.utf8.allSatisfy({ $0 < 0x80 }) {
                guard abs(bytes - typed.count) <= maxDistance else { continue }
                for b in c.utf8 { buffer.append(UInt32(b >= 65 && b <= 90 ? b + 32 : b)) }
            } else {
                for u in c.lowercased().unicodeScalars { buffer.append(u.value) }
                guard abs(buffer.count - typed.count) <= maxDistance else { continue }
            }
            if let d = distance(typed, buffer, limit: maxDistance) { scored.append((c, d)) }
        }
        scored.sort { a, b in a.distance != b.distance ? a.distance < b.distance : a.name < b.name }
        return scored.prefix(limit).map { $0.name }
    }

    /// "did you mean "a"?" / "did you mean "a" or "b"?", or nil.
    public static func didYouMean(_ word: String, in candidates: [String]) -> String? {
        var n = nearest(word, in: candidates, limit: 2)
        guard let best = n.first else { return nil }
        // Offer a second candidate only when it is as near as the first.
        if n.count == 2 && distance(word, n[1]) > distance(word, best) { n = [best] }
        return "did you mean " + n.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
    }
}
