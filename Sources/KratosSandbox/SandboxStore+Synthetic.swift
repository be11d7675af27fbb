import KratosModel

/// Bulk data for paging tests and benchmarks.
extension SandboxStore {
  /// A store with `count` generated identities (see `addSynthetic`).
  public static func synthetic(
    count: Int, sessionsPerIdentity: Int = 0, seed: UInt64 = 1
  )
    -> SandboxStore
  {
    let store = SandboxStore()
    store.addSynthetic(count: count, sessionsPerIdentity: sessionsPerIdentity, seed: seed)
    return store
  }

  /// Adds `count` identities of the `default` schema: `user<n>@example.com` with a password
  /// credential, every tenth inactive, each with `sessionsPerIdentity` sessions (every third of
  /// them expired, every fifth revoked). The same seed and starting size give the same ids.
  public func addSynthetic(count: Int, sessionsPerIdentity: Int = 0, seed: UInt64 = 1) {
    guard count > 0 else { return }
    let now = GoTime.now()
    state.withLock { state in
      let first = state.identities.count
      var ids = IDGenerator(seed: seed &+ UInt64(first) &* 0x9E37_79B9)
      state.identities.reserveCapacity(first + count)
      state.order.reserveCapacity(first + count)
      for offset in 0..<count {
        let n = first + offset
        let identity = SyntheticIdentity.make(number: n, id: ids.next(), ids: &ids)
        do throws(StoreState.WriteConflict) {
          try state.insert(identity, keepSorted: false)
        } catch {
          continue
        }
        for k in 0..<max(sessionsPerIdentity, 0) {
          let authenticated = now.adding(
            seconds: -(600 * (n % 97) + 3_600 * k), nanoseconds: 1_000 * (n % 1000))
          let expires =
            k % 3 == 2 ? now.adding(seconds: -60) : authenticated.adding(seconds: 86_400)
          state.insert(
            StoredSession(
              id: ids.next(), identityID: identity.id, active: k % 5 != 4, expiresAt: expires,
              authenticatedAt: authenticated, issuedAt: authenticated, createdAt: authenticated,
              assuranceLevel: "aal1",
              authenticationMethods: [
                ["method": "password", "aal": "aal1", "completed_at": authenticated.json]
              ],
              devices: []),
            keepSorted: false)
        }
      }
      state.restoreOrder()
      if sessionsPerIdentity > 0 { state.restoreSessionOrder() }
    }
  }
}
