import Foundation
import KQLLanguage
import KratosClient
import KratosModel

/// What kind of records a stage receives, tracked while a pipeline is compiled so that
/// `deactivate` after `sessions`, say, is refused before anything runs.
enum RecordKind: String {
  case identities
  case sessions
  case values
}

/// How a pipeline ended, for the script's exit status.
public enum PipelineStatus: Sendable, Equatable {
  /// Everything ran and every record succeeded.
  case succeeded
  /// Some record or request failed, or the run was interrupted.
  case failed
  /// A value in the pipeline is unusable (unset variable, bad pattern); nothing ran.
  case invalid
  /// The confirmation was declined or could not be asked; nothing ran.
  case declined
}

/// Where `ids` and pipelines that start with an action get their identity IDs.
public protocol StandardInput: Sendable {
  /// Every line of standard input, or `nil` when standard input is the script itself or a terminal.
  func allLines() -> [String]?
}

/// Compiles one pipeline and runs it, streaming records from the source through each stage.
struct PipelineRunner {
  let pipeline: Pipeline
  let backend: KratosClient
  let console: any Console
  let settings: Settings
  let resolver: ValueResolver
  let input: any StandardInput
  let backups: BackupFile?
  /// How many identities the last complete scan read, for estimates when the server gives no count.
  let scanMemory: ScanMemory
  let render: (String, SourceRange) -> String

  /// An operator between the source and the output.
  enum Operator {
    case map(network: Bool, action: Bool, transform: @Sendable (Item) async -> [Item])
    case take(Int)
    case sort(@Sendable (Item, Item) -> Bool)
  }

  enum Source {
    /// `scanFallback`: whether `find email=X` may scan when no login identifier matches.
    case find(FindPlan, scanFallback: Bool)
    case ids([String], origin: String)
    case sessions(active: Bool?)
  }

  enum Output {
    case report
    case records(OutputRequest)
    case count
    /// `forImport`: a JSON array of Kratos create bodies instead of JSON lines.
    case save(String, forImport: Bool)
  }

  struct Compiled {
    var source: Source
    var operators: [Operator] = []
    var output: Output
    var columns: [String]
    var deletes = false
    var kind: RecordKind
    var hasAction = false
    /// Some stage reads login identifiers or credentials, which listings include only on request.
    var readsCredentials = false
  }

  /// Whether any stage of `pipeline` reads a path under `identifier` or `credentials`.
  static func readsCredentials(_ pipeline: Pipeline) -> Bool {
    func reads(_ path: FieldPath) -> Bool {
      ["identifier", "credentials"].contains(path.components.first)
    }
    return pipeline.stages.contains { stage in
      switch stage.kind {
      case .find(let expression?, _), .where(let expression):
        FindPlan.mentionsCredentials(expression)
      case .sort(let keys): keys.contains { reads($0.field) }
      case .select(let fields), .show(let fields, _), .csv(let fields):
        fields.contains(where: reads)
      default: false
      }
    }
  }

  struct CompileError: Error {
    var message: String
    var range: SourceRange
  }

  func run() async -> PipelineStatus {
    let started = Date()
    let requestsBefore = backend.statistics.requests
    let compiled: Compiled
    do {
      compiled = try compile()
    } catch {
      console.error(render(error.message, error.range))
      return .invalid
    }
    let status = await execute(compiled)
    if settings.timing {
      let seconds = Date().timeIntervalSince(started)
      let requests = backend.statistics.requests - requestsBefore
      console.note(
        String(format: "time: %.3f s, %d request%@", seconds, requests, requests == 1 ? "" : "s"))
    }
    return status
  }

  // MARK: Compiling

  func compile() throws(CompileError) -> Compiled {
    var stages = pipeline.stages[...]
    guard let first = stages.first else {
      throw CompileError(message: "empty pipeline", range: pipeline.range)
    }
    var compiled: Compiled
    switch first.kind {
    case .find(let expression, let noScan):
      let plan: FindPlan
      do {
        plan = try FindPlan.make(expression, resolver: resolver)
      } catch {
        throw CompileError(message: error.message, range: error.range)
      }
      compiled = Compiled(
        source: .find(plan, scanFallback: settings.scan && !noScan), output: .report, columns: [],
        kind: .identities)
      stages = stages.dropFirst()
    case .get(let values):
      var ids: [String] = []
      for value in values {
        let text = try word(value)
        guard let id = UUIDText.normalized(text) else {
          throw CompileError(
            message: "'\(text)' is not an identity id (a UUID)", range: value.range)
        }
        ids.append(id)
      }
      compiled = Compiled(
        source: .ids(ids, origin: "get"), output: .report, columns: [], kind: .identities)
      stages = stages.dropFirst()
    case .ids:
      compiled = Compiled(
        source: .ids(try stdinIDs(at: first.range), origin: "standard input"),
        output: .report, columns: [], kind: .identities)
      stages = stages.dropFirst()
    case .load(let value):
      let path = try word(value)
      compiled = Compiled(
        source: .ids(try fileIDs(path, at: value.range), origin: path),
        output: .report, columns: [], kind: .identities)
      stages = stages.dropFirst()
    case .sessions(let active):
      compiled = Compiled(
        source: .sessions(active: active), output: .report, columns: [], kind: .sessions)
      stages = stages.dropFirst()
    default:
      // A pipeline that starts with an action or filter works on the IDs piped to kql.
      compiled = Compiled(
        source: .ids(try stdinIDs(at: first.nameRange), origin: "standard input"),
        output: .report, columns: [], kind: .identities)
    }
    compiled.readsCredentials = Self.readsCredentials(pipeline)
    var outputSeen = false
    for stage in stages {
      if outputSeen {
        throw CompileError(
          message: "'\(stage.name)' cannot follow an output stage", range: stage.nameRange)
      }
      outputSeen = try add(stage, to: &compiled)
    }
    if !outputSeen && !compiled.hasAction {
      compiled.output = .records(
        OutputRequest(
          format: settings.output ?? console.defaultFormat, columns: [], wide: settings.wide))
    }
    return compiled
  }

  /// Adds one stage; returns whether it was an output stage.
  func add(_ stage: Stage, to compiled: inout Compiled) throws(CompileError) -> Bool {
    let actions = Actions(backend: backend, dryRun: settings.dryRun, backups: backups)
    func needIdentities() throws(CompileError) {
      guard compiled.kind == .identities else {
        throw CompileError(
          message:
            "'\(stage.name)' works on identities, but the records here are \(compiled.kind.rawValue)",
          range: stage.nameRange)
      }
    }
    func action(_ transform: @escaping @Sendable (Item) async -> Item) {
      compiled.hasAction = true
      compiled.operators.append(.map(network: true, action: true) { [await transform($0)] })
    }
    switch stage.kind {
    case .find, .get, .load:
      throw CompileError(
        message: "'\(stage.name)' can only start a pipeline", range: stage.nameRange)
    case .ids:
      compiled.output = .records(OutputRequest(format: .ids, columns: [], wide: false))
      return true
    case .sessions(let active):
      guard compiled.kind == .identities else {
        throw CompileError(
          message: "'sessions' here needs identities before it", range: stage.nameRange)
      }
      compiled.kind = .sessions
      compiled.operators.append(
        .map(network: true, action: false) { await actions.sessions(of: $0, active: active) })
    case .where(let expression):
      let predicate: Predicate
      do {
        predicate = try Predicate.compile(expression, resolver: resolver)
      } catch {
        throw CompileError(message: error.message, range: error.range)
      }
      compiled.operators.append(
        .map(network: false, action: false) { item in
          if item.stopped { return [item] }
          if case .missing = item.record { return [item] }
          return predicate.matches(item.record) ? [item] : []
        })
    case .take(let value):
      guard case .integer(let n) = try operand(value), n >= 0 else {
        throw CompileError(message: "take needs a whole number of records", range: value.range)
      }
      compiled.operators.append(.take(n))
    case .sort(let keys):
      let paths = keys.map { ($0.field.components, $0.descending) }
      compiled.operators.append(
        .sort { a, b in
          for (path, descending) in paths {
            let (x, y) = (a.record.values(at: path).first, b.record.values(at: path).first)
            // Missing values go last in either direction.
            if (x == nil) != (y == nil) { return y == nil }
            let order = Ordering.compare(x, y)
            if order != 0 { return descending ? order > 0 : order < 0 }
          }
          return false
        })
    case .select(let fields):
      compiled.columns = fields.map(\.dotted)
    case .deactivate:
      try needIdentities()
      action { await actions.setState(.inactive, $0) }
    case .activate:
      try needIdentities()
      action { await actions.setState(.active, $0) }
    case .revoke:
      switch compiled.kind {
      case .identities: action { await actions.revokeSessions($0) }
      case .sessions: action { await actions.revokeSession($0) }
      case .values:
        throw CompileError(
          message: "'revoke' works on identities or sessions", range: stage.nameRange)
      }
    case .delete:
      try needIdentities()
      compiled.deletes = true
      action { await actions.delete($0) }
    case .set(let assignments):
      try needIdentities()
      var changes: [FieldChange] = []
      for assignment in assignments {
        try checkWritable(assignment.path)
        changes.append(
          FieldChange(path: assignment.path.components, value: try operand(assignment.value).json))
      }
      action { [changes] in await actions.patch(changes, $0) }
    case .unset(let paths):
      try needIdentities()
      var changes: [FieldChange] = []
      for path in paths {
        try checkWritable(path)
        changes.append(FieldChange(path: path.components, value: nil))
      }
      action { [changes] in await actions.patch(changes, $0) }
    case .recover(let method, let expires):
      try needIdentities()
      let expiresIn = try expires.map { (v) throws(CompileError) in try duration(v) }
      action { await actions.recover(method, expiresIn: expiresIn, $0) }
    case .show(let fields, let wide):
      compiled.output = .records(
        OutputRequest(
          format: settings.output ?? console.defaultFormat, columns: fields.map(\.dotted),
          wide: wide || settings.wide))
      return true
    case .json, .jsonl:
      let format: OutputFormat = stage.kind == .json ? .json : .jsonl
      compiled.output = .records(OutputRequest(format: format, columns: [], wide: false))
      return true
    case .csv(let fields):
      compiled.output = .records(
        OutputRequest(format: .csv, columns: fields.map(\.dotted), wide: false))
      return true
    case .count:
      compiled.output = .count
      return true
    case .save(let value, let forImport):
      if forImport {
        try needIdentities()
        // Create bodies carry credentials, which only a single-identity GET includes.
        compiled.operators.append(
          .map(network: true, action: false) { [await actions.withCredentials($0)] })
      }
      compiled.output = .save(try word(value), forImport: forImport)
      return true
    }
    return false
  }

  /// `set` and `unset` change traits and metadata only, and never what Kratos's deny-list forbids.
  func checkWritable(_ path: FieldPath) throws(CompileError) {
    let root = path.components.first ?? ""
    guard ["traits", "metadata_public", "metadata_admin"].contains(root), path.components.count >= 2
    else {
      throw CompileError(
        message:
          "set and unset change fields under traits, metadata_public or metadata_admin, not '\(path.dotted)'",
        range: path.range)
    }
    let pointer = JSONPointer.string(path.components)
    if JSONPointer.isDenied(pointer) {
      throw CompileError(message: "Kratos refuses patches to \(pointer)", range: path.range)
    }
  }

  func operand(_ value: Value) throws(CompileError) -> Operand {
    do {
      return try resolver.resolve(value)
    } catch {
      throw CompileError(message: error.message, range: error.range)
    }
  }

  /// A span of time such as `1h`, written as a duration literal or held in a variable.
  func duration(_ value: Value) throws(CompileError) -> Duration {
    if case .duration(let seconds, _) = value.kind { return .seconds(seconds) }
    let text = try word(value)
    guard let seconds = DurationText.seconds(text) else {
      throw CompileError(
        message: "'\(text)' is not a duration such as 30m, 1h or 2d", range: value.range)
    }
    return .seconds(seconds)
  }

  func word(_ value: Value) throws(CompileError) -> String {
    do {
      return try resolver.text(value)
    } catch {
      throw CompileError(message: error.message, range: error.range)
    }
  }

  /// Reads and checks every ID on standard input before anything is sent.
  func stdinIDs(at range: SourceRange) throws(CompileError) -> [String] {
    guard let lines = input.allLines() else {
      throw CompileError(
        message:
          "no identity IDs on standard input: pipe them in (one per line) with -c or a script file",
        range: range)
    }
    return try IDList.parse(lines, origin: "standard input", at: range)
  }

  func fileIDs(_ path: String, at range: SourceRange) throws(CompileError) -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CompileError(message: "cannot read \(path)", range: range)
    }
    return try IDList.parse(
      IDList.lines(of: String(decoding: data, as: UTF8.self)), origin: path, at: range)
  }
}

/// Orders JSON values for `sort`: numbers numerically, timestamps by time, text ignoring case,
/// and missing values last.
enum Ordering {
  static func compare(_ a: JSON?, _ b: JSON?) -> Int {
    switch (a, b) {
    case (nil, nil): return 0
    case (nil, _): return 1
    case (_, nil): return -1
    case (let a?, let b?):
      if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : (x > y ? 1 : 0) }
      if let s = a.stringValue, let t = b.stringValue {
        if let x = Timestamp.parse(s), let y = Timestamp.parse(t) {
          return x < y ? -1 : (x > y ? 1 : 0)
        }
        switch s.compare(t, options: [.caseInsensitive, .numeric]) {
        case .orderedAscending: return -1
        case .orderedDescending: return 1
        case .orderedSame: return 0
        }
      }
      return a.serialized < b.serialized ? -1 : (a.serialized > b.serialized ? 1 : 0)
    }
  }
}
