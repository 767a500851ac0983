/// An area and everything that lies in it, at any depth, for the SQL written outside the query
/// compiler's own pass (name lookups, coverage notes): the dialect's one definition of that
/// recursion.
enum AreaSQL {
    /// A recursive common table expression `name(id)` for a `WITH RECURSIVE` list.
    static func definition(_ name: String, dialect: any SQLDialect, seeds: SQL) -> SQL {
        dialect.areasWithin(name, carrying: false, seeds: seeds)
    }

    /// The same as a subquery to put after `IN`: `(WITH RECURSIVE inside(id) AS (…) SELECT id FROM inside)`.
    static func inside(dialect: any SQLDialect, seeds: SQL) -> SQL {
        "(WITH RECURSIVE " + definition("inside", dialect: dialect, seeds: seeds) + " SELECT id FROM inside)"
    }
}
