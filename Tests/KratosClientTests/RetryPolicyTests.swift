import Testing

@testable import KratosClient

@Suite struct RetryPolicyTests {
  let policy = RetryPolicy()

  @Test(arguments: [
    (1, 0.25, 0.5), (2, 0.5, 1.0), (4, 2.0, 4.0), (7, 15.0, 30.0), (40, 15.0, 30.0),
  ])
  func backoffDoublesWithJitterAndIsCapped(_ retry: Int, _ low: Double, _ high: Double) {
    for _ in 0..<50 {
      let seconds = RetryPolicy.seconds(policy.backoff(retry: retry))
      #expect(seconds >= low && seconds <= high)
    }
  }

  @Test func rateLimitResetIsHonouredAndCapped() {
    let wait = RetryPolicy.seconds(policy.rateLimitDelay(reset: "3", retry: 1))
    #expect(wait >= 3 && wait <= 3.1)
    let capped = RetryPolicy.seconds(policy.rateLimitDelay(reset: "86400", retry: 1))
    #expect(capped >= 60 && capped <= 60.1)
    let fallback = RetryPolicy.seconds(policy.rateLimitDelay(reset: "soon", retry: 1))
    #expect(fallback >= 0.25 && fallback <= 0.5)
  }

  @Test func resetHeaderForms() {
    #expect(RetryPolicy.parseSeconds("7") == 7)
    #expect(RetryPolicy.parseSeconds(" 0.5 ") == 0.5)
    #expect(RetryPolicy.parseSeconds("2, 10;w=1") == 2)
    #expect(RetryPolicy.parseSeconds("-1") == nil)
    #expect(RetryPolicy.parseSeconds("") == nil)
    #expect(RetryPolicy.parseSeconds("inf") == nil)
  }
}
