import CUtf8proc

/// The working part of a ``Tokenizer``: normalises one line of valid UTF-8 with utf8proc
/// and hands out its units as keys, reusing its buffers from line to line.
///
/// Pipeline per line: strip controls (optional, on the UTF-8 bytes) → decompose with
/// `utf8proc_decompose_custom` (canonical or compatibility, with case folding) →
/// compose with `utf8proc_normalize_utf32` → cut with `utf8proc_grapheme_break_stateful`
/// (grapheme units), one unit per code point (scalar units) or re-encode to UTF-8
/// (byte units). Pure-ASCII lines skip utf8proc: ASCII is already NFC and NFKC, folds by
/// A–Z → a–z, and every ASCII character is its own grapheme cluster except CR LF
/// (GB3 is the only rule that joins two ASCII characters).
struct Segmenter {
    let options: TokenizerOptions
    private let flags: utf8proc_option_t
    /// The units are the raw bytes: no normalisation, folding or stripping to apply.
    private let rawBytes: Bool
    /// Normalised code points of the current line.
    private var codes: [Int32] = Array(repeating: 0, count: 256)
    /// Scratch UTF-8 for stripped lines and for byte units.
    private var scratch: [UInt8] = []
    private var stripped: [UInt8] = []

    init(options: TokenizerOptions) {
        self.options = options
        var flags: UInt32 = 0
        switch options.normalization {
        case .nfc: flags = UTF8PROC_STABLE.rawValue | UTF8PROC_COMPOSE.rawValue
        case .nfkc: flags = UTF8PROC_STABLE.rawValue | UTF8PROC_COMPOSE.rawValue | UTF8PROC_COMPAT.rawValue
        case .none: flags = 0
        }
        if options.caseFold { flags |= UTF8PROC_CASEFOLD.rawValue }
        self.flags = utf8proc_option_t(rawValue: flags)
        rawBytes = options.unit == .byte && options.normalization == .none && !options.caseFold && !options.stripControls
    }

    /// Calls `body` once per unit of `utf8`, in order, with the unit's key.
    ///
    /// - Precondition: `utf8` is well-formed UTF-8 (see ``firstInvalidUTF8Offset(_:)``).
    mutating func forEachUnit(_ utf8: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<Int32>) -> Void) {
        if rawBytes {
            var one: Int32 = 0
            for byte in utf8 {
                one = Int32(byte)
                withUnsafePointer(to: &one) { body(UnsafeBufferPointer(start: $0, count: 1)) }
            }
            return
        }
        let (count, ascii) = normalize(utf8)
        switch options.unit {
        case .scalar:
            codes.withUnsafeBufferPointer { codes in
                for i in 0..<count { body(UnsafeBufferPointer(rebasing: codes[i..<(i + 1)])) }
            }
        case .grapheme:
            codes.withUnsafeBufferPointer { codes in
                guard count > 0 else { return }
                if ascii {
                    var i = 0
                    while i < count {
                        let length = codes[i] == 0x0D && i + 1 < count && codes[i + 1] == 0x0A ? 2 : 1
                        body(UnsafeBufferPointer(rebasing: codes[i..<(i + length)]))
                        i += length
                    }
                    return
                }
                var state: Int32 = 0
                var start = 0
                for i in 1..<max(count, 1) where utf8proc_grapheme_break_stateful(codes[i - 1], codes[i], &state) {
                    body(UnsafeBufferPointer(rebasing: codes[start..<i]))
                    start = i
                }
                body(UnsafeBufferPointer(rebasing: codes[start..<count]))
            }
        case .byte:
            scratch.removeAll(keepingCapacity: true)
            for i in 0..<count {
                let scalar = Unicode.Scalar(UInt32(bitPattern: codes[i])) ?? "\u{FFFD}"
                UTF8.encode(scalar) { scratch.append($0) }
            }
            var one: Int32 = 0
            for byte in scratch {
                one = Int32(byte)
                withUnsafePointer(to: &one) { body(UnsafeBufferPointer(start: $0, count: 1)) }
            }
        }
    }

    /// The normalised code points of `utf8`, as a string (for tests and for `Tokenizer.normalized`).
    mutating func normalizedScalars(_ utf8: UnsafeBufferPointer<UInt8>) -> [Int32] {
        let (count, _) = normalize(utf8)
        return Array(codes[0..<count])
    }

    /// Normalises `utf8` into `codes`; returns the number of code points and whether the line was pure ASCII.
    private mutating func normalize(_ utf8: UnsafeBufferPointer<UInt8>) -> (count: Int, ascii: Bool) {
        if options.stripControls && Self.containsControl(utf8) {
            stripped.removeAll(keepingCapacity: true)
            Self.appendStrippingControls(utf8, to: &stripped)
            let line = stripped
            return line.withUnsafeBufferPointer { normalizeClean($0) }
        }
        return normalizeClean(utf8)
    }

    private mutating func normalizeClean(_ utf8: UnsafeBufferPointer<UInt8>) -> (count: Int, ascii: Bool) {
        let n = utf8.count
        if codes.count < n { codes = Array(repeating: 0, count: max(n, 2 * codes.count)) }
        var ascii = true
        for byte in utf8 where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            let fold = options.caseFold
            codes.withUnsafeMutableBufferPointer { codes in
                for i in 0..<n {
                    let byte = utf8[i]
                    codes[i] = Int32(fold && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                }
            }
            return (n, true)
        }
        guard let base = utf8.baseAddress else { return (0, true) }
        while true {
            let capacity = codes.count
            let result = codes.withUnsafeMutableBufferPointer { codes in
                utf8proc_decompose_custom(base, n, codes.baseAddress, capacity, flags, nil, nil)
            }
            // Only overflow of utf8proc_ssize_t or invalid UTF-8 make this negative; the caller
            // validated the bytes and a line is far shorter than 2^61 bytes.
            precondition(result >= 0, "utf8proc_decompose_custom: \(String(cString: utf8proc_errmsg(result))) on valid UTF-8 of \(n) bytes")
            if result > capacity {
                codes = Array(repeating: 0, count: result)
                continue
            }
            guard flags.rawValue & UTF8PROC_COMPOSE.rawValue != 0 else { return (result, false) }
            let composed = codes.withUnsafeMutableBufferPointer { codes in
                utf8proc_normalize_utf32(codes.baseAddress, result, flags)
            }
            precondition(composed >= 0, "utf8proc_normalize_utf32: \(String(cString: utf8proc_errmsg(composed)))")
            return (composed, false)
        }
    }

    /// Whether `utf8` holds a control character (Cc) other than tab: C0 (U+0000…U+001F),
    /// DEL (U+007F) or C1 (U+0080…U+009F, encoded C2 80…C2 9F).
    static func containsControl(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in utf8 {
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F || (previous == 0xC2 && byte <= 0x9F && byte >= 0x80) {
                return true
            }
            previous = byte
        }
        return false
    }

    /// Appends `utf8` without its control characters other than tab. In well-formed UTF-8,
    /// bytes below 0x80 never occur inside a multi-byte sequence and C2 is always a lead byte,
    /// so the bytes can be filtered without decoding.
    static func appendStrippingControls(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var i = 0
        while i < utf8.count {
            let byte = utf8[i]
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
                i += 1
            } else if byte == 0xC2, i + 1 < utf8.count, (0x80...0x9F).contains(utf8[i + 1]) {
                i += 2
            } else {
                out.append(byte)
                i += 1
            }
        }
    }
}
