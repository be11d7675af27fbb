import KratosModel

/// The error object Kratos sends with a failed request: `{"error":{…}}`.
///
/// Only `message` is always present; everything else is kept when sent. The HTTP status of the
/// response is what counts: the body's `code` is sometimes wrong (a malformed batch body comes
/// back as HTTP 400 with `"code":500`).
public struct ServerError: Sendable, Hashable {
  public var message: String
  public var reason: String?
  /// Kratos's error id, such as `session_inactive`.
  public var id: String?
  /// The request id the server logged, handy when asking its operators.
  public var requestID: String?
  public var details: JSON?
  /// `code` as the body gave it, which may disagree with the HTTP status.
  public var code: Int?

  /// Reads an error body; `nil` when `json` does not have the herodot shape.
  public init?(json: JSON) {
    let object = json["error"] ?? json
    guard case .object = object, let message = object["message"]?.stringValue else { return nil }
    self.message = message
    reason = object["reason"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    id = object["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    requestID = object["request"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    if let details = object["details"], !details.isNull {
      self.details = details
    } else {
      details = nil
    }
    code = object["code"]?.intValue
  }

  /// `message`, then `reason` in parentheses when it adds something.
  var summary: String {
    guard let reason, reason != message else { return message }
    return "\(message) (\(reason))"
  }
}
