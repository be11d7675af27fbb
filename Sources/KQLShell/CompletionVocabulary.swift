import KQLLanguage

/// The words completion offers that do not depend on the server: statement commands, stages,
/// their options and keywords, settings and their values, the built-in record fields.
///
/// `standard` mirrors the kql language; the executable may build one from the language catalog
/// instead.
public struct CompletionVocabulary: Sendable {
  /// Statement keywords that are not stages.
  public var commands: [String]
  /// Stages that can start a pipeline.
  public var sourceStages: [String]
  /// Every stage name.
  public var stages: [String]
  /// Options of each stage, with their leading dashes.
  public var options: [String: [String]]
  /// Bare words a stage accepts besides field paths (`asc`, `desc`, `link`, `and`…).
  public var keywords: [String: [String]]
  /// Stages whose arguments are field paths.
  public var fieldStages: Set<String>
  /// Stages and commands whose argument is a file name.
  public var fileStages: Set<String>
  /// Settings of the `set` command and the values each takes.
  public var settings: [String: [String]]
  /// Field paths every record of kql has; a trailing `.` marks a path with unknown children.
  public var builtinFields: [String]
  /// Values of fields whose set is fixed.
  public var fieldValues: [String: [String]]
  /// Topics `help` knows beyond stages and commands.
  public var extraHelpTopics: [String]

  public init(
    commands: [String], sourceStages: [String], stages: [String], options: [String: [String]],
    keywords: [String: [String]], fieldStages: Set<String>, fileStages: Set<String>,
    settings: [String: [String]], builtinFields: [String], fieldValues: [String: [String]],
    extraHelpTopics: [String] = []
  ) {
    self.commands = commands
    self.sourceStages = sourceStages
    self.stages = stages
    self.options = options
    self.keywords = keywords
    self.fieldStages = fieldStages
    self.fileStages = fileStages
    self.settings = settings
    self.builtinFields = builtinFields
    self.fieldValues = fieldValues
    self.extraHelpTopics = extraHelpTopics
  }

  /// The vocabulary of the kql language as its syntax defines it.
  public static let standard = CompletionVocabulary(
    commands: [
      "connect", "echo", "exit", "explain", "help", "history", "let", "quit", "set", "source",
    ],
    sourceStages: ["find", "get", "ids", "load", "sessions"],
    stages: [
      "activate", "count", "csv", "deactivate", "delete", "find", "get", "ids", "json", "jsonl",
      "load", "recover", "revoke", "save", "select", "sessions", "set", "show", "sort", "take",
      "unset", "where",
    ],
    options: [
      "find": ["--no-scan"],
      "sessions": ["--active", "--inactive"],
      "recover": ["--expires"],
      "show": ["--wide"],
    ],
    keywords: [
      "find": ["and", "has", "not", "or"],
      "where": ["and", "has", "not", "or"],
      "sort": ["asc", "desc"],
      "recover": ["code", "link"],
    ],
    fieldStages: ["csv", "find", "select", "set", "show", "sort", "unset", "where"],
    fileStages: ["load", "save", "source"],
    settings: [
      "dry-run": ["off", "on"],
      "output": OutputFormat.allCases.map(\.rawValue),
    ],
    builtinFields: [
      "active", "authenticated_at", "created_at", "credentials.", "expires_at", "id",
      "identity.id", "issued_at", "metadata_admin.", "metadata_public.", "recovery_addresses.value",
      "schema_id", "state", "state_changed_at", "traits.", "updated_at",
      "verifiable_addresses.status", "verifiable_addresses.value", "verifiable_addresses.verified",
    ],
    fieldValues: [
      "state": ["active", "inactive"],
      "active": ["false", "true"],
      "verifiable_addresses.verified": ["false", "true"],
      "verifiable_addresses.status": ["completed", "pending", "sent"],
    ],
    extraHelpTopics: ["fields", "syntax"]
  )
}
