import ArgumentParser
import TextGAN
import Tokenize

/// Library errors say what is wrong with a value; the command line adds which
/// option changes it. This is the one place that maps the two.
enum ErrorAdvice {
    /// `error` with the options that would avoid it appended, if any apply.
    static func adding(to error: any Error) -> any Error {
        guard let advice = advice(for: error) else { return error }
        return CommandError("\(error); \(advice)")
    }

    static func advice(for error: any Error) -> String? {
        switch error {
        case TrainingError.nonFinite:
            return "lower --lr, or the penalty's --lambda or --gamma, or resume from the last checkpoint"
        case MemoryEstimateError.tooLarge:
            return "lower --dim, --batch-size or --seq-len"
        case CheckpointError.noWeightAverage:
            return "train with --ema to sample with --ema"
        case TokenizeError.invalidUTF8:
            return "the option is --invalid-utf8 replace or skip-line"
        case TokenizeError.noUsableLines(_, _, _, _, let invalidUTF8, _) where invalidUTF8 > 0:
            return "the option is --invalid-utf8 replace"
        case TokenizeError.maxVocabTooSmall:
            return "the option is --max-vocab (default \(CorpusOptions.defaultMaxVocab))"
        case TokenizeError.invalidSequenceLength:
            return "the option is --seq-len (default \(TrainingConfiguration.defaults.model.sequenceLength))"
        default:
            return nil
        }
    }
}

extension TextGANCommand {
    /// ArgumentParser's `main`, with negative numbers joined to their options
    /// (``OptionValue/joiningNegativeNumbers(_:)``) and ``ErrorAdvice`` on the way out.
    static func main() {
        do {
            var command = try parseAsRoot(OptionValue.joiningNegativeNumbers(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            exit(withError: ErrorAdvice.adding(to: error))
        }
    }
}
