import Testing

@testable import KQLLanguage

/// Every diagnostic the parser writes, rendered exactly as the operator sees it.
@Suite struct DiagnosticGoldenTests {
  static let cases: [(source: String, rendered: String)] = [
    (
      #"find state != active | show"#,
      #"""

      """#
    ),
    (
      #"find a ! b"#,
      #"""
      1:6: error: unknown field 'a'
        find a ! b
             ^
      hint: fields start with id, state, schema_id, traits, metadata_public, metadata_admin, email, identifier, created_at or another name listed under Fields in docs/language.md
      1:8: error: '!' must be followed by '=' (use 'not' to negate)
        find a ! b
               ^
      """#
    ),
    (
      #"echo $"#,
      #"""
      1:6: error: '$' must be followed by a variable name, a digit or '#'
        echo $
             ^
      """#
    ),
    (
      #"echo "unterminated"#,
      #"""
      1:6: error: unterminated string
        echo "unterminated
             ^~~~~~~~~~~~~
      hint: add the closing "
      """#
    ),
    (
      #"echo 'unterminated"#,
      #"""
      1:6: error: unterminated string
        echo 'unterminated
             ^~~~~~~~~~~~~
      hint: add the closing '
      """#
    ),
    (
      #"echo "${name""#,
      #"""
      1:7: error: missing '}' after '${name'
        echo "${name"
              ^~~~~~
      1:7: error: variable $name is not set
        echo "${name"
              ^~~~~~
      hint: set it first with 'let name = …' or run kql with -v name=…
      """#
    ),
    (
      #"echo "\u{zz}""#,
      #"""
      1:7: error: invalid unicode escape; write \u{HEX}
        echo "\u{zz}"
              ^~~~~~
      """#
    ),
    (
      #"echo "\q""#,
      #"""
      1:7: error: unknown escape '\q' in string
        echo "\q"
              ^~
      hint: escapes are \" \\ \$ \n \t \u{HEX}
      """#
    ),
    (
      #"find | show | count"#,
      #"""
      1:8: error: 'show' must be the last stage
        find | show | count
               ^~~~
      """#
    ),
    (
      #"let = 3"#,
      #"""
      1:5: error: expected a variable name after 'let'
        let = 3
            ^
      """#
    ),
    (
      #"let x 3"#,
      #"""
      1:7: error: expected '=' after 'let x'
        let x 3
              ^
      """#
    ),
    (
      #"set dry-rn on"#,
      #"""
      1:5: error: unknown option 'dry-rn'
        set dry-rn on
            ^~~~~~
      hint: did you mean 'dry-run'?
      """#
    ),
    (
      #"set dry-run"#,
      #"""
      1:12: error: set dry-run needs a value
        set dry-run
                   ^
      """#
    ),
    (
      #"find |"#,
      #"""
      1:7: error: empty pipeline stage: expected a stage after '|'
        find |
              ^
      hint: remove the extra '|'
      """#
    ),
    (
      #"find || show"#,
      #"""
      1:7: error: empty pipeline stage: expected a stage after '|'
        find || show
              ^
      hint: remove the extra '|'
      """#
    ),
    (
      #"find | count | show"#,
      #"""
      1:8: error: 'count' must be the last stage
        find | count | show
               ^~~~~
      """#
    ),
    (
      #"| find"#,
      #"""
      1:1: error: expected a stage
        | find
        ^
      """#
    ),
    (
      #"find | 42"#,
      #"""
      1:8: error: unknown stage '42'
        find | 42
               ^~
      """#
    ),
    (
      #"find | deactvate"#,
      #"""
      1:8: error: unknown stage 'deactvate'
        find | deactvate
               ^~~~~~~~~
      hint: did you mean 'deactivate'?
      """#
    ),
    (
      #"find | get 0f8fad5b-d9cb-469f-a165-70867728950e"#,
      #"""
      1:8: error: 'get' can only start a pipeline
        find | get 0f8fad5b-d9cb-469f-a165-70867728950e
               ^~~
      """#
    ),
    (
      #"deactivate now"#,
      #"""
      1:12: error: unexpected 'now' in 'deactivate'
        deactivate now
                   ^~~
      hint: syntax: deactivate
      """#
    ),
    (
      #"get"#,
      #"""
      1:1: error: get needs at least one identity id
        get
        ^~~
      """#
    ),
    (
      #"find | where"#,
      #"""
      1:13: error: where needs an expression
        find | where
                    ^
      """#
    ),
    (
      #"find | take abc"#,
      #"""
      1:13: error: take needs a whole number, not 'abc'
        find | take abc
                    ^~~
      """#
    ),
    (
      #"find | set traits.x"#,
      #"""
      1:20: error: expected '=' after 'traits.x'
        find | set traits.x
                           ^
      hint: syntax: set PATH=VALUE…
      """#
    ),
    (
      #"find | set"#,
      #"""
      1:8: error: set needs PATH=VALUE
        find | set
               ^~~
      """#
    ),
    (
      #"find | recover --expires soon"#,
      #"""
      1:26: error: --expires needs a duration such as 30m, 1h or 2d
        find | recover --expires soon
                                 ^~~~
      """#
    ),
    (
      #"find | show --wdie"#,
      #"""
      1:13: error: unknown option '--wdie' for 'show'
        find | show --wdie
                    ^~~~~~
      hint: did you mean '--wide'?
      """#
    ),
    (
      #"find | select"#,
      #"""
      1:14: error: select needs at least one field
        find | select
                     ^
      """#
    ),
    (
      #"find (state = active"#,
      #"""
      1:21: error: expected ')' to close the '(' at column 6
        find (state = active
                            ^
      """#
    ),
    (
      #"find = active"#,
      #"""
      1:6: error: expected a condition such as state = active, not '='
        find = active
             ^
      """#
    ),
    (
      #"find state in active"#,
      #"""
      1:15: error: 'in' needs a list in parentheses, such as (a, b)
        find state in active
                      ^~~~~~
      """#
    ),
    (
      #"find state"#,
      #"""
      1:11: error: expected an operator after 'state', not the end of the input
        find state
                  ^
      hint: operators: = != < <= > >= ~ =~ in, or 'has state'
      """#
    ),
    (
      #"find state ="#,
      #"""
      1:13: error: expected a value after 'state ='
        find state =
                    ^
      """#
    ),
    (
      #"find | sort"#,
      #"""
      1:12: error: expected a field such as traits.email, not the end of the input
        find | sort
                   ^
      """#
    ),
    (
      #"find traits..x = 1"#,
      #"""
      1:6: error: 'traits..x' is not a field path: a name is missing between dots
        find traits..x = 1
             ^~~~~~~~~
      """#
    ),
    (
      #"find traits.emial = a or stat = active"#,
      #"""
      1:26: error: unknown field 'stat'
        find traits.emial = a or stat = active
                                 ^~~~
      hint: did you mean 'state'?
      """#
    ),
    (
      #"find id in (a, b"#,
      #"""
      1:17: error: expected ',' or ')' in the list, not the end of the input
        find id in (a, b
                        ^
      """#
    ),
    (
      #"find id in (a b)"#,
      #"""
      1:15: error: expected ',' or ')' in the list, not 'b'
        find id in (a b)
                      ^
      """#
    ),
    (
      #"echo $undefined"#,
      #"""
      1:6: error: variable $undefined is not set
        echo $undefined
             ^~~~~~~~~~
      hint: set it first with 'let undefined = …' or run kql with -v undefined=…
      """#
    ),
    (
      #"find 山田=太郎 | show"#,
      #"""
      1:6: error: unknown field '山田'
        find 山田=太郎 | show
             ^~~~
      hint: fields start with id, state, schema_id, traits, metadata_public, metadata_admin, email, identifier, created_at or another name listed under Fields in docs/language.md
      """#
    ),
    (
      #"\#tfind | deactvate"#,
      #"""
      1:9: error: unknown stage 'deactvate'
        	find | deactvate
        	       ^~~~~~~~~
      hint: did you mean 'deactivate'?
      """#
    ),
  ]

  @Test(arguments: cases)
  func rendersExactly(source: String, rendered: String) {
    let (_, diagnostics) = KQLParser.parse(source)
    let text = diagnostics.map {
      DiagnosticRenderer.render($0, source: source, file: nil, color: false)
    }
    .joined(separator: "\n")
    #expect(text == rendered)
  }
}
