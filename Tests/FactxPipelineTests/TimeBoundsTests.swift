import FactxModel
@testable import FactxPipeline
import FactxReading
import FactxSegmenting
import FactxTestSupport
import FactxWriting
import Foundation
import Logging
import Testing

/// No input makes a rule run away (docs/robustness.md, "Time bounds"). Rules work sentence by sentence, some of
/// them around each anchor word within its sentence: a run of text without a sentence end (digits, spaces,
/// punctuation, a repeated word) must not become one sentence whose work grows with its square. The test checks the
/// bound that makes the work linear (no sentence is longer than `Segmenter.maximumSentenceLength`) and that the
/// facts around the run are the same at 1x and 10x; `scripts/bench-pathological` measures the times (never asserted
/// here).
@Suite struct TimeBoundsTests {
    static let sentence = "At least 54 people were killed in Bajaur on 30 July 2023."

    /// Runs that once made a document take quadratic time (or could).
    static let runs: [(String, @Sendable (Int) -> String)] = [
        ("digits", { String(repeating: "1234567890", count: $0 / 10) }),
        ("spaced digits", { String(repeating: "1 2 3 4 5 6 7 8 9 0 ", count: $0 / 20) }),
        ("spaces", { "a" + String(repeating: " ", count: $0) + "b" }),
        ("punctuation", { String(repeating: ".,;:-–—!?()[]\"'", count: $0 / 15) }),
        ("periods", { String(repeating: ".", count: $0) }),
        ("a repeated anchor word", { String(repeating: "killed ", count: $0 / 7) }),
        ("a repeated cue", { String(repeating: "at least ", count: $0 / 9) }),
        ("numbers", { (0..<($0 / 5)).map { String($0 % 1000) }.joined(separator: ", ") }),
        ("dates", { String(repeating: "July 30, ", count: $0 / 9) }),
        ("one endless sentence", { String(repeating: "at least 54 people were killed in Bajaur on 30 July 2023 and ", count: $0 / 62) }),
    ]

    static var names: [String] { runs.map(\.0) }

    func document(_ name: String, size: Int) -> Document {
        let run = Self.runs.first { $0.0 == name }!.1
        let text = Self.sentence + "\n\n" + run(size) + "\n\n" + Self.sentence
        return Document(id: "run.txt", published: CalendarDate(iso: "2023-08-01"), publishedSource: "test", text: text, reader: "test")
    }

    /// The facts found in the two real sentences around the run (the first and last paragraph).
    func factsAroundTheRun(_ result: DocumentResult, _ document: Document) -> [String] {
        let length = document.text.unicodeScalars.count
        let edge = Self.sentence.unicodeScalars.count
        return result.facts.filter { $0.range.end <= edge || $0.range.start >= length - edge }.map { fact in
            let start = fact.range.start >= length - edge ? fact.range.start - (length - edge) : fact.range.start
            return "\(fact.type) \(start) \(fact.text)"
        }
    }

    @Test(arguments: names)
    func aLongRunStaysBoundedAndChangesNothingAroundIt(_ name: String) {
        let pipeline = Repository.pipeline
        let small = document(name, size: 2_000)
        let large = document(name, size: 20_000)
        for document in [small, large] {
            let segmented = Segmenter(abbreviations: Repository.patterns.list("abbreviations")).segment(document)
            let longest = segmented.sentences.map { segmented.index.utf16Range($0.range).count }.max() ?? 0
            #expect(longest <= Segmenter.maximumSentenceLength, "\(name): a sentence of \(longest) units")
        }
        let smallFacts = factsAroundTheRun(pipeline.process(small), small)
        let largeFacts = factsAroundTheRun(pipeline.process(large), large)
        #expect(!smallFacts.isEmpty)
        #expect(smallFacts == largeFacts, "\(name)")
    }

    @Test func aSentenceIsCutAtASpaceAndKeepsEveryCharacter() {
        let words = (0..<1000).map { "w\($0)" }.joined(separator: " ")
        let document = Document(id: "x", text: words, reader: "test")
        let segmented = Segmenter().segment(document)
        #expect(segmented.sentences.count > 1)
        // Pieces end at word ends and together hold every word.
        let pieces = segmented.sentences.map { segmented.index.substring(utf16: segmented.index.utf16Range($0.range)) }
        #expect(pieces.joined(separator: " ") == words)
    }

    @Test func manyParagraphsAreSegmentedInOnePass() {
        // 20,000 one-line paragraphs: every one is its own sentence (the paragraph walk once rescanned every
        // sentence boundary for every paragraph).
        let text = (0..<20_000).map { "Line \($0) was read." }.joined(separator: "\n\n")
        let segmented = Segmenter().segment(Document(id: "x", text: text, reader: "test"))
        #expect(segmented.sentences.count == 20_000)
        #expect(segmented.paragraphs.count == 20_000)
    }
}

/// `--doc-timeout`: a document whose stages overrun the budget becomes an error of its own.
@Suite struct DocumentBudgetTests {
    static let silent: Logger = {
        var logger = Logger(label: "factx-test")
        logger.logLevel = .critical
        return logger
    }()

    @Test func aPassedDeadlineStopsTheDocumentAndAnOpenOneChangesNothing() throws {
        let document = Document(
            id: "a.txt", published: CalendarDate(iso: "2023-08-01"), publishedSource: "test",
            text: "At least 54 people were killed in Bajaur on 30 July 2023.", reader: "test")
        #expect(throws: Deadline.Passed.self) {
            try Repository.pipeline.process(document, deadline: .passed(budget: 5))
        }
        let unbounded = Repository.pipeline.process(document)
        let bounded = try Repository.pipeline.process(document, deadline: Deadline(seconds: 3600))
        #expect(bounded.facts == unbounded.facts)
        #expect(!bounded.facts.isEmpty)
    }

    func run(_ inputs: [String], timeout: Double, jobs: Int) async throws -> [String: String] {
        try await withTemporaryFolder { out in
            let pipeline = Pipeline(patterns: Repository.patterns, options: PipelineOptions(documentTimeout: timeout))
            let runner = BatchRunner(pipeline: pipeline, jobs: jobs)
            var source = UnitSource(inputs: inputs, reader: pipeline.reader)
            var previous: ManifestReader?
            let sink = try SortedOutput(
                targets: .folder(out, csv: false), csv: false, spool: out + "/.spool", errorSpool: out + "/.errors",
                manifest: nil, logger: Self.silent)
            _ = try await runner.run(&source, previous: &previous, into: sink, logger: Self.silent)
            _ = try sink.finish()
            return BatchCorpus.outputs(out)
        }
    }

    @Test func whatATimeoutRecordsDoesNotDependOnWhereItStruck() async throws {
        try await withTemporaryFolder { folder in
            write("At least 54 people were killed in Bajaur on 30 July 2023.", to: folder + "/in/a.txt")
            write(#"{"id":"w1","text":"Two soldiers were killed in Khost."}"# + "\n", to: folder + "/in/w.jsonl")
            // A nanosecond: every document overruns it, at whatever stage the first check comes.
            let first = try await run([folder + "/in"], timeout: 1e-9, jobs: 2)
            let second = try await run([folder + "/in"], timeout: 1e-9, jobs: 1)
            #expect(first == second)
            #expect(first["documents.jsonl"] == "")
            #expect(first["errors.jsonl"] == """
                {"file":"a.txt","line":null,"code":"extract.timeout","message":"processing took longer than the budget of 1e-09 s (--doc-timeout); the document was skipped"}
                {"file":"w.jsonl","line":1,"code":"extract.timeout","message":"processing took longer than the budget of 1e-09 s (--doc-timeout); the document was skipped"}

                """)
        }
    }

    @Test func aPathologicalDocumentFailsAloneAndTheRestIsWritten() async throws {
        try await withTemporaryFolder { folder in
            write("At least 54 people were killed in Bajaur on 30 July 2023.", to: folder + "/in/a.txt")
            write("Two soldiers were killed in Khost on 2 May 2021.", to: folder + "/in/c.txt")
            // About 8 MB of rule anchors: seconds of work, against milliseconds for the others; the budget lies
            // between, a hundred times from each.
            write(String(repeating: "At least 54 people were killed, 12 injured, on 30 July 2023 and ", count: 130_000),
                  to: folder + "/in/b.txt")
            let files = try await run([folder + "/in"], timeout: 1.0, jobs: 2)
            #expect(files["errors.jsonl"]?.contains(#""file":"b.txt","line":null,"code":"extract.timeout""#) == true,
                    "\(files["errors.jsonl"] ?? "")")
            let documents = files["documents.jsonl"] ?? ""
            #expect(documents.contains(#""doc":"a.txt""#) && documents.contains(#""doc":"c.txt""#))
            #expect(!documents.contains(#""doc":"b.txt""#))
        }
    }
}
