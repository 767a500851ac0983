/// An area and everything that lies in it, at any depth: its children by `parent_id` and the
/// members of its memberships (`area_links`), and theirs in turn. This is the one definition of
/// that recursion; the compiler's area phrases, the derived fields of areas, name lookups inside
/// other areas and the coverage notes all use it.
enum AreaSQL {
    /// A recursive common table expression `name(id)` holding the areas `seeds` selects (a
    /// `SELECT` of area codes: `SELECT ?`, `SELECT s.area_id`, or several joined by `UNION`)
    /// and everything inside them. For a `WITH RECURSIVE` list.
    static func definition(_ name: String, seeds: SQL) -> SQL {
        "\(name)(id) AS (" + seeds + " UNION SELECT a.area_id FROM areas a JOIN \(name) w ON a.parent_id = w.id"
            + " UNION SELECT l.area_id FROM area_links l JOIN \(name) w ON l.container_id = w.id)"
    }

    /// The same as a subquery to put after `IN`: `(WITH RECURSIVE inside(id) AS (…) SELECT id FROM inside)`.
    static func inside(seeds: SQL) -> SQL {
        "(WITH RECURSIVE " + definition("inside", seeds: seeds) + " SELECT id FROM inside)"
    }
}
