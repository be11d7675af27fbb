import CCurl
import CCurlShim

/// The libcurl multi handle that runs every transfer of one client, with its connection pool.
///
/// All methods except `wakeup()` must be called from the one thread that drives the handle;
/// `wakeup()` is the only call libcurl allows from other threads, which is why the type is
/// `@unchecked Sendable`.
final class CurlMulti: @unchecked Sendable {
  private let handle: UnsafeMutableRawPointer
  /// The easy handles currently added, so that finished transfers can be mapped back to objects.
  private var members: [UnsafeMutableRawPointer: CurlEasy] = [:]

  /// Creates the handle with at most `connections` connections in total and per host.
  init(connections: Int) throws(CurlError) {
    try CurlLibrary.initialize()
    guard let handle = curl_multi_init() else {
      throw CurlError(function: "curl_multi_init", message: "could not create a handle")
    }
    self.handle = handle
    try CurlError.check(
      ccurl_multi_setopt_long(handle, CURLMOPT_MAX_TOTAL_CONNECTIONS, connections),
      "curl_multi_setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS)")
    try CurlError.check(
      ccurl_multi_setopt_long(handle, CURLMOPT_MAX_HOST_CONNECTIONS, connections),
      "curl_multi_setopt(CURLMOPT_MAX_HOST_CONNECTIONS)")
  }

  deinit {
    for easy in members.keys { curl_multi_remove_handle(handle, easy) }
    curl_multi_cleanup(handle)
  }

  func add(_ easy: CurlEasy) throws(CurlError) {
    try CurlError.check(curl_multi_add_handle(handle, easy.handle), "curl_multi_add_handle")
    members[easy.handle] = easy
  }

  /// Takes `easy` out of the multi handle, aborting its transfer if it is still running.
  func remove(_ easy: CurlEasy) throws(CurlError) {
    guard members.removeValue(forKey: easy.handle) != nil else { return }
    try CurlError.check(curl_multi_remove_handle(handle, easy.handle), "curl_multi_remove_handle")
  }

  /// Moves every transfer along as far as it can go without waiting.
  func perform() throws(CurlError) {
    var running: Int32 = 0
    try CurlError.check(curl_multi_perform(handle, &running), "curl_multi_perform")
  }

  /// The transfers that have finished since the last call, with their result codes.
  func finishedTransfers() -> [(easy: CurlEasy, result: CURLcode)] {
    var finished: [(easy: CurlEasy, result: CURLcode)] = []
    var remaining: Int32 = 0
    while let message = curl_multi_info_read(handle, &remaining) {
      guard message.pointee.msg == CURLMSG_DONE, let raw = message.pointee.easy_handle,
        let easy = members[raw]
      else { continue }
      finished.append((easy, message.pointee.data.result))
    }
    return finished
  }

  /// Waits until a socket is ready, `wakeup()` is called, or `milliseconds` have passed.
  func poll(milliseconds: Int32) throws(CurlError) {
    var ready: Int32 = 0
    try CurlError.check(curl_multi_poll(handle, nil, 0, milliseconds, &ready), "curl_multi_poll")
  }

  /// Interrupts a `poll` running on the loop thread; safe from any thread.
  func wakeup() {
    _ = curl_multi_wakeup(handle)
  }
}
