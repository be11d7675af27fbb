import Foundation
import KQLLanguage
import KratosClient
import KratosModel

/// The exit status of a run, as documented for `kql`.
public enum ExitCode: Int32, Sendable, Comparable {
  /// Everything was done.
  case success = 0
  /// Some item or request failed.
  case failure = 1
  /// A usage or parse error: nothing was run.
  case usage = 2

  public static func < (a: ExitCode, b: ExitCode) -> Bool { a.rawValue < b.rawValue }
}

/// The commands that belong to the program around the interpreter rather than to the language.
public protocol InterpreterHost: AnyObject {
  func help(topic: String?)
  func showHistory()
  /// Switches to another endpoint or profile and returns its backend.
  func connect(to target: String) async throws -> KratosClient
}

/// Runs statements: variables, options, `source`, and pipelines through `PipelineRunner`.
///
/// An interpreter is used by one task at a time: the shell hands each entry to a task it can
/// cancel and waits for it before reading the next, so its variables and settings are never
/// touched concurrently. That sequencing is what the unchecked `Sendable` rests on.
public final class Interpreter: @unchecked Sendable {
  public var settings: Settings
  public private(set) var backend: KratosClient
  public weak var host: (any InterpreterHost)?
  let console: any Console
  let input: any StandardInput
  let arguments: [String]
  var variables: [String: Operand]
  /// Where `delete` keeps its backups.
  let backupDirectory: String
  /// Renders a diagnostic with its source line and caret.
  let render: (Diagnostic, _ source: String, _ file: String?) -> String
  var sourceDepth = 0
  /// What the last complete scan saw, for estimates.
  let scanMemory = ScanMemory()

  public init(
    backend: KratosClient, console: any Console, input: any StandardInput, settings: Settings,
    arguments: [String], variables: [String: String], backupDirectory: String,
    render: @escaping (Diagnostic, String, String?) -> String
  ) {
    self.backend = backend
    self.console = console
    self.input = input
    self.settings = settings
    self.arguments = arguments
    self.variables = variables.mapValues(Operand.classifying)
    self.backupDirectory = backupDirectory
    self.render = render
  }

  /// Names a script may use as `$NAME` without a `let`: those given with `-v`.
  public var predeclaredVariables: Set<String> { Set(variables.keys) }

  /// Runs every statement in order. With `stopOnError`, the first failed statement ends the run
  /// (the `on-error stop` option decides whether a script does); `exit` always ends it.
  public func run(
    _ script: Script, source: String, file: String?
  ) async -> (status: ExitCode, exited: Bool) {
    var status = ExitCode.success
    let total = script.statements.count
    for (index, statement) in script.statements.enumerated() {
      if Task.isCancelled { return (max(status, .failure), false) }
      if case .exit = statement.kind { return (status, true) }
      var result = await run(statement, source: source, file: file)
      // Status 2 promises that nothing ran; once an earlier statement has, a statement refused
      // at run time (a missing file, a bad option value) is a failure like any other.
      if result == .usage, index > 0 { result = .failure }
      status = max(status, result)
      if result != .success, settings.onError == .stop, total > 1, index < total - 1 {
        let place =
          file.map { "\($0):\(statement.range.start.line)" } ?? "line \(statement.range.start.line)"
        console.error(
          "stopped at \(place) because that statement failed (on-error stop); "
            + "\(index) of \(total) statements had run before it")
        return (status, false)
      }
    }
    return (status, false)
  }

  /// Runs one statement and says how it went.
  public func run(_ statement: Statement, source: String, file: String?) async -> ExitCode {
    let resolver = ValueResolver(variables: variables, arguments: arguments, now: Date())
    func report(_ message: String, _ range: SourceRange) -> ExitCode {
      console.error(render(Diagnostic(.error, message, at: range), source, file))
      return .usage
    }
    switch statement.kind {
    case .pipeline(let pipeline):
      let runner = PipelineRunner(
        pipeline: pipeline, backend: backend, console: console, settings: settings,
        resolver: resolver,
        input: input, backups: BackupFile.inDirectory(backupDirectory), scanMemory: scanMemory,
        render: { [render] message, range in
          render(Diagnostic(.error, message, at: range), source, file)
        })
      switch await runner.run() {
      case .succeeded: return .success
      case .failed, .declined: return .failure
      case .invalid: return .usage
      }
    case .explain(let pipeline):
      return await explain(pipeline, resolver: resolver, report: report)
    case .assignment(let name, let value):
      do {
        variables[name.name] = try resolver.resolve(value)
      } catch {
        return report(error.message, error.range)
      }
      return .success
    case .setOption(let option, let value):
      do {
        try settings.set(option.name, to: try resolver.text(value))
      } catch let error as SettingError {
        return report(error.description, value.range)
      } catch let error as ValueError {
        return report(error.message, error.range)
      } catch {
        return report(String(describing: error), value.range)
      }
      return .success
    case .echo(let values):
      do {
        var words: [String] = []
        for value in values { words.append(try resolver.resolve(value).text) }
        console.print(words.joined(separator: " "))
      } catch {
        return report(error.message, error.range)
      }
      return .success
    case .source(let value):
      let path: String
      do {
        path = try resolver.text(value)
      } catch {
        return report(error.message, error.range)
      }
      return await runSource(path, range: value.range, report: report)
    case .help(let topic):
      host?.help(topic: topic?.name)
      return .success
    case .history:
      host?.showHistory()
      return .success
    case .connect(let value):
      do {
        let target = try resolver.text(value)
        guard let host else { return report("connect is not available here", value.range) }
        backend = try await host.connect(to: target)
      } catch let error as ValueError {
        return report(error.message, error.range)
      } catch {
        return report(String(describing: error), value.range)
      }
      return .success
    case .exit:
      return .success
    }
  }

  func runSource(
    _ path: String, range: SourceRange, report: (String, SourceRange) -> ExitCode
  ) async -> ExitCode {
    guard sourceDepth < 16 else { return report("source is nested more than 16 deep", range) }
    guard let data = FileManager.default.contents(atPath: path) else {
      return report("cannot read \(path)", range)
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      return report("\(path) is not UTF-8 text", range)
    }
    // Variables set so far stay visible in the sourced file.
    let (script, diagnostics) = KQLParser.parse(
      text, predeclared: Set(variables.keys), arguments: arguments.count)
    let errors = diagnostics.filter { $0.severity == .error }
    for diagnostic in diagnostics { console.error(render(diagnostic, text, path)) }
    guard errors.isEmpty else { return .usage }
    sourceDepth += 1
    defer { sourceDepth -= 1 }
    return await run(script, source: text, file: path).status
  }

  func explain(
    _ pipeline: Pipeline, resolver: ValueResolver, report: (String, SourceRange) -> ExitCode
  ) async -> ExitCode {
    var lines: [String] = []
    for (index, stage) in pipeline.stages.enumerated() {
      switch stage.kind {
      case .find(let expression, let noScan):
        do {
          let plan = try FindPlan.make(expression, resolver: resolver)
          let counted = try? await backend.identityCount()
          var described = plan.describe(identityCount: counted ?? scanMemory.lastCount)
          if noScan || !settings.scan, described.count > 1 { described.removeLast() }
          lines += described.map { "find: \($0)" }
        } catch {
          return report(error.message, error.range)
        }
      default:
        lines.append(
          "\(stage.name): \(Self.explanation(of: stage, first: index == 0, dryRun: settings.dryRun))"
        )
      }
    }
    for line in lines { console.print(line) }
    return .success
  }

  static func explanation(of stage: Stage, first: Bool, dryRun: Bool) -> String {
    let write = dryRun ? " (dry run: printed, not sent)" : ""
    switch stage.kind {
    case .find: return ""
    case .get(let ids):
      return "GET /admin/identities?ids=… for \(ids.count) id\(ids.count == 1 ? "" : "s")"
    case .ids:
      return first
        ? "identity IDs from standard input, checked first, then GET /admin/identities?ids=… per 500"
        : "print each record's id"
    case .load:
      return "identity IDs from the file, checked first, then GET /admin/identities?ids=… per 500"
    case .sessions:
      return first
        ? "GET /admin/sessions?expand=identity, paged (up to 1000 per page)"
        : "GET /admin/identities/{id}/sessions for each identity"
    case .where: return "checked locally on each record"
    case .take(let value):
      let count = if case .integer(let n) = value.kind { "\(n)" } else { "N" }
      return "keep the first \(count) records, then stop reading"
    case .sort: return "collect every record, then sort locally"
    case .select: return "choose the output columns"
    case .deactivate:
      return
        "PATCH /admin/identities/{id} replace /state inactive, skipped when already inactive\(write)"
    case .activate:
      return
        "PATCH /admin/identities/{id} replace /state active, skipped when already active\(write)"
    case .revoke:
      return
        "after identities: GET …/{id}/sessions for the count, then DELETE"
        + " /admin/identities/{id}/sessions\(write); after sessions: DELETE /admin/sessions/{id}\(write)"
    case .delete:
      return
        "GET /admin/identities/{id} with credentials into the backup file, then DELETE"
        + " /admin/identities/{id}\(write)"
    case .set, .unset:
      return
        "PATCH /admin/identities/{id} with the changed paths only, skipped when nothing changes\(write)"
    case .recover(let method, _):
      return "POST /admin/recovery/\(method.rawValue) for each identity\(write)"
    case .show: return "print a table (or JSON lines when not on a terminal)"
    case .json: return "print a JSON array, one record per line"
    case .jsonl: return "print one JSON object per line"
    case .csv: return "print CSV with a header row"
    case .count: return "print the number of records"
    case .save(_, let forImport):
      return forImport
        ? "GET /admin/identities/{id} with credentials for each identity, written as Kratos create bodies"
        : "write JSON lines to the file"
    }
  }
}
