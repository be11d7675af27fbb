import Foundation
import KQLEvaluator
import KQLLanguage
import KratosClient
import KratosModel
import KratosSandbox
import Synchronization
import Testing

/// A console that keeps everything the evaluator says, for assertions.
final class RecordingConsole: Console {
  struct State {
    var printed: [String] = []
    var notes: [String] = []
    var warnings: [String] = []
    var errors: [String] = []
    var records: [JSON] = []
    var requests: [OutputRequest] = []
    var questions: [String] = []
  }

  let state = Mutex(State())
  let answer: Bool?
  let defaultFormat: OutputFormat

  init(answer: Bool? = nil, defaultFormat: OutputFormat = .jsonl) {
    self.answer = answer
    self.defaultFormat = defaultFormat
  }

  var printed: [String] { state.withLock { $0.printed } }
  var notes: [String] { state.withLock { $0.notes } }
  var warnings: [String] { state.withLock { $0.warnings } }
  var errors: [String] { state.withLock { $0.errors } }
  var records: [JSON] { state.withLock { $0.records } }
  var requests: [OutputRequest] { state.withLock { $0.requests } }
  var questions: [String] { state.withLock { $0.questions } }
  /// The `result` column of each action report row, by identity label.
  var results: [String] { records.compactMap { $0["result"]?.stringValue } }
  var everything: String { (printed + notes + warnings + errors).joined(separator: "\n") }

  func makeWriter(_ request: OutputRequest) -> any RecordWriter {
    state.withLock { $0.requests.append(request) }
    return Writer(console: self)
  }

  struct Writer: RecordWriter {
    let console: RecordingConsole
    func write(_ record: JSON) { console.state.withLock { $0.records.append(record) } }
    func finish() {}
  }

  func print(_ line: String) { state.withLock { $0.printed.append(line) } }
  func note(_ line: String) { state.withLock { $0.notes.append(line) } }
  func warning(_ line: String) { state.withLock { $0.warnings.append(line) } }
  func error(_ text: String) { state.withLock { $0.errors.append(text) } }
  func confirm(_ question: String) async -> Bool? {
    state.withLock { $0.questions.append(question) }
    return answer
  }
  func progress(_ event: ProgressEvent) {}
}

struct FixedInput: StandardInput {
  var lines: [String]?
  func allLines() -> [String]? { lines }
}

/// An in-process sandbox with a real client pointed at it.
struct Sandbox {
  let server: SandboxServer
  let client: KratosClient
  let backups: String

  init(store: SandboxStore = .demo(), latency: Duration = .zero) throws {
    server = try SandboxServer(store: store, latency: latency)
    client = try KratosClient(
      configuration: KratosClientConfiguration(
        endpoint: try KratosEndpoint(server.baseURL), clientVersion: "test"))
    backups =
      FileManager.default.temporaryDirectory.appendingPathComponent(
        "kql-backups-\(UUID().uuidString)"
      ).path
  }

  var store: SandboxStore { server.store }

  /// Parses and runs `text` as a script, the way `kql -c` does.
  func run(
    _ text: String, stdin: [String]? = nil, settings: Settings = Settings(),
    arguments: [String] = [],
    variables: [String: String] = [:], console: RecordingConsole = RecordingConsole()
  ) async -> (ExitCode, RecordingConsole) {
    let interpreter = Interpreter(
      backend: client, console: console, input: FixedInput(lines: stdin), settings: settings,
      arguments: arguments,
      variables: variables, backupDirectory: backups,
      render: { diagnostic, source, file in
        DiagnosticRenderer.render(diagnostic, source: source, file: file, color: false)
      })
    let (script, diagnostics) = KQLParser.parse(
      text, predeclared: interpreter.predeclaredVariables, arguments: arguments.count)
    if diagnostics.contains(where: { $0.severity == .error }) {
      for diagnostic in diagnostics {
        console.error(DiagnosticRenderer.render(diagnostic, source: text, file: nil, color: false))
      }
      return (.usage, console)
    }
    return (await interpreter.run(script, source: text, file: nil).status, console)
  }

  /// The identity's JSON as the sandbox holds it now.
  func identity(email: String) async throws -> Identity {
    let found = try await client.identities(withLoginIdentifier: email)
    return try #require(found.first)
  }
}

extension Settings {
  static func with(_ change: (inout Settings) -> Void) -> Settings {
    var settings = Settings()
    change(&settings)
    return settings
  }
}
