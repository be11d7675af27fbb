/// One topic of `help`: a stage or a command, as the language catalog describes it.
public struct HelpEntry: Sendable, Hashable {
  /// One option of a stage, such as `--wide`.
  public struct Option: Sendable, Hashable {
    public var name: String
    public var summary: String

    public init(name: String, summary: String) {
      self.name = name
      self.summary = summary
    }
  }

  public var name: String
  /// The group the overview lists it under: `Sources`, `Filters`, `Actions`, `Outputs`,
  /// `Commands`…
  public var kind: String
  /// `find [PREDICATE…] [--no-scan]`
  public var syntax: String
  /// One line, lower case, no full stop.
  public var summary: String
  public var options: [Option]
  public var examples: [String]

  public init(
    name: String, kind: String, syntax: String, summary: String, options: [Option] = [],
    examples: [String] = []
  ) {
    self.name = name
    self.kind = kind
    self.syntax = syntax
    self.summary = summary
    self.options = options
    self.examples = examples
  }
}
