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
