import Foundation
import KQLEvaluator
import KQLLanguage
import KQLShell
import KratosClient
import KratosModel
import Synchronization

/// The interactive shell: reads statements with line editing, runs each, and keeps going.
///
/// Each entry runs in its own task bound to Ctrl-C, so an interrupt cancels that entry (requests
/// in flight are aborted, nothing new starts, the summary says what was done) and the shell
/// carries on with a fresh prompt.
final class InteractiveShell {
  let invocation: Invocation
  let connection: Connection
  let directories: XDGDirectories
  let environment: [String: String]
  let fields = FieldCatalog()

  init(
    invocation: Invocation, connection: Connection, directories: XDGDirectories,
    environment: [String: String]
  ) {
    self.invocation = invocation
    self.connection = connection
    self.directories = directories
    self.environment = environment
  }

  func run() -> ExitCode {
    let fields = fields
    let console = StandardConsole(
      environment: environment, ask: { question, cancelled in Self.ask(question, cancelled) },
      seen: { fields.learn(record: $0) })
    let history = HistoryStore(directory: URL(fileURLWithPath: directories.state))
    do {
      try history.load()
    } catch {
      console.warning("\(error); history starts empty")
    }
    let editor: LineEditor
    do {
      editor = try LineEditor(
        history: history,
        completion: CompletionEngine(
          fieldPaths: { fields.paths() }, schemaIDs: { fields.schemaIDs() }),
        onHistoryError: { console.warning("\($0)") })
    } catch {
      console.error("cannot start the line editor: \(error)")
      return .failure
    }
    var settings = invocation.settings
    settings.onError = .continue
    let interpreter = Interpreter(
      backend: connection.client, console: console, input: StandardInputLines(isScript: true),
      settings: settings,
      arguments: [], variables: invocation.variables,
      backupDirectory: directories.state + "/backups",
      render: { console.render($0, source: $1, file: $2) })
    let host = SessionHost(
      connection: connection, invocation: invocation, environment: environment, console: console)
    host.history = history
    host.connected = { fields.learnSchemas(from: $0.client) }
    interpreter.host = host
    fields.learnSchemas(from: connection.client)

    console.print(
      "kql \(KQL.version) on \(connection.client.endpoint): type help, or exit (Ctrl-D)")
    while true {
      let prompt = "kql \(host.connection.label)> "
      let continuation = String(repeating: " ", count: max(0, prompt.count - 5)) + "...> "
      guard
        let text = editor.readStatement(
          prompt: prompt, continuationPrompt: continuation,
          needsContinuation: { Continuation.needsMore($0) })
      else { break }
      if text.allSatisfy(\.isWhitespace) { continue }
      let (script, diagnostics) = KQLParser.parse(
        text, predeclared: interpreter.predeclaredVariables, arguments: 0)
      for diagnostic in diagnostics {
        console.error(console.render(diagnostic, source: text, file: nil))
      }
      if diagnostics.contains(where: { $0.severity == .error }) { continue }
      let (_, exited) = MainThread.run { await interpreter.run(script, source: text, file: nil) }
      if exited { break }
    }
    host.connection.close()
    // Errors in the shell were reported as they happened; leaving it is a success.
    return .success
  }

  /// A yes/no answer read from the terminal; anything but y or yes is no, and so is Ctrl-C.
  ///
  /// The terminal is in its ordinary line mode here, so the answer arrives whole after Enter.
  /// Waiting polls, so that a Ctrl-C (which raises `cancelled`) ends the question at once.
  static func ask(_ question: String, _ cancelled: CancelFlag) -> Bool? {
    ConsoleWriter.standard.clearStatus()
    _ = ConsoleWriter.writeToDescriptor(.standardError, question)
    var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    while true {
      if cancelled.isRaised {
        // Drop whatever was typed, so it does not become the next command.
        tcflush(STDIN_FILENO, TCIFLUSH)
        _ = ConsoleWriter.writeToDescriptor(.standardError, "\n")
        return false
      }
      let ready = poll(&descriptor, 1, 100)
      if ready > 0 { break }
      if ready < 0 && errno != EINTR { return false }
    }
    guard let answer = Swift.readLine(strippingNewline: true) else { return false }
    return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
  }
}

/// Field paths and schema ids seen so far, for completion.
final class FieldCatalog: Sendable {
  private let state = Mutex<(paths: Set<String>, schemas: Set<String>)>(([], []))

  func paths() -> [String] { state.withLock { $0.paths.sorted() } }
  func schemaIDs() -> [String] { state.withLock { $0.schemas.sorted() } }

  /// Adds `traits.…` paths from a JSON Schema's `properties.traits.properties`.
  func learn(schemaID: String, schema: JSON) {
    var found: [String] = []
    func walk(_ node: JSON, _ prefix: String) {
      guard let properties = node["properties"]?.objectValue else { return }
      for (name, child) in properties {
        let path = prefix + "." + name
        found.append(path)
        walk(child, path)
      }
    }
    if let traits = schema["properties"]?["traits"] { walk(traits, "traits") }
    state.withLock {
      $0.paths.formUnion(found)
      $0.schemas.insert(schemaID)
    }
  }

  /// Learns trait paths from the server's identity schemas, in the background.
  func learnSchemas(from client: KratosClient) {
    Task.detached { [self] in
      guard let schemas = try? await client.identitySchemas() else { return }
      for schema in schemas { learn(schemaID: schema.id, schema: schema.schema) }
    }
  }

  /// Adds the object paths of a record written out, so fields of fetched identities complete.
  func learn(record: JSON) {
    var found: [String] = []
    func walk(_ node: JSON, _ prefix: String, depth: Int) {
      guard depth < 4, let members = node.objectValue else { return }
      for (name, child) in members where !name.contains(".") {
        let path = prefix.isEmpty ? name : prefix + "." + name
        found.append(path)
        walk(child, path, depth: depth + 1)
      }
    }
    walk(record, "", depth: 0)
    guard !found.isEmpty else { return }
    state.withLock { $0.paths.formUnion(found) }
  }
}
