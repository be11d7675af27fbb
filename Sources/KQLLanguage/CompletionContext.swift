/// What is expected at the cursor of a partial line, for tab completion.
public enum CompletionContext: Sendable, Equatable {
  /// A stage name; `statementStart` when statement keywords (`let`, `set`, `help`…) fit too.
  case stageName(prefix: String, statementStart: Bool)
  case stageOption(stage: String, prefix: String)
  case fieldPath(prefix: String)
  /// A value for a field, after `FIELD=` or `FIELD = `.
  case fieldValue(field: String, prefix: String)
  case setOption(prefix: String)
  case setValue(option: String, prefix: String)
  case fileName(prefix: String)
  case connectTarget(prefix: String)
  case helpTopic(prefix: String)
  case none

  /// The text being completed, which candidates must start with.
  public var prefix: String {
    switch self {
    case .stageName(let p, _), .stageOption(_, let p), .fieldPath(let p), .fieldValue(_, let p), .setOption(let p),
      .setValue(_, let p), .fileName(let p), .connectTarget(let p), .helpTopic(let p):
      p
    case .none: ""
    }
  }

  static let operators = ["=~", "!=", "<=", ">=", "=", "<", ">", "~"]
  static let fieldStages: Set = ["find", "where", "show", "csv", "select", "sort", "set", "unset"]

  /// Classifies the text before `cursor` (a character offset into `line`).
  public static func classify(line: String, cursor: Int) -> CompletionContext {
    let text = String(line.prefix(max(0, cursor)))
    // The segment after the last unquoted `|` or `;`.
    var quote: Character?
    var segmentStart = text.startIndex
    var afterPipe = false
    for index in text.indices {
      let character = text[index]
      if let open = quote {
        if character == open { quote = nil }
        continue
      }
      if character == "\"" || character == "'" {
        quote = character
      } else if character == "|" || character == ";" {
        segmentStart = text.index(after: index)
        afterPipe = character == "|"
      }
    }
    if quote != nil { return .none }
    let segment = String(text[segmentStart...])
    var words = segment.split(whereSeparator: \.isWhitespace).map(String.init)
    let current = segment.last?.isWhitespace == false ? (words.popLast() ?? "") : ""
    guard let head = words.first else { return .stageName(prefix: current, statementStart: !afterPipe) }
    let statementStart = !afterPipe

    if statementStart && head == "set" && !current.contains("=") && !current.contains(".") {
      if words.count == 1 { return .setOption(prefix: current) }
      if words.count == 2, LanguageCatalog.setOptions.contains(where: { $0.name == words[1] }) {
        return .setValue(option: words[1], prefix: current)
      }
    }
    switch head {
    case "load", "save", "source": return words.count == 1 ? .fileName(prefix: current) : .none
    case "connect" where statementStart: return .connectTarget(prefix: current)
    case "help" where statementStart: return .helpTopic(prefix: current)
    default: break
    }
    if current.hasPrefix("--") { return .stageOption(stage: head, prefix: current) }
    if head == "recover", words.count == 1 { return .fieldValue(field: "recover", prefix: current) }
    for op in operators {
      if let range = current.range(of: op), range.lowerBound > current.startIndex {
        return .fieldValue(field: String(current[..<range.lowerBound]), prefix: String(current[range.upperBound...]))
      }
    }
    if let last = words.last, operators.contains(last), words.count >= 2 {
      return .fieldValue(field: words[words.count - 2], prefix: current)
    }
    if let last = words.last, let op = operators.first(where: { last.hasSuffix($0) }), last.count > op.count {
      return .fieldValue(field: String(last.dropLast(op.count)), prefix: current)
    }
    return fieldStages.contains(head) ? .fieldPath(prefix: current) : .none
  }
}
