import Foundation
import Testing

@testable import KQLLanguage

/// Every `kql` block of docs/language.md parses, so the reference and the parser agree.
@Suite struct ReferenceExampleTests {
  static func blocks() throws -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent()
    let text = try String(
      contentsOf: root.appendingPathComponent("docs/language.md"), encoding: .utf8)
    var blocks: [String] = []
    var current: [Substring]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line == "```kql" {
        current = []
      } else if line == "```", let block = current {
        blocks.append(block.joined(separator: "\n"))
        current = nil
      } else {
        current?.append(line)
      }
    }
    return blocks
  }

  @Test func everyExampleParses() throws {
    let blocks = try Self.blocks()
    #expect(blocks.count >= 8)
    for block in blocks {
      let (script, diagnostics) = KQLParser.parse(block)
      #expect(diagnostics.isEmpty, "\(block)\n\(diagnostics.map(\.message))")
      #expect(!script.statements.isEmpty)
    }
  }

  @Test func everyStageIsDocumented() throws {
    let text = try Self.blocks().joined(separator: "\n")
    for stage in LanguageCatalog.stages.map(\.name) {
      #expect(text.contains(stage), "no example uses \(stage)")
    }
  }
}
