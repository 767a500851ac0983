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

    func records(_ path: String, encoding: TextEncoding = .utf8, chunk: Int = 1 << 20) throws -> [CSVRecord] {
        let r = try CSVReader(path: path, encoding: encoding, chunkSize: chunk)
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
        func outcome(_ path: String, _ chunk: Int) -> String {
            do { return try records(path, chunk: chunk).map { "\($0.line):" + $0.fields.map { "\($0.line).\($0.column)=\($0.text)" }.joined(separator: "|") }.joined(separator: "\n") }
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
