import FactxModel
import FactxPatterns
import FactxPipeline
import Foundation

/// Paths and shared fixtures for factx's tests.
public enum Repository {
    /// The repository root, found from this file's path.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static func path(_ relative: String) -> String {
        (root as NSString).appendingPathComponent(relative)
    }

    /// The repository's Patterns, loaded once per test process.
    public static let patterns: PatternSet = {
        do {
            return try PatternSet.load(from: path("Patterns"))
        } catch {
            fatalError("the repository's Patterns do not load:\n\(error)")
        }
    }()

    /// A pipeline over the repository's Patterns.
    public static let pipeline = Pipeline(patterns: patterns)
}

/// Runs text through the whole pipeline as one document.
public func facts(
    in text: String, reference: CalendarDate? = nil, type: FactType? = nil, pipeline: Pipeline = Repository.pipeline
) -> [Fact] {
    let document = Document(id: "test", published: reference, publishedSource: "test", text: text, reader: "test")
    let found = pipeline.process(document).facts
    return type.map { wanted in found.filter { $0.type == wanted } } ?? found
}

/// A fresh temporary folder, removed when `body` returns.
public func withTemporaryFolder<Result>(_ body: (String) throws -> Result) rethrows -> Result {
    let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("factx-test-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    return try body(folder)
}

/// Writes a file (creating folders), for building test inputs.
public func write(_ content: String, to path: String) {
    write(Array(content.utf8), to: path)
}

public func write(_ bytes: [UInt8], to path: String) {
    try? FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

public func read(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
}

/// Text with «marked» spans: the text without markers and the scalar ranges of each marked span.
public func marked(_ text: String) -> (text: String, spans: [TextRange]) {
    var scalars = String.UnicodeScalarView()
    var spans: [TextRange] = []
    var start: Int?
    for scalar in text.unicodeScalars {
        if scalar == "«" {
            start = scalars.count
        } else if scalar == "»", let begin = start {
            spans.append(TextRange(begin, scalars.count))
            start = nil
        } else {
            scalars.append(scalar)
        }
    }
    return (String(scalars), spans)
}
