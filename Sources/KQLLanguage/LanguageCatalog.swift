/// Everything the language knows by name: stages, statements, options and field roots, with the
/// text `help` shows. The parser checks names against it and completion offers from it.
public enum LanguageCatalog {
  public enum Kind: String, Sendable, CaseIterable {
    case source
    case filter
    case action
    case output
    case statement
  }

  public struct Entry: Sendable {
    public var name: String
    public var kind: Kind
    public var syntax: String
    public var summary: String
    public var options: [String]
    public var example: String
  }

  public static let stages: [Entry] = [
    Entry(
      name: "find", kind: .source, syntax: "find [PREDICATE…] [--no-scan]",
      summary: "identities matching the predicates (all of them without one)", options: ["no-scan"],
      example: "find email=alice@example.com"),
    Entry(
      name: "get", kind: .source, syntax: "get ID…", summary: "identities by id", options: [],
      example: "get 0f8fad5b-d9cb-469f-a165-70867728950e"),
    Entry(
      name: "ids", kind: .source, syntax: "ids",
      summary:
        "first: identity IDs from standard input, one per line; last: print each record's id",
      options: [], example: "ids | deactivate"),
    Entry(
      name: "load", kind: .source, syntax: "load FILE",
      summary: "identities whose IDs (or JSON lines with an id) are in FILE", options: [],
      example: "load leavers.txt | deactivate | revoke"),
    Entry(
      name: "sessions", kind: .source, syntax: "sessions [--active|--inactive]",
      summary: "first: all sessions; after identities: each identity's sessions",
      options: ["active", "inactive"], example: "find email=alice@example.com | sessions"),
    Entry(
      name: "where", kind: .filter, syntax: "where EXPRESSION",
      summary: "keep the records the expression is true for", options: [],
      example: "find | where state = active and traits.department = sales"),
    Entry(
      name: "take", kind: .filter, syntax: "take N",
      summary: "keep the first N records, then stop reading",
      options: [], example: "find | take 10"),
    Entry(
      name: "sort", kind: .filter, syntax: "sort FIELD [asc|desc] [, FIELD [asc|desc]]…",
      summary: "sort the records (reads them all first)", options: [],
      example: "find | sort created_at desc"),
    Entry(
      name: "select", kind: .filter, syntax: "select FIELD…",
      summary: "choose the columns to output",
      options: [], example: "find | select id traits.email | csv"),
    Entry(
      name: "deactivate", kind: .action, syntax: "deactivate",
      summary: "set state to inactive (skipped when already inactive); sessions stay: add revoke",
      options: [], example: "find email=alice@example.com | deactivate | revoke"),
    Entry(
      name: "activate", kind: .action, syntax: "activate", summary: "set state to active",
      options: [],
      example: "get 0f8fad5b-d9cb-469f-a165-70867728950e | activate"),
    Entry(
      name: "revoke", kind: .action, syntax: "revoke",
      summary: "after identities: delete all their sessions; after sessions: revoke each one",
      options: [],
      example: "find email=alice@example.com | revoke"),
    Entry(
      name: "delete", kind: .action, syntax: "delete",
      summary: "delete identities for good, saving each to a backup file first", options: [],
      example: "find email=alice@example.com | delete"),
    Entry(
      name: "set", kind: .action, syntax: "set PATH=VALUE…",
      summary: "change traits or metadata (JSON Patch of the changed paths only)", options: [],
      example: "find email=alice@example.com | set metadata_public.plan=pro"),
    Entry(
      name: "unset", kind: .action, syntax: "unset PATH…",
      summary: "remove traits or metadata fields",
      options: [], example: "find | unset metadata_admin.note"),
    Entry(
      name: "recover", kind: .action, syntax: "recover [link|code] [--expires DURATION]",
      summary: "create a recovery link (default) or code for each identity", options: ["expires"],
      example: "find email=alice@example.com | recover code --expires 1h"),
    Entry(
      name: "show", kind: .output, syntax: "show [FIELD…] [--wide]",
      summary: "a table on a terminal (JSON lines elsewhere)", options: ["wide"],
      example: "find | show id, state, traits.email"),
    Entry(
      name: "json", kind: .output, syntax: "json", summary: "a JSON array, one record per line",
      options: [], example: "find | json"),
    Entry(
      name: "jsonl", kind: .output, syntax: "jsonl", summary: "one JSON object per line",
      options: [],
      example: "find | jsonl"),
    Entry(
      name: "csv", kind: .output, syntax: "csv [FIELD…]", summary: "CSV with a header row",
      options: [],
      example: "find | csv id traits.email"),
    Entry(
      name: "count", kind: .output, syntax: "count", summary: "the number of records", options: [],
      example: "find state=inactive | count"),
    Entry(
      name: "save", kind: .output, syntax: "save FILE [--import]",
      summary:
        "write the records as JSON lines (mode 0600), readable by load; --import: for Kratos",
      options: ["import"], example: "find | save identities.jsonl"),
  ]

  public static let statements: [Entry] = [
    Entry(
      name: "let", kind: .statement, syntax: "let NAME = VALUE",
      summary: "set a variable, used as $NAME",
      options: [], example: "let dept = sales"),
    Entry(
      name: "set", kind: .statement, syntax: "set OPTION VALUE",
      summary: "change an option: " + setOptions.map(\.name).joined(separator: ", "), options: [],
      example: "set dry-run on"),
    Entry(
      name: "echo", kind: .statement, syntax: "echo WORD…",
      summary: "print words; \"$NAME\" is replaced",
      options: [], example: "echo \"done with $dept\""),
    Entry(
      name: "source", kind: .statement, syntax: "source FILE",
      summary: "run the statements in FILE",
      options: [], example: "source common.kql"),
    Entry(
      name: "explain", kind: .statement, syntax: "explain PIPELINE",
      summary: "show the requests a pipeline would send, without running it", options: [],
      example: "explain find email=alice@example.com | deactivate"),
    Entry(
      name: "help", kind: .statement, syntax: "help [TOPIC]",
      summary: "list stages, or describe one",
      options: [], example: "help find"),
    Entry(
      name: "history", kind: .statement, syntax: "history", summary: "list earlier entries",
      options: [],
      example: "history"),
    Entry(
      name: "connect", kind: .statement, syntax: "connect URL|PROFILE",
      summary: "switch to another Kratos admin API or profile", options: [],
      example: "connect http://127.0.0.1:4434"),
    Entry(
      name: "exit", kind: .statement, syntax: "exit", summary: "leave kql (also quit, Ctrl-D)",
      options: [],
      example: "exit"),
  ]

  /// What each stage option does, for `help STAGE`.
  public static let optionSummaries: [String: String] = [
    "no-scan": "never fall back to a full scan when no login identifier matches email=",
    "active": "only sessions that are active", "inactive": "only sessions that are not active",
    "expires": "how long the link or code stays valid, such as 30m or 1h",
    "wide": "do not fit the table to the terminal width",
    "import":
      "write a JSON array of Kratos create bodies, credentials included, for kratos import identities",
  ]

  /// `set OPTION VALUE` options and their values (`N` stands for a number).
  public static let setOptions: [(name: String, values: [String])] = [
    ("dry-run", ["on", "off"]), ("concurrency", ["N"]), ("on-error", ["stop", "continue"]),
    ("output", ["table", "json", "jsonl", "csv", "ids"]), ("confirm", ["N", "off"]),
    ("scan", ["on", "off"]),
    ("timing", ["on", "off"]), ("wide", ["on", "off"]),
  ]

  public static let identityFieldRoots = [
    "id", "state", "schema_id", "schema_url", "created_at", "updated_at", "state_changed_at",
    "traits",
    "metadata_public", "metadata_admin", "verifiable_addresses", "recovery_addresses",
    "credentials",
    "organization_id", "external_id", "email", "identifier",
  ]

  public static let sessionFieldRoots = [
    "active", "expires_at", "authenticated_at", "issued_at", "authenticator_assurance_level",
    "authentication_methods", "devices", "identity", "identity_id",
  ]

  public static func stage(named name: String) -> Entry? { stages.first { $0.name == name } }

  /// The closest of `candidates` to `word` when it is close enough to be a likely misspelling.
  public static func suggestion(for word: String, among candidates: [String]) -> String? {
    let lower = word.lowercased()
    var best: (String, Int)?
    for candidate in candidates {
      let distance = editDistance(lower, candidate.lowercased())
      if distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    guard let (candidate, distance) = best else { return nil }
    let allowed = max(1, min(3, candidate.count / 3))
    return distance <= allowed ? candidate : nil
  }

  /// Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in stride(from: 1, through: a.count, by: 1) {
      for j in stride(from: 1, through: b.count, by: 1) {
        d[i][j] = min(
          d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        }
      }
    }
    return d[a.count][b.count]
  }
}
