import CivicDiagnostics
@testable import CivicLoad
import Foundation
import XCTest

final class CSVReaderTests: XCTestCase {
    func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "civic-csv-\(UUID().uuidString).csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func write(_ text: String) throws -> String { try write(Array(text.utf8)) }

    func records(_ path: String, encoding: TextEncoding = .utf8, chunk: Int = 1 << 20,
                 max: Int = CSVReader.defaultMaxFieldBytes) throws -> [CSVRecord] {
        let r = try CSVReader(path: path, encoding: encoding, chunkSize: chunk, maxFieldBytes: max)
        var out: [CSVRecord] = []
        while let rec = try r.next() { out.append(rec) }
        return out
    }

    func testQuotingDoubledQuotesAndNewlinesInQuotes() throws {
        let path = try write("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,end\n")
        let recs = try records(path)
        XCTAssertEqual(recs.map(\.texts), [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["last", "", "end"]])
        XCTAssertEqual(recs.map(\.line), [1, 2, 4], "a record after a two-line field starts on line 4")
        XCTAssertEqual(recs[1].fields.map(\.column), [1, 2, 3])
    }

    func testFieldsKnowTheLineTheyStartOn() throws {
        let path = try write("h1,h2\n\"multi\nline\",after\n")
        let rec = try records(path)[1]
        XCTAssertEqual(rec.fields[0].line, 2)
        XCTAssertEqual(rec.fields[1].line, 3)
    }

    func testCRLFLoneCRAndBOM() throws {
        let path = try write([0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,2\r3,4\r\n".utf8))
        let recs = try records(path)
        XCTAssertEqual(recs.map(\.texts), [["a", "b"], ["1", "2"], ["3", "4"]])
        XCTAssertEqual(recs.map(\.line), [1, 2, 3])
    }

    /// Inside quotes a line end is kept as written: a CRLF stays CRLF, a lone CR stays CR. Each
    /// is one physical line, so the lines of what follows stay right.
    func testQuotedLineEndsAreKeptAsWritten() throws {
        let text = "h1,h2\r\n\"two\r\nlines\",\"lone\rcr\"\r\n\"mixed\r\n\r\n\n\r\",x\n\"end\rcr\"\rnext,row\n"
        for chunk in [1 << 20, 4, 5, 7] {
            let recs = try records(try write(text), chunk: chunk)
            XCTAssertEqual(recs.map(\.texts), [["h1", "h2"], ["two\r\nlines", "lone\rcr"], ["mixed\r\n\r\n\n\r", "x"], ["end\rcr"], ["next", "row"]],
                           "chunk \(chunk)")
            XCTAssertEqual(recs.map(\.line), [1, 2, 5, 10, 12], "chunk \(chunk): CRLF, LF and a lone CR are one line each")
            XCTAssertEqual(recs[1].fields.map(\.line), [2, 3], "the lone-CR field starts on the line the CRLF ended")
            XCTAssertEqual(recs[2].fields.map(\.line), [5, 9])
            XCTAssertEqual(Array(recs[1].fields[0].text.utf8), Array("two\r\nlines".utf8), "byte for byte")
        }
    }

    /// Spaces at either end of a field, quoted or not, are part of it (RFC 4180), as are tabs.
    func testSpacesAreKept() throws {
        let recs = try records(try write("a,b,c\n  Acme Ltd ,\"  Acme\r\nLtd \", \t\n\" \",, x \n"))
        XCTAssertEqual(recs.map(\.texts), [["a", "b", "c"], ["  Acme Ltd ", "  Acme\r\nLtd ", " \t"], [" ", "", " x "]])
        XCTAssertEqual(recs.map(\.line), [1, 2, 4])
        XCTAssertFalse(recs[2].isBlank, "a field of a space is not empty to the reader (the layout reader treats it as blank)")
    }

    /// A CRLF inside quotes is two bytes of the field, counted against the limit as such.
    func testAQuotedCRLFCountsTwoBytesAgainstTheLimit() throws {
        XCTAssertEqual(try records(try write("h\n\"0123\r\n4567\"\n"), max: 10).map(\.texts), [["h"], ["0123\r\n4567"]])
        for chunk in [1 << 20, 3, 5] {
            XCTAssertEqual(limitError("h\n\"01234\r\n5678\"\n", chunk: chunk, max: 10).map { [$0.0, $0.1] }, [2, 1], "chunk \(chunk)")
            XCTAssertEqual(limitError("h\n\"\r\n\r\n\r\n\r\n\r\n\r\n\"\n", chunk: chunk, max: 10).map { [$0.0, $0.1] }, [2, 1], "chunk \(chunk)")
        }
    }

    func testNoFinalNewlineAndSmallChunks() throws {
        let text = "name,amount\n\"Acme, Ltd\",\"1,800\"\nBeta,2"
        let whole = try records(try write(text)).map(\.texts)
        let chunked = try records(try write(text), chunk: 3).map(\.texts)
        XCTAssertEqual(whole, [["name", "amount"], ["Acme, Ltd", "1,800"], ["Beta", "2"]])
        XCTAssertEqual(chunked, whole, "records must not depend on where chunks split")
    }

    func testUnterminatedQuoteIsReportedWhereItOpened() throws {
        let path = try write("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n")
        XCTAssertThrowsError(try records(path)) { error in
            XCTAssertEqual(error as? CSVSyntaxError,
                           CSVSyntaxError(id: .unterminatedQuote, line: 3, column: 2,
                                          message: "unterminated quoted field: the quote opened here is never closed"))
        }
    }

    func testTextAfterClosingQuoteIsAnError() throws {
        XCTAssertThrowsError(try records(try write("a,b\n\"x\"y,2\n"))) { error in
            let e = error as! CSVSyntaxError
            XCTAssertEqual([e.line, e.column], [2, 1])
        }
    }

    func testNULAndInvalidUTF8AreErrorsWithPositions() throws {
        XCTAssertThrowsError(try records(try write(Array("a,b\n1,x".utf8) + [0] + Array("y\n".utf8)))) { error in
            let e = error as! CSVSyntaxError
            XCTAssertEqual([e.line, e.column], [2, 2])
            XCTAssertTrue(e.message.contains("NUL"))
        }
        XCTAssertThrowsError(try records(try write(Array("a,b\n1,2\n3,".utf8) + [0xC3, 0x28] + Array("\n".utf8)))) { error in
            let e = error as! CSVSyntaxError
            XCTAssertEqual([e.line, e.column], [3, 2])
            XCTAssertTrue(e.message.contains("UTF-8"))
        }
    }

    func testWindows1252() throws {
        // 0x96 is an en dash, 0x92 a right quote, 0xA3 a pound sign in Windows-1252.
        let path = try write(Array("label\nS17 ".utf8) + [0x96] + Array("Preventive, ".utf8) + [0x92, 0xA3] + Array("\n".utf8))
        XCTAssertEqual(try records(path, encoding: .windows1252)[1].fields.map(\.text), ["S17 –Preventive", " ’£"])
    }

    func testBlankLinesAreBlankRecords() throws {
        let recs = try records(try write("a,b\n\n,,\n1,2\n"))
        XCTAssertEqual(recs.map(\.isBlank), [false, true, true, false])
    }

    /// Whatever the input, where the chunks split must not change what is read: the records, or
    /// the error and its position. Random inputs from an alphabet of the bytes that matter.
    func testChunkBoundariesNeverChangeTheResult() throws {
        let alphabet: [[UInt8]] = [[0x61], [0x62], [0x2C], [0x22], [0x0D], [0x0A], [0xC3, 0xA9], [0x20], [0xE2, 0x80, 0x93]]
        var rng = SplitMix(seed: 2026)
        func outcome(_ path: String, _ chunk: Int, max: Int = CSVReader.defaultMaxFieldBytes) -> String {
            do { return try records(path, chunk: chunk, max: max).map { "\($0.line):" + $0.fields.map { "\($0.line).\($0.column)=\($0.text)" }.joined(separator: "|") }.joined(separator: "\n") }
            catch let e as CSVSyntaxError { return "error \(e.line):\(e.column) \(e.message)" }
            catch { return "other \(error)" }
        }
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 60) { bytes += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let path = try write(bytes)
            let whole = outcome(path, 1 << 20)
            for chunk in [4, 5, 7, 16] {
                XCTAssertEqual(outcome(path, chunk), whole, "chunk \(chunk) of \(bytes)")
            }
            // Nor where a field or a row passes a small limit, nor what the error says.
            let limited = outcome(path, 1 << 20, max: 8)
            for chunk in [4, 5, 7, 16] {
                XCTAssertEqual(outcome(path, chunk, max: 8), limited, "chunk \(chunk), limit 8, of \(bytes)")
            }
        }
    }

    /// The error a read of `text` gives, as (line, column, message).
    func limitError(_ text: String, chunk: Int = 1 << 20, max: Int) -> (Int, Int, String)? {
        do {
            _ = try records(try write(text), chunk: chunk, max: max)
            return nil
        } catch let e as CSVSyntaxError {
            XCTAssertEqual(e.id, .fieldTooLong, e.message)
            return (e.line, e.column, e.message)
        } catch {
            XCTFail("\(error)")
            return nil
        }
    }

    func testAFieldPastTheLimitIsAnErrorWhereItStarts() throws {
        for chunk in [1 << 20, 3] {
            // Exactly the limit is fine, quoted or not, a newline inside quotes counting as a byte.
            XCTAssertEqual(try records(try write("h\n0123456789\n\"01234\n6789\"\n"), chunk: chunk, max: 10).map(\.texts),
                           [["h"], ["0123456789"], ["01234\n6789"]])
            let field = "the field is longer than 10 bytes, the most a field may hold (a layout may raise it with \"max_field_bytes\")"
            XCTAssertEqual(limitError("h\n01234567890\n", chunk: chunk, max: 10).map { [$0.0, $0.1] }, [2, 1])
            XCTAssertEqual(limitError("h\n01234567890\n", chunk: chunk, max: 10)?.2, field)
            XCTAssertEqual(limitError("h\nok\n\"0123\n456789\"\n", chunk: chunk, max: 10).map { [$0.0, $0.1] }, [3, 1], "where the field starts")
            // A field can pass the limit however far the file goes on: the read stops there.
            XCTAssertEqual(limitError("h\n\"0123456789012345 and never closed", chunk: chunk, max: 10).map { [$0.0, $0.1] }, [2, 1])
        }
    }

    func testARowOrHeaderPastTheLimitInAllIsAnError() throws {
        // 3 + 1 + 3 + 1 + 3 = 11 bytes, commas included: the third field passes 10.
        let row = limitError("h\nabc,def,ghi\n", max: 10)
        XCTAssertEqual(row.map { [$0.0, $0.1] }, [2, 3])
        XCTAssertEqual(row?.2, "the row is longer than 10 bytes in all by this field, the most a row or the header may hold (a layout may raise it with \"max_field_bytes\")")
        XCTAssertNil(limitError("h\nabc,def,gh\n", max: 10))
        // The header too, and a row of nothing but commas.
        XCTAssertEqual(limitError("Date,Supplier,Amount\n1,2,3\n", max: 16).map { [$0.0, $0.1] }, [1, 3])
        XCTAssertEqual(limitError("h\n" + String(repeating: ",", count: 50) + "\n", max: 10).map { [$0.0, $0.1] }, [2, 12])
    }

    /// A huge field costs no more than the limit and a chunk: the reader stops reading there.
    func testAHugeFieldIsNotReadWhole() throws {
        let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 16 << 20)
        for bytes in [Array("h\n".utf8) + huge, Array("h\n\"".utf8) + huge + Array("\"\n".utf8), huge] {
            let path = try write(bytes)
            let r = try CSVReader(path: path)
            XCTAssertThrowsError(try { while try r.next() != nil {} }()) { error in
                let e = error as? CSVSyntaxError
                XCTAssertEqual(e?.id, .fieldTooLong)
                XCTAssertEqual(e?.column, 1)
            }
            XCTAssertLessThanOrEqual(r.bytesRead, 2 << 20, "read \(r.bytesRead) bytes of \(bytes.count)")
        }
    }

    func testBundledFilesReadTheSameInSmallChunks() throws {
        let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Datasets")
        for name in ["lambeth_payments_over_500_2012-06.csv", "sutton_coldfield_town_council_election_results_2018.csv", "census2021_ts021_ethnic_group_birmingham_wards.csv"] {
            let path = datasets.appendingPathComponent(name).path
            let whole = try records(path).map(\.texts)
            XCTAssertGreaterThan(whole.count, 10)
            XCTAssertEqual(try records(path, chunk: 13).map(\.texts), whole, name)
        }
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
