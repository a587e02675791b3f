import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C, SIGTERM and SIGUSR1 during training: the first asks the loop to stop after
/// the current iteration and save a checkpoint; a second exits at once
/// (checkpoint writes are atomic, so nothing saved is corrupted).
///
/// SIGUSR1 is for `mpirun`, which forwards it to every rank as it is; on Ctrl-C it sends
/// the ranks SIGTERM and then SIGKILL, `odls_base_sigkill_timeout` seconds apart (docs/distributed.md).
enum StopSignal {
    /// The signal received (0: none). A signal handler can only reach process-wide
    /// state, so this flag and ``firstAt`` are the CLI's only globals.
    static let received = Atomic<Int32>(0)
    /// When the first signal arrived (monotonic nanoseconds).
    static let firstAt = Atomic<Int64>(0)
    /// Signals this soon after the first are the same request delivered twice (`pkill -f`
    /// reaching a `compare --jobs` child that its parent also asks to stop), not a second
    /// Ctrl-C, which would exit without saving.
    static let sameRequestNanoseconds: Int64 = 500_000_000

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
                // Only async-signal-safe calls here: clock_gettime, a static message, write, _exit.
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                let nanoseconds = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
                let first = StopSignal.firstAt.compareExchange(expected: 0, desired: nanoseconds, ordering: .relaxed).original
                if StopSignal.received.exchange(sig, ordering: .relaxed) != 0 && nanoseconds - first > StopSignal.sameRequestNanoseconds {
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
