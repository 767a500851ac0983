import CivicStorage
import Foundation

/// Where civic keeps its database and finds its bundled data.
///
/// - Database: `--db PATH`, else `$CIVIC_DB`, else `$XDG_DATA_HOME/civic/civic.sqlite`, else
///   `~/.local/share/civic/civic.sqlite`.
/// - Datasets: `$CIVIC_DATASETS`, else the `Datasets/` folder found by walking up from the
///   executable (a checkout's `.build/…/civic`), else `./Datasets`.
public enum Locations {
    public static func defaultDatabase(environment env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let p = env["CIVIC_DB"], !p.isEmpty { return p }
        let base: String
        if let x = env["XDG_DATA_HOME"], !x.isEmpty { base = x }
        else { base = (env["HOME"] ?? NSHomeDirectory()) + "/.local/share" }
        return base + "/civic/civic.sqlite"
    }

    /// The bundled data folder; where none is found, `./Datasets` (which a command that needs it
    /// then reports through `DatasetsNotFound`).
    public static func datasets(environment env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        findDatasets(environment: env).found ?? "Datasets"
    }

    /// Where civic looks for its bundled data, in order, and the first that holds it:
    /// `$CIVIC_DATASETS` (when set, the only place), then beside the executable as installed
    /// (`PREFIX/bin/civic` → `PREFIX/share/civic/Datasets`), then a `Datasets/` folder above the
    /// executable (a checkout's `.build/…/civic`), then `./Datasets`. A folder holds the data
    /// when it has `PROVENANCE.md`.
    public static func findDatasets(environment env: [String: String] = ProcessInfo.processInfo.environment,
                                    executable: String? = nil) -> (found: String?, looked: [String]) {
        let fm = FileManager.default
        if let p = env["CIVIC_DATASETS"], !p.isEmpty {
            var isDir: ObjCBool = false
            return (fm.fileExists(atPath: p, isDirectory: &isDir) && isDir.boolValue ? p : nil, ["$CIVIC_DATASETS (\(p))"])
        }
        let bin = URL(fileURLWithPath: executable ?? executablePath()).deletingLastPathComponent().standardizedFileURL
        var candidates = [bin.deletingLastPathComponent().appendingPathComponent("share/civic/Datasets").path]
        var dir = bin
        for _ in 0..<8 {
            candidates.append(dir.appendingPathComponent("Datasets").path)
            if dir.path == "/" { break }
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(fm.currentDirectoryPath + "/Datasets")
        var looked: [String] = []
        for c in candidates where !looked.contains(c) {
            looked.append(c)
            if fm.fileExists(atPath: c + "/PROVENANCE.md") { return (c, looked) }
        }
        return (nil, looked)
    }

    /// This program's own file, symbolic links resolved: `/proc/self/exe` on Linux (right
    /// however civic was started, from `$PATH` too), else the first argument.
    static func executablePath() -> String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        let arg0 = CommandLine.arguments.first ?? "."
        return URL(fileURLWithPath: arg0).resolvingSymlinksInPath().path
    }

    /// The newest modification time of what a load of `dir` reads: each layout, and each data
    /// file with its layout beside it (`NAME.csv` → `NAME.layout.json`, as LAYOUTS.md has it). A
    /// changed README or script there is no reason to rebuild. File names and dates only: this
    /// runs before every command, so it decodes no layout.
    static func newestModification(under dir: String) -> Date? {
        let fm = FileManager.default
        let items = Set(fm.enumerator(atPath: dir)?.compactMap { $0 as? String } ?? [])
        var newest: Date?
        for item in items {
            let isLayout = item.hasSuffix(".layout.json")
            let base = item.lastIndex(of: ".").map { String(item[..<$0]) } ?? item
            guard isLayout || items.contains(base + ".layout.json") else { continue }
            let attrs = try? fm.attributesOfItem(atPath: dir + "/" + item)
            if let d = attrs?[.modificationDate] as? Date, newest.map({ d > $0 }) ?? true { newest = d }
        }
        return newest
    }

    /// Why the database needs building from the datasets, or nil when it is up to date.
    public static func staleness(database: String, datasets: String) -> String? {
        let fm = FileManager.default
        guard let attrs = try? fm.attributesOfItem(atPath: database), let built = attrs[.modificationDate] as? Date else {
            return "no database yet at \(database)"
        }
        if let newest = newestModification(under: datasets), newest > built { return "\(datasets) changed since the database was built" }
        if let db = try? Database(path: database, readOnly: true), let v = try? db.scalar("PRAGMA user_version").int, v != Int64(Schema.version) {
            return "the database was built by another version of civic (schema \(v), this civic writes \(Schema.version))"
        }
        return nil
    }

    /// Builds the database from the bundled datasets when it is missing or older than them.
    /// Returns the summaries of the build, or nil when nothing was needed.
    @discardableResult
    public static func ensureDatabase(at database: String, datasets: String, includeDemo: Bool = true,
                                      log: (String) -> Void = { _ in }) throws -> [SourceSummary]? {
        guard let reason = staleness(database: database, datasets: datasets) else { return nil }
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: datasets, isDirectory: &isDir) || !isDir.boolValue {
            // Nothing to build from: an existing database is used as it is.
            if FileManager.default.fileExists(atPath: database) { return nil }
            throw DatasetsNotFound(database: database, looked: findDatasets().looked)
        }
        // Keep the user's choice of the demo layer when rebuilding an existing database.
        var demo = includeDemo
        let all = try Loader.layouts(for: [datasets], includeSynthetic: true)
        if FileManager.default.fileExists(atPath: database), let db = try? Database(path: database, readOnly: true) {
            if let v = try? db.scalar("SELECT value FROM meta WHERE key = 'demo'").string { demo = v == "1" }
            // A rebuild starts from Datasets/ alone: never let it drop files the user loaded by
            // hand. Say what changed and how to rebuild, and go on with the database as it is.
            let bundled = Set(all.map { URL(fileURLWithPath: $0.dataPath).lastPathComponent })
            let own = ((try? db.rows("SELECT file FROM sources ORDER BY file")) ?? []).compactMap { $0[0].string }.filter { !bundled.contains($0) }
            if !own.isEmpty {
                log("note: \(reason), but the database also holds files loaded by hand (\(own.joined(separator: ", "))), so it is not rebuilt by itself: run `civic load` to rebuild it from Datasets/, then load those files again")
                return nil
            }
        }
        log("building the database (\(reason))…")
        let files = all.filter { demo || !$0.layout.isSynthetic }
        return try Loader.load(files, into: database, rebuild: true, meta: ["datasets": datasets, "demo": demo ? "1" : "0"], log: log)
    }
}

/// No database to read and no bundled data to build it from: says where civic looked and how
/// to point it at the data. An input that is not there: exit 66.
public struct DatasetsNotFound: Error, CustomStringConvertible, Sendable {
    public let database: String
    public let looked: [String]

    public init(database: String, looked: [String]) {
        self.database = database
        self.looked = looked
    }

    public var description: String {
        var lines = ["error: no bundled data found to build the database \(database) from"]
        lines.append("  = looked for civic's Datasets/ folder (with PROVENANCE.md) in:")
        lines += looked.map { "      \($0)" }
        lines.append("  = help: set CIVIC_DATASETS to the Datasets/ folder (a checkout's, or PREFIX/share/civic/Datasets as installed), or give a built database with --db or CIVIC_DB")
        return lines.joined(separator: "\n")
    }
}
