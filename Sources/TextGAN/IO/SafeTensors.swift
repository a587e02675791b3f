import Foundation

/// Errors reading a safetensors file; each names what was wrong.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable {
    case tooShort(bytes: Int)
    case headerSize(declared: UInt64, available: Int)
    case malformedHeader(String)
    case badEntry(name: String, reason: String)
    case missingTensor(String)

    public var description: String {
        switch self {
        case .tooShort(let n): return "not a safetensors file: \(n) bytes, fewer than the 8-byte header length"
        case .headerSize(let declared, let available):
            return "corrupt safetensors file: header of \(declared) bytes declared, but \(available) bytes are available (limit \(SafeTensors.maximumHeaderSize))"
        case .malformedHeader(let reason): return "corrupt safetensors header: \(reason)"
        case .badEntry(let name, let reason): return "corrupt safetensors entry '\(name)': \(reason)"
        case .missingTensor(let name): return "the file has no tensor named '\(name)'"
        }
    }
}

/// The safetensors format (Hugging Face): an 8-byte little-endian header
/// length `N`, `N` bytes of JSON mapping each tensor name to
/// `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets into the data
/// that follows) plus an optional `"__metadata__"` map of strings, then the
/// raw little-endian data. Readable from Python with `safetensors.numpy.load_file`.
///
/// Reading treats the file as untrusted: the header size is bounded, every
/// entry's dtype, shape and byte range are checked against the file before
/// any tensor is built, and ranges may not overlap.
public struct SafeTensors {
    /// Headers larger than this are rejected before they are parsed.
    public static let maximumHeaderSize = 16 << 20

    public struct Entry: Equatable, Sendable {
        public let dtype: String
        public let shape: [Int]
        public let range: Range<Int>
    }

    public let entries: [String: Entry]
    public let metadata: [String: String]
    /// Bytes of tensor data after the header.
    public var dataSize: Int { data.count - dataStart }
    private let data: Data
    private let dataStart: Int

    /// Serialises tensors (in the given order) and string metadata.
    public static func encode(_ tensors: [(name: String, tensor: Tensor<Float>)], metadata: [String: String]) -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for (name, t) in tensors {
            let bytes = t.count * MemoryLayout<Float>.size
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        var json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data("{}".utf8)
        while json.count % 8 != 0 { json.append(0x20) }  // pad with spaces: data stays 8-byte aligned
        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for (_, t) in tensors {
            t.withUnsafeBufferPointer { p in
                p.withMemoryRebound(to: UInt8.self) { out.append($0) }  // x86-64 and arm64 are little-endian
            }
        }
        return out
    }

    /// Parses and validates a file's bytes.
    public init(data: Data) throws {
        guard data.count >= 8 else { throw SafeTensorsError.tooShort(bytes: data.count) }
        let declared = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard declared <= UInt64(min(SafeTensors.maximumHeaderSize, data.count - 8)) else {
            throw SafeTensorsError.headerSize(declared: declared, available: data.count - 8)
        }
        let headerEnd = 8 + Int(declared)
        let headerBytes = data.subdata(in: (data.startIndex + 8)..<(data.startIndex + headerEnd))
        guard let object = try? JSONSerialization.jsonObject(with: headerBytes), let header = object as? [String: Any] else {
            throw SafeTensorsError.malformedHeader("not a JSON object")
        }
        let dataSize = data.count - headerEnd
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard let map = value as? [String: String] else { throw SafeTensorsError.malformedHeader("__metadata__ is not a map of strings") }
                metadata = map
                continue
            }
            entries[name] = try SafeTensors.parseEntry(name: name, value, dataSize: dataSize)
        }
        let sorted = entries.sorted { $0.value.range.lowerBound < $1.value.range.lowerBound }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.value.range.upperBound > b.value.range.lowerBound {
            throw SafeTensorsError.badEntry(name: b.key, reason: "its bytes overlap those of '\(a.key)'")
        }
        // As the format requires, the tensors tile the data section: a gap or a tail means a
        // wrong header length or a damaged file, whose tensors would be read shifted.
        var covered = 0
        for (name, entry) in sorted {
            guard entry.range.lowerBound == covered else {
                throw SafeTensorsError.badEntry(name: name, reason: "it starts at byte \(entry.range.lowerBound) of the data, not \(covered) where the previous tensor ends")
            }
            covered = entry.range.upperBound
        }
        guard covered == dataSize else {
            throw SafeTensorsError.malformedHeader("the tensors cover \(covered) of the \(dataSize) data bytes; the header length or the file is wrong")
        }
        self.entries = entries
        self.metadata = metadata
        self.data = data
        self.dataStart = headerEnd
    }

    private static func parseEntry(name: String, _ value: Any, dataSize: Int) throws -> Entry {
        guard let fields = value as? [String: Any] else { throw SafeTensorsError.badEntry(name: name, reason: "not an object") }
        guard let dtype = fields["dtype"] as? String else { throw SafeTensorsError.badEntry(name: name, reason: "no dtype") }
        guard dtype == "F32" else { throw SafeTensorsError.badEntry(name: name, reason: "dtype \(dtype), expected F32") }
        guard let shapeValues = fields["shape"] as? [Any], shapeValues.count <= 8 else {
            throw SafeTensorsError.badEntry(name: name, reason: "shape missing or of rank above 8")
        }
        var shape: [Int] = []
        var count = 1
        for s in shapeValues {
            guard let n = (s as? NSNumber).map({ $0.int64Value }), n >= 0, n <= Int64(dataSize) else {
                throw SafeTensorsError.badEntry(name: name, reason: "invalid size \(s) in shape")
            }
            shape.append(Int(n))
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(n))
            guard !overflow, product <= dataSize else { throw SafeTensorsError.badEntry(name: name, reason: "shape \(shape) larger than the file") }
            count = product
        }
        guard let offsets = fields["data_offsets"] as? [Any], offsets.count == 2,
              let begin = (offsets[0] as? NSNumber)?.int64Value, let end = (offsets[1] as? NSNumber)?.int64Value,
              begin >= 0, begin <= end, end <= Int64(dataSize)
        else { throw SafeTensorsError.badEntry(name: name, reason: "data_offsets missing or outside the \(dataSize) data bytes") }
        guard end - begin == Int64(count * MemoryLayout<Float>.size) else {
            throw SafeTensorsError.badEntry(name: name, reason: "\(end - begin) bytes for shape \(shape) of F32")
        }
        return Entry(dtype: dtype, shape: shape, range: Int(begin)..<Int(end))
    }

    /// The tensor called `name`.
    public func tensor(named name: String) throws -> Tensor<Float> {
        guard let entry = entries[name] else { throw SafeTensorsError.missingTensor(name) }
        var scalars = [Float](repeating: 0, count: entry.range.count / MemoryLayout<Float>.size)
        let start = data.startIndex + dataStart + entry.range.lowerBound
        scalars.withUnsafeMutableBytes { out in
            _ = data.copyBytes(to: out, from: start..<(start + entry.range.count))
        }
        return Tensor(shape: entry.shape, scalars: scalars)
    }

    /// The tensor called `name`, which must have `shape`.
    public func tensor(named name: String, shape: [Int]) throws -> Tensor<Float> {
        guard let entry = entries[name] else { throw SafeTensorsError.missingTensor(name) }
        guard entry.shape == shape else {
            throw SafeTensorsError.badEntry(name: name, reason: "shape \(entry.shape), expected \(shape)")
        }
        return try tensor(named: name)
    }
}
