import Foundation

/// The fuzzers' source of randomness: SplitMix64, small and fast, and the same on every
/// machine, so that a seed and an input's index name that input for good (a crash is replayed
/// by its seed and index as well as by the file saved).
public struct FuzzRandom: RandomNumberGenerator {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The generator for input `index` of a run seeded `seed`: inputs do not depend on the ones
    /// before them, so a run restarted after a crash goes on exactly where it stopped.
    public init(seed: UInt64, index: UInt64) {
        var mix = FuzzRandom(seed: seed ^ 0x5EED_F0F0_1234_ABCD)
        let a = mix.next()
        var mix2 = FuzzRandom(seed: a &+ index &* 0xD1B5_4A32_D192_ED03)
        state = mix2.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<n (n > 0).
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(next() % UInt64(n))
    }

    /// A number in the closed range.
    public mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + below(r.count) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    public mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }

    /// A size in 1...max, spread evenly over the orders of magnitude: mostly small, now and then
    /// huge. What finds both the off-by-one and the stack that runs out.
    public mutating func logUniform(_ max: Int) -> Int {
        guard max > 1 else { return 1 }
        let bits = log2(Double(max))
        let x = exp2(Double(next() >> 11) / Double(1 << 53) * bits)
        return Swift.min(max, Swift.max(1, Int(x)))
    }

    /// A count for a repetition: 0 most often, rarely more than a few.
    public mutating func small() -> Int {
        var n = 0
        while n < 12 && chance(0.45) { n += 1 }
        return n
    }

    /// Picks an index by weight.
    public mutating func weighted(_ weights: [Int]) -> Int {
        var r = below(weights.reduce(0, +))
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }
}
