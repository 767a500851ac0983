import ArgumentParser
import CivicFuzz
import CivicLoad
import Foundation

/// Starts the workers, restarts each after a crash or a hang (saving the input it died on),
/// shows progress, and at the end adds up and prints the figures.
struct Supervisor {
    let o: CivicFuzzCommand
    let root: URL
    let fuzz: URL
    let dbPath: String
    var out: URL { fuzz.appendingPathComponent("out") }
    var kind: String { o.kind.rawValue }

    /// A worker: its seed, where it is, where it stops, and its process.
    final class Job {
        let index: Int
        let seed: UInt64
        var next: UInt64
        let end: UInt64
        let stats: StatsBlock
        var process: Process?
        var restarts = 0
        var done = false
        init(index: Int, seed: UInt64, next: UInt64, end: UInt64, stats: StatsBlock) {
            self.index = index
            self.seed = seed
            self.next = next
            self.end = end
            self.stats = stats
        }
    }

    func run() throws {
        let fm = FileManager.default
        // Fresh counts for this run.
        for f in (try? fm.contentsOfDirectory(atPath: out.path)) ?? [] where f.hasPrefix(kind + "-") {
            try? fm.removeItem(at: out.appendingPathComponent(f))
        }
        let jobs = max(1, o.jobs)
        let begin = DispatchTime.now().uptimeNanoseconds
        let deadline = o.seconds.map { begin + UInt64($0 * 1e9) } ?? 0
        let total = o.count ?? (o.seconds == nil ? 10_000 : UInt64.max)
        var list: [Job] = []
        for j in 0..<jobs {
            let share = total == UInt64.max ? UInt64.max : total / UInt64(jobs) + (UInt64(j) < total % UInt64(jobs) ? 1 : 0)
            let stats = try StatsBlock(mappedAt: out.appendingPathComponent("\(kind)-\(j).stats").path)
            let end = share == UInt64.max ? UInt64.max : o.start + share
            list.append(Job(index: j, seed: o.seed &+ UInt64(j), next: o.start, end: end, stats: stats))
        }
        say("civic-fuzz: \(kind), seed \(o.seed), \(jobs) job\(jobs == 1 ? "" : "s"), "
              + (o.count.map { "\($0) inputs" } ?? o.seconds.map { "\($0) s" } ?? "\(total) inputs"))
        var crashes: [String: Findings.Entry] = [:]
        var crashCount = 0, hangCount = 0
        for job in list { try start(job, deadline: deadline) }
        var lastReport = begin
        while list.contains(where: { !$0.done }) {
            Thread.sleep(forTimeInterval: 0.05)
            for job in list where !job.done {
                guard let p = job.process, !p.isRunning else { continue }
                let crashed = p.terminationReason == .uncaughtSignal || p.terminationStatus == 86
                if !crashed {
                    if p.terminationStatus != 0 {
                        // Not a crash but a worker that could not start: stop the others too.
                        for other in list where other.process?.isRunning == true { other.process?.terminate() }
                        throw ValidationError("worker \(job.index) failed (exit \(p.terminationStatus)):\n" + tail(job, 2000))
                    }
                    job.done = true
                    continue
                }
                // It died on the input it left behind: save that, and go on after it.
                let index = job.stats.current, label = job.stats.label
                let hang = p.terminationReason == .exit
                if hang { hangCount += 1 } else { crashCount += 1 }
                let signature = crashSignature(hang: hang, signal: p.terminationStatus, label: label, stderr: tail(job, 20000))
                let bytes = Array((try? Data(contentsOf: out.appendingPathComponent("\(kind)-\(job.index).current"))) ?? Data())
                var e = crashes[signature] ?? Findings.Entry(count: 0, sample: "")
                e.count += 1
                if e.count <= o.samples {
                    let ext = o.kind == .query ? "civic" : (label.hasPrefix("field") ? "field" : "csv")
                    let path = Findings.save(bytes, ext: ext, folder: fuzz.appendingPathComponent("crashes"), name: signature, log: """
                        class: \(signature)
                        input: \(label), \(bytes.count) bytes
                        seed \(job.seed), index \(index): civic-fuzz --kind \(kind) --seed \(job.seed) --start \(index) --count 1 --show
                        stderr:
                        \(tail(job, 6000))
                        """)
                    if e.sample.isEmpty { e.sample = path }
                }
                crashes[signature] = e
                job.next = index + 1
                job.restarts += 1
                if job.next >= job.end || (deadline != 0 && DispatchTime.now().uptimeNanoseconds >= deadline) {
                    job.done = true
                } else {
                    try start(job, deadline: deadline)
                }
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if now - lastReport >= 10_000_000_000 {
                lastReport = now
                var s = StatsSummary()
                for job in list { s.add(job.stats) }
                let secs = Double(now - begin) / 1e9
                say(String(format: "  %4.0f s  %llu inputs (%.0f/s)  crashes %d  hangs %d  over %.0f ms %llu  max %@",
                             secs, s.inputs, Double(s.inputs) / secs, crashCount, hangCount, o.slowMs, s.slow, formatNanos(s.maxNanos)))
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
        for j in 0..<jobs { unlink(CSVFuzz.scratchPath("\(j).csv")) }
        var findings: [String: Findings.Entry] = [:]
        for j in 0..<jobs {
            for (k, v) in Findings.read(out.appendingPathComponent("\(kind)-\(j).findings.tsv")) {
                var e = findings[k] ?? Findings.Entry(count: 0, sample: v.sample)
                e.count += v.count
                findings[k] = e
            }
        }
        for (k, v) in crashes { findings[k] = v }
        var s = StatsSummary()
        for job in list { s.add(job.stats) }
        let report = summary(s, jobs: jobs, seconds: seconds, crashes: crashCount, hangs: hangCount, findings: findings)
        say(report)
        try report.write(to: out.appendingPathComponent("summary-\(kind).txt"), atomically: true, encoding: .utf8)
    }

    /// Starts (or restarts) a job's worker from `job.next`.
    func start(_ job: Job, deadline: UInt64) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var args = ["--worker", String(job.index), "--kind", kind, "--seed", String(job.seed), "--start", String(job.next),
                    "--root", root.path, "--db", dbPath, "--rows", String(o.rows), "--max-stress", String(o.maxStress),
                    "--max-text", String(o.maxText), "--max-repeat", String(o.maxRepeat),
                    "--slow-ms", String(o.slowMs), "--hang-seconds", String(o.hangSeconds), "--samples", String(o.samples),
                    "--deadline", String(deadline)]
        if job.end != UInt64.max { args += ["--count", String(job.end - job.next)] }
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        // A short backtrace, symbolicated quickly, names where a crash was without costing much.
        if env["SWIFT_BACKTRACE"] == nil {
            env["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,symbolicate=fast,limit=40,top=20,threads=crashed,registers=none,images=none"
        }
        p.environment = env
        let errPath = out.appendingPathComponent("\(kind)-\(job.index).stderr").path
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        p.standardError = FileHandle(forWritingAtPath: errPath)
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        job.process = p
    }

    /// The last `n` bytes a job's worker wrote to stderr.
    func tail(_ job: Job, _ n: Int) -> String {
        guard let d = try? Data(contentsOf: out.appendingPathComponent("\(kind)-\(job.index).stderr")) else { return "" }
        return String(decoding: d.suffix(n), as: UTF8.self)
    }

    /// A crash's class: how it died, where in civic's own code, and the shape of the input (its
    /// kind, and for a stress query its pattern, without its size). A backtrace thousands of
    /// frames deep is a stack overflow, named by the functions that recur at its top (in any
    /// order, so that one runaway recursion is one class wherever in its cycle the stack ran out).
    func crashSignature(hang: Bool, signal: Int32, label: String, stderr: String) -> String {
        var shape = label
        if let dash = label.lastIndex(of: "-"), label[label.index(after: dash)...].allSatisfy(\.isNumber) { shape = String(label[..<dash]) }
        if label.hasPrefix("roundTrip") || label.hasPrefix("fieldOracle") { shape = String(label.prefix { $0 != "-" }) }
        if hang { return "hang: \(shape)" }
        let names = [4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 11: "SIGSEGV"]
        var how = names[Int(signal)] ?? "signal \(signal)"
        let lines = stderr.split(separator: "\n")
        // A fault in the main thread's stack region (the top of the address space) with no
        // backtrace to show is the stack run out where it could not be unwound (in malloc …).
        var stackAddress = false
        for line in lines {
            if let r = line.range(of: "Fatal error: ") {
                how += " " + line[r.upperBound...].prefix(60)
                break
            }
            if let r = line.range(of: "Program crashed: ") {
                var what = line[r.upperBound...]
                if let at = what.range(of: " at 0x") {
                    stackAddress = what[at.upperBound...].hasPrefix("00007ff")
                    what = what[..<at.lowerBound]
                }
                how += " " + what.prefix(40)
                break
            }
        }
        let frames = lines.compactMap(Self.frame)
        let own = frames.filter(\.own)
        if let deepest = frames.map(\.number).max(), deepest >= 500 {
            var seen: [String: Int] = [:]
            for f in own where f.number < 40 { seen[f.function, default: 0] += 1 }
            let cycle = seen.filter { $0.value >= 2 }.keys.sorted()
            let signalName = names[Int(signal)] ?? "signal \(signal)"
            return "crash: \(signalName) stack overflow in \(cycle.isEmpty ? "?" : cycle.joined(separator: "/")) (\(shape))"
        }
        if stackAddress && own.isEmpty {
            return "crash: \(names[Int(signal)] ?? "signal \(signal)") stack overflow, not unwound (\(shape))"
        }
        return "crash: \(how)\(own.first.map { " in " + $0.function } ?? "") (\(shape))"
    }

    /// A backtrace line: `  12 [ra]  0x0000… Parser.parseNot() + 582 in civic-fuzz at /…/Sources/CivicQuery/…`.
    static func frame(_ line: Substring) -> (number: Int, function: String, own: Bool)? {
        let t = line.drop { $0 == " " }
        guard let number = Int(t.prefix { $0.isNumber }), let hex = t.range(of: " 0x") else { return nil }
        let rest = t[hex.upperBound...].drop { $0 != " " }.dropFirst()
        guard let plus = rest.range(of: " + ") else { return nil }
        var function = String(rest[..<plus.lowerBound])
        if let paren = function.firstIndex(of: "(") { function = String(function[..<paren]) }
        function = function.replacingOccurrences(of: "static ", with: "")
        let own = line.contains("/Sources/Civic") && !line.contains("/Fuzz/Sources/")
        return (number, function, own)
    }

    func summary(_ s: StatsSummary, jobs: Int, seconds: Double, crashes: Int, hangs: Int, findings: [String: Findings.Entry]) -> String {
        let target: any FuzzTarget = o.kind == .query ? QueryKindNames() : CSVFuzz(seeds: [], scratch: "/dev/null")
        let all = s.inputs + UInt64(crashes + hangs)
        var lines: [String] = []
        func pct(_ n: UInt64) -> String { all == 0 ? "" : String(format: "%6.2f%%", Double(n) * 100 / Double(all)) }
        lines.append("civic-fuzz \(kind): seed \(o.seed) (jobs use seeds \(o.seed)…\(o.seed &+ UInt64(jobs - 1))), "
                     + "\(all) inputs in \(String(format: "%.1f", seconds)) s on \(jobs) job\(jobs == 1 ? "" : "s")")
        lines.append(String(format: "  throughput   %.0f inputs/s in all, %.0f per job", Double(all) / seconds, Double(all) / seconds / Double(jobs)))
        for (i, name) in target.outcomeNames.enumerated() {
            lines.append("  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(String(s.outcomes[i]).leftPad(10))  \(pct(s.outcomes[i]))")
        }
        lines.append("  crashes      \(String(crashes).leftPad(10))  \(pct(UInt64(crashes)))")
        lines.append("  hangs        \(String(hangs).leftPad(10))  (over \(o.hangSeconds) s)")
        lines.append("  \(o.kind == .query ? "CPU " : "")time per input (\(o.kind == .query ? "lex, parse, check, compile, or fail with the diagnostic rendered" : "read, or parse")):")
        lines.append("    mean \(formatNanos(s.inputs == 0 ? 0 : s.sumNanos / s.inputs))  p50 \(formatNanos(s.quantile(0.5)))  "
                     + "p99 \(formatNanos(s.quantile(0.99)))  p99.9 \(formatNanos(s.quantile(0.999)))  p99.99 \(formatNanos(s.quantile(0.9999)))  "
                     + "max \(formatNanos(s.maxNanos))")
        lines.append("    over \(o.slowMs) ms: \(s.slow)   largest input \(s.maxBytes) bytes")
        if o.kind == .query {
            let compiled = max(1, s.outcomes[QueryOutcome.compiled.rawValue] + s.outcomes[QueryOutcome.sqlError.rawValue])
            lines.append("    SQLite prepare\(o.rows > 0 ? " and \(o.rows) rows" : ""): mean \(formatNanos(s.sumSqlNanos / compiled))  max \(formatNanos(s.maxSqlNanos))")
        }
        lines.append("  inputs by kind (crashes not counted):")
        for (i, name) in target.kindNames.enumerated() where s.kinds[i] > 0 {
            let parts = target.outcomeNames.enumerated().filter { s.kindOutcomes[i][$0.offset] > 0 }.map { o in
                "\(o.element) " + String(format: "%.1f%%", Double(s.kindOutcomes[i][o.offset]) * 100 / Double(s.kinds[i]))
            }
            lines.append("    \(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(String(s.kinds[i]).leftPad(10))  "
                         + parts.joined(separator: ", "))
        }
        if findings.isEmpty {
            lines.append("  no failures, no crashes, nothing slow")
        } else {
            lines.append("  distinct findings (count, class, first sample under Fuzz/):")
            for (k, v) in findings.sorted(by: { $0.value.count > $1.value.count || ($0.value.count == $1.value.count && $0.key < $1.key) }) {
                lines.append("    \(String(v.count).leftPad(8))  \(k)  \(v.sample)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// The query target's names, without opening a database.
struct QueryKindNames: FuzzTarget {
    var kindNames: [String] { QueryInputKind.allCases.map(\.name) }
    var outcomeNames: [String] { QueryOutcome.allCases.map(\.name) }
    func makeCase(seed: UInt64, index: UInt64) -> FuzzCase { FuzzCase(bytes: [], kind: 0, label: "", fileExtension: "civic") }
    func execute(_ c: FuzzCase) -> FuzzResult { FuzzResult(outcome: 0, isFailure: false, nanos: 0) }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
