import Dispatch
import Foundation

/// SIGINT (Ctrl-C) and SIGTERM during `backprop train`. The signals are caught on a
/// dispatch queue, never in a handler: during training the flag is only noted, and the
/// training thread stops at the next batch or epoch boundary (`stopIfRequested`), so a
/// checkpoint is never cut mid-write (it is written atomically anyway). It then says
/// which epoch the checkpoint holds and the exact `--resume` command, and exits 130
/// (SIGINT) or 143 (SIGTERM). Before training starts, or on a second signal, it exits at
/// once with a one-line message.
final class TrainingInterruption: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private var requested: Int32?
    private var training = false
    /// Set before training: what to tell the learner.
    private var checkpointPath = ""
    private var savedEpochs = 0
    private var totalEpochs = 0
    private var resumeCommand = ""

    func install() {
        sources = StopSignals.watch { [weak self] number in self?.received(number) }
    }

    /// From now on a signal waits for the next batch boundary.
    func trainingStarts(checkpoint: String, savedEpochs: Int, totalEpochs: Int, resumeCommand: String) {
        lock.withLock {
            checkpointPath = checkpoint
            self.savedEpochs = savedEpochs
            self.totalEpochs = totalEpochs
            self.resumeCommand = resumeCommand
            training = true
        }
    }

    /// After each checkpoint write: the file now holds `epochs` complete epochs.
    func checkpointWritten(epochs: Int) { lock.withLock { savedEpochs = epochs } }

    private func received(_ number: Int32) {
        let (immediate, message): (Bool, String) = lock.withLock {
            if training && requested == nil {
                requested = number
                return (false, "")
            }
            return (true, training ? stopMessage(number) : "\nerror: interrupted (\(StopSignals.name(number))) before training started; nothing was trained or saved.")
        }
        if immediate { finish(number, message) }
    }

    /// Called on the training thread between batches and after each epoch's checkpoint.
    func stopIfRequested() {
        let pending: (Int32, String)? = lock.withLock { requested.map { ($0, stopMessage($0)) } }
        if let (number, message) = pending { finish(number, message) }
    }

    private func stopMessage(_ number: Int32) -> String {
        let held = savedEpochs == 0
            ? "No epoch had finished, so no checkpoint was written\(FileManager.default.fileExists(atPath: checkpointPath) ? " (\(checkpointPath) is as it was before this run)" : "")."
            : "The checkpoint \(checkpointPath) holds the last complete epoch, \(savedEpochs) of \(totalEpochs)."
        return "\nerror: training stopped by \(StopSignals.name(number)); the current epoch was abandoned. \(held)\n"
            + (savedEpochs == 0 ? "hint: start again with the same command." : "hint: continue with: \(resumeCommand)")
    }

    private func finish(_ number: Int32, _ message: String) -> Never {
        Session.printError(message)
        exit(128 + number)
    }

}
