import KratosModel

/// The pages of a listing, fetched one at a time as the consumer asks for them.
///
/// Each listing starts from one or more first requests (an `ids` filter is split into chunks of
/// 500, each paged on its own) and follows the `Link` header's `rel="next"` until it is absent.
/// The next page is requested only when the consumer asks for it, so nothing is collected
/// ahead; breaking out of the loop or cancelling the task stops the paging. An empty page ends
/// a listing (so an empty listing yields no page at all), and items already handed on are not
/// handed on again.
public struct Pages<Item: Sendable>: AsyncSequence, Sendable {
  public typealias Element = [Item]

  let client: KratosClient
  let firstRequests: [APIRequest]
  let decode: @Sendable (JSON) throws(ModelDecodingError) -> [Item]
  /// What tells two items apart, so that an item a server sends twice is handed on once.
  let key: @Sendable (Item) -> String
  /// A problem with the arguments, thrown by the first `next()`.
  let argumentError: KratosClientError?

  public func makeAsyncIterator() -> Iterator {
    Iterator(pages: self, remaining: firstRequests[...])
  }

  /// Walks the listing: the current request, then its `next` links, then the next first request.
  public struct Iterator: AsyncIteratorProtocol {
    let pages: Pages
    var remaining: ArraySlice<APIRequest>
    var current: APIRequest?
    var failed = false
    /// Keys of the items handed on so far.
    var seen = Set<String>()
    /// Pages in a row that brought nothing new.
    var repeats = 0
    /// A server that keeps linking to pages of items it already sent is not paging any more.
    static var repeatLimit: Int { 3 }

    init(pages: Pages, remaining: ArraySlice<APIRequest>) {
      self.pages = pages
      self.remaining = remaining
    }

    public mutating func next() async throws -> [Item]? {
      if let error = pages.argumentError, !failed {
        failed = true
        throw error
      }
      while !failed {
        try Task.checkCancellation()
        if current == nil { current = remaining.popFirst() }
        guard let request = current else { return nil }
        do {
          let (items, next) = try await pages.client.fetchPage(request, decode: pages.decode)
          // An empty page ends the listing whatever its links say: Kratos's offset paging (an
          // identity's sessions) links an empty list to a next page, and that one to the next.
          current = items.isEmpty ? nil : next
          // Kratos's offset paging of an identity's sessions serves page 0 again as page 1, so
          // repeated items are dropped; a server that only ever repeats itself is an error.
          let fresh = items.filter { seen.insert(pages.key($0)).inserted }
          if !fresh.isEmpty {
            repeats = 0
            return fresh
          }
          if !items.isEmpty, next != nil {
            repeats += 1
            if repeats >= Self.repeatLimit {
              throw KratosClientError.unexpectedReply(
                request.line, status: 200,
                problem:
                  "the server sent \(Self.repeatLimit) pages in a row with nothing new; stopped paging"
              )
            }
          }
        } catch {
          failed = true
          throw error
        }
      }
      return nil
    }
  }

  /// Every item of every page, for listings known to be small.
  public func collect() async throws -> [Item] {
    var items: [Item] = []
    for try await page in self { items += page }
    return items
  }
}

extension KratosClient {
  /// Fetches one page and works out the request for the page after it, if any.
  ///
  /// The next request keeps this request's path and takes only the query from the link, so a
  /// link can never send the client to another host or outside `/admin`.
  func fetchPage<Item>(
    _ request: APIRequest, decode: (JSON) throws(ModelDecodingError) -> [Item]
  ) async throws -> ([Item], APIRequest?) {
    let response = try await send(request)
    guard response.status == 200 else { throw failure(response, for: request) }
    let items = try self.decode(response, for: request, decode)
    guard let target = LinkHeader.nextTarget(in: response.headers(named: "link")) else {
      return (items, nil)
    }
    guard let query = LinkHeader.query(of: target) else {
      throw KratosClientError.unexpectedReply(
        request.line, status: response.status, problem: "the next-page link has no query")
    }
    guard query != request.query else {
      throw KratosClientError.unexpectedReply(
        request.line, status: response.status, problem: "the next-page link points to this page")
    }
    var next = request
    next.query = query
    return (items, next)
  }
}
