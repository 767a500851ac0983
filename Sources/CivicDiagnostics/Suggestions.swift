/// Did-you-mean: the nearest candidates by edit distance.
public enum Suggestions {
    /// Levenshtein distance over characters, case-insensitive.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let substitution: Int = prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                let deletion: Int = prev[j] + 1
                let insertion: Int = cur[j - 1] + 1
                cur[j] = Swift.min(substitution, deletion, insertion)
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
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
        let n = nearest(word, in: candidates, limit: 2)
        guard !n.isEmpty else { return nil }
        return "did you mean " + n.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
    }
}
