import Foundation
import Testing

@testable import KQLShell

@Suite struct HistoryStoreTests {
  /// A fresh state directory under the system's temporary directory.
  func temporaryDirectory() throws -> URL {
    let base = FileManager.default.temporaryDirectory
      .appendingPathComponent("kql-history-\(UUID().uuidString)")
    return base.appendingPathComponent("state/kql")
  }

  func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return try #require(attributes[.posixPermissions] as? Int)
  }

  @Test func fileAndDirectoryArePrivate() throws {
    let directory = try temporaryDirectory()
    let store = HistoryStore(directory: directory)
    #expect(try store.add("find state=active"))
    #expect(try mode(directory.path) == 0o700)
    #expect(try mode(directory.appendingPathComponent("history").path) == 0o600)
  }

  @Test func privateModeIsRestoredOverALooserFile() throws {
    let directory = try temporaryDirectory()
    let store = HistoryStore(directory: directory)
    try store.add("one")
    let path = directory.appendingPathComponent("history").path
    #expect(chmod(path, 0o644) == 0)
    try store.add("two")
    #expect(try mode(path) == 0o600)
  }

  @Test func entriesSurviveARestartMultiLineIncluded() throws {
    let directory = try temporaryDirectory()
    let store = HistoryStore(directory: directory)
    try store.add("find state=active |\n  show")
    try store.add(#"echo "a\b""#)
    let reopened = HistoryStore(directory: directory)
    try reopened.load()
    #expect(reopened.entries == ["find state=active |\n  show", #"echo "a\b""#])
  }

  @Test func repeatsMoveToTheEnd() throws {
    let store = HistoryStore(directory: try temporaryDirectory())
    try store.add("a")
    try store.add("b")
    try store.add("b")
    try store.add("a")
    #expect(store.entries == ["b", "a"])
  }

  @Test func sizeIsLimitedOnDiskToo() throws {
    let directory = try temporaryDirectory()
    let store = HistoryStore(directory: directory, limit: 4)
    for i in 1...10 {
      try store.add("take \(i)")
      let text = try String(
        contentsOf: directory.appendingPathComponent("history"), encoding: .utf8)
      #expect(text.split(separator: "\n").count <= 4 + store.compactionSlack)
    }
    #expect(store.entries == ["take 7", "take 8", "take 9", "take 10"])
    let reopened = HistoryStore(directory: directory, limit: 4)
    try reopened.load()
    #expect(reopened.entries == ["take 7", "take 8", "take 9", "take 10"])
  }

  @Test func compactionCollapsesRepeatsOnDisk() throws {
    let directory = try temporaryDirectory()
    let store = HistoryStore(directory: directory, limit: 4)
    for entry in ["a", "b", "a", "b", "a", "c"] { try store.add(entry) }
    let text = try String(contentsOf: directory.appendingPathComponent("history"), encoding: .utf8)
    #expect(text == "b\na\nc\n")
  }

  @Test func shellsSharingTheFileKeepEachOthersEntries() throws {
    let directory = try temporaryDirectory()
    let first = HistoryStore(directory: directory)
    let second = HistoryStore(directory: directory)
    try first.add("find a")
    try second.add("find b")
    try first.add("find c")
    let later = HistoryStore(directory: directory)
    try later.load()
    #expect(later.entries == ["find a", "find b", "find c"])
  }

  @Test(arguments: [
    "connect http://127.0.0.1:4434 --api-key ory_pat_AbC123",
    "kql --api-key=xyz",
    "let key = \"ory_apikey_0123456789\"",
    "echo ory_wak_deadbeef",
    "echo \"Authorization: Bearer eyJhbGciOi\"",
    "set api-key abc",
    "let api_key = abc",
    "let token = abc",
    "find x | set traits.password=hunter2",
    "let client_secret: s3cr3t",
    "connect https://admin:pw@127.0.0.1:4434",
  ])
  func secretsAreNeverKept(line: String) throws {
    let directory = try temporaryDirectory()
    let store = HistoryStore(directory: directory)
    #expect(try store.add(line) == false)
    #expect(store.entries.isEmpty)
    #expect(
      !FileManager.default.fileExists(atPath: directory.appendingPathComponent("history").path))
  }

  @Test(arguments: [
    "find state=active | show", "find traits.email=a@example.com", "sessions --active | revoke",
    "find has credentials.password | count", "set output json", "help tokens",
  ])
  func ordinaryStatementsAreKept(line: String) {
    #expect(!SecretFilter.containsSecret(line))
  }

  @Test func secretsInAnOldFileAreDroppedOnLoad() throws {
    let directory = try temporaryDirectory()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let text = "find a\nconnect --api-key ory_pat_x1\nfind b\n"
    try text.write(
      to: directory.appendingPathComponent("history"), atomically: true, encoding: .utf8)
    let store = HistoryStore(directory: directory)
    try store.load()
    #expect(store.entries == ["find a", "find b"])
    let rewritten = try String(
      contentsOf: directory.appendingPathComponent("history"), encoding: .utf8)
    #expect(rewritten == "find a\nfind b\n")
  }

  @Test func blankLinesAreNotKept() throws {
    let store = HistoryStore(directory: nil)
    #expect(try store.add("   ") == false)
    #expect(store.entries.isEmpty)
  }

  @Test func listingNumbersEntries() throws {
    let store = HistoryStore(directory: nil)
    for i in 1...10 { try store.add("take \(i)") }
    try store.add("find x |\n  show")
    let lines = store.listing()
    #expect(lines.first == " 1  take 1")
    #expect(lines.suffix(2) == ["11  find x |", "      show"])
  }

  @Test func defaultDirectoryFollowsXDG() {
    #expect(
      HistoryStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])?.path
        == "/s/kql")
    #expect(
      HistoryStore.defaultDirectory(environment: ["HOME": "/h"])?.path == "/h/.local/state/kql")
    #expect(
      HistoryStore.defaultDirectory(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"])?
        .path == "/h/.local/state/kql")
    #expect(HistoryStore.defaultDirectory(environment: [:]) == nil)
  }
}
