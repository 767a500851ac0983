import CReadline
import CivicOutput
import CivicQuery
import Foundation

/// Tab completion: keywords, subjects, the fields valid at the cursor, and names from the
/// database inside quotes (wards, councils, constituencies, institutions, categories, suppliers).
final class Completion {
    let engine: QueryEngine
    var cache: [NameList: [String]] = [:]

    static let phraseWords = ["in", "of", "by", "paid by", "named", "during", "over", "under", "where", "spending on"]
    static let stageWords = ["where", "show", "sort", "top", "total", "count", "average", "chart"]
    static let dotCommands = [".help", ".fields", ".explain", ".format", ".output", ".pager", ".timer", ".sources", ".profile", ".quit"]

    init(engine: QueryEngine) {
        self.engine = engine
    }

    func names(_ list: NameList) -> [String] {
        if let c = cache[list] { return c }
        let names = (try? engine.names(list)) ?? []
        cache[list] = names
        return names
    }

    func areaNames(_ kinds: [String]) -> [String] { names(.areas(kinds: kinds)) }

    /// Words of `text` before the cursor, lower-cased, as the lexer would see them (roughly).
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { " \t\n,()".contains($0) }).map(String.init)
    }

    /// Candidates for the word being completed. `before` is the whole query text up to the
    /// start of that word; `quote` is the open quote character, if the word is inside one.
    func candidates(before: String, inQuote quote: Bool) -> [String] {
        let subject = subjectWords(Self.words(String(before.prefix { $0 != "|" })))
        let family = engine.family(of: subject.joined(separator: " "))
        let trimmed = String(before.drop { $0 == " " || $0 == "\t" })
        if trimmed.hasPrefix(".") {
            let command = trimmed.split(separator: " ").first.map(String.init) ?? ""
            if !trimmed.contains(" ") { return Self.dotCommands }
            switch command {
            case ".format", ".mode": return Format.allCases.map(\.rawValue)
            case ".pager", ".timer": return ["on", "off"]
            case ".fields", ".schema": return LanguageSchema.families + engine.knownSubjects.sorted()
            case ".explain":
                // The rest is a query: complete it as one.
                let rest = String(trimmed.dropFirst(command.count)).drop { $0 == " " }
                return candidates(before: String(rest), inQuote: quote)
            default: return []
            }
        }
        if quote {
            let w = Self.words(String(before.dropLast()))
            let last = w.last ?? "", previous = w.dropLast().last ?? ""
            switch last {
            case "ward": return areaNames(["ward"])
            case "council" where previous == "in": return areaNames(["council area"])
            case "constituency": return areaNames(["constituency"])
            case "region": return areaNames(["region"])
            case "county": return areaNames(["county"])
            case "in": return areaNames(["ward", "council area", "constituency", "region", "county"])
            case "on" where previous == "spending":
                return names(.categories)
            case "named":
                switch family {
                case .areas?: return areaNames(["ward", "council area", "constituency"])
                case .suppliers?, .spending?: return names(.suppliers)
                default: return names(.institutions(kind: nil))
                }
            default:
                // An institution kind before a name: council "…", school "…".
                let kind = last
                return names(.institutions(kind: kind))
            }
        }
        var walker = Walker(completion: self, text: before)
        return walker.expected()
    }

    /// After a total, count or average stage only its columns remain: compile the query up to
    /// the last "|" and offer those. Nil when there is no such stage (every field still applies)
    /// or the text so far does not compile.
    func columns(before text: String) -> [ColumnInfo]? {
        let stages = text.split(separator: "|").dropFirst().compactMap { Self.words(String($0)).first }
        guard stages.contains(where: { ["count", "total", "average"].contains($0) }),
              let query = try? engine.prepare(text) else { return nil }
        return query.columns
    }

    func subjectWords(_ words: [String]) -> [String] {
        var best: [String] = []
        for n in stride(from: min(words.count, 4), through: 1, by: -1) where engine.knownSubjects.contains(words.prefix(n).joined(separator: " ")) {
            best = Array(words.prefix(n))
            break
        }
        return best
    }
}

/// The single completion context readline's C callbacks reach.
enum CompletionBridge {
    nonisolated(unsafe) static var completion: Completion?
    nonisolated(unsafe) static var pending = ""
}

/// readline's attempted-completion function. It returns its own list, whose first entry is
/// what replaces the word typed: readline's own common prefix compares case, and would cut
/// `"Keigh` back to `"K` when the names matched differ in case after it.
func civicComplete(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    civic_rl_set_attempted_completion_over(1)  // never fall back to file names
    guard let completion = CompletionBridge.completion, let text else { return nil }
    let line = String(cString: civic_rl_line_buffer())
    let prefixBytes = Array(line.utf8).prefix(Int(start))
    let before = CompletionBridge.pending + (CompletionBridge.pending.isEmpty ? "" : "\n") + String(decoding: prefixBytes, as: UTF8.self)
    let typed = String(cString: text)
    let quoteOpen = before.filter { $0 == "\"" }.count % 2 == 1 || before.hasSuffix("'")
    let matches = Completion.matching(typed, in: completion.candidates(before: before, inQuote: quoteOpen))
    if matches.isEmpty { return nil }
    let entries = [Completion.replacement(typed: typed, matches: matches)] + (matches.count == 1 ? [] : matches)
    // readline frees the list and its entries: both come from malloc.
    let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>(
        OpaquePointer(malloc((entries.count + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)!))
    for (i, e) in entries.enumerated() { list[i] = strdup(e) }
    list[entries.count] = nil
    return list
}

extension Completion {
    /// The candidates that begin with what was typed, compared ignoring case, each once.
    static func matching(_ typed: String, in candidates: [String]) -> [String] {
        let t = typed.lowercased()
        var seen = Set<String>()
        return candidates.filter { $0.lowercased().hasPrefix(t) && seen.insert($0).inserted }
    }

    /// What replaces the typed word: the single match; else what was typed, as typed, extended
    /// by the longest prefix every match shares when case is ignored (its letters taken from the
    /// match whose case is most like what was typed). Never shorter than what was typed.
    static func replacement(typed: String, matches: [String]) -> String {
        guard let first = matches.first else { return typed }
        if matches.count == 1 { return first }
        func sameCase(_ m: String) -> Int { zip(m, typed).prefix { $0 == $1 }.count }
        let base = Array(matches.max { sameCase($0) < sameCase($1) } ?? first)
        let all = matches.map { Array($0.lowercased()) }
        let lowered = Array(String(base).lowercased())
        // Lower-casing keeps the number of characters of the text civic offers (names, words).
        guard lowered.count == base.count else { return typed }
        var n = 0
        while n < lowered.count, all.allSatisfy({ n < $0.count && $0[n] == lowered[n] }) { n += 1 }
        let kept = typed.count
        guard n > kept else { return typed }
        return typed + String(base[kept..<n])
    }
}
