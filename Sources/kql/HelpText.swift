import KQLLanguage
import KQLShell

/// `help` and `help TOPIC`, rendered by the shell from the language catalog.
enum HelpText {
  static func render(topic: String?, colour: Bool, width: Int) -> String {
    let renderer = HelpRenderer(entries: entries, colour: colour, width: width)
    guard let topic else { return renderer.overview().joined(separator: "\n") }
    if let page = renderer.topic(topic) { return page.joined(separator: "\n") }
    let suggestion = renderer.suggestion(for: topic)
    return "no help for '\(topic)'"
      + (suggestion.map { "; did you mean '\($0)'?" } ?? "; type help for the list")
  }

  static let entries: [HelpEntry] = (LanguageCatalog.stages + LanguageCatalog.statements).map {
    entry in
    let kinds: [LanguageCatalog.Kind: String] = [
      .source: "Sources", .filter: "Filters", .action: "Actions", .output: "Outputs",
      .statement: "Commands",
    ]
    return HelpEntry(
      name: entry.name, kind: kinds[entry.kind] ?? "Commands", syntax: entry.syntax,
      summary: entry.summary,
      options: entry.options.map {
        HelpEntry.Option(name: "--" + $0, summary: LanguageCatalog.optionSummaries[$0] ?? "")
      },
      examples: [entry.example])
  }
}
