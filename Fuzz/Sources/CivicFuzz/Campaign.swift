import Dispatch

/// One input of any mode: its bytes, which kind of input it is, and a label saying more.
public struct FuzzCase: Sendable {
    public var bytes: [UInt8]
    public var kind: Int
    public var label: String
    /// The extension a saved copy takes: `civic` for a query, `csv` for a CSV file, `field` for a field.
    public var fileExtension: String

    public init(bytes: [UInt8], kind: Int, label: String, fileExtension: String) {
        self.bytes = bytes
        self.kind = kind
        self.label = label
        self.fileExtension = fileExtension
    }
}

/// What became of one input.
public struct FuzzResult: Sendable {
    public var outcome: Int
    public var isFailure: Bool
    public var nanos: UInt64
    public var sqlNanos: UInt64
    public var detail: String
    /// The failure's class, for counting distinct failures.
    public var signature: String

    public init(outcome: Int, isFailure: Bool, nanos: UInt64, sqlNanos: UInt64 = 0, detail: String = "", signature: String = "") {
        self.outcome = outcome
        self.isFailure = isFailure
        self.nanos = nanos
        self.sqlNanos = sqlNanos
        self.detail = detail
        self.signature = signature
    }
}

/// A thing to fuzz: makes input `index` of a run seeded `seed`, and runs an input.
public protocol FuzzTarget {
    var kindNames: [String] { get }
    var outcomeNames: [String] { get }
    func makeCase(seed: UInt64, index: UInt64) -> FuzzCase
    func execute(_ c: FuzzCase) -> FuzzResult
}

/// Runs inputs `start…` of a seed through a target, counting into a stats block, and calls
/// back before each input (to save it where a crash leaves it), on each failure and on each
/// input slower than `slowNanos`.
public struct Campaign {
    public var target: any FuzzTarget
    public var stats: StatsBlock
    public var slowNanos: UInt64 = 100_000_000
    public var before: ((UInt64, FuzzCase) -> Void)?
    public var onFailure: ((UInt64, FuzzCase, FuzzResult) -> Void)?
    public var onSlow: ((UInt64, FuzzCase, FuzzResult) -> Void)?

    public init(target: any FuzzTarget, stats: StatsBlock) {
        self.target = target
        self.stats = stats
    }

    /// Runs inputs from `start` until `count` have run or the monotonic clock passes
    /// `deadline` (nanoseconds; 0 for none). Returns the index after the last input run.
    @discardableResult
    public func run(seed: UInt64, start: UInt64, count: UInt64, deadline: UInt64 = 0) -> UInt64 {
        var index = start
        let end = count == UInt64.max ? UInt64.max : start &+ count
        while index < end {
            if deadline != 0, index & 15 == 0, DispatchTime.now().uptimeNanoseconds >= deadline { break }
            // Set before the input is made, so that even a crash in a generator moves on.
            stats.current = index
            stats.label = "generating"
            let c = target.makeCase(seed: seed, index: index)
            stats.label = target.kindNames[c.kind] + (c.label.isEmpty ? "" : "-" + c.label)
            before?(index, c)
            stats.runningSince = DispatchTime.now().uptimeNanoseconds
            let r = target.execute(c)
            stats.runningSince = 0
            stats.record(kind: c.kind, outcome: r.outcome, failure: r.isFailure, nanos: r.nanos, sqlNanos: r.sqlNanos,
                         bytes: c.bytes.count, slowNanos: slowNanos)
            if r.isFailure { onFailure?(index, c, r) }
            if r.nanos > slowNanos { onSlow?(index, c, r) }
            index += 1
        }
        return index
    }
}

/// The query pipeline as a fuzz target.
public struct QueryFuzz: FuzzTarget {
    public let inputs: QueryInputs
    public let target: QueryTarget

    public init(inputs: QueryInputs, target: QueryTarget) {
        self.inputs = inputs
        self.target = target
    }

    public var kindNames: [String] { QueryInputKind.allCases.map(\.name) }
    public var outcomeNames: [String] { QueryOutcome.allCases.map(\.name) }

    public func makeCase(seed: UInt64, index: UInt64) -> FuzzCase {
        let i = inputs.input(seed: seed, index: index)
        return FuzzCase(bytes: i.bytes, kind: i.kind.rawValue, label: i.label, fileExtension: "civic")
    }

    public func execute(_ c: FuzzCase) -> FuzzResult {
        let r = target.run(String(decoding: c.bytes, as: UTF8.self))
        return FuzzResult(outcome: r.outcome.rawValue, isFailure: r.outcome.isFailure, nanos: r.nanos, sqlNanos: r.sqlNanos,
                          detail: r.detail, signature: r.outcome.isFailure ? r.signature : "")
    }
}
