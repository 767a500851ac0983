import CivicStorage
import Dispatch
import Foundation

/// Ctrl-C during `civic query`: stops the running statement (through the engine's interrupt
/// handle) and marks the run cancelled, so that the rest of a script is not run. SIGINT is
/// taken from its default (ending the process) for as long as this lives, through a dispatch
/// source, so no handler of civic's own runs at signal time.
final class Interrupts: @unchecked Sendable {
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var count = 0

    init(_ handle: InterruptHandle) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in
            self.lock.lock()
            self.count += 1
            self.lock.unlock()
            handle.interrupt()
        }
        source.resume()
    }

    /// True once Ctrl-C has been pressed.
    var received: Bool {
        lock.lock(); defer { lock.unlock() }
        return count > 0
    }

    /// Gives SIGINT back its default.
    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
