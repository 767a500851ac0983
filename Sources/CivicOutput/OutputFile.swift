import CivicDiagnostics
import Foundation

/// A result file, written so that nothing is lost: refused when it is the database being read
/// or any SQLite file, written to a temporary file beside it, and put in place only when the
/// query has succeeded. A failed query, a full disk or Ctrl-C leaves an existing file as it
/// was, and no half-written file behind.
///
/// `commit()` puts the first result in place by renaming; with `append`, a later result (the
/// REPL's `.output` over several queries) is added to the end of the file, and cut back off if
/// adding it fails.
public final class OutputFile {
    public let path: String
    /// The file written: `path` with symbolic links followed.
    private let target: String
    private var temporary: String?
    private var fd: Int32 = -1
    /// The first write that failed, as `errno`.
    private var failed: Int32?
    /// Written straight to: the target is a device or a pipe.
    private var direct = false

    /// Checks `path` against `database` and opens a temporary file beside it.
    public init(path: String, database: String?) throws {
        self.path = path
        // Through a symbolic link to the file it names, so that the link stays a link.
        target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        try OutputFile.check(path, database: database)
        try open()
    }

    deinit { discard() }

    /// Refuses to write onto the database being read, its journal or lock, or onto any file that
    /// is an SQLite database; or onto a folder.
    public static func check(_ path: String, database: String?) throws {
        var target = stat()
        let exists = stat(path, &target) == 0
        if exists && (target.st_mode & S_IFMT) == S_IFDIR {
            throw FileFailure(path: path, action: "write", reason: "it is a folder", failure: .cannotCreate)
        }
        if let database {
            let url = URL(fileURLWithPath: database).standardizedFileURL
            let companions = [url.path, url.path + "-journal", url.path + "-wal", url.path + "-shm",
                              url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".lock").path]
            let mine = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            var db = stat()
            let same = exists && stat(database, &db) == 0 && db.st_dev == target.st_dev && db.st_ino == target.st_ino
            if same || companions.map({ URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }).contains(mine) {
                throw FileFailure(path: path, action: "write", reason: "it is the database being read (\(database)); choose another file",
                                  failure: .cannotCreate)
            }
        }
        // Only a regular file is read for the header: reading a pipe or a device could wait for ever.
        if exists, (target.st_mode & S_IFMT) == S_IFREG, isSQLiteFile(path) {
            throw FileFailure(path: path, action: "write", reason: "it is an SQLite database, which a result would overwrite; choose another file",
                              failure: .cannotCreate)
        }
    }

    /// True when the file begins with SQLite's header.
    static func isSQLiteFile(_ path: String) -> Bool {
        guard let h = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? h.close() }
        let head = (try? h.read(upToCount: 16)) ?? Data()
        return head == Data("SQLite format 3\u{0}".utf8)
    }

    private func open() throws {
        var existing = stat()
        let exists = stat(path, &existing) == 0
        if exists, (existing.st_mode & S_IFMT) != S_IFREG || path.hasPrefix("/dev/") || path.hasPrefix("/proc/") {
            // A device or pipe (/dev/stdout, a FIFO) is written straight to, at its end: there
            // is nothing to replace, and renaming onto it would replace the device itself (or,
            // for /dev/stdout sent to a file, that file).
            let fd = Foundation.open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
            guard fd >= 0 else { throw FileFailure(path: path, action: "write", errno: errno) }
            self.fd = fd
            direct = true
            failed = nil
            return
        }
        let url = URL(fileURLWithPath: target)
        var template = Array(url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".civic-XXXXXX").path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileFailure(path: path, action: "write", errno: errno) }
        // mkstemp makes the file readable by its owner alone: give it the mode of the file it
        // replaces, or what the umask gives a new file.
        if exists {
            fchmod(fd, existing.st_mode & 0o7777)
        } else {
            let mask = umask(0)
            umask(mask)
            fchmod(fd, 0o666 & ~mask)
        }
        self.fd = fd
        temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        failed = nil
    }

    /// Adds `text` to the result. A failed write is remembered and reported by `commit()`.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Adds bytes (a workbook) to the result.
    public func write(bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    private func write(_ buffer: UnsafeRawBufferPointer) {
        guard fd >= 0, failed == nil, buffer.count > 0 else { return }
        var done = 0
        while done < buffer.count {
            let n = Foundation.write(fd, buffer.baseAddress! + done, buffer.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                failed = errno
                return
            }
            done += n
        }
    }

    /// Puts the result in place: renamed over the file, or with `append` added to its end.
    /// Throws, leaving the file as it was, when a write failed. Ready for the next result after.
    public func commit(append: Bool = false) throws {
        if direct {
            if let failed {
                self.failed = nil
                throw FileFailure(path: path, action: "write", errno: failed)
            }
            return
        }
        guard let temporary else { return }
        if failed == nil, fsync(fd) != 0 { failed = errno }
        close(fd)
        fd = -1
        self.temporary = nil
        defer { unlink(temporary) }
        if let failed { throw FileFailure(path: path, action: "write", errno: failed) }
        if append, FileManager.default.fileExists(atPath: path) {
            try appendContents(of: temporary)
        } else if rename(temporary, target) != 0 {
            throw FileFailure(path: path, action: "write", errno: errno)
        }
        try open()
    }

    /// Drops what was written since the last commit and goes on, ready for the next result.
    public func drop() {
        guard fd >= 0, !direct else { return }
        ftruncate(fd, 0)
        lseek(fd, 0, SEEK_SET)
        failed = nil
    }

    /// Drops the result written since the last commit and closes; the file stays as it was.
    public func discard() {
        if fd >= 0 { close(fd) }
        fd = -1
        if let temporary { unlink(temporary) }
        temporary = nil
    }

    /// Copies `source` onto the end of the file; on failure, cuts the file back to its length.
    private func appendContents(of source: String) throws {
        let out = Foundation.open(target, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard out >= 0 else { throw FileFailure(path: path, action: "write", errno: errno) }
        defer { close(out) }
        let length = lseek(out, 0, SEEK_END)
        let input = Foundation.open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw FileFailure(path: path, action: "write", errno: errno) }
        defer { close(input) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        func fail(_ code: Int32) -> FileFailure {
            ftruncate(out, length)
            return FileFailure(path: path, action: "write", errno: code)
        }
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(input, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 { if errno == EINTR { continue }; throw fail(errno) }
            var done = 0
            while done < n {
                let w = buffer.withUnsafeBytes { Foundation.write(out, $0.baseAddress! + done, n - done) }
                if w < 0 { if errno == EINTR { continue }; throw fail(errno) }
                done += w
            }
        }
        if fsync(out) != 0 { throw fail(errno) }
    }
}

extension OutputFile {
    /// The format a result file is written in: the one given, else the one its extension names.
    /// `-o` and the REPL's `.output` both refuse a file whose format cannot be told.
    public static func format(for path: String, given: Format? = nil) throws -> Format {
        if let given { return given }
        if let f = Format.from(fileName: path) { return f }
        throw UnknownFormat(path: path)
    }

    /// A result file whose extension names no format.
    public struct UnknownFormat: Error, CustomStringConvertible {
        public let path: String
        public init(path: String) { self.path = path }
        public var description: String {
            "cannot tell the format from \"\(path)\": name it .csv, .tsv, .json, .jsonl, .md, .html, .xlsx or .txt"
        }
    }
}
