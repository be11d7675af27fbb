/// Works out the completion context from the text before the cursor with a light scan of
/// quotes, parentheses, `|` and `;`: enough for completion, which must cope with half-written
/// statements that a full parser would reject.
public struct CompletionClassifier: Sendable {
  public var vocabulary: CompletionVocabulary

  public init(vocabulary: CompletionVocabulary = .standard) {
    self.vocabulary = vocabulary
  }

  /// Comparison operators, longest first so `!=` is found before `=`.
  static let operators = ["=~", "!=", "<=", ">=", "=", "<", ">", "~"]

  /// The context of the cursor at the end of `text`.
  public func classify(_ text: String) -> CompletionRequest {
    let scan = Scan(text)
    if scan.openQuote { return CompletionRequest(context: .nothing, word: "") }
    var tokens = scan.completedTokens
    let word = scan.currentWord
    let isFirstSegment = scan.segmentIndex == 0

    // `explain PIPELINE`: what follows is a pipeline, never a command.
    let explained = isFirstSegment && tokens.first == "explain"
    if explained { tokens.removeFirst() }
    guard let head = tokens.first else {
      if explained { return CompletionRequest(context: .stageName, word: word) }
      return CompletionRequest(context: isFirstSegment ? .statementStart : .stageName, word: word)
    }
    if isFirstSegment, !explained,
      let command = commandContext(head: head, arguments: tokens.count - 1, tokens: tokens)
    {
      return CompletionRequest(context: command, word: word)
    }
    return stageArgument(
      stage: head, previous: Array(tokens.dropFirst()), word: word,
      inList: scan.openParentheses > 0)
  }

  /// The context inside a statement that starts with a command other than a stage.
  private func commandContext(head: String, arguments: Int, tokens: [String]) -> CompletionContext?
  {
    switch head {
    case "set":
      if arguments == 0 { return .settingName }
      return arguments == 1 ? .settingValue(setting: tokens[1]) : .nothing
    case "help": return arguments == 0 ? .helpTopic : .nothing
    case "source": return .fileName
    case "let", "echo", "history", "exit", "quit", "connect": return .nothing
    default: return nil
    }
  }

  /// The context of a word inside stage `stage`, after its completed arguments `previous`.
  private func stageArgument(
    stage: String, previous: [String], word: String, inList: Bool
  )
    -> CompletionRequest
  {
    if word.hasPrefix("-") { return CompletionRequest(context: .option(stage: stage), word: word) }
    if vocabulary.fileStages.contains(stage) {
      return CompletionRequest(context: .fileName, word: word)
    }
    // `state=ac`: the value after an operator inside the word.
    if let (field, value) = Self.splitComparison(word) {
      return CompletionRequest(context: .value(field: field), word: value)
    }
    // `state = ac`: the operator was its own word.
    if previous.count >= 2, Self.operators.contains(previous[previous.count - 1]) {
      return CompletionRequest(context: .value(field: previous[previous.count - 2]), word: word)
    }
    // `role in (admin, ed`: inside the list after `in`.
    if inList, let inIndex = previous.lastIndex(of: "in"), inIndex > 0 {
      return CompletionRequest(context: .value(field: previous[inIndex - 1]), word: word)
    }
    return CompletionRequest(context: .argument(stage: stage), word: word)
  }

  /// `("state", "ac")` for `state=ac`; nil when the word holds no operator.
  static func splitComparison(_ word: String) -> (field: String, value: String)? {
    guard let start = word.firstIndex(where: { "=!<>~".contains($0) }), start != word.startIndex
    else { return nil }
    var end = start
    while end < word.endIndex, "=!<>~".contains(word[end]) { end = word.index(after: end) }
    return (String(word[..<start]), String(word[end...]))
  }
}

/// One left-to-right pass over the text before the cursor.
private struct Scan {
  var completedTokens: [String] = []
  var currentWord = ""
  var segmentIndex = 0
  var openQuote = false
  var openParentheses = 0

  init(_ text: String) {
    var quote: Character?
    var escaped = false
    for character in text {
      if let open = quote {
        currentWord.append(character)
        if escaped {
          escaped = false
        } else if character == "\\" && open == "\"" {
          escaped = true
        } else if character == open {
          quote = nil
        }
        continue
      }
      switch character {
      case "'", "\"":
        quote = character
        currentWord.append(character)
      case "\\":
        // A line continuation: the newline that follows is a space.
        endWord()
      case ";":
        endWord()
        completedTokens = []
        segmentIndex = 0
        openParentheses = 0
      case "|":
        endWord()
        completedTokens = []
        segmentIndex += 1
        openParentheses = 0
      case "(":
        endWord()
        openParentheses += 1
      case ")":
        endWord()
        openParentheses = max(0, openParentheses - 1)
      case ",":
        endWord()
      case _ where character.isWhitespace:
        endWord()
      default:
        currentWord.append(character)
      }
    }
    openQuote = quote != nil
  }

  private mutating func endWord() {
    if !currentWord.isEmpty { completedTokens.append(currentWord) }
    currentWord = ""
  }
}
