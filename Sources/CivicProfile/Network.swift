import CivicQuery
import CivicStorage

// The people–body graph of a profile's subject, for Gephi or Graphviz: who sits where. Its
// nodes are bodies (institutions) and people, its edges the offices people hold at bodies.
// Every node and edge is read from a row of a civic query that the network keeps (text, SQL,
// rows, notes, sources), and knows whether that row drew on the synthetic demo layer.
// `NetworkBuilder` makes one; CivicOutput writes it as DOT or GraphML (NetworkWriter).

/// A body or a person.
public struct NetworkNode: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case body, person
    }

    /// `body-12`, `person-345`: the kind and the key in civic's database.
    public var id: String
    public var kind: Kind
    /// The name as published.
    public var label: String
    /// A body's kind (school, council …); nil for a person.
    public var bodyKind: String?
    /// Whether its own row (shown with plain fields only, so it cites its own file) drew on
    /// real data, the synthetic demo layer, or both.
    public var origin: RowOrigin
    /// The file its row came from.
    public var source: String?

    public init(id: String, kind: Kind, label: String, bodyKind: String? = nil, origin: RowOrigin, source: String? = nil) {
        self.id = id
        self.kind = kind
        self.label = label
        self.bodyKind = bodyKind
        self.origin = origin
        self.source = source
    }

    /// True when its row drew on the synthetic demo layer, alone or with real data.
    public var synthetic: Bool { origin != .real }

    public static func bodyID(_ id: Int64) -> String { "body-\(id)" }
    public static func personID(_ id: Int64) -> String { "person-\(id)" }
}

/// An office: a person (`from`) at a body (`to`) in a role, from `start` to `end` where known.
public struct NetworkEdge: Sendable, Equatable {
    public var from: String
    public var to: String
    public var role: String
    /// The committee or other detail the file gives.
    public var detail: String?
    public var start: String?
    public var end: String?
    public var origin: RowOrigin
    /// The files the office's rows came from, joined by "; ".
    public var source: String?

    public init(from: String, to: String, role: String, detail: String? = nil, start: String? = nil, end: String? = nil,
                origin: RowOrigin, source: String? = nil) {
        self.from = from
        self.to = to
        self.role = role
        self.detail = detail
        self.start = start
        self.end = end
        self.origin = origin
        self.source = source
    }

    public var synthetic: Bool { origin != .real }

    /// "governor", "committee member (Planning)".
    public var label: String { detail.map { "\(role) (\($0))" } ?? role }
}

public struct Network: Sendable {
    public var subject: ProfileSubject
    /// "Bromford & Hodge Hill (ward)".
    public var title: String
    /// Bodies first, then people, each by name then key.
    public var nodes: [NetworkNode]
    /// By person, body, role, start.
    public var edges: [NetworkEdge]
    /// The civic queries the graph was read from, in the order they ran.
    public var queries: [ProfileBlock]
    /// What the graph may leave out or draws from demo data, from every query, once each.
    public var notes: [String]
    /// Every source any query drew on, real first.
    public var sources: [SourceRecord]

    public init(subject: ProfileSubject, title: String, nodes: [NetworkNode], edges: [NetworkEdge], queries: [ProfileBlock] = [],
                notes: [String] = [], sources: [SourceRecord] = []) {
        self.subject = subject
        self.title = title
        self.nodes = nodes
        self.edges = edges
        self.queries = queries
        self.notes = notes
        self.sources = sources
    }
}

/// Builds the network of a subject from civic queries run through one `QueryEngine`, on one view
/// of the data, as `ProfileBuilder` builds a profile: no SQL of its own.
public final class NetworkBuilder {
    let engine: QueryEngine
    private var runner: ProfileBuilder
    private var queries: [ProfileBlock] = []
    /// The offices found, by what tells one from another.
    private var offices: [OfficeKey: NetworkEdge] = [:]
    private var bodies: [Int64: NetworkNode] = [:]
    private var people: [Int64: NetworkNode] = [:]
    /// Labels for people and bodies whose own row is missing, read from an office's row.
    private var fallbackPeople: [Int64: (String, RowOrigin, String?)] = [:]
    private var fallbackBodies: [Int64: (String, String?, RowOrigin, String?)] = [:]

    /// Values in one `in (…)` list: the language's limit (QueryLimits.listValues).
    static let chunk = 500

    struct OfficeKey: Hashable {
        var person: Int64, body: Int64
        var role: String, detail: String?, start: String?, end: String?
    }

    public init(engine: QueryEngine) {
        self.engine = engine
        runner = ProfileBuilder(engine: engine)
    }

    public func build(_ subject: ProfileSubject) throws -> Network {
        runner = ProfileBuilder(engine: engine)
        queries = []
        offices = [:]
        bodies = [:]
        people = [:]
        fallbackPeople = [:]
        fallbackBodies = [:]
        return try engine.consistently {
            let title: String
            switch subject.kind {
            case .area(let kind): title = try area(kind, subject)
            case .council: title = try council(subject)
            case .institution(let kind): title = try institution(kind, subject)
            case .person: title = try person(subject)
            }
            try nodes()
            return finish(subject, title: title)
        }
    }

    // MARK: queries

    static func quoted(_ s: String) -> String { ProfileBuilder.quoted(s) }

    /// The fields every office is read with.
    static let officeFields = "person_id, name, role, institution_id, institution, kind, detail, start, end, source"

    func run(_ id: String, _ title: String, _ query: String) throws -> ProfileBlock {
        let b = try runner.run(id, title, query, empty: "")
        queries.append(b)
        return b
    }

    /// Runs a query of offices and keeps each as an edge.
    @discardableResult
    func offices(_ id: String, _ title: String, _ query: String) throws -> ProfileBlock {
        let b = try run(id, title, query + " | show \(Self.officeFields) | sort institution, role, name")
        for i in b.rows.indices { addOffice(b, row: i) }
        return b
    }

    /// Runs `query(list)` for the keys in lists of at most `chunk`, one query each.
    func inChunks(_ ids: [Int64], _ body: (String) throws -> Void) throws {
        var start = 0
        while start < ids.count {
            let part = ids[start..<min(start + Self.chunk, ids.count)]
            try body(part.map(String.init).joined(separator: ", "))
            start += Self.chunk
        }
    }

    /// Runs a query of bodies and keeps each as a node.
    @discardableResult
    func bodies(_ id: String, _ title: String, _ query: String) throws -> ProfileBlock {
        let b = try run(id, title, query + " | show institution_id, name, kind, source | sort kind, name")
        for i in b.rows.indices {
            guard let key = b.integer("institution_id", row: i) else { continue }
            bodies[key] = NetworkNode(id: NetworkNode.bodyID(key), kind: .body, label: b.text("name", row: i) ?? "",
                                      bodyKind: b.text("kind", row: i), origin: b.origins[i], source: b.text("source", row: i))
        }
        return b
    }

    func addOffice(_ b: ProfileBlock, row: Int) {
        let origin = b.origins[row]
        guard let person = b.integer("person_id", row: row), let body = b.integer("institution_id", row: row) else { return }
        let key = OfficeKey(person: person, body: body, role: b.text("role", row: row) ?? "office", detail: b.text("detail", row: row),
                            start: b.text("start", row: row), end: b.text("end", row: row))
        let source = b.text("source", row: row)
        if var known = offices[key] {
            // The same office from a second row: it draws on both rows' sources.
            if known.origin != origin { known.origin = .mixed }
            if let source, !(known.source ?? "").components(separatedBy: "; ").contains(source) {
                known.source = known.source.map { "\($0); \(source)" } ?? source
            }
            offices[key] = known
        } else {
            offices[key] = NetworkEdge(from: NetworkNode.personID(person), to: NetworkNode.bodyID(body), role: key.role, detail: key.detail,
                                       start: key.start, end: key.end, origin: origin, source: source)
        }
        if fallbackPeople[person] == nil { fallbackPeople[person] = (b.text("name", row: row) ?? "", origin, source) }
        if fallbackBodies[body] == nil {
            fallbackBodies[body] = (b.text("institution", row: row) ?? "", b.text("kind", row: row), origin, source)
        }
    }

    var officeHolders: [Int64] { Set(offices.keys.map(\.person)).sorted() }
    var officeBodies: [Int64] { Set(offices.keys.map(\.body)).sorted() }

    /// Every office held by the people found so far: who sits where else.
    func otherOffices() throws {
        try inChunks(officeHolders) { list in
            try offices("other_offices", "Every office those people hold", "roles where person_id in (\(list))")
        }
    }

    /// The people and bodies the offices name, each read from its own row.
    func nodes() throws {
        let missingBodies = officeBodies.filter { bodies[$0] == nil }
        try inChunks(missingBodies) { list in
            try bodies("bodies", "The bodies", "institutions where institution_id in (\(list))")
        }
        try inChunks(officeHolders) { list in
            let b = try run("people", "The people", "people where person_id in (\(list)) | show person_id, name, source | sort name")
            for i in b.rows.indices {
                guard let key = b.integer("person_id", row: i) else { continue }
                people[key] = NetworkNode(id: NetworkNode.personID(key), kind: .person, label: b.text("name", row: i) ?? "",
                                          origin: b.origins[i], source: b.text("source", row: i))
            }
        }
        // A key whose own row did not come back (it cannot, while the database keeps its
        // references): its office's row names it.
        for (key, f) in fallbackPeople where people[key] == nil {
            people[key] = NetworkNode(id: NetworkNode.personID(key), kind: .person, label: f.0, origin: f.1, source: f.2)
        }
        for (key, f) in fallbackBodies where bodies[key] == nil {
            bodies[key] = NetworkNode(id: NetworkNode.bodyID(key), kind: .body, label: f.0, bodyKind: f.1, origin: f.2, source: f.3)
        }
    }

    // MARK: subjects

    /// An area: the bodies placed in it and the offices at them, its councillors, and every
    /// other office those people hold.
    func area(_ kind: String, _ subject: ProfileSubject) throws -> String {
        let me = try run("place", "The place", "\(kind) \(Self.quoted(subject.name)) | show name, code, kind")
        guard let name = me.text("name") else {
            throw ProfileNotFound(description: "no \(kind) is named \(subject.name)")
        }
        let actualKind = me.text("kind") ?? kind
        let scope = ProfileBuilder.scope(asked: kind, found: actualKind, name: name)
        try bodies("bodies_in_area", "The bodies placed in it", "institutions \(scope)")
        try offices("offices_in_area", "The offices held at them", "roles of (institutions \(scope))")
        try offices("councillors", "Its councillors", "councillors \(scope)")
        try otherOffices()
        return "\(name) (\(actualKind))"
    }

    /// A council: its councillors and members, the bodies in its area and who governs them,
    /// and every other office those people hold.
    func council(_ subject: ProfileSubject) throws -> String {
        let me = try bodies("council", "The council", "council \(Self.quoted(subject.name))")
        guard let name = me.text("name") else {
            throw ProfileNotFound(description: "no council is named \(subject.name)")
        }
        try offices("members", "Its councillors and members", "roles of council \(Self.quoted(name))")
        // The area in a query of its own: shown beside the council, it would cite the file that
        // placed the council and so mark the council's node by that file as well as its own.
        let area = try run("area", "Its area", "council \(Self.quoted(name)) | show name, area")
        if let areaName = area.text("area") {
            let scope = "in council \(Self.quoted(areaName))"
            try bodies("bodies_in_area", "The bodies placed in its area", "institutions \(scope)")
            try offices("offices_in_area", "The offices held at them", "roles of (institutions \(scope))")
        }
        try otherOffices()
        return "\(name) (council)"
    }

    /// A body: its people and every other office they hold.
    func institution(_ kind: String, _ subject: ProfileSubject) throws -> String {
        let me = try bodies("body", "The body", "\(kind) \(Self.quoted(subject.name))")
        guard let name = me.text("name") else {
            throw ProfileNotFound(description: "no \(kind) is named \(subject.name)")
        }
        try offices("offices", "The offices held there", "roles of \(kind) \(Self.quoted(name))")
        try otherOffices()
        return "\(name) (\(me.text("kind") ?? kind))"
    }

    /// A person: their offices, and the other people at those bodies.
    func person(_ subject: ProfileSubject) throws -> String {
        // The person is picked as civic profile picks one (`#123` for one of two of a name).
        let (id, name) = try runner.whichPerson(subject.name, command: "network")
        try offices("offices", "Every office held", "roles where person_id = \(id)")
        try inChunks(officeBodies) { list in
            try offices("colleagues", "The other people at those bodies", "roles where institution_id in (\(list))")
        }
        return "\(name) (person)"
    }

    // MARK: order, notes and sources

    func finish(_ subject: ProfileSubject, title: String) -> Network {
        let order: (NetworkNode, NetworkNode) -> Bool = { a, b in
            (a.label.lowercased(), a.label, a.id.count, a.id) < (b.label.lowercased(), b.label, b.id.count, b.id)
        }
        let nodes = bodies.values.sorted(by: order) + people.values.sorted(by: order)
        let label = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0.label.lowercased()) })
        let edges = offices.values.sorted { a, b in
            let ka = [label[a.from] ?? "", a.from, label[a.to] ?? "", a.to, a.role, a.detail ?? "", a.start ?? "", a.end ?? ""]
            let kb = [label[b.from] ?? "", b.from, label[b.to] ?? "", b.to, b.role, b.detail ?? "", b.start ?? "", b.end ?? ""]
            return ka.lexicographicallyPrecedes(kb)
        }
        var (notes, sources) = ProfileBuilder.notesAndSources(queries)
        let syntheticNodes = nodes.filter(\.synthetic).count, syntheticEdges = edges.filter(\.synthetic).count
        if syntheticNodes + syntheticEdges > 0 {
            notes.insert("\(syntheticNodes) of the \(nodes.count) nodes and \(syntheticEdges) of the \(edges.count) offices draw on the synthetic demo layer (generated for demonstration, not real data); they are marked synthetic.", at: 0)
        }
        return Network(subject: subject, title: title, nodes: nodes, edges: edges, queries: queries, notes: notes, sources: sources)
    }
}
