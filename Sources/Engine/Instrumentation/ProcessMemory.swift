import Foundation

/// The process's memory use, from `/proc/self/status` (Linux).
public enum ProcessMemory {
    /// Peak resident set size (`VmHWM`) in bytes, or nil where unavailable.
    public static var peakResidentBytes: Int? { field("VmHWM") }

    /// Current resident set size (`VmRSS`) in bytes.
    public static var residentBytes: Int? { field("VmRSS") }

    /// Total physical memory (`MemTotal` of `/proc/meminfo`) in bytes.
    public static var physicalBytes: Int? { field("MemTotal", file: "/proc/meminfo") }

    private static func field(_ name: String, file: String = "/proc/self/status") -> Int? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}
