// swift-tools-version: 6.1
// factx: turns folders of news and analysis articles into structured, reviewable facts.
//
// The target graph is the pipeline: Document → sentences → mentions → facts → records.
//   FactxModel         value types that flow between stages (no dependencies)
//   FactxReading       files → Document                 (libxml2 through CLibXML2, ICU through CICU)
//   FactxSegmenting    Document → sentences and tokens  (ICU through CICU)
//   FactxPatterns      Patterns/ → validated rules, gazetteers, alias tables
//   FactxExtracting    segmented text → mentions        (one file per extractor)
//   FactxNormalizing   mentions → facts (aliases, definitions, nested mentions, date resolution)
//   FactxEvents        facts → incident records
//   FactxWriting       results → JSON Lines, CSV
//   FactxPipeline      the stages wired together, the batch runner, pattern self-tests
//   FactxReview        records of runs compared: fact diff, scores against gold, the HTML review page
//   FactxSQLite        results → factx.sqlite, updated in place   (GRDB)
//   factx              the command line, thin
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "factx",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "factx", targets: ["factx"]),
        .library(name: "FactxPipeline", targets: ["FactxPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),  // LogEvent (factx/Console.swift)
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // C libraries, each wrapped once by one Swift type.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),

        .target(name: "FactxModel", swiftSettings: strict),
        .target(
            name: "FactxReading",
            dependencies: ["FactxModel", "CLibXML2", "CICU"],
            swiftSettings: strict
        ),
        .target(name: "FactxSegmenting", dependencies: ["FactxModel", "CICU"], swiftSettings: strict),
        .target(name: "FactxPatterns", dependencies: ["FactxModel", "Yams"], swiftSettings: strict),
        .target(
            name: "FactxExtracting",
            dependencies: ["FactxModel", "FactxPatterns", "FactxSegmenting"],
            swiftSettings: strict
        ),
        .target(
            name: "FactxNormalizing",
            dependencies: ["FactxModel", "FactxPatterns", "CICU"],
            swiftSettings: strict
        ),
        .target(name: "FactxEvents", dependencies: ["FactxModel", "FactxPatterns"], swiftSettings: strict),
        .target(name: "FactxWriting", dependencies: ["FactxModel"], swiftSettings: strict),
        .target(
            name: "FactxPipeline",
            dependencies: [
                "FactxModel", "FactxReading", "FactxSegmenting", "FactxPatterns", "FactxExtracting",
                "FactxNormalizing", "FactxEvents", "FactxWriting",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "FactxReview", dependencies: ["FactxModel", "FactxWriting"], swiftSettings: strict),
        .target(
            name: "FactxSQLite",
            dependencies: ["FactxModel", "FactxWriting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The date tagger's throughput on a generated corpus (docs/dates.md, "Speed").
        .executableTarget(
            name: "factx-bench-dates",
            dependencies: ["FactxExtracting", "FactxNormalizing", "FactxSegmenting", "FactxPatterns", "FactxModel"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "factx",
            dependencies: [
                "FactxPipeline",
                "FactxReview",
                "FactxSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // Benchmark tools: corpus generator and reading-only runner (scripts/bench, docs/performance.md).
        .executableTarget(
            name: "factx-bench",
            dependencies: [
                "FactxPipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // libFuzzer targets (scripts/fuzz, docs/robustness.md); a plain build gives a stub that says so.
        .executableTarget(
            name: "factx-fuzz",
            dependencies: ["FactxPipeline"],
            swiftSettings: strict
        ),

        // Test helpers are a library, not a pile in Tests/.
        .target(
            name: "FactxTestSupport",
            dependencies: ["FactxPipeline"],
            path: "Sources/FactxTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "FactxModelTests", dependencies: ["FactxModel"], swiftSettings: strict),
        .testTarget(name: "FactxReadingTests", dependencies: ["FactxReading", "FactxTestSupport"], swiftSettings: strict),
        .testTarget(name: "FactxSegmentingTests", dependencies: ["FactxSegmenting"], swiftSettings: strict),
        .testTarget(name: "FactxPatternsTests", dependencies: ["FactxPatterns", "FactxTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "FactxExtractingTests",
            dependencies: ["FactxExtracting", "FactxTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FactxNormalizingTests",
            dependencies: ["FactxNormalizing", "FactxTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "FactxWritingTests", dependencies: ["FactxWriting"], swiftSettings: strict),
        .testTarget(
            name: "FactxReviewTests",
            dependencies: ["FactxReview", "FactxPipeline", "FactxWriting", "FactxTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FactxSQLiteTests",
            dependencies: [
                "FactxSQLite", "FactxPipeline", "FactxTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "FactxCLITests", dependencies: ["factx", "FactxTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "FactxPipelineTests",
            dependencies: ["FactxPipeline", "FactxTestSupport", "FactxReview", "FactxEvents", "FactxPatterns"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
