import CivicLoad
import CivicStorage
import Foundation
import XCTest

enum Paths {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = tests.deletingLastPathComponent().deletingLastPathComponent()
    static let queries = tests.appendingPathComponent("Queries")
}

/// The bundled datasets loaded once, in-process, for name resolution and results.
enum TestDatabase {
    static let path: String = {
        let path = NSTemporaryDirectory() + "civic-query-tests-\(getpid()).sqlite"
        let files = try! Loader.layouts(for: [Paths.root.appendingPathComponent("Datasets").path], includeSynthetic: true)
        _ = try! Loader.load(files, into: path, rebuild: true)
        return path
    }()

    static func open() throws -> Database { try Database(path: path, readOnly: true) }
}

/// Golden files: compare, or with CIVIC_RECORD=1 rewrite them and fail, so a missing or
/// re-recorded baseline never passes silently.
enum Golden {
    static var recording: Bool { ProcessInfo.processInfo.environment["CIVIC_RECORD"] == "1" }

    static func check(_ actual: String, against url: URL, file: StaticString = #filePath, line: UInt = #line) {
        if recording {
            try! actual.write(to: url, atomically: true, encoding: .utf8)
            XCTFail("recorded \(url.lastPathComponent): run again without CIVIC_RECORD to check", file: file, line: line)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing golden file \(url.lastPathComponent): run with CIVIC_RECORD=1 to record it", file: file, line: line)
            return
        }
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            var diff: [String] = []
            for i in 0..<max(e.count, a.count) {
                let x = i < e.count ? String(e[i]) : "", y = i < a.count ? String(a[i]) : ""
                if x != y { diff.append("line \(i + 1):\n  - \(x)\n  + \(y)") }
                if diff.count > 8 { break }
            }
            XCTFail("\(url.lastPathComponent) differs:\n" + diff.joined(separator: "\n"), file: file, line: line)
        }
    }
}
