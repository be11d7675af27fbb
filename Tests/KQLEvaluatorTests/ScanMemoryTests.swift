import Foundation
import KQLLanguage
import Testing

@testable import KQLEvaluator

/// When the server reports no identity count, estimates use what the last complete scan read.
@Suite struct ScanMemoryTests {
  func interpreter(_ sandbox: Sandbox) -> Interpreter {
    Interpreter(
      backend: sandbox.client, console: RecordingConsole(), input: FixedInput(lines: nil),
      settings: Settings(), arguments: [], variables: [:], backupDirectory: sandbox.backups,
      render: { diagnostic, _, _ in diagnostic.message })
  }

  @Test func aCompleteScanIsRemembered() async throws {
    let sandbox = try Sandbox()
    let interpreter = interpreter(sandbox)
    #expect(interpreter.scanMemory.lastCount == nil)
    _ = await interpreter.run(
      KQLParser.parse("find traits.name.first ~ a | count").0, source: "", file: nil)
    #expect(interpreter.scanMemory.lastCount == sandbox.store.identityCount)
  }

  @Test func aScanCutShortIsNotRemembered() async throws {
    let sandbox = try Sandbox()
    let interpreter = interpreter(sandbox)
    _ = await interpreter.run(KQLParser.parse("find | take 1 | count").0, source: "", file: nil)
    #expect(interpreter.scanMemory.lastCount == nil)
  }
}
