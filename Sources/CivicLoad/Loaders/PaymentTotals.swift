import CivicStorage
import Foundation

/// What one payments file adds to the totals tables (`supplier_totals`, `payer_totals`,
/// `payer_month_totals`; see docs/SCHEMA.md), counted in memory as its rows are written and
/// stored in the same transaction. Each total belongs to the file, so replacing the file
/// deletes its totals with its rows.
///
/// Memory stays bounded: when the counts in memory reach `limit` keys, they are stored and
/// counting starts afresh (suppliers and payers add to their rows; months go to a temporary
/// table without indexes, which the end of the file adds up into one row per key).
///
/// Every sum is checked, wherever it is made, so a total past 64 bits of pence is an error
/// (`Overflow`), never a trap or a wrong total: in memory by Swift's overflow-reporting
/// addition; in the rows a spill adds to by reading back what SQLite stored (it turns an
/// integer `+` that overflows into a float, silently); and in the months added up at the end
/// by SQLite's `sum`, which fails with "integer overflow". (The bound on each row's amount,
/// `Layout.defaultMaxAmount`, makes this need tens of thousands of the largest rows.)
struct PaymentTotals {
    /// A total would pass what 64 bits of pence hold.
    struct Overflow: Error {}

    struct Sum {
        var payments: Int64 = 0
        var amount: Int64 = 0
    }

    struct MonthKey: Hashable {
        var payer: Int64
        /// -1 for a payment with no mapped category.
        var category: Int64
        var from: Int32
        var to: Int32
    }

    /// Keys held in memory before they are stored: with the dictionary's growth, about 25 MiB
    /// at most. Holding every key instead made a 5M-payment national file's load peak at
    /// 178 MiB (1,009,139 months of payers and categories) and a 20M one at 592 MiB; spilling
    /// is exact, and costs the time of adding up the spilled rows at the end (see
    /// Benchmarks/RESULTS.md). `CIVIC_LOAD_TOTALS_KEYS` sets another number, for tests.
    static let limit = ProcessInfo.processInfo.environment["CIVIC_LOAD_TOTALS_KEYS"].flatMap { Int($0) }.map { max(1, $0) } ?? 262_144

    private(set) var bySupplier: [Int64: Sum] = [:]
    private(set) var byPayer: [Int64: Sum] = [:]
    private(set) var byMonth: [MonthKey: Sum] = [:]
    private var lastFrom = "", lastTo = ""
    private var lastFromMonth: Int32 = 0, lastToMonth: Int32 = 0
    /// Whether month rows of this file wait in `temp.month_totals_spill`.
    private var monthsSpilled = false

    /// Whether the counts in memory should be stored now.
    var isFull: Bool { bySupplier.count >= Self.limit || byPayer.count >= Self.limit || byMonth.count >= Self.limit }

    /// Counts one payment; false if a total would overflow.
    mutating func add(payer: Int64, supplier: Int64, category: Int64?, from: String, to: String, amount: Int64) -> Bool {
        // Rows come in runs of one date: parse a month only when the date changes.
        if from != lastFrom { lastFrom = from; lastFromMonth = Self.month(from) }
        if to != lastTo { lastTo = to; lastToMonth = Self.month(to) }
        let key = MonthKey(payer: payer, category: category ?? -1, from: lastFromMonth, to: lastToMonth)
        return Self.add(&bySupplier[supplier, default: Sum()], amount)
            && Self.add(&byPayer[payer, default: Sum()], amount)
            && Self.add(&byMonth[key, default: Sum()], amount)
    }

    private static func add(_ s: inout Sum, _ amount: Int64) -> Bool {
        let (total, overflow) = s.amount.addingReportingOverflow(amount)
        s.amount = total
        s.payments += 1
        return !overflow
    }

    /// An ISO date's month as a number: year × 12 + month − 1.
    static func month(_ iso: String) -> Int32 {
        var digits: [Int32] = []
        for b in iso.utf8.prefix(7) where b >= 48 && b <= 57 { digits.append(Int32(b - 48)) }
        guard digits.count == 6 else { return 0 }
        let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        return year * 12 + digits[4] * 10 + digits[5] - 1
    }

    /// A month number as `YYYY-MM`.
    static func text(month m: Int32) -> String {
        let year = String(m / 12), month = String(m % 12 + 1)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + (month.count == 1 ? "0" : "") + month
    }

    /// Adds counts by one key to their table's rows for the source, or makes the rows.
    private static func add(_ sums: [Int64: Sum], to table: String, key: String, source: Int64, _ ctx: LoadContext) throws {
        let insert = try ctx.statement("""
            INSERT INTO \(table)(\(key), source_id, payments, amount_pence) VALUES (?,?,?,?)
            ON CONFLICT (\(key), source_id) DO UPDATE SET payments = payments + excluded.payments, amount_pence = amount_pence + excluded.amount_pence
            RETURNING amount_pence
            """)
        for (id, s) in sums {
            insert.reset()
            try insert.bind(1, id); try insert.bind(2, source); try insert.bind(3, s.payments); try insert.bind(4, s.amount)
            // The total stored must still be an integer: an overflowing `+` gives a float.
            let stored = try insert.step() ? insert.value(0) : .null
            insert.reset()
            guard case .integer = stored else { throw Overflow() }
        }
    }

    /// Adds the counts in memory to the tables (the months to the spill, unless `final`) and
    /// forgets them.
    mutating func store(source: Int64, _ ctx: LoadContext, final: Bool = false) throws {
        try Self.add(bySupplier, to: "supplier_totals", key: "supplier_id", source: source, ctx)
        try Self.add(byPayer, to: "payer_totals", key: "payer_id", source: source, ctx)
        let spill = !final || monthsSpilled
        if spill {
            try ctx.db.execute("CREATE TEMP TABLE IF NOT EXISTS month_totals_spill AS SELECT * FROM main.payer_month_totals WHERE 0")
            monthsSpilled = true
        }
        let month = try ctx.statement("""
            INSERT INTO \(spill ? "temp.month_totals_spill" : "main.payer_month_totals")(payer_id, category_id, from_month, to_month, source_id, payments, amount_pence)
            VALUES (?,?,?,?,?,?,?)
            """)
        for (k, s) in byMonth {
            month.reset()
            try month.bind(1, k.payer); try month.bind(2, k.category < 0 ? nil : k.category)
            try month.bind(3, Self.text(month: k.from)); try month.bind(4, Self.text(month: k.to))
            try month.bind(5, source); try month.bind(6, s.payments); try month.bind(7, s.amount)
            try month.run()
        }
        bySupplier.removeAll(keepingCapacity: true)
        byPayer.removeAll(keepingCapacity: true)
        byMonth.removeAll(keepingCapacity: true)
    }

    /// Stores what is left at the end of the file, and adds up the month rows spilled on the
    /// way, if any, into one row per key.
    mutating func finish(source: Int64, _ ctx: LoadContext) throws {
        try store(source: source, ctx, final: true)
        guard monthsSpilled else { return }
        do {
            try ctx.db.execute("""
                INSERT INTO main.payer_month_totals
                SELECT payer_id, category_id, from_month, to_month, source_id, sum(payments), sum(amount_pence)
                FROM temp.month_totals_spill GROUP BY payer_id, category_id, from_month, to_month, source_id
                """)
        } catch let e as StorageError where e.message.contains("integer overflow") {
            throw Overflow()  // SQLite's sum() refuses to overflow, with this message
        }
        try ctx.db.execute("DELETE FROM temp.month_totals_spill")
        monthsSpilled = false
    }
}
