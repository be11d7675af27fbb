import KratosModel

/// The built-in demo data: about fifty people over three schemas, the same on every run.
extension SandboxStore {
  /// The demo user of the README walk-through: customer schema, active, two live sessions.
  public static let demoUserEmail = "alice@example.com"

  /// A store with the demo data set. Identity ids and timestamps are fixed; session times are
  /// placed around the moment of the call so that some sessions are live and some expired.
  public static func demo() -> SandboxStore {
    let store = SandboxStore()
    let now = GoTime.now()
    var data = DemoData(now: now)
    let decoder = SeedDecoder(ids: IDGenerator(seed: 0x6B71_6C64_656D_6F), now: now)
    do {
      try store.load(data.identities(), decoder: decoder)
    } catch {
      // The demo data is fixed and covered by tests; reaching this is a programming error.
      fatalError("the built-in demo data is invalid: \(error)")
    }
    return store
  }
}
