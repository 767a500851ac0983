import CivicFuzz
import Foundation

/// What a run found, by class (a failure's signature, a slow input's shape, a crash's signal and
/// shape): how many times, and the first few inputs of each saved under `Fuzz/<folder>/` with a
/// `.log` beside each saying what happened and how to run it again.
///
/// A worker keeps its table in `Fuzz/out/KIND-J.findings.tsv`, reading it back when it restarts
/// after a crash, so that counts survive; the supervisor adds the tables up.
final class Findings {
    struct Entry {
        var count: Int
        var sample: String
    }

    let table: URL
    let fuzz: URL
    let samples: Int
    private(set) var entries: [String: Entry] = [:]
    private var saved: [String: Int] = [:]

    init(table: URL, fuzz: URL, samples: Int) {
        self.table = table
        self.fuzz = fuzz
        self.samples = samples
        entries = Self.read(table)
        for (k, e) in entries { saved[k] = e.sample.isEmpty ? 0 : min(samples, e.count) }
    }

    static func read(_ url: URL) -> [String: Entry] {
        var out: [String: Entry] = [:]
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return out }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 3, let n = Int(parts[0]) else { continue }
            out[String(parts[1])] = Entry(count: n, sample: String(parts[2]))
        }
        return out
    }

    func flush() {
        let lines = entries.sorted { $0.key < $1.key }.map { "\($0.value.count)\t\($0.key)\t\($0.value.sample)" }
        try? (lines.joined(separator: "\n") + "\n").write(to: table, atomically: true, encoding: .utf8)
    }

    /// Counts one finding, and saves its input while fewer than `samples` of its class are saved.
    func record(signature: String, index: UInt64, seed: UInt64, case c: FuzzCase, detail: String, kindName: String,
                folder: String, extra: String = "") {
        var e = entries[signature] ?? Entry(count: 0, sample: "")
        e.count += 1
        if saved[signature, default: 0] < samples {
            saved[signature, default: 0] += 1
            let path = Self.save(c.bytes, ext: c.fileExtension, folder: fuzz.appendingPathComponent(folder), name: signature,
                                 log: """
                                 class: \(signature)
                                 what: \(detail)
                                 input: \(kindName) \(c.label), \(c.bytes.count) bytes
                                 seed \(seed), index \(index): civic-fuzz --kind \(c.fileExtension == "civic" ? "query" : "csv") --seed \(seed) --start \(index) --count 1 --show
                                 \(extra)
                                 """)
            if e.sample.isEmpty { e.sample = path }
        }
        entries[signature] = e
    }

    /// Writes `bytes` as `folder/NAME-HASH.ext` (nothing when that file is there: the same
    /// input found again) with its log beside it; returns the path relative to Fuzz/.
    static func save(_ bytes: [UInt8], ext: String, folder: URL, name: String, log: String) -> String {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let base = "\(slug(name))-\(hash(bytes))"
        let file = folder.appendingPathComponent("\(base).\(ext)")
        if !FileManager.default.fileExists(atPath: file.path) {
            try? Data(bytes).write(to: file)
            try? (log.trimmingCharacters(in: .whitespacesAndNewlines) + "\n").write(to: folder.appendingPathComponent("\(base).log"),
                                                                                    atomically: true, encoding: .utf8)
        }
        return folder.lastPathComponent + "/" + file.lastPathComponent
    }

    /// A class's name as a file name: letters, digits and dashes, at most 80.
    static func slug(_ s: String) -> String {
        var out = ""
        for c in s.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if out.last != "-" { out.append("-") }
        }
        return String(out.trimmingCharacters(in: CharacterSet(charactersIn: "-")).prefix(80))
    }

    /// FNV-1a, 64 bits, in hex: a stable name for an input's bytes.
    static func hash(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return String(h, radix: 16)
    }
}
