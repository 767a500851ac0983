import Foundation

/// The size of a terminal, in character cells.
public struct TerminalSize: Sendable, Equatable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// The size of the terminal on `fd` (`ioctl(TIOCGWINSZ)`), with `$COLUMNS` and `$LINES`
    /// for what it does not say; nil when `fd` is not a terminal.
    public static func of(fd: Int32 = 1, environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalSize? {
        guard isatty(fd) != 0 else { return nil }
        var ws = winsize()
        #if os(Linux)
        let ok = ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0
        #else
        let ok = ioctl(fd, TIOCGWINSZ, &ws) == 0
        #endif
        var columns = ok ? Int(ws.ws_col) : 0
        var rows = ok ? Int(ws.ws_row) : 0
        if columns <= 0 { columns = environment["COLUMNS"].flatMap { Int($0) } ?? 80 }
        if rows <= 0 { rows = environment["LINES"].flatMap { Int($0) } ?? 24 }
        return TerminalSize(columns: max(columns, 20), rows: max(rows, 2))
    }
}

/// Shows a result taller than the terminal through a pager. Output is held until it is more
/// lines than the screen has (counting lines the terminal would wrap): a short result is then
/// written as it is and no pager starts; a tall one starts the pager, which gets what was held
/// and the rest as it comes. Notes and errors are held with the output when stderr is a
/// terminal too, so they keep their order: beside a short result they go to stderr as ever, and
/// in a pager they are shown in it, where they belong among the rows.
///
/// The pager is `$CIVIC_PAGER`, else `$PAGER`, else `less -SRFX` (chop long lines, keep colours,
/// quit when one screen is enough, leave the screen as it was); either variable set empty turns
/// paging off. Quitting the pager before the end is no error: what is left is dropped
/// (`onQuit` is told, to stop the query), and the session goes on.
public final class Pager {
    let command: String
    let size: TerminalSize
    /// What was written while it is not yet known whether the pager is needed, in order; true
    /// for what was written to stderr.
    private var held: [(error: Bool, text: String)] = []
    private var lines = 0
    private var column = 0
    private var inEscape = false
    private var pid: pid_t = 0
    private var fd: Int32 = -1
    private var previousSIGPIPE: sighandler_t?
    /// Written straight to the screen: the pager could not be started.
    private var direct = false
    /// Errors join the output when stderr is the same terminal.
    private let errorsToo: Bool
    /// True once the pager has stopped reading before the end (the user quit it).
    public private(set) var quit = false
    /// True once the pager has started.
    public var started: Bool { pid != 0 }
    /// Seconds spent waiting for the pager to take output (a reader who has not scrolled yet),
    /// for a timer to leave out.
    public private(set) var waited = 0.0
    /// Called once when the pager quits before the end.
    public var onQuit: (() -> Void)?

    /// The pager command the environment asks for, nil for none: `CIVIC_PAGER`, then `PAGER`
    /// (set empty, either means no pager), then `less -SRFX` where `less` is on the `PATH`.
    public static func command(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for name in ["CIVIC_PAGER", "PAGER"] {
            if let c = environment[name] {
                let trimmed = c.trimmingCharacters(in: .whitespaces)
                return trimmed.isEmpty ? nil : trimmed
            }
        }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where access("\(dir)/less", X_OK) == 0 {
            return "less -SRFX"
        }
        return nil
    }

    /// A pager for stdout, when it is a terminal, paging is on and the environment names a pager.
    public static func forTerminal(enabled: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Pager? {
        guard enabled, let size = TerminalSize.of(fd: 1, environment: environment),
              let command = command(environment: environment) else { return nil }
        return Pager(command: command, size: size)
    }

    public init(command: String, size: TerminalSize, errorsToo: Bool = isatty(2) != 0) {
        self.command = command
        self.size = size
        self.errorsToo = errorsToo
    }

    /// Output for stdout.
    public func write(_ s: String) { take(s, error: false) }

    /// Output for stderr.
    public func writeError(_ s: String) {
        if errorsToo { take(s, error: true) } else { FileHandle.standardError.write(Data(s.utf8)) }
    }

    private func take(_ s: String, error: Bool) {
        if quit { return }
        if started { send(s); return }
        if direct { Self.screen(s, error: error); return }
        held.append((error, s))
        count(s)
        // One line is left for the prompt that follows.
        if lines + (column > 0 ? 1 : 0) > size.rows - 1 { start() }
    }

    /// Writes to stdout or stderr.
    private static func screen(_ s: String, error: Bool) {
        (error ? FileHandle.standardError : FileHandle.standardOutput).write(Data(s.utf8))
    }

    /// Writes what was held to stdout and stderr, as it would have gone without a pager.
    private func release() {
        for h in held { Self.screen(h.text, error: h.error) }
        held = []
    }

    /// Counts the screen lines `s` takes, skipping escape sequences (a bold header).
    private func count(_ s: String) {
        for c in s {
            if inEscape {
                if let a = c.asciiValue, a >= 0x40 && a <= 0x7E && c != "[" { inEscape = false }
                continue
            }
            if c == "\u{1B}" { inEscape = true; continue }
            if c == "\n" || c == "\r\n" {
                lines += max(1, (column + size.columns - 1) / size.columns)
                column = 0
            } else {
                column += DisplayWidth.of(c)
            }
        }
    }

    /// Starts the pager and gives it what was held; on failure writes straight to the screen.
    private func start() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return flushToScreen() }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The pager gets the signals' defaults: civic may be ignoring SIGINT (a running query
        // takes it) or SIGPIPE, and an ignored signal stays ignored across exec.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGPIPE, SIGQUIT, SIGTERM] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        var environment = ProcessInfo.processInfo.environment
        // civic writes UTF-8, whatever the locale says.
        if environment["LESSCHARSET"] == nil { environment["LESSCHARSET"] = "utf-8" }
        let words: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, "/bin/sh", &actions, &attributes, argv, envp)
        close(fds[0])
        guard status == 0 else {
            close(fds[1])
            return flushToScreen()
        }
        pid = child
        fd = fds[1]
        // A pager that quits early closes the pipe: a write then fails with EPIPE, not a signal.
        previousSIGPIPE = signal(SIGPIPE, SIG_IGN)
        let text = held.map(\.text).joined()
        held = []
        send(text)
    }

    private func flushToScreen() {
        release()
        direct = true
    }

    private func send(_ s: String) {
        guard fd >= 0 else { return }
        let start = DispatchTime.now().uptimeNanoseconds
        defer { waited += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        var s = s
        s.withUTF8 { buffer in
            var done = 0
            while done < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    // EPIPE: the pager has quit.
                    close(fd)
                    fd = -1
                    quit = true
                    onQuit?()
                    return
                }
                done += n
            }
        }
    }

    /// Ends the output: writes what is held, or closes the pager's input and waits for it.
    public func finish() {
        guard started else {
            release()
            return
        }
        if fd >= 0 { close(fd); fd = -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        pid = 0
        if let previousSIGPIPE { signal(SIGPIPE, previousSIGPIPE) }
        previousSIGPIPE = nil
    }
}
