import Foundation
import XCTest

/// The database is Datasette-ready: `civic datasette` writes the metadata and prints the
/// command, and a real Datasette (PyPI; `.ci/run` installs it in `.build/datasette-venv`) serves
/// the index page, a faceted view and a CSV export on loopback, with the licence shown.
final class DatasetteTests: XCTestCase {
    /// Datasette's program: `$CIVIC_DATASETTE`, else the checkout's `.build/datasette-venv`, else
    /// the PATH's.
    static func datasette() -> String? {
        let env = ProcessInfo.processInfo.environment
        var candidates = [env["CIVIC_DATASETTE"] ?? "",
                          Civic.packageRoot.appendingPathComponent(".build/datasette-venv/bin/datasette").path]
        candidates += (env["PATH"] ?? "").split(separator: ":").map { "\($0)/datasette" }
        return candidates.first { !$0.isEmpty && FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A port nothing listens on now, on loopback.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw XCTSkip("no loopback port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// The status and body of a GET, waiting at most `timeout` seconds; nil when nothing
    /// answers. Through python3 (which CI has), not FoundationNetworking, which needs libcurl.
    static func get(_ url: String, timeout: Double = 30) -> (Int, String)? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import sys, urllib.request, urllib.error
            try:
                r = urllib.request.urlopen(sys.argv[1], timeout=float(sys.argv[2])); code, body = r.status, r.read()
            except urllib.error.HTTPError as e:
                code, body = e.code, e.read()
            except Exception:
                sys.exit(3)
            sys.stdout.buffer.write(b"%d\\n" % code + body)
            """, url, String(timeout)]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0, let nl = data.firstIndex(of: 10), let code = Int(String(decoding: data[..<nl], as: UTF8.self)) else { return nil }
        return (code, String(decoding: data[(nl + 1)...], as: UTF8.self))
    }

    /// Datasette's facet query counts payments_view by payer or category from the index
    /// payments(payer_id, category_id) alone, reading no payment row (14 s to 2.5 s on 5 million
    /// payments; README, "Datasette").
    func testFacetingPaymentsViewReadsOneIndex() throws {
        let db = try BundledDatabase.open()
        for column in ["payer", "category"] {
            let sql = """
                select \(column) as value, count(*) as count from (select * from payments_view)
                where \(column) is not null group by \(column) order by count desc, value limit 31
                """
            let plan = try db.rows("EXPLAIN QUERY PLAN " + sql).compactMap { $0.last?.string }
            XCTAssertTrue(plan.contains("SEARCH p USING COVERING INDEX payments_payer_category (payer_id=?)"), "\(column): \(plan)")
            XCTAssertFalse(plan.contains { $0.contains("suppliers") || $0.contains(" s ") || $0.contains("src") }, "\(column): \(plan)")
        }
        // The view's sums in pounds agree with the table's pence.
        let pounds = try db.scalar("SELECT round(sum(amount_pounds), 2) FROM payments_view")
        let pence = try db.scalar("SELECT sum(amount_pence) FROM payments").int ?? 0
        XCTAssertEqual(pounds, .real(Double(pence) / 100))
    }

    func testDatasetteServesFacetsCSVAndLicence() throws {
        guard let datasette = Self.datasette() else {
            throw XCTSkip("datasette is not installed (bash .ci/run installs it in .build/datasette-venv)")
        }
        let dir = try Civic.temporaryDirectory(self)
        let db = dir.appendingPathComponent("civic.sqlite").path
        try FileManager.default.copyItem(atPath: try XCTUnwrap(BundledDatabase.built.path), toPath: db)
        let r = try Civic.run(["datasette", "--db", db])
        XCTAssertEqual(r.status, 0, r.stderr)
        let metadata = dir.appendingPathComponent("civic.metadata.json").path
        XCTAssertEqual(r.stderr, "wrote \(metadata)\n")
        let command = r.stdout.trimmingCharacters(in: .newlines)
        XCTAssertTrue(command.hasPrefix("datasette serve \(db) -m \(metadata)"), command)

        // The metadata names each view's licence and publishers, from `sources`.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: metadata))) as? [String: Any]
        let tables = ((json?["databases"] as? [String: Any])?["civic"] as? [String: Any])?["tables"] as? [String: Any]
        let payments = tables?["payments_view"] as? [String: Any]
        XCTAssertTrue((payments?["license"] as? String ?? "").contains("OGL v3"), "\(payments ?? [:])")
        XCTAssertTrue((payments?["source"] as? String ?? "").contains("Lambeth"), "\(payments ?? [:])")
        XCTAssertNotNil((payments?["columns"] as? [String: String])?["amount_pounds"])

        // Serve it as the printed command says, on a free loopback port.
        let port = try Self.freePort()
        var words = command.split(separator: " ").map(String.init)
        XCTAssertEqual(words.removeFirst(), "datasette")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: datasette)
        p.arguments = words + ["--host", "127.0.0.1", "--port", String(port)]
        let log = Pipe()
        p.standardOutput = log
        p.standardError = log
        try p.run()
        defer {
            p.terminate()
            p.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        var index: (Int, String)?
        for _ in 0..<120 {
            if let page = Self.get(base + "/", timeout: 2) { index = page; break }
            guard p.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.25)
        }
        let (status, page) = try XCTUnwrap(index, "datasette did not start")
        XCTAssertEqual(status, 200)
        XCTAssertTrue(page.contains("civic: who runs local public institutions"), "the title from the metadata")
        XCTAssertTrue(page.contains("/civic"), "the database is listed")

        let faceted = try XCTUnwrap(Self.get(base + "/civic/payments_view.json?_facet=payer&_facet=category&_size=1"))
        XCTAssertEqual(faceted.0, 200, faceted.1)
        let data = try JSONSerialization.jsonObject(with: Data(faceted.1.utf8)) as? [String: Any]
        let facets = data?["facet_results"] as? [String: Any] ?? [:]
        XCTAssertEqual(Set(facets.keys), ["payer", "category"], "both facets finish within the time limit")
        let payers = (facets["payer"] as? [String: Any])?["results"] as? [[String: Any]] ?? []
        XCTAssertEqual(payers.first?["value"] as? String, "Bradford", "\(payers.prefix(3))")

        let html = try XCTUnwrap(Self.get(base + "/civic/payments_view?_facet=payer"))
        XCTAssertEqual(html.0, 200)
        XCTAssertTrue(html.1.contains("Data license:"), "the licence shows")
        XCTAssertTrue(html.1.contains("OGL v3"), "the licence shows")

        let csv = try XCTUnwrap(Self.get(base + "/civic/payments_view.csv?_size=5"))
        XCTAssertEqual(csv.0, 200)
        let header = csv.1.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        XCTAssertTrue(header.contains("amount_pounds") && !header.contains("amount_pence"), header)
        XCTAssertEqual(csv.1.split(whereSeparator: \.isNewline).count, 6, csv.1)
    }
}
