import Testing

@testable import KratosSandbox

/// Query parsing and encoding behave like Go's `net/url`.
@Suite struct QueryParametersTests {
  @Test func encodingSortsKeysAndEscapesLikeGo() {
    var query = QueryParameters(parsing: "b=2&a=x%20y&a=z&c=%2F%3A%40&bad=%zz&semi;colon=1")
    #expect(query.values("a") == ["x y", "z"])
    #expect(!query.has("bad"))
    #expect(!query.has("semi"))
    query.set("page_token", "00000000-0000-0000-0000-000000000000")
    #expect(
      query.encoded == "a=x+y&a=z&b=2&c=%2F%3A%40&page_token=00000000-0000-0000-0000-000000000000")
  }

  @Test func offsetLinksFollowOryX() {
    let empty = PaginationLinks.offset(
      path: "/p", query: QueryParameters(), total: 0, page: 0, perPage: 10, style: .pages)
    #expect(
      empty
        == "</p?page=0&per_page=10>; rel=\"first\",</p?page=1&per_page=10>; rel=\"next\","
        + "</p?page=-1&per_page=10>; rel=\"prev\""
    )
    let single = PaginationLinks.offset(
      path: "/p", query: QueryParameters(), total: 3, page: 0, perPage: 10, style: .pages)
    #expect(single == "</p?page=0&per_page=3>; rel=\"first\"")
    let token = PaginationLinks.offsetToken(250)
    #expect(PaginationLinks.offset(fromToken: token) == 250)
  }

  @Test(arguments: [("1h", 3600.0), ("90m", 5400), ("1h30m", 5400), ("1.5s", 1.5), ("0", 0)])
  func goDurations(text: String, seconds: Double) {
    #expect(GoDuration.seconds(text) == seconds)
  }

  @Test(arguments: ["", "1", "h", "1d", "1h-"])
  func badGoDurations(text: String) {
    #expect(GoDuration.seconds(text) == nil)
  }
}
