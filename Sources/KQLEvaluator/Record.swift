import KratosModel

/// What flows between the stages of a pipeline.
public enum Record: Sendable {
  case identity(Identity)
  case session(Session)
  /// An identity id the operator named that the server does not know. It passes every filter and
  /// action untouched so that the run reports it instead of dropping it silently.
  case missing(id: String)
  /// A JSON line loaded from a file that is neither an identity nor a session.
  case value(JSON)

  public var json: JSON {
    switch self {
    case .identity(let identity): identity.json
    case .session(let session): session.json
    case .missing(let id): ["id": .string(id)]
    case .value(let json): json
    }
  }

  public var id: String? {
    switch self {
    case .identity(let identity): identity.id
    case .session(let session): session.id
    case .missing(let id): id
    case .value(let json): json["id"]?.stringValue
    }
  }

  /// Fields kql computes rather than reads from the record.
  static let shorthands: Set = ["email", "identifier", "identity_id"]

  /// Every value at a dotted path. A path through an array visits each element, so
  /// `verifiable_addresses.value` yields every address. A missing field yields nothing.
  public func values(at path: [String]) -> [JSON] {
    switch (self, path.first) {
    case (.session(let session), "identity_id"):
      return session.identityID.map { [.string($0)] } ?? []
    case (.identity(let identity), "email"):
      return Record.emails(of: identity).map(JSON.string)
    case (.identity(let identity), "identifier"):
      return identity.loginIdentifiers.map(JSON.string)
    default:
      return Record.values(in: json, at: path[...])
    }
  }

  static func values(in json: JSON, at path: ArraySlice<String>) -> [JSON] {
    guard let key = path.first else {
      if case .array(let elements) = json { return elements }
      return [json]
    }
    switch json {
    case .object(let members):
      guard let member = members[key] else { return [] }
      return values(in: member, at: path.dropFirst())
    case .array(let elements):
      return elements.flatMap { values(in: $0, at: path) }
    default:
      return []
    }
  }

  /// Everything an operator would call an identity's e-mail: login identifiers that look like
  /// addresses, e-mail-like strings anywhere in the traits, and verifiable and recovery addresses.
  static func emails(of identity: Identity) -> [String] {
    var found: [String] = []
    func collect(_ json: JSON) {
      switch json {
      case .string(let s) where s.contains("@"): found.append(s)
      case .array(let elements): elements.forEach(collect)
      case .object(let members): members.values.forEach(collect)
      default: break
      }
    }
    found += identity.loginIdentifiers.filter { $0.contains("@") && !$0.contains(":") }
    collect(identity.traits)
    for key in ["verifiable_addresses", "recovery_addresses"] {
      for address in identity.json[key]?.arrayValue ?? [] {
        if let value = address["value"]?.stringValue, value.contains("@") { found.append(value) }
      }
    }
    var seen = Set<String>()
    return found.filter { seen.insert($0.lowercased()).inserted }
  }
}
