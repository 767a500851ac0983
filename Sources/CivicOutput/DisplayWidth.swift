/// How many columns of a terminal text takes, as `wcwidth` counts them: East Asian wide and
/// fullwidth characters 2, combining marks, format characters (the zero-width joiner) and
/// Hangul's medial and final jamo 0, an emoji drawn as an emoji 2, anything else 1. A character
/// of several scalars (a ZWJ sequence 👩‍💻, a flag, a skin tone) is one emoji: 2 columns.
public enum DisplayWidth {
    /// The columns `s` takes.
    public static func of(_ s: String) -> Int {
        // ASCII text (most cells) is one column a byte.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s.utf8.count }
        var w = 0
        for c in s { w += of(c) }
        return w
    }

    /// The columns one character (a grapheme cluster) takes.
    public static func of(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count == 1 { return of(first) }
        // An emoji sequence is drawn as one emoji: a base with emoji presentation, or any emoji
        // asked for as one with VS16 (U+FE0F), keycaps and ZWJ sequences included.
        if first.properties.isEmojiPresentation { return 2 }
        if first.properties.isEmoji && scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        var w = 0
        for u in scalars { w += of(u) }
        return w
    }

    /// The columns one scalar takes (control characters: 0; they are shown escaped anyway).
    public static func of(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }
        if v < 0xA0 { return 0 }
        if v < 0x300 { return 1 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return 0 }  // Hangul medial and final jamo
        if u.properties.isEmojiPresentation { return 2 }
        return isWide(v) ? 2 : 1
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks of `EastAsianWidth.txt`, in order: the
    /// scripts and symbols a table of UK data may meet, not every last code point.
    static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F,    // Hangul Jamo, initial consonants
        0x231A...0x231B, 0x2329...0x232A,
        0x2E80...0x303E,    // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
        0x3041...0x33FF,    // Hiragana, Katakana, Bopomofo, Hangul compatibility jamo, Kanbun, enclosed CJK
        0x3400...0x4DBF,    // CJK extension A
        0x4E00...0x9FFF,    // CJK unified ideographs
        0xA000...0xA4CF,    // Yi
        0xA960...0xA97F,    // Hangul Jamo extended A
        0xAC00...0xD7A3,    // Hangul syllables
        0xF900...0xFAFF,    // CJK compatibility ideographs
        0xFE10...0xFE19,    // vertical forms
        0xFE30...0xFE6F,    // CJK compatibility forms, small form variants
        0xFF00...0xFF60,    // fullwidth forms
        0xFFE0...0xFFE6,    // fullwidth signs
        0x16FE0...0x16FE4, 0x17000...0x18CFF,  // Tangut, Khitan
        0x1B000...0x1B2FF,  // Kana supplement and extensions, Nüshu
        0x1F200...0x1F2FF,  // enclosed ideographic supplement
        0x1F300...0x1F64F,  // pictographs and emoticons
        0x1F900...0x1F9FF,  // supplemental symbols and pictographs
        0x20000...0x2FFFD,  // CJK extensions B to F
        0x30000...0x3FFFD,  // CJK extensions G and H
    ]

    static func isWide(_ v: UInt32) -> Bool {
        var lo = 0, hi = wide.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if v < wide[mid].lowerBound { hi = mid - 1 } else if v > wide[mid].upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// `s` cut to at most `width` columns, ending in `…` when anything was cut.
    public static func truncate(_ s: String, to width: Int) -> String {
        guard of(s) > width else { return s }
        guard width > 0 else { return "" }
        var out = ""
        var w = 0
        for c in s {
            let cw = of(c)
            if w + cw > width - 1 { break }
            out.append(c)
            w += cw
        }
        return out + "…"
    }

    /// Spaces that pad `s` to `width` columns.
    static func padding(_ s: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - of(s)))
    }
}
