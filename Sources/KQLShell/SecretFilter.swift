/// Recognises lines that carry a credential, so they never reach the history, in memory or on
/// disk.
public enum SecretFilter {
  /// Whether `line` looks like it holds an API key, token, password or secret.
  public static func containsSecret(_ line: String) -> Bool {
    let patterns: [Regex<Substring>] = [
      // Ory tokens: ory_pat_…, ory_apikey_…, ory_wak_…, ory_st_… and their kin.
      #/\bory_[a-z]+_[A-Za-z0-9]/#,
      // Authorization header values.
      #/\bbearer\s+\S/#.ignoresCase(),
      #/\bbasic\s+[A-Za-z0-9+/=]{8,}/#.ignoresCase(),
      // Flags that take a credential: --api-key X, --api-key=X, --token, --password.
      #/--(?:api[-_]?key|token|password|secret)\b/#.ignoresCase(),
      // Assignments: api_key=…, token: …, let password = …, set api-key …
      #/(?:api[-_]?key|token|passw(?:or)?d|secret)["']?\s*[:=]/#.ignoresCase(),
      #/\b(?:set|let|export)\s+\S*(?:api[-_]?key|token|passw(?:or)?d|secret)\b/#
        .ignoresCase(),
      // Credentials inside a URL: scheme://user:password@host
      #/://[^/\s:@]+:[^/\s@]+@/#,
    ]
    return patterns.contains { line.contains($0) }
  }
}
