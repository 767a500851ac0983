import CivicDiagnostics

extension Parser {
    // condition = and_condition { "or" and_condition } ;
    mutating func parseCondition() throws -> Condition {
        enter("condition")
        var left = try parseAndCondition()
        while matchWord("or") != nil {
            left = .or(left, try parseAndCondition())
        }
        return left
    }

    // and_condition = not_condition { "and" not_condition } ;
    mutating func parseAndCondition() throws -> Condition {
        enter("and_condition")
        var left = try parseNotCondition()
        while matchWord("and") != nil {
            left = .and(left, try parseNotCondition())
        }
        return left
    }

    // not_condition = "not" not_condition | primary_condition ;
    mutating func parseNotCondition() throws -> Condition {
        enter("not_condition")
        if let t = matchWord("not") {
            try descend(at: t)
            defer { ascend() }
            let inner = try parseNotCondition()
            return .not(inner, span: t.span + inner.span)
        }
        return try parsePrimaryCondition()
    }

    // primary_condition = "(" condition ")" | operand ( comparison | in_list ) ;
    mutating func parsePrimaryCondition() throws -> Condition {
        enter("primary_condition")
        if let open = match(.leftParen) {
            try descend(at: open)
            defer { ascend() }
            let c = try parseCondition()
            guard match(.rightParen) != nil else {
                throw error(.unclosedParen, "expected \")\" to close the \"(\"", expected: "\")\"")
            }
            return c
        }
        let left = try parseOperand()
        if checkWord("in") { return try parseInList(left) }
        return try parseComparison(left)
    }

    // in_list = "in" "(" operand { "," operand } ")" ;
    mutating func parseInList(_ left: Operand) throws -> Condition {
        enter("in_list")
        advance()  // "in"
        _ = try expect(.leftParen, "\"(\" to start a list of values")
        try countCondition(at: tokens[pos - 1])
        var values: [Operand] = [try parseOperand()]
        while let comma = match(.comma) {
            try checkListLength(values.count + 1, limit: QueryLimits.listValues, of: "values", at: comma)
            values.append(try parseOperand())
        }
        _ = try expect(.rightParen, "\")\" to close the list", id: .unclosedParen)
        return .within(left, values, span: spanFrom(left.span.start))
    }

    // comparison = ( "=" | "!=" | "<>" | "<" | "<=" | ">" | ">=" | "~" ) operand ;
    mutating func parseComparison(_ left: Operand) throws -> Condition {
        enter("comparison")
        let op: Comparison
        switch current.kind {
        case .equal: op = .equal
        case .notEqual: op = .notEqual
        case .less: op = .less
        case .lessEqual: op = .lessEqual
        case .greater: op = .greater
        case .greaterEqual: op = .greaterEqual
        case .tilde: op = .contains
        default:
            throw error(.expectedComparison, "expected a comparison after \(tokens[pos - 1].display)",
                        expected: "=, !=, <, <=, >, >=, ~ (contains) or in (…)")
        }
        try countCondition(at: advance())
        let right = try parseOperand()
        return .compare(left, op, right, span: spanFrom(left.span.start))
    }

    // operand = field | string | NUMBER | money | period ;
    mutating func parseOperand() throws -> Operand {
        enter("operand")
        let t = current
        switch t.kind {
        case .word where t.lower == "fy" && peek().kind == .fiscalYear:
            return .period(try parsePeriod())
        case .word:
            if ["and", "or", "not"].contains(t.lower) {
                throw error(.expectedValue, "expected a field or a value before \(t.display)", expected: "a field or a value")
            }
            return .field(try parseField())
        case .string:
            return .string(try parseString("a value in quotes"))
        case .money:
            return .money(try parseMoney())
        case .number:
            if t.text.count == 4, Int(t.text) != nil, peek().kind == .dotDot {
                return .period(try parsePeriod())
            }
            advance()
            return .number(Double(t.text) ?? 0, text: t.text, span: t.span)
        case .month, .date:
            return .period(try parsePeriod())
        default:
            throw error(.expectedValue, "expected a field or a value", expected: "a field name, \"text\", a number, £money or a date")
        }
    }

    // field = word [ per_head ] ;
    mutating func parseField() throws -> FieldRef {
        enter("field")
        guard check(.word) else {
            throw error(.expectedField, "expected a field name", expected: "a field name")
        }
        let t = advance()
        guard checkWord("per") else { return FieldRef(name: t.lower, span: t.span) }
        try parsePerHead()
        return FieldRef(name: t.lower + SubjectDef.perHead, span: spanFrom(t.span.start))
    }

    // per_head = "per" "head" ;  a money field divided by the row's population.
    mutating func parsePerHead() throws {
        enter("per_head")
        advance()  // "per"
        guard matchWord("head") != nil else {
            throw error(.expected, "expected \"head\" after \"per\"", expected: "\"head\": spent per head is spent divided by the population")
        }
    }
}

extension Diagnostic {
    func with(notes: [String]) -> Diagnostic {
        var d = self
        d.notes += notes
        return d
    }
}
