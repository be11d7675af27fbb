import KQLLanguage

/// Formats `help` (the overview, stages grouped by kind) and `help TOPIC` (syntax, options,
/// examples) for a terminal of a given width.
public struct HelpRenderer: Sendable {
  public var entries: [HelpEntry]
  /// Kinds in the order the overview shows them; kinds not listed come after, by name.
  public var kindOrder: [String]
  public var colour: Bool
  public var width: Int

  public init(
    entries: [HelpEntry],
    kindOrder: [String] = ["Sources", "Filters", "Actions", "Outputs", "Commands"],
    colour: Bool = false, width: Int = 80
  ) {
    self.entries = entries
    self.kindOrder = kindOrder
    self.colour = colour
    self.width = max(20, width)
  }

  /// Every entry under its kind, one line each: name and summary.
  public func overview() -> [String] {
    let kinds = Set(entries.map(\.kind))
    let ordered = kindOrder.filter(kinds.contains) + kinds.subtracting(kindOrder).sorted()
    let nameWidth = entries.map { DisplayWidth.of($0.name) }.max() ?? 0
    var lines: [String] = []
    for kind in ordered {
      if !lines.isEmpty { lines.append("") }
      lines.append(ANSIStyle.bold.apply(kind, enabled: colour))
      for entry in entries where entry.kind == kind {
        let name = DisplayWidth.pad(entry.name, to: nameWidth)
        let summary = DisplayWidth.truncate(entry.summary, to: width - nameWidth - 4)
        lines.append("  " + ANSIStyle.cyan.apply(name, enabled: colour) + "  " + summary)
      }
    }
    lines.append("")
    lines.append("type 'help NAME' for the syntax, options and examples of one of them")
    return lines
  }

  /// The page of one topic, or nil when there is no such topic.
  public func topic(_ name: String) -> [String]? {
    guard let entry = entries.first(where: { $0.name == name }) else { return nil }
    var lines = [ANSIStyle.bold.apply(entry.name, enabled: colour) + " — " + entry.summary, ""]
    lines.append(ANSIStyle.bold.apply("usage", enabled: colour))
    lines.append("  " + entry.syntax)
    if !entry.options.isEmpty {
      lines.append("")
      lines.append(ANSIStyle.bold.apply("options", enabled: colour))
      let nameWidth = entry.options.map { DisplayWidth.of($0.name) }.max() ?? 0
      for option in entry.options {
        lines.append("  " + DisplayWidth.pad(option.name, to: nameWidth) + "  " + option.summary)
      }
    }
    if !entry.examples.isEmpty {
      lines.append("")
      lines.append(
        ANSIStyle.bold.apply(entry.examples.count == 1 ? "example" : "examples", enabled: colour))
      lines += entry.examples.map { "  " + $0 }
    }
    return lines
  }

  /// The known topic closest to a misspelt `name`, for a `did you mean` hint.
  public func suggestion(for name: String) -> String? {
    LanguageCatalog.suggestion(for: name, among: entries.map(\.name))
  }
}
