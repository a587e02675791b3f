import Foundation
import TextGAN
#if canImport(Glibc)
import Glibc
#endif

/// Training progress: one line rewritten in place on a terminal, plain
/// lines at each logged step otherwise, nothing with `--quiet`.
final class ProgressPrinter {
    let quiet: Bool
    let isTerminal = isatty(STDOUT_FILENO) != 0
    private var lastLogged: StepMetrics?
    private var lastEvaluated: StepMetrics?
    private var drewLine = false

    init(quiet: Bool) { self.quiet = quiet }

    func report(_ p: ProgressReport, penalty: PenaltyKind) {
        guard !quiet else { return }
        if let logged = p.logged {
            lastLogged = logged
            if logged.js != nil { lastEvaluated = logged }
        }
        let s = p.statistics
        // With a time budget the iteration count is only a ceiling: show the budget.
        let position = p.budgetSecondsRemaining.map { String(format: "step %d  budget left %@", p.step, Self.duration($0)) }
            ?? String(format: "step %d/%d", p.step, p.totalSteps)
        var line = String(format: "%@  %.2f it/s  ETA %@  W %.3f  D %.3f  %@ %.3f  G %.3f",
                          position, p.iterationsPerSecond, Self.duration(p.secondsRemaining),
                          s.wasserstein, s.criticLoss, penalty.rawValue, s.penalty, s.generatorLoss)
        if let m = lastLogged {
            line += String(format: "  |∇D| %.2f", m.gradientNormMean) + (m.lineSlopeMean.map { String(format: " (line %.2f)", $0) } ?? "")
        }
        if let m = lastEvaluated, let js = m.js, js.count == 4 {
            line += String(format: "  JS-4 %.3f", js[3]) + (m.rareShare.map { String(format: " rare %.1f%%", 100 * $0) } ?? "")
        }
        if isTerminal {
            print("\r" + line + "\u{1B}[K", terminator: "")
            fflush(nil)  // all output streams; `stdout` itself is not concurrency-safe to name
            drewLine = true
        } else if p.logged != nil {
            print(line)
            fflush(nil)  // a log file or pipe sees each line as it happens
        }
    }

    /// Ends the in-place line.
    func finish() {
        if drewLine { print("") }
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%02d:%02d", s / 60, s % 60)
    }
}
