import KQLLanguage

/// The words completion offers that do not depend on the server: statement commands, stages,
/// their options and keywords, settings and their values, the built-in record fields.
///
/// `standard` is built from the language's catalog, so completion offers exactly what parses.
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

  /// The vocabulary of the kql language, from its catalog.
  public static let standard: CompletionVocabulary = {
    let stages = LanguageCatalog.stages
    var options: [String: [String]] = [:]
    for stage in stages where !stage.options.isEmpty {
      options[stage.name] = stage.options.map { "--" + $0 }
    }
    var settings: [String: [String]] = [:]
    for option in LanguageCatalog.setOptions {
      settings[option.name] = option.values.filter { $0 != "N" }
    }
    // Roots with children of their own end in `.`, so that completion stops there for more.
    let nested: Set = [
      "traits", "metadata_public", "metadata_admin", "credentials", "verifiable_addresses",
      "recovery_addresses", "identity", "devices", "authentication_methods",
    ]
    let roots = LanguageCatalog.identityFieldRoots + LanguageCatalog.sessionFieldRoots
    return CompletionVocabulary(
      commands: LanguageCatalog.statements.map(\.name) + ["quit"],
      sourceStages: stages.filter { $0.kind == .source }.map(\.name),
      stages: stages.map(\.name),
      options: options,
      keywords: [
        "find": ["and", "has", "in", "not", "or"],
        "where": ["and", "has", "in", "not", "or"],
        "sort": ["asc", "desc"],
        "recover": RecoveryMethod.allCases.map(\.rawValue),
      ],
      fieldStages: ["csv", "find", "select", "set", "show", "sort", "unset", "where"],
      fileStages: ["load", "save", "source"],
      settings: settings,
      builtinFields: Array(Set(roots.map { nested.contains($0) ? $0 + "." : $0 })).sorted() + [
        "verifiable_addresses.status", "verifiable_addresses.value",
        "verifiable_addresses.verified",
        "recovery_addresses.value", "identity.id",
      ],
      fieldValues: [
        "state": ["active", "inactive"],
        "active": ["false", "true"],
        "verifiable_addresses.verified": ["false", "true"],
        "verifiable_addresses.status": ["completed", "pending", "sent"],
      ])
  }()
}
