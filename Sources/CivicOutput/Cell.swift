import CivicQuery
import CivicStorage

/// How values read in each format. Money is stored in pence.
enum Cell {
    /// `123456` pence → `"1234.56"` (CSV, JSON).
    static func pounds(_ pence: Int64) -> String { Pence.pounds(pence) }

    /// `123456` pence → `"£1,234.56"`, negatives `"-£1,234.56"` (table, Markdown).
    static func money(_ pence: Int64) -> String {
        let sign = pence < 0 ? "-" : ""
        let a = pence.magnitude
        let p = a % 100
        return "\(sign)£\(grouped(a / 100)).\(p < 10 ? "0" : "")\(p)"
    }

    static func grouped<T: BinaryInteger>(_ v: T) -> String { Digits.grouped(v) }

    /// The human form of a value of a column.
    static func text(_ v: Value, _ type: FieldType) -> String {
        switch (v, type) {
        case (.null, _): return ""
        case (.integer(let p), .money): return money(p)
        case (.real(let d), .money): return money(Int64(d.rounded()))
        case (.integer(let i), .count): return grouped(i)
        case (.real(let d), .number), (.real(let d), .count):
            let r = (d * 100).rounded() / 100
            return r == r.rounded() ? grouped(Int64(r)) : String(r)
        default: return v.description
        }
    }

    /// The plain form for machine formats: pounds with two decimals, plain integers, ISO dates.
    static func plain(_ v: Value, _ type: FieldType) -> String {
        switch (v, type) {
        case (.null, _): return ""
        case (.integer(let p), .money): return pounds(p)
        case (.real(let d), .money): return pounds(Int64(d.rounded()))
        default: return v.description
        }
    }

    /// Whole output text for a terminal: line ends and tabs stay, every other control character
    /// (C0, DEL, C1) is shown escaped.
    static func safeForTerminalText(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t") || (0x7F..<0xA0).contains($0.value) }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            switch u.value {
            case 0x0A, 0x0D, 0x09: out.unicodeScalars.append(u)
            case 0x00..<0x20, 0x7F, 0x80..<0xA0: out += "\\u{\(String(u.value, radix: 16))}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Escapes control characters so no escape sequence in the data reaches a terminal.
    static func safeForTerminal(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00..<0x20, 0x7F, 0x80..<0xA0: out += "\\u{\(String(u.value, radix: 16))}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
