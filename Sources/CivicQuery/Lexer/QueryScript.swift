/// Splits a script of several queries separated by `;` (outside strings and comments).
public enum QueryScript {
    /// Each query's text and its byte offset in the script; empty pieces are dropped.
    public static func split(_ script: String) -> [(text: String, offset: Int)] {
        let bytes = Array(script.utf8)
        var out: [(String, Int)] = []
        var start = 0
        var i = 0
        var quote: UInt8? = nil
        func flush(_ end: Int) {
            let piece = String(decoding: bytes[start..<end], as: UTF8.self)
            if piece.contains(where: { !$0.isWhitespace }) && !isOnlyComments(piece) { out.append((piece, start)) }
        }
        while i < bytes.count {
            let b = bytes[i]
            if let q = quote {
                if b == q { quote = nil } else if b == 0x0A { quote = nil }
            } else if b == UInt8(ascii: "\"") || (b == UInt8(ascii: "'") && (i == 0 || !isWordByte(bytes[i - 1]))) {
                quote = b
            } else if b == UInt8(ascii: "-") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-") {
                while i < bytes.count && bytes[i] != 0x0A { i += 1 }
                continue
            } else if b == UInt8(ascii: ";") {
                flush(i)
                start = i + 1
            }
            i += 1
        }
        flush(bytes.count)
        return out
    }

    /// The 1-based line of `script` that byte `offset` stands on.
    public static func line(at offset: Int, in script: String) -> Int {
        var line = 1
        for b in script.utf8.prefix(offset) where b == 0x0A { line += 1 }
        return line
    }

    static func isWordByte(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b >= 0x80 }

    static func isOnlyComments(_ s: String) -> Bool {
        s.split(separator: "\n").allSatisfy { line in
            let t = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            return t.isEmpty || t.hasPrefix("--")
        }
    }
}
