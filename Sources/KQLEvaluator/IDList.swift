import KQLLanguage
import KratosModel

/// Identity IDs given as lines of text: standard input or a file for `load`.
public enum IDList {
  /// The lines of `text`, ending in `\n` or `\r\n` (files from Windows tools), without a last
  /// empty line after a final newline.
  public static func lines(of text: String) -> [String] {
    var lines = text.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
    )
    .map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  /// Every ID, checked before anything is sent. Blank lines and `#` comments are skipped; a line
  /// may also be a JSON object with an `"id"` (as `jsonl` and `save` write). Repeated IDs are kept
  /// once, so that no identity is acted on twice.
  static func parse(
    _ lines: [String], origin: String, at range: SourceRange
  ) throws(PipelineRunner.CompileError) -> [String] {
    var ids: [String] = []
    var seen = Set<String>()
    for (index, raw) in lines.enumerated() {
      // Spreadsheet tools start a file with a byte-order mark.
      let line = (index == 0 && raw.hasPrefix("\u{FEFF}") ? String(raw.dropFirst()) : raw)
        .trimmingCharactersInWhitespace()
      if line.isEmpty || line.hasPrefix("#") { continue }
      var candidate = line
      if line.hasPrefix("{") {
        do {
          let json = try JSON(parsing: line)
          if json["identity_id"] != nil || json["authenticated_at"] != nil {
            throw PipelineRunner.CompileError(
              message:
                "\(origin) line \(index + 1) is a session, not an identity; ids and load read identities",
              range: range)
          }
          guard let id = json["id"]?.stringValue else {
            throw PipelineRunner.CompileError(
              message: "\(origin) line \(index + 1): the JSON object has no \"id\"", range: range)
          }
          candidate = id
        } catch let error as JSONSyntaxError {
          throw PipelineRunner.CompileError(
            message: "\(origin) line \(index + 1), column \(error.column): \(error.message)",
            range: range)
        } catch let error as PipelineRunner.CompileError {
          throw error
        } catch {
          throw PipelineRunner.CompileError(
            message: "\(origin) line \(index + 1): \(error)", range: range)
        }
      }
      guard let id = UUIDText.normalized(candidate) else {
        let shown = candidate.count > 60 ? String(candidate.prefix(60)) + "…" : candidate
        throw PipelineRunner.CompileError(
          message:
            "\(origin) line \(index + 1): '\(shown)' is not an identity id (a UUID); nothing was changed",
          range: range)
      }
      if seen.insert(id).inserted { ids.append(id) }
    }
    return ids
  }
}
