import ArgumentParser
import Foundation
import Tokenize

/// `textgan vocab`: tokenizes a corpus, builds its vocabulary, prints the statistics and
/// the most frequent units, and optionally writes the vocabulary as JSON.
struct VocabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocab",
        abstract: "Build the vocabulary of a corpus and print its statistics.",
        discussion: """
            Reads a UTF-8 corpus (one example per line, or running text with --window), \
            normalises it, cuts it into units and keeps the most frequent ones. Prints the \
            lines read and skipped, units, coverage (the share of units that are not <unk>), \
            tokenizing speed and the top units. --out writes the vocabulary as JSON for \
            training and sampling.
            """
    )

    @Option(help: "The UTF-8 corpus file.")
    var corpus: String

    @Option(help: "The most ids in the vocabulary, <pad> and <unk> included (at least 3).")
    var maxVocab = CorpusOptions.defaultMaxVocab

    @Option(help: "Unicode normalisation before segmentation.")
    var normalization = Normalization.nfc

    @Flag(help: "Apply Unicode case folding.")
    var caseFold = false

    @Flag(help: "Remove control characters other than tab.")
    var stripControls = false

    @Option(help: "What one token is: a grapheme cluster, a code point or a UTF-8 byte.")
    var unit = TokenUnit.grapheme

    @Option(name: .customLong("seq-len"), help: "T: units per example.")
    var sequenceLength = 32

    @Flag(help: "Cut running text into overlapping windows of --seq-len units instead of one example per line.")
    var window = false

    @Option(help: "Units between window starts with --window (default: half of --seq-len).")
    var stride: Int?

    @Flag(inversion: .prefixedNo, help: "Cut lines longer than --seq-len units (--no-truncate skips them).")
    var truncate = true

    @Option(help: "What to do with lines that are not valid UTF-8.")
    var invalidUTF8 = InvalidUTF8Policy.error

    @Option(help: "How many of the most frequent units to list.")
    var top = 20

    @Option(help: "Write the vocabulary as JSON to this file.")
    var out: String?

    var corpusOptions: CorpusOptions {
        CorpusOptions(
            tokenizer: TokenizerOptions(
                normalization: normalization, caseFold: caseFold, stripControls: stripControls, unit: unit),
            sequenceLength: sequenceLength, maxVocab: maxVocab, window: window, stride: stride, truncate: truncate,
            invalidUTF8: invalidUTF8)
    }

    func validate() throws {
        // A TokenizeError (not a ValidationError) prints as one line, without the usage text.
        try corpusOptions.validate()
        if stride != nil && !window {
            throw ValidationError("--stride applies to --window mode only; add --window or drop --stride")
        }
        guard top >= 0 else {
            throw ValidationError("--top \(top) is negative; pass 0 or more (0 lists no units)")
        }
    }

    func run() throws {
        let loaded = try Corpus.load(path: corpus, options: corpusOptions)
        print(VocabReport(path: corpus, corpus: loaded, options: corpusOptions, top: top).text, terminator: "")
        if let out {
            try loaded.vocabulary.write(to: out)
            print("wrote \(out)")
        }
    }
}
