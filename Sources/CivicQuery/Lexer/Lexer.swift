import CivicDiagnostics

/// Turns query text into tokens. Whitespace and newlines are free; `--` starts a comment to the
/// end of the line. A bad character or a malformed value is reported with its span, and lexing
/// goes on, so several faults can be reported at once.
struct Lexer {
    let bytes: [UInt8]
    var i = 0
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []

    /// The tokens of `source`, ending with `.end`; throws `Diagnostics` if any token is bad.
    static func tokens(_ source: String) throws -> [Token] {
        var l = Lexer(bytes: Array(source.utf8))
        l.run()
        if !l.diagnostics.isEmpty { throw Diagnostics(l.diagnostics) }
        return l.tokens
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    func peek(_ k: Int = 0) -> UInt8? { i + k < bytes.count ? bytes[i + k] : nil }

    func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<b], as: UTF8.self) }

    static func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 48 && $0 <= 57 } ?? false }

    static func isLetter(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b >= 0x80
    }

    mutating func add(_ kind: Token.Kind, _ start: Int, text: String? = nil, pence: Int64? = nil) {
        tokens.append(Token(kind, text ?? self.text(start, i), Diagnostic.Span(start, i), pence: pence))
    }

    mutating func run() {
        while i < bytes.count, diagnostics.count < QueryLimits.lexerFaults {
            let start = i
            let b = bytes[i]
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D:
                i += 1
            case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"):
                while i < bytes.count && bytes[i] != 0x0A { i += 1 }
            case UInt8(ascii: "-") where peek(1) == 0xC2 && peek(2) == 0xA3:
                i += 1
                lexMoney(negativeFrom: start)
            case UInt8(ascii: "-") where Self.isDigit(peek(1)):
                i += 1
                lexNumberLike()
                if var t = tokens.last, t.span.start == start + 1, t.kind == .number {
                    t.text = "-" + t.text
                    t.span = Diagnostic.Span(start, t.span.end)
                    tokens[tokens.count - 1] = t
                }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                lexString(quote: b)
            case 0xC2 where peek(1) == 0xA3:  // £
                lexMoney()
            case _ where Self.isDigit(b):
                lexNumberLike()
            case _ where Self.isLetter(b):
                lexWord()
            case UInt8(ascii: "|"): i += 1; add(.pipe, start)
            case UInt8(ascii: ","): i += 1; add(.comma, start)
            case UInt8(ascii: "("): i += 1; add(.leftParen, start)
            case UInt8(ascii: ")"): i += 1; add(.rightParen, start)
            case UInt8(ascii: "~"): i += 1; add(.tilde, start)
            case UInt8(ascii: "="):
                i += 1
                if peek() == UInt8(ascii: "=") { i += 1 }
                add(.equal, start)
            case UInt8(ascii: "!") where peek(1) == UInt8(ascii: "="): i += 2; add(.notEqual, start)
            case UInt8(ascii: "<"):
                i += 1
                if peek() == UInt8(ascii: "=") { i += 1; add(.lessEqual, start) }
                else if peek() == UInt8(ascii: ">") { i += 1; add(.notEqual, start) }
                else { add(.less, start) }
            case UInt8(ascii: ">"):
                i += 1
                if peek() == UInt8(ascii: "=") { i += 1; add(.greaterEqual, start) } else { add(.greater, start) }
            case UInt8(ascii: ".") where peek(1) == UInt8(ascii: "."): i += 2; add(.dotDot, start)
            case UInt8(ascii: ";"):
                i += 1
                diagnostics.append(Diagnostic(id: .unexpectedSemicolon, message: "a query does not end with \";\"",
                                              span: .init(start, i), suggestion: "to run several queries, put each in its own argument or use `civic query -f FILE`"))
            default:
                // Skip one whole UTF-8 character.
                i += 1
                while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
                diagnostics.append(Diagnostic(id: .unexpectedCharacter, message: "unexpected character \(text(start, i).debugDescription)",
                                              span: .init(start, i)))
            }
        }
        tokens.append(Token(.end, "", Diagnostic.Span(bytes.count, bytes.count)))
    }

    mutating func lexString(quote: UInt8) {
        let start = i
        i += 1
        var value: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == quote {
                if peek(1) == quote { value.append(quote); i += 2; continue }  // "" inside "…"
                i += 1
                add(.string, start, text: String(decoding: value, as: UTF8.self))
                return
            }
            if b == 0x0A {
                break
            }
            value.append(b)
            i += 1
        }
        diagnostics.append(Diagnostic(id: .unclosedString, message: "this string is never closed",
                                      span: .init(start, i), expected: "a closing \(quote == 0x22 ? "\"" : "'") on the same line"))
    }

    mutating func lexWord() {
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if Self.isLetter(b) || Self.isDigit(b) { i += 1; continue }
            // Apostrophes belong to words: children's, magistrates'.
            if b == UInt8(ascii: "'") && i > start {
                if Self.isLetter(peek(1)) || bytes[i - 1] == UInt8(ascii: "s") { i += 1; continue }
            }
            if b == 0xE2 && peek(1) == 0x80 && peek(2) == 0x99 { i += 3; continue }  // ’
            break
        }
        add(.word, start)
    }

    /// Numbers, dates (2024-03-31), months (2012-06) and financial years (2023/24).
    mutating func lexNumberLike() {
        let start = i
        while Self.isDigit(peek()) { i += 1 }
        let digits = i - start
        if digits == 4 && peek() == UInt8(ascii: "-") && Self.isDigit(peek(1)) {
            i += 1
            let m = i
            while Self.isDigit(peek()) { i += 1 }
            guard i - m == 2 else { return bad(start, .dateOrMonth, "a date like 2024-03-31 or a month like 2012-06") }
            if peek() == UInt8(ascii: "-") && Self.isDigit(peek(1)) {
                i += 1
                let d = i
                while Self.isDigit(peek()) { i += 1 }
                guard i - d == 2 else { return bad(start, .dateOrMonth, "a date like 2024-03-31") }
                let y = Int(text(start, start + 4))!, mo = Int(text(m, m + 2))!, da = Int(text(d, d + 2))!
                guard Calendar.isValid(year: y, month: mo, day: da) else {
                    return bad(start, .badDate, "a date that exists, like 2024-03-31", message: "\(text(start, i)) is not a date")
                }
                return add(.date, start)
            }
            guard let mo = Int(text(m, m + 2)), (1...12).contains(mo) else {
                return bad(start, .badDate, "a month like 2012-06", message: "\(text(start, i)) is not a month")
            }
            return add(.month, start)
        }
        if digits == 4 && peek() == UInt8(ascii: "/") && Self.isDigit(peek(1)) {
            i += 1
            while Self.isDigit(peek()) { i += 1 }
            return add(.fiscalYear, start)
        }
        if peek() == UInt8(ascii: ".") && Self.isDigit(peek(1)) {
            i += 1
            while Self.isDigit(peek()) { i += 1 }
        }
        if Self.isLetter(peek()) {
            while Self.isLetter(peek()) || Self.isDigit(peek()) { i += 1 }
            return bad(start, .badNumber, "a number, or money written with £ like £20k", message: "\(text(start, i).debugDescription) is not a number")
        }
        add(.number, start)
    }

    mutating func bad(_ start: Int, _ id: DiagnosticID, _ expected: String, message: String? = nil) {
        // Swallow the rest of a run of value characters so one typo gives one error.
        while i < bytes.count, Self.isDigit(bytes[i]) || Self.isLetter(bytes[i]) || bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "/") { i += 1 }
        diagnostics.append(Diagnostic(id: id, message: message ?? "\(text(start, i).debugDescription) is not a value",
                                      span: .init(start, i), expected: expected))
    }

    /// `£1,234.50`, `£20k`, `£1.5m`, `£2bn`.
    mutating func lexMoney(negativeFrom: Int? = nil) {
        let start = negativeFrom ?? i
        i += 2
        let numStart = i
        while i < bytes.count, Self.isDigit(bytes[i]) || bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: ".") { i += 1 }
        let number = text(numStart, i)
        var suffix = ""
        let sufStart = i
        while Self.isLetter(peek()) { i += 1 }
        suffix = text(sufStart, i).lowercased()
        let scale: Int
        switch suffix {
        case "": scale = 0
        case "k": scale = 3
        case "m": scale = 6
        case "bn", "b": scale = 9
        default:
            return moneyError(start, "unknown money suffix \"\(suffix)\"")
        }
        guard !number.isEmpty, let pence = Money.pence(number, scale: scale) else {
            return moneyError(start, "\(text(start, i)) is not an amount of money")
        }
        add(.money, start, pence: negativeFrom == nil ? pence : -pence)
    }

    mutating func moneyError(_ start: Int, _ message: String) {
        while i < bytes.count, Self.isDigit(bytes[i]) || Self.isLetter(bytes[i]) || bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: ".") { i += 1 }
        diagnostics.append(Diagnostic(id: .badMoney, message: message, span: .init(start, i),
                                      expected: "money like £500, £1,234.50, £20k, £1.5m or £2bn"))
    }
}

/// Money literals of the language, in pence.
enum Money {
    /// "1,234.50" at scale 0 → 123450; "1.5" at scale 6 (millions) → 150000000.
    static func pence(_ s: String, scale: Int) -> Int64? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty || parts.count == 2 else { return nil }
        if whole.contains(",") {
            let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
            guard let g0 = groups.first, (1...3).contains(g0.count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        let intDigits = whole.filter { $0 != "," }
        let frac = parts.count == 2 ? String(parts[1]) : ""
        guard intDigits.allSatisfy(\.isNumber), frac.allSatisfy(\.isNumber), !(intDigits.isEmpty && frac.isEmpty) else { return nil }
        let shift = scale + 2
        guard frac.count <= shift else { return nil }  // no fractions of a penny
        let padded = frac + String(repeating: "0", count: shift - frac.count)
        let all = (intDigits + padded).drop { $0 == "0" }
        guard all.count <= 17 else { return nil }
        return Int64(all.isEmpty ? "0" : String(all))
    }
}

enum Calendar {
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let days: Int
        switch month {
        case 2: days = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: days = 30
        default: days = 31
        }
        return day <= days
    }
}
