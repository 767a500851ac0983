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
