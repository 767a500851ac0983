import CivicOutput
import Foundation

enum Terminal {
    /// A line on stderr.
    static func err(_ s: String) { errRaw(s + "\n") }

    static func errRaw(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }

    static func stdout(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }
}

extension Int {
    /// `121109` → `"121,109"`.
    var formatted: String {
        let digits = String(magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (self < 0 ? "-" : "") + out
    }
}

/// A plain aligned text table (the full set of output formats lives in CivicOutput later).
enum TextTable {
    static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var widths = header.map(DisplayWidth.of)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(c)))
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line))
            .joined(separator: "\n")
    }
}
