import KratosModel

/// Admin-initiated recovery. The links and codes are well-formed and point at the sandbox, but
/// no recovery flow behind them exists.
extension SandboxAPI {
  /// Kratos's default lifespan of recovery links and codes.
  static let recoveryLifespan = 3600.0

  private struct RecoveryRequest {
    var identityID: String?
    var expiresIn: Double
    var flowType: String
  }

  private func recoveryRequest(
    _ call: Call, allowFlowType: Bool
  ) throws(APIError)
    -> RecoveryRequest
  {
    guard let body = try SandboxAPI.jsonBody(call.request) else {
      throw APIError.badRequest(reason: "Unable to decode JSON payload: the request body is empty.")
    }
    guard body.objectValue != nil else {
      throw APIError.badRequest(reason: "Unable to decode JSON payload: expected a JSON object.")
    }
    var request = RecoveryRequest(
      identityID: nil, expiresIn: SandboxAPI.recoveryLifespan, flowType: "browser")
    if let raw = body["identity_id"]?.stringValue {
      guard let id = UUIDText.normalized(raw) else {
        throw APIError.badRequest(reason: "identity_id must be a UUID, not \"\(raw)\".")
      }
      request.identityID = id
    }
    let expiresIn = body["expires_in"]?.stringValue ?? ""
    if !expiresIn.isEmpty {
      guard let seconds = GoDuration.seconds(expiresIn) else {
        throw APIError.badRequest(
          reason: "Unable to parse \"expires_in\" whose format should match "
            + "\"[0-9]+(ns|us|ms|s|m|h)\" but did not: \(expiresIn)")
      }
      guard seconds > 0 else {
        throw APIError.badRequest(
          reason: "Value from \"expires_in\" must result to a future time: \(expiresIn)")
      }
      request.expiresIn = seconds
    }
    if allowFlowType, let flowType = body["flow_type"]?.stringValue {
      guard flowType == "browser" || flowType == "api" else {
        throw APIError.badRequest(reason: "Value from \"flow_type\" is not valid: \"\(flowType)\"")
      }
      request.flowType = flowType
    }
    return request
  }

  private func expiry(_ seconds: Double) -> GoTime {
    let now = GoTime.now()
    let whole = Int(seconds.rounded(.down))
    return now.adding(seconds: whole, nanoseconds: Int(((seconds - Double(whole)) * 1e9).rounded()))
  }

  /// 200 with a link; an unknown identity is a 400.
  func createRecoveryLink(_ call: Call) throws(APIError) -> HTTPResponse {
    let request = try recoveryRequest(call, allowFlowType: false)
    guard let id = request.identityID, store.state.withLock({ $0.identities[id] != nil }) else {
      throw APIError.badRequest(reason: "The requested identity id does not exist.")
    }
    var token = IDGenerator.random
    let flow = token.next()
    let secret = token.next().replacingOccurrences(of: "-", with: "")
    var query = QueryParameters()
    query.set("flow", flow)
    query.set("token", secret)
    return .json([
      "recovery_link": .string("\(baseURL)/self-service/recovery?\(query.encoded)"),
      "expires_at": expiry(request.expiresIn).json,
    ])
  }

  /// 201 with a link and a six-digit code; an unknown identity is a 404.
  func createRecoveryCode(_ call: Call) throws(APIError) -> HTTPResponse {
    let request = try recoveryRequest(call, allowFlowType: true)
    guard let id = request.identityID, store.state.withLock({ $0.identities[id] != nil }) else {
      throw APIError(
        code: 404, message: "Unable to locate the resource", reason: "could not find identity")
    }
    var generator = IDGenerator.random
    let flow = generator.next()
    let number = String(Int.random(in: 0..<1_000_000))
    let code = String(repeating: "0", count: 6 - number.count) + number
    return .json(
      [
        "recovery_link": .string("\(baseURL)/ui/recovery?flow=\(flow)"),
        "recovery_code": .string(code),
        "expires_at": expiry(request.expiresIn).json,
      ], status: 201)
  }
}
