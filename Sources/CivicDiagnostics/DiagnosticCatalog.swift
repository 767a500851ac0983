/// Every kind of problem civic reports, each with a stable id.
///
/// The raw value is the id: scripts, tests and golden files name it, so it never changes once
/// released (a new kind of problem gets a new case). One case per kind of problem, not per
/// message: "unknown category code "999"" and "unknown category code "A1"" are one kind.
public enum DiagnosticID: String, CaseIterable, Sendable {
    // Query text: the lexer.
    case unexpectedSemicolon
    case unexpectedCharacter
    case unclosedString
    case badMoney
    case badDate
    case dateOrMonth
    case badNumber

    // Query text: the parser.
    case expected
    case unexpectedToken
    case unclosedParen
    case unbalancedParen
    case expectedSubject
    case expectedKind
    case expectedInstitutions
    case expectedString
    case expectedMoney
    case moneyNeedsPound
    case expectedPeriod
    case expectedFinancialYear
    case badFinancialYear
    case fyNeedsKeyword
    case expectedComparison
    case expectedValue
    case expectedField
    case expectedStage
    case unknownStage
    case topNeedsNumber

    // Query meaning: the checker and the name resolver.
    case unknownSubject
    case unknownKind
    case unknownInstitutionKind
    case unknownAreaKind
    case unknownField
    case unknownColumn
    case unknownName
    case ambiguousName
    case nameAfterPlural
    case phraseNotForSubject
    case nestedNotInstitutions
    case nestedGroups
    case namedNeedsWords
    case noMoneyField
    case noField
    case typeMismatch
    case notWhole
    case containsNeedsText
    case aggregateNeedsNumber
    case chartNeedsNumber
    case backwardsRange

    // Anywhere.
    case bug

    /// When the problem is raised, in one line.
    public var summary: String {
        switch self {
        case .unexpectedSemicolon: "a query contains \";\" (one query per argument, or several in a -f file)"
        case .unexpectedCharacter: "a query contains a character the language has no use for, such as # or {"
        case .unclosedString: "a quoted string in a query is never closed"
        case .badMoney: "an amount of money in a query is malformed, such as £1.2.3 or £5q"
        case .badDate: "a date or month in a query is not in the calendar, such as 2023-02-30 or 2019-13"
        case .dateOrMonth: "a value in a query starts like a date but is neither a date nor a month"
        case .badNumber: "a number in a query runs into letters, such as 12x"
        case .expected: "the parser needed a particular token, such as \"(\", and found another"
        case .unexpectedToken: "a query goes on where it should end, or a phrase keyword is misspelt"
        case .unclosedParen: "a \"(\" in a query is never closed"
        case .unbalancedParen: "a \")\" in a query closes nothing"
        case .expectedSubject: "a query does not start with what to list"
        case .expectedKind: "a phrase needs a kind, such as ward or council, and finds none"
        case .expectedInstitutions: "\"of\", \"by\" or \"paid by\" is not followed by which institutions"
        case .expectedString: "a name in quotes is missing where a phrase needs one"
        case .expectedMoney: "\"over\" or \"under\" is not followed by an amount of money"
        case .moneyNeedsPound: "an amount of money is written without £"
        case .expectedPeriod: "\"during\" is not followed by a year, month, day, range or financial year"
        case .expectedFinancialYear: "\"fy\" is not followed by a financial year like 2023/24"
        case .badFinancialYear: "a financial year is malformed, or its second year does not follow the first"
        case .fyNeedsKeyword: "a financial year such as 2023/24 is written without \"fy\" before it"
        case .expectedComparison: "a field in \"where\" is not followed by a comparison"
        case .expectedValue: "a comparison lacks the field or value on one side"
        case .expectedField: "a condition or stage needs a field name and finds something else"
        case .expectedStage: "\"|\" is not followed by a stage"
        case .unknownStage: "\"|\" is followed by a word that is not a stage"
        case .topNeedsNumber: "\"top\" is not followed by a whole number of rows, 1 or more"
        case .unknownSubject: "a query starts with a word that is not a subject"
        case .unknownKind: "the word before a name in a query is not a kind of institution or area"
        case .unknownInstitutionKind: "\"of\", \"by\" or \"paid by\" names a kind that is not a kind of institution"
        case .unknownAreaKind: "\"in\" names a kind that is not a kind of area"
        case .unknownField: "a field is not one the subject has"
        case .unknownColumn: "a stage after an aggregate names a column the aggregate does not give"
        case .unknownName: "no area, institution or category has the name a query gives"
        case .ambiguousName: "a name in a query matches more than one area, institution or category"
        case .nameAfterPlural: "a name follows a plural subject, which lists many rather than one"
        case .phraseNotForSubject: "a phrase is used with a subject it does not apply to"
        case .nestedNotInstitutions: "a query nested in \"of\", \"by\" or \"paid by\" lists something other than institutions"
        case .nestedGroups: "a query nested in \"of\", \"by\" or \"paid by\" has a total, count or average stage"
        case .namedNeedsWords: "\"named\" is given a name with no letters or digits, which would match every row"
        case .noMoneyField: "\"over\" or \"under\" is used with a subject that has no amount of money"
        case .noField: "a comparison or \"in (…)\" has no field on its left"
        case .typeMismatch: "a comparison sets a field against a value of another type"
        case .notWhole: "a count is compared with a number that is not whole"
        case .containsNeedsText: "\"~\" (contains) is used on a field that is not text"
        case .aggregateNeedsNumber: "total, average, min or max is asked of a field that is not a number or money"
        case .chartNeedsNumber: "\"chart\" is asked of results with no column of numbers or money"
        case .backwardsRange: "a period in a query ends before it starts"
        case .bug: "an internal fault, reported as a diagnostic rather than a crash"
        }
    }
}
