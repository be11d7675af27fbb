import Foundation
import Testing

/// Runs the built `kql` binary the way an operator would, and captures what it does.
struct KQLProcess {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The `kql` executable next to the test bundle, built by `swift build --build-tests`.
  static var executable: URL {
    get throws {
      var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("kql")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
      }
      let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/kql")
      guard FileManager.default.isExecutableFile(atPath: fallback.path) else {
        throw TestFailure("the kql executable was not built; run swift build --build-tests first")
      }
      return fallback
    }
  }

  /// A scratch home so that history, backups and profiles never touch the real ones.
  static func scratchEnvironment(_ extra: [String: String] = [:]) throws -> [String: String] {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    var environment = [
      "HOME": home.path, "PATH": "/usr/bin:/bin", "XDG_STATE_HOME": home.path + "/state",
      "XDG_CONFIG_HOME": home.path + "/config", "LANG": "C.UTF-8",
    ]
    environment.merge(extra) { _, new in new }
    return environment
  }

  /// Runs kql with `arguments`, feeding `stdin` and waiting at most `timeout` seconds.
  static func run(
    _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil,
    timeout: TimeInterval = 60
  ) throws -> Result {
    let process = Process()
    process.executableURL = try executable
    process.arguments = arguments
    process.environment = try environment ?? scratchEnvironment()
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let stdoutData = Locked(Data())
    let stderrData = Locked(Data())
    let group = DispatchGroup()
    for (pipe, sink) in [(output, stdoutData), (errors, stderrData)] {
      group.enter()
      DispatchQueue.global().async {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        sink.set(data)
        group.leave()
      }
    }
    if let stdin {
      input.fileHandleForWriting.write(Data(stdin.utf8))
    }
    try? input.fileHandleForWriting.close()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
      process.terminate()
      throw TestFailure("kql \(arguments) did not finish within \(timeout) s")
    }
    process.waitUntilExit()
    group.wait()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: stdoutData.get(), as: UTF8.self),
      stderr: String(decoding: stderrData.get(), as: UTF8.self))
  }
}

struct TestFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A value shared between threads in a test.
final class Locked<Value>: @unchecked Sendable {
  private var value: Value
  private let lock = NSLock()

  init(_ value: Value) { self.value = value }

  func get() -> Value { lock.withLock { value } }
  func set(_ newValue: Value) { lock.withLock { value = newValue } }
  func update<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
}
