import Foundation

/// A run's counters and its histogram of times, in one block of 64-bit words.
///
/// The harness's workers keep theirs in a file mapped into memory (`mapped(path:)`): every
/// count is on disk the moment it is made, so a worker that crashes loses none of them, and the
/// supervisor reads them while the worker runs. A test keeps its block on the heap.
public final class StatsBlock: @unchecked Sendable {
    // Word offsets.
    static let magic: UInt64 = 0x4349_5643_4655_5A32  // "CIVCFUZ2"
    enum Slot: Int {
        case magic = 0, inputs, current, runningSince, maxNanos, maxSqlNanos, slow, sumNanos, sumSqlNanos, maxBytes
    }
    static let outcomes = 16    // counts by outcome
    static let kinds = 16       // counts by input kind
    static let outcomeBase = 16
    static let kindBase = outcomeBase + outcomes
    static let kindFailureBase = kindBase + kinds
    static let kindOutcomeBase = kindFailureBase + kinds  // kinds × outcomes
    static let histogramBase = kindOutcomeBase + kinds * outcomes
    static let buckets = 1920
    static let labelBase = histogramBase + buckets   // the running input's label, 256 bytes
    static let labelWords = 32
    public static let words = labelBase + labelWords
    static let bytes = words * 8

    let p: UnsafeMutablePointer<UInt64>
    private let mapped: Bool

    /// A block on the heap, zeroed.
    public init() {
        p = .allocate(capacity: Self.words)
        p.initialize(repeating: 0, count: Self.words)
        p[Slot.magic.rawValue] = Self.magic
        mapped = false
    }

    /// A block in the file at `path`, created zeroed when missing (or not a block); what it
    /// holds is kept, so a restarted worker adds to its predecessor's counts.
    public init(mappedAt path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        var st = stat()
        fstat(fd, &st)
        let fresh = Int(st.st_size) != Self.bytes
        if fresh { guard ftruncate(fd, 0) == 0, ftruncate(fd, off_t(Self.bytes)) == 0 else { throw CocoaError(.fileWriteUnknown) } }
        guard let m = mmap(nil, Self.bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), m != MAP_FAILED else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        p = m.bindMemory(to: UInt64.self, capacity: Self.words)
        mapped = true
        if fresh || p[Slot.magic.rawValue] != Self.magic {
            p.update(repeating: 0, count: Self.words)
            p[Slot.magic.rawValue] = Self.magic
        }
    }

    deinit {
        if mapped { munmap(p, Self.bytes) } else { p.deallocate() }
    }

    subscript(_ s: Slot) -> UInt64 {
        get { p[s.rawValue] }
        set { p[s.rawValue] = newValue }
    }

    /// The index of the input running now (or the last one run).
    public var current: UInt64 {
        get { self[.current] }
        set { self[.current] = newValue }
    }

    /// When the running input started (monotonic nanoseconds), 0 when none runs: for a watchdog.
    public var runningSince: UInt64 {
        get { self[.runningSince] }
        set { self[.runningSince] = newValue }
    }

    /// A short label of the running input (its kind and shape), for naming a crash.
    public var label: String {
        get {
            let raw = UnsafeRawPointer(p + Self.labelBase).assumingMemoryBound(to: UInt8.self)
            let n = Int(raw[0])
            return String(decoding: UnsafeBufferPointer(start: raw + 1, count: n), as: UTF8.self)
        }
        set {
            let raw = UnsafeMutableRawPointer(p + Self.labelBase).assumingMemoryBound(to: UInt8.self)
            let b = Array(newValue.utf8.prefix(Self.labelWords * 8 - 1))
            raw[0] = UInt8(b.count)
            for (i, x) in b.enumerated() { raw[1 + i] = x }
        }
    }

    /// Counts one input's result.
    public func record(kind: Int, outcome: Int, failure: Bool, nanos: UInt64, sqlNanos: UInt64, bytes: Int, slowNanos: UInt64) {
        p[Slot.inputs.rawValue] += 1
        p[Self.outcomeBase + min(outcome, Self.outcomes - 1)] += 1
        p[Self.kindBase + min(kind, Self.kinds - 1)] += 1
        if failure { p[Self.kindFailureBase + min(kind, Self.kinds - 1)] += 1 }
        p[Self.kindOutcomeBase + min(kind, Self.kinds - 1) * Self.outcomes + min(outcome, Self.outcomes - 1)] += 1
        p[Self.histogramBase + Self.bucket(nanos)] += 1
        if nanos > self[.maxNanos] { self[.maxNanos] = nanos }
        if sqlNanos > self[.maxSqlNanos] { self[.maxSqlNanos] = sqlNanos }
        if nanos > slowNanos { self[.slow] += 1 }
        self[.sumNanos] &+= nanos
        self[.sumSqlNanos] &+= sqlNanos
        if UInt64(bytes) > self[.maxBytes] { self[.maxBytes] = UInt64(bytes) }
    }

    /// A copy of the counts, to add up and print.
    public var snapshot: StatsSummary {
        var s = StatsSummary()
        s.add(self)
        return s
    }

    // Buckets: exact below 32 ns, then 32 to a power of two (about 3 % wide).
    static func bucket(_ v: UInt64) -> Int {
        if v < 32 { return Int(v) }
        let e = 63 - v.leadingZeroBitCount   // ≥ 5
        let m = Int((v >> UInt64(e - 5)) & 31)
        return (e - 4) * 32 + m
    }

    /// The largest value a bucket holds.
    static func upperBound(_ b: Int) -> UInt64 {
        if b < 32 { return UInt64(b) }
        let e = b / 32 + 4, m = UInt64(b % 32)
        return ((32 + m + 1) << UInt64(e - 5)) - 1
    }
}

/// Counts added up over workers and restarts.
public struct StatsSummary: Sendable {
    public var inputs: UInt64 = 0
    public var outcomes = [UInt64](repeating: 0, count: StatsBlock.outcomes)
    public var kinds = [UInt64](repeating: 0, count: StatsBlock.kinds)
    public var kindFailures = [UInt64](repeating: 0, count: StatsBlock.kinds)
    /// Counts by kind and outcome: `[kind][outcome]`.
    public var kindOutcomes = [[UInt64]](repeating: [UInt64](repeating: 0, count: StatsBlock.outcomes), count: StatsBlock.kinds)
    public var histogram = [UInt64](repeating: 0, count: StatsBlock.buckets)
    public var maxNanos: UInt64 = 0
    public var maxSqlNanos: UInt64 = 0
    public var slow: UInt64 = 0
    public var sumNanos: UInt64 = 0
    public var sumSqlNanos: UInt64 = 0
    public var maxBytes: UInt64 = 0

    public init() {}

    public mutating func add(_ b: StatsBlock) {
        inputs += b[.inputs]
        for i in 0..<StatsBlock.outcomes { outcomes[i] += b.p[StatsBlock.outcomeBase + i] }
        for i in 0..<StatsBlock.kinds {
            kinds[i] += b.p[StatsBlock.kindBase + i]
            kindFailures[i] += b.p[StatsBlock.kindFailureBase + i]
            for o in 0..<StatsBlock.outcomes { kindOutcomes[i][o] += b.p[StatsBlock.kindOutcomeBase + i * StatsBlock.outcomes + o] }
        }
        for i in 0..<StatsBlock.buckets { histogram[i] += b.p[StatsBlock.histogramBase + i] }
        maxNanos = max(maxNanos, b[.maxNanos])
        maxSqlNanos = max(maxSqlNanos, b[.maxSqlNanos])
        slow += b[.slow]
        sumNanos &+= b[.sumNanos]
        sumSqlNanos &+= b[.sumSqlNanos]
        maxBytes = max(maxBytes, b[.maxBytes])
    }

    /// The time under which a fraction `q` of inputs finished (to the bucket's upper bound).
    public func quantile(_ q: Double) -> UInt64 {
        guard inputs > 0 else { return 0 }
        let target = UInt64((Double(inputs) * q).rounded(.up))
        var seen: UInt64 = 0
        for (i, n) in histogram.enumerated() {
            seen += n
            if seen >= target { return min(StatsBlock.upperBound(i), maxNanos) }
        }
        return maxNanos
    }
}

/// Nanoseconds as a person reads them.
public func formatNanos(_ n: UInt64) -> String {
    let d = Double(n)
    if d >= 1e9 { return String(format: "%.2f s", d / 1e9) }
    if d >= 1e6 { return String(format: "%.1f ms", d / 1e6) }
    if d >= 1e3 { return String(format: "%.0f µs", d / 1e3) }
    return "\(n) ns"
}
