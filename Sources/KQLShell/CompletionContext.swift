/// What kind of word the cursor is in, as far as completion cares.
public enum CompletionContext: Sendable, Hashable {
  /// The first word of a statement: commands and the stages that can start a pipeline.
  case statementStart
  /// The first word after `|`.
  case stageName
  /// A word starting with `-` inside a stage.
  case option(stage: String)
  /// Any other argument of a stage: field paths and the stage's own keywords.
  case argument(stage: String)
  /// The value after `FIELD=` (or another comparison operator), or inside `FIELD in (…)`.
  case value(field: String)
  /// The setting name after the `set` command.
  case settingName
  /// The value after `set SETTING`.
  case settingValue(setting: String)
  /// The topic after `help`.
  case helpTopic
  /// A file name (after `load`, `save`, `source`).
  case fileName
  /// Nothing sensible to offer (inside a quoted string, after `let`…).
  case nothing
}

/// The cursor's context together with the partial word that candidates replace.
public struct CompletionRequest: Sendable, Hashable {
  public var context: CompletionContext
  /// The text between the start of the word and the cursor.
  public var word: String

  public init(context: CompletionContext, word: String) {
    self.context = context
    self.word = word
  }
}
