/// Money is stored as integer pence; this is how it reads in machine formats and messages.
public enum Pence {
    /// `12345` pence → `"123.45"`, `-5` → `"-0.05"`.
    public static func pounds(_ pence: Int64) -> String {
        let sign = pence < 0 ? "-" : ""
        let a = pence.magnitude
        let p = a % 100
        return "\(sign)\(a / 100).\(p < 10 ? "0" : "")\(p)"
    }
}

/// Whole numbers as messages and tables show them: `1144876` → `"1,144,876"`.
public enum Digits {
    public static func grouped<T: BinaryInteger>(_ v: T) -> String {
        let digits = String(v.magnitude)
        var out = v < 0 ? "-" : ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
