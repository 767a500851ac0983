import CReadline
import CivicOutput
import CivicProfile
import CivicQuery
import Foundation

/// The interactive session: prompt, multi-line queries, history, completion, dot commands, and
/// Ctrl-C that cancels the running query or the current line but never the session.
public final class REPL {
    let engine: QueryEngine
    let screenRunner: QueryRunner
    var runner: QueryRunner { runnerBox ?? screenRunner }
    var options = QueryRunner.Options()
    /// Where results go after `.output FILE`: each query's result is added to the file only
    /// when the query succeeds (the first replaces what was there).
    var outputFile: OutputFile?
    var outputStarted = false
    /// The format results take on the screen, to go back to after `.output FILE`.
    var screenFormat = Format.table
    /// `.pager on|off`: a result taller than the screen goes through the pager.
    var paging = true
    /// `.timer on|off`: say how long each query took.
    var timing = false
    let reader: LineReader

    /// `historyFile`: where history persists (nil: none).
    public init(engine: QueryEngine, historyFile: String?) throws {
        self.engine = engine
        try engine.loadVocabulary()  // what completion and .fields offer
        let completion = Completion(engine: engine)
        CompletionBridge.completion = completion
        reader = LineReader(name: "civic", historyFile: historyFile)
        let out: Sink = { s in FileHandle.standardOutput.write(Data(s.utf8)) }
        let err: Sink = { s in FileHandle.standardError.write(Data(s.utf8)) }
        screenRunner = QueryRunner(engine: engine, out: out, err: err)
        options.verbose = true  // say what each name resolved to
        let colour = ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        options.decorate = colour
        options.terminal = true
    }

    static func say(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }

    /// Runs until .quit or Ctrl-D.
    public func run() {
        REPL.say("civic — who runs local public institutions and what they spend. Type .help for help, .quit or Ctrl-D to leave.")
        var pending = ""
        while true {
            CompletionBridge.pending = pending
            switch reader.read(prompt: pending.isEmpty ? "civic> " : "  ...> ") {
            case .endOfInput:
                REPL.say("")
                return
            case .interrupted:
                pending = ""
                continue
            case .line(let line):
                let text = pending.isEmpty ? line : pending + "\n" + line
                if pending.isEmpty && line.trimmingCharacters(in: .whitespaces).hasPrefix(".") {
                    reader.remember(line)
                    if !dot(line.trimmingCharacters(in: .whitespaces)) { return }
                    continue
                }
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { pending = ""; continue }
                if REPL.needsMore(text) {
                    pending = text
                    continue
                }
                pending = ""
                reader.remember(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))
                runQueries(text)
            }
        }
    }

    /// A query goes on to the next line while a quote or bracket is open or the line ends in `|`.
    static func needsMore(_ text: String) -> Bool {
        var quote: Character?
        var depth = 0
        var previous: Character = " "
        var inComment = false
        for c in text {
            if inComment { if c == "\n" { inComment = false }; previous = c; continue }
            if let q = quote {
                if c == q { quote = nil } else if c == "\n" { quote = nil }
            } else if c == "\"" || (c == "'" && !(previous.isLetter || previous.isNumber)) {
                quote = c
            } else if c == "-" && previous == "-" {
                inComment = true
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth -= 1
            }
            previous = c
        }
        let trimmed = text.split(separator: "\n").last.map { line -> String in
            var l = String(line)
            if let r = l.range(of: "--") { l = String(l[..<r.lowerBound]) }
            return l.trimmingCharacters(in: .whitespaces)
        } ?? ""
        return quote != nil || depth > 0 || trimmed.hasSuffix("|")
    }

    func runQueries(_ text: String) {
        for (q, _) in QueryScript.split(text) {
            var waited = 0.0
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = onScreen { r, o, pager in
                defer { waited = pager?.waited ?? 0 }
                return LineReader.interruptible(engine.interruptHandle) { r.run(q, o) }
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 - waited
            finishOutput(outcome)
            if timing { REPL.say("time: " + REPL.seconds(elapsed)) }
        }
    }

    /// "0.042 s".
    static func seconds(_ s: Double) -> String {
        let ms = Int((max(s, 0) * 1000).rounded())
        return "\(ms / 1000).\(String(repeating: "0", count: 3 - String(ms % 1000).count))\(ms % 1000) s"
    }

    /// Runs `body` with the runner and options for where results go now. On the screen, tables
    /// fit the terminal's width, and with `.pager on` a result taller than the screen goes
    /// through the pager; quitting the pager early stops the query, which is no failure.
    func onScreen(_ body: (QueryRunner, QueryRunner.Options, Pager?) -> QueryRunner.Outcome) -> QueryRunner.Outcome {
        var o = currentOptions
        guard outputFile == nil else { return body(runner, o, nil) }
        o.width = TerminalSize.of(fd: 1)?.columns
        guard let pager = Pager.forTerminal(enabled: paging) else { return body(runner, o, nil) }
        pager.onQuit = { [handle = engine.interruptHandle] in handle.interrupt() }
        let r = QueryRunner(engine: engine, out: { pager.write($0) }, err: { pager.writeError($0) })
        var outcome = body(r, o, pager)
        pager.finish()
        if pager.quit && outcome == .cancelled { outcome = .ok }
        return outcome
    }

    /// Puts a result in the `.output` file if the query succeeded, else drops it.
    func finishOutput(_ outcome: QueryRunner.Outcome) {
        guard let file = outputFile else { return }
        guard outcome == .ok else {
            file.drop()
            REPL.sayError("nothing added to \(file.path): the query failed")
            return
        }
        do {
            // A workbook holds one result: each replaces the last rather than follow it.
            try file.commit(append: outputStarted && currentOptions.format != .xlsx)
            outputStarted = true
        } catch {
            file.drop()
            REPL.sayError("error: \(error); \(file.path) is as it was")
        }
    }

    static func sayError(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

    var currentOptions: QueryRunner.Options {
        var o = options
        if outputFile != nil { o.decorate = false; o.terminal = false }
        return o
    }

    // MARK: dot commands

    static let help = """
        Ask a question as a sentence, for example:
          councillors in ward "Hodge Hill"
          institutions in ward "Hodge Hill" spending on "youth services"
          spending by council "Manchester" during fy 2021/22 | total amount by category | sort total desc | top 10
          spending by council "Manchester" during fy 2021/22 | total amount by month | chart
        Phrases narrow the rows: in ward|council|constituency "X" (everything placed there, which
        may span several bodies), of council "X" (one body's members: councillors of council "Birmingham"),
        by / paid by council "X", spending on "X", named "X", during 2023 | fy 2023/24, over £100k,
        under £1m, where <condition>. Notes beneath a result say what it may leave out.
        A query continues on the next line while a quote or bracket is open or the line ends in |.
        Tab completes the words that fit where the cursor is, and names inside quotes. Ctrl-C cancels a
        query or the line; Ctrl-D leaves. Tables fit the terminal; a result taller than it goes through
        the pager (q leaves it).

          .help               this help
          .fields [subject]   subjects and their fields (e.g. .fields wards)
          .explain QUERY      the SQL a query compiles to, with its bound parameters
          .format FORMAT      table, box, csv, tsv, json, jsonl, markdown, html or xlsx
          .output [FILE]      send results to FILE (format from its extension; a .xlsx workbook holds the last result); no FILE: back to the screen
          .pager on|off       show a result taller than the screen through $CIVIC_PAGER, $PAGER or less (on)
          .timer on|off       say how long each query took (off)
          .sources            the loaded sources: publisher, licence, period, real or synthetic
          .profile KIND "NAME"  a one-page profile: ward, council, constituency, a kind of body, or person
          .quit               leave
        """

    /// Runs a dot command; false to end the session.
    func dot(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch parts[0] {
        case ".quit", ".exit", ".q":
            return false
        case ".help", ".h":
            REPL.say(REPL.help)
        case ".fields", ".schema":
            if arg.isEmpty {
                REPL.say(engine.languageSchema())
            } else if let family = engine.family(of: arg.lowercased()) {
                REPL.say(engine.languageSchema(family: family.rawValue))
            } else {
                REPL.say("unknown subject \"\(arg)\": try .fields with institutions, people, roles, spending, budgets, wards, suppliers or categories")
            }
        case ".explain":
            finishOutput(onScreen { r, o, _ in
                var o = o
                o.explain = true
                return r.run(arg, o)
            })
        case ".format", ".mode":
            guard let f = Format(rawValue: arg.lowercased()) else {
                REPL.say("formats: " + Format.allCases.map(\.rawValue).joined(separator: ", ") + " (now \(options.format.rawValue))")
                break
            }
            options.format = f
            if outputFile == nil { screenFormat = f }
            REPL.say("format: \(f.rawValue)")
        case ".output":
            outputFile?.discard()
            outputFile = nil
            outputStarted = false
            if arg.isEmpty {
                backToScreen()
                REPL.say("results go to the screen as \(options.format.rawValue)")
            } else {
                do {
                    // What -o refuses, .output refuses: the database, any SQLite file, a folder,
                    // a file whose format cannot be told.
                    try OutputFile.check(arg, database: engine.databasePath)
                    let format = try OutputFile.format(for: arg)
                    let file = try OutputFile(path: arg, database: engine.databasePath)
                    outputFile = file
                    options.format = format
                    setSink(file)
                    REPL.say("results go to \(arg) as \(options.format.rawValue), each when its query succeeds")
                } catch {
                    backToScreen()
                    REPL.sayError("error: \(error); results go to the screen")
                }
            }
        case ".pager":
            guard let on = REPL.onOff(arg) else {
                REPL.say("pager: \(paging ? "on" : "off") (.pager on or .pager off; the pager is \(Pager.command() ?? "none: $CIVIC_PAGER or $PAGER is empty or less is missing"))")
                break
            }
            paging = on
            REPL.say("pager: \(on ? "on" : "off")")
        case ".timer":
            guard let on = REPL.onOff(arg) else {
                REPL.say("timer: \(timing ? "on" : "off") (.timer on or .timer off)")
                break
            }
            timing = on
            REPL.say("timer: \(on ? "on" : "off")")
        case ".sources":
            finishOutput(onScreen { r, o, _ in r.listSources(o) })
        case ".profile":
            guard let subject = ProfileSubject(parsing: arg) else {
                REPL.say("usage: .profile KIND \"NAME\", e.g. .profile ward \"Bromford & Hodge Hill\" (kinds: ward, council, constituency, person, or a kind of body)")
                break
            }
            finishOutput(onScreen { r, o, _ in
                LineReader.interruptible(engine.interruptHandle) { r.profile(subject, o) }
            })
        default:
            REPL.say("unknown command \(parts[0]): .help lists them")
        }
        return true
    }

    /// `on`/`off` (also `yes`/`no`, `1`/`0`), or nil.
    static func onOff(_ arg: String) -> Bool? {
        switch arg.lowercased() {
        case "on", "yes", "true", "1": return true
        case "off", "no", "false", "0": return false
        default: return nil
        }
    }

    /// Results go to the screen again, in the format they had there.
    func backToScreen() {
        setSink(nil)
        options.format = screenFormat
    }

    func setSink(_ file: OutputFile?) {
        let err: Sink = { s in FileHandle.standardError.write(Data(s.utf8)) }
        if let file {
            runnerBox = QueryRunner(engine: engine, out: { file.write($0) }, err: err, bytes: { file.write(bytes: $0) })
        } else {
            runnerBox = nil
        }
    }

    var runnerBox: QueryRunner?
}
