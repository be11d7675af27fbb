import Foundation

/// The two states Kratos knows for an identity.
public enum IdentityState: String, Sendable, CaseIterable {
  case active
  case inactive
}

/// Why a server reply could not be read as the object kql expected.
public struct ModelDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// A Kratos identity as the admin API returns it.
///
/// The full JSON is kept in `json`, so that field paths, output and exports see every field the
/// server sent, including ones this version of kql does not know. The typed properties are the few
/// that kql acts on; only `id` is required; everything the spec allows to be missing or `null` is.
public struct Identity: Sendable, Hashable {
  /// The identity's UUID, lower case.
  public let id: String
  public var json: JSON

  public init(json: JSON) throws(ModelDecodingError) {
    guard case .object = json else { throw ModelDecodingError("identity is not a JSON object") }
    guard let raw = json["id"]?.stringValue else {
      throw ModelDecodingError("identity has no string \"id\"")
    }
    guard let id = UUIDText.normalized(raw) else {
      throw ModelDecodingError("identity id \"\(raw)\" is not a UUID")
    }
    if let state = json["state"], !state.isNull {
      guard let text = state.stringValue, IdentityState(rawValue: text) != nil else {
        throw ModelDecodingError("identity \(id) has unknown state \(state.serialized)")
      }
    }
    self.id = id
    self.json = json
  }

  /// `nil` only when the server omitted the state, which Kratos never does.
  public var state: IdentityState? {
    json["state"]?.stringValue.flatMap(IdentityState.init(rawValue:))
  }
  public var schemaID: String? { json["schema_id"]?.stringValue }
  public var traits: JSON { json["traits"] ?? .null }
  public var createdAt: Date? { json["created_at"]?.stringValue.flatMap { Timestamp.parse($0) } }
  public var updatedAt: Date? { json["updated_at"]?.stringValue.flatMap { Timestamp.parse($0) } }
  public var stateChangedAt: Date? {
    json["state_changed_at"]?.stringValue.flatMap { Timestamp.parse($0) }
  }

  /// Every login identifier of every credential type, as stored (already normalised by Kratos).
  public var loginIdentifiers: [String] {
    guard let credentials = json["credentials"]?.objectValue else { return [] }
    return credentials.values.flatMap {
      ($0["identifiers"]?.arrayValue ?? []).compactMap(\.stringValue)
    }
  }

  /// Decodes a JSON array of identities, naming the index of the first bad element.
  public static func decodeList(_ json: JSON) throws(ModelDecodingError) -> [Identity] {
    guard case .array(let elements) = json else {
      throw ModelDecodingError("expected a JSON array of identities")
    }
    var identities: [Identity] = []
    identities.reserveCapacity(elements.count)
    for (index, element) in elements.enumerated() {
      do {
        identities.append(try Identity(json: element))
      } catch {
        throw ModelDecodingError("element \(index): \(error.message)")
      }
    }
    return identities
  }
}

/// A Kratos session as the admin API returns it.
public struct Session: Sendable, Hashable {
  /// The session's UUID, lower case.
  public let id: String
  public var json: JSON

  public init(json: JSON) throws(ModelDecodingError) {
    guard case .object = json else { throw ModelDecodingError("session is not a JSON object") }
    guard let raw = json["id"]?.stringValue else {
      throw ModelDecodingError("session has no string \"id\"")
    }
    guard let id = UUIDText.normalized(raw) else {
      throw ModelDecodingError("session id \"\(raw)\" is not a UUID")
    }
    self.id = id
    self.json = json
  }

  /// As the server computed it when it answered; `false` when missing.
  public var active: Bool { json["active"]?.boolValue ?? false }
  /// The owning identity's id when the identity was expanded, else `nil`.
  public var identityID: String? {
    json["identity"]?["id"]?.stringValue.flatMap { UUIDText.normalized($0) }
  }
  public var expiresAt: Date? { json["expires_at"]?.stringValue.flatMap { Timestamp.parse($0) } }
  public var authenticatedAt: Date? {
    json["authenticated_at"]?.stringValue.flatMap { Timestamp.parse($0) }
  }

  public static func decodeList(_ json: JSON) throws(ModelDecodingError) -> [Session] {
    guard case .array(let elements) = json else {
      throw ModelDecodingError("expected a JSON array of sessions")
    }
    var sessions: [Session] = []
    for (index, element) in elements.enumerated() {
      do {
        sessions.append(try Session(json: element))
      } catch {
        throw ModelDecodingError("element \(index): \(error.message)")
      }
    }
    return sessions
  }
}
