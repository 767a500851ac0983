/// Typed parsers for the values UK public data publishes. Each returns nil when the text is
/// not of its kind; the caller turns that into a located error that says what was expected.
public enum FieldParsers {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// A date as ISO `YYYY-MM-DD`, from `25/06/2012`, `2021-04-01`, `20-Jan-17` or `20110701`.
    /// Day-first always (UK): `01/02/2012` is 1 February. The date must exist in the calendar.
    public static func date(_ raw: String) -> String? {
        let s = raw.trimmingSpaces
        var bytes = s  // a copy to read in place, so that `s` itself can be the answer
        return bytes.withUTF8 { u -> String? in
            // Already ISO: the text itself is the answer when the date exists, with no new string.
            if u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
               let y = digits(u, 0, 4), let m = digits(u, 5, 2), let d = digits(u, 8, 2) {
                return isValid(year: y, month: m, day: d) ? s : nil
            }
            return date(bytes: u)
        }
    }

    @inline(__always)
    private static func digits(_ u: UnsafeBufferPointer<UInt8>, _ from: Int, _ count: Int) -> Int? {
        var v = 0
        for i in from..<(from + count) {
            let c = u[i]
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    private static func date(bytes u: UnsafeBufferPointer<UInt8>) -> String? {
        func digits(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= u.count, !r.isEmpty else { return nil }
            var v = 0
            for i in r {
                let c = u[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        var y: Int?, m: Int?, d: Int?
        switch u.count {
        case 10 where u[2] == UInt8(ascii: "/") && u[5] == UInt8(ascii: "/"):
            d = digits(0..<2); m = digits(3..<5); y = digits(6..<10)
        case 10 where u[4] == UInt8(ascii: "-") && u[7] == UInt8(ascii: "-"):
            y = digits(0..<4); m = digits(5..<7); d = digits(8..<10)
        case 8 where digits(0..<8) != nil:
            y = digits(0..<4); m = digits(4..<6); d = digits(6..<8)
        case 9 where u[2] == UInt8(ascii: "-") && u[6] == UInt8(ascii: "-"),
             11 where u[2] == UInt8(ascii: "-") && u[6] == UInt8(ascii: "-"):
            d = digits(0..<2)
            let mon = String(decoding: u[3..<6], as: UTF8.self).lowercased()
            m = months.firstIndex(of: mon).map { $0 + 1 }
            if u.count == 9 {
                // Two-digit years: 00–69 are 2000s, 70–99 are 1900s.
                y = digits(7..<9).map { $0 < 70 ? 2000 + $0 : 1900 + $0 }
            } else {
                y = digits(7..<11)
            }
        default:
            return nil
        }
        guard let year = y, let month = m, let day = d, isValid(year: year, month: month, day: day) else { return nil }
        return iso(year: year, month: month, day: day)
    }

    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard year >= 1000 && year <= 9999, month >= 1 && month <= 12, day >= 1 else { return false }
        return day <= daysIn(year: year, month: month)
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD` for a year of 0–9999 (the caller has checked the date exists).
    public static func iso(year: Int, month: Int, day: Int) -> String {
        String(unsafeUninitializedCapacity: 10) { b in
            b[0] = UInt8(48 + year / 1000 % 10); b[1] = UInt8(48 + year / 100 % 10)
            b[2] = UInt8(48 + year / 10 % 10); b[3] = UInt8(48 + year % 10); b[4] = 45
            b[5] = UInt8(48 + month / 10 % 10); b[6] = UInt8(48 + month % 10); b[7] = 45
            b[8] = UInt8(48 + day / 10 % 10); b[9] = UInt8(48 + day % 10)
            return 10
        }
    }

    /// An amount of money in integer pence. Accepts `1,800`, `£1,234.50`, `(264,795.53)`,
    /// `-12.0`, `-£5`, and any number of decimals; `scale` is the power of ten the published unit
    /// stands for (0 for pounds, 3 for £ thousand). Rounds half away from zero to the penny.
    public static func money(_ raw: String, scale: Int = 0) -> Int64? {
        if case .pence(let p) = parseMoney(raw, scale: scale) { return p }
        return nil
    }

    /// What an amount of money's text is: pence, an amount well written but beyond what 64 bits
    /// of pence hold (about £92 quadrillion), or not an amount at all.
    public enum Money: Equatable, Sendable {
        case pence(Int64)
        case tooLarge
        case malformed
    }

    /// As `money`, telling an amount too large to count from text that is not an amount.
    /// Blanks at either end (spaces, tabs, line ends, no-break spaces) are trimmed first: the
    /// loader hands over a field's text as published.
    public static func parseMoney(_ raw: String, scale: Int = 0) -> Money {
        var raw = raw.trimmingSpaces
        return raw.withUTF8 { money(bytes: $0[...], scale: scale) }
    }

    private static func money(bytes: Slice<UnsafeBufferPointer<UInt8>>, scale: Int) -> Money {
        var u = bytes
        var negative = false
        if u.first == UInt8(ascii: "("), u.last == UInt8(ascii: ")") {
            negative = true
            u = u.dropFirst().dropLast()
        }
        if u.first == UInt8(ascii: "-") {
            // "(-5)" says minus twice: which was meant is anyone's guess, so it is refused.
            guard !negative else { return .malformed }
            negative = true
            u = u.dropFirst()
        }
        if u.starts(with: [0xC2, 0xA3]) { u = u.dropFirst(2) }  // "£"
        if u.first == UInt8(ascii: "-") && !negative { negative = true; u = u.dropFirst() }
        guard let f = u.first, f != UInt8(ascii: "-"), f != UInt8(ascii: "(") else { return .malformed }  // "(-5)", "--5"
        // Whole part: digits, optionally grouped in threes by commas; then an optional fraction.
        var pence: Int64 = 0
        var i = u.startIndex
        var groupLength = 0, groups = 0, firstGroup = 0, firstDigit: UInt8 = 0
        var sawDigit = false
        var overflow = false
        while i < u.endIndex, u[i] != UInt8(ascii: ".") {
            let b = u[i]
            if b == UInt8(ascii: ",") {
                if groups == 0 { firstGroup = groupLength } else if groupLength != 3 { return .malformed }
                guard groupLength > 0 else { return .malformed }
                groups += 1
                groupLength = 0
            } else if b >= 48 && b <= 57 {
                if !sawDigit { firstDigit = b }
                sawDigit = true
                groupLength += 1
                // Past 64 bits the text is still read to its end: an amount too large to count
                // is told apart from text that is no amount.
                let (m, o1) = pence.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(b - 48))
                if o1 || o2 { overflow = true }
                pence = a
            } else {
                return .malformed
            }
            i += 1
        }
        if groups > 0 {
            // "1,800" and "264,795.53", but not "1,23", "12,34.5" or "0,500".
            guard groupLength == 3, (1...3).contains(firstGroup), firstDigit != 48 else { return .malformed }
        }
        var fraction = u[u.endIndex...]
        if i < u.endIndex {
            fraction = u[(i + 1)...]
            guard fraction.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return .malformed }
        }
        guard sawDigit || !fraction.isEmpty else { return .malformed }
        // value × 10^scale in pence: shift the point by scale + 2 places, rounding half away from zero.
        let shift = scale + 2
        var digits = fraction.makeIterator()
        for _ in 0..<shift {
            let d = digits.next().map { Int64($0 - 48) } ?? 0
            let (m, o1) = pence.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(d)
            if o1 || o2 { overflow = true }
            pence = a
        }
        if let next = digits.next(), next >= UInt8(ascii: "5") {
            // Rounding up can carry past the largest amount (92,233,720,368,547,758.075).
            let (up, over) = pence.addingReportingOverflow(1)
            if over { overflow = true }
            pence = up
        }
        if overflow { return .tooLarge }
        return .pence(negative ? -pence : pence)
    }

    /// A whole number, also accepted when published as a float with a zero fraction (`436.0`)
    /// or with thousands separators (`1,144,876`).
    public static func integer(_ raw: String) -> Int64? {
        var s = Substring(raw.trimmingSpaces)
        if let dot = s.firstIndex(of: ".") {
            guard s[s.index(after: dot)...].allSatisfy({ $0 == "0" }) else { return nil }
            s = s[..<dot]
        }
        let negative = s.hasPrefix("-")
        if negative { s = s.dropFirst() }
        guard let digits = groupedDigits(s) else { return nil }
        return Int64(digits).map { negative ? -$0 : $0 }
    }

    /// Digits with optional thousands separators in groups of three (`1,144,876`), or nil.
    static func groupedDigits(_ s: Substring) -> String? {
        guard !s.isEmpty else { return nil }
        var digits = String(s)
        if s.contains(",") {
            let groups = s.split(separator: ",", omittingEmptySubsequences: false)
            guard let first = groups.first, (1...3).contains(first.count), !(first.hasPrefix("0")) else { return nil }
            for g in groups.dropFirst() where g.count != 3 { return nil }
            digits = groups.joined()
        }
        return digits.allSatisfy(\.isASCIIDigit) ? digits : nil
    }

    /// A code (ONS, MHCLG, ODS, URN, …): kept as text, leading zeros and all, only trimmed.
    /// The loader reads every code and reference it looks up through this (institution, area,
    /// category and person codes, `scheme:code` references).
    public static func code(_ raw: String) -> String? {
        let s = raw.trimmingSpaces
        return s.isEmpty ? nil : s
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// Trimmed of spaces, tabs, line ends and no-break spaces.
    var trimmingSpaces: String {
        // Nearly every field has nothing to trim: look at its first and last bytes only, in the
        // string's own storage (UTF8View.last walks indices, and showed in profiles).
        let untrimmed = utf8.withContiguousStorageIfAvailable { b -> Bool in
            guard let f = b.first, let l = b.last else { return false }
            return f != 0x20 && f != 0x09 && f != 0x0A && f != 0x0D && f != 0xC2
                && l != 0x20 && l != 0x09 && l != 0x0A && l != 0x0D && l != 0xA0
        }
        if untrimmed == true { return self }
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        func blank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{A0}" }
        while start < end && blank(scalars[start]) { start = scalars.index(after: start) }
        while end > start && blank(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
