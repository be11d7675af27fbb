import Foundation
import KratosModel
import Synchronization

/// The identities and sessions a sandbox server answers from. Thread-safe: every access goes
/// through one mutex, so tests may add data while a server is running.
public final class SandboxStore: Sendable {
  let state = Mutex(StoreState())

  /// An empty store.
  public init() {}

  /// A store filled from a seed file (see docs/sandbox.md for the format).
  public convenience init(seedFile path: String) throws(SandboxError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw SandboxError(.unreadableSeed(path: path, reason: "no such file"))
    }
    guard !isDirectory.boolValue else {
      throw SandboxError(.unreadableSeed(path: path, reason: "it is a directory, not a JSON file"))
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw SandboxError(
        .unreadableSeed(path: path, reason: "it cannot be read (check its permissions)"))
    }
    try self.init(seed: [UInt8](data))
  }

  /// A store filled from the text of a seed document.
  public convenience init(seed text: String) throws(SandboxError) {
    try self.init(seed: Array(text.utf8))
  }

  private convenience init(seed bytes: [UInt8]) throws(SandboxError) {
    self.init()
    try load(seed: bytes)
  }

  /// Adds the identities of a seed document; nothing is added when any element is bad.
  public func load(seed bytes: [UInt8]) throws(SandboxError) {
    let document: JSON
    do {
      document = try JSON(parsing: bytes)
    } catch {
      throw SandboxError(
        .seedSyntax(line: error.line, column: error.column, message: error.message))
    }
    guard let elements = document.arrayValue else {
      throw SandboxError(.seedShape("the document must be a JSON array of identities"))
    }
    try load(elements, decoder: SeedDecoder(ids: .random, now: .now()))
  }

  /// Decodes and inserts `elements`; all or nothing.
  func load(_ elements: [JSON], decoder: SeedDecoder) throws(SandboxError) {
    var decoder = decoder
    var rows: [(StoredIdentity, [StoredSession])] = []
    for (index, element) in elements.enumerated() {
      do {
        rows.append(try decoder.identity(element))
      } catch {
        throw SandboxError(.seedElement(index: index, message: error.message))
      }
    }
    try state.withLock { (state: inout StoreState) throws(SandboxError) in
      var scratch = state
      for (index, row) in rows.enumerated() {
        do throws(StoreState.WriteConflict) {
          try scratch.insert(row.0, keepSorted: false)
        } catch {
          throw SandboxError(.seedElement(index: index, message: SandboxStore.describe(error)))
        }
        for session in row.1 { scratch.insert(session, keepSorted: false) }
      }
      scratch.restoreOrder()
      scratch.restoreSessionOrder()
      state = scratch
    }
  }

  /// Adds one identity given in Kratos's JSON shape (with an optional `sessions` array) and
  /// returns its id.
  @discardableResult
  public func addIdentity(_ json: JSON) throws(SandboxError) -> String {
    var decoder = SeedDecoder(ids: .random, now: .now())
    let row: (StoredIdentity, [StoredSession])
    do {
      row = try decoder.identity(json)
    } catch {
      throw SandboxError(.invalidData("invalid identity: \(error.message)"))
    }
    try state.withLock { (state: inout StoreState) throws(SandboxError) in
      do throws(StoreState.WriteConflict) {
        try state.insert(row.0)
      } catch {
        throw SandboxError(.invalidData("invalid identity: \(SandboxStore.describe(error))"))
      }
      for session in row.1 { state.insert(session) }
    }
    return row.0.id
  }

  /// Adds one session (Kratos's session JSON, every field optional) to an existing identity and
  /// returns its id.
  @discardableResult
  public func addSession(_ json: JSON, identityID: String) throws(SandboxError) -> String {
    guard let owner = UUIDText.normalized(identityID) else {
      throw SandboxError(.invalidData("identity id \"\(identityID)\" is not a UUID"))
    }
    var decoder = SeedDecoder(ids: .random, now: .now())
    let session: StoredSession
    do {
      session = try decoder.session(json, identityID: owner)
    } catch {
      throw SandboxError(.invalidData("invalid session: \(error.message)"))
    }
    try state.withLock { (state: inout StoreState) throws(SandboxError) in
      guard state.identities[owner] != nil else {
        throw SandboxError(.invalidData("no identity with id \(owner)"))
      }
      state.insert(session)
    }
    return session.id
  }

  public var identityCount: Int { state.withLock { $0.identities.count } }
  public var sessionCount: Int { state.withLock { $0.sessions.count } }

  /// All identity ids, ascending (the order Kratos lists them in).
  public var identityIDs: [String] { state.withLock { $0.order } }

  /// The stored identity in Kratos's admin shape, credentials with configuration included, or
  /// `nil` when there is none. `schema_url` is left out; it depends on the server.
  public func identity(id: String) -> JSON? {
    guard let key = UUIDText.normalized(id) else { return nil }
    return state.withLock { state in
      guard let stored = state.identities[key] else { return nil }
      var fields = stored.fields
      fields["id"] = .string(stored.id)
      return .object(fields)
    }
  }

  /// The sessions of an identity as `GET /admin/sessions/{id}` shows them (identity not
  /// expanded), newest first.
  public func sessions(identityID: String) -> [JSON] {
    guard let key = UUIDText.normalized(identityID) else { return [] }
    let now = GoTime.now()
    return state.withLock { state in
      state.sessions(ofIdentity: key).map { $0.rendered(identity: nil, devices: true, now: now) }
    }
  }

  static func describe(_ conflict: StoreState.WriteConflict) -> String {
    switch conflict {
    case .duplicateID: return "an identity with this id already exists"
    case .duplicateExternalID: return "another identity has the same external_id"
    case .duplicateIdentifier(let identifier):
      return "another identity already uses the login identifier \"\(identifier)\""
    }
  }
}
