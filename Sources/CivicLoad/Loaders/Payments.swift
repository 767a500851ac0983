import CivicDiagnostics
import CivicStorage
import Foundation

/// Spending files, the big ones: read and checked on one thread, written on another.
///
/// The checker (a thread of its own) reads the CSV through the layout, checks every field and
/// resolves every reference (payer, category, supplier) against the load's key maps; it hands
/// batches of ready rows, in file order, to the writer (the calling thread), which binds and
/// inserts them. Rows that fail their checks travel in the same stream as their errors, so the
/// load reports them in file order exactly as a single thread would. The hand-off holds at most
/// a few batches, so memory stays bounded whatever the file's size.
///
/// Ownership while a file loads: the checker alone uses the `LayoutReader` and the supplier maps
/// and only reads the other key maps, which nothing writes during a payments file; the writer
/// alone uses the database. The writer waits for the checker to finish before it returns or
/// throws, so afterwards everything is the calling thread's again.
extension KindLoaders {
    static let defaultRedactionMarkers = ["redacted personal data", "redacted personal information", "redacted"]

    /// One payment row, checked and resolved, ready to insert.
    struct CheckedPayment: Sendable {
        var payer: Int64
        var date: String
        var supplier: Int64
        /// The payee's name exactly as the file has it, when it is not the supplier's first spelling.
        var supplierText: String?
        var newSupplier: LoadContext.NewSupplier?
        var amount: Int64
        var category: Int64?
        var expense: String?
        var service: String?
        var department: String?
        var reference: String?
        var supplierRef: String?
        var extra: String?
        var repaired: Bool
        var line: Int64
    }

    enum CheckedItem: Sendable {
        case row(CheckedPayment)
        case rejected(LoadError)   // the row is rejected and reading goes on
        case stop(LoadError)       // the file cannot be read further (its position is reported)
    }

    /// What the checker found over the whole file.
    struct CheckerTotals: Sendable {
        var total: Int64 = 0
        var first: String?
        var last: String?
    }

    /// Whether to check on a thread of its own: on unless `CIVIC_LOAD_THREADS=1`.
    static let checkOnOwnThread = ProcessInfo.processInfo.environment["CIVIC_LOAD_THREADS"] != "1"

    static func payments(_ r: LayoutReader, _ source: Int64, _ ctx: LoadContext) throws {
        let errorsBefore = ctx.sink.total
        // An invoice date says when the invoice was raised, not when it was paid: the payment lies
        // somewhere in the period the file declares (Lambeth: invoices approved in June 2012).
        let invoiceDates = r.layout.dateKind == "invoice"
        guard !invoiceDates || (r.layout.source.periodStart != nil && r.layout.source.periodEnd != nil) else {
            throw LoadError(.layoutMissingKey, file: r.display, line: 0, column: 0,
                            "a layout with \"date_kind\": \"invoice\" must declare the source's period_start and period_end")
        }
        // Added to a big table that keeps its indexes, the rows go first to a staging table, in
        // file order with their ids already given, and then into payments in (payer, date) order.
        // Inserted in file order, each row lands on a random page of the payer and category
        // indexes, and with a bounded cache each such page is journaled and written again and
        // again; in index order, each page is visited once. Measured adding 40,000 rows to a
        // 5M-row table: 1.7 s in file order, 1.1 s in index order. The ids keep the file's order.
        let spool = ctx.paymentSpool
        let staged = ctx.stagePayments && spool == nil
        var nextID: Int64 = 0
        if staged {
            try ctx.db.execute("CREATE TEMP TABLE IF NOT EXISTS payments_staging AS SELECT * FROM main.payments WHERE 0")
            nextID = try ctx.db.scalar("SELECT coalesce(max(payment_id), 0) FROM main.payments").int ?? 0
        }
        let insert = try ctx.statement("""
            INSERT INTO \(staged ? "temp.payments_staging" : "payments")(payer_id, date, date_kind, paid_from, paid_to, supplier_id,
                supplier, amount_pence, category_id, expense, service, department, reference, supplier_ref, repaired, extra,
                source_id, source_line, payment_id)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        let insertSupplier = try ctx.statement(
            "INSERT INTO suppliers(supplier_id, name, name_norm, redacted, source_id, source_line) VALUES (?,?,?,?,?,?)")
        let kindText = invoiceDates ? "invoice" : "payment"
        let periodStart = r.layout.source.periodStart, periodEnd = r.layout.source.periodEnd
        var written = 0
        var sums = PaymentTotals()
        /// Runs a store of the totals, whose overflow is an error of the file.
        func storingTotals(_ body: () throws -> Void) throws {
            do { try body() } catch is PaymentTotals.Overflow {
                throw LoadError(.amountOverflow, file: r.display, line: 0, column: 0,
                                "the amounts of one supplier, payer or month add up to more than civic can count")
            }
        }

        func write(_ p: CheckedPayment) throws {
            if let s = p.newSupplier {
                insertSupplier.reset()
                try insertSupplier.bind(1, s.id); try insertSupplier.bind(2, s.name); try insertSupplier.bind(3, s.key)
                try insertSupplier.bind(4, Int64(s.redacted ? 1 : 0)); try insertSupplier.bind(5, source); try insertSupplier.bind(6, p.line)
                try insertSupplier.run()
            }
            if let spool {
                try spool.add(payer: p.payer, date: p.date, kind: kindText, paidFrom: invoiceDates ? periodStart : p.date,
                              paidTo: invoiceDates ? periodEnd : p.date, supplier: p.supplier, supplierText: p.supplierText,
                              amount: p.amount, category: p.category, expense: p.expense, service: p.service, department: p.department,
                              reference: p.reference, supplierRef: p.supplierRef, repaired: p.repaired, extra: p.extra,
                              source: source, line: p.line)
            } else {
            insert.reset()
            try insert.bind(1, p.payer); try insert.bind(2, p.date); try insert.bind(3, kindText)
            try insert.bind(4, invoiceDates ? periodStart : p.date); try insert.bind(5, invoiceDates ? periodEnd : p.date)
            try insert.bind(6, p.supplier); try insert.bind(7, p.supplierText); try insert.bind(8, p.amount); try insert.bind(9, p.category)
            try insert.bind(10, p.expense); try insert.bind(11, p.service); try insert.bind(12, p.department)
            try insert.bind(13, p.reference); try insert.bind(14, p.supplierRef); try insert.bind(15, Int64(p.repaired ? 1 : 0))
            try insert.bind(16, p.extra); try insert.bind(17, source); try insert.bind(18, p.line)
            if staged { nextID += 1; try insert.bind(19, nextID) } else { try insert.bind(19, nil as Int64?) }
            try insert.run()
            }
            guard sums.add(payer: p.payer, supplier: p.supplier, category: p.category, from: invoiceDates ? periodStart! : p.date,
                           to: invoiceDates ? periodEnd! : p.date, amount: p.amount) else {
                throw LoadError(.amountOverflow, file: r.display, line: Int(p.line), column: 0, "the amounts add up to more than civic can count")
            }
            if sums.isFull { try storingTotals { try sums.store(source: source, ctx) } }
            written += 1
            if written & 4095 == 0 { ctx.progress?(r.display, written) }
        }

        func take(_ item: CheckedItem) throws {
            switch item {
            case .row(let p): try write(p)
            case .rejected(let e), .stop(let e): ctx.sink.add(e)
            }
        }

        try ExtraFields(r).register(r, source: source, ctx)
        let checker = PaymentChecker(r, ctx)
        if checkOnOwnThread {
            let handoff = Handoff<CheckedItem>(capacity: 2)
            let box = UncheckedBox(checker)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.value.run(into: handoff)
                done.signal()
            }
            thread.stackSize = 1 << 20
            thread.start()
            defer {
                handoff.cancel()  // the checker stops at its next hand-off if the writer threw
                done.wait()
            }
            while let batch = handoff.take() {
                for item in batch { try take(item) }
            }
        } else {
            try checker.run(take)
        }
        let totals = checker.totals

        if staged {
            try ctx.db.execute("""
                INSERT INTO main.payments SELECT * FROM temp.payments_staging ORDER BY payer_id, paid_from;
                DELETE FROM temp.payments_staging
                """)
        }
        try storingTotals { try sums.finish(source: source, ctx) }
        if let f = r.layout.footer, let column = f.totalColumn, let footer = r.footer {
            let index = r.headerNames.firstIndex { LayoutReader.normaliseHeader($0) == LayoutReader.normaliseHeader(column) }
            let text = index.flatMap { $0 < footer.fields.count ? footer.fields[$0].text : nil } ?? ""
            if let stated = FieldParsers.money(text, scale: r.layout.scale ?? 0) {
                if stated != totals.total && ctx.sink.total == errorsBefore {
                    ctx.sink.add(LoadError(.totalMismatch, file: r.display, line: footer.line, column: (index ?? 0) + 1,
                                           "the file's own total is \(text) but its rows sum to \(Pence.pounds(totals.total))"))
                }
            } else {
                ctx.sink.add(LoadError(.badTotal, file: r.display, line: footer.line, column: (index ?? 0) + 1,
                                       expected: "the file's total in the footer", found: "\"\(text)\""))
            }
        }
        if periodStart == nil, let first = totals.first, let last = totals.last {
            try ctx.run("UPDATE sources SET period_start = ?, period_end = ? WHERE source_id = ?", [.text(first), .text(last), .integer(source)])
        }
    }
}

/// Reads and checks a payments file row by row (see `KindLoaders.payments`).
final class PaymentChecker {
    private let r: LayoutReader
    private let ctx: LoadContext
    private(set) var totals = KindLoaders.CheckerTotals()

    init(_ r: LayoutReader, _ ctx: LoadContext) {
        self.r = r
        self.ctx = ctx
    }

    /// Checks every row, handing the results to the writer in batches.
    func run(into handoff: Handoff<KindLoaders.CheckedItem>) {
        var batch: [KindLoaders.CheckedItem] = []
        batch.reserveCapacity(Self.batchSize)
        do {
            try run { item in
                batch.append(item)
                if batch.count == Self.batchSize {
                    guard handoff.put(batch) else { throw CancellationError() }
                    batch.removeAll(keepingCapacity: true)
                }
            }
        } catch is CancellationError {
            // The writer stopped: nothing more is wanted.
        } catch {
            // Not a fault of the file's (those are reported as rows): still never a silent end.
            batch.append(.stop(LoadError(.bug, file: r.display, line: 0, column: 0, "\(error)")))
        }
        if !batch.isEmpty { _ = handoff.put(batch) }
        handoff.close()
    }

    static let batchSize = 256

    /// Checks every row, giving each result to `emit` in file order.
    func run(_ emit: (KindLoaders.CheckedItem) throws -> Void) throws {
        let r = self.r, ctx = self.ctx
        let markers = Set((r.layout.redactionMarkers ?? KindLoaders.defaultRedactionMarkers).map { $0.lowercased() })
        let payerF = r.field("payer"), dateF = r.field("date"), supplierF = r.field("supplier"), amountF = r.field("amount")
        let categoryF = r.field("category"), expenseF = r.field("expense"), serviceF = r.field("service")
        let departmentF = r.field("department"), referenceF = r.field("reference"), supplierRefF = r.field("supplier_ref")
        let extras = ExtraFields(r)
        // The first and last dates are wanted only where the layout declares no period.
        let trackDates = r.layout.source.periodStart == nil
        var total: Int64 = 0
        var first: String?, last: String?
        var lastPayerRef = "", lastPayer: Int64 = 0
        defer { totals = KindLoaders.CheckerTotals(total: total, first: first, last: last) }
        try r.forEachRow({ e, stops in try emit(stops ? .stop(e) : .rejected(e)) }) { row in
            // Most files have one payer, national ones a few thousand in runs: look up a
            // payer only when it changes.
            let payerRef = try r.requiredCode(row, payerF)
            let payer: Int64
            if payerRef == lastPayerRef {
                payer = lastPayer
            } else {
                payer = try r.institution(row, payerF, ctx)
                lastPayerRef = payerRef
                lastPayer = payer
            }
            let date = try r.date(row, dateF, required: true)!
            let supplierName = try r.required(row, supplierF)
            let amount = try r.money(row, amountF)
            let category = try r.category(row, categoryF, ctx)
            let (sum, overflow) = total.addingReportingOverflow(amount)
            guard !overflow else { throw RowError(r.error(row, "amount", .amountOverflow, "the amounts add up to more than civic can count")) }
            let supplier = ctx.supplier(supplierName, redactionMarkers: markers)
            let extra = try extras.json(r, row)
            total = sum
            if trackDates {
                if first == nil || date < first! { first = date }
                if last == nil || date > last! { last = date }
            }
            try emit(.row(KindLoaders.CheckedPayment(
                payer: payer, date: date, supplier: supplier.id, supplierText: ctx.spelling(supplierName, of: supplier.id), newSupplier: supplier.new, amount: amount, category: category,
                expense: r.value(row, expenseF), service: r.value(row, serviceF), department: r.value(row, departmentF),
                reference: r.value(row, referenceF), supplierRef: r.value(row, supplierRefF), extra: extra,
                repaired: row.repaired, line: Int64(row.record.line))))
        }
    }
}

/// Hands batches from one thread to another, at most `capacity` waiting at a time.
final class Handoff<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[T]] = []  // at most `capacity`: taking from the front is cheap
    private var closed = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room, then adds a batch; false when the taker has cancelled.
    func put(_ batch: [T]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// No more batches will come.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The taker wants no more: a waiting or later `put` returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, waiting for it; nil once the giver has closed and all are taken.
    func take() -> [T]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !closed { condition.wait() }
        guard !batches.isEmpty else { return nil }
        let b = batches.removeFirst()
        condition.broadcast()
        return b
    }
}

/// Carries a non-Sendable object to the checker thread. Safe by the ownership rule in
/// `KindLoaders.payments`: while the thread runs, only it uses the object.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
