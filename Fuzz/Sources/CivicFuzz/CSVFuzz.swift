import CivicLoad
import Dispatch
import Foundation

/// Where a CSV-mode input came from.
public enum CSVInputKind: Int, CaseIterable, Sendable {
    /// Random bytes as a CSV file.
    case bytes
    /// Random text in CSV's alphabet: commas, quotes, line ends of all three kinds.
    case text
    /// A fixture, a malformed case or the head of a bundled dataset, mutated.
    case mutation
    /// Records written out by a CSV writer and read back: must come back as written.
    case roundTrip
    /// Random text to every field parser.
    case fieldRandom
    /// A well-formed value (money, date, integer) mutated, to every field parser.
    case fieldMutation
    /// A well-formed value whose parse is known: must parse to it.
    case fieldOracle

    public var name: String { String(describing: self) }
    var isReader: Bool { rawValue <= CSVInputKind.roundTrip.rawValue }
}

/// What became of one CSV-mode input.
public enum CSVOutcome: Int, CaseIterable, Sendable {
    /// Read to its end.
    case read
    /// Refused with a CSV syntax error (line and column).
    case refused
    /// A field some parser took.
    case parsed
    /// A field no parser took.
    case notParsed
    /// A result that is not what was written, or breaks a parser's promise.
    case wrong
    /// Something other than a syntax error thrown.
    case otherError

    public var name: String { String(describing: self) }
    public var isFailure: Bool { self == .wrong || self == .otherError }
}

/// The CSV reader and the field parsers as a fuzz target. A reader input is written to a
/// scratch file and read with a chunk size and an encoding picked with it (a tiny chunk puts a
/// chunk's end inside every quote, CRLF and multi-byte character); every field read goes
/// through every field parser too.
public final class CSVFuzz: FuzzTarget {
    public let seeds: [[UInt8]]
    let mutator: Mutator
    /// The file each reader input is written to.
    public let scratch: String
    /// The most records read from one input.
    public var maxRecords = 100_000
    /// How many of an input's fields go through every field parser.
    public var fieldsParsed = 40

    public var kindNames: [String] { CSVInputKind.allCases.map(\.name) }
    public var outcomeNames: [String] { CSVOutcome.allCases.map(\.name) }

    public static let chunkSizes = [4, 5, 7, 16, 64, 4096, 1 << 20]
    static let weights = [8, 10, 30, 14, 12, 14, 12]

    /// A scratch file's path: in memory (/dev/shm) where there is such a place, for a file
    /// rewritten thousands of times a second is slow on a disk (ext4 flushes a file truncated and
    /// written again when it is closed); else in the temporary directory. Named by the process
    /// that owns it, so that runs side by side keep apart.
    public static func scratchPath(_ name: String, owner: pid_t = getpid()) -> String {
        var isDir: ObjCBool = false
        let dir = FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDir) && isDir.boolValue
            && access("/dev/shm", W_OK) == 0 ? "/dev/shm/" : NSTemporaryDirectory()
        return dir + "civic-fuzz-\(owner)-\(name)"
    }

    public init(seeds: [[UInt8]], scratch: String) {
        self.seeds = seeds.isEmpty ? [Array("a,b\n1,2\n".utf8)] : seeds
        self.scratch = scratch
        mutator = Mutator(dictionary: [",", "\"", "\"\"", "\r\n", "\r", "\n", "£", "(", ")", "-", ".", "/", "0", "00", "1,000",
                                       "31/12/2024", "2024-02-29", "20-Jan-17", "20110701", "\u{A0}", " "])
    }

    /// The fixtures and malformed cases of CivicLoadTests and the first 8 KB of each bundled dataset.
    public convenience init(root: URL, scratch: String) {
        var seeds: [[UInt8]] = []
        let fm = FileManager.default
        for dir in ["Tests/CivicLoadTests/Fixtures", "Tests/CivicLoadTests/Malformed", "Datasets"] {
            let base = root.appendingPathComponent(dir)
            let files = (fm.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".csv") }.sorted()
            for f in files {
                guard let h = FileHandle(forReadingAtPath: base.appendingPathComponent(f).path) else { continue }
                if let d = try? h.read(upToCount: 8192) { seeds.append(Array(d)) }
                try? h.close()
            }
        }
        self.init(seeds: seeds, scratch: scratch)
    }

    // MARK: inputs

    public func makeCase(seed: UInt64, index: UInt64) -> FuzzCase {
        var r = FuzzRandom(seed: seed, index: index)
        let kind = CSVInputKind(rawValue: r.weighted(Self.weights))!
        var label = ""
        var bytes: [UInt8]
        switch kind {
        case .bytes:
            bytes = (0..<r.logUniform(3000)).map { _ in UInt8(r.below(256)) }
        case .text:
            let alphabet = Array("ab c1,,,\"\"\r\n\n\r.£-()é'\t ".utf8)
            bytes = (0..<r.logUniform(3000)).map { _ in r.pick(alphabet) }
        case .mutation:
            bytes = mutator.mutate(r.pick(seeds), other: r.pick(seeds), &r)
        case .roundTrip:
            bytes = []
            label = roundTripLabel(&r)
        case .fieldRandom:
            let alphabet = Array("0123456789,.-£()/ JanFebDec\u{A0}e+x".utf8)
            let n = r.logUniform(40)
            bytes = r.chance(0.5) ? (0..<n).map { _ in r.pick(alphabet) } : (0..<n).map { _ in UInt8(r.below(256)) }
        case .fieldMutation:
            let (value, _) = Self.wellFormed(&r)
            bytes = mutator.mutate(Array(value.utf8), other: Array(Self.wellFormed(&r).0.utf8), &r)
        case .fieldOracle:
            let (value, expected) = Self.wellFormed(&r)
            bytes = Array(value.utf8)
            label = expected
        }
        if kind.isReader && kind != .roundTrip {
            label = "chunk\(r.pick(Self.chunkSizes))-\(r.chance(0.8) ? "utf8" : "cp1252")"
        }
        if kind == .roundTrip {
            // The file is written from the label's seed at run time; keep it for a saved copy.
            bytes = Array(roundTrip(label).file)
        }
        return FuzzCase(bytes: bytes, kind: kind.rawValue, label: label, fileExtension: kind.isReader ? "csv" : "field")
    }

    // MARK: running

    public func execute(_ c: FuzzCase) -> FuzzResult {
        let start = DispatchTime.now().uptimeNanoseconds
        let kind = CSVInputKind(rawValue: c.kind)!
        var (outcome, detail): (CSVOutcome, String)
        switch kind {
        case .bytes, .text, .mutation:
            let chunk = Int(c.label.dropFirst(5).prefix { $0.isNumber }) ?? 1 << 20
            (outcome, detail) = read(c.bytes, chunkSize: chunk, encoding: c.label.hasSuffix("cp1252") ? .windows1252 : .utf8)
        case .roundTrip:
            (outcome, detail) = checkRoundTrip(c.label)
        case .fieldRandom, .fieldMutation:
            (outcome, detail) = Self.parseEverywhere(String(decoding: c.bytes, as: UTF8.self))
        case .fieldOracle:
            (outcome, detail) = Self.checkOracle(String(decoding: c.bytes, as: UTF8.self), expected: c.label)
        }
        let nanos = DispatchTime.now().uptimeNanoseconds &- start
        return FuzzResult(outcome: outcome.rawValue, isFailure: outcome.isFailure, nanos: nanos, detail: detail,
                          signature: outcome.isFailure ? outcome.name + ": " + detail.prefix(60) : "")
    }

    func write(_ bytes: [UInt8]) -> Bool {
        guard let f = fopen(scratch, "wb") else { return false }
        let n = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
        return n == bytes.count
    }

    /// Reads `bytes` as a CSV file to its end; every field through the parsers.
    public func read(_ bytes: [UInt8], chunkSize: Int, encoding: TextEncoding) -> (CSVOutcome, String) {
        guard write(bytes) else { return (.otherError, "cannot write \(scratch)") }
        do {
            let reader = try CSVReader(path: scratch, encoding: encoding, chunkSize: chunkSize)
            var n = 0
            var lastLine = 0, parsed = 0
            while n < maxRecords, let record = try reader.next() {
                n += 1
                if record.line <= lastLine { return (.wrong, "record \(n) starts on line \(record.line), after line \(lastLine)") }
                lastLine = record.line
                // The first fields of a file through the parsers too (the field kinds do the rest).
                for f in record.fields where parsed < fieldsParsed {
                    parsed += 1
                    let (o, d) = Self.parseEverywhere(f.text)
                    if o == .wrong { return (o, d) }
                }
            }
            return (.read, "")
        } catch let e as CSVSyntaxError {
            if e.line < 1 || e.column < 1 { return (.wrong, "syntax error at line \(e.line) column \(e.column)") }
            return (.refused, "")
        } catch {
            return (.otherError, "\(type(of: error)): \(error)")
        }
    }

    // MARK: field parsers

    /// Every parser on `text`, each result checked against the parser's promise: a date is an
    /// ISO date that exists and reads back as itself; money and integers read back from their
    /// plain rendering; a code is trimmed and not empty.
    public static func parseEverywhere(_ text: String) -> (CSVOutcome, String) {
        var any = false
        if let d = FieldParsers.date(text) {
            any = true
            let u = Array(d.utf8)
            guard u.count == 10, u[4] == 45, u[7] == 45, let y = Int(d.prefix(4)), let m = Int(d.dropFirst(5).prefix(2)),
                  let day = Int(d.suffix(2)), FieldParsers.isValid(year: y, month: m, day: day), FieldParsers.date(d) == d else {
                return (.wrong, "date(\(text.debugDescription)) = \(d.debugDescription), not an ISO date")
            }
        }
        for scale in 0...9 {
            if let p = FieldParsers.money(text, scale: scale) {
                any = true
                let plain = (p < 0 ? "-" : "") + "\(p.magnitude / 100)." + String(format: "%02d", Int(p.magnitude % 100))
                guard FieldParsers.money(plain) == p else {
                    return (.wrong, "money(\(text.debugDescription), scale: \(scale)) = \(p), but \(plain) reads as \(FieldParsers.money(plain).map(String.init) ?? "nil")")
                }
            }
        }
        if let i = FieldParsers.integer(text) {
            any = true
            guard FieldParsers.integer(String(i)) == i else { return (.wrong, "integer(\(text.debugDescription)) = \(i), which does not read back") }
        }
        if let c = FieldParsers.code(text) {
            any = true
            guard !c.isEmpty, FieldParsers.code(c) == c else { return (.wrong, "code(\(text.debugDescription)) = \(c.debugDescription), not trimmed") }
        }
        return (any ? .parsed : .notParsed, "")
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A value as published, with what it must parse to: `money:N` (pence at scale 0),
    /// `date:YYYY-MM-DD` or `nodate`, `integer:N`.
    static func wellFormed(_ r: inout FuzzRandom) -> (String, String) {
        switch r.below(3) {
        case 0:
            let pounds = UInt64(r.logUniform(1_000_000_000_000_000)) - 1
            let fraction = QueryGenerator.digits(r.below(7), &r)
            let f = Array(fraction.utf8).map { Int64($0 - 48) }
            var pence = Int64(pounds) * 100 + (f.count > 0 ? f[0] * 10 : 0) + (f.count > 1 ? f[1] : 0)
            if f.count > 2 && f[2] >= 5 { pence += 1 }
            var whole = r.chance(0.4) ? QueryGenerator.grouped(Int(pounds)) : String(pounds)
            if r.chance(0.3) { whole = "£" + whole }
            var s = whole + (fraction.isEmpty && r.chance(0.7) ? "" : "." + fraction)
            let negative = r.chance(0.3)
            if negative { s = r.pick(["-" + s, "(" + s + ")"]) }
            // Blanks the parser trims itself.
            if r.chance(0.1) { s = " " + s + r.pick([" ", "\t", "\r\n"]) }
            return (s, "money:\(negative ? -pence : pence)")
        case 1:
            let y = r.int(1970...2069), m = r.int(1...12), d = r.int(1...(r.chance(0.9) ? 28 : 31))
            let exists = FieldParsers.isValid(year: y, month: m, day: d)
            let two = QueryGenerator.two
            let s: String
            switch r.below(5) {
            case 0: s = "\(two(d))/\(two(m))/\(y)"
            case 1: s = "\(y)-\(two(m))-\(two(d))"
            case 2: s = "\(y)\(two(m))\(two(d))"
            case 3: s = "\(two(d))-\(monthNames[m - 1])-\(two(y % 100))"
            default: s = "\(two(d))-\(r.chance(0.5) ? monthNames[m - 1].uppercased() : monthNames[m - 1])-\(y)"
            }
            return (s, exists ? "date:\(y)-\(two(m))-\(two(d))" : "nodate")
        default:
            let n = Int64(r.logUniform(Int.max)) - 1
            let negative = r.chance(0.3)
            var s = r.chance(0.4) ? QueryGenerator.grouped(Int(n)) : String(n)
            if r.chance(0.2) { s += ".0" + (r.chance(0.5) ? "0" : "") }
            if negative { s = "-" + s }
            return (s, "integer:\(negative ? -n : n)")
        }
    }

    public static func checkOracle(_ text: String, expected: String) -> (CSVOutcome, String) {
        if expected.hasPrefix("money:") {
            let want = Int64(expected.dropFirst(6))
            let got = FieldParsers.money(text)
            if got != want { return (.wrong, "money(\(text.debugDescription)) = \(got.map(String.init) ?? "nil"), expected \(want.map(String.init) ?? "?")") }
        } else if expected.hasPrefix("integer:") {
            let want = Int64(expected.dropFirst(8))
            let got = FieldParsers.integer(text)
            if got != want { return (.wrong, "integer(\(text.debugDescription)) = \(got.map(String.init) ?? "nil"), expected \(want.map(String.init) ?? "?")") }
        } else {
            let want = expected.hasPrefix("date:") ? String(expected.dropFirst(5)) : nil
            let got = FieldParsers.date(text)
            if got != want { return (.wrong, "date(\(text.debugDescription)) = \(got ?? "nil"), expected \(want ?? "nil")") }
        }
        return (.parsed, "")
    }

    // MARK: round trip

    /// A round trip is named by a seed; the records, the writer's choices and the reader's
    /// chunk size all follow from it.
    func roundTripLabel(_ r: inout FuzzRandom) -> String { "rt\(r.next() >> 1)" }

    struct RoundTrip {
        var file: [UInt8]
        var records: [[String]]
        /// The physical line each record starts on.
        var lines: [Int]
        var chunkSize: Int
        var encoding: TextEncoding
    }

    static let fieldPieces = ["a", "b", "Hodge Hill", " ", ",", "\"", "\"\"", "\r\n", "\n", "\r", "£", "é", "’", "🏫", "1,000.50", "(5)",
                              "25/06/2012", "\t", "'", "x,y", "\u{A0}"]

    func roundTrip(_ label: String) -> RoundTrip {
        var r = FuzzRandom(seed: UInt64(label.dropFirst(2)) ?? 0)
        let lineEnd: [UInt8] = r.pick([[0x0A], [0x0D, 0x0A], [0x0D]])
        let quoteAll = r.chance(0.2)
        let bom = r.chance(0.15)
        var file: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        var records: [[String]] = []
        var lines: [Int] = []
        var line = 1
        let width = r.int(1...8)
        for _ in 0..<r.logUniform(60) {
            var fields: [String] = []
            for _ in 0..<(r.chance(0.8) ? width : r.int(1...10)) {
                var t = ""
                for _ in 0..<r.small() { t += r.chance(0.5) ? QueryGenerator.letters(r.int(1...6), &r) : r.pick(Self.fieldPieces) }
                fields.append(t)
            }
            lines.append(line)
            var expected: [String] = []
            for (i, t) in fields.enumerated() {
                if i > 0 { file.append(0x2C) }
                let needs = t.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" } || (fields.count == 1 && t.isEmpty)
                if needs || quoteAll || r.chance(0.1) {
                    file.append(0x22)
                    for b in t.utf8 {
                        file.append(b)
                        if b == 0x22 { file.append(0x22) }
                    }
                    file.append(0x22)
                    // Inside quotes line ends read back as written; a CRLF, an LF and a lone CR
                    // are each one line.
                    let u = Array(t.utf8)
                    for k in u.indices where u[k] == 0x0A || (u[k] == 0x0D && (k + 1 == u.count || u[k + 1] != 0x0A)) {
                        line += 1
                    }
                    expected.append(t)
                } else {
                    file += Array(t.utf8)
                    expected.append(t)
                }
            }
            records.append(expected)
            file += lineEnd
            line += 1
        }
        if r.chance(0.3), !file.isEmpty, !(records.last.map { $0.count == 1 && $0[0].isEmpty } ?? false) {
            file.removeLast(lineEnd.count)  // no line end after the last record
        }
        let ascii = file.allSatisfy { $0 < 0x80 }
        return RoundTrip(file: file, records: records, lines: lines, chunkSize: r.pick(Self.chunkSizes),
                         encoding: ascii && r.chance(0.3) ? .windows1252 : .utf8)
    }

    func checkRoundTrip(_ label: String) -> (CSVOutcome, String) {
        let rt = roundTrip(label)
        guard write(rt.file) else { return (.otherError, "cannot write \(scratch)") }
        do {
            let reader = try CSVReader(path: scratch, encoding: rt.encoding, chunkSize: rt.chunkSize)
            var i = 0
            while let record = try reader.next() {
                guard i < rt.records.count else { return (.wrong, "an extra record \(record.texts) at line \(record.line)") }
                if record.texts != rt.records[i] {
                    return (.wrong, "record \(i + 1) reads \(record.texts.debugDescription), written \(rt.records[i].debugDescription) (chunk \(rt.chunkSize))")
                }
                if record.line != rt.lines[i] {
                    return (.wrong, "record \(i + 1) said to start on line \(record.line), written on line \(rt.lines[i]) (chunk \(rt.chunkSize))")
                }
                i += 1
            }
            if i != rt.records.count { return (.wrong, "\(i) records read, \(rt.records.count) written") }
            return (.read, "")
        } catch {
            return (.wrong, "a file written by a CSV writer refused: \(error) (chunk \(rt.chunkSize))")
        }
    }
}
