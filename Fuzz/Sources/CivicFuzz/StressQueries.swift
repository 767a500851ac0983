import Foundation

/// Queries of extreme shape, each built from one pattern repeated `n` times: where recursion
/// runs out of stack, SQLite's parser out of room, and a search for suggestions out of time.
/// The pattern's name goes with the input, so that what a crash or a slow input was is plain.
public enum StressQueries {
    public struct Shape: Sendable {
        public var name: String
        public var build: @Sendable (Int, inout FuzzRandom) -> String
    }

    static func rep(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

    public static let shapes: [Shape] = [
        Shape(name: "parens") { n, _ in "institutions where " + rep("(", n) + "name ~ \"a\"" + rep(")", n) },
        Shape(name: "nots") { n, _ in "institutions where " + rep("not ", n) + "name ~ \"a\"" },
        Shape(name: "not-parens") { n, _ in "institutions where " + rep("not (", n) + "name ~ \"a\"" + rep(")", n) },
        Shape(name: "of-parens") { n, _ in "institutions of " + rep("(trusts of ", n) + "council \"Birmingham\"" + rep(")", n) },
        Shape(name: "of-chain") { n, _ in "governors" + rep(" of institutions", n) + " in ward \"Aston\"" },
        Shape(name: "by-parens") { n, _ in "spending by " + rep("(institutions of ", n) + "council \"Bradford\"" + rep(")", n) },
        Shape(name: "paid-by-chain") { n, _ in "suppliers" + rep(" paid by suppliers", n) },
        Shape(name: "top-stages") { n, _ in "spending" + rep(" | top 5", n) },
        Shape(name: "mixed-stages") { n, r in
            let stages = [" | where amount > £5", " | sort amount desc", " | top 5", " | show payer, amount", " | total amount by payer",
                          " | count", " | average total", " | where total > 1"]
            return "spending" + (0..<n).map { _ in r.pick(stages) }.joined()
        },
        Shape(name: "where-stages") { n, _ in "institutions" + rep(" | where name ~ \"a\"", n) },
        Shape(name: "or-chain") { n, _ in "institutions where " + Array(repeating: "name = \"a\"", count: n).joined(separator: " or ") },
        Shape(name: "and-chain") { n, _ in "institutions where " + Array(repeating: "name ~ \"a\"", count: n).joined(separator: " and ") },
        Shape(name: "in-list") { n, _ in "institutions where kind in (" + rep("\"school\", ", n) + "\"x\")" },
        Shape(name: "show-list") { n, _ in "spending | show " + rep("amount, ", n) + "payer" },
        Shape(name: "sort-keys") { n, _ in "spending | sort " + rep("amount desc, ", n) + "date" },
        Shape(name: "group-by") { n, _ in "spending | count by " + Array(repeating: "payer", count: n).joined(separator: ", ") },
        Shape(name: "phrases") { n, r in
            let phrases = [" during 2019", " named \"a\"", " over £5", " under £1m", " in \"Aston\"", " spending on \"youth services\"",
                           " where amount > £1", " by council \"Bradford\""]
            return "spending" + (0..<n).map { _ in r.pick(phrases) }.joined()
        },
        Shape(name: "long-name") { n, r in "councillors in ward \"" + QueryGenerator.letters(n, &r) + "\"" },
        Shape(name: "long-near-name") { n, _ in "wards in council \"Birmingham" + rep("x", n) + "\"" },
        Shape(name: "long-subject") { n, r in QueryGenerator.letters(n, &r) + " in ward \"Aston\"" },
        Shape(name: "long-field") { n, r in "spending | show " + QueryGenerator.letters(n, &r) },
        Shape(name: "long-stage") { n, r in "spending | " + QueryGenerator.letters(n, &r) },
        Shape(name: "long-kind") { n, r in "spending by " + QueryGenerator.letters(n, &r) + " \"Bradford\"" },
        Shape(name: "long-category") { n, r in "spending on \"" + QueryGenerator.text(n, &r).replacingOccurrences(of: "\"", with: "") + "\"" },
        Shape(name: "many-words") { n, r in (0..<n).map { _ in QueryGenerator.letters(r.int(1...8), &r) }.joined(separator: " ") },
        Shape(name: "huge-top") { n, r in "spending | top " + QueryGenerator.digits(n, &r) },
        Shape(name: "huge-number") { n, r in "people where roles > " + QueryGenerator.digits(n, &r) + "." + QueryGenerator.digits(n, &r) },
        Shape(name: "huge-money") { n, r in "spending over £" + QueryGenerator.digits(n, &r) + r.pick(["", "k", "m", "bn"]) },
        Shape(name: "huge-pence") { n, r in "spending over £1." + QueryGenerator.digits(n, &r) },
        Shape(name: "huge-date") { n, r in "spending during " + QueryGenerator.digits(n, &r) + "-01-01" },
        Shape(name: "huge-fy") { n, r in "spending during fy " + QueryGenerator.digits(n, &r) + "/" + QueryGenerator.digits(n, &r) },
        Shape(name: "long-string") { n, r in "institutions named \"" + QueryGenerator.text(n, &r).replacingOccurrences(of: "\"", with: "\"\"") + "\"" },
        Shape(name: "open-strings") { n, _ in "institutions named " + rep("\"a\n", n) },
        Shape(name: "blank") { n, _ in "spending" + rep(" \t\n", n) + "| count" },
        Shape(name: "comments") { n, _ in rep("-- a comment\n", n) + "spending | count" },
        Shape(name: "punctuation") { n, r in String((0..<n).map { _ in r.pick(Array("()|,~=<>!.£\"'-")) }) },
        Shape(name: "bad-chars") { n, r in "spending " + (0..<n).map { _ in r.pick(["#", "@", ";", "$", "^", "{", "}", "[", "]", "\u{0}", "\u{1F600}"]) }.joined() },
    ]
}
