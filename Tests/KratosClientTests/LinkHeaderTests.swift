import Testing

@testable import KratosClient

@Suite struct LinkHeaderTests {
  @Test func kratosKeysetLinksWithoutSpaces() {
    let value =
      "</admin/identities?page_size=250&page_token=00000000-0000-0000-0000-000000000000>;"
      + " rel=\"first\",</admin/identities?page_size=250"
      + "&page_token=6f0c1c4e-0000-4000-8000-000000000001>; rel=\"next\""
    let links = LinkHeader.parse(value)
    #expect(links.map(\.relations) == [["first"], ["next"]])
    #expect(
      LinkHeader.nextTarget(in: [value])
        == "/admin/identities?page_size=250&page_token=6f0c1c4e-0000-4000-8000-000000000001")
  }

  @Test func absoluteTargetsSpacesAndUnquotedParameters() {
    let value =
      " <https://x.example/admin/sessions?page_token=a> ;rel=prev , "
      + "<https://x.example/admin/sessions?page_token=b>;  rel = next ; title=\"Next, please\""
    let links = LinkHeader.parse(value)
    #expect(links.count == 2)
    #expect(links[1].target == "https://x.example/admin/sessions?page_token=b")
    #expect(links[1].parameters["title"] == "Next, please")
    #expect(LinkHeader.nextTarget(in: [value]) == "https://x.example/admin/sessions?page_token=b")
  }

  @Test func quotedParametersWithEscapesAndSeveralRelations() {
    let value = #"</a?x=1>; title="say \"hi\"; ok"; REL="Last next""#
    let link = LinkHeader.parse(value).first
    #expect(link?.parameters["title"] == #"say "hi"; ok"#)
    #expect(link?.relations == ["last", "next"])
  }

  @Test func linksWithoutRelAreNotNext() {
    #expect(LinkHeader.nextTarget(in: ["</admin/identities?page_token=a>"]) == nil)
    #expect(LinkHeader.parse("</a>").first?.relations == [])
  }

  @Test(arguments: [
    "", "   ", ",,,", "garbage", "<unterminated; rel=next", "rel=\"next\"", "<>; rel=next",
    "\"<quoted, comma>\"",
  ])
  func malformedValuesYieldNoNextLink(_ value: String) {
    #expect(LinkHeader.nextTarget(in: [value]) == nil)
  }

  @Test func garbageBetweenLinksIsSkipped() {
    let value = "junk, </b?page_token=2>; rel=next"
    #expect(LinkHeader.nextTarget(in: [value]) == "/b?page_token=2")
  }

  @Test func severalHeaderFieldsAreSearchedInOrder() {
    let values = ["</a?p=1>; rel=first", "</a?p=2>; rel=next"]
    #expect(LinkHeader.nextTarget(in: values) == "/a?p=2")
  }

  @Test func queryOfTarget() {
    #expect(LinkHeader.query(of: "/admin/identities?a=1&b=2#frag") == "a=1&b=2")
    #expect(LinkHeader.query(of: "http://h/admin/identities?a=1") == "a=1")
    #expect(LinkHeader.query(of: "/admin/identities") == nil)
    #expect(LinkHeader.query(of: "/admin/identities?") == nil)
  }
}
