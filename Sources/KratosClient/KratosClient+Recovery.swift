import KratosModel

extension KratosClient {
  /// Creates a recovery link for the identity; `nil` when the identity does not exist.
  ///
  /// Kratos answers 200 on success and 400 for an unknown identity, but also 400 for other
  /// mistakes; after a 400 the identity is looked up to tell the two apart.
  public func createRecoveryLink(
    identityID: String, expiresIn: Duration? = nil
  ) async throws -> RecoveryLink? {
    let id = try Self.normalizedID(identityID, what: "identity")
    let request = APIRequest(
      method: .post, path: "/admin/recovery/link", body: Self.recoveryBody(id, expiresIn, nil))
    let response = try await send(request)
    switch response.status {
    case 200:
      return try decode(response, for: request) { json throws(ModelDecodingError) in
        guard let link = json["recovery_link"]?.stringValue else {
          throw ModelDecodingError("no \"recovery_link\" in the reply")
        }
        return RecoveryLink(
          link: link, expiresAt: json["expires_at"]?.stringValue.flatMap { Timestamp.parse($0) })
      }
    case 400:
      if try await identity(id: id) == nil { return nil }
      throw failure(response, for: request)
    default:
      throw failure(response, for: request)
    }
  }

  /// Creates a recovery code for the identity; `nil` when the identity does not exist.
  ///
  /// Kratos answers 201 on success and 404 for an unknown identity, but also 404 when the code
  /// method is disabled; after a 404 the identity is looked up to tell the two apart.
  public func createRecoveryCode(
    identityID: String, expiresIn: Duration? = nil
  ) async throws -> RecoveryCode? {
    let id = try Self.normalizedID(identityID, what: "identity")
    let request = APIRequest(
      method: .post, path: "/admin/recovery/code", body: Self.recoveryBody(id, expiresIn, "api"))
    let response = try await send(request)
    switch response.status {
    case 200, 201:
      return try decode(response, for: request) { json throws(ModelDecodingError) in
        guard let link = json["recovery_link"]?.stringValue,
          let code = json["recovery_code"]?.stringValue
        else { throw ModelDecodingError("no \"recovery_link\" and \"recovery_code\" in the reply") }
        return RecoveryCode(
          link: link, code: code,
          expiresAt: json["expires_at"]?.stringValue.flatMap { Timestamp.parse($0) })
      }
    case 404:
      if try await identity(id: id) == nil { return nil }
      throw failure(response, for: request)
    default:
      throw failure(response, for: request)
    }
  }

  /// The request body; `expires_in` is a Go duration in whole seconds, at least one.
  private static func recoveryBody(
    _ id: String, _ expiresIn: Duration?, _ flowType: String?
  )
    -> JSON
  {
    var body: [String: JSON] = ["identity_id": .string(id)]
    if let expiresIn {
      let parts = expiresIn.components
      let seconds = max(1, parts.seconds + (parts.attoseconds > 0 ? 1 : 0))
      body["expires_in"] = .string("\(seconds)s")
    }
    if let flowType { body["flow_type"] = .string(flowType) }
    return .object(body)
  }
}
