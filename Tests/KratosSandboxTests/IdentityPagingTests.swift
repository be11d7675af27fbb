import KratosModel
import Testing

@testable import KratosSandbox

/// Keyset and legacy paging of `GET /admin/identities`, and the `Link` header's exact form.
@Suite struct IdentityPagingTests {
  static let cases: [(total: Int, size: Int)] = [
    (0, 1), (1, 1), (2, 1), (2, 2), (3, 2), (499, 499), (500, 499), (1000, 500), (1001, 500),
    (1000, 499), (501, 501), (1001, 2000),
  ]

  @Test(arguments: cases)
  func walkingNextLinksVisitsEveryIdentityOnce(total: Int, size: Int) throws {
    let store = SandboxStore.synthetic(count: total)
    try withSandbox(store) { (_, client) throws in
      let pages = try walk(client, from: "/admin/identities?page_size=\(size)")
      let all = pages.flatMap { $0 }
      #expect(all == store.identityIDs)
      let effective = min(size, 500)
      // Kratos reads one row more than a page, so a full last page has no `next` link.
      #expect(pages.count == max(1, (total + effective - 1) / effective))
      #expect(pages.dropLast().allSatisfy { $0.count == effective })
    }
  }

  @Test func linkHeaderHasKratosForm() throws {
    let store = SandboxStore.synthetic(count: 3)
    try withSandbox(store) { (_, client) throws in
      let first = try client.get("/admin/identities?page_size=2&foo=b%20c")
      let ids = store.identityIDs
      #expect(first.headers["x-total-count"] == nil)
      #expect(
        first.headers["link"]
          == "</admin/identities?foo=b+c&page_size=2&page_token="
          + "00000000-0000-0000-0000-000000000000>; rel=\"first\","
          + "</admin/identities?foo=b+c&page_size=2&page_token=\(ids[1])>; rel=\"next\""
      )
      let last = try client.get("/admin/identities?page_size=2&page_token=\(ids[1])")
      #expect(try IdentityPagingTests.ids(last) == [ids[2]])
      #expect(last.links["next"] == nil)
      #expect(last.links["first"] != nil)
    }
  }

  @Test func pathWithoutAdminPrefixIsRewritten() throws {
    try withSandbox(.synthetic(count: 2)) { (_, client) throws in
      let response = try client.get("/identities?page_size=1")
      #expect(response.status == 200)
      #expect(response.links["next"]?.hasPrefix("/admin/identities?") == true)
      #expect(try client.get("/admin/identities/").status == 200)
      #expect(try client.get("//identities").status == 200)
    }
  }

  @Test(arguments: [("0", 250), ("-5", 250), ("501", 500), ("100000", 500), ("7", 7)])
  func pageSizeIsClampedSilently(value: String, expected: Int) throws {
    try withSandbox(.synthetic(count: 600)) { (_, client) throws in
      let response = try client.get("/admin/identities?page_size=\(value)")
      #expect(response.status == 200)
      #expect(try IdentityPagingTests.ids(response).count == expected)
      #expect(response.links["next"]?.contains("page_size=\(expected)&") == true)
    }
  }

  @Test func defaultPageSizeIs250AndPerPageAloneMeansPageSize() throws {
    try withSandbox(.synthetic(count: 300)) { (_, client) throws in
      #expect(try IdentityPagingTests.ids(client.get("/admin/identities")).count == 250)
      let aliased = try client.get("/admin/identities?per_page=3")
      #expect(try IdentityPagingTests.ids(aliased).count == 3)
      #expect(aliased.links["next"]?.contains("per_page") == false)
    }
  }

  @Test(arguments: ["page_size=abc", "page_token=not-a-uuid", "page_size=1.5"])
  func badPagingParametersGive400(query: String) throws {
    try withSandbox(.synthetic(count: 2)) { (_, client) throws in
      let response = try client.get("/admin/identities?\(query)")
      #expect(response.status == 400)
      #expect(try response.json()[path: "error", "code"] == 400)
    }
  }

  @Test func legacyPageModeCountsAndLimits() throws {
    let store = SandboxStore.synthetic(count: 30)
    try withSandbox(store) { (_, client) throws in
      let response = try client.get("/admin/identities?page=1&per_page=10")
      #expect(response.status == 200)
      #expect(try IdentityPagingTests.ids(response) == Array(store.identityIDs[10..<20]))
      #expect(response.headers["x-total-count"] == "30")
      #expect(
        response.headers["link"]
          == "</admin/identities?page=0&per_page=10>; rel=\"first\","
          + "</admin/identities?page=2&per_page=10>; rel=\"next\","
          + "</admin/identities?page=0&per_page=10>; rel=\"prev\","
          + "</admin/identities?page=2&per_page=10>; rel=\"last\"")
      let tooFar = try client.get("/admin/identities?page=3&per_page=500")
      #expect(tooFar.status == 400)
      #expect(
        try tooFar.json()[path: "error", "reason"]?.stringValue?.hasPrefix("Legacy pagination")
          == true)
      #expect(try client.get("/admin/identities?page=2&per_page=500").status == 200)
    }
  }

  @Test func emptyStoreGivesEmptyListWithFirstLinkOnly() throws {
    try withSandbox { (_, client) throws in
      let response = try client.get("/admin/identities")
      #expect(response.status == 200)
      #expect(response.text == "[]")
      #expect(response.headers["content-type"] == "application/json; charset=utf-8")
      #expect(Set(response.links.keys) == ["first"])
    }
  }

  static func ids(_ response: LoopbackClient.Response) throws -> [String] {
    try KratosSandboxTests.ids(of: response)
  }
}
