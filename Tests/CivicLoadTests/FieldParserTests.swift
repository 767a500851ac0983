import Foundation
@testable import CivicLoad
import CivicStorage
import XCTest

final class FieldParserTests: XCTestCase {
    func testDatesInEveryPublishedForm() {
        XCTAssertEqual(FieldParsers.date("25/06/2012"), "2012-06-25")
        XCTAssertEqual(FieldParsers.date("2021-04-01"), "2021-04-01")
        XCTAssertEqual(FieldParsers.date("20-Jan-17"), "2017-01-20")
        XCTAssertEqual(FieldParsers.date("20-JAN-2017"), "2017-01-20")
        XCTAssertEqual(FieldParsers.date("20110701"), "2011-07-01")
        XCTAssertEqual(FieldParsers.date(" 01/02/2012 "), "2012-02-01", "UK order: day first")
        XCTAssertEqual(FieldParsers.date("29/02/2020"), "2020-02-29")
    }

    func testBadDates() {
        for bad in ["2506/2012", "31/02/2019", "29/02/2019", "2012-13-01", "00/01/2012", "20-Foo-17", "", "25/06/12", "20111301", "abcdefgh"] {
            XCTAssertNil(FieldParsers.date(bad), bad)
        }
    }

    func testMoneyInEveryPublishedForm() {
        XCTAssertEqual(FieldParsers.money("1,800"), 180_000)
        XCTAssertEqual(FieldParsers.money("£1,234.50"), 123_450)
        XCTAssertEqual(FieldParsers.money("(264,795.53)"), -26_479_553)
        XCTAssertEqual(FieldParsers.money("-12.0"), -1_200)
        XCTAssertEqual(FieldParsers.money("949.6"), 94_960)
        XCTAssertEqual(FieldParsers.money("-£5"), -500)
        XCTAssertEqual(FieldParsers.money("0.005"), 1, "half a penny rounds away from zero")
        XCTAssertEqual(FieldParsers.money("-0.005"), -1)
        XCTAssertEqual(FieldParsers.money("0.0049"), 0)
        // £ thousand with float noise: -2,983,874.5699999995 pounds.
        XCTAssertEqual(FieldParsers.money("-2983.8745699999995", scale: 3), -298_387_457)
        XCTAssertEqual(FieldParsers.money("278639", scale: 3), 27_863_900_000)
    }

    func testBadMoney() {
        for bad in ["", "£", "12,34.5", "1,23", "£abc", "1.2.3", "--5", "(5", "12 000", "1,0000", "(-5)", "(-£5.00)", "-£-5", "92233720368547758.075", "92233720368547758.08"] {
            XCTAssertNil(FieldParsers.money(bad), bad)
        }
    }

    /// An amount past 64 bits of pence is told apart from text that is no amount.
    func testAmountsTooLargeToCountAreNotMalformed() {
        XCTAssertEqual(FieldParsers.parseMoney("1,800"), .pence(180_000))
        XCTAssertEqual(FieldParsers.parseMoney("(264,795.53)"), .pence(-26_479_553))
        XCTAssertEqual(FieldParsers.parseMoney("92233720368547758.07"), .pence(Int64.max))
        for large in ["92233720368547758.08", "92233720368547758.075", "100,000,000,000,000,000", "(999999999999999999999.99)", "£99999999999999999999"] {
            XCTAssertEqual(FieldParsers.parseMoney(large), .tooLarge, large)
        }
        XCTAssertEqual(FieldParsers.parseMoney("100000000000000000", scale: 3), .tooLarge)
        for bad in ["£abc", "99999999999999999999x", "99999999999999999999,12", "(-99999999999999999999)", ""] {
            XCTAssertEqual(FieldParsers.parseMoney(bad), .malformed, bad)
        }
    }

    func testIntegersAndCodes() {
        XCTAssertEqual(FieldParsers.integer("436.0"), 436)
        XCTAssertEqual(FieldParsers.integer("1,144,876"), 1_144_876)
        XCTAssertNil(FieldParsers.integer("436.5"))
        XCTAssertNil(FieldParsers.integer("12x"))
        XCTAssertEqual(FieldParsers.code(" 010090198767 "), "010090198767", "leading zeros are kept")
        XCTAssertEqual(FieldParsers.code("00738693"), "00738693")
    }

    func testNormalisation() {
        XCTAssertEqual(Normalise.name("Bromford & Hodge Hill"), "bromford and hodge hill")
        XCTAssertEqual(Normalise.name("Birmingham, Hodge Hill"), "birmingham hodge hill")
        XCTAssertEqual(Normalise.name("Children's Centre"), "childrens centre")
        XCTAssertEqual(Normalise.supplier("ACME Limited"), Normalise.supplier("Acme Ltd."))
        XCTAssertEqual(Normalise.supplier("The Acme Co"), Normalise.supplier("ACME COMPANY"))
        XCTAssertNotEqual(Normalise.supplier("Redactive Publishing Limited"), Normalise.supplier("REDACTED PERSONAL DATA"))
        XCTAssertEqual(Normalise.slug("Ashmole "), "ashmole")
    }
}

final class SHA256Tests: XCTestCase {
    func testKnownVectors() {
        XCTAssertEqual(SHA256.hex(of: Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(of: []), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Two blocks of padding.
        XCTAssertEqual(SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// The digest the CSV reader computes as it streams a file, in chunks far smaller than the
    /// file, is the file's digest as `sha256sum` gives it.
    func testStreamedWhileReadingMatchesSha256sum() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Datasets/bradford_spend_over_500_2019.csv").standardizedFileURL.path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sha256sum", path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let expected = String(out.prefix(64))
        XCTAssertEqual(expected.count, 64)
        let reader = try CSVReader(path: path, encoding: .windows1252, chunkSize: 4096)
        reader.digest = SHA256()
        _ = try reader.next()  // stop early: the rest is hashed by finishDigest
        XCTAssertEqual(try reader.finishDigest(), expected)
    }
}

/// The hash recorded for a file is of exactly the bytes its rows came from, computed in the
/// same pass; a file that changes while it is read is refused.
final class FileChangeTests: XCTestCase {
    var path = ""

    override func setUpWithError() throws {
        path = NSTemporaryDirectory() + "civic-change-\(UUID().uuidString).csv"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("a,b\n1,2\n3,4\n".utf8)))
        // An old modification time, so that any write now is seen whatever the clock's grain.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 946_684_800)], ofItemAtPath: path)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: path) }

    func reader() throws -> CSVReader {
        let r = try CSVReader(path: path, chunkSize: 4)
        r.digest = SHA256()
        XCTAssertEqual(try r.next()?.texts, ["a", "b"])
        return r
    }

    func append(_ text: String) throws {
        let h = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        h.seekToEndOfFile()
        h.write(Data(text.utf8))
        try h.close()
    }

    func assertChanged(_ r: CSVReader, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try { while try r.next() != nil {}; _ = try r.finishDigest() }(), file: file, line: line) { error in
            let e = error as? CSVSyntaxError
            XCTAssertEqual(e?.id, .fileChanged, "\(error)", file: file, line: line)
            XCTAssertEqual(e?.message, message, file: file, line: line)
        }
    }

    func testTheHashIsOfExactlyTheBytesRead() throws {
        var rng = SplitMix(seed: 11)
        let alphabet = Array("ab,\n\r y".utf8)
        let bytes = (0..<50_000).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let r = try CSVReader(path: path, chunkSize: 1000)
        r.digest = SHA256()
        while try r.next() != nil {}
        XCTAssertEqual(r.bytesRead, bytes.count)
        XCTAssertEqual(try r.finishDigest(), SHA256.hex(of: bytes))
    }

    func testAFileThatGrowsWhileItIsReadIsRefused() throws {
        let r = try reader()
        try append("5,6\n")
        assertChanged(r, "the file changed while it was being read (12 bytes when opened, 16 read, 16 now, modified since it was opened): load it again once nothing is writing to it")
    }

    func testAFileThatGrowsAfterItsLastRowIsRefused() throws {
        let r = try reader()
        while try r.next() != nil {}
        try append("5,6\n")
        assertChanged(r, "the file changed while it was being read (12 bytes when opened, 12 read, 16 now, modified since it was opened): load it again once nothing is writing to it")
    }

    func testAFileThatShrinksWhileItIsReadIsRefused() throws {
        let r = try reader()
        XCTAssertEqual(truncate(path, 8), 0)
        // (The C library had already buffered the whole small file: what was read is 12 bytes.)
        assertChanged(r, "the file changed while it was being read (12 bytes when opened, 12 read, 8 now, modified since it was opened): load it again once nothing is writing to it")
    }

    func testAFileRewrittenInPlaceAtTheSameSizeIsRefused() throws {
        let r = try reader()
        let h = try XCTUnwrap(FileHandle(forUpdatingAtPath: path))
        h.seek(toFileOffset: 8)
        h.write(Data("9,9\n".utf8))
        try h.close()
        assertChanged(r, "the file changed while it was being read (12 bytes when opened, 12 read, 12 now, modified since it was opened): load it again once nothing is writing to it")
    }

    func testAFileReplacedByARenameIsReadAsOpened() throws {
        let r = try reader()
        let other = path + ".new"
        XCTAssertTrue(FileManager.default.createFile(atPath: other, contents: Data("a,b\n7,8\n".utf8)))
        XCTAssertEqual(rename(other, path), 0)
        var rows: [[String]] = []
        while let rec = try r.next() { rows.append(rec.texts) }
        XCTAssertEqual(rows, [["1", "2"], ["3", "4"]])
        XCTAssertEqual(try r.finishDigest(), SHA256.hex(of: Array("a,b\n1,2\n3,4\n".utf8)))
    }
}
