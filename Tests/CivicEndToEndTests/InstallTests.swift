import Foundation
import XCTest

/// civic installs and runs anywhere: `Scripts/install.sh` into a temporary prefix, then run from
/// another directory with nothing else copied, its database built under a temporary home.
final class InstallTests: XCTestCase {
    /// Runs `executable` in `directory` with a clean environment: no CIVIC_DATASETS or CIVIC_DB,
    /// HOME and XDG_DATA_HOME under `home`.
    func run(_ executable: String, _ arguments: [String], in directory: URL, home: URL,
             extra: [String: String] = [:]) throws -> Civic.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        for k in ["CIVIC_DATASETS", "CIVIC_DB", "PREFIX"] { env.removeValue(forKey: k) }
        env["HOME"] = home.path
        env["XDG_DATA_HOME"] = home.appendingPathComponent("data").path
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let outBox = DataBox(), errBox = DataBox()
        let group = DispatchGroup()
        group.enter(); DispatchQueue.global().async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.wait()
        p.waitUntilExit()
        return Civic.Result(status: p.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
                            stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    func testInstalledCivicRunsFromAnotherDirectory() throws {
        let tmp = try Civic.temporaryDirectory(self)
        let prefix = tmp.appendingPathComponent("prefix"), home = tmp.appendingPathComponent("home")
        let elsewhere = tmp.appendingPathComponent("elsewhere")
        for d in [home, elsewhere] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let script = Civic.packageRoot.appendingPathComponent("Scripts/install.sh").path
        let installed = try run("/bin/bash", [script, "--prefix", prefix.path, "--binary", Civic.binary.path], in: elsewhere, home: home)
        XCTAssertEqual(installed.status, 0, installed.stderr)
        XCTAssertTrue(installed.stdout.contains("installed civic"), installed.stdout)

        let civic = prefix.appendingPathComponent("bin/civic").path
        let r = try run(civic, ["query", "councils | count"], in: elsewhere, home: home)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("count\n"), r.stdout)
        XCTAssertTrue(r.stderr.contains("building the database"), r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.appendingPathComponent("data/civic/civic.sqlite").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("Datasets").path))

        let v = try run(civic, ["--version"], in: elsewhere, home: home)
        XCTAssertEqual(v.status, 0, v.stderr)
        XCTAssertTrue(v.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, v.stdout)

        for file in ["share/bash-completion/completions/civic", "share/zsh/site-functions/_civic",
                     "share/fish/vendor_completions.d/civic.fish"] {
            let text = try String(contentsOf: prefix.appendingPathComponent(file), encoding: .utf8)
            XCTAssertTrue(text.contains("datasette") && text.contains("query"), "\(file) completes the subcommands")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: prefix.appendingPathComponent("share/civic/Datasets/PROVENANCE.md").path))
    }

    /// A civic with no database and no bundled data says where it looked and how to point it,
    /// and exits 66 (an input that is not there).
    func testNoBundledDataSaysWhereItLooked() throws {
        let tmp = try Civic.temporaryDirectory(self)
        let bin = tmp.appendingPathComponent("lone/bin"), home = tmp.appendingPathComponent("home")
        for d in [bin, home] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let civic = bin.appendingPathComponent("civic")
        try FileManager.default.copyItem(at: Civic.binary, to: civic)
        for arguments in [["query", "councils | count"], ["load"], ["sources"]] {
            let r = try run(civic.path, arguments, in: tmp, home: home)
            XCTAssertEqual(r.status, 66, "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("error: no bundled data found to build the database "), r.stderr)
            XCTAssertTrue(r.stderr.contains(tmp.appendingPathComponent("lone/share/civic/Datasets").path), r.stderr)
            XCTAssertTrue(r.stderr.contains(tmp.path + "/Datasets"), r.stderr)
            XCTAssertTrue(r.stderr.contains("CIVIC_DATASETS"), r.stderr)
            XCTAssertEqual(r.stdout, "")
        }
        let given = try run(civic.path, ["query", "councils"], in: tmp, home: home, extra: ["CIVIC_DATASETS": "/no/such/folder"])
        XCTAssertEqual(given.status, 66, given.stderr)
        XCTAssertTrue(given.stderr.contains("$CIVIC_DATASETS (/no/such/folder)"), given.stderr)
    }
}
