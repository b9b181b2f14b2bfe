import ArgumentParser
import FactxModel
import FactxPatterns
import FactxPipeline
import FactxWriting
import Foundation
import Logging

/// factx-bench: the benchmark's own tools. `scripts/bench` drives them together with `factx extract` and the
/// Python peer pipeline, and prints the figures side by side (docs/performance.md).
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factx-bench",
        abstract: "Generate deterministic article corpora and measure factx's reading stage.",
        subcommands: [Generate.self, Read.self])
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a corpus of realistic news articles (HTML and text), the same bytes for the same seed.")

    @Option(name: .long, help: "Number of documents.")
    var documents: Int

    @Option(name: .long, help: "Seed of the generator.")
    var seed: UInt64 = 7

    @Option(name: .long, help: "Share of HTML documents (0–1).")
    var htmlShare: Double = 0.6

    @Option(name: .long, help: "Folder to write (created).")
    var out: String

    func run() throws {
        let generator = CorpusGenerator(seed: seed, htmlShare: htmlShare)
        var bytes = 0
        var folders: Set<String> = []
        for index in 0..<documents {
            let (path, content) = generator.document(index)
            let full = (out as NSString).appendingPathComponent(path)
            let folder = (full as NSString).deletingLastPathComponent
            if folders.insert(folder).inserted {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            guard FileManager.default.createFile(atPath: full, contents: Data(content)) else {
                throw ValidationError("cannot write \(full)")
            }
            bytes += content.count
        }
        print(#"{"documents":\#(documents),"bytes":\#(bytes),"seed":\#(seed)}"#)
    }
}

/// Reading only: walk, read and parse (libxml2 for HTML), extract the article text, through the same bounded
/// parallel runner as `factx extract`, and stop there.
struct Read: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read every document of the inputs (no extraction) and print documents, bytes, seconds, peak memory.")

    @Argument(help: "Files or folders.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Documents read at once.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "The Patterns folder (the reader's boilerplate lists).")
    var patterns: String = "Patterns"

    final class Counter: RecordSink {
        var documents = 0
        var failures = 0
        func accept(_ result: UnitResult) throws(AtomicFile.WriteError) {
            if result.block != nil { documents += 1 }
            if result.error != nil { failures += 1 }
        }
    }

    func run() async throws {
        let patterns = try PatternSet.load(from: patterns)
        let pipeline = Pipeline(patterns: patterns)
        var runner = BatchRunner(pipeline: pipeline, jobs: jobs)
        runner.readOnly = true
        var source = UnitSource(inputs: inputs, reader: pipeline.reader)
        var previous: ManifestReader?
        let counter = Counter()
        var logger = Logger(label: "factx-bench")
        logger.logLevel = .critical
        let started = Date()
        let statistics = try await runner.run(&source, previous: &previous, into: counter, logger: logger)
        let seconds = Date().timeIntervalSince(started)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(#"{"documents":\#(counter.documents),"failures":\#(counter.failures),"bytes":\#(statistics.inputBytes),"#
            + #""seconds":\#(String(format: "%.3f", seconds)),"max_rss_kb":\#(usage.ru_maxrss)}"#)
    }
}
