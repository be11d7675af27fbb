/// How Kratos normalises login identifiers before storing and looking them up.
public enum LoginIdentifier {
  /// Password, code and webauthn identifiers are trimmed and lower-cased; OIDC and SAML identifiers
  /// (`provider:subject`) are compared as they are. A lookup value is normalised the first way,
  /// which leaves `provider:subject` values alone only if they are already lower case, so callers
  /// that may hold one should look up both forms.
  public static func normalized(_ text: String) -> String {
    text.trimmingCharactersInWhitespace().lowercased()
  }
}

extension String {
  /// The string without leading and trailing Unicode whitespace and newlines.
  public func trimmingCharactersInWhitespace() -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
  }
}
