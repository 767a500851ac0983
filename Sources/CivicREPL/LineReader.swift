import CReadline
import CivicStorage
import Foundation

/// GNU readline through its callback interface, so that Ctrl-C at the prompt clears the line
/// (and any continued query) instead of ending the session, and Ctrl-D ends it.
final class LineReader {
    enum Input {
        case line(String)
        case interrupted
        case endOfInput
    }

    /// The line readline hands back; set by the C callback, read by `read`.
    nonisolated(unsafe) static var received: String?
    nonisolated(unsafe) static var gotLine = false
    nonisolated(unsafe) static var gotEOF = false

    let historyFile: String?

    init(name: String, historyFile: String?) {
        self.historyFile = historyFile
        // readline keeps these pointers: give it copies that live as long as the process.
        civic_rl_set_readline_name(strdup(name))
        civic_rl_set_catch_signals(0)
        civic_install_sigint()
        civic_rl_set_quote_characters(strdup("\"'"))
        civic_rl_set_word_break_characters(strdup(" \t\n|(),=<>~"))
        civic_rl_set_completion_function(civicComplete)
        using_history()
        if let historyFile { read_history(historyFile) }
    }

    /// Reads one line with `prompt`.
    func read(prompt: String) -> Input {
        LineReader.received = nil
        LineReader.gotLine = false
        LineReader.gotEOF = false
        _ = civic_take_sigint()
        rl_callback_handler_install(prompt, civicLineHandler)
        while true {
            let ready = civic_wait_for_input(0)
            if civic_take_sigint() != 0 {
                // Ctrl-C: abandon the line, keep the session.
                rl_replace_line("", 0)
                rl_callback_handler_remove()
                FileHandle.standardOutput.write(Data("^C\n".utf8))
                return .interrupted
            }
            if ready < 0 {
                rl_callback_handler_remove()
                return .endOfInput
            }
            if ready == 0 { continue }
            rl_callback_read_char()
            if LineReader.gotLine {
                if LineReader.gotEOF { return .endOfInput }
                return .line(LineReader.received ?? "")
            }
        }
    }

    func remember(_ entry: String) {
        guard !entry.isEmpty else { return }
        add_history(entry)
        if let historyFile {
            // Append at once, so a second session sees it even if this one is killed.
            if FileManager.default.fileExists(atPath: historyFile) {
                append_history(1, historyFile)
            } else {
                write_history(historyFile)
            }
        }
    }

    /// Runs `work` while a watcher turns Ctrl-C into an interrupt of the running statement.
    static func interruptible<T>(_ handle: InterruptHandle, _ work: () throws -> T) rethrows -> T {
        _ = civic_take_sigint()
        let done = DoneFlag()
        let watcher = Thread {
            while !done.value {
                if civic_take_sigint() != 0 { handle.interrupt() }
                usleep(20_000)
            }
        }
        watcher.start()
        defer { done.value = true }
        return try work()
    }
}

final class DoneFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    var value: Bool {
        get { lock.lock(); defer { lock.unlock() }; return flag }
        set { lock.lock(); flag = newValue; lock.unlock() }
    }
}

/// readline's callback for a finished line (nil at end of input).
private func civicLineHandler(_ line: UnsafeMutablePointer<CChar>?) {
    if let line {
        LineReader.received = String(cString: line)
        free(line)
    } else {
        LineReader.gotEOF = true
    }
    LineReader.gotLine = true
    rl_callback_handler_remove()
}
