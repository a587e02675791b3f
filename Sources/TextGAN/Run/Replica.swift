import Foundation

extension GANTrainer {
    /// An independent copy of the whole training state (weights, optimiser moments, weight
    /// average, spectral-norm vectors, random streams, batch order), made through the
    /// checkpoint format, the path every exact resume takes: a ``ThreadTeam`` member's own
    /// trainer, which shares nothing mutable with this one. Its communicator is the default.
    public func replica() throws -> GANTrainer {
        let sampler = self.sampler
        return try GANTrainer(checkpoint: SafeTensors(data: checkpointData()), path: "a replica of the trainer", data: data) { _ in sampler }
    }
}
