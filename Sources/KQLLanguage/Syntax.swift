/// The syntax tree of a kql script: statements, pipelines, stages, expressions and values.
///
/// Every node carries the source range it was parsed from, so that the evaluator can point at the
/// exact place when something goes wrong at run time.

/// A position in source text. Lines and columns count from 1; columns count characters.
public struct SourceLocation: Sendable, Hashable, Comparable {
  public var line: Int
  public var column: Int
  /// Offset in UTF-8 bytes from the start of the source, counted from 0.
  public var offset: Int

  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  public static func < (a: SourceLocation, b: SourceLocation) -> Bool { a.offset < b.offset }
}

/// A half-open range of source text.
public struct SourceRange: Sendable, Hashable {
  public var start: SourceLocation
  public var end: SourceLocation

  public init(start: SourceLocation, end: SourceLocation) {
    self.start = start
    self.end = end
  }
}

/// A whole script, an interactive entry, or a `-c` argument.
public struct Script: Sendable, Hashable {
  public var statements: [Statement]

  public init(statements: [Statement]) {
    self.statements = statements
  }
}

public struct Statement: Sendable, Hashable {
  public var kind: StatementKind
  public var range: SourceRange

  public init(kind: StatementKind, range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

public enum StatementKind: Sendable, Hashable {
  /// `find email=x | deactivate | revoke`
  case pipeline(Pipeline)
  /// `explain PIPELINE`: show the plan without running it.
  case explain(Pipeline)
  /// `let NAME = VALUE`
  case assignment(name: Identifier, value: Value)
  /// `set OPTION VALUE`, for example `set dry-run on`.
  case setOption(option: Identifier, value: Value)
  /// `echo WORD…`; double-quoted strings interpolate `$NAME`.
  case echo([Value])
  /// `source FILE`
  case source(Value)
  /// `help [TOPIC]`
  case help(topic: Identifier?)
  /// `history`
  case history
  /// `connect URL|PROFILE`
  case connect(Value)
  /// `exit` or `quit`
  case exit
}

/// A name as written, with where it was written.
public struct Identifier: Sendable, Hashable {
  public var name: String
  public var range: SourceRange

  public init(name: String, range: SourceRange) {
    self.name = name
    self.range = range
  }
}

/// Stages joined by `|`.
public struct Pipeline: Sendable, Hashable {
  public var stages: [Stage]
  public var range: SourceRange

  public init(stages: [Stage], range: SourceRange) {
    self.stages = stages
    self.range = range
  }
}

public struct Stage: Sendable, Hashable {
  public var kind: StageKind
  /// The whole stage, name and arguments.
  public var range: SourceRange
  /// Just the stage name.
  public var nameRange: SourceRange

  public init(kind: StageKind, range: SourceRange, nameRange: SourceRange) {
    self.kind = kind
    self.range = range
    self.nameRange = nameRange
  }

  /// The stage's keyword, as `help` and diagnostics name it.
  public var name: String {
    switch kind {
    case .find: "find"
    case .get: "get"
    case .ids: "ids"
    case .load: "load"
    case .sessions: "sessions"
    case .where: "where"
    case .take: "take"
    case .sort: "sort"
    case .select: "select"
    case .deactivate: "deactivate"
    case .activate: "activate"
    case .revoke: "revoke"
    case .delete: "delete"
    case .set: "set"
    case .unset: "unset"
    case .recover: "recover"
    case .show: "show"
    case .json: "json"
    case .jsonl: "jsonl"
    case .csv: "csv"
    case .count: "count"
    case .save: "save"
    }
  }
}

public enum StageKind: Sendable, Hashable {
  // Sources.
  /// `find [PREDICATE…] [--no-scan]`; several predicates side by side are joined with `and`.
  case find(Expression?, noScan: Bool)
  /// `get ID…`
  case get([Value])
  /// `ids`: as the first stage, identity IDs read from standard input; elsewhere, print the IDs.
  case ids
  /// `load FILE`: identity IDs or JSON lines.
  case load(Value)
  /// `sessions [--active|--inactive]`: all sessions as a source, or each identity's sessions after one.
  case sessions(active: Bool?)

  // Filters and shaping.
  case `where`(Expression)
  /// `take N`
  case take(Value)
  /// `sort FIELD [asc|desc]…`
  case sort([SortKey])
  /// `select FIELD…`
  case select([FieldPath])

  // Actions.
  case deactivate
  case activate
  case revoke
  case delete
  /// `set PATH=VALUE…`
  case set([FieldAssignment])
  /// `unset PATH…`
  case unset([FieldPath])
  /// `recover [link|code] [--expires DURATION]`
  case recover(RecoveryMethod, expires: Value?)

  // Outputs.
  /// `show [FIELD…] [--wide]`
  case show([FieldPath], wide: Bool)
  case json
  case jsonl
  /// `csv [FIELD…]`
  case csv([FieldPath])
  case count
  /// `save FILE [--import]`; with `--import`, Kratos create bodies for `kratos import identities`.
  case save(Value, forImport: Bool)
}

public enum RecoveryMethod: String, Sendable, Hashable, CaseIterable {
  case link
  case code
}

public struct SortKey: Sendable, Hashable {
  public var field: FieldPath
  public var descending: Bool

  public init(field: FieldPath, descending: Bool) {
    self.field = field
    self.descending = descending
  }
}

public struct FieldAssignment: Sendable, Hashable {
  public var path: FieldPath
  public var value: Value

  public init(path: FieldPath, value: Value) {
    self.path = path
    self.value = value
  }
}

/// A dotted path into a record's JSON, such as `traits.name.first`.
public struct FieldPath: Sendable, Hashable {
  public var components: [String]
  public var range: SourceRange

  public init(components: [String], range: SourceRange) {
    self.components = components
    self.range = range
  }

  public var dotted: String { components.joined(separator: ".") }
}

/// A boolean condition over one record.
public indirect enum Expression: Sendable, Hashable {
  /// `FIELD OP VALUE`
  case comparison(FieldPath, ComparisonOperator, Value)
  /// `FIELD in (A, B)` or `FIELD not in (…)`; the value is a list or a variable holding one.
  case membership(FieldPath, Value, negated: Bool)
  /// `has FIELD`
  case has(FieldPath)
  case not(Expression, range: SourceRange)
  case and(Expression, Expression)
  case or(Expression, Expression)
}

public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
  case equal = "="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  /// `~`: contains, ignoring case.
  case contains = "~"
  /// `=~`: matches a regular expression.
  case matches = "=~"
}

public struct Value: Sendable, Hashable {
  public var kind: ValueKind
  public var range: SourceRange

  public init(kind: ValueKind, range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// A literal as the lexer classified it. Dates, timestamps and durations keep their text; the
/// evaluator turns them into instants relative to when the statement runs.
public enum ValueKind: Sendable, Hashable {
  /// A bare word or a single-quoted string.
  case string(String)
  /// A double-quoted string; `$NAME` inside is interpolated.
  case interpolated([StringSegment])
  case integer(Int)
  case boolean(Bool)
  case null
  /// `2024-01-31`
  case date(String)
  /// `2024-01-31T10:00:00Z`
  case timestamp(String)
  /// `90d`, `12h`, `30m`, `45s`, `2w`: a span of time in seconds.
  case duration(seconds: Int, text: String)
  case uuid(String)
  /// A bare word with `*` or `?`, such as `*@example.com`.
  case glob(String)
  /// `(a, b, c)`
  case list([Value])
  /// `$NAME`, `$1`…`$9`, or `$#`.
  case variable(String)
}

public enum StringSegment: Sendable, Hashable {
  case text(String)
  case variable(String, range: SourceRange)
}
