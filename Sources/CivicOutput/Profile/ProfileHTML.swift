import CivicProfile
import CivicQuery
import CivicStorage

/// A profile as one self-contained HTML page: no script, no font or image from the network,
/// its charts inline SVG; a reporter can open, print or attach it.
public enum ProfileHTML {
    public static func page(_ p: Profile) -> String {
        let e = HTMLWriter.escape
        var h = ["<!doctype html>", "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(e(p.title)) — civic profile</title>", "</head><body>",
                 "<h1>\(e(p.title))</h1>"]
        for s in p.sections {
            h.append("<section id=\"\(e(s.id))\"><h2>\(e(s.title))</h2>")
            for b in s.blocks {
                h.append("<h3>\(b.number). \(e(b.title))</h3><p><code>\(e(b.query))</code></p>")
                if let svg = Chart.svg(columns: b.columns, rows: b.rows) { h.append(svg) }
            }
            h.append("</section>")
        }
        h.append("</body></html>")
        return h.joined(separator: "\n") + "\n"
    }
}
