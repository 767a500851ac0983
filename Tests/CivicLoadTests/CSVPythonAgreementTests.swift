@testable import CivicLoad
import Foundation
import XCTest

/// The CSV reader reads what Python's `csv` module reads (`csv.reader` on a file opened with
/// `newline=''`, default dialect): on a seeded corpus of small files full of what a reader may
/// get wrong — quoted and unquoted fields with CR, LF and CRLF inside quotes, spaces and tabs at
/// both ends, doubled quotes, empty fields, commas, non-ASCII UTF-8, every line end between
/// records, a BOM now and then, no line end after the last record now and then — every file
/// gives the same records, field for field and byte for byte, starting on the same lines.
final class CSVPythonAgreementTests: XCTestCase {
    static let files = 400

    /// Python's reading of every file in `dir`: {name: [[record start line, field, …], …]}.
    /// The start line of a record is one past the physical lines the reader had consumed before
    /// it (`reader.line_num`; with `newline=''` a CRLF, an LF and a lone CR each end one line).
    static let python = """
        import csv, json, os, sys
        d = sys.argv[1]
        out = {}
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), encoding="utf-8-sig", newline="") as f:
                r = csv.reader(f)
                rows, before = [], 0
                for rec in r:
                    rows.append([before + 1] + rec)
                    before = r.line_num
            out[name] = rows
        json.dump(out, sys.stdout)
        """

    /// Pieces of field text: what needs quoting and what does not.
    static let quotedPieces = ["\r\n", "\r", "\n", "\"", "\"\"", ",", " ", "  ", "\t", "é", "£", "’", "🏫", "Acme", "Ltd", "x,y", "\r\r\n\n"]
    static let plainPieces = [" ", "  ", "\t", "a", "Acme", "Ltd", "é", "£10", "’", "🏫", "ß", "x\"y", "0"]

    func testTheReaderAgreesWithPythonsCSVModule() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("civic-csv-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix(seed: 4180)
        func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        func chance(_ p: Double) -> Bool { Double(rng.next() % 1_000_000) < p * 1_000_000 }
        var names: [String] = []
        var chunks: [String: Int] = [:]
        for i in 0..<Self.files {
            var bytes: [UInt8] = chance(0.1) ? [0xEF, 0xBB, 0xBF] : []
            let width = 1 + below(6)
            let records = 1 + below(8)
            for k in 0..<records {
                let fields = chance(0.85) ? width : 1 + below(8)
                for j in 0..<fields {
                    if j > 0 { bytes.append(UInt8(ascii: ",")) }
                    var text = ""
                    // A record of one empty field is quoted: unquoted it is a blank line, which
                    // Python reads as a record of no fields and civic as one empty field.
                    let quoted = (fields == 1 && chance(0.5)) || chance(0.5)
                    for _ in 0..<below(5) {
                        text += quoted ? Self.quotedPieces[below(Self.quotedPieces.count)] : Self.plainPieces[below(Self.plainPieces.count)]
                    }
                    if quoted || (fields == 1 && text.isEmpty) {
                        bytes.append(UInt8(ascii: "\""))
                        bytes += Array(text.replacingOccurrences(of: "\"", with: "\"\"").utf8)
                        bytes.append(UInt8(ascii: "\""))
                    } else {
                        // An unquoted field may hold a quote, but not begin with one.
                        if text.hasPrefix("\"") { text = "a" + text }
                        bytes += Array(text.utf8)
                    }
                }
                if k < records - 1 || chance(0.7) {
                    bytes += [[0x0A], [0x0D, 0x0A], [0x0D]][below(3)]
                }
            }
            let name = String(format: "f%04d.csv", i)
            _ = FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data(bytes))
            names.append(name)
            chunks[name] = [1 << 20, 4, 5, 7, 16][below(5)]
        }

        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", Self.python, dir.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "python3 (the CI installs it): \(errors)")
        let python = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: [[Any]]])
        XCTAssertEqual(python.count, Self.files)

        var compared = 0, quotedLineEnds = 0, spacedFields = 0
        for name in names {
            let path = dir.appendingPathComponent(name).path
            let expected = try XCTUnwrap(python[name], name).map { row in
                (line: (row.first as? NSNumber)?.intValue ?? -1, fields: row.dropFirst().map { $0 as? String ?? "<not a string>" })
            }
            let reader = try CSVReader(path: path, chunkSize: chunks[name]!)
            var got: [(line: Int, fields: [String])] = []
            while let rec = try reader.next() { got.append((rec.line, rec.texts)) }
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))).map { String(decoding: $0, as: UTF8.self).debugDescription } ?? ""
            XCTAssertEqual(got.map(\.fields), expected.map(\.fields), "\(name): \(bytes)")
            XCTAssertEqual(got.map(\.line), expected.map(\.line), "\(name), the lines records start on: \(bytes)")
            // Fields compared as Swift strings compare canonically; compare their bytes too.
            XCTAssertEqual(got.map { $0.fields.map { Array($0.utf8) } }, expected.map { $0.fields.map { Array($0.utf8) } }, name)
            compared += got.count
            for r in got {
                quotedLineEnds += r.fields.filter { $0.unicodeScalars.contains("\r") }.count
                spacedFields += r.fields.filter { $0.hasPrefix(" ") || $0.hasSuffix(" ") }.count
            }
        }
        // The corpus holds what it is for.
        XCTAssertGreaterThan(compared, 1000)
        XCTAssertGreaterThan(quotedLineEnds, 100, "fields holding a CR")
        XCTAssertGreaterThan(spacedFields, 100, "fields with spaces at an end")
    }
}
