/// A unit's identity: its code points (grapheme and scalar units) or its one byte value
/// (byte units), as `Int32` like utf8proc's `utf8proc_int32_t`.
///
/// Units are compared by these numbers, never as Swift `String`s: `String` equality is
/// canonical equivalence, which would merge "é" and e + U+0301 even when normalisation is off.
typealias UnitKey = [Int32]

enum UnitText {
    /// The printable, reversible spelling of a unit: its characters for grapheme and scalar
    /// units; for byte units the ASCII character itself below 0x80 and `<0xHH>` from 0x80 up.
    static func string(of key: some Collection<Int32>, unit: TokenUnit) -> String {
        if unit == .byte, let byte = key.first, (0...0xFF).contains(byte) {
            return byte < 0x80 ? String(Character(Unicode.Scalar(UInt8(byte)))) : "<0x\(hex(UInt8(truncatingIfNeeded: byte)))>"
        }
        var scalars = String.UnicodeScalarView()
        for code in key {
            scalars.append(Unicode.Scalar(UInt32(bitPattern: code)) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    /// The key spelled by `text`, or `nil` if `text` cannot be one `unit`
    /// (an empty string, several scalars for a scalar unit, anything but one ASCII
    /// character or `<0xHH>` with HH ≥ 80 for a byte unit).
    static func key(of text: String, unit: TokenUnit) -> UnitKey? {
        let scalars = text.unicodeScalars.map { Int32(bitPattern: $0.value) }
        switch unit {
        case .grapheme:
            return scalars.isEmpty ? nil : scalars
        case .scalar:
            return scalars.count == 1 ? scalars : nil
        case .byte:
            if scalars.count == 1, scalars[0] < 0x80 { return scalars }
            let utf8 = Array(text.utf8)
            guard utf8.count == 6, text.hasPrefix("<0x"), text.hasSuffix(">"),
                let value = UInt8(String(decoding: utf8[3..<5], as: UTF8.self), radix: 16),
                value >= 0x80, hex(value) == String(decoding: utf8[3..<5], as: UTF8.self)
            else { return nil }
            return [Int32(value)]
        }
    }
}

/// A map from unit keys to dense ids `0, 1, 2, …` in insertion order.
///
/// Single code points below U+10000 (and all bytes) are looked up in a flat array, so the
/// common case costs one load; longer keys (clusters, astral code points) go through a dictionary.
struct UnitTable: Sendable {
    private static let flatSize = 0x1_0000
    private var flat: [Int32]
    private var other: [UnitKey: Int32] = [:]
    /// id → key.
    private(set) var keys: [UnitKey] = []

    init() {
        flat = Array(repeating: -1, count: Self.flatSize)
    }

    /// The number of keys.
    var count: Int { keys.count }

    /// The id of `key`, or `nil` if it was never inserted.
    func id(of key: UnsafeBufferPointer<Int32>) -> Int32? {
        if key.count == 1, key[0] >= 0, Int(key[0]) < Self.flatSize {
            let id = flat[Int(key[0])]
            return id >= 0 ? id : nil
        }
        return other[Array(key)]
    }

    /// The id of `key`, or `nil` if it was never inserted.
    func id(of key: UnitKey) -> Int32? {
        key.withUnsafeBufferPointer { id(of: $0) }
    }

    /// The id of `key`, inserting it with the next id if it is new.
    mutating func insert(_ key: UnsafeBufferPointer<Int32>) -> Int32 {
        if key.count == 1, key[0] >= 0, Int(key[0]) < Self.flatSize {
            let existing = flat[Int(key[0])]
            if existing >= 0 { return existing }
            let id = Int32(keys.count)
            flat[Int(key[0])] = id
            keys.append(Array(key))
            return id
        }
        let array = Array(key)
        if let existing = other[array] { return existing }
        let id = Int32(keys.count)
        other[array] = id
        keys.append(array)
        return id
    }

    /// The id of `key`, inserting it with the next id if it is new.
    @discardableResult
    mutating func insert(_ key: UnitKey) -> Int32 {
        key.withUnsafeBufferPointer { insert($0) }
    }
}
