import Testing

@testable import KratosClient

@Suite struct KratosEndpointTests {
  @Test(arguments: [
    ("http://127.0.0.1:4434", "http://127.0.0.1:4434"),
    ("http://127.0.0.1:4434/", "http://127.0.0.1:4434"),
    ("http://127.0.0.1:4434/admin", "http://127.0.0.1:4434"),
    ("http://127.0.0.1:4434/admin/", "http://127.0.0.1:4434"),
    ("  HTTPS://Acme.Projects.OryApis.com  ", "https://acme.projects.oryapis.com"),
    ("https://proxy.example/kratos/admin", "https://proxy.example/kratos"),
    ("https://proxy.example/kratos//", "https://proxy.example/kratos"),
    ("http://[::1]:4434/admin", "http://[::1]:4434"),
    ("http://kratos-admin", "http://kratos-admin"),
  ])
  func normalisation(_ input: String, _ expected: String) throws {
    #expect(try KratosEndpoint(input).description == expected)
  }

  @Test func requestURLsKeepThePrefixAndAddAdmin() throws {
    let endpoint = try KratosEndpoint("https://proxy.example/kratos/admin/")
    #expect(
      endpoint.url(path: "/admin/identities", query: "page_size=1")
        == "https://proxy.example/kratos/admin/identities?page_size=1")
    #expect(
      endpoint.url(path: "/health/ready", query: "") == "https://proxy.example/kratos/health/ready")
  }

  @Test func oryNetworkIsRecognised() throws {
    #expect(try KratosEndpoint("https://acme.projects.oryapis.com").isOryNetwork)
    #expect(try !KratosEndpoint(KratosEndpoint.defaultURL).isOryNetwork)
  }

  @Test(arguments: [
    ("", "the url is empty"),
    ("127.0.0.1:4434", "no scheme"),
    ("ftp://host", "the scheme must be http or https"),
    ("http://", "the host is missing"),
    ("http://host:0", "port"),
    ("http://host:99999", "port"),
    ("http://host:abc", "port"),
    ("http://ho st", "spaces"),
    ("http://host/admin?x=1", "query"),
    ("http://host#top", "fragment"),
    ("http://a:b:c", "too many"),
    ("http://[::1", "unclosed"),
    ("http://exa$mple", "not a valid host name"),
  ])
  func invalidURLsAreRefusedWithAReason(_ input: String, _ reason: String) {
    #expect {
      try KratosEndpoint(input)
    } throws: { error in
      "\(error)".hasPrefix("invalid endpoint") && "\(error)".contains(reason)
    }
  }

  @Test func credentialsInTheURLAreRefusedWithoutRepeatingThem() {
    #expect {
      try KratosEndpoint("https://user:hunter2@host.example")
    } throws: { error in
      "\(error)".contains("user names and passwords") && !"\(error)".contains("hunter2")
    }
  }
}
