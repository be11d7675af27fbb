import Foundation
import KQLEvaluator
import KratosModel
import KratosSandbox
import Testing

/// The main job: find a user, deactivate them and end their sessions.
@Suite struct MainJobTests {
  @Test func deactivatesAndRevokesByEmail() async throws {
    let sandbox = try Sandbox()
    let before = try await sandbox.identity(email: "alice@example.com")
    let sessionsBefore = try await sandbox.client.sessionCount(identityID: before.id)
    #expect(sessionsBefore >= 2)

    let (status, console) = await sandbox.run("find email=alice@example.com | deactivate | revoke")
    #expect(status == .success, "\(console.everything)")
    #expect(console.results == ["deactivated, revoked \(sessionsBefore) sessions"])
    #expect(console.records.first?["identity"]?.stringValue == "alice@example.com")
    #expect(
      console.notes.last?.contains("1 identity: 1 deactivated, \(sessionsBefore) sessions revoked")
        == true)

    let after = try await sandbox.identity(email: "alice@example.com")
    #expect(after.state == .inactive)
    #expect(after.stateChangedAt != nil)
    #expect(try await sandbox.client.sessionCount(identityID: after.id) == 0)
  }

  @Test func runningAgainReportsWhatIsAlreadyDone() async throws {
    let sandbox = try Sandbox()
    _ = await sandbox.run("find email=alice@example.com | deactivate | revoke")
    sandbox.server.resetStatistics()
    let (status, console) = await sandbox.run("find email=alice@example.com | deactivate | revoke")
    #expect(status == .success)
    #expect(console.results == ["already inactive, no sessions"])
    // The state already matched, so no PATCH was sent.
    #expect(sandbox.server.statistics.count("PATCH") == 0)
  }

  @Test func findsCapitalisedEmailsThroughLowerCasedIdentifiers() async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run("find email=' BOB.JONES@example.COM ' | count")
    #expect(status == .success)
    #expect(console.printed == ["1"])
    #expect(console.notes.isEmpty, "the fast lookup should have found it: \(console.notes)")
  }

  @Test func fallsBackToAScanForEmailsThatAreNoLoginIdentifier() async throws {
    let sandbox = try Sandbox()
    // A Google sign-in: the address is a trait only, the login identifier is google:….
    let (status, console) = await sandbox.run("find email=sam.taylor@gmail.example | ids")
    #expect(status == .success, "\(console.everything)")
    #expect(console.records.count == 1)
    #expect(
      console.notes.contains { $0.contains("no login identifier is sam.taylor@gmail.example") })
    #expect(console.notes.contains { $0.contains("scanning") })
  }

  @Test func noScanSaysWhatAScanWouldTake() async throws {
    let sandbox = try Sandbox()
    let settings = Settings.with { $0.scan = false }
    let (status, console) = await sandbox.run(
      "find email=sam.taylor@gmail.example | ids", settings: settings)
    #expect(status == .success)
    #expect(console.records.isEmpty)
    let note = try #require(console.notes.first)
    #expect(note.contains("not scanning") && note.contains("page"), "\(note)")
    let (_, flagged) = await sandbox.run("find email=sam.taylor@gmail.example --no-scan | ids")
    #expect(flagged.records.isEmpty)
  }

  @Test func keepsEachIdentitysRequestsInOrderUnderConcurrency() async throws {
    let store = SandboxStore.synthetic(count: 60, sessionsPerIdentity: 1)
    let sandbox = try Sandbox(store: store)
    let settings = Settings.with {
      $0.concurrency = 8
      $0.assumeYes = true
    }
    let (status, console) = await sandbox.run("find | deactivate | revoke", settings: settings)
    #expect(status == .success, "\(console.everything)")
    #expect(console.records.count == 60)
    // Results come out in the order the identities were listed.
    let ids = console.records.compactMap { $0["id"]?.stringValue }
    #expect(ids == ids.sorted())
    // For every identity deactivated, the PATCH reached the server before the DELETE of its sessions.
    let log = sandbox.server.statistics.log
    let deactivated = console.records.filter {
      $0["result"]?.stringValue?.hasPrefix("deactivated") == true
    }
    #expect(deactivated.count == 54)
    for id in deactivated.compactMap({ $0["id"]?.stringValue }) {
      let patch = log.firstIndex { $0.method == "PATCH" && $0.target.contains(id) }
      let delete = log.firstIndex { $0.method == "DELETE" && $0.target.contains("\(id)/sessions") }
      let (p, d) = (try #require(patch), try #require(delete))
      #expect(p < d)
    }
  }
}
