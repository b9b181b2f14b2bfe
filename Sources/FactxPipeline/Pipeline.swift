import FactxEvents
import FactxExtracting
import FactxModel
import FactxNormalizing
import FactxPatterns
import FactxReading
import FactxSegmenting
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Settings of a run that are not patterns.
public struct PipelineOptions: Sendable {
    /// The reference date for documents that do not give their publication date (`--reference-date`).
    public var referenceDate: CalendarDate?
    public var extraction: ExtractionOptions
    /// Input files larger than this are refused.
    public var maxBytes: Int
    /// The time one document may take in the batch runner, reading included (`--doc-timeout`); nil: no limit.
    public var documentTimeout: Double?

    public static let defaultDocumentTimeout = 60.0

    public init(
        referenceDate: CalendarDate? = nil, extraction: ExtractionOptions = ExtractionOptions(),
        maxBytes: Int = DocumentReader.defaultMaxBytes, documentTimeout: Double? = nil
    ) {
        self.referenceDate = referenceDate
        self.extraction = extraction
        self.maxBytes = maxBytes
        self.documentTimeout = documentTimeout
    }
}

/// The stages wired together: Document → SegmentedDocument → [Mention] → [Fact] → [Event] → DocumentResult.
public struct Pipeline: Sendable {
    public let patterns: PatternSet
    public let options: PipelineOptions
    public let reader: DocumentReader
    let segmenter: Segmenter
    let extractors: [any Extractor]
    let normalizer: Normalizer
    public let assembler: EventAssembler
    let datelines: DatelineDetector

    public init(patterns: PatternSet, options: PipelineOptions = PipelineOptions()) {
        self.patterns = patterns
        self.options = options
        reader = DocumentReader(
            boilerplate: Boilerplate(
                phrases: patterns.list("boilerplate_phrases"), containerWords: patterns.list("boilerplate_containers")),
            maxBytes: options.maxBytes)
        segmenter = Segmenter(abbreviations: patterns.list("abbreviations"))
        extractors = Extractors.all(patterns: patterns)
        normalizer = Normalizer(patterns: patterns)
        datelines = DatelineDetector(patterns: patterns)
        assembler = EventAssembler(patterns: patterns)
    }

    /// Problems in the rules' attributes that only an extractor can see (a date rule's unknown role or class, a
    /// rule that needs nothing), each led by its `file:line`. Loading the patterns checks their syntax; this checks
    /// what the extractors make of them, so a command can refuse a Patterns folder whose rules would be dropped.
    public static func ruleProblems(in patterns: PatternSet) -> [String] {
        DateExtractor(patterns: patterns).ruleProblems + EventAssembler.ruleProblems(in: patterns)
    }

    /// Runs every stage after reading over one document.
    public func process(_ document: Document, extraction: ExtractionOptions? = nil) -> DocumentResult {
        let never = Deadline.never
        do {
            return try process(document, extraction: extraction, deadline: never)
        } catch {
            fatalError("a deadline that never passes has passed")
        }
    }

    /// Runs every stage after reading over one document, giving up with `Deadline.Passed` when `deadline` has
    /// passed at the end of a stage (segmentation, each extractor, normalization): a pathological document becomes
    /// an error of its own instead of holding up the batch.
    public func process(
        _ document: Document, extraction: ExtractionOptions? = nil, deadline: Deadline
    ) throws(Deadline.Passed) -> DocumentResult {
        let segmented = segmenter.segment(document)
        try deadline.check()
        let context = ExtractionContext(document: segmented, options: extraction ?? options.extraction)
        var mentions = try Extractors.extract(extractors, from: context, checking: deadline.check)
        let (reference, referenceSource) = referenceDate(for: document, dateline: dateline(segmented, &mentions))
        let normalized = normalizer.normalize(segmented, mentions: mentions, reference: reference)
        try deadline.check()
        let events = assembler.assemble(segmented, facts: normalized.facts)
        let warnings = document.warnings + normalized.warnings.sorted {
            ($0.range?.start ?? -1, $0.code) < ($1.range?.start ?? -1, $1.code)
        }
        return DocumentResult(
            document: document, facts: normalized.facts, events: events, warnings: warnings, reference: reference,
            referenceSource: referenceSource)
    }

    /// The cues the incident stage finds in a document, dropped ones included (rule examples of Patterns/events).
    public func eventCues(_ document: Document, extraction: ExtractionOptions? = nil) -> [Cue] {
        let segmented = segmenter.segment(document)
        let context = ExtractionContext(document: segmented, options: extraction ?? options.extraction)
        var mentions = Extractors.extract(extractors, from: context)
        let (reference, _) = referenceDate(for: document, dateline: dateline(segmented, &mentions))
        let normalized = normalizer.normalize(segmented, mentions: mentions, reference: reference)
        return assembler.cues(segmented, facts: normalized.facts)
    }

    /// The publication date, else the dateline's date, else the run's `--reference-date` (docs/dates.md §10).
    func referenceDate(for document: Document, dateline: CalendarDate? = nil) -> (CalendarDate?, String?) {
        if let published = document.published {
            return (published, "published" + (document.publishedSource.map { ":" + $0 } ?? ""))
        }
        if let dateline { return (dateline, "dateline") }
        if let date = options.referenceDate { return (date, "option:--reference-date") }
        return (nil, nil)
    }

    /// The document's dateline, if any: its date mention is marked with the dateline rule and read in the past
    /// tense; its date, when it names a day (a year-less dateline takes the year of `--reference-date`).
    func dateline(_ document: SegmentedDocument, _ mentions: inout [Mention]) -> CalendarDate? {
        guard let found = datelines.detect(document, mentions: mentions),
              case .date(var expression) = mentions[found.mention].value else { return nil }
        expression.tense = -1
        mentions[found.mention].value = .date(expression)
        mentions[found.mention].rule = found.rule
        let value = DateResolver().resolve(expression, reference: options.referenceDate)
        guard value.granularity == "day", let day = value.start, value.end == day else { return nil }
        return day
    }

    /// Reads one input file and processes its documents.
    public func process(_ file: InputFile) -> (results: [DocumentResult], errors: [InputError]) {
        let outcome = reader.read(file)
        return (outcome.documents.map { process($0) }, outcome.errors)
    }

    /// What a batch produced: results in document order, and the inputs that failed.
    public struct Batch: Sendable {
        public var results: [DocumentResult]
        public var errors: [InputError]
    }

    /// Walks the inputs and processes every file, in sorted order; a failing file never stops the batch.
    public func run(inputs: [String], logger: Logger = Logger(label: "factx")) -> Batch {
        let walked = InputWalker().walk(inputs)
        for note in walked.notes { logger.notice("\(note.description)", metadata: ["code": "\(note.code)"]) }
        var results: [DocumentResult] = []
        var errors = walked.errors
        var seen: Set<String> = []
        for file in walked.files {
            let (fileResults, fileErrors) = process(file)
            errors.append(contentsOf: fileErrors)
            for result in fileResults {
                guard seen.insert(result.document.id).inserted else {
                    errors.append(InputError(
                        file: file.id, code: "batch.duplicate-id",
                        message: "document id \"\(result.document.id)\" is already taken by an earlier input; skipped"))
                    continue
                }
                results.append(result)
            }
            for error in fileErrors { logger.error("\(error.description)", metadata: ["code": "\(error.code)"]) }
            for result in fileResults {
                for warning in result.document.warnings {
                    logger.warning("\(result.document.id): \(warning.message)", metadata: ["code": "\(warning.code)"])
                }
            }
        }
        results.sort { $0.document.id < $1.document.id }
        return Batch(results: results, errors: errors)
    }
}

/// When a document's time is up: a point on the monotonic clock (never the wall clock), checked between stages.
public struct Deadline: Sendable {
    /// Nanoseconds on the monotonic clock; nil: never.
    let end: UInt64?
    /// The budget it was made from, for the error message.
    public let seconds: Double

    public struct Passed: Error, Sendable {
        public let seconds: Double
    }

    public static let never = Deadline(end: nil, seconds: .infinity)

    /// A deadline `seconds` from now.
    public init(seconds: Double) {
        self.init(end: Deadline.now() &+ UInt64(max(0, seconds) * 1e9), seconds: seconds)
    }

    init(end: UInt64?, seconds: Double) {
        self.end = end
        self.seconds = seconds
    }

    /// A deadline that has already passed: the first check throws (for tests of what a timeout records).
    public static func passed(budget seconds: Double) -> Deadline { Deadline(end: 0, seconds: seconds) }

    public var hasPassed: Bool { end.map { Deadline.now() >= $0 } ?? false }

    /// "60 s", "0.5 s": the budget as the option gave it.
    public static func describe(_ seconds: Double) -> String {
        seconds == seconds.rounded() && seconds < 1e15 ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    public func check() throws(Passed) {
        if hasPassed { throw Passed(seconds: seconds) }
    }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
