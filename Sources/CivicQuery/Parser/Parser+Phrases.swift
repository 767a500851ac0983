import CivicDiagnostics

extension Parser {
    // phrase = in_phrase | spending_on | of_phrase | by_phrase | paid_by | named | during | over | under | where_phrase ;
    mutating func parsePhrase() throws -> Phrase {
        enter("phrase")
        if checkWord("in") { return try parseInPhrase() }
        if checkWord("spending") { return try parseSpendingOn() }
        if checkWord("of") { return try parseOfPhrase() }
        if checkWord("by") { return try parseByPhrase() }
        if checkWord("paid") { return try parsePaidBy() }
        if checkWord("named") { return try parseNamed() }
        if checkWord("during") { return try parseDuring() }
        if checkWord("over") { return try parseOver() }
        if checkWord("under") { return try parseUnder() }
        if checkWord("where") { return try parseWherePhrase() }
        throw Diagnostic.bug("parsePhrase called off a phrase", span: current.span)
    }

    // spending_on = "spending" "on" string ;
    mutating func parseSpendingOn() throws -> Phrase {
        enter("spending_on")
        let start = advance().span.start
        advance()  // "on"
        let name = try parseString("the name of a category, like \"youth services\"")
        return .spendingOn(name, span: spanFrom(start))
    }

    // of_phrase = "of" nested ;
    mutating func parseOfPhrase() throws -> Phrase {
        enter("of_phrase")
        let start = advance().span.start
        return .of(try parseNested(), span: spanFrom(start))
    }

    // by_phrase = "by" nested ;
    mutating func parseByPhrase() throws -> Phrase {
        enter("by_phrase")
        let start = advance().span.start
        return .by(try parseNested(), span: spanFrom(start))
    }

    // paid_by = "paid" "by" nested ;
    mutating func parsePaidBy() throws -> Phrase {
        enter("paid_by")
        let start = advance().span.start
        advance()  // "by"
        return .paidBy(try parseNested(), span: spanFrom(start))
    }

    // named = "named" string ;
    mutating func parseNamed() throws -> Phrase {
        enter("named")
        let start = advance().span.start
        return .named(try parseString("a name, or part of one, in quotes"), span: spanFrom(start))
    }

    // during = "during" period ;
    mutating func parseDuring() throws -> Phrase {
        enter("during")
        let start = advance().span.start
        return .during(try parsePeriod(), span: spanFrom(start))
    }

    // over = "over" money ;
    mutating func parseOver() throws -> Phrase {
        enter("over")
        let start = advance().span.start
        return .over(try parseMoney(), span: spanFrom(start))
    }

    // under = "under" money ;
    mutating func parseUnder() throws -> Phrase {
        enter("under")
        let start = advance().span.start
        return .under(try parseMoney(), span: spanFrom(start))
    }

    // where_phrase = "where" condition ;
    mutating func parseWherePhrase() throws -> Phrase {
        enter("where_phrase")
        let start = advance().span.start
        return .whereClause(try parseCondition(), span: spanFrom(start))
    }

    // in_phrase = "in" [ kind_words ] string ;
    mutating func parseInPhrase() throws -> Phrase {
        enter("in_phrase")
        let start = advance().span.start
        var kind: KindWord?
        if check(.word) {
            kind = try parseKindWords()
        }
        let name = try parseString(kind == nil ? "an area's name in quotes, like \"Hodge Hill\", or a kind and a name, like ward \"Hodge Hill\""
                                               : "a name in quotes after \(kind!.text)")
        return .inArea(kind: kind, name: name, span: spanFrom(start))
    }

    // kind_words = word { word } ;   (stops before a string)
    mutating func parseKindWords() throws -> KindWord {
        enter("kind_words")
        let start = current.span.start
        var words: [String] = []
        while check(.word) && !startsPhrase() {
            words.append(advance().lower)
        }
        guard !words.isEmpty else { throw error(.expectedKind, "expected a kind", expected: "a kind such as ward, council or constituency") }
        return KindWord(words: words, span: spanFrom(start))
    }

    // nested = "(" query ")" | entity | query ;
    mutating func parseNested() throws -> Nested {
        enter("nested")
        try descend(at: current)
        defer { ascend() }
        if match(.leftParen) != nil {
            let q = try parseQuery()
            _ = try expect(.rightParen, "\")\" to close the parenthesised query", id: .unclosedParen)
            return .query(q)
        }
        guard check(.word) else {
            throw error(.expectedInstitutions, "expected which institutions",
                        expected: "a kind and a name, like council \"Birmingham\", or a query, like schools in ward \"Hodge Hill\"")
        }
        // A kind followed directly by a string is one named thing; otherwise a query of its own.
        var k = pos
        while tokens[k].kind == .word && !Parser.phraseKeywords.contains(tokens[k].lower) && k < tokens.count - 1 { k += 1 }
        if tokens[k].kind == .string { return try parseEntity() }
        return .query(try parseQuery(stages: false))
    }

    // entity = kind_words string ;   (one named institution: council "Birmingham")
    mutating func parseEntity() throws -> Nested {
        enter("entity")
        let start = current.span.start
        let kind = try parseKindWords()
        let name = try parseString("a name in quotes")
        return .entity(kind: kind, name: name, span: spanFrom(start))
    }

    mutating func parseString(_ what: String) throws -> StringLiteral {
        enter("string")
        guard let t = match(.string) else {
            throw error(.expectedString, "expected \(what)", expected: what)
        }
        return StringLiteral(value: t.text, span: t.span)
    }

    mutating func parseMoney() throws -> MoneyLiteral {
        enter("money")
        if let t = match(.money) { return MoneyLiteral(pence: t.pence ?? 0, text: t.text, span: t.span) }
        if check(.number) {
            throw error(.moneyNeedsPound, "expected an amount of money", expected: "money written with £, like £500 or £20k",
                        suggestion: "write £\(current.text)")
        }
        throw error(.expectedMoney, "expected an amount of money", expected: "money written with £, like £500, £20k or £1.5m")
    }

    // period = financial_year | period_point [ ".." period_point ] ;
    mutating func parsePeriod() throws -> Period {
        enter("period")
        let start = current.span.start
        if checkWord("fy") { return try parseFinancialYear() }
        let first = try parsePeriodPoint()
        if match(.dotDot) != nil {
            let second = try parsePeriodPoint()
            return .range(first, second, span: spanFrom(start))
        }
        return first
    }

    // financial_year = "fy" FISCAL_YEAR ;
    mutating func parseFinancialYear() throws -> Period {
        enter("financial_year")
        advance()  // "fy"
        guard let t = match(.fiscalYear) else {
            throw error(.expectedFinancialYear, "expected a financial year after \"fy\"", expected: "a financial year like 2023/24")
        }
        return try financialYear(t)
    }

    func financialYear(_ t: Token) throws -> Period {
        let parts = t.text.split(separator: "/")
        guard parts.count == 2, let y = Int(parts[0]), parts[1].count == 2, let next = Int(parts[1]) else {
            throw Diagnostic(id: .badFinancialYear, message: "\"\(t.text)\" is not a financial year", span: t.span,
                             expected: "a financial year like 2023/24")
        }
        // Dates run to 9999-12-31; the last financial year that ends by then is 9998/99.
        guard y <= 9998 else {
            throw Diagnostic(id: .badFinancialYear, message: "\"\(t.text)\" ends after the year 9999, the last civic can date",
                             span: t.span, expected: "a financial year from 0000/01 to 9998/99")
        }
        guard next == (y + 1) % 100 else {
            let right = "\(y)/\(Periods.pad((y + 1) % 100))"
            throw Diagnostic(id: .badFinancialYear, message: "\"\(t.text)\" is not a financial year: the second year must follow the first",
                             span: t.span, expected: "a financial year like \(right)", suggestion: "did you mean fy \(right)?")
        }
        return .financialYear(y, text: t.text, span: t.span)
    }

    // period_point = YEAR | MONTH | DATE ;
    mutating func parsePeriodPoint() throws -> Period {
        enter("period_point")
        let t = current
        switch t.kind {
        case .number where t.text.count == 4 && Int(t.text) != nil:
            advance()
            return .year(Int(t.text)!, span: t.span)
        case .month:
            advance()
            let p = t.text.split(separator: "-")
            return .month(year: Int(p[0])!, month: Int(p[1])!, span: t.span)
        case .date:
            advance()
            return .day(t.text, span: t.span)
        case .fiscalYear:
            throw error(.fyNeedsKeyword, "a financial year needs \"fy\" before it", expected: "a period like 2023, 2012-06, 2024-03-31 or fy 2023/24",
                        suggestion: "write fy \(t.text)")
        default:
            throw error(.expectedPeriod, "expected a period", expected: "a year (2023), a month (2012-06), a day (2024-03-31), a range (2023-04..2023-09) or a financial year (fy 2023/24)")
        }
    }
}
