import Foundation

/// Where a load's time goes, phase by phase, printed on stderr when `CIVIC_TIMINGS` is set
/// (for Benchmarks/ and for anyone asking why a load is slow). Off, it costs nothing.
final class PhaseTimer {
    private let enabled = ProcessInfo.processInfo.environment["CIVIC_TIMINGS"] != nil
    private var last = Date()
    private var lines: [String] = []

    /// Ends the phase that was running and names it.
    func mark(_ phase: String) {
        guard enabled else { return }
        let now = Date()
        lines.append(String(format: "%8.3f s  %@", now.timeIntervalSince(last), phase))
        last = now
    }

    func report() {
        guard enabled, !lines.isEmpty else { return }
        FileHandle.standardError.write(Data(("load phases:\n" + lines.joined(separator: "\n") + "\n").utf8))
    }
}
