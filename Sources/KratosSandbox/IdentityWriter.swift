import KratosModel

/// What Kratos's identity manager does to an identity before storing it: validate the traits
/// against the schema, then derive login identifiers, verifiable and recovery addresses from the
/// trait values the schema marks.
struct IdentityWriter {
  var now: GoTime
  var ids: IDGenerator = .random

  /// Validates and completes `fields`; returns herodot's 400 when the traits do not fit.
  mutating func prepare(_ fields: inout [String: JSON]) throws(APIError) {
    let schemaID = fields["schema_id"]?.stringValue ?? IdentitySchemaCatalog.defaultID
    guard IdentitySchemaCatalog.document(id: schemaID) != nil else {
      throw APIError.badRequest(reason: "Unable to find JSON Schema ID: \(schemaID)")
    }
    let validator = TraitsValidator(schemaID: schemaID)
    let traits = fields["traits"] ?? .null
    if let violation = validator.violation(in: traits) {
      throw APIError(
        code: 400, message: "The request was malformed or contained invalid parameters",
        reason: violation)
    }

    var passwordIdentifiers: [String] = []
    var codeAddresses: [(channel: String, address: String)] = []
    var verifiable: [(value: String, via: String)] = []
    var recovery: [(value: String, via: String)] = []
    var marksPassword = false
    var marksCode = false
    var marksVerification = false
    var marksRecovery = false
    for (value, mark) in validator.markedValues(in: traits) {
      let credentials = mark["credentials"]
      if credentials?["password"]?["identifier"]?.boolValue == true {
        marksPassword = true
        let lowered = value.lowercased()
        if !passwordIdentifiers.contains(lowered) { passwordIdentifiers.append(lowered) }
      }
      if credentials?["code"]?["identifier"]?.boolValue == true {
        marksCode = true
        let channel = credentials?["code"]?["via"]?.stringValue ?? "email"
        let address = channel == "email" ? LoginIdentifier.normalized(value) : value.trimmingSpaces
        if !codeAddresses.contains(where: { $0 == (channel, address) }) {
          codeAddresses.append((channel, address))
        }
      }
      if let via = mark["verification"]?["via"]?.stringValue {
        marksVerification = true
        verifiable.append((via == "email" ? LoginIdentifier.normalized(value) : value, via))
      }
      if let via = mark["recovery"]?["via"]?.stringValue {
        marksRecovery = true
        recovery.append((via == "email" ? LoginIdentifier.normalized(value) : value, via))
      }
    }

    var credentials = fields["credentials"]?.objectValue ?? [:]
    if marksPassword {
      setIdentifiers(passwordIdentifiers, type: "password", version: 0, in: &credentials)
    }
    if marksCode {
      let sorted = codeAddresses.sorted { ($0.address, $0.channel) < ($1.address, $1.channel) }
      setIdentifiers(sorted.map(\.address), type: "code", version: 1, in: &credentials)
      if case .object(var code) = credentials["code"] {
        code["config"] = [
          "addresses": .array(
            sorted.map { ["channel": .string($0.channel), "address": .string($0.address)] })
        ]
        credentials["code"] = .object(code)
      }
    }
    fields["credentials"] = credentials.isEmpty ? nil : .object(credentials)

    if marksVerification {
      let existing = fields["verifiable_addresses"]?.arrayValue ?? []
      let list = verifiable.map { value, via -> JSON in
        if let kept = existing.first(where: {
          $0["value"]?.stringValue == value && $0["via"]?.stringValue == via
        }) {
          return kept
        }
        return [
          "id": .string(ids.next()), "value": .string(value), "verified": false,
          "via": .string(via),
          "status": "pending", "created_at": now.json, "updated_at": now.json,
        ]
      }
      fields["verifiable_addresses"] = list.isEmpty ? nil : .array(list)
    }
    if marksRecovery {
      let existing = fields["recovery_addresses"]?.arrayValue ?? []
      let list = recovery.map { value, via -> JSON in
        if let kept = existing.first(where: {
          $0["value"]?.stringValue == value && $0["via"]?.stringValue == via
        }) {
          return kept
        }
        return [
          "id": .string(ids.next()), "value": .string(value), "via": .string(via),
          "created_at": now.json, "updated_at": now.json,
        ]
      }
      fields["recovery_addresses"] = list.isEmpty ? nil : .array(list)
    }
  }

  private func setIdentifiers(
    _ identifiers: [String], type: String, version: Int, in credentials: inout [String: JSON]
  ) {
    if case .object(var credential) = credentials[type] {
      credential["identifiers"] = .array(identifiers.map(JSON.string))
      credential["updated_at"] = now.json
      credentials[type] = .object(credential)
    } else if !identifiers.isEmpty {
      credentials[type] = [
        "type": .string(type), "identifiers": .array(identifiers.map(JSON.string)),
        "version": .integer(version), "config": [:], "created_at": now.json, "updated_at": now.json,
      ]
    }
  }

  /// Imports the `credentials` of a create or update body on top of `credentials`: a password
  /// (hashed, plain text or the migration hook) replaces the old one; OIDC and SAML providers are
  /// appended.
  func importCredentials(_ body: JSON, into credentials: inout [String: JSON]) throws(APIError) {
    guard let object = body.objectValue else {
      throw APIError.badRequest(
        message:
          "json: cannot unmarshal \(JSONPatch.goTypeName(body)) into Go struct field credentials")
    }
    for (type, value) in object.sorted(by: { $0.key < $1.key }) {
      let config = value["config"] ?? .object([:])
      switch type {
      case "password":
        var stored: [String: JSON] = [:]
        if let hash = config["hashed_password"]?.stringValue, !hash.isEmpty {
          stored["hashed_password"] = .string(hash)
        } else if let plain = config["password"]?.stringValue, !plain.isEmpty {
          stored["hashed_password"] = .string(IdentityWriter.sandboxHash(plain))
        } else if config["use_password_migration_hook"]?.boolValue == true {
          stored["use_password_migration_hook"] = true
        }
        var credential =
          credentials["password"]?.objectValue ?? [
            "type": "password", "identifiers": [], "version": 0, "created_at": now.json,
          ]
        credential["config"] = .object(stored)
        credential["updated_at"] = now.json
        credentials["password"] = .object(credential)
      case "oidc", "saml":
        var credential =
          credentials[type]?.objectValue ?? [
            "type": .string(type), "identifiers": [], "version": 0, "config": ["providers": []],
            "created_at": now.json,
          ]
        var identifiers = credential["identifiers"]?.arrayValue ?? []
        var providers = credential["config"]?["providers"]?.arrayValue ?? []
        for provider in config["providers"]?.arrayValue ?? [] {
          guard let name = provider["provider"]?.stringValue,
            let subject = provider["subject"]?.stringValue
          else {
            throw APIError.badRequest(
              reason: "\(type) providers need \"provider\" and \"subject\".")
          }
          var entry: [String: JSON] = ["provider": .string(name), "subject": .string(subject)]
          if let organization = provider["organization"] { entry["organization"] = organization }
          providers.append(.object(entry))
          identifiers.append(.string("\(name):\(subject)"))
        }
        credential["identifiers"] = .array(identifiers)
        credential["config"] = ["providers": .array(providers)]
        credential["updated_at"] = now.json
        credentials[type] = .object(credential)
      default:
        throw APIError.badRequest(reason: "Importing credentials of type \(type) is not supported.")
      }
    }
  }

  /// A stand-in for a password hash: the sandbox never keeps the password itself, and this is
  /// not meant to be verifiable.
  static func sandboxHash(_ password: String) -> String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in password.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01B3
    }
    let hex = String(hash, radix: 16)
    return "$sandbox-fnv1a$" + String(repeating: "0", count: 16 - hex.count) + hex
  }
}
