import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C, SIGTERM and SIGUSR1 during training: the first asks the loop to stop after
/// the current iteration and save a checkpoint; a second exits at once
/// (checkpoint writes are atomic, so nothing saved is corrupted).
///
/// SIGUSR1 is for `mpirun`, which forwards it to every rank as it is; on Ctrl-C it sends
/// the ranks SIGTERM and, one second later, SIGKILL (docs/distributed.md).
enum StopSignal {
    /// The signal received (0: none). A signal handler can only reach
    /// process-wide state, so this one flag is the CLI's only global.
    static let received = Atomic<Int32>(0)

    static func install() {
        // A parent may have spawned us with these signals blocked (the mask
        // is inherited): unblock them, or Ctrl-C would never arrive.
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigaddset(&mask, SIGTERM)
        sigaddset(&mask, SIGUSR1)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        for sig in [SIGINT, SIGTERM, SIGUSR1] {
            signal(sig) { sig in
                if StopSignal.received.exchange(sig, ordering: .relaxed) != 0 {
                    // Only async-signal-safe calls here: a static message, write, _exit.
                    let message: StaticString = "\ntextgan: interrupted again; exiting now without saving (the last checkpoint is intact)\n"
                    _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
                    _exit(128 + sig)
                }
            }
        }
    }

    static var requested: Bool { received.load(ordering: .relaxed) != 0 }

    /// 130 for SIGINT and SIGUSR1 (a request to stop, as Ctrl-C), 143 for SIGTERM.
    static var exitCode: Int32 {
        let signal = received.load(ordering: .relaxed)
        return 128 + (signal == SIGUSR1 ? SIGINT : signal)
    }
}
