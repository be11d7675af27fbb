/// Column widths for a table that must fit the terminal.
public enum TableLayout {
  /// Columns are never shrunk below this many display columns (or their natural width).
  public static let minimumColumnWidth = 4
  /// Spaces between two columns.
  public static let gap = 2

  /// A fitted column narrower than this (or than its natural width) is too cut to read.
  public static let readableWidth = 8

  /// Shrinks the widest columns first until the row, gaps included, fits `totalWidth`.
  /// Columns in `keep` (identity and session ids, which operators copy whole) are shrunk only
  /// when shrinking the others is not enough. When fitting would cut a column below
  /// `readableWidth`, the natural widths are returned instead: a line that wraps still says
  /// everything, while `ina…  use…  202…` says nothing.
  public static func fit(natural: [Int], totalWidth: Int, keep: Set<Int> = []) -> [Int] {
    let others = shrink(
      natural, natural: natural, totalWidth: totalWidth, candidates: { !keep.contains($0) })
    let fitted = shrink(others, natural: natural, totalWidth: totalWidth, candidates: { _ in true })
    let unreadable = fitted.indices.contains { fitted[$0] < min(readableWidth, natural[$0]) }
    return unreadable ? natural : fitted
  }

  private static func shrink(
    _ start: [Int], natural: [Int], totalWidth: Int, candidates: (Int) -> Bool
  ) -> [Int] {
    var widths = start
    let gaps = max(0, widths.count - 1) * gap
    var excess = widths.reduce(0, +) + gaps - totalWidth
    while excess > 0 {
      var widest = -1
      for (i, w) in widths.enumerated()
      where candidates(i) && w > min(minimumColumnWidth, natural[i]) {
        if widest < 0 || w > widths[widest] { widest = i }
      }
      guard widest >= 0 else { break }
      // Bring the widest column down to the runner-up in one step, but no further than needed.
      let runnerUp =
        widths.enumerated().filter { $0.offset != widest && candidates($0.offset) }.map(\.element)
        .max() ?? 0
      let floor = max(runnerUp, min(minimumColumnWidth, natural[widest]))
      let step = max(1, min(excess, widths[widest] - floor))
      widths[widest] -= step
      excess -= step
    }
    return widths
  }
}
