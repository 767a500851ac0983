/// The normal forms the schema's `name_norm` columns hold, and by which names are matched:
/// the loader writes them and the query checker compares typed names with them, so both sides
/// use this one definition (it lives with the schema for that reason).
/// Names: case- and punctuation-insensitive, `&` = `and`.
public enum Normalise {
    /// `"Bromford & Hodge Hill"` → `"bromford and hodge hill"`.
    public static func name(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return asciiName(s) }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for ch in s.lowercased() {
            if ch == "&" {
                if !out.isEmpty { out.append(" ") }
                out.append("and")
                pendingSpace = true
                continue
            }
            if ch.isLetter || ch.isNumber {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(ch)
            } else if ch == "'" || ch == "’" || ch == "." {
                continue  // "children's" = "childrens", "C.E." = "ce"
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    /// The same normal form, byte by byte, for ASCII text (nearly every name published).
    private static func asciiName(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 4)
        var pendingSpace = false
        for var b in s.utf8 {
            if b >= 65 && b <= 90 { b += 32 }
            if b == UInt8(ascii: "&") {
                if !out.isEmpty { out.append(0x20) }
                out.append(contentsOf: [97, 110, 100])  // "and"
                pendingSpace = true
            } else if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(b)
            } else if b == UInt8(ascii: "'") || b == UInt8(ascii: ".") {
                continue
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let companyWords: [String: String] = [
        "limited": "ltd", "ltd": "ltd", "plc": "plc", "company": "co", "co": "co",
        "incorporated": "inc", "inc": "inc", "the": "",
    ]

    /// A supplier's grouping key: the name's normal form with company suffixes folded
    /// (`Limited` = `Ltd`) and a leading `The` dropped.
    public static func supplier(_ s: String) -> String {
        let words = name(s).split(separator: " ").map(String.init)
        var out: [String] = []
        for (i, w) in words.enumerated() {
            if let folded = companyWords[w] {
                if folded.isEmpty && i == 0 { continue }
                out.append(folded.isEmpty ? w : folded)
            } else {
                out.append(w)
            }
        }
        return out.joined(separator: " ")
    }

    /// A postcode's key: capitals, no spaces (`b9 5ss` → `B95SS`), as the lookup stores it.
    public static func postcode(_ s: String) -> String {
        String(String.UnicodeScalarView(s.uppercased().unicodeScalars.filter { !$0.properties.isWhitespace }))
    }

    /// A URL-safe slug: `"Ashmole "` → `"ashmole"`.
    public static func slug(_ s: String) -> String {
        name(s).split(separator: " ").joined(separator: "-")
    }
}
