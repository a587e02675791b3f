import ArgumentParser
import Tokenize

// Tokenize's option enums are spelled on the command line by their raw values
// (`--normalization nfkc`, `--unit byte`, `--invalid-utf8 skip-line`).
extension Normalization: ExpressibleByArgument {}
extension TokenUnit: ExpressibleByArgument {}
extension InvalidUTF8Policy: ExpressibleByArgument {}
