import CReadline
import CivicOutput
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
            let outcome = LineReader.interruptible(engine.interruptHandle) { runner.run(q, currentOptions) }
            finishOutput(outcome)
        }
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
        Tab completes keywords, subjects, fields and names. Ctrl-C cancels a query or the line; Ctrl-D leaves.

          .help               this help
          .fields [subject]   subjects and their fields (e.g. .fields wards)
          .explain QUERY      the SQL a query compiles to, with its bound parameters
          .format FORMAT      table, box, csv, tsv, json, jsonl, markdown, html or xlsx
          .output [FILE]      send results to FILE (format from its extension; a .xlsx workbook holds the last result); no FILE: back to the screen
          .sources            the loaded sources: publisher, licence, period, real or synthetic
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
            var o = options
            o.explain = true
            finishOutput(runner.run(arg, o))
        case ".format", ".mode":
            guard let f = Format(rawValue: arg.lowercased()) else {
                REPL.say("formats: " + Format.allCases.map(\.rawValue).joined(separator: ", ") + " (now \(options.format.rawValue))")
                break
            }
            options.format = f
            REPL.say("format: \(f.rawValue)")
        case ".output":
            outputFile?.discard()
            outputFile = nil
            outputStarted = false
            if arg.isEmpty {
                setSink(nil)
                REPL.say("results go to the screen")
            } else {
                do {
                    let file = try OutputFile(path: arg, database: engine.databasePath)
                    outputFile = file
                    if let f = Format.from(fileName: arg) { options.format = f }
                    setSink(file)
                    REPL.say("results go to \(arg) as \(options.format.rawValue), each when its query succeeds")
                } catch {
                    setSink(nil)
                    REPL.sayError("error: \(error)")
                }
            }
        case ".sources":
            finishOutput(runner.listSources(currentOptions))
        default:
            REPL.say("unknown command \(parts[0]): .help lists them")
        }
        return true
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
