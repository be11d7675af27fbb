import KQLLanguage
import KratosModel

/// How `find` fetches identities: at most one server-side filter (Kratos rejects combinations),
/// and the whole predicate checked again locally, so a plan can only narrow the requests, never
/// the answer.
struct FindPlan: Sendable {
  enum Fetch: Sendable, Equatable {
    /// `credentials_identifier=` lookup. `fromEmail` marks `email=X`, which falls back to a scan
    /// of traits and addresses when no login identifier matches.
    case loginIdentifier(String, fromEmail: Bool)
    /// `ids=` in chunks of 500.
    case ids([String])
    case organization(String)
    /// Every identity, page size 500.
    case scan(includeCredentials: Bool)
  }

  var fetch: Fetch
  var predicate: Predicate?

  /// Picks the cheapest correct plan for `find EXPRESSION`.
  static func make(
    _ expression: KQLLanguage.Expression?, resolver: ValueResolver
  ) throws(ValueError) -> FindPlan {
    guard let expression else {
      return FindPlan(fetch: .scan(includeCredentials: false), predicate: nil)
    }
    let predicate = try Predicate.compile(expression, resolver: resolver)
    var fetch = Fetch.scan(includeCredentials: mentionsCredentials(expression))
    var rank = 0
    for conjunct in conjuncts(of: expression) {
      guard let (candidate, candidateRank) = try serverFilter(for: conjunct, resolver: resolver),
        candidateRank > rank
      else { continue }
      fetch = candidate
      rank = candidateRank
    }
    return FindPlan(fetch: fetch, predicate: predicate)
  }

  /// The terms joined by top-level `and`: any of them can go to the server.
  static func conjuncts(of expression: KQLLanguage.Expression) -> [KQLLanguage.Expression] {
    if case .and(let a, let b) = expression { return conjuncts(of: a) + conjuncts(of: b) }
    return [expression]
  }

  /// A server filter that returns a superset of what `term` matches, ranked by how few identities
  /// it is likely to return; `nil` when the term can only be checked locally.
  static func serverFilter(
    for term: KQLLanguage.Expression, resolver: ValueResolver
  ) throws(ValueError) -> (Fetch, Int)? {
    switch term {
    case .comparison(let path, .equal, let value) where path.components.count == 1:
      let operand = try resolver.resolve(value)
      guard case .string(let text) = operand else { return nil }
      switch path.components[0] {
      case "id":
        guard let id = UUIDText.normalized(text) else { return nil }
        return (.ids([id]), 4)
      case "identifier": return (.loginIdentifier(text, fromEmail: false), 3)
      case "email": return (.loginIdentifier(text, fromEmail: true), 3)
      case "organization_id":
        guard let id = UUIDText.normalized(text) else { return nil }
        return (.organization(id), 1)
      default: return nil
      }
    case .membership(let path, let value, negated: false) where path.components == ["id"]:
      guard case .list(let items) = try resolver.resolve(value) else { return nil }
      var ids: [String] = []
      for item in items {
        guard case .string(let text) = item, let id = UUIDText.normalized(text) else { return nil }
        ids.append(id)
      }
      return (.ids(ids), 4)
    default:
      return nil
    }
  }

  /// Whether the predicate reads login identifiers, which a listing only includes on request.
  static func mentionsCredentials(_ expression: KQLLanguage.Expression) -> Bool {
    func needs(_ path: FieldPath) -> Bool {
      ["identifier", "credentials"].contains(path.components.first)
    }
    switch expression {
    case .comparison(let path, _, _), .membership(let path, _, _), .has(let path):
      return needs(path)
    case .not(let inner, _): return mentionsCredentials(inner)
    case .and(let a, let b), .or(let a, let b):
      return mentionsCredentials(a) || mentionsCredentials(b)
    }
  }

  /// The requests this plan sends, for `explain`.
  func describe(identityCount: Int?) -> [String] {
    func pages(_ count: Int?) -> String {
      guard let count else { return "as many pages as there are identities / 500" }
      let n = max(1, (count + 499) / 500)
      return "at most \(n) page\(n == 1 ? "" : "s") for the \(count) identities the server has"
    }
    let local = predicate == nil ? "" : "; the whole predicate is then checked locally"
    switch fetch {
    case .loginIdentifier(let value, let fromEmail):
      let normalized = LoginIdentifier.normalized(value)
      let typed = value.trimmingCharactersInWhitespace()
      // OIDC and SAML subjects are compared as typed, so a value with capitals is asked twice.
      let requests =
        typed == normalized
        ? "=\(normalized) (1 request)" : "=\(normalized) and =\(typed) (2 requests)"
      var lines = ["server-side: GET /admin/identities?credentials_identifier\(requests)\(local)"]
      if fromEmail {
        lines.append(
          "if no login identifier matches: a full scan of traits and addresses, "
            + "GET /admin/identities?page_size=500, \(pages(identityCount))"
            + " (off with --no-scan or set scan off)"
        )
      }
      return lines
    case .ids(let ids):
      let chunks = (ids.count + 499) / 500
      return [
        "server-side: GET /admin/identities?ids=…&page_size=500, \(chunks) request\(chunks == 1 ? "" : "s")"
          + " for \(ids.count) id\(ids.count == 1 ? "" : "s")\(local)"
      ]
    case .organization(let id):
      return [
        "server-side: GET /admin/identities?organization_id=\(id)&page_size=500, paged\(local)"
      ]
    case .scan(let includeCredentials):
      let credentials = includeCredentials ? "&include_credential=…" : ""
      return [
        "full scan: GET /admin/identities?page_size=500\(credentials), \(pages(identityCount))"
          + (predicate == nil ? "" : "; the predicate is checked locally")
      ]
    }
  }
}
