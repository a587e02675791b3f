/// The shape of a generator–critic pair. Defaults follow DESIGN.md's
/// reference architecture with the fast default width C = 128.
public struct ModelConfiguration: Codable, Equatable, Sendable {
    /// V: the vocabulary size, including pad and `<unk>`.
    public var vocabularySize: Int
    /// T: characters per sequence.
    public var sequenceLength: Int = 32
    /// C: channels of every residual block (512 in the paper).
    public var channels: Int = 128
    /// Residual blocks in each network.
    public var blocks: Int = 5
    /// Z: the size of the generator's noise vector.
    public var latentSize: Int = 128
    /// K: the kernel size of the residual convolutions (odd).
    public var kernelSize: Int = 5
    /// Layer norm inside the critic's residual blocks (no batch norm: it
    /// would couple the examples of the per-example penalty).
    public var criticLayerNorm: Bool = false

    public init(
        vocabularySize: Int, sequenceLength: Int = 32, channels: Int = 128, blocks: Int = 5,
        latentSize: Int = 128, kernelSize: Int = 5, criticLayerNorm: Bool = false
    ) {
        self.vocabularySize = vocabularySize
        self.sequenceLength = sequenceLength
        self.channels = channels
        self.blocks = blocks
        self.latentSize = latentSize
        self.kernelSize = kernelSize
        self.criticLayerNorm = criticLayerNorm
    }
}
