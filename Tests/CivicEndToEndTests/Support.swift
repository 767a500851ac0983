import CivicStorage
import Foundation
import XCTest

/// Runs the built `civic` binary the way a user or script would.
enum Civic {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var datasets: URL { packageRoot.appendingPathComponent("Datasets") }

    /// The executable beside the test bundle (both live in the build's products folder).
    static let binary: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("civic")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/civic")
    }()

    /// Whether the binary was built with ThreadSanitizer (`swift test --sanitize=thread`): its
    /// runtime, linked into the binary, names itself. Under it, a signal that arrives while the
    /// process waits in a system call is handled late, and the runtime needs room for files of
    /// its own; the few tests that depend on either say so.
    static let underThreadSanitizer: Bool = {
        guard let data = FileManager.default.contents(atPath: binary.path) else { return false }
        return data.range(of: Data("ThreadSanitizer: ".utf8)) != nil
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs civic with `arguments`, in `directory`, with stdin from `input`; CIVIC_DB and
    /// CIVIC_DATASETS point at `db` and the bundled datasets unless `environment` says otherwise.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil, input: String? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        let r = try runOnce(arguments, in: directory, input: input, environment: environment)
        // Every question asked of the bundled database is asked of the same data on PostgreSQL
        // too, when a server is given (TestServer): the answer must be the same, to the byte.
        if let mirrored = TestServer.mirror(arguments, environment: environment) {
            let m = try runOnce(mirrored.arguments, in: directory, input: input, environment: environment)
            let same = { (s: String) in s.replacingOccurrences(of: BundledDatabase.built.path, with: mirrored.display) }
            XCTAssertEqual(m.status, r.status, "PostgreSQL's exit code for \(arguments): \(m.stderr)")
            XCTAssertEqual(m.stdout, same(r.stdout), "PostgreSQL's answer to \(arguments)")
            XCTAssertEqual(m.stderr, same(r.stderr), "PostgreSQL's messages for \(arguments)")
        }
        return r
    }

    /// Runs the binary once.
    static func runOnce(_ arguments: [String], in directory: URL? = nil, input: String? = nil,
                        environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env["CIVIC_DATASETS"] = datasets.path
        env.removeValue(forKey: "CIVIC_DB")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try inp.fileHandleForWriting.close()
        // Read both pipes before waiting, so a large output cannot fill a pipe and block the child.
        var outData = Data(), errData = Data()
        let group = DispatchGroup()
        let queue = DispatchQueue(label: "civic.pipes", attributes: .concurrent)
        let outBox = DataBox(), errBox = DataBox()
        group.enter(); queue.async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); queue.async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.wait()
        p.waitUntilExit()
        outData = outBox.data
        errData = errBox.data
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary directory, removed when the test ends.
    static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("civic-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }
}

final class DataBox: @unchecked Sendable { var data = Data() }

/// The bundled datasets loaded once per test run by the real binary (demo layer included).
enum BundledDatabase {
    struct Built: Sendable {
        var path: String
        var loadOutput: String
        var status: Int32
        var stderr: String
    }

    static let built: Built = {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("civic-bundled-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("civic.sqlite").path
        let r = try! Civic.run(["load", "--db", path])
        return Built(path: path, loadOutput: r.stdout, status: r.status, stderr: r.stderr)
    }()

    static func open() throws -> Database {
        XCTAssertEqual(built.status, 0, built.stderr)
        return try Database(path: built.path, readOnly: true)
    }
}

/// Counts and sums made from the raw files by an independent Python reader (Tests/Oracle).
enum Oracle {
    static var facts: [String: Any] { (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] ?? [:] }

    static let json: Data = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Civic.packageRoot.appendingPathComponent("Tests/Oracle/raw_counts.py").path, Civic.datasets.path]
        let out = Pipe()
        p.standardOutput = out
        try! p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return data
    }()

    static func int(_ key: String) -> Int64 { Int64((facts[key] as? NSNumber)?.int64Value ?? -1) }

    static func file(_ name: String, _ key: String) -> Int64 {
        let files = facts["files"] as? [String: Any]
        let f = files?[name] as? [String: Any]
        return (f?[key] as? NSNumber)?.int64Value ?? -1
    }

    static func strings(_ key: String) -> [String] { facts[key] as? [String] ?? [] }

    /// A list of [name, number] pairs.
    static func pairs(_ key: String) -> [(String, Int)] {
        (facts[key] as? [[Any]] ?? []).compactMap { p in
            guard p.count == 2, let name = p[0] as? String, let n = (p[1] as? NSNumber)?.intValue else { return nil }
            return (name, n)
        }
    }
}

/// A PostgreSQL server for the tests: `CIVIC_TEST_POSTGRES` holds a `postgresql://` URI of
/// one of its databases, as an administrator (`.ci/run` starts a throwaway server with
/// Scripts/pg-server.sh and sets it). Without it the PostgreSQL tests skip, unless
/// `CIVIC_TEST_REQUIRE_POSTGRES=1` (as in CI), when they fail.
enum TestServer {
    static let admin: String? = ProcessInfo.processInfo.environment["CIVIC_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let required = ProcessInfo.processInfo.environment["CIVIC_TEST_REQUIRE_POSTGRES"] == "1"

    /// The admin URI, or a skip (a failure where the server is required).
    static func adminURI() throws -> String {
        if let admin { return admin }
        if required { XCTFail("CIVIC_TEST_REQUIRE_POSTGRES=1 but CIVIC_TEST_POSTGRES names no server") }
        throw XCTSkip("no PostgreSQL server: set CIVIC_TEST_POSTGRES (Scripts/pg-server.sh start prints one)")
    }

    /// The same server's database `name`.
    static func uri(database name: String) throws -> String {
        guard var c = URLComponents(string: try adminURI()) else { throw XCTSkip("CIVIC_TEST_POSTGRES is not a postgresql:// URI") }
        c.path = "/" + name
        return c.string!
    }

    /// A new, empty database on the server, named for this process and `label`; dropped first
    /// if a run before left it. Returns its URI.
    static func freshDatabase(_ label: String) throws -> String {
        let name = "civic_test_\(getpid())_\(label)"
        let admin = try PostgresConnection(conninfo: try adminURI(), readOnly: false)
        try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try admin.execute("CREATE DATABASE \(name)")
        return try uri(database: name)
    }

    /// The bundled data loaded into a database of its own, once per test run.
    static let bundled: (uri: String, status: Int32, stderr: String)? = {
        guard admin != nil, let uri = try? freshDatabase("bundled") else { return nil }
        let r = try? Civic.runOnce(["load", "--db", uri])
        return (uri, r?.status ?? -1, r?.stderr ?? "did not run")
    }()

    static func bundledURI() throws -> String {
        _ = try adminURI()
        guard let b = bundled else { throw XCTSkip("the bundled data could not be loaded into PostgreSQL") }
        XCTAssertEqual(b.status, 0, b.stderr)
        return b.uri
    }

    /// The arguments that ask the same question of the bundled data on the server, for
    /// commands that only read the bundled database, a profile in the formats without SQL
    /// among them (and not with --explain, which shows each
    /// engine's own SQL, nor with a time limit or slowed queries, which test SQLite's watch).
    static func mirror(_ arguments: [String], environment: [String: String]) -> (arguments: [String], display: String)? {
        guard admin != nil, let command = arguments.first, ["query", "sources", "schema", "profile"].contains(command),
              // A profile's JSON and page hold each engine's own SQL.
              command != "profile" || !arguments.contains(where: { ["json", "html"].contains($0) }),
              environment["CIVIC_TEST_SLOW_QUERIES"] == nil,
              !arguments.contains(where: { ["--explain", "--timeout", "-o", "--output"].contains($0) }),
              let at = arguments.firstIndex(of: "--db"), at + 1 < arguments.count,
              arguments[at + 1] == BundledDatabase.built.path,
              let b = bundled, b.status == 0 else { return nil }
        var out = arguments
        out[at + 1] = b.uri
        return (out, DatabaseLocation(b.uri).display)
    }
}
