import KratosModel

/// Everything the sandbox stores, with the indexes its queries need. Lives inside the store's
/// mutex; every method runs with the lock held.
struct StoreState: Sendable {
  var identities: [String: StoredIdentity] = [:]
  /// Identity ids in ascending order, the order Kratos pages them in.
  var order: [String] = []
  var externalIDs: [String: String] = [:]
  /// `type` + NUL + identifier, to the identity holding it.
  var identifiers: [String: String] = [:]
  var sessions: [String: StoredSession] = [:]
  /// Session ids newest first (created_at descending, then id ascending).
  var sessionOrder: [String] = []
  var sessionsByIdentity: [String: [String]] = [:]

  /// Why a write was refused.
  enum WriteConflict: Error {
    case duplicateID
    case duplicateExternalID
    case duplicateIdentifier(String)
  }

  // MARK: Identities

  static func identifierKey(type: String, identifier: String) -> String {
    type + "\u{0}" + identifier
  }

  /// Checks that `identity` can be stored without clashing with an identity other than itself.
  func conflict(for identity: StoredIdentity) -> WriteConflict? {
    if let external = identity.externalID, let owner = externalIDs[external], owner != identity.id {
      return .duplicateExternalID
    }
    for (type, identifier) in identity.typedIdentifiers {
      let key = StoreState.identifierKey(type: type, identifier: identifier)
      if let owner = identifiers[key], owner != identity.id {
        return .duplicateIdentifier(identifier)
      }
    }
    return nil
  }

  /// Adds a new identity. With `sorted: false` the id order is left for `restoreOrder()`, which
  /// makes bulk loads linear.
  mutating func insert(_ identity: StoredIdentity, keepSorted: Bool = true) throws(WriteConflict) {
    guard identities[identity.id] == nil else { throw .duplicateID }
    if let conflict = conflict(for: identity) { throw conflict }
    identities[identity.id] = identity
    index(identity)
    if keepSorted {
      order.insert(identity.id, at: lowerBound(of: identity.id))
    } else {
      order.append(identity.id)
    }
  }

  mutating func restoreOrder() { order.sort() }

  /// Replaces a stored identity, keeping the indexes right.
  mutating func update(_ identity: StoredIdentity) throws(WriteConflict) {
    if let conflict = conflict(for: identity) { throw conflict }
    if let old = identities[identity.id] { unindex(old) }
    identities[identity.id] = identity
    index(identity)
  }

  /// Removes an identity and, as the foreign key cascade does, its sessions.
  mutating func delete(identityID id: String) -> Bool {
    guard let old = identities.removeValue(forKey: id) else { return false }
    unindex(old)
    let position = lowerBound(of: id)
    if position < order.count, order[position] == id { order.remove(at: position) }
    _ = deleteSessions(identityID: id)
    return true
  }

  private mutating func index(_ identity: StoredIdentity) {
    if let external = identity.externalID { externalIDs[external] = identity.id }
    for (type, identifier) in identity.typedIdentifiers {
      identifiers[StoreState.identifierKey(type: type, identifier: identifier)] = identity.id
    }
  }

  private mutating func unindex(_ identity: StoredIdentity) {
    if let external = identity.externalID, externalIDs[external] == identity.id {
      externalIDs[external] = nil
    }
    for (type, identifier) in identity.typedIdentifiers {
      let key = StoreState.identifierKey(type: type, identifier: identifier)
      if identifiers[key] == identity.id { identifiers[key] = nil }
    }
  }

  /// The position of the first id not less than `id` in `order`.
  func lowerBound(of id: String) -> Int {
    var low = 0
    var high = order.count
    while low < high {
      let middle = (low + high) / 2
      if order[middle] < id { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// The position of the first id greater than `id` in `order`.
  func upperBound(of id: String) -> Int {
    var low = 0
    var high = order.count
    while low < high {
      let middle = (low + high) / 2
      if order[middle] <= id { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// Ids of the identities a list filter selects, ascending; `nil` means all of them.
  func filteredIDs(_ filter: IdentityFilter) -> [String]? {
    switch filter {
    case .none:
      return nil
    case .ids(let ids):
      return ids.filter { identities[$0] != nil }.sorted()
    case .identifier(let value):
      var found = Set<String>()
      for type in CredentialType.searchable {
        let key = StoreState.identifierKey(
          type: type, identifier: CredentialType.normalize(value, type: type))
        if let id = identifiers[key] { found.insert(id) }
      }
      return found.sorted()
    case .identifierPrefix(let value):
      var found = Set<String>()
      let normalizedPrefix = LoginIdentifier.normalized(value)
      for (key, id) in identifiers {
        guard let separator = key.firstIndex(of: "\u{0}") else { continue }
        let type = String(key[..<separator])
        guard CredentialType.searchable.contains(type) else { continue }
        let identifier = key[key.index(after: separator)...]
        let prefix = CredentialType.normalizedTypes.contains(type) ? normalizedPrefix : value
        if identifier.hasPrefix(prefix) { found.insert(id) }
      }
      return found.sorted()
    case .organization(let organization):
      return order.filter { identities[$0]?.organizationID == organization }
    }
  }

  // MARK: Sessions

  /// True when session `a` is listed before `b`: newer first, then by id.
  static func precedes(_ a: StoredSession, _ b: StoredSession) -> Bool {
    a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id < b.id
  }

  mutating func insert(_ session: StoredSession, keepSorted: Bool = true) {
    if sessions[session.id] != nil { removeSession(id: session.id) }
    sessions[session.id] = session
    sessionsByIdentity[session.identityID, default: []].append(session.id)
    if keepSorted {
      var low = 0
      var high = sessionOrder.count
      while low < high {
        let middle = (low + high) / 2
        if let other = sessions[sessionOrder[middle]], StoreState.precedes(other, session) {
          low = middle + 1
        } else {
          high = middle
        }
      }
      sessionOrder.insert(session.id, at: low)
    } else {
      sessionOrder.append(session.id)
    }
  }

  /// The position in `sessionOrder` of the first session listed after a page ending at
  /// (`createdAt`, `id`): older, or as old with a greater id.
  func firstSessionIndex(after createdAt: GoTime, id: String) -> Int {
    var low = 0
    var high = sessionOrder.count
    while low < high {
      let middle = (low + high) / 2
      let isAfter = sessions[sessionOrder[middle]].map {
        $0.createdAt < createdAt || ($0.createdAt == createdAt && $0.id > id)
      }
      if isAfter ?? false { high = middle } else { low = middle + 1 }
    }
    return low
  }

  mutating func restoreSessionOrder() {
    let all = sessions
    sessionOrder.sort { a, b in
      guard let first = all[a], let second = all[b] else { return a < b }
      return StoreState.precedes(first, second)
    }
  }

  private mutating func removeSession(id: String) {
    guard let old = sessions.removeValue(forKey: id) else { return }
    sessionOrder.removeAll { $0 == id }
    sessionsByIdentity[old.identityID]?.removeAll { $0 == id }
  }

  /// Hard-deletes every session of an identity; returns how many there were.
  mutating func deleteSessions(identityID: String) -> Int {
    guard let ids = sessionsByIdentity.removeValue(forKey: identityID), !ids.isEmpty else {
      return 0
    }
    let gone = Set(ids)
    for id in ids { sessions[id] = nil }
    sessionOrder.removeAll { gone.contains($0) }
    return ids.count
  }

  /// The sessions of one identity, newest first.
  func sessions(ofIdentity identityID: String) -> [StoredSession] {
    (sessionsByIdentity[identityID] ?? []).compactMap { sessions[$0] }.sorted(
      by: StoreState.precedes)
  }
}

/// The one filter a `GET /admin/identities` request may carry.
enum IdentityFilter: Sendable, Equatable {
  case none
  case ids(Set<String>)
  case identifier(String)
  case identifierPrefix(String)
  case organization(String)

  var selectsByCredentials: Bool {
    switch self {
    case .identifier, .identifierPrefix: return true
    default: return false
    }
  }
}
