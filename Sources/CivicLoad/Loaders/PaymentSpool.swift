import CivicStorage

/// Payments on their way to a PostgreSQL server's `COPY … FROM STDIN` as they are checked,
/// instead of into the working SQLite file (`PostgresLoad`): the server takes in rows while
/// civic reads and checks the next ones, and no payment is written twice. Lines are in COPY's
/// text format, `columns` in order; ids follow on from `firstID`, as SQLite's would.
public final class PaymentSpool {
    /// The payments columns each line holds, in order.
    public static let columns = ["payment_id", "payer_id", "date", "date_kind", "paid_from", "paid_to", "supplier_id", "supplier",
                                 "amount_pence", "category_id", "expense", "service", "department", "reference", "supplier_ref",
                                 "repaired", "extra", "source_id", "source_line"]

    private let send: (UnsafeRawBufferPointer) throws -> Void
    private var nextID: Int64
    private var buffer: [UInt8] = []
    /// Payments sent (or waiting in the buffer).
    public private(set) var rows = 0

    /// `send` takes each piece of the data (about a megabyte).
    public init(firstID: Int64, send: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.nextID = firstID
        self.send = send
        buffer.reserveCapacity(1 << 20)
    }

    func add(payer: Int64, date: String, kind: String, paidFrom: String?, paidTo: String?, supplier: Int64, supplierText: String?,
             amount: Int64, category: Int64?, expense: String?, service: String?, department: String?, reference: String?,
             supplierRef: String?, repaired: Bool, extra: String?, source: Int64, line: Int64) throws {
        nextID += 1
        PostgresCopy.append(nextID, to: &buffer); buffer.append(9)
        PostgresCopy.append(payer, to: &buffer); buffer.append(9)
        PostgresCopy.append(date, to: &buffer); buffer.append(9)
        PostgresCopy.append(kind, to: &buffer); buffer.append(9)
        PostgresCopy.append(paidFrom, to: &buffer); buffer.append(9)
        PostgresCopy.append(paidTo, to: &buffer); buffer.append(9)
        PostgresCopy.append(supplier, to: &buffer); buffer.append(9)
        PostgresCopy.append(supplierText, to: &buffer); buffer.append(9)
        PostgresCopy.append(amount, to: &buffer); buffer.append(9)
        PostgresCopy.append(category, to: &buffer); buffer.append(9)
        PostgresCopy.append(expense, to: &buffer); buffer.append(9)
        PostgresCopy.append(service, to: &buffer); buffer.append(9)
        PostgresCopy.append(department, to: &buffer); buffer.append(9)
        PostgresCopy.append(reference, to: &buffer); buffer.append(9)
        PostgresCopy.append(supplierRef, to: &buffer); buffer.append(9)
        PostgresCopy.append(Int64(repaired ? 1 : 0), to: &buffer); buffer.append(9)
        PostgresCopy.append(extra, to: &buffer); buffer.append(9)
        PostgresCopy.append(source, to: &buffer); buffer.append(9)
        PostgresCopy.append(line, to: &buffer); buffer.append(10)
        rows += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Sends what is buffered.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try send($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
