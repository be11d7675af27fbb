/// A path glob with `/` as separator: `*` matches within one segment, `**` across segments, and
/// `{a,b}` alternatives, as gobwas/glob reads the deny-list patterns.
struct GlobPattern {
  let pattern: [Character]

  init(_ text: String) { pattern = Array(text) }

  func matches(_ text: String) -> Bool {
    let alternatives = expand(pattern[...])
    let subject = Array(text)
    return alternatives.contains { GlobPattern.match($0[...], subject[...]) }
  }

  /// The pattern with `{…}` groups multiplied out.
  private func expand(_ part: ArraySlice<Character>) -> [[Character]] {
    guard let open = part.firstIndex(of: "{"), let close = part[open...].firstIndex(of: "}") else {
      return [Array(part)]
    }
    let head = Array(part[part.startIndex..<open])
    let options = part[(open + 1)..<close].split(separator: ",", omittingEmptySubsequences: false)
    let tails = expand(part[(close + 1)...])
    return options.flatMap { option in tails.map { head + Array(option) + $0 } }
  }

  private static func match(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool
  {
    guard let first = pattern.first else { return text.isEmpty }
    if first == "*" {
      let doubled = pattern.dropFirst().first == "*"
      let rest = pattern.dropFirst(doubled ? 2 : 1)
      var index = text.startIndex
      while true {
        if match(rest, text[index...]) { return true }
        guard index < text.endIndex, doubled || text[index] != "/" else { return false }
        index += 1
      }
    }
    guard let character = text.first, character == first else { return false }
    return match(pattern.dropFirst(), text.dropFirst())
  }
}
