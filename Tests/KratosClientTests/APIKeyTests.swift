import Foundation
import Testing

@testable import KratosClient

@Suite struct APIKeyTests {
  static let secret = "ory_pat_TOPSECRET123"

  @Test func keyIsNeverPrinted() throws {
    let key = try #require(APIKey(Self.secret))
    var dumped = ""
    dump(key, to: &dumped)
    let renderings = [
      "\(key)", String(describing: key), String(reflecting: key), dumped,
      "\(Optional(key) as Any)", "\([key])",
    ]
    for text in renderings {
      #expect(!text.contains("TOPSECRET"), "leaked in \(text)")
      #expect(text.contains("redacted"))
    }
  }

  @Test func keyIsTrimmedAndRejectedWhenUnusable() {
    #expect(APIKey("  \(Self.secret)\n")?.secret == Self.secret)
    #expect(APIKey("") == nil)
    #expect(APIKey(" \n ") == nil)
    #expect(APIKey("two words") == nil)
    #expect(APIKey("line\u{0}break") == nil)
  }

  @Test func environmentPrefersTheProjectKey() {
    #expect(
      APIKey.fromEnvironment(["ORY_PROJECT_API_KEY": "a", "ORY_API_KEY": "b"])?.secret == "a")
    #expect(
      APIKey.fromEnvironment(["ORY_PROJECT_API_KEY": " ", "ORY_API_KEY": "b"])?.secret == "b")
    #expect(APIKey.fromEnvironment(["OTHER": "c"]) == nil)
  }

  @Test func fileGivesTheTrimmedFirstLineAndReportsLoosePermissions() throws {
    let path = try TemporaryFile.write("  \(Self.secret)  \nsecond line\n", mode: 0o644)
    defer { unlink(path) }
    let loaded = try APIKey.load(fromFile: path)
    #expect(loaded.key.secret == Self.secret)
    #expect(loaded.isReadableByOthers)
    #expect(loaded.warning?.contains(path) == true)
    #expect(loaded.warning?.contains("TOPSECRET") == false)

    chmod(path, 0o600)
    #expect(try !APIKey.load(fromFile: path).isReadableByOthers)
    #expect(try APIKey.load(fromFile: path).warning == nil)
  }

  @Test(arguments: [
    ("", "the first line is empty"),
    ("\nory_pat_x\n", "the first line is empty"),
    ("ory pat TOPSECRET\n", "spaces or control characters"),
  ])
  func badFilesNameThePathButNotTheContent(_ content: String, _ reason: String) throws {
    let path = try TemporaryFile.write(content, mode: 0o600)
    defer { unlink(path) }
    #expect {
      try APIKey.load(fromFile: path)
    } throws: { error in
      let text = "\(error)"
      return text.contains(path) && text.contains(reason) && !text.contains("TOPSECRET")
    }
  }

  @Test func missingFileAndDirectoryAreReported() throws {
    #expect {
      try APIKey.load(fromFile: "/nonexistent/kql-key")
    } throws: { error in
      "\(error)" == "cannot read the api key from /nonexistent/kql-key: no such file or directory"
    }
    #expect {
      try APIKey.load(fromFile: "/tmp")
    } throws: { error in "\(error)".contains("not a regular file") }
  }
}

/// Files under the temporary directory for tests that read from disk.
enum TemporaryFile {
  static func write(_ content: String, mode: mode_t) throws -> String {
    let path = NSTemporaryDirectory() + "kql-test-\(UUID().uuidString)"
    guard FileManager.default.createFile(atPath: path, contents: Data(content.utf8)) else {
      throw TestServerError("cannot create \(path)")
    }
    chmod(path, mode)
    return path
  }
}
