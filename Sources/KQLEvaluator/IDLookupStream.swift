import KratosClient
import KratosModel

/// Looks identities up by id, 500 per request as Kratos allows, and hands them on in the order the
/// ids were given. An id the server does not know becomes a `missing` record, so it is reported.
final class IDLookupStream: ItemStream {
  static let chunkSize = 500
  private let backend: KratosClient
  private let includeCredentials: Bool
  private var remaining: ArraySlice<String>
  private var ready: ArraySlice<Item> = []

  init(ids: [String], backend: KratosClient, includeCredentials: Bool) {
    self.backend = backend
    self.includeCredentials = includeCredentials
    self.remaining = ids[...]
  }

  func next() async throws -> Item? {
    while ready.isEmpty {
      guard !remaining.isEmpty else { return nil }
      let chunk = Array(remaining.prefix(Self.chunkSize))
      remaining = remaining.dropFirst(chunk.count)
      var found: [String: Identity] = [:]
      for try await page in backend.identities(
        filter: .ids(chunk), includeCredentials: includeCredentials)
      {
        for identity in page { found[identity.id] = identity }
      }
      ready =
        chunk.map { id in found[id].map { Item(.identity($0)) } ?? Item(.missing(id: id)) }[...]
    }
    return ready.popFirst()
  }
}

/// Drops identities that fail `find`'s predicate; missing ids pass, to be reported.
final class FilterStream: ItemStream {
  private let upstream: any ItemStream
  private let predicate: Predicate?

  init(_ upstream: any ItemStream, predicate: Predicate?) {
    self.upstream = upstream
    self.predicate = predicate
  }

  func next() async throws -> Item? {
    while let item = try await upstream.next() {
      if case .missing = item.record { return item }
      if predicate?.matches(item.record) ?? true { return item }
    }
    return nil
  }
}
