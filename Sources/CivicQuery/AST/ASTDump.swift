/// A stable, indented text form of the AST, for golden files and `--verbose`.
enum ASTDump {
    static func dump(_ q: Query) -> String {
        var out: [String] = []
        query(q, 0, &out)
        return out.joined(separator: "\n") + "\n"
    }

    static func pad(_ n: Int) -> String { String(repeating: "  ", count: n) }

    static func query(_ q: Query, _ d: Int, _ out: inout [String]) {
        out.append("\(pad(d))query \(q.span)")
        if let name = q.subject.name {
            out.append("\(pad(d + 1))entity \(q.subject.text) \"\(name.value)\" \(Span(q.subject.span.start, name.span.end))")
        } else {
            out.append("\(pad(d + 1))subject \"\(q.subject.text)\" \(q.subject.span)")
        }
        for p in q.phrases { phrase(p, d + 1, &out) }
        for s in q.stages { stage(s, d + 1, &out) }
    }

    static func phrase(_ p: Phrase, _ d: Int, _ out: inout [String]) {
        switch p {
        case .inArea(let k, let n, let s):
            out.append("\(pad(d))in\(k.map { " \($0.text)" } ?? "") \"\(n.value)\" \(s)")
        case .spendingOn(let n, let s): out.append("\(pad(d))spending on \"\(n.value)\" \(s)")
        case .of(let n, let s): out.append("\(pad(d))of \(s)"); nested(n, d + 1, &out)
        case .by(let n, let s): out.append("\(pad(d))by \(s)"); nested(n, d + 1, &out)
        case .paidBy(let n, let s): out.append("\(pad(d))paid by \(s)"); nested(n, d + 1, &out)
        case .named(let n, let s): out.append("\(pad(d))named \"\(n.value)\" \(s)")
        case .during(let p, let s): out.append("\(pad(d))during \(period(p)) \(s)")
        case .over(let m, let s): out.append("\(pad(d))over \(m.pence)p \(s)")
        case .under(let m, let s): out.append("\(pad(d))under \(m.pence)p \(s)")
        case .whereClause(let c, let s): out.append("\(pad(d))where \(condition(c)) \(s)")
        }
    }

    static func nested(_ n: Nested, _ d: Int, _ out: inout [String]) {
        switch n {
        case .entity(let k, let name, let s): out.append("\(pad(d))entity \(k.text) \"\(name.value)\" \(s)")
        case .query(let q): query(q, d, &out)
        }
    }

    static func period(_ p: Period) -> String {
        switch p {
        case .year(let y, _): return "year \(y)"
        case .month(let y, let m, _): return "month \(y)-\(m < 10 ? "0" : "")\(m)"
        case .day(let s, _): return "day \(s)"
        case .financialYear(let y, _, _): return "fy \(y)/\(String(y + 1).suffix(2))"
        case .range(let a, let b, _): return "(\(period(a)) .. \(period(b)))"
        }
    }

    static func condition(_ c: Condition) -> String {
        switch c {
        case .and(let a, let b): return "(\(condition(a)) and \(condition(b)))"
        case .or(let a, let b): return "(\(condition(a)) or \(condition(b)))"
        case .not(let a, _): return "(not \(condition(a)))"
        case .compare(let a, let op, let b, _): return "(\(operand(a)) \(op.rawValue) \(operand(b)))"
        case .within(let a, let list, _): return "(\(operand(a)) in [\(list.map(operand).joined(separator: ", "))])"
        }
    }

    static func operand(_ o: Operand) -> String {
        switch o {
        case .field(let f): return "field \(f.name)"
        case .string(let s): return "\"\(s.value)\""
        case .number(_, let t, _): return "number \(t)"
        case .money(let m): return "money \(m.pence)p"
        case .period(let p): return period(p)
        }
    }

    static func stage(_ s: Stage, _ d: Int, _ out: inout [String]) {
        func fields(_ f: [FieldRef]) -> String { f.map(\.name).joined(separator: ", ") }
        func fields(_ keys: [GroupKey]) -> String { keys.map { $0.field.name + ($0.of.map { " of " + $0.name } ?? "") }.joined(separator: ", ") }
        switch s {
        case .whereClause(let c, let sp): out.append("\(pad(d))| where \(condition(c)) \(sp)")
        case .show(let f, let sp): out.append("\(pad(d))| show \(fields(f)) \(sp)")
        case .sort(let keys, let sp):
            out.append("\(pad(d))| sort \(keys.map { "\($0.field.name) \($0.descending ? "desc" : "asc")" }.joined(separator: ", ")) \(sp)")
        case .top(let n, let sp): out.append("\(pad(d))| top \(n) \(sp)")
        case .total(let f, let by, let sp): out.append("\(pad(d))| total \(f.name)\(by.isEmpty ? "" : " by \(fields(by))") \(sp)")
        case .count(let by, let sp): out.append("\(pad(d))| count\(by.isEmpty ? "" : " by \(fields(by))") \(sp)")
        case .average(let f, let by, let sp): out.append("\(pad(d))| average \(f.name)\(by.isEmpty ? "" : " by \(fields(by))") \(sp)")
        case .chart(let sp): out.append("\(pad(d))| chart \(sp)")
        }
    }
}
