// Using the TextGAN and Tokenize libraries from Swift: load a corpus, train a
// small WGAN for a few iterations and decode samples. README.md shows the same
// code; `swift run LibraryExample` from the repository's top folder runs it (it reads
// corpora/english.txt).
// GANTrainer draws batches from any seeded sampler whose state can be saved;
// Tokenize's BatchSampler is one (the textgan command line declares the same
// conformance for itself; in a package of your own, write it `@retroactive`).
import TextGAN
import Tokenize

extension BatchSampler: BatchIndexSampler {}  // Tokenize's sampler feeds GANTrainer

let corpus = try Corpus.load(path: "corpora/english.txt", options: CorpusOptions(sequenceLength: 32))
var configuration = TrainingConfiguration(model: ModelConfiguration(
    vocabularySize: corpus.vocabulary.count, sequenceLength: corpus.sequenceLength, channels: 64, blocks: 3))
configuration.penalty = .fd
configuration.iterations = 20
let data = TrainingData(ids: corpus.ids, count: corpus.count, sequenceLength: corpus.sequenceLength)
let sampler = BatchSampler(exampleCount: corpus.count, batchSize: configuration.batchSize, seed: configuration.seed)
var trainer = GANTrainer(configuration: configuration, data: data, sampler: sampler)
while trainer.step < configuration.iterations {
    let statistics = try trainer.trainIteration()
    print("step \(trainer.step): Wasserstein \(statistics.wasserstein), penalty \(statistics.penalty)")
}
let ids = trainer.sampleIDs(noise: GANTrainer.fixedNoise(configuration: configuration, count: 4))  // [4, T] row-major
for row in 0..<4 { print(corpus.vocabulary.decode(ids[row * corpus.sequenceLength ..< (row + 1) * corpus.sequenceLength])) }
