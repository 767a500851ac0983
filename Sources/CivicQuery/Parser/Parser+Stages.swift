import CivicDiagnostics

extension Parser {
    static let stageNames = ["where", "show", "sort", "top", "total", "count", "average", "chart"]

    // stage = where_stage | show | sort | top | total | count | average | chart ;
    mutating func parseStage() throws -> Stage {
        enter("stage")
        guard check(.word) else {
            throw error(.expectedStage, "expected a stage after \"|\"", expected: "a stage: " + Parser.stageNames.joined(separator: ", "))
        }
        switch current.lower {
        case "where": return try parseWhereStage()
        case "show": return try parseShow()
        case "sort": return try parseSort()
        case "top": return try parseTop()
        case "total": return try parseTotal()
        case "count": return try parseCount()
        case "average": return try parseAverage()
        case "chart": return try parseChart()
        default:
            throw error(.unknownStage, "unknown stage \(current.display)", expected: "a stage: " + Parser.stageNames.joined(separator: ", "),
                        suggestion: Suggestions.didYouMean(current.lower, in: Parser.stageNames))
        }
    }

    // where_stage = "where" condition ;
    mutating func parseWhereStage() throws -> Stage {
        enter("where_stage")
        let start = advance().span.start
        return .whereClause(try parseCondition(), span: spanFrom(start))
    }

    // show = "show" field_list ;
    mutating func parseShow() throws -> Stage {
        enter("show")
        let start = advance().span.start
        return .show(try parseFieldList(), span: spanFrom(start))
    }

    // sort = "sort" [ "by" ] sort_key { "," sort_key } ;
    mutating func parseSort() throws -> Stage {
        enter("sort")
        let start = advance().span.start
        _ = matchWord("by")
        var keys = [try parseSortKey()]
        while let comma = match(.comma) {
            try checkListLength(keys.count + 1, limit: QueryLimits.fields, of: "sort keys", at: comma)
            keys.append(try parseSortKey())
        }
        return .sort(keys, span: spanFrom(start))
    }

    // top = "top" NUMBER ;
    mutating func parseTop() throws -> Stage {
        enter("top")
        let top = advance()
        guard let n = match(.number), let value = Int(n.text), value > 0 else {
            let at = pos > 0 && tokens[pos - 1].kind == .number ? tokens[pos - 1] : current
            throw error(.topNeedsNumber, "\"top\" needs how many rows", expected: "a whole number of rows (1 or more), like top 10", at: at)
                .with(notes: ["\(top.text) keeps the first rows of the result"])
        }
        return .top(value, span: spanFrom(top.span.start))
    }

    // total = "total" field group_by ;
    mutating func parseTotal() throws -> Stage {
        enter("total")
        let start = advance().span.start
        let f = try parseField()
        return .total(f, by: try parseGroupBy(), span: spanFrom(start))
    }

    // count = "count" group_by ;
    mutating func parseCount() throws -> Stage {
        enter("count")
        let start = advance().span.start
        return .count(by: try parseGroupBy(), span: spanFrom(start))
    }

    // average = "average" field group_by ;
    mutating func parseAverage() throws -> Stage {
        enter("average")
        let start = advance().span.start
        let f = try parseField()
        return .average(f, by: try parseGroupBy(), span: spanFrom(start))
    }

    // chart = "chart" ;
    mutating func parseChart() throws -> Stage {
        enter("chart")
        let start = advance().span.start
        return .chart(span: spanFrom(start))
    }

    // sort_key = field [ "asc" | "desc" ] ;
    mutating func parseSortKey() throws -> SortKey {
        enter("sort_key")
        let f = try parseField()
        if matchWord("desc") != nil { return SortKey(field: f, descending: true) }
        _ = matchWord("asc")
        return SortKey(field: f, descending: false)
    }

    // field_list = field { "," field } ;
    mutating func parseFieldList() throws -> [FieldRef] {
        enter("field_list")
        var fields = [try parseField()]
        while let comma = match(.comma) {
            try checkListLength(fields.count + 1, limit: QueryLimits.fields, of: "fields", at: comma)
            fields.append(try parseField())
        }
        return fields
    }

    // group_by = [ "by" group_key { "," group_key } ] ;
    mutating func parseGroupBy() throws -> [GroupKey] {
        enter("group_by")
        guard matchWord("by") != nil else { return [] }
        var keys = [try parseGroupKey()]
        while let comma = match(.comma) {
            try checkListLength(keys.count + 1, limit: QueryLimits.fields, of: "fields", at: comma)
            keys.append(try parseGroupKey())
        }
        return keys
    }

    // group_key = field [ "of" field ] ;  "of" names the date a time unit groups by.
    mutating func parseGroupKey() throws -> GroupKey {
        enter("group_key")
        let f = try parseField()
        guard matchWord("of") != nil else { return GroupKey(field: f) }
        return GroupKey(field: f, of: try parseField())
    }
}

extension Diagnostic {
    func with(span: Span) -> Diagnostic {
        var d = self
        d.span = span
        return d
    }
}
