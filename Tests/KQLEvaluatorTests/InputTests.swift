import Foundation
import KQLEvaluator
import KratosModel
import KratosSandbox
import Testing

/// Identity IDs from standard input and files: checked completely before anything changes.
@Suite struct InputTests {
  @Test func actionsReadIDsFromStandardInput() async throws {
    let sandbox = try Sandbox()
    let alice = try await sandbox.identity(email: "alice@example.com")
    let bob = try await sandbox.identity(email: "bob.jones@example.com")
    let lines = ["# leavers", alice.id.uppercased(), "", "  \(bob.id)  ", alice.id]
    let settings = Settings.with { $0.assumeYes = true }
    let (status, console) = await sandbox.run(
      "deactivate | revoke", stdin: lines, settings: settings)
    #expect(status == .success, "\(console.everything)")
    #expect(console.records.compactMap { $0["id"]?.stringValue } == [alice.id, bob.id])
  }

  @Test func aBadLineStopsTheRunBeforeAnyChange() async throws {
    let sandbox = try Sandbox()
    let alice = try await sandbox.identity(email: "alice@example.com")
    sandbox.server.resetStatistics()
    let lines = [alice.id, "alice@example.com", alice.id]
    let settings = Settings.with { $0.assumeYes = true }
    let (status, console) = await sandbox.run(
      "deactivate | revoke", stdin: lines, settings: settings)
    #expect(status == .usage)
    #expect(console.errors.joined().contains("standard input line 2"))
    #expect(console.errors.joined().contains("nothing was changed"))
    #expect(sandbox.server.statistics.requests == 0)
  }

  @Test func unknownIDsAreReportedNotDropped() async throws {
    let sandbox = try Sandbox()
    let unknown = "00000000-0000-4000-8000-000000000001"
    let (status, console) = await sandbox.run("ids | deactivate", stdin: [unknown])
    #expect(status == .failure)
    #expect(console.results == ["not found"])
    #expect(console.notes.last?.contains("1 not found") == true)
  }

  @Test func noStandardInputIsAClearError() async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run("deactivate", stdin: nil)
    #expect(status == .usage)
    #expect(console.errors.joined().contains("no identity IDs on standard input"))
  }

  @Test func loadReadsIDsAndJSONLinesFromAFile() async throws {
    let sandbox = try Sandbox()
    let alice = try await sandbox.identity(email: "alice@example.com")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-load-\(UUID().uuidString)")
    try "\(alice.id)\n{\"id\":\"\(alice.id)\",\"state\":\"active\"}\n".write(
      to: file, atomically: true, encoding: .utf8)
    let (status, console) = await sandbox.run("load \(file.path) | count")
    #expect(status == .success, "\(console.everything)")
    #expect(console.printed == ["1"])
  }

  @Test func saveWritesJSONLinesThatLoadReadsBack() async throws {
    let sandbox = try Sandbox()
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-save-\(UUID().uuidString)"
    ).path
    let (status, console) = await sandbox.run("find traits.department=Engineering | save \(file)")
    #expect(status == .success, "\(console.everything)")
    let attributes = try FileManager.default.attributesOfItem(atPath: file)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 3)
    let (again, reloaded) = await sandbox.run("load \(file) | count")
    #expect(again == .success)
    #expect(reloaded.printed == ["3"])
  }
}

extension InputTests {
  /// A list saved by a Windows tool ends its lines in CRLF; it was once read as one bad line.
  @Test func linesMayEndInCRLF() async throws {
    let sandbox = try Sandbox()
    let alice = try await sandbox.identity(email: "alice@example.com")
    let bob = try await sandbox.identity(email: "bob.jones@example.com")
    #expect(IDList.lines(of: "\(alice.id)\r\n\(bob.id)\r\n") == [alice.id, bob.id])
    let (status, console) = await sandbox.run(
      "ids | count", stdin: IDList.lines(of: "\(alice.id)\r\n\(bob.id)\r\n"))
    #expect(status == .success, "\(console.everything)")
    #expect(console.printed == ["2"])
  }
}

extension InputTests {
  @Test func aByteOrderMarkIsSkipped() async throws {
    let sandbox = try Sandbox()
    let alice = try await sandbox.identity(email: "alice@example.com")
    let (status, console) = await sandbox.run("ids | count", stdin: ["\u{FEFF}\(alice.id)"])
    #expect(status == .success, "\(console.everything)")
    #expect(console.printed == ["1"])
  }

  @Test func savedSessionsAreNotTakenForIdentities() async throws {
    let sandbox = try Sandbox()
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-sessions-\(UUID().uuidString)"
    ).path
    _ = await sandbox.run("find email=alice@example.com | sessions | save \(file)")
    let (status, console) = await sandbox.run("load \(file) | count")
    #expect(status == .usage)
    #expect(console.errors.joined().contains("line 1 is a session, not an identity"))
  }
}
