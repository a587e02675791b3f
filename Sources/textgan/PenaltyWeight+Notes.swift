import TextGAN

/// The options that size a penalty (``PenaltyKind/weightSetting`` says which one a penalty
/// reads): a user who gives `--gamma` to a `gp` run has likely mistyped the penalty, and is
/// told so rather than left to find out from the results.
extension PenaltyWeight {
    /// What it does, and for which penalties, as `--help` names them.
    var role: String {
        switch self {
        case .lambda: return "it weights gp, fd and their variants"
        case .gamma: return "it weights r1 and r2"
        case .clip: return "it is the weight bound of --penalty clip"
        }
    }

    /// One line for each of `given` that none of `penalties` reads, e.g. "--gamma has no
    /// effect with --penalty gp: it weights r1 and r2".
    static func notes(given: [PenaltyWeight], penalties: [PenaltyKind]) -> [String] {
        let used = penalties.map(\.rawValue).uniqued().joined(separator: ", ")
        return given.filter { option in !penalties.contains { $0.weightSetting == option } }.map { option in
            "--\(option.rawValue) has no effect with --penalty \(used): \(option.role)"
        }
    }
}

extension TrainingFlags {
    /// The penalty weights given on the command line, in declaration order.
    var givenPenaltyWeights: [PenaltyWeight] {
        [lambda.map { _ in .lambda }, gamma.map { _ in .gamma }, clip.map { _ in .clip }].compactMap { $0 }
    }
}

private extension Array where Element: Hashable {
    /// The elements in their order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
