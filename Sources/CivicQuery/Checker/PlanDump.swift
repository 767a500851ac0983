import CivicStorage

/// The plan as indented text, one fact a line, for the golden `.plan` files: the stage between
/// the AST and the SQL, so a change to the checker shows up as a diff of the plan.
enum PlanDump {
    static func dump(_ plan: Plan) -> String {
        var out: [String] = []
        write(plan, into: &out, indent: "")
        return out.joined(separator: "\n") + "\n"
    }

    static func write(_ p: Plan, into out: inout [String], indent: String) {
        out.append("\(indent)subject \(p.subject.family.rawValue) \"\(p.subjectLabel)\"")
        if let f = p.subjectFilter { out.append("\(indent)  where \(f.column.rawValue) in \(list(f.values))") }
        for f in p.filters { filter(f, into: &out, indent: indent + "  ") }
        out.append("\(indent)  needs \(p.needed.joined(separator: ", "))")
        for op in p.ops { out.append("\(indent)  | \(describe(op))") }
        out.append("\(indent)  shows \(p.columns.map { "\($0.name) \($0.type.rawValue)" }.joined(separator: ", "))\(p.chart ? " (chart)" : "")")
    }

    static func list(_ values: [String]) -> String { "[" + values.map { $0.debugDescription }.joined(separator: ", ") + "]" }

    static func filter(_ f: PlanFilter, into out: inout [String], indent: String) {
        switch f {
        case .area(let code): out.append("\(indent)in area \(code)")
        case .category(let id): out.append("\(indent)on category \(id)")
        case .named(let n): out.append("\(indent)named \(n.debugDescription)")
        case .period(let a, let b): out.append("\(indent)during \(a)..\(b)")
        case .identity(let v): out.append("\(indent)the one with key \(v)")
        case .of(let n): nested("of", n, into: &out, indent: indent)
        case .by(let n): nested("by", n, into: &out, indent: indent)
        case .paidBy(let n): nested("paid by", n, into: &out, indent: indent)
        }
    }

    static func nested(_ word: String, _ n: PlanFilter.Nested, into out: inout [String], indent: String) {
        switch n {
        case .institution(let id): out.append("\(indent)\(word) institution \(id)")
        case .query(let p):
            out.append("\(indent)\(word) (")
            write(p, into: &out, indent: indent + "  ")
            out.append("\(indent))")
        }
    }

    static func describe(_ op: PlanOp) -> String {
        switch op {
        case .filter(let c): return "where " + condition(c)
        case .sort(let keys): return "sort " + keys.map { "\($0.0) \($0.1 ? "desc" : "asc")" }.joined(separator: ", ")
        case .top(let n): return "top \(n)"
        case .group(let keys, let agg):
            let a = agg.map { "\($0.function.rawValue)\($0.column.map { " " + $0 } ?? "")" } ?? "count"
            let by = keys.map { key -> String in
                if case .time(let unit, let date) = key { return "\(unit.rawValue) of \(date)" }
                return key.name
            }
            return "\(a) by \(by.isEmpty ? "(nothing)" : by.joined(separator: ", "))"
        case .project(let cols): return "show " + cols.joined(separator: ", ")
        }
    }

    static func condition(_ c: PlanCondition) -> String {
        switch c {
        case .and(let a, let b): return "(\(condition(a)) and \(condition(b)))"
        case .or(let a, let b): return "(\(condition(a)) or \(condition(b)))"
        case .not(let a): return "not \(condition(a))"
        case .compare(let col, let type, let op, let v): return "\(col):\(type.rawValue) \(op.rawValue) \(value(v))"
        case .columns(let a, let op, let b): return "\(a) \(op.rawValue) \(b)"
        case .within(let col, let type, let vs): return "\(col):\(type.rawValue) in [" + vs.map(value).joined(separator: ", ") + "]"
        }
    }

    static func value(_ v: PlanValue) -> String {
        switch v {
        case .value(let x):
            if case .text(let t) = x { return t.debugDescription }
            return x.description
        case .dateRange(let a, let b): return "\(a)..\(b)"
        }
    }
}
