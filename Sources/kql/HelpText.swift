import KQLLanguage

/// The text of `help` and `help TOPIC`, from the language catalog.
enum HelpText {
  static func render(topic: String?) -> String {
    let all = LanguageCatalog.stages + LanguageCatalog.statements
    guard let topic else { return overview() }
    let matches = all.filter { $0.name == topic }
    guard !matches.isEmpty else {
      let suggestion = LanguageCatalog.suggestion(for: topic, among: all.map(\.name))
      return "no help for '\(topic)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + ". Type help for the list."
    }
    return matches.map { entry in
      var lines = ["\(entry.syntax)", "  \(entry.summary)"]
      if !entry.options.isEmpty { lines.append("  options: " + entry.options.map { "--\($0)" }.joined(separator: ", ")) }
      lines.append("  example: \(entry.example)")
      return lines.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }

  static func overview() -> String {
    var lines = ["Pipelines: SOURCE | STAGE | … , for example: find email=alice@example.com | deactivate | revoke", ""]
    let groups: [(String, LanguageCatalog.Kind)] = [
      ("Sources", .source), ("Filters", .filter), ("Actions", .action), ("Outputs", .output), ("Statements", .statement),
    ]
    for (title, kind) in groups {
      lines.append("\(title):")
      let entries = (LanguageCatalog.stages + LanguageCatalog.statements).filter { $0.kind == kind }
      let width = entries.map(\.syntax.count).max() ?? 0
      for entry in entries {
        lines.append("  " + entry.syntax + String(repeating: " ", count: width - entry.syntax.count + 2) + entry.summary)
      }
      lines.append("")
    }
    lines.append("help STAGE shows its options and an example. The language reference is docs/language.md.")
    return lines.joined(separator: "\n")
  }
}
