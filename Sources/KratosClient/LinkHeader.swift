/// Parses HTTP `Link` headers (RFC 8288) as Kratos and proxies send them.
///
/// Kratos writes `</admin/identities?page_size=2&page_token=…>; rel="first",</…>; rel="next"`:
/// relative targets, links separated by a comma with no space. The parser also copes with
/// absolute targets, spaces, unquoted and quoted parameters (with escapes and commas inside the
/// quotes), several `rel` values in one parameter, links without `rel` and garbage between links.
public enum LinkHeader {
  /// One link: its target as written and its parameters, names in lower case.
  public struct Link: Sendable, Equatable {
    public var target: String
    public var parameters: [String: String]

    /// The relation types of the link, lower case; empty when it has no `rel`.
    public var relations: [String] {
      (parameters["rel"] ?? "").lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
    }
  }

  /// Every well-formed link in one header value, in order.
  public static func parse(_ value: String) -> [Link] {
    var scanner = Scanner(Array(value.unicodeScalars))
    var links: [Link] = []
    while true {
      scanner.skip { $0 == "," || $0.properties.isWhitespace }
      guard let scalar = scanner.peek() else { break }
      guard scalar == "<" else {
        scanner.skipToNextLink()
        continue
      }
      scanner.advance()
      guard let target = scanner.read(until: { $0 == ">" }) else { break }
      scanner.advance()
      let trimmedTarget = target.trimmingCharactersInWhitespace()
      let parameters = scanner.readParameters()
      if !trimmedTarget.isEmpty {
        links.append(Link(target: trimmedTarget, parameters: parameters))
      }
    }
    return links
  }

  /// The target of the first link with relation `next` across all `values`, or `nil`.
  public static func nextTarget(in values: [String]) -> String? {
    for value in values {
      if let link = parse(value).first(where: { $0.relations.contains("next") }) {
        return link.target
      }
    }
    return nil
  }

  /// The query part of a link target, without `?` and fragment; `nil` when it has none.
  static func query(of target: String) -> String? {
    let withoutFragment =
      target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
      .first ?? ""
    guard let mark = withoutFragment.firstIndex(of: "?") else { return nil }
    let query = withoutFragment[withoutFragment.index(after: mark)...]
    return query.isEmpty ? nil : String(query)
  }

  /// A cursor over the scalars of one header value; every method consumes input or stops.
  private struct Scanner {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    mutating func advance() { index += 1 }

    mutating func skip(while predicate: (Unicode.Scalar) -> Bool) {
      while let scalar = peek(), predicate(scalar) { index += 1 }
    }

    /// Reads up to (not including) the first scalar matching `stop`; `nil` if there is none.
    mutating func read(until stop: (Unicode.Scalar) -> Bool) -> String? {
      let start = index
      while let scalar = peek(), !stop(scalar) { index += 1 }
      guard index < scalars.count else { return nil }
      return String(String.UnicodeScalarView(scalars[start..<index]))
    }

    /// Skips a malformed piece up to the next comma outside quotes.
    mutating func skipToNextLink() {
      var quoted = false
      while let scalar = peek() {
        if scalar == "\"" { quoted.toggle() }
        if scalar == ",", !quoted { return }
        index += 1
      }
    }

    /// Reads `; name=value` pairs until the comma that ends the link; the first of a name wins.
    mutating func readParameters() -> [String: String] {
      var parameters: [String: String] = [:]
      while true {
        skip { $0.properties.isWhitespace }
        guard let scalar = peek(), scalar != "," else { return parameters }
        guard scalar == ";" else {
          skipToNextLink()
          return parameters
        }
        advance()
        skip { $0.properties.isWhitespace }
        let nameStart = index
        skip { !($0 == "=" || $0 == ";" || $0 == "," || $0.properties.isWhitespace) }
        let name = String(String.UnicodeScalarView(scalars[nameStart..<index])).lowercased()
        skip { $0.properties.isWhitespace }
        var value = ""
        if peek() == "=" {
          advance()
          skip { $0.properties.isWhitespace }
          value = peek() == "\"" ? readQuoted() : readToken()
        }
        if !name.isEmpty, parameters[name] == nil { parameters[name] = value }
      }
    }

    mutating func readToken() -> String {
      let start = index
      skip { !($0 == ";" || $0 == "," || $0.properties.isWhitespace) }
      return String(String.UnicodeScalarView(scalars[start..<index]))
    }

    /// Reads a quoted string with backslash escapes; an unterminated one runs to the end.
    mutating func readQuoted() -> String {
      advance()
      var out = String.UnicodeScalarView()
      while let scalar = peek() {
        advance()
        if scalar == "\"" { break }
        if scalar == "\\", let escaped = peek() {
          advance()
          out.append(escaped)
        } else {
          out.append(scalar)
        }
      }
      return String(out)
    }
  }
}
