/// The phrases that narrow a subject's rows, as the phrase table names them.
enum PhraseKind: String, Sendable, CaseIterable {
    case area = "in"
    case category = "spending on"
    case of = "of"
    case by = "by"
    case paidBy = "paid by"
    case period = "during"
}

/// How a phrase narrows one subject's rows. The checker reads this table to know which phrase
/// suits which subject; the compiler reads it to know what each one means.
enum PhraseRule: Sendable, Equatable {
    /// The value lies in the phrase's set (of areas, categories or institutions).
    case member(Expr)
    /// The area lies inside the phrase's area, at any depth, and is not that area itself.
    case inside(Expr)
    /// The institution the value names is located in the phrase's area.
    case locatedIn(Expr)
    /// The person holds an office whose place (its ward, or else its institution's area) is in
    /// the phrase's area.
    case officeInArea
    /// The person holds an office at an institution of the phrase's set.
    case officeAt
    /// The person holds an office at some time in the period.
    case officeDuring
    /// The institution made a payment the query's phrases allow.
    case paidHere
    /// An institution located in the area, at any depth, made a payment the phrases allow.
    case paidInside
    /// The row's own dates lie in the period, as the narrowing reads them.
    case dated(Narrowing)
    /// No condition on the rows: the phrase narrows what the derived fields summarise (and,
    /// for suppliers, which rows are listed).
    case narrowsDerived
}

extension Catalog {
    /// Which phrase applies to which subject, and how. A subject missing from a phrase's row
    /// does not take that phrase.
    static let phraseRules: [PhraseKind: [Family: PhraseRule]] = {
        let institutionOf: [Family: PhraseRule] = [
            .people: .officeAt,
            .roles: .member(.column("institution_id")),
            .budgets: .member(.column("institution_id")),
            .spending: .member(.column("payer_id")),
            .institutions: .member(.column("parent_id")),
            .suppliers: .narrowsDerived,
        ]
        return [
            .area: [
                .institutions: .member(.column("area_id")),
                .people: .officeInArea,
                .roles: .member(.firstOf([.column("ward_id"), .column("area_id", .institution)])),
                .candidates: .member(.column("ward_id")),
                .spending: .locatedIn(.column("payer_id")),
                .budgets: .member(.column("area_id", .institution)),
                .areas: .inside(.column("area_id")),
                .suppliers: .narrowsDerived,
                .categories: .narrowsDerived,
            ],
            .category: [
                .institutions: .paidHere,
                .spending: .member(.column("category_id")),
                .budgets: .member(.column("category_id")),
                .categories: .member(.column("category_id")),
                .areas: .paidInside,
                .suppliers: .narrowsDerived,
            ],
            .of: institutionOf,
            .by: institutionOf.filter { [.spending, .budgets, .suppliers].contains($0.key) },
            .paidBy: institutionOf.filter { [.spending, .suppliers].contains($0.key) },
            .period: [
                .spending: .dated(.payments(payers: true)),
                .budgets: .dated(.budgets),
                .roles: .dated(.roles),
                .candidates: .dated(.elections),
                .people: .officeDuring,
                .institutions: .narrowsDerived,
                .suppliers: .narrowsDerived,
                .areas: .narrowsDerived,
                .categories: .narrowsDerived,
            ],
        ]
    }()

    static func rule(_ phrase: PhraseKind, for family: Family) -> PhraseRule? { phraseRules[phrase]?[family] }
}
