/// The offset of the first byte that does not begin a well-formed UTF-8 sequence, or `nil` if all are well formed.
///
/// Follows the Unicode Standard's table of well-formed byte sequences (§3.9, Table 3-7):
/// no overlong forms, no surrogates (U+D800…U+DFFF), nothing above U+10FFFF, no truncated
/// sequences. The offset is that of the sequence's first byte.
///
/// - Complexity: O(n), one pass; ASCII bytes cost one comparison each.
func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let n = bytes.count
    var i = 0
    while i < n {
        let lead = bytes[i]
        if lead < 0x80 {
            i += 1
            continue
        }
        // Second-byte range and sequence length for each lead byte (Table 3-7).
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return i
        }
        guard i + length <= n, (low...high).contains(bytes[i + 1]) else { return i }
        for k in 2..<length where !(0x80...0xBF).contains(bytes[i + k]) {
            return i
        }
        i += length
    }
    return nil
}

/// `bytes` with each maximal invalid subsequence replaced by U+FFFD (EF BF BD), as Swift's
/// `String(decoding:as:)` does, following the Unicode "substitution of maximal subparts" practice.
func repairingUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    Array(String(decoding: bytes, as: UTF8.self).utf8)
}
