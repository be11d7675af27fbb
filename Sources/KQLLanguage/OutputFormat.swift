/// How records are written to standard output.
public enum OutputFormat: String, Sendable, CaseIterable {
  /// Aligned columns with a header, for people.
  case table
  /// One JSON array, one record per line.
  case json
  /// One compact JSON object per line.
  case jsonl
  /// RFC 4180 comma-separated values with a header row.
  case csv
  /// One identity ID per line.
  case ids
}
