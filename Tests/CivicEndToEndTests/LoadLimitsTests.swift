import Foundation
import XCTest

/// The limits a load keeps whatever a file holds, through the built binary: a huge field is
/// refused without being read whole, and never echoed whole.
final class LoadLimitsTests: XCTestCase {
    static let fixtures = Civic.packageRoot.appendingPathComponent("Tests/CivicLoadTests/Fixtures/base")

    /// Runs civic under python3, which reports the child's peak resident memory (KiB) once it
    /// has ended: RUSAGE_CHILDREN of a fresh process is civic's alone.
    func runMeasured(_ arguments: [String], in dir: URL) throws -> (status: Int32, stderr: String, peakKiB: Int) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = """
            import resource, subprocess, sys
            r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            sys.stderr.buffer.write(r.stderr)
            print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        p.arguments = ["python3", "-c", script, Civic.binary.path] + arguments
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["CIVIC_DATASETS"] = Self.fixtures.path
        env.removeValue(forKey: "CIVIC_DB")
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        let fields = String(decoding: outData, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        XCTAssertEqual(fields.count, 2, "python3 wrapper output")
        return (Int32(fields.first ?? -1), String(decoding: errBox.data, as: UTF8.self), fields.last ?? -1)
    }

    func testAHundredMegabyteHeaderFieldIsRefusedWithoutReadingOrEchoingItWhole() throws {
        let dir = try Civic.temporaryDirectory(self)
        let csv = dir.appendingPathComponent("huge.csv")
        XCTAssertTrue(FileManager.default.createFile(atPath: csv.path, contents: nil))
        let h = try FileHandle(forWritingTo: csv)
        let block = Data(repeating: UInt8(ascii: "X"), count: 1 << 20)
        for _ in 0..<100 { h.write(block) }
        h.write(Data(",Supplier,Amount\n01/06/2012,Acme Ltd,100.00\n".utf8))
        try h.close()
        try """
            {"file": "huge.csv", "kind": "payments", "source": {"title": "t", "publisher": "p", "licence": "CC0"},
             "constants": {"payer": "ons:E08000025"}, "columns": {"date": "Date", "supplier": "Supplier", "amount": "Amount"}}
            """.write(to: dir.appendingPathComponent("huge.layout.json"), atomically: true, encoding: .utf8)
        let r = try runMeasured(["load", "--db", dir.appendingPathComponent("x.sqlite").path, "huge.csv"], in: dir)
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("huge.csv:1:1: the field is longer than 1048576 bytes, the most a field may hold (a layout may raise it with \"max_field_bytes\")\n"), r.stderr)
        XCTAssertLessThan(r.stderr.utf8.count, 1000, "nothing of the field is echoed")
        // Reading the field whole would take at least its 100 MiB; the reader stops at 1 MiB.
        XCTAssertLessThan(r.peakKiB, 80 << 10, "peak memory \(r.peakKiB) KiB")
    }
}
