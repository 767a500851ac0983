/// Did-you-mean: the nearest candidates by edit distance.
public enum Suggestions {
    /// Edit distance with transpositions (optimal string alignment), case-insensitive:
    /// "srot" is one edit from "sort".
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var best = Swift.min(d[i - 1][j] + 1, d[i][j - 1] + 1)
                best = Swift.min(best, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    best = Swift.min(best, d[i - 2][j - 2] + 1)
                }
                d[i][j] = best
            }
        }
        return d[x.count][y.count]
    }

    /// Candidates within a distance that grows with the word's length, nearest first.
    public static func nearest(_ word: String, in candidates: [String], limit: Int = 3) -> [String] {
        let maxDistance = Swift.max(2, word.count / 3)
        var scored: [(name: String, distance: Int)] = []
        for c in candidates {
            let d = distance(word, c)
            if d <= maxDistance { scored.append((c, d)) }
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
