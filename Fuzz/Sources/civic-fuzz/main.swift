import ArgumentParser
import CivicFuzz
import CivicLoad
import CivicQuery
import Foundation

/// The fuzzing harness (see Fuzz/README.md).
///
/// Run plainly it is a supervisor: it starts `--jobs` workers (this same program with
/// `--worker`), each running its own seed; when one dies (a trap, a stack overflow, a hang)
/// it saves the input the worker left in `Fuzz/out/`, into `Fuzz/crashes/`, and starts the
/// worker again on the next input. At the end it prints the figures.
struct CivicFuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civic-fuzz",
        abstract: "Fuzz civic's query pipeline (lexer, parser, checker, compiler) or its CSV reader and field parsers.")

    enum Kind: String, ExpressibleByArgument, CaseIterable { case query, csv }

    @Option(help: "What to fuzz: query or csv.") var kind: Kind = .query
    @Option(help: "The run's seed; job j runs seed + j.") var seed: UInt64 = 1
    @Option(help: "Inputs to run in all (shared between the jobs).") var count: UInt64?
    @Option(help: "Seconds to run for.") var seconds: Double?
    @Option(help: "Worker processes (one per core).") var jobs: Int = 1
    @Option(help: "The index of the first input.") var start: UInt64 = 0
    @Option(help: "The checkout (default: found from this program's path).") var root: String?
    @Option(help: "The database for name resolution (default: Fuzz/out/civic.sqlite, built from Datasets/).") var db: String?
    @Option(help: "Rows to step through for each compiled query (0: prepare the SQL only).") var rows: Int = 0
    @Option(help: "The most times a stress shape repeats its pattern.") var maxStress: Int = 20_000
    @Option(help: "The longest random text in a generated string.") var maxText: Int = 2000
    @Option(help: "The most times a mutation repeats a piece.") var maxRepeat: Int = 2000
    @Option(help: "Inputs slower than this many milliseconds are saved to Fuzz/slow/.") var slowMs: Double = 100
    @Option(help: "An input still running after this many seconds is a hang.") var hangSeconds: Double = 20
    @Option(help: "Samples saved per distinct failure or slow shape.") var samples: Int = 3
    @Flag(help: "Print each input instead of running it (with --start and --count).") var show = false
    @Option(parsing: .upToNextOption, help: "Run saved inputs again (.civic, .csv, .field), each in a process of its own, and say what became of each.")
    var replay: [String] = []
    @Flag(help: .hidden) var inProcess = false
    @Option(help: .hidden) var worker: Int?
    @Option(help: .hidden) var deadline: UInt64 = 0

    mutating func run() throws {
        let root = Self.findRoot(root)
        let fuzz = root.appendingPathComponent("Fuzz")
        let out = fuzz.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let dbPath = db ?? out.appendingPathComponent("civic.sqlite").path
        if worker == nil {
            // Built from Datasets/ when missing or older than them (workers find it built).
            try Locations.ensureDatabase(at: dbPath, datasets: root.appendingPathComponent("Datasets").path) { say("civic-fuzz: \($0)") }
        }
        if !replay.isEmpty { return try runReplay(root: root, out: out, dbPath: dbPath) }
        if show { return try runShow(root: root, out: out, dbPath: dbPath) }
        if let worker { return try runWorker(worker, root: root, fuzz: fuzz, dbPath: dbPath) }
        try Supervisor(o: self, root: root, fuzz: fuzz, dbPath: dbPath).run()
    }

    /// The checkout: `--root`, else the first directory above this program holding
    /// Grammar/civic.ebnf, else the working directory.
    static func findRoot(_ given: String?) -> URL {
        if let given { return URL(fileURLWithPath: given).standardizedFileURL }
        let fm = FileManager.default
        for start in [URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath(),
                      URL(fileURLWithPath: fm.currentDirectoryPath)] {
            var dir = start
            for _ in 0..<8 {
                if fm.fileExists(atPath: dir.appendingPathComponent("Grammar/civic.ebnf").path) { return dir }
                dir = dir.deletingLastPathComponent()
            }
        }
        return URL(fileURLWithPath: fm.currentDirectoryPath)
    }

    /// The target a worker (or a replay) runs.
    func makeTarget(root: URL, out: URL, dbPath: String, job: Int) throws -> any FuzzTarget {
        switch kind {
        case .query:
            let target = try QueryTarget(databasePath: dbPath, stepRows: rows)
            var inputs = try QueryInputs(root: root, engine: QueryEngine(connection: target.database), maxStress: maxStress)
            inputs.generator.maxText = maxText
            inputs.mutator.maxRepeat = maxRepeat
            return QueryFuzz(inputs: inputs, target: target)
        case .csv:
            // The supervisor's name on it: a worker restarted after a crash takes the file over,
            // and the supervisor removes it at the end.
            return CSVFuzz(root: root, scratch: CSVFuzz.scratchPath("\(job).csv", owner: worker == nil ? getpid() : getppid()))
        }
    }

    func runShow(root: URL, out: URL, dbPath: String) throws {
        let target = try makeTarget(root: root, out: out, dbPath: dbPath, job: 0)
        for i in start..<(start + (count ?? 1)) {
            let c = target.makeCase(seed: seed, index: i)
            print("### \(i) \(target.kindNames[c.kind]) \(c.label)")
            print(String(decoding: c.bytes, as: UTF8.self))
        }
    }

    /// Runs saved inputs again. Each file runs in a process of its own, so that one that
    /// crashes is reported as a crash and the rest still run.
    func runReplay(root: URL, out: URL, dbPath: String) throws {
        if inProcess {
            let query = try? QueryTarget(databasePath: dbPath, stepRows: rows)
            let csv = CSVFuzz(seeds: [], scratch: CSVFuzz.scratchPath("replay.csv"))
            defer { unlink(csv.scratch) }
            var failed = false
            for path in replay {
                for r in try Replay.run(URL(fileURLWithPath: path), query: query, csv: csv) {
                    say("\(path): \(r.how): \(r.outcome) (\(formatNanos(r.nanos)))")
                    failed = failed || r.failure
                }
            }
            if failed { throw ExitCode(1) }
            return
        }
        var failed = false
        for path in replay {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            p.arguments = ["--replay", path, "--in-process", "--root", root.path, "--db", dbPath, "--rows", String(rows)]
            var env = ProcessInfo.processInfo.environment
            if env["SWIFT_BACKTRACE"] == nil { env["SWIFT_BACKTRACE"] = "enable=no" }
            p.environment = env
            try p.run()
            p.waitUntilExit()
            if p.terminationReason == .uncaughtSignal {
                say("\(path): crash (signal \(p.terminationStatus))")
                failed = true
            } else if p.terminationStatus != 0 {
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    // MARK: worker

    func runWorker(_ job: Int, root: URL, fuzz: URL, dbPath: String) throws {
        let out = fuzz.appendingPathComponent("out")
        let name = "\(kind.rawValue)-\(job)"
        let stats = try StatsBlock(mappedAt: out.appendingPathComponent("\(name).stats").path)
        let target = try makeTarget(root: root, out: out, dbPath: dbPath, job: job)
        let findings = Findings(table: out.appendingPathComponent("\(name).findings.tsv"), fuzz: fuzz, samples: samples)
        let slowNanos = UInt64(slowMs * 1e6)

        // The input about to run is written here first, so that a crash leaves it behind.
        let currentPath = out.appendingPathComponent("\(name).current").path
        let fd = open(currentPath, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ValidationError("cannot write \(currentPath)") }

        // A watchdog: an input running past --hang-seconds ends the worker, as a crash would.
        let hangNanos = UInt64(hangSeconds * 1e9)
        let watchdog = Thread { [stats] in
            while true {
                Thread.sleep(forTimeInterval: 0.25)
                let since = stats.runningSince
                if since != 0, DispatchTime.now().uptimeNanoseconds &- since > hangNanos {
                    FileHandle.standardError.write(Data("civic-fuzz: input \(stats.current) still running after \(hangNanos / 1_000_000_000) s: a hang\n".utf8))
                    _exit(86)
                }
            }
        }
        watchdog.start()

        var campaign = Campaign(target: target, stats: stats)
        campaign.slowNanos = slowNanos
        campaign.before = { _, c in
            c.bytes.withUnsafeBytes { b in
                _ = pwrite(fd, b.baseAddress, b.count, 0)
            }
            _ = ftruncate(fd, off_t(c.bytes.count))
        }
        let kindNames = target.kindNames
        let outcomeNames = target.outcomeNames
        var lastFlush = DispatchTime.now().uptimeNanoseconds
        let seed = self.seed
        func note(_ index: UInt64, _ c: FuzzCase, _ r: FuzzResult, signature: String, folder: String) {
            findings.record(signature: signature, index: index, seed: seed, case: c,
                            detail: "\(outcomeNames[r.outcome]) \(formatNanos(r.nanos)): \(r.detail)",
                            kindName: kindNames[c.kind], folder: folder)
            let now = DispatchTime.now().uptimeNanoseconds
            if now - lastFlush > 2_000_000_000 { findings.flush(); lastFlush = now }
        }
        // What made an input, for its class: the kind, and for a stress query its pattern.
        let queryStress = kind == .query ? QueryInputKind.stress.rawValue : -1
        func shape(_ c: FuzzCase) -> String {
            guard c.kind == queryStress else { return kindNames[c.kind] }
            return kindNames[c.kind] + " " + c.label.split(separator: "-").dropLast().joined(separator: "-")
        }
        campaign.onFailure = { i, c, r in note(i, c, r, signature: "\(r.signature) (\(shape(c)))", folder: "failures") }
        campaign.onSlow = { i, c, r in note(i, c, r, signature: "slow: \(kind.rawValue) \(shape(c))", folder: "slow") }
        campaign.run(seed: seed, start: start, count: count ?? UInt64.max, deadline: deadline)
        findings.flush()
        close(fd)
        unlink(currentPath)
        if let csv = target as? CSVFuzz { unlink(csv.scratch) }
    }
}

/// A line to standard output, written at once (print is buffered when the output is a file,
/// and progress should show as it comes).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

CivicFuzzCommand.main()
