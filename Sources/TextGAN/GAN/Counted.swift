/// `count` and a noun, the noun plural unless the count is one: `counted(1, "seed")` is
/// "1 seed", `counted(3, "thread")` "3 threads" (nouns whose plural adds an s).
public func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
