/// Tab completion as a pure function: the line and cursor in, the candidates out.
///
/// The context comes from `classify` (by default `CompletionClassifier`; the executable may plug
/// in the language's own classification); the engine turns it into words, adding what only
/// the running shell knows through `fieldPaths` and `schemaIDs`.
public struct CompletionEngine: Sendable {
  public var vocabulary: CompletionVocabulary
  /// Field paths seen so far: in the server's identity schemas and in fetched identities.
  public var fieldPaths: @Sendable () -> [String]
  /// Identity schema IDs the server offers.
  public var schemaIDs: @Sendable () -> [String]
  /// The context of the cursor at the end of the given text.
  public var classify: @Sendable (String) -> CompletionRequest

  public init(
    vocabulary: CompletionVocabulary = .standard,
    fieldPaths: @escaping @Sendable () -> [String] = { [] },
    schemaIDs: @escaping @Sendable () -> [String] = { [] },
    classify: (@Sendable (String) -> CompletionRequest)? = nil
  ) {
    self.vocabulary = vocabulary
    self.fieldPaths = fieldPaths
    self.schemaIDs = schemaIDs
    let classifier = CompletionClassifier(vocabulary: vocabulary)
    self.classify = classify ?? { classifier.classify($0) }
  }

  /// The completions at `cursor`, counted in Unicode scalars from the start of `line`.
  public func complete(line: String, cursor: Int) -> Completion {
    let scalars = line.unicodeScalars
    let end =
      scalars.index(scalars.startIndex, offsetBy: max(0, cursor), limitedBy: scalars.endIndex)
      ?? scalars.endIndex
    return complete(beforeCursor: String(scalars[..<end]))
  }

  /// The completions for the cursor at the end of `text`.
  public func complete(beforeCursor text: String) -> Completion {
    let request = classify(text)
    let word = request.word
    let candidates: [String]
    switch request.context {
    case .statementStart:
      candidates = vocabulary.commands + vocabulary.sourceStages
    case .stageName:
      candidates = vocabulary.stages
    case .option(let stage):
      candidates = vocabulary.options[stage] ?? []
    case .argument(let stage):
      let fields = vocabulary.fieldStages.contains(stage) ? fieldCandidates(for: word) : []
      candidates = fields + (vocabulary.keywords[stage] ?? []) + (vocabulary.options[stage] ?? [])
    case .value(let field):
      candidates = values(of: field)
    case .settingName:
      candidates = Array(vocabulary.settings.keys)
    case .settingValue(let setting):
      candidates = vocabulary.settings[setting] ?? []
    case .helpTopic:
      candidates = vocabulary.commands + vocabulary.stages + vocabulary.extraHelpTopics
    case .fileName:
      return Completion(word: word, candidates: [], wantsFileNames: true)
    case .nothing:
      candidates = []
    }
    let matching = Set(candidates.filter { $0.hasPrefix(word) })
    return Completion(word: word, candidates: matching.sorted(), wantsFileNames: false)
  }

  /// Known values of `field`, with schema IDs from the server.
  private func values(of field: String) -> [String] {
    if field == "schema_id" { return schemaIDs() }
    return vocabulary.fieldValues[field] ?? []
  }

  /// Field paths completed one component at a time: `tr` gives `traits.`, `traits.na` gives
  /// `traits.name.` when the name has parts, and `traits.email` when it has none.
  func fieldCandidates(for word: String) -> [String] {
    var result = Set<String>()
    for path in vocabulary.builtinFields + fieldPaths() where path.hasPrefix(word) {
      let rest = path.dropFirst(word.count)
      if let dot = rest.firstIndex(of: ".") {
        result.insert(word + rest[...dot])
      } else if !rest.isEmpty || !path.hasSuffix(".") {
        result.insert(path)
      }
    }
    result.remove(word.hasSuffix(".") ? word : "")
    return Array(result)
  }
}
