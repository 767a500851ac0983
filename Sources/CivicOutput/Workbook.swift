import CivicQuery
import CivicStorage
import Foundation
import ZIPFoundation

/// An Office Open XML workbook (`.xlsx`): the result on a sheet named "Result", with typed cells,
/// and the citation on a second sheet, "Sources".
///
/// - money is a number in pounds with a currency format (`£#,##0.00`), so it sums as it is;
/// - counts and numbers are numbers;
/// - a date (`2024-03-31`) is a spreadsheet date, shown as ISO; a month or period label stays text;
/// - everything else is text (an inline string), so a code keeps its leading zeros and a cell
///   beginning `=` is never a formula (no guard is needed, unlike CSV).
///
/// A workbook is a zip file and cannot be streamed: the sheet is written row by row to a
/// temporary file, and zipped (with ZIPFoundation) when the result ends, so memory stays bounded.
struct XLSXWriter: ResultWriter {
    /// What went wrong, shared with the runner, which says so; and the temporary folder, removed
    /// when the writer is gone, so a query that fails half-way leaves nothing behind.
    final class Status {
        var failure: String?
        var folder: URL?
        var sheet: FileHandle?

        deinit {
            try? sheet?.close()
            if let folder { try? FileManager.default.removeItem(at: folder) }
        }
    }

    /// The most rows a sheet holds (Excel's limit, and LibreOffice's), the header included.
    static let maxRows = 1_048_576

    let bytes: ([UInt8]) -> Void
    let err: Sink
    let status = Status()
    var columns: [ColumnInfo] = []
    private var pending = ""
    private var rowNumber = 1

    init(bytes: @escaping ([UInt8]) -> Void, err: @escaping Sink) {
        self.bytes = bytes
        self.err = err
    }

    // MARK: cells

    /// `0` → `A`, `25` → `Z`, `26` → `AA`.
    static func columnName(_ i: Int) -> String {
        var n = i + 1, s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// Text for XML: `& < > "` escaped; characters XML 1.0 cannot hold (controls other than tab
    /// and line ends) written as the `_xHHHH_` escape spreadsheets read.
    static func xml(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\"" || ($0.value < 0x20 && $0.value != 9 && $0.value != 10 && $0.value != 13) || $0.value == 0xFFFE || $0.value == 0xFFFF }) else { return s }
        var o = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default:
                if (u.value < 0x20 && u.value != 9 && u.value != 10 && u.value != 13) || u.value == 0xFFFE || u.value == 0xFFFF {
                    let h = String(u.value, radix: 16, uppercase: true)
                    o += "_x" + String(repeating: "0", count: 4 - h.count) + h + "_"
                } else {
                    o.unicodeScalars.append(u)
                }
            }
        }
        return o
    }

    /// Days since 1899-12-30 (the spreadsheet epoch) for an ISO date `YYYY-MM-DD`, or nil.
    static func serialDay(_ s: String) -> Int? {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D,
              let y = Int(s.prefix(4)), let m = Int(s.dropFirst(5).prefix(2)), let d = Int(s.suffix(2)),
              (1...12).contains(m), (1...31).contains(d), y >= 1900 else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm), then from 1899-12-30.
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468  // since 1970-01-01
        return days + 25569
    }

    static func textCell(_ ref: String, _ s: String, style: Int = 0) -> String {
        "<c r=\"\(ref)\" t=\"inlineStr\"\(style > 0 ? " s=\"\(style)\"" : "")><is><t xml:space=\"preserve\">\(xml(s))</t></is></c>"
    }

    /// One cell of a result. Styles: 1 money, 2 date, 3 header.
    static func cell(_ v: Value, _ type: FieldType, _ ref: String) -> String {
        switch (v, type) {
        case (.null, _): return ""
        case (.integer(let p), .money): return "<c r=\"\(ref)\" s=\"1\"><v>\(Cell.pounds(p))</v></c>"
        case (.real(let d), .money): return "<c r=\"\(ref)\" s=\"1\"><v>\(Cell.pounds(Int64(d.rounded())))</v></c>"
        case (.integer(let i), _) where type.isNumber: return "<c r=\"\(ref)\"><v>\(i)</v></c>"
        case (.real(let d), _) where type.isNumber && d.isFinite: return "<c r=\"\(ref)\"><v>\(d)</v></c>"
        case (.text(let s), .date):
            if let day = serialDay(s) { return "<c r=\"\(ref)\" s=\"2\"><v>\(day)</v></c>" }
            return textCell(ref, s)
        default: return textCell(ref, Cell.plain(v, type))
        }
    }

    // MARK: writing

    mutating func begin(columns: [ColumnInfo]) {
        self.columns = columns
        do {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("civic-xlsx-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            status.folder = folder
            let path = folder.appendingPathComponent("sheet1.xml")
            guard FileManager.default.createFile(atPath: path.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown)
            }
            status.sheet = try FileHandle(forWritingTo: path)
        } catch {
            status.failure = "a temporary file could not be made (\(error.localizedDescription))"
            return
        }
        let widths = columns.enumerated().map { i, c in
            "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(max(10, min(60, c.name.count + 4, c.type == .text ? 30 : 18)))\" customWidth=\"1\"/>"
        }.joined()
        pending = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
            + (columns.isEmpty ? "" : "<cols>\(widths)</cols>")
            + "<sheetData><row r=\"1\">"
            + columns.enumerated().map { i, c in Self.textCell("\(Self.columnName(i))1", c.name, style: 3) }.joined()
            + "</row>"
    }

    mutating func row(_ values: [Value], synthetic: Bool) {
        guard status.failure == nil else { return }
        guard rowNumber < Self.maxRows else {
            status.failure = "a sheet holds at most \(Cell.grouped(Self.maxRows - 1)) rows and this result has more: use --format csv"
            return
        }
        rowNumber += 1
        let r = String(rowNumber)
        pending += "<row r=\"\(r)\">"
        for (i, (v, c)) in zip(values, columns).enumerated() { pending += Self.cell(v, c.type, Self.columnName(i) + r) }
        pending += "</row>"
        if pending.utf8.count >= 1 << 16 { flush() }
    }

    private mutating func flush() {
        guard let sheet = status.sheet, status.failure == nil else { pending = ""; return }
        do { try sheet.write(contentsOf: Data(pending.utf8)) } catch { status.failure = "\(error.localizedDescription)" }
        pending = ""
    }

    mutating func end(footer: Footer) {
        pending += "</sheetData></worksheet>"
        flush()
        try? status.sheet?.close()
        status.sheet = nil
        guard let folder = status.folder, status.failure == nil else { return }
        defer { try? FileManager.default.removeItem(at: folder); status.folder = nil }
        do {
            let book = folder.appendingPathComponent("book.xlsx")
            let archive = try Archive(url: book, accessMode: .create)
            func add(_ path: String, _ text: String) throws {
                let data = Data(text.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            try add("[Content_Types].xml", Self.contentTypes)
            try add("_rels/.rels", Self.rootRels)
            try add("xl/workbook.xml", Self.workbook)
            try add("xl/_rels/workbook.xml.rels", Self.workbookRels)
            try add("xl/styles.xml", Self.styles)
            try archive.addEntry(with: "xl/worksheets/sheet1.xml", fileURL: folder.appendingPathComponent("sheet1.xml"), compressionMethod: .deflate)
            try add("xl/worksheets/sheet2.xml", Self.sourcesSheet(footer))
            // Passed on in pieces, so a large workbook is never held whole.
            let handle = try FileHandle(forReadingFrom: book)
            defer { try? handle.close() }
            while let piece = try handle.read(upToCount: 1 << 16), !piece.isEmpty { bytes([UInt8](piece)) }
        } catch {
            status.failure = "\(error.localizedDescription)"
        }
    }

    /// The second sheet: rows and the warning, notes, the query and each source, one per line.
    static func sourcesSheet(_ footer: Footer) -> String {
        var lines: [[String]] = [[footer.rows == 1 ? "1 row" : "\(Cell.grouped(footer.rows)) rows"]]
        if let w = footer.syntheticWarning { lines.append([w]) }
        for n in footer.notes { lines.append([n]) }
        if let c = footer.citation {
            lines.append([])
            lines.append(["Query", c.query])
            lines.append([])
            lines.append(["Publisher", "Title", "Period", "Licence", "File", "Synthetic", "Found at", "Retrieved"])
            for s in c.sources {
                lines.append([s.publisher, s.title, s.period, s.licence, s.file, s.synthetic ? "yes (synthetic demo data)" : "no", s.url ?? "", s.retrieved ?? ""])
            }
            if c.sources.isEmpty { lines.append(["(no rows, so no sources)"]) }
            if c.anySynthetic { lines.append([]); lines.append([Citation.syntheticWarning]) }
        }
        let rows = lines.enumerated().map { i, cells in
            "<row r=\"\(i + 1)\">" + cells.enumerated().filter { !$0.element.isEmpty }
                .map { j, s in textCell("\(columnName(j))\(i + 1)", s) }.joined() + "</row>"
        }.joined()
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(rows)</sheetData></worksheet>"
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """

    static let rootRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    static let workbook = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="Result" sheetId="1" r:id="rId1"/><sheet name="Sources" sheetId="2" r:id="rId2"/></sheets>\
        </workbook>
        """

    static let workbookRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """

    /// Cell styles: 0 plain, 1 money (£#,##0.00), 2 date (yyyy-mm-dd), 3 a bold header.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="2"><numFmt numFmtId="164" formatCode="&quot;£&quot;#,##0.00;\\-&quot;£&quot;#,##0.00"/><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
