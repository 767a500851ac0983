/// Every kind of problem civic reports about a query or a data file, each with a stable id.
///
/// The raw value is the id: scripts, tests and golden files name it, so it never changes once
/// released (a new kind of problem gets a new case). One case per kind of problem, not per
/// message: "unknown category code "999"" and "unknown category code "A1"" are one kind.
/// A few kinds (a bad date, money or number) arise both in a query and in a data file.
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
    case notSQL
    case nameNeedsQuotes

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
    case numberTooLarge
    case queryTooDeep
    case queryTooLarge
    case containsNeedsText
    case aggregateNeedsNumber
    case chartNeedsNumber
    case backwardsRange
    case timeUnitNeedsDate
    case ofNeedsTimeUnit
    case timeUnitTwice
    case perHeadNeedsMoney
    case perHeadNeedsPopulation

    // Loading: finding and reading the files.
    case noSuchFile
    case noLayout
    case unreadableFile
    case duplicateFileName
    case unterminatedQuote
    case textAfterQuote
    case nulByte
    case invalidUTF8
    case emptyFile
    case missingHeader
    case missingColumn
    case wrongFieldCount
    case noDataRows
    case missingFooter
    case fieldTooLong
    case fileChanged

    // Loading: the layout that says how a file maps.
    case layoutInvalid
    case layoutUnknownKey
    case layoutKeyForOtherKind
    case layoutMissingKey
    case layoutMissingField
    case layoutBadColumn
    case layoutBadPattern

    // Loading: the values of a row and the keys they name.
    case emptyField
    case unknownArea
    case unknownInstitution
    case unknownCategory
    case duplicateKey
    case badValue
    case amountTooLarge
    case amountOverflow
    case badTotal
    case totalMismatch

    // Loading: the database being written.
    case cannotLock
    case cannotOpenDatabase
    case otherSchemaVersion
    case cannotReplaceDatabase
    case databaseWriteFailed
    case danglingReference

    // Anywhere.
    case bug

    /// When the problem is raised, in one line.
    public var summary: String {
        switch self {
        case .unexpectedSemicolon: "a query contains \";\" (one query per argument, or several in a -f file)"
        case .unexpectedCharacter: "a query contains a character the language has no use for, such as # or {"
        case .unclosedString: "a quoted string in a query is never closed"
        case .badMoney: "an amount of money is malformed: £1.2.3 or £5q in a query, 12,34.5 in a data file"
        case .badDate: "a date is malformed or not in the calendar: 2023-02-30 in a query, 2506/2012 in a data file"
        case .dateOrMonth: "a value in a query starts like a date but is neither a date nor a month"
        case .badNumber: "a number is malformed: 12x in a query; a whole number, code or count in a data file that is not one"
        case .expected: "the parser needed a particular token, such as \"(\", and found another"
        case .unexpectedToken: "a query goes on where it should end, or a phrase keyword is misspelt"
        case .unclosedParen: "a \"(\" in a query is never closed"
        case .unbalancedParen: "a \")\" in a query closes nothing"
        case .expectedSubject: "a query does not start with what to list"
        case .expectedKind: "a phrase needs a kind, such as ward or council, and finds none"
        case .expectedInstitutions: "\"of\", \"by\" or \"paid by\" is not followed by which institutions"
        case .expectedString: "a name in quotes is missing where a phrase needs one"
        case .notSQL: "a query is written in SQL (SELECT … FROM …), which civic does not take; the closest civic query where one is obvious"
        case .nameNeedsQuotes: "a name after a kind of area is not in quotes (in ward Aston): put it in quotes"
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
        case .numberTooLarge: "a count or an amount in a query is beyond what civic can count (64-bit whole numbers of units or pence)"
        case .queryTooDeep: "a query nests parentheses, \"not\" or nested queries deeper than civic takes"
        case .queryTooLarge: "a query is longer, or has more stages, conditions, list values or fields, than civic takes"
        case .containsNeedsText: "\"~\" (contains) is used on a field that is not text"
        case .aggregateNeedsNumber: "total, average, min or max is asked of a field that is not a number or money"
        case .chartNeedsNumber: "\"chart\" is asked of results with no column of numbers or money"
        case .backwardsRange: "a period in a query ends before it starts"
        case .timeUnitNeedsDate: "a grouping by month, quarter, fy or year has no date to group: the subject has none, \"of\" names a field that is not a date, or an earlier stage left none"
        case .ofNeedsTimeUnit: "\"of\" in a grouping follows a word that is not a time unit (month, quarter, fy, year)"
        case .timeUnitTwice: "a grouping gives two columns one name, such as year of start and year of end"
        case .perHeadNeedsMoney: "\"per head\" follows a field that is not money, such as name per head"
        case .perHeadNeedsPopulation: "\"per head\" is asked of a subject with no population to divide by, such as spending"
        case .noSuchFile: "a path given to civic load does not exist"
        case .noLayout: "a data file given to civic load has no layout beside it"
        case .unreadableFile: "a data or layout file cannot be opened or read to its end"
        case .duplicateFileName: "two files of one load have the same name, which sources are known by"
        case .unterminatedQuote: "a quoted CSV field is never closed"
        case .textAfterQuote: "text follows the closing quote of a CSV field"
        case .nulByte: "a data file holds a NUL byte"
        case .invalidUTF8: "a data file's bytes are not valid in the encoding its layout declares"
        case .emptyFile: "a data file has no bytes, or nothing but a header"
        case .missingHeader: "a data file ends before the line its layout says holds the header"
        case .missingColumn: "the header lacks a column the layout names"
        case .wrongFieldCount: "a row has more or fewer fields than the header, and no repair mends it"
        case .noDataRows: "a data file has a header but no data rows"
        case .missingFooter: "a data file ends without the footer line its layout declares"
        case .fileChanged: "a data file grew, shrank or was rewritten while civic was reading it"
        case .fieldTooLong: "a field of a data file, or a whole row or header, holds more bytes than max_field_bytes allows (1 MiB unless its layout raises it)"
        case .layoutInvalid: "a layout is not valid JSON, or a key holds a value of the wrong type or out of range: a scale, a header line, a date not in the calendar"
        case .layoutUnknownKey: "a layout has a key no layout takes, often a misspelling"
        case .layoutKeyForOtherKind: "a layout has a key that only another kind of file takes"
        case .layoutMissingKey: "a layout lacks a key its kind of file needs"
        case .layoutMissingField: "a layout gives no column or constant for a field its kind of file needs"
        case .layoutBadColumn: "a layout's column is not a usable position or header name"
        case .layoutBadPattern: "a layout's repair or extract pattern is not a valid regular expression"
        case .emptyField: "a field that must have a value is empty"
        case .unknownArea: "a row or layout names an area code that is not loaded"
        case .unknownInstitution: "a row names an institution, or a parent institution, that is not loaded"
        case .unknownCategory: "a row names a category code that is not in the taxonomy"
        case .duplicateKey: "a row repeats a key already loaded: a code, an alias or a role"
        case .badValue: "a value in a data file is not one its field takes: a yes or no, a postcode"
        case .amountTooLarge: "an amount in a data file is beyond the bound one row may hold (£1 trillion either way, unless its layout's max_amount raises it)"
        case .amountOverflow: "a file's amounts add up to more than civic can count"
        case .badTotal: "the footer's total is not an amount of money"
        case .totalMismatch: "the footer's total differs from the sum of the rows"
        case .cannotLock: "the load lock beside the database cannot be created or taken"
        case .cannotOpenDatabase: "the database a load adds to cannot be opened"
        case .otherSchemaVersion: "the database a load adds to was built with another schema version"
        case .cannotReplaceDatabase: "a rebuilt database cannot be renamed into place"
        case .databaseWriteFailed: "the database cannot be written during a load: the disk is full, or reading or writing fails"
        case .danglingReference: "a replaced file's rows are still referred to by other files' rows"
        case .bug: "an internal fault, reported as a diagnostic rather than a crash"
        }
    }
}
