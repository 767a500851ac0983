/// A unit of time a grouping stage can group a date by: `total amount by month`. Each group is
/// labelled as text that sorts in time order, so the groups of a time unit come out oldest first.
public enum TimeUnit: String, Sendable, CaseIterable {
    /// A calendar month: `2021-04`.
    case month
    /// A calendar quarter: `2021 Q2` (April to June).
    case quarter
    /// A UK financial year, 1 April to 31 March: `2021/22`, as budgets' `year` is written.
    case fy
    /// A calendar year: `2021`.
    case year

    /// The unit a word names, if any.
    static func named(_ word: String) -> TimeUnit? { TimeUnit(rawValue: word) }

    /// The units' words, in the order the language lists them.
    public static var words: [String] { allCases.map(\.rawValue) }
}
