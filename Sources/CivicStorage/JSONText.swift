/// JSON text, for the JSON civic writes: the `extra` columns the loader stores and the results
/// the JSON formats print. Below both, so that they quote strings one way.
public enum JSONText {
    /// `s` as a JSON string: quote, backslash and control characters (DEL too) escaped.
    public static func quoted(_ s: String) -> String {
        // Nothing to escape (no quote, backslash or control character): quote it as it is.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) { return "\"" + s + "\"" }
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\t": o += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let h = String(u.value, radix: 16)
                    o += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    o.unicodeScalars.append(u)
                }
            }
        }
        return o + "\""
    }
}
