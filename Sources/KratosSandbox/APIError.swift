import KratosModel

/// An error answer in herodot's format, the one Kratos uses:
/// `{"error":{"code":404,"status":"Not Found","message":"…","reason":"…"}}`.
struct APIError: Error, Sendable {
  var code: Int
  var message: String
  var reason: String?

  init(code: Int, message: String, reason: String? = nil) {
    self.code = code
    self.message = message
    self.reason = reason
  }

  /// herodot's `ErrBadRequest` with a reason, its default message kept.
  static func badRequest(reason: String) -> APIError {
    APIError(
      code: 400, message: "The request was malformed or contained invalid parameters",
      reason: reason)
  }

  /// herodot's `ErrBadRequest` with its message replaced (`WithError`).
  static func badRequest(message: String) -> APIError {
    APIError(code: 400, message: message)
  }

  /// What Kratos answers when a row is missing (`sqlcon.ErrNoRows`).
  static let missingRow = APIError(code: 404, message: "Unable to locate the resource")

  /// herodot's `ErrNotFound` with a reason.
  static func notFound(reason: String) -> APIError {
    APIError(code: 404, message: "The requested resource could not be found", reason: reason)
  }

  /// The answer to a unique-constraint violation.
  static func conflict(reason: String) -> APIError {
    APIError(
      code: 409, message: "The resource could not be created due to a conflict", reason: reason)
  }

  /// What gofrs/uuid reports for a string that is not a UUID; Kratos passes it on as the message.
  static func malformedUUID(_ text: String) -> APIError {
    let detail =
      text.utf8.count == 36
      ? "uuid: incorrect UUID format in string \(JSON.string(text).serialized)"
      : "uuid: incorrect UUID length \(text.utf8.count) in string \(JSON.string(text).serialized)"
    return badRequest(message: detail)
  }

  /// The response; `requestID` is echoed as herodot echoes `X-Request-ID`.
  func response(requestID: String?) -> HTTPResponse {
    var fields: [String: JSON] = [
      "code": .integer(code),
      "status": .string(APIError.statusText(code)),
      "message": .string(message),
    ]
    if let reason, !reason.isEmpty { fields["reason"] = .string(reason) }
    if let requestID, !requestID.isEmpty { fields["request"] = .string(requestID) }
    return HTTPResponse(
      status: code,
      headers: [("Content-Type", "application/json"), ("Ory-Error-Id", "")],
      body: Array(JSON.object(["error": .object(fields)]).serialized.utf8))
  }

  /// Go's `http.StatusText`.
  static func statusText(_ code: Int) -> String { HTTPResponse.reasonPhrase(code) }
}
