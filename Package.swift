// swift-tools-version:6.0
import PackageDescription

/// kql: a scriptable shell for administering Ory Kratos identities.
///
/// Dependencies point one way: the language knows nothing of HTTP, the client and the sandbox share
/// only the data model, the evaluator joins language and client, the shell renders and edits lines,
/// and the `kql` executable wires everything together.
let package = Package(
  name: "kql",
  products: [
    .executable(name: "kql", targets: ["kql"])
  ],
  targets: [
    // C bridges.
    .systemLibrary(
      name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .target(name: "CCurlShim", dependencies: ["CCurl"]),
    .systemLibrary(
      name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
    .target(name: "CTerminal", dependencies: ["CEditLine"]),

    // Libraries.
    .target(name: "KratosModel"),
    .target(name: "KQLLanguage"),
    .target(name: "KratosClient", dependencies: ["KratosModel", "CCurl", "CCurlShim"]),
    .target(name: "KratosSandbox", dependencies: ["KratosModel"]),
    .target(name: "KQLEvaluator", dependencies: ["KQLLanguage", "KratosModel", "KratosClient"]),
    .target(
      name: "KQLShell", dependencies: ["KQLLanguage", "KratosModel", "CEditLine", "CTerminal"]),

    // The command-line front end.
    .executableTarget(
      name: "kql",
      dependencies: [
        "KQLLanguage", "KratosModel", "KratosClient", "KratosSandbox", "KQLEvaluator", "KQLShell",
      ]),

    .testTarget(name: "KratosModelTests", dependencies: ["KratosModel"]),
    .testTarget(name: "KQLLanguageTests", dependencies: ["KQLLanguage"]),
    .testTarget(name: "KratosSandboxTests", dependencies: ["KratosSandbox", "KratosModel"]),
    .testTarget(
      name: "KratosClientTests", dependencies: ["KratosClient", "KratosSandbox", "KratosModel"]),
    .testTarget(
      name: "KQLEvaluatorTests",
      dependencies: ["KQLEvaluator", "KQLLanguage", "KratosClient", "KratosSandbox", "KratosModel"]),
    .testTarget(name: "KQLShellTests", dependencies: ["KQLShell", "KQLLanguage", "KratosModel"]),
    .testTarget(name: "EndToEndTests", dependencies: ["KratosSandbox", "KratosModel"]),
  ]
)
