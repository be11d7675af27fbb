import Synchronization

/// A record on its way through a pipeline, with what the actions so far did to it.
struct Item: Sendable {
  var record: Record
  var results: [ActionResult] = []
  /// Extra output columns an action added, such as a recovery link.
  var extra: [String: String] = [:]
  /// Set once an action failed: later actions skip the record so its own requests stay in order.
  var stopped = false
  /// Set when the failure means every other record would fail too (no connection, a rejected key).
  var fatal = false

  init(_ record: Record) {
    self.record = record
  }

  /// Records why the item's requests stopped: an interruption when the task was cancelled, else
  /// the failure, which is fatal to the whole run unless it concerns this item only.
  mutating func stop(because error: any Error) {
    stopped = true
    if error is CancellationError || Task.isCancelled {
      results.append(.interrupted)
    } else {
      results.append(.failed(String(describing: error)))
      fatal = !error.concernsOneItem
    }
  }
}

/// A pull-based stream of items: each stage asks its upstream for the next item when it needs one,
/// so a slow consumer never makes kql fetch pages it has no room for.
protocol ItemStream: AnyObject {
  func next() async throws -> Item?
}

/// Items from an array, for sources that already hold their records.
final class ArrayStream: ItemStream {
  private var items: ArraySlice<Item>

  init(_ items: [Item]) {
    self.items = items[...]
  }

  func next() async throws -> Item? { items.popFirst() }
}

/// Flattens pages from the server into items, fetching the next page only when needed.
final class PageStream<Pages: AsyncSequence, Element>: ItemStream where Pages.Element == [Element] {
  private var pages: Pages.AsyncIterator
  private var buffer: ArraySlice<Element> = []
  private let makeItem: (Element) -> Item?
  /// Told how many elements there were, once the last page has been read.
  private let finished: ((Int) -> Void)?
  private var seen = 0

  init(_ pages: Pages, finished: ((Int) -> Void)? = nil, makeItem: @escaping (Element) -> Item?) {
    self.pages = pages.makeAsyncIterator()
    self.finished = finished
    self.makeItem = makeItem
  }

  func next() async throws -> Item? {
    while true {
      while let element = buffer.popFirst() {
        if let item = makeItem(element) { return item }
      }
      guard let page = try await pages.next() else {
        finished?(seen)
        return nil
      }
      seen += page.count
      buffer = page[...]
    }
  }
}

/// Runs `transform` on up to `limit` items at once and hands results on in input order.
///
/// Each item's own transform runs start to finish in one task, so the requests for one identity
/// (deactivate, then revoke) are never reordered or overlapped. After a fatal item, or when the
/// surrounding task is cancelled, no new item is started, and those already running are awaited so
/// that the report covers everything that was sent.
final class ConcurrentMapStream: ItemStream {
  private let upstream: any ItemStream
  private let limit: Int
  private let transform: @Sendable (Item) async -> [Item]
  private let running = RunningTasks()
  private var ready: ArraySlice<Item> = []
  private var exhausted = false

  init(
    _ upstream: any ItemStream, limit: Int, transform: @escaping @Sendable (Item) async -> [Item]
  ) {
    self.upstream = upstream
    self.limit = max(1, limit)
    self.transform = transform
  }

  func next() async throws -> Item? {
    while true {
      if let item = ready.popFirst() { return item }
      try await fill()
      guard let head = running.popFirst() else { return nil }
      let running = running
      let items = await withTaskCancellationHandler {
        await head.value
      } onCancel: {
        running.cancelAll()
        head.cancel()
      }
      if items.contains(where: \.fatal) { exhausted = true }
      ready = items[...]
    }
  }

  private func fill() async throws {
    while !exhausted, !Task.isCancelled, running.count < limit {
      guard let item = try await upstream.next() else {
        exhausted = true
        return
      }
      let transform = transform
      let task = Task { await transform(item) }
      running.append(task)
    }
  }
}

/// The transforms a `ConcurrentMapStream` has started, oldest first, shared with its cancel handler.
final class RunningTasks: Sendable {
  private let tasks = Mutex<[Task<[Item], Never>]>([])

  var count: Int { tasks.withLock { $0.count } }

  func append(_ task: Task<[Item], Never>) { tasks.withLock { $0.append(task) } }

  func popFirst() -> Task<[Item], Never>? { tasks.withLock { $0.isEmpty ? nil : $0.removeFirst() } }

  func cancelAll() { tasks.withLock { tasks in tasks.forEach { $0.cancel() } } }
}

/// Keeps the first `count` items, then stops pulling from upstream.
final class TakeStream: ItemStream {
  private let upstream: any ItemStream
  private var remaining: Int

  init(_ upstream: any ItemStream, count: Int) {
    self.upstream = upstream
    self.remaining = count
  }

  func next() async throws -> Item? {
    guard remaining > 0 else { return nil }
    remaining -= 1
    return try await upstream.next()
  }
}

/// Collects everything upstream, sorts it, then streams it on.
final class SortStream: ItemStream {
  private let upstream: any ItemStream
  private let areInIncreasingOrder: (Item, Item) -> Bool
  private var sorted: ArraySlice<Item>?

  init(_ upstream: any ItemStream, by areInIncreasingOrder: @escaping (Item, Item) -> Bool) {
    self.upstream = upstream
    self.areInIncreasingOrder = areInIncreasingOrder
  }

  func next() async throws -> Item? {
    if sorted == nil {
      var all: [Item] = []
      while let item = try await upstream.next() { all.append(item) }
      // A stable sort keeps the server's order among equal keys.
      sorted =
        all.enumerated().sorted { a, b in
          if areInIncreasingOrder(a.element, b.element) { return true }
          if areInIncreasingOrder(b.element, a.element) { return false }
          return a.offset < b.offset
        }.map(\.element)[...]
    }
    return sorted?.popFirst()
  }
}
