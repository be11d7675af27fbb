import Foundation
import KQLLanguage
import KratosClient
import KratosModel
import Synchronization

extension PipelineRunner {
  func execute(_ compiled: Compiled) async -> PipelineStatus {
    var stream: any ItemStream
    do {
      stream = try await makeSource(compiled.source, credentials: compiled.readsCredentials)
    } catch {
      console.error(describe(error, during: "reading"))
      return .failed
    }

    // Operators before the first action run freely; the first action waits for a confirmation.
    let firstAction = compiled.operators.firstIndex {
      if case .map(_, true, _) = $0 { return true }
      return false
    }
    let (before, after) = compiled.operators.split(at: firstAction ?? compiled.operators.count)
    stream = chain(stream, before)
    var total: Int?
    if firstAction != nil {
      switch await confirm(stream, compiled) {
      case .proceed(let confirmed, let count):
        stream = confirmed
        total = count
      case .decline: return .declined
      case .failed(let error):
        console.error(describe(error, during: "reading"))
        return .failed
      }
    }
    stream = chain(stream, after)
    return await drain(stream, compiled, total: total)
  }

  // MARK: Sources

  /// The source's records. `credentials`: some stage reads login identifiers or credentials,
  /// which Kratos lists only on request, so every request asks for them.
  func makeSource(_ source: Source, credentials: Bool) async throws -> any ItemStream {
    switch source {
    case .ids(let ids, _):
      return IDLookupStream(ids: ids, backend: backend, includeCredentials: credentials)
    case .sessions(let active):
      return PageStream(backend.sessionPages(active: active, expandIdentity: true)) {
        Item(.session($0))
      }
    case .find(let plan, let scanFallback):
      let predicate = plan.predicate
      let keep: @Sendable (Identity) -> Item? = { identity in
        let item = Item(.identity(identity))
        return predicate.map { $0.matches(item.record) } ?? true ? item : nil
      }
      switch plan.fetch {
      case .ids(let ids):
        return FilterStream(
          IDLookupStream(ids: ids, backend: backend, includeCredentials: credentials),
          predicate: predicate)
      case .organization(let id):
        return PageStream(
          backend.identities(filter: .organizationID(id), includeCredentials: credentials),
          makeItem: keep)
      case .scan(let includeCredentials):
        return scan(includeCredentials: includeCredentials || credentials, keep: keep)
      case .loginIdentifier(let value, let fromEmail):
        let found = try await backend.identities(withLoginIdentifier: value).compactMap(keep)
        guard found.isEmpty, fromEmail else { return ArrayStream(found) }
        let normalized = LoginIdentifier.normalized(value)
        let estimate = await scanEstimate()
        guard scanFallback else {
          console.note(
            "no login identifier is \(normalized); not scanning traits and addresses (scan is off). "
              + "A full scan would read \(estimate) — run without --no-scan or `set scan on`"
              + " to search them."
          )
          return ArrayStream([])
        }
        console.note(
          "no login identifier is \(normalized); scanning traits and addresses of all identities"
            + " (\(estimate))"
        )
        return scan(includeCredentials: credentials, keep: keep)
      }
    }
  }

  func scan(
    includeCredentials: Bool, keep: @escaping @Sendable (Identity) -> Item?
  ) -> any ItemStream {
    let console = console
    let scanned = Counter()
    let memory = scanMemory
    return PageStream(
      backend.identities(filter: .none, includeCredentials: includeCredentials),
      finished: { memory.remember($0) }
    ) { identity in
      console.progress(.update(label: "scanned", done: scanned.increment(), total: nil))
      return keep(identity)
    }
  }

  /// "about N pages of 500 (M identities)", from the server's count when it gives one.
  /// The server's identity count, else what the last complete scan of this session read.
  func identityCount() async -> Int? {
    if let count = try? await backend.identityCount() { return count }
    return scanMemory.lastCount
  }

  func scanEstimate() async -> String {
    guard let count = await identityCount() else {
      return "every page of 500 identities"
    }
    let pages = max(1, (count + 499) / 500)
    return "\(pages) page\(pages == 1 ? "" : "s") of up to 500 for \(count) identities"
  }

  // MARK: Operators

  func chain(_ upstream: any ItemStream, _ operators: ArraySlice<Operator>) -> any ItemStream {
    var stream = upstream
    for op in operators {
      switch op {
      case .map(let network, _, let transform):
        stream = ConcurrentMapStream(
          stream, limit: network ? settings.concurrency : 1, transform: transform)
      case .take(let n):
        stream = TakeStream(stream, count: n)
      case .sort(let areInIncreasingOrder):
        stream = SortStream(stream, by: areInIncreasingOrder)
      }
    }
    return stream
  }

  enum Confirmation {
    /// Go ahead; `count` is the number of records when they were all counted.
    case proceed(any ItemStream, count: Int?)
    case decline
    case failed(any Error)
  }

  /// Asks before acting on more identities than the threshold (before any `delete`), counting them
  /// first; with nobody to ask, refuses unless `--yes` or `set confirm off` was given.
  func confirm(_ stream: any ItemStream, _ compiled: Compiled) async -> Confirmation {
    guard !settings.dryRun, !settings.assumeYes, let configured = settings.confirmThreshold else {
      return .proceed(stream, count: nil)
    }
    let threshold = compiled.deletes ? 0 : configured
    var collected: [Item] = []
    var count = 0
    do {
      while let item = try await stream.next() {
        collected.append(item)
        if case .missing = item.record { continue }
        count += 1
        if count > threshold { break }
      }
      guard count > threshold else {
        return .proceed(ArrayStream(collected), count: collected.count)
      }
      while let item = try await stream.next() {
        collected.append(item)
        if case .missing = item.record { continue }
        count += 1
      }
    } catch {
      return .failed(error)
    }
    let verbs = actionNames().joined(separator: ", ")
    let what =
      "\(verbs) \(count) \(compiled.kind == .sessions ? "session" : "identit")\(plural(count, compiled))"
    switch await console.confirm("\(what)?") {
    case true?:
      return .proceed(ArrayStream(collected), count: collected.count)
    case false?:
      console.note("nothing was changed")
      return .decline
    case nil:
      let reason =
        compiled.deletes
        ? "delete always needs confirmation" : "more than \(threshold) would change"
      console.error(
        "refusing to \(what) without confirmation (\(reason)); nothing was changed. "
          + "Pass --yes, or `set confirm off` in the script, to go ahead.")
      return .decline
    }
  }

  func plural(_ count: Int, _ compiled: Compiled) -> String {
    compiled.kind == .sessions ? (count == 1 ? "" : "s") : (count == 1 ? "y" : "ies")
  }

  func actionNames() -> [String] {
    pipeline.stages.compactMap { stage in
      switch stage.kind {
      case .deactivate, .activate, .revoke, .delete, .set, .unset, .recover: stage.name
      default: nil
      }
    }
  }

  // MARK: Output

  func drain(_ stream: any ItemStream, _ compiled: Compiled, total: Int?) async -> PipelineStatus {
    var tally = Tally()
    let writer: (any RecordWriter)?
    var saveFile: SaveFile?
    var output = compiled.output
    switch output {
    case .report:
      writer = console.makeWriter(
        OutputRequest(
          format: settings.output ?? console.defaultFormat, columns: reportColumns(compiled),
          wide: settings.wide))
    case .records(var request):
      if request.columns.isEmpty { request.columns = compiled.columns }
      // Tables and CSV need their columns in order; records of a known kind have default ones.
      if request.columns.isEmpty, request.format == .table || request.format == .csv,
        compiled.kind != .values
      {
        request.columns = Self.defaultColumns(compiled.kind, .value(.null))
      }
      output = .records(request)
      writer = console.makeWriter(request)
    case .count:
      writer = nil
    case .save(let path, let forImport):
      writer = nil
      do {
        saveFile = try SaveFile(path: path, asArray: forImport)
      } catch {
        console.error(error.description)
        return .failed
      }
    }
    var count = 0
    var streamError: (any Error)?
    do {
      while let item = try await stream.next() {
        tally.add(item)
        if compiled.hasAction {
          console.progress(.update(label: "done", done: tally.records, total: total))
        }
        if !compiled.hasAction, problem(of: item) != nil { tally.failures += 1 }
        switch output {
        case .report:
          writer?.write(reportRow(item, compiled))
        case .records(let request):
          if let problem = problem(of: item) {
            console.warning(problem)
          } else {
            writer?.write(project(item, request, compiled))
          }
        case .count:
          if let problem = problem(of: item) { console.warning(problem) } else { count += 1 }
        case .save:
          if let problem = problem(of: item) {
            console.warning(problem)
          } else {
            do {
              if case .save(_, true) = compiled.output {
                try saveFile?.append(ImportBody.make(from: item.record.json))
              } else {
                try saveFile?.append(item.record.json)
              }
              count += 1
            } catch {
              streamError = error
            }
          }
        }
        if streamError != nil { break }
      }
    } catch {
      streamError = error
    }
    console.progress(.finished)
    // A read that failed leaves no result that looks complete: no count, no closed JSON array.
    // An action report is always finished, since its rows say what was done.
    let complete = streamError == nil && !Task.isCancelled
    if complete || compiled.hasAction { writer?.finish() }
    if case .count = compiled.output, complete { console.print(String(count)) }
    if case .save(let path, _) = compiled.output, let saveFile {
      if complete && tally.failures == 0 {
        do {
          try saveFile.commit()
          console.note("saved \(count) record\(count == 1 ? "" : "s") to \(path)")
        } catch {
          streamError = error
        }
      } else {
        saveFile.discard()
        console.note("\(path) was left as it was: the records could not all be read")
      }
    }
    let interrupted = Task.isCancelled || tally.interrupted > 0
    if compiled.hasAction {
      console.note(tally.summary(kind: compiled.kind, dryRun: settings.dryRun))
    } else if tally.failures > 0 {
      console.note(
        "\(tally.failures) of \(tally.records) \(compiled.kind.rawValue) were not found or failed (see above)"
      )
    }
    if let fatal = tally.fatalMessage {
      console.error("stopped: \(fatal); no further records were started")
    }
    if let streamError, !(streamError is CancellationError) || !interrupted {
      console.error(describe(streamError, during: compiled.hasAction ? "the run" : "reading"))
      return .failed
    }
    if interrupted {
      console.note(
        "interrupted: nothing new was started"
          + (compiled.hasAction ? "; the summary above is what was done" : ""))
      return .failed
    }
    if let backups, backups.wasUsed {
      console.note("deleted identities were saved first to \(backups.path)")
    }
    return tally.failures > 0 ? .failed : .succeeded
  }

  /// Why an item cannot be written as a record, or `nil` when it can.
  func problem(of item: Item) -> String? {
    if case .missing(let id) = item.record { return "\(id): not found" }
    if item.stopped, let last = item.results.last {
      return "\(item.record.id ?? "?"): \(last.text)"
    }
    return nil
  }

  func reportColumns(_ compiled: Compiled) -> [String] {
    var columns = ["id", compiled.kind == .sessions ? "identity_id" : "identity", "result"]
    if pipeline.stages.contains(where: { if case .recover = $0.kind { true } else { false } }) {
      columns += ["recovery_link", "recovery_code", "expires_at"]
    }
    return columns
  }

  func reportRow(_ item: Item, _ compiled: Compiled) -> JSON {
    var row: [String: JSON] = ["id": .string(item.record.id ?? "")]
    switch item.record {
    case .identity(let identity): row["identity"] = .string(Self.label(of: identity))
    case .session(let session): row["identity_id"] = session.identityID.map(JSON.string) ?? .null
    default: row["identity"] = .null
    }
    let results = item.results.isEmpty ? ["no action"] : item.results.map(\.text)
    row["result"] = .string(results.joined(separator: ", "))
    for (key, value) in item.extra { row[key] = .string(value) }
    return .object(row)
  }

  /// What an operator recognises an identity by: an e-mail, a login identifier, or a phone number.
  static func label(of identity: Identity) -> String {
    if let email = Record.emails(of: identity).first { return email }
    if let identifier = identity.loginIdentifiers.first { return identifier }
    if let phone = identity.traits["phone"]?.stringValue { return phone }
    return "-"
  }

  func project(_ item: Item, _ request: OutputRequest, _ compiled: Compiled) -> JSON {
    let wholeRecord = request.format == .json || request.format == .jsonl || request.format == .ids
    if wholeRecord && request.columns.isEmpty { return item.record.json }
    let columns =
      request.columns.isEmpty ? Self.defaultColumns(compiled.kind, item.record) : request.columns
    var row: [String: JSON] = [:]
    for column in columns {
      if let extra = item.extra[column] {
        row[column] = .string(extra)
        continue
      }
      let path = column.split(separator: ".").map(String.init)
      // A field the record holds as it is keeps its shape (a one-element array stays an array);
      // a path through arrays, or a shorthand such as email, gives every value it reaches.
      if let value = JSONPointer.value(in: item.record.json, at: path),
        !Record.shorthands.contains(path[0])
      {
        row[column] = value
      } else {
        let values = item.record.values(at: path)
        row[column] = values.count == 1 ? values[0] : (values.isEmpty ? .null : .array(values))
      }
    }
    if request.format == .ids { row["id"] = item.record.id.map(JSON.string) ?? .null }
    return .object(row)
  }

  static func defaultColumns(_ kind: RecordKind, _ record: Record) -> [String] {
    switch kind {
    case .identities: ["id", "email", "state", "schema_id"]
    case .sessions: ["id", "identity_id", "active", "expires_at"]
    case .values: record.json.objectValue.map { Array($0.keys.sorted()) } ?? ["value"]
    }
  }

  func describe(_ error: any Error, during phase: String) -> String {
    "\(phase) failed: \(error)"
  }
}

/// Counts what the actions did, for the summary line.
struct Tally {
  var records = 0
  /// How many of the records were sessions; the rest are identities (or ids not found).
  var sessions = 0
  var failures = 0
  var interrupted = 0
  var counts: [String: Int] = [:]
  var order: [String] = []
  var fatalMessage: String?

  mutating func add(_ item: Item) {
    records += 1
    if case .session = item.record { sessions += 1 }
    if item.results.contains(where: \.isFailure) { failures += 1 }
    if item.results.contains(.interrupted) { interrupted += 1 }
    if item.fatal, fatalMessage == nil, case .failed(let message)? = item.results.last {
      fatalMessage = message
    }
    for result in item.results {
      let key = result.tally
      if counts[key] == nil { order.append(key) }
      if case .revokedSessions(let n) = result {
        counts[key, default: 0] += n
      } else {
        counts[key, default: 0] += 1
      }
    }
  }

  /// The summary line. The noun follows what was counted: an identity whose sessions could not be
  /// listed stays an identity even in a pipeline of sessions.
  func summary(kind: RecordKind, dryRun: Bool) -> String {
    let countsSessions = records == 0 ? kind == .sessions : sessions == records
    let noun =
      countsSessions
      ? (records == 1 ? "session" : "sessions")
      : sessions == 0
        ? (records == 1 ? "identity" : "identities") : (records == 1 ? "record" : "records")
    let parts = order.map { "\(counts[$0] ?? 0) \($0)" }
    let prefix = dryRun ? "dry run, nothing was changed: " : ""
    return "\(prefix)\(records) \(noun)"
      + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
  }
}

/// A thread-safe counter for progress.
final class Counter: Sendable {
  private let value = Mutex<Int>(0)

  func increment() -> Int {
    value.withLock {
      $0 += 1
      return $0
    }
  }
}

extension Array {
  func split(at index: Int) -> (ArraySlice<Element>, ArraySlice<Element>) {
    (self[..<index], self[index...])
  }
}
