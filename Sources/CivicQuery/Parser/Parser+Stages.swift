import CivicDiagnostics

extension Parser {
    static let stageNames = ["where", "show", "sort", "top", "total", "count", "average", "chart"]

    // stage = where_stage | show | sort | top | total | count | average | chart ;
    mutating func parseStage() throws -> Stage {
        enter("stage")
        let start = current.span.start
        guard check(.word) else {
            throw error("expectedStage", "expected a stage after \"|\"", expected: "a stage: " + Parser.stageNames.joined(separator: ", "))
        }
        switch current.lower {
        case "where":
            enter("where_stage")
            advance()
            return .whereClause(try parseCondition(), span: spanFrom(start))
        case "show":
            enter("show")
            advance()
            return .show(try parseFieldList(), span: spanFrom(start))
        case "sort":
            enter("sort")
            advance()
            _ = matchWord("by")
            var keys = [try parseSortKey()]
            while match(.comma) != nil { keys.append(try parseSortKey()) }
            return .sort(keys, span: spanFrom(start))
        case "top":
            enter("top")
            let top = advance()
            guard let n = match(.number), let value = Int(n.text), value > 0 else {
                let at = pos > 0 && tokens[pos - 1].kind == .number ? tokens[pos - 1] : current
                throw error("topNeedsNumber", "\"top\" needs how many rows", expected: "a whole number of rows (1 or more), like top 10", at: at)
                    .with(notes: ["\(top.text) keeps the first rows of the result"])
            }
            return .top(value, span: spanFrom(start))
        case "total":
            enter("total")
            advance()
            let f = try parseField()
            return .total(f, by: try parseGroupBy(), span: spanFrom(start))
        case "count":
            enter("count")
            advance()
            return .count(by: try parseGroupBy(), span: spanFrom(start))
        case "average":
            enter("average")
            advance()
            let f = try parseField()
            return .average(f, by: try parseGroupBy(), span: spanFrom(start))
        case "chart":
            enter("chart")
            advance()
            return .chart(span: spanFrom(start))
        default:
            throw error("unknownStage", "unknown stage \(current.display)", expected: "a stage: " + Parser.stageNames.joined(separator: ", "),
                        suggestion: Suggestions.didYouMean(current.lower, in: Parser.stageNames))
        }
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
        while match(.comma) != nil { fields.append(try parseField()) }
        return fields
    }

    // group_by = [ "by" field_list ] ;
    mutating func parseGroupBy() throws -> [FieldRef] {
        enter("group_by")
        guard matchWord("by") != nil else { return [] }
        return try parseFieldList()
    }
}

extension Diagnostic {
    func with(span: Span) -> Diagnostic {
        var d = self
        d.span = span
        return d
    }
}
