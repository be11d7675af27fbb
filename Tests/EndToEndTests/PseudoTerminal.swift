import Foundation

/// Runs a program on a pseudo-terminal, as if an operator typed at it.
final class PseudoTerminal {
  let pid: pid_t
  let master: Int32
  private var transcript = Data()

  /// Starts `executable` as the leader of a new session whose controlling terminal is a fresh pty.
  init(
    executable: String, arguments: [String], environment: [String: String], columns: UInt16 = 100
  ) throws {
    // posix_openpt and friends are not visible from Swift's Glibc module; these are the Linux
    // ioctls they wrap (TIOCSPTLCK and TIOCGPTN, whose macros do not import either).
    let unlockRequest: UInt = 0x4004_5431
    let numberRequest: UInt = 0x8004_5430
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    var unlock: Int32 = 0
    var number: UInt32 = 0
    guard master >= 0, ioctl(master, unlockRequest, &unlock) == 0,
      ioctl(master, numberRequest, &number) == 0
    else {
      throw TestFailure("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
    }
    let slavePath = "/dev/pts/\(number)"
    var size = winsize(ws_row: 40, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &size)

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // Opened after setsid, the first terminal becomes the controlling terminal of the new session.
    posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    posix_spawn_file_actions_addclose(&actions, master)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // POSIX_SPAWN_SETSID (glibc's 0x80) is hidden behind _GNU_SOURCE, so it is spelled out.
    let setsid: Int32 = 0x80
    posix_spawnattr_setflags(
      &attributes, Int16(setsid | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var defaults = sigset_t()
    sigfillset(&defaults)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard status == 0 else {
      close(master)
      throw TestFailure("cannot start \(executable): \(String(cString: strerror(status)))")
    }
    self.pid = pid
    self.master = master
    let flags = fcntl(master, F_GETFL)
    _ = fcntl(master, F_SETFL, flags | O_NONBLOCK)
  }

  deinit {
    kill(pid, SIGKILL)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    close(master)
  }

  /// Sends keystrokes: text as typed, with "\t" for Tab, "\u{03}" for Ctrl-C, "\u{04}" for Ctrl-D.
  func send(_ keys: String) {
    let bytes = Array(keys.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
      if n > 0 { offset += n } else { usleep(1_000) }
    }
  }

  /// Everything the program has written so far, as text with ANSI escapes left in.
  var output: String {
    drain()
    return String(decoding: transcript, as: UTF8.self)
  }

  private func drain() {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = read(master, &buffer, buffer.count)
      guard n > 0 else { return }
      transcript.append(contentsOf: buffer[..<n])
    }
  }

  /// Waits until the output contains `text` (after `after` characters), or fails after `timeout`.
  @discardableResult
  func waitFor(_ text: String, after start: Int = 0, timeout: TimeInterval = 20) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let all = output
      let tail = String(all.dropFirst(start))
      if tail.contains(text) { return all }
      usleep(20_000)
    }
    throw TestFailure(
      "timed out waiting for \(text.debugDescription); the terminal shows:\n\(output)")
  }

  /// Waits for the program to exit and returns its exit status.
  func waitForExit(timeout: TimeInterval = 20) throws -> Int32 {
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while Date() < deadline {
      drain()
      if waitpid(pid, &status, WNOHANG) == pid {
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
      }
      usleep(20_000)
    }
    throw TestFailure("the program did not exit; the terminal shows:\n\(output)")
  }
}
