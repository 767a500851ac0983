import Foundation
import XCTest

/// The profile's HTML page as a browser draws it: `civic profile … -o page.html`, opened in
/// headless Chromium, which takes a screenshot (kept in .build/test-artefacts) and gives back the
/// DOM it built. The page must draw (a PNG of the size asked that is not blank) and hold one SVG
/// chart for each query of the profile's JSON that has a chart and rows, with a bar or column
/// for every row the page shows. Without Chromium the tests skip, unless
/// `CIVIC_TEST_REQUIRE_BROWSER=1` (as in CI), when they fail.
final class ProfileHTMLTests: XCTestCase {
    static let width = 1200, height = 3000

    /// The browser, or a skip (a failure where it is required).
    func browser() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/snap/bin"]
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for d in dirs where FileManager.default.isExecutableFile(atPath: d + "/" + name) { return d + "/" + name }
        }
        let message = "headless Chromium is not installed, so the profile's HTML page cannot be drawn: "
            + "`apt-get install --no-install-recommends chromium fonts-dejavu-core` (.ci/run does)"
        if ProcessInfo.processInfo.environment["CIVIC_TEST_REQUIRE_BROWSER"] == "1" {
            XCTFail("CIVIC_TEST_REQUIRE_BROWSER=1 but " + message)
        }
        throw XCTSkip(message)
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` with `arguments`, killed after `seconds` (with its children, through
    /// coreutils' timeout where there is one), so a browser that hangs cannot stall the suite.
    func run(_ executable: String, _ arguments: [String], seconds: Int = 60, environment: [String: String] = [:]) throws -> Run {
        let p = Process()
        let timeout = "/usr/bin/timeout"
        let viaTimeout = FileManager.default.isExecutableFile(atPath: timeout)
        if viaTimeout {
            p.executableURL = URL(fileURLWithPath: timeout)
            p.arguments = ["-k", "5", String(seconds), executable] + arguments
        } else {
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        var watchdog: DispatchWorkItem?
        if !viaTimeout {
            let pid = p.processIdentifier
            let w = DispatchWorkItem { kill(pid, SIGKILL) }
            watchdog = w
            DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(seconds), execute: w)
        }
        let outBox = DataBox(), errBox = DataBox()
        let group = DispatchGroup()
        group.enter(); DispatchQueue.global().async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.wait()
        p.waitUntilExit()
        watchdog?.cancel()
        return Run(status: p.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
                   stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    /// Headless Chromium on `page`, with its own profile and home in `dir`.
    func chromium(_ browser: String, _ arguments: [String], page: URL, dir: URL) throws -> Run {
        let home = dir.appendingPathComponent("browser-home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let r = try run(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                                  "--hide-scrollbars", "--force-device-scale-factor=1",
                                  "--user-data-dir=\(dir.appendingPathComponent("browser-profile").path)"] + arguments + [page.absoluteString],
                        environment: ["HOME": home.path])
        XCTAssertNotEqual(r.status, 124, "Chromium was stopped after 60 s: \(r.stderr)")
        return r
    }

    /// What a PNG holds, read by Python's zlib (the PNG decoded, not only its header): its
    /// size, how many colours it uses, the share of pixels that are not white, and how many
    /// are exactly each of `colours` (hex).
    struct Picture: Decodable {
        var width: Int
        var height: Int
        var colours: Int
        var nonWhite: Double
        var exact: [String: Int]
    }

    static let pngReader = #"""
    import json, struct, sys, zlib
    path, wanted = sys.argv[1], sys.argv[2:]
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    i, idat = 8, b''
    while i < len(data):
        n, kind = struct.unpack('>I4s', data[i:i + 8]); body = data[i + 8:i + 8 + n]; i += 12 + n
        if kind == b'IHDR': w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT': idat += body
    assert depth == 8 and interlace == 0 and ctype in (2, 6), (depth, ctype, interlace)
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    prev, p, colours, nonwhite = bytearray(stride), 0, set(), 0
    targets = {bytes.fromhex(c.lstrip('#')): c for c in wanted}
    exact = {c: 0 for c in wanted}
    for y in range(h):
        f, line = raw[p], bytearray(raw[p + 1:p + 1 + stride]); p += 1 + stride
        if f == 1:
            for x in range(bpp, stride): line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            for x in range(stride): line[x] = (line[x] + prev[x]) & 255
        elif f == 3:
            for x in range(stride): line[x] = (line[x] + (((line[x - bpp] if x >= bpp else 0) + prev[x]) >> 1)) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp):
            px = bytes(line[x:x + 3])
            colours.add(px)
            if px != b'\xff\xff\xff': nonwhite += 1
            if px in targets: exact[targets[px]] += 1
        prev = line
    print(json.dumps({'width': w, 'height': h, 'colours': len(colours), 'nonWhite': nonwhite / float(w * h), 'exact': exact}))
    """#

    func picture(_ png: URL, colours: [String]) throws -> Picture {
        let r = try run("/usr/bin/env", ["python3", "-c", Self.pngReader, png.path] + colours)
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONDecoder().decode(Picture.self, from: Data(r.stdout.utf8))
    }

    /// For each query of the profile's JSON with a chart and rows, how many rows the page shows:
    /// the first `shown`, and the subject's own row when it falls after them.
    func chartedRows(_ json: String) throws -> [Int] {
        let o = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var counts: [Int] = []
        for section in o["sections"] as? [[String: Any]] ?? [] {
            for q in section["queries"] as? [[String: Any]] ?? [] {
                guard q["chart"] is String, let rows = q["rows"] as? [Any], !rows.isEmpty else { continue }
                var n = rows.count
                if let shown = q["shown"] as? Int, rows.count > shown {
                    n = shown + ((q["subject_row"] as? Int).map { $0 >= shown ? 1 : 0 } ?? 0)
                }
                counts.append(n)
            }
        }
        return counts
    }

    /// Writes the profile of `subject` as a page, draws it, and checks the screenshot and the
    /// DOM against the profile's own JSON. Returns the picture and the DOM.
    @discardableResult
    func draw(_ subject: [String], artefact: String) throws -> (Picture, String) {
        let browser = try browser()
        let dir = try Civic.temporaryDirectory(self)
        let db = BundledDatabase.built.path
        _ = try BundledDatabase.open()
        let page = dir.appendingPathComponent("\(artefact).html")
        let written = try Civic.run(["profile", "--db", db] + subject + ["-o", page.path])
        XCTAssertEqual(written.status, 0, written.stderr)
        let json = try Civic.run(["profile", "--db", db] + subject + ["--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let charted = try chartedRows(json.stdout)
        XCTAssertFalse(charted.isEmpty, "the profile has charts to draw")

        let png = dir.appendingPathComponent("\(artefact).png")
        let shot = try chromium(browser, ["--screenshot=\(png.path)", "--window-size=\(Self.width),\(Self.height)"], page: page, dir: dir)
        XCTAssertEqual(shot.status, 0, shot.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: png.path), "no screenshot: \(shot.stderr)")
        // Kept for a person to look at: .build is not checked in.
        let artefacts = Civic.packageRoot.appendingPathComponent(".build/test-artefacts")
        try FileManager.default.createDirectory(at: artefacts, withIntermediateDirectories: true)
        let kept = artefacts.appendingPathComponent("\(artefact).png")
        try? FileManager.default.removeItem(at: kept)
        try FileManager.default.copyItem(at: png, to: kept)
        print("profile screenshot: \(kept.path)")

        let picture = try picture(png, colours: ["#4672b4"])
        XCTAssertEqual(picture.width, Self.width)
        XCTAssertEqual(picture.height, Self.height)
        XCTAssertGreaterThan(picture.colours, 16, "a page of text and charts uses more than a few colours")
        XCTAssertGreaterThan(picture.nonWhite, 0.02, "the page drew something")
        XCTAssertLessThan(picture.nonWhite, 0.9, "the page is not one colour")

        let dump = try chromium(browser, ["--dump-dom"], page: page, dir: dir)
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let dom = dump.stdout
        XCTAssertTrue(dom.contains("</footer>"), "the whole page was read: \(dom.suffix(500))")
        let svgs = dom.components(separatedBy: "<svg ").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
        XCTAssertEqual(svgs.count, charted.count, "one chart for each query with a chart and rows")
        for (i, (svg, rows)) in zip(svgs, charted).enumerated() {
            XCTAssertGreaterThanOrEqual(svg.components(separatedBy: "<rect ").count - 1, rows, "chart \(i + 1): a bar for each row shown")
            XCTAssertTrue(svg.contains("role=\"img\"") && svg.contains("aria-label="), "chart \(i + 1) is named")
        }
        return (picture, dom)
    }

    func testAWardsPageDrawsItsChartsAndTheWardAmongItsNeighbours() throws {
        let (picture, dom) = try draw(["ward", "Bromford & Hodge Hill"], artefact: "profile-ward")
        XCTAssertTrue(dom.contains("<h1>Bromford &amp; Hodge Hill (ward)</h1>"), dom.prefix(2000).description)
        // The ward's bar among its neighbours is picked out, and the first chart is on screen.
        XCTAssertEqual(dom.components(separatedBy: "<g class=\"subject\">").count - 1, 1)
        XCTAssertGreaterThan(picture.exact["#4672b4"] ?? 0, 200, "a chart's bars are drawn in the screenshot")
    }

    func testACouncilsPageDraws() throws {
        let (_, dom) = try draw(["council", "Manchester"], artefact: "profile-council")
        XCTAssertTrue(dom.contains("<h1>Manchester (council)</h1>"))
    }
}
