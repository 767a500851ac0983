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
    static let dotCommands = [".help", ".fields", ".explain", ".format", ".output", ".sources", ".quit"]

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
        let lastPipe = before.lastIndex(of: "|")
        let all = Self.words(before)
        let subject = subjectWords(Self.words(String(before.prefix { $0 != "|" })))
        let family = engine.family(of: subject.joined(separator: " "))
        let trimmed = String(before.drop { $0 == " " || $0 == "\t" })
        if trimmed.hasPrefix(".") {
            let command = trimmed.split(separator: " ").first.map(String.init) ?? ""
            if !trimmed.contains(" ") { return Self.dotCommands }
            switch command {
            case ".format", ".mode": return Format.allCases.map(\.rawValue)
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
        let fields = family.map(engine.fields(of:)) ?? []
        if all.isEmpty { return engine.knownSubjects.sorted() }
        if let pipe = lastPipe {
            let afterPipe = Self.words(String(before[before.index(after: pipe)...]))
            if afterPipe.isEmpty { return Self.stageWords }
            if afterPipe.last == "top" { return [] }
            let offered = columns(before: String(before[..<pipe])) ?? fields + ["by", "asc", "desc", "and", "or", "not"]
            // A grouping's keys may be time units of a date, and "of" names the date.
            let dates = family.map(engine.dateFields(of:)) ?? []
            guard ["total", "count", "average"].contains(afterPipe[0]), afterPipe.contains("by"), !dates.isEmpty else { return offered }
            if afterPipe.last == "of" { return dates }
            return offered + TimeUnit.words + ["of"]
        }
        if subject.count == all.count && !before.hasSuffix(" ") { return engine.knownSubjects.sorted() }
        switch all.last {
        case "in": return ["ward", "council", "constituency", "region", "county", "country"]
        case "of", "by": return engine.knownKinds + engine.knownSubjects.sorted()
        case "paid": return ["by"]
        case "spending": return ["on"]
        case "during": return ["fy"]
        case "where", "and", "or", "not": return fields
        default: return Self.phraseWords + fields + ["|"]
        }
    }

    /// After a total, count or average stage only its columns remain: compile the query up to
    /// the last "|" and offer those. Nil when there is no such stage (every field still applies)
    /// or the text so far does not compile.
    func columns(before text: String) -> [String]? {
        let stages = text.split(separator: "|").dropFirst().compactMap { Self.words(String($0)).first }
        guard stages.contains(where: { ["count", "total", "average"].contains($0) }),
              let query = try? engine.prepare(text) else { return nil }
        return query.columns.map(\.name) + ["by", "asc", "desc", "and", "or", "not"]
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
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var index = 0
}

/// readline's attempted-completion function.
func civicComplete(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    civic_rl_set_attempted_completion_over(1)  // never fall back to file names
    guard let completion = CompletionBridge.completion, let text else { return nil }
    let line = String(cString: civic_rl_line_buffer())
    let prefixBytes = Array(line.utf8).prefix(Int(start))
    let before = CompletionBridge.pending + (CompletionBridge.pending.isEmpty ? "" : "\n") + String(decoding: prefixBytes, as: UTF8.self)
    let typed = String(cString: text)
    let quoteOpen = before.filter { $0 == "\"" }.count % 2 == 1 || before.hasSuffix("'")
    let all = completion.candidates(before: before, inQuote: quoteOpen)
    CompletionBridge.matches = all.filter { $0.lowercased().hasPrefix(typed.lowercased()) }
    CompletionBridge.index = 0
    if CompletionBridge.matches.isEmpty { return nil }
    return rl_completion_matches(text, civicCompletionEntry)
}

/// readline's generator: the next match, malloc'd, or nil.
func civicCompletionEntry(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 { CompletionBridge.index = 0 }
    guard CompletionBridge.index < CompletionBridge.matches.count else { return nil }
    defer { CompletionBridge.index += 1 }
    return strdup(CompletionBridge.matches[CompletionBridge.index])
}
