import CivicDiagnostics
import Foundation

/// One writer at a time. A load holds an exclusive `flock(2)` on `.NAME.lock` beside the
/// database for as long as it runs; a second load of the same database waits for it (saying so)
/// and then loads onto what the first one left. The lock is the kernel's: it goes with the
/// process, so a killed load never leaves it held. The file itself stays, holding the pid of the
/// last load that took it, so the message can name the load being waited for.
final class LoadLock {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// The lock file of the database at `target`.
    static func path(for target: String) -> String {
        let url = URL(fileURLWithPath: target)
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".lock").path
    }

    /// Takes the lock, waiting for another load to finish first; `waiting` is told once if so.
    static func acquire(for target: String, waiting: (String) -> Void) throws -> LoadLock {
        let p = path(for: target)
        let fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            throw LoadError(.cannotLock, file: target, line: 0, column: 0,
                            "cannot create the load lock \(p): \(SystemFailure.reason(errno: code))")
                .refused(SystemFailure(errno: code, creating: true))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var buf = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buf, buf.count, 0)
            let pid = n > 0 ? String(decoding: buf[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            waiting("another load (process \(pid)) is writing \(target): waiting for it to finish…")
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let code = errno
                    close(fd)
                    throw LoadError(.cannotLock, file: target, line: 0, column: 0, "cannot take the load lock \(p): \(SystemFailure.reason(errno: code))")
                        .refused(SystemFailure(errno: code, creating: true))
                }
            }
        }
        let me = Array("\(getpid())\n".utf8)
        ftruncate(fd, 0)
        _ = me.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return LoadLock(fd: fd)
    }
}
