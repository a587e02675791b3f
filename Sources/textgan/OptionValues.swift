import ArgumentParser

/// Checks of one option's value, used as `@Option(transform:)`. ArgumentParser names the
/// option in the message itself ("The value '0' is invalid for '--dim <dim>': must be at
/// least 1"), so no option's name is typed a second time beside its property.
enum OptionValue {
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// An integer n ≥ 1.
    static func positive(_ text: String) throws -> Int { try integer(text, "must be at least 1") { $0 >= 1 } }

    /// An integer n ≥ 0.
    static func nonNegative(_ text: String) throws -> Int { try integer(text, "must be 0 or more") { $0 >= 0 } }

    /// An odd integer n ≥ 1 (a kernel size with same padding).
    static func oddPositive(_ text: String) throws -> Int { try integer(text, "must be odd and positive") { $0 >= 1 && $0 % 2 == 1 } }

    /// A finite number x > 0.
    static func positiveNumber(_ text: String) throws -> Double { try number(text, "must be a finite number > 0") { $0 > 0 } }

    /// A finite number x ≥ 0.
    static func nonNegativeNumber(_ text: String) throws -> Double { try number(text, "must be a finite number ≥ 0") { $0 >= 0 } }

    /// A decay: a number in [0, 1), 0 meaning none.
    static func decayOrZero(_ text: String) throws -> Double { try number(text, "must lie in [0, 1) (0: none)") { $0 >= 0 && $0 < 1 } }

    /// `arguments` with every negative number that follows a long option joined to it:
    /// `--gamma -1` becomes `--gamma=-1`. ArgumentParser reads a lone `-1` as a short
    /// option and answers "Missing value for '--gamma'"; joined, the option's own check
    /// says what is wrong with the value. Nothing after a `--` terminator is touched.
    static func joiningNegativeNumbers(_ arguments: [String]) -> [String] {
        var joined: [String] = []
        for argument in arguments {
            if let option = joined.last, option.hasPrefix("--"), option.count > 2, !option.contains("="),
               !joined.contains("--"), isNegativeNumber(argument) {
                joined[joined.count - 1] = option + "=" + argument
            } else {
                joined.append(argument)
            }
        }
        return joined
    }

    /// `-1`, `-0.5`, `-.5`, `-1e-3`, `-inf`, `-nan`: text a number parser reads as negative,
    /// which no textgan option name looks like.
    private static func isNegativeNumber(_ text: String) -> Bool {
        guard text.hasPrefix("-"), text.count > 1 else { return false }
        let rest = text.dropFirst()
        return rest.first!.isNumber || rest.hasPrefix(".") || ["inf", "infinity", "nan"].contains(rest.lowercased())
    }

    private static func integer(_ text: String, _ requirement: String, _ holds: (Int) -> Bool) throws -> Int {
        guard let n = Int(text) else { throw Invalid(description: "not a whole number") }
        guard holds(n) else { throw Invalid(description: requirement) }
        return n
    }

    private static func number(_ text: String, _ requirement: String, _ holds: (Double) -> Bool) throws -> Double {
        guard let x = Double(text), x.isFinite else { throw Invalid(description: "not a finite number") }
        guard holds(x) else { throw Invalid(description: requirement) }
        return x
    }
}
/// The command-line names of the options set in a group of arguments, derived from its
/// property names the way ArgumentParser derives them (`criticIterations` is
/// `--critic-iterations`), so that no name is typed twice.
enum OptionNames {
    /// Properties whose option has a custom long name (`@Option(name: .customLong(…))`).
    static let customLongNames = ["sequenceLength": "seq-len"]

    /// `--name` of every optional option that holds a value and every flag that is on in
    /// `arguments`, in declaration order, but for the properties in `except`.
    static func given(in arguments: some ParsableArguments, except: Set<String> = []) -> [String] {
        Mirror(reflecting: arguments).children.compactMap { child in
            guard let label = child.label, label.hasPrefix("_") else { return nil }
            let property = String(label.dropFirst())
            // An unset Optional option describes itself as "nil", an unset flag as "false".
            let value = String(describing: child.value)
            guard !except.contains(property), value != "nil", value != "false" else { return nil }
            return "--" + longName(of: property)
        }
    }

    /// `criticIterations` → `critic-iterations`.
    static func longName(of property: String) -> String {
        if let custom = customLongNames[property] { return custom }
        return property.reduce(into: "") { name, c in
            if c.isUppercase { name += "-" + c.lowercased() } else { name.append(c) }
        }
    }
}
