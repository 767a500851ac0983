import CivicOutput
import CivicProfile
import CivicQuery
import CivicStorage
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `civic network`: the DOT drawn by Graphviz, the GraphML read by an XML parser, and both held
/// against the same graph counted with hand-written SQL on the bundled database.
final class NetworkTests: XCTestCase {
    // MARK: what the graph should hold, by hand-written SQL

    struct Expected {
        var bodies: Set<String>
        var people: Set<String>
        /// Distinct offices: person, body, role, detail, start, end.
        var offices: Int
        var syntheticNodes: Int
        var syntheticOffices: Int
        var nodes: Set<String> { bodies.union(people) }
    }

    /// `seeds`: SQL CTEs ending in `seed_bodies(institution_id)` (the bodies the subject places)
    /// and `seed_people(person_id)` (the people whose every office the graph holds).
    static func expected(_ seeds: String, _ parameters: [Value]) throws -> Expected {
        let db = try BundledDatabase.open()
        let with = """
            WITH RECURSIVE \(seeds),
            o AS (SELECT DISTINCT person_id, institution_id, role, detail, start_date, end_date FROM roles
                  WHERE person_id IN (SELECT person_id FROM seed_people)),
            b AS (SELECT institution_id FROM seed_bodies UNION SELECT institution_id FROM o)
            """
        let bodies = try db.rows(with + " SELECT 'body-' || institution_id FROM b", parameters).compactMap { $0[0].string }
        let people = try db.rows(with + " SELECT DISTINCT 'person-' || person_id FROM o", parameters).compactMap { $0[0].string }
        let offices = try db.scalar(with + " SELECT count(*) FROM o", parameters).int ?? -1
        let syntheticNodes = try db.scalar(with + """
             SELECT (SELECT count(*) FROM institutions JOIN sources USING (source_id)
                     WHERE institution_id IN (SELECT institution_id FROM b) AND synthetic = 1)
                  + (SELECT count(*) FROM people JOIN sources USING (source_id)
                     WHERE person_id IN (SELECT person_id FROM o) AND synthetic = 1)
            """, parameters).int ?? -1
        // An office is synthetic when any of its rows is.
        let syntheticOffices = try db.scalar(with + """
             SELECT count(*) FROM o WHERE EXISTS (SELECT 1 FROM roles r JOIN sources s USING (source_id)
                 WHERE s.synthetic = 1 AND r.person_id = o.person_id AND r.institution_id = o.institution_id AND r.role = o.role
                   AND r.detail IS o.detail AND r.start_date IS o.start_date AND r.end_date IS o.end_date)
            """, parameters).int ?? -1
        return Expected(bodies: Set(bodies), people: Set(people), offices: Int(offices),
                        syntheticNodes: Int(syntheticNodes), syntheticOffices: Int(syntheticOffices))
    }

    /// The ward's bodies, and the people holding an office at one of them or representing it.
    static func ward(_ name: String) throws -> Expected {
        try expected("""
            ward AS (SELECT area_id FROM areas WHERE kind = 'ward' AND name = ?1),
            seed_bodies AS (SELECT institution_id FROM institutions WHERE area_id IN (SELECT area_id FROM ward)),
            seed_people AS (SELECT person_id FROM roles WHERE institution_id IN (SELECT institution_id FROM seed_bodies)
                            UNION
                            SELECT r.person_id FROM roles r JOIN institutions i USING (institution_id)
                            WHERE r.role = 'councillor' AND coalesce(r.ward_id, i.area_id) IN (SELECT area_id FROM ward))
            """, [.text(name)])
    }

    /// The council, the bodies placed anywhere in its area, and everyone holding an office at one.
    static func council(_ name: String) throws -> Expected {
        try expected("""
            inside(area_id) AS (SELECT area_id FROM areas WHERE kind = 'council area' AND name = ?1
                                UNION SELECT a.area_id FROM areas a JOIN inside ON a.parent_id = inside.area_id),
            seed_bodies AS (SELECT institution_id FROM institutions WHERE area_id IN (SELECT area_id FROM inside)
                            UNION SELECT institution_id FROM institutions WHERE kind = 'council' AND name = ?1),
            seed_people AS (SELECT DISTINCT person_id FROM roles WHERE institution_id IN (SELECT institution_id FROM seed_bodies))
            """, [.text(name)])
    }

    // MARK: running civic network

    func network(_ arguments: [String]) throws -> String {
        let r = try Civic.run(["network", "--db", BundledDatabase.built.path] + arguments)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    // MARK: Graphviz

    /// Graphviz's `dot`, or nil: the test is skipped then, unless CIVIC_TEST_REQUIRE_GRAPHVIZ=1.
    static func graphviz() throws -> URL {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("dot")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        if ProcessInfo.processInfo.environment["CIVIC_TEST_REQUIRE_GRAPHVIZ"] == "1" {
            XCTFail("CIVIC_TEST_REQUIRE_GRAPHVIZ=1 but Graphviz's dot is not on the PATH")
        }
        throw XCTSkip("Graphviz is not installed: `apt-get install graphviz` (.ci/run does)")
    }

    /// Renders DOT text with `dot -Tsvg`: its exit code, the SVG and what it said.
    func render(_ dotText: String) throws -> (status: Int32, svg: Data, stderr: String) {
        let dir = try Civic.temporaryDirectory(self)
        let input = dir.appendingPathComponent("graph.dot")
        try Data(dotText.utf8).write(to: input)
        let p = Process()
        p.executableURL = try Self.graphviz()
        p.arguments = ["-Tsvg", input.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let box = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { box.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let svg = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return (p.terminationStatus, svg, String(decoding: box.data, as: UTF8.self))
    }

    /// The SVG's nodes: each `<g class="node">`'s title (the node's id) and its text lines.
    static func svgNodes(_ svg: Data) throws -> [String: [String]] {
        let doc = try XMLDocument(data: svg)
        var nodes: [String: [String]] = [:]
        for g in try doc.nodes(forXPath: "//*[local-name()='g'][@class='node']") {
            guard let e = g as? XMLElement else { continue }
            let title = try e.nodes(forXPath: "./*[local-name()='title']").first?.stringValue ?? ""
            let texts = try e.nodes(forXPath: ".//*[local-name()='text']").compactMap(\.stringValue)
            XCTAssertNil(nodes[title], "two SVG nodes are titled \(title)")
            nodes[title] = texts
        }
        return nodes
    }

    // MARK: GraphML

    struct GraphML {
        /// Node id → its data by key.
        var nodes: [String: [String: String]] = [:]
        var edges: [(source: String, target: String, data: [String: String])] = []
        var keys: [String: (for: String, name: String)] = [:]
        var desc = ""
    }

    /// Reads GraphML with Foundation's XMLParser, which fails on anything that is not
    /// well-formed XML.
    static func graphml(_ text: String) throws -> GraphML {
        let reader = GraphMLReader()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = reader
        guard parser.parse() else {
            XCTFail("the GraphML is not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
            return GraphML()
        }
        XCTAssertEqual(reader.root, "graphml")
        for id in reader.duplicates { XCTFail("two GraphML nodes have the id \(id)") }
        return reader.graph
    }

    final class GraphMLReader: NSObject, XMLParserDelegate {
        var graph = GraphML()
        var root: String?
        var duplicates: [String] = []
        private var path: [String] = []
        private var text = ""
        private var dataKey: String?
        private var data: [String: String] = [:]
        private var element: [String: String] = [:]

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if root == nil { root = name }
            path.append(name)
            text = ""
            switch name {
            case "key": graph.keys[attributes["id"] ?? ""] = (attributes["for"] ?? "", attributes["attr.name"] ?? "")
            case "node", "edge": element = attributes; data = [:]
            case "data": dataKey = attributes["key"]
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            path.removeLast()
            switch name {
            case "data": if let dataKey { data[dataKey] = text }; dataKey = nil
            case "desc" where path.last == "graph": graph.desc = text
            case "node":
                let id = element["id"] ?? ""
                if graph.nodes[id] != nil { duplicates.append(id) }
                graph.nodes[id] = data
            case "edge": graph.edges.append((element["source"] ?? "", element["target"] ?? "", data))
            default: break
            }
        }
    }

    /// The GraphML holds the expected nodes and offices, marked synthetic as their rows are, and
    /// every edge joins two of its nodes, a person to a body.
    func check(_ g: GraphML, _ x: Expected, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(g.nodes.keys), x.nodes, "\(what): the nodes", file: file, line: line)
        XCTAssertEqual(g.nodes.count, x.bodies.count + x.people.count, "\(what): node count", file: file, line: line)
        XCTAssertEqual(g.edges.count, x.offices, "\(what): edge count", file: file, line: line)
        XCTAssertEqual(g.nodes.values.filter { $0["synthetic"] == "true" }.count, x.syntheticNodes, "\(what): synthetic nodes", file: file, line: line)
        XCTAssertEqual(g.nodes.values.filter { $0["synthetic"] == "false" }.count, x.nodes.count - x.syntheticNodes, "\(what): real nodes", file: file, line: line)
        XCTAssertEqual(g.edges.filter { $0.data["e_synthetic"] == "true" }.count, x.syntheticOffices, "\(what): synthetic offices", file: file, line: line)
        for e in g.edges {
            XCTAssertEqual(g.nodes[e.source]?["kind"], "person", "\(what): \(e.source)", file: file, line: line)
            XCTAssertEqual(g.nodes[e.target]?["kind"], "body", "\(what): \(e.target)", file: file, line: line)
            XCTAssertFalse((e.data["role"] ?? "").isEmpty, "\(what): an edge without its role", file: file, line: line)
        }
        for (id, d) in g.nodes {
            XCTAssertEqual(d["kind"], id.hasPrefix("body-") ? "body" : "person", file: file, line: line)
            XCTAssertFalse((d["label"] ?? "").isEmpty, "\(what): \(id) has no label", file: file, line: line)
        }
        for (id, k) in g.keys where ["synthetic", "e_synthetic", "label", "kind", "role", "start", "end", "source", "e_source"].contains(id) {
            XCTAssertFalse(k.name.isEmpty, file: file, line: line)
        }
        XCTAssertEqual(Set(g.keys.keys).intersection(["label", "kind", "role", "start", "end", "synthetic", "e_synthetic", "source", "e_source"]).count, 9,
                       "\(what): the keys declared", file: file, line: line)
    }

    // MARK: a ward

    static let ward = "Bromford & Hodge Hill"

    func testWardDOTDrawsOneNodePerBodyAndPerson() throws {
        _ = try Self.graphviz()
        let x = try Self.ward(Self.ward)
        XCTAssertGreaterThan(x.bodies.count, 10, "the ward's bodies and its people's other bodies")
        XCTAssertGreaterThan(x.people.count, 2)
        let dotText = try network(["ward", Self.ward])
        XCTAssertTrue(dotText.hasPrefix("// civic network: Bromford & Hodge Hill (ward)\n"))
        XCTAssertTrue(dotText.contains("//   3. roles of (institutions in ward \"Bromford & Hodge Hill\")"), "the queries are listed")
        XCTAssertTrue(dotText.contains("demo_roles.csv"), "the sources are listed")
        let r = try render(dotText)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "", "Graphviz warns of nothing")
        let nodes = try Self.svgNodes(r.svg)
        XCTAssertEqual(Set(nodes.keys), x.nodes)
        XCTAssertEqual(nodes.count, x.nodes.count)
        // Dashed is synthetic, solid real: the councillors (real) against the demo governors.
        for line in dotText.split(separator: "\n") where line.hasPrefix("  \"") {
            XCTAssertEqual(line.contains("style=dashed"), line.contains("synthetic=true"), String(line))
        }
        XCTAssertTrue(dotText.contains("\"person-") && dotText.contains("synthetic=false"), "real councillors are not dashed")
    }

    func testWardGraphMLAgreesWithHandWrittenSQL() throws {
        let x = try Self.ward(Self.ward)
        let text = try network(["ward", Self.ward, "--format", "graphml"])
        let g = try Self.graphml(text)
        check(g, x, "ward")
        XCTAssertTrue(g.desc.contains("roles of (institutions in ward \"Bromford & Hodge Hill\")"), "the desc holds the queries exactly")
        XCTAssertGreaterThan(x.syntheticNodes, 0)
        XCTAssertLessThan(x.syntheticNodes, x.nodes.count, "the council and its councillors are real")
        // The output is the same every time.
        XCTAssertEqual(try network(["ward", Self.ward, "--format", "graphml"]), text)
    }

    // MARK: a council

    func testCouncilBothFormats() throws {
        let x = try Self.council("Birmingham")
        XCTAssertGreaterThan(x.people.count, 100)
        let dir = try Civic.temporaryDirectory(self)
        let file = dir.appendingPathComponent("birmingham.graphml")
        let w = try Civic.run(["network", "--db", BundledDatabase.built.path, "council", "Birmingham", "-o", file.path])
        XCTAssertEqual(w.status, 0, w.stderr)
        XCTAssertEqual(w.stdout, "")
        check(try Self.graphml(String(decoding: try Data(contentsOf: file), as: UTF8.self)), x, "council")

        _ = try Self.graphviz()
        let r = try render(try network(["council", "Birmingham"]))
        XCTAssertEqual(r.status, 0, r.stderr)
        let nodes = try Self.svgNodes(r.svg)
        XCTAssertEqual(Set(nodes.keys), x.nodes)
    }

    // MARK: the command

    func testExplainAndErrors() throws {
        let e = try network(["ward", Self.ward, "--explain"])
        XCTAssertTrue(e.contains("-- civic: institutions in ward \"Bromford & Hodge Hill\""), e)
        XCTAssertTrue(e.contains("SELECT"), "the SQL is printed")
        let unknown = try Civic.run(["network", "--db", BundledDatabase.built.path, "ward", "Bromford and Hodge Hil"])
        XCTAssertEqual(unknown.status, 65)
        XCTAssertTrue(unknown.stderr.contains("did you mean \"Bromford & Hodge Hill\"?"), unknown.stderr)
        XCTAssertEqual(unknown.stdout, "")
        let nobody = try Civic.run(["network", "--db", BundledDatabase.built.path, "person", "Nobody Of That Name"])
        XCTAssertEqual(nobody.status, 65)
        XCTAssertTrue(nobody.stderr.hasPrefix("error: no person is named \"Nobody Of That Name\""), nobody.stderr)
        let two = try Civic.run(["network", "--db", BundledDatabase.built.path, "person", "rob pocock"])
        XCTAssertEqual(two.status, 65)
        XCTAssertTrue(two.stderr.contains("civic network person \"#"), "the error says how to name one of two: \(two.stderr)")
        let badFile = try Civic.run(["network", "--db", BundledDatabase.built.path, "ward", Self.ward, "-o", "graph.png"])
        XCTAssertEqual(badFile.status, 64)
        let dir = try Civic.temporaryDirectory(self)
        let gv = dir.appendingPathComponent("ward.gv")
        XCTAssertEqual(try Civic.run(["network", "--db", BundledDatabase.built.path, "ward", Self.ward, "-o", gv.path]).status, 0)
        XCTAssertTrue(String(decoding: try Data(contentsOf: gv), as: UTF8.self).contains("digraph \"civic network\" {"))
    }

    func testPersonAndBody() throws {
        let person = try Self.graphml(try network(["person", "Majid Mahmood", "--format", "graphml"]))
        // His office at the council, and the council's other members.
        let councillors = try BundledDatabase.open().scalar("""
            SELECT count(DISTINCT person_id) FROM roles WHERE institution_id IN
              (SELECT institution_id FROM roles JOIN people USING (person_id) WHERE people.name = 'Majid Mahmood')
            """).int
        XCTAssertEqual(Int64(person.nodes.values.filter { $0["kind"] == "person" }.count), councillors)
        XCTAssertEqual(person.nodes.values.filter { $0["kind"] == "body" }.map { $0["label"] }, ["Birmingham"])
        let school = try Self.graphml(try network(["school", "Hodge Hill School", "--format", "graphml"]))
        XCTAssertTrue(school.nodes.values.contains { $0["label"] == "Hodge Hill School" && $0["body_kind"] == "school" })
        XCTAssertTrue(school.nodes.values.allSatisfy { $0["synthetic"] == "true" }, "the demo school and its demo governors")
    }

    /// The same graph from the bundled data on a PostgreSQL server, to the byte: the same keys,
    /// the same order, the same marks.
    func testPostgresGivesTheSameGraph() throws {
        let uri = try TestServer.bundledURI()
        for arguments in [["ward", Self.ward], ["council", "Birmingham", "--format", "graphml"], ["person", "Majid Mahmood"]] {
            let lite = try network(arguments)
            let pg = try Civic.runOnce(["network", "--db", uri] + arguments)
            XCTAssertEqual(pg.status, 0, pg.stderr)
            XCTAssertEqual(pg.stdout, lite, "\(arguments) on PostgreSQL")
        }
    }

    // MARK: the writers, on a hand-built graph

    static let awkward = "Jo \"JJ\" O'Neil & <Sons> -- \\ Ltd"

    static let handBuilt = Network(
        subject: ProfileSubject(kindWords: "school", name: awkward), title: "\(awkward) (school)",
        nodes: [NetworkNode(id: "body-1", kind: .body, label: awkward, bodyKind: "school", origin: .real, source: "a&b.csv"),
                NetworkNode(id: "person-2", kind: .person, label: "Ann <b>Bold</b> \"Quote\"", origin: .synthetic, source: "demo.csv"),
                NetworkNode(id: "person-3", kind: .person, label: "Plain Person", origin: .mixed)],
        edges: [NetworkEdge(from: "person-2", to: "body-1", role: "governor", detail: "chair & <clerk>", start: "2020-01-01", origin: .synthetic,
                            source: "demo.csv"),
                NetworkEdge(from: "person-3", to: "body-1", role: "trustee", end: "2024-03-31", origin: .real)],
        queries: [], notes: ["a note -- with a double hyphen-"], sources: [])

    func testAwkwardNamesSurviveGraphML() throws {
        let text = NetworkWriter.graphml(Self.handBuilt)
        let g = try Self.graphml(text)
        XCTAssertEqual(g.nodes["body-1"]?["label"], Self.awkward)
        XCTAssertEqual(g.nodes["body-1"]?["source"], "a&b.csv")
        XCTAssertEqual(g.nodes["body-1"]?["synthetic"], "false")
        XCTAssertEqual(g.nodes["person-2"]?["label"], "Ann <b>Bold</b> \"Quote\"")
        XCTAssertEqual(g.nodes["person-2"]?["synthetic"], "true")
        XCTAssertEqual(g.nodes["person-3"]?["synthetic"], "true", "mixed real and synthetic is marked synthetic")
        XCTAssertEqual(g.nodes["person-3"]?["origin"], "mixed")
        XCTAssertEqual(g.edges.count, 2)
        XCTAssertEqual(g.edges[0].data["e_label"], "governor (chair & <clerk>)")
        XCTAssertEqual(g.edges[0].data["start"], "2020-01-01")
        XCTAssertNil(g.edges[0].data["end"])
        XCTAssertEqual(g.edges[1].data["end"], "2024-03-31")
        XCTAssertEqual(g.edges[1].data["e_synthetic"], "false")
        XCTAssertTrue(g.desc.contains(Self.awkward), "the desc holds the title exactly")
        XCTAssertTrue(g.desc.contains("a note -- with a double hyphen-"))
        // XMLDocument, too, reads it through without an error.
        XCTAssertNoThrow(try XMLDocument(data: Data(text.utf8)))
    }

    func testAwkwardNamesSurviveDOT() throws {
        let text = NetworkWriter.dot(Self.handBuilt)
        XCTAssertTrue(text.contains("\"body-1\" [label=\"Jo \\\"JJ\\\" O'Neil & <Sons> -- \\\\ Ltd\""), text)
        XCTAssertTrue(text.contains("\"person-2\" [label=\"Ann <b>Bold</b> \\\"Quote\\\"\", shape=ellipse, kind=\"person\", synthetic=true, origin=\"synthetic\", style=dashed"))
        XCTAssertTrue(text.contains("\"person-3\" -> \"body-1\" [label=\"trustee\", role=\"trustee\", end=\"2024-03-31\", synthetic=false"))
        _ = try Self.graphviz()
        let r = try render(text)
        XCTAssertEqual(r.status, 0, r.stderr)
        let nodes = try Self.svgNodes(r.svg)
        XCTAssertEqual(Set(nodes.keys), ["body-1", "person-2", "person-3"])
        XCTAssertEqual(nodes["body-1"], ["Jo \"JJ\" O'Neil & <Sons> -- \\ Ltd"])
        XCTAssertEqual(nodes["person-2"], ["Ann <b>Bold</b> \"Quote\""])
    }

    func testFormatFromFileName() {
        XCTAssertEqual(NetworkFormat.from(fileName: "a.dot"), .dot)
        XCTAssertEqual(NetworkFormat.from(fileName: "a.GV"), .dot)
        XCTAssertEqual(NetworkFormat.from(fileName: "a.graphml"), .graphml)
        XCTAssertNil(NetworkFormat.from(fileName: "graphml"))
        XCTAssertNil(NetworkFormat.from(fileName: "a.svg"))
    }
}
