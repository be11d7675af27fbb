import KQLLanguage
import Testing

@testable import KQLShell

@Suite struct HelpRendererTests {
  let renderer = HelpRenderer(entries: [
    HelpEntry(
      name: "show", kind: "Outputs", syntax: "show [FIELD…] [--wide]",
      summary: "print records as a table",
      options: [.init(name: "--wide", summary: "do not fit the terminal")],
      examples: ["find state=active | show id traits.email"]),
    HelpEntry(
      name: "find", kind: "Sources", syntax: "find [PREDICATE…]", summary: "find identities"),
    HelpEntry(
      name: "history", kind: "Commands", syntax: "history", summary: "list past statements"),
    HelpEntry(
      name: "deactivate", kind: "Actions", syntax: "deactivate", summary: "deactivate each"),
  ])

  @Test func overviewGroupsByKindInOrder() {
    #expect(
      renderer.overview() == [
        "Sources",
        "  find        find identities",
        "",
        "Actions",
        "  deactivate  deactivate each",
        "",
        "Outputs",
        "  show        print records as a table",
        "",
        "Commands",
        "  history     list past statements",
        "",
        "type 'help NAME' for the syntax, options and examples of one of them",
      ])
  }

  @Test func topicShowsSyntaxOptionsAndExample() {
    #expect(
      renderer.topic("show") == [
        "show — print records as a table",
        "",
        "usage",
        "  show [FIELD…] [--wide]",
        "",
        "options",
        "  --wide  do not fit the terminal",
        "",
        "example",
        "  find state=active | show id traits.email",
      ])
    #expect(renderer.topic("nothing") == nil)
  }

  @Test func suggestsTheClosestTopic() {
    #expect(renderer.suggestion(for: "deactvate") == "deactivate")
    #expect(renderer.suggestion(for: "histroy") == "history")
    #expect(renderer.suggestion(for: "zzzzzz") == nil)
  }

  @Test func longSummariesAreCutToTheWidth() {
    let narrow = HelpRenderer(
      entries: [
        HelpEntry(name: "a", kind: "K", syntax: "a", summary: String(repeating: "s", count: 40))
      ],
      width: 20)
    #expect(narrow.overview()[1] == "  a  " + String(repeating: "s", count: 14) + "…")
    #expect(DisplayWidth.of(narrow.overview()[1]) == 20)
  }
}
