import Foundation
import ArgumentParser
import TextGAN

/// The options that make one run of `compare` differ from another: every `train`
/// option of the model, the schedule, the optimiser and the penalty. `--vary`
/// values are parsed by this type, so they take exactly `train`'s names and values.
struct RunFlags: ParsableArguments {
    @OptionGroup var model: ModelFlags
    @OptionGroup var training: TrainingFlags
    @OptionGroup var penaltyAndSeed: PenaltySeedFlags
}

/// One `--vary NAME=v1,v2,…`: a `train` option and the values it takes in turn.
///
/// A value is passed to the option as written (`--NAME v`), except `default`,
/// which leaves the option unset, and `true`/`false` for an option without a
/// value (`--critic-layer-norm`). `--betas` takes `B1/B2` here, as the comma
/// separates values.
///
/// Options joined by `+` vary together, value by value: `preset+iterations=standard+30000,reference+2000`
/// makes two configurations, not four (to give each its own length, say).
///
/// A value may be named, `LABEL:VALUE` (`control:gp+default,sn:none+critic`): the label
/// then stands for that value in the report and in its runs' directory names, in place
/// of `NAME=VALUE`.
struct Variation: Equatable {
    /// The option, or options joined by `+`.
    let name: String
    let values: [String]
    /// The label of each value, nil where it has none.
    let labels: [String?]

    /// The options this variation sets: one, or several varied together.
    var names: [String] { name.split(separator: "+").map(String.init) }

    /// `(option, value)` of every option `value` of this variation sets.
    func settings(for value: String) -> [(name: String, value: String)] { Self.settings(name: name, value: value) }

    /// `(option, value)` of every option that the variation `name` (options joined by `+`)
    /// sets to `value` (values joined by `+`).
    static func settings(name: String, value: String) -> [(name: String, value: String)] {
        let names = name.split(separator: "+").map(String.init)
        let parts = names.count == 1 ? [value] : value.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        return Array(zip(names, parts))
    }

    /// Parses `NAME=v1,v2,…` and checks every value against `train`'s own parser.
    /// - Throws: ``ValidationError`` with one line naming the option and the value.
    init(parsing text: String) throws {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else {
            throw ValidationError("--vary takes NAME=v1,v2,… (a train option and its values), got '\(text)'")
        }
        name = parts[0].hasPrefix("--") ? String(parts[0].dropFirst(2)) : parts[0]
        let entries = parts[1].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let named = try entries.map { [name] entry in try Self.label(of: entry, option: name) }
        values = named.map(\.value)
        labels = named.map(\.label)
        guard !values.contains(where: \.isEmpty) else { throw ValidationError("--vary \(name): an empty value in '\(parts[1])'") }
        guard Set(values).count == values.count else { throw ValidationError("--vary \(name): a value is listed twice in '\(parts[1])'") }
        let given = labels.compactMap { $0 }
        guard Set(given).count == given.count else { throw ValidationError("--vary \(name): a label is given twice in '\(parts[1])'") }
        if names.contains("seed") { throw ValidationError("--vary seed: seeds come from --seeds N, which runs every configuration with seeds 1…N") }
        guard !names.contains(where: \.isEmpty), Set(names).count == names.count else {
            throw ValidationError("--vary \(name): options varied together are distinct names joined by +")
        }
        for value in values where value.split(separator: "+", omittingEmptySubsequences: false).count != names.count {
            throw ValidationError("--vary \(name)=\(value): give \(names.count) values joined by +, one for each of \(names.joined(separator: ", "))")
        }
        for value in values {
            do {
                _ = try RunFlags.parse(try arguments(for: value))
            } catch {
                throw ValidationError("--vary \(name)=\(value): \(RunFlags.message(for: error))")
            }
        }
    }

    /// `LABEL:VALUE` split, or `VALUE` with no label. A label names directories, so it
    /// takes letters, digits, `.`, `-` and `_`, and starts with a letter or digit.
    static func label(of entry: String, option: String) throws -> (label: String?, value: String) {
        guard let colon = entry.firstIndex(of: ":") else { return (nil, entry) }
        let label = String(entry[..<colon]), value = String(entry[entry.index(after: colon)...])
        let allowed = label.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-_".unicodeScalars.contains($0)) }
        guard allowed, let first = label.unicodeScalars.first, CharacterSet.alphanumerics.contains(first) else {
            throw ValidationError("--vary \(option): the label '\(label)' in '\(entry)' names run directories; use letters, digits, '.', '-' and '_'")
        }
        return (label, value)
    }

    /// The `train` arguments that set this variation's options to `value`.
    func arguments(for value: String) throws -> [String] {
        try settings(for: value).flatMap { try Self.arguments(name: $0.name, value: $0.value) }
    }

    /// The `train` arguments that set the option `name` to `value`.
    static func arguments(name: String, value: String) throws -> [String] {
        switch value {
        case "default": return []
        case "true", "false":
            // An option without a value takes true/false; one with a value takes them as written.
            if (try? RunFlags.parse(["--\(name)"])) != nil { return value == "true" ? ["--\(name)"] : [] }
            return ["--\(name)=\(value)"]
        default:
            // Joined, so that a value such as -1 is not read as an option.
            return ["--\(name)=\(value)"]
        }
    }
}

/// One configuration of a comparison: a value for every varied option.
struct RunVariant: Equatable {
    /// `(option, value, label)` in the order the options were varied; the label is the
    /// value's name from `--vary NAME=LABEL:VALUE`, if it has one.
    let settings: [(name: String, value: String, label: String?)]

    static func == (a: RunVariant, b: RunVariant) -> Bool {
        a.settings.map(\.name) == b.settings.map(\.name) && a.settings.map(\.value) == b.settings.map(\.value)
            && a.settings.map(\.label) == b.settings.map(\.label)
    }

    /// The cross product of `variations`, the first option varying slowest.
    static func crossProduct(_ variations: [Variation]) -> [RunVariant] {
        variations.reduce([RunVariant(settings: [])]) { variants, variation in
            variants.flatMap { v in
                zip(variation.values, variation.labels).map { RunVariant(settings: v.settings + [(variation.name, $0, $1)]) }
            }
        }
    }

    /// `(option, value)` of every option it sets, options varied together apart.
    var options: [(name: String, value: String)] {
        settings.flatMap { Variation.settings(name: $0.name, value: $0.value) }
    }

    /// The name of its run directories and its row in the report: the penalty alone when
    /// only the penalty varies (as `--penalties` always named them), else for each varied
    /// option its value's label or its `name=value` pairs, joined by `_`, e.g.
    /// `critic-lr=0.0003_critic-iterations=1` or `sn_critic-iterations=1`.
    var label: String {
        if settings.count == 1, settings[0].name == "penalty", settings[0].label == nil { return settings[0].value }
        return settings.map { setting in
            setting.label ?? Variation.settings(name: setting.name, value: setting.value).map { "\($0.name)=\($0.value)" }.joined(separator: "_")
        }.joined(separator: "_")
    }

    /// The run directory of `seed` inside a comparison's directory: the label with `/`
    /// (as in `betas=0/0.9`) written `,`, so that every run is one directory deep.
    func runName(seed: Int) -> String { "\(label.replacingOccurrences(of: "/", with: ","))-seed\(seed)" }

    /// The parsed options of this configuration.
    func flags(_ variations: [Variation]) throws -> RunFlags {
        var arguments: [String] = []
        for (setting, variation) in zip(settings, variations) { arguments += try variation.arguments(for: setting.value) }
        return try RunFlags.parse(arguments)
    }
}
