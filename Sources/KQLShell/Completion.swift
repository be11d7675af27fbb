/// What completion offers for the word before the cursor.
public struct Completion: Sendable, Hashable {
  /// The partial word the candidates replace.
  public var word: String
  /// Whole words to put in place of `word`, sorted.
  public var candidates: [String]
  /// The cursor is on a file name: the line editor should list files instead.
  public var wantsFileNames: Bool

  public init(word: String, candidates: [String], wantsFileNames: Bool) {
    self.word = word
    self.candidates = candidates
    self.wantsFileNames = wantsFileNames
  }

  /// Whether a unique candidate is a whole word, to be followed by a space. A path that goes on
  /// (`traits.`) or a directory (`dir/`) is not.
  public static func isComplete(_ candidate: String) -> Bool {
    !(candidate.hasSuffix(".") || candidate.hasSuffix("/") || candidate.hasSuffix("="))
  }
}
