import Testing
@testable import TextGAN

/// Misuse of the engine traps with a message naming the op and the shapes.
/// Each case runs in a child process (Swift Testing exit tests).
@Suite struct PreconditionTests {
    static func stderrText(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func matmulInnerDimensionMismatchNamesTheShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>.zeros([2, 5]).matmul(Tensor<Float>.zeros([3, 5]))
        }
        #expect(Self.stderrText(result).contains("matmul: inner dimensions differ: [2, 5] × [3, 5]"))
    }

    @Test func broadcastMismatchNamesTheShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>.zeros([2, 3]) + Tensor<Float>.zeros([4])
        }
        #expect(Self.stderrText(result).contains("add: shapes [2, 3] and [4] do not broadcast"))
    }

    @Test func axisOutOfRangeNamesTheAxis() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>.zeros([2, 3]).sum(alongAxes: [2])
        }
        #expect(Self.stderrText(result).contains("sum: axis 2 out of range for rank 2"))
    }

    @Test func conv1dChannelMismatchNamesTheShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>.zeros([1, 8, 3]).conv1d(Tensor<Float>.zeros([5, 4, 2]), padding: .same(kernelSize: 5))
        }
        #expect(Self.stderrText(result).contains("conv1d: input channels 3 ≠ weight's Cin 4"))
    }
}
