// Helpers for the metrics' input: rows of token ids, one row per example.
// Rows are `[[Int32]]`; generators and batchers hand out a flat `[B·T]`
// buffer, which `init(splitting:rowLength:)` turns into rows.

extension Array where Element == [Int32] {
    /// Splits a flat row-major buffer `[B·T]` into `B` rows of `T` ids.
    ///
    ///     [[Int32]](splitting: [1, 2, 3, 4, 5, 6], rowLength: 3)  // [[1, 2, 3], [4, 5, 6]]
    ///
    /// - Precondition: `rowLength > 0` and `flat.count` is a multiple of it.
    /// - Complexity: O(B·T).
    public init(splitting flat: [Int32], rowLength: Int) {
        precondition(rowLength > 0, "splitting: rowLength must be positive, got \(rowLength)")
        precondition(flat.count % rowLength == 0,
                     "splitting: \(flat.count) ids are not a whole number of rows of \(rowLength)")
        self = stride(from: 0, to: flat.count, by: rowLength).map {
            Array<Int32>(flat[$0..<($0 + rowLength)])
        }
    }
}

extension Array where Element == Int32 {
    /// The row without its trailing run of `pad` (the whole row if `pad` is
    /// `nil`): `[5, 6, 0, 7, 0, 0]` with pad `0` gives `[5, 6, 0, 7]`. Pads
    /// inside the text are kept.
    ///
    /// - Complexity: O(number of trailing pads).
    public func droppingTrailing(_ pad: Int32?) -> ArraySlice<Int32> {
        guard let pad else { return self[...] }
        var end = endIndex
        while end > startIndex && self[end - 1] == pad { end -= 1 }
        return self[startIndex..<end]
    }
}
