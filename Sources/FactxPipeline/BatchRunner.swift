import FactxModel
import FactxReading
import FactxWriting
import Foundation
import Logging

/// Where a run's results go, one unit at a time, in the order of a single run.
public protocol RecordSink: AnyObject {
    func accept(_ result: UnitResult) throws(AtomicFile.WriteError)
}

/// Counts of a run, for the summary line and the benchmark.
public struct RunStatistics: Sendable {
    /// Units taken from the input (documents read, plus inputs that failed).
    public var units = 0
    /// Documents whose records came from the previous run's cache.
    public var reused = 0
    /// Bytes of input read (documents' files or lines).
    public var inputBytes = 0
    public var failedUnits = 0
}

/// The batch runner: reads, extracts and hands on documents through a bounded pipeline over several cores.
///
/// Units come from a `UnitSource` in the order of a single run. At most `jobs` are processed at once (each by
/// `Pipeline.process`, a pure function), and at most `window` are in flight or waiting to be handed on; results are
/// handed to the sink strictly in source order, so everything downstream is deterministic, and memory is bounded by
/// the window, not by the number of documents.
public struct BatchRunner: Sendable {
    public var pipeline: Pipeline
    public var jobs: Int
    /// Results in flight or waiting for an earlier one, at most; a slow document holds back no more than this.
    public var window: Int
    /// Whether blocks carry CSV rows.
    public var csv: Bool
    /// Whether inputs are hashed (for the incremental manifest).
    public var hashing: Bool
    /// Stop after the reading stage (files → documents): the benchmark's "reading only" figure. Results carry an
    /// empty block for each document read.
    public var readOnly = false

    public init(pipeline: Pipeline, jobs: Int, csv: Bool = false, hashing: Bool = false) {
        self.pipeline = pipeline
        self.jobs = max(1, jobs)
        window = max(1, jobs) * 8
        self.csv = csv
        self.hashing = hashing
    }

    /// Runs every unit of `source` through the pipeline into `sink`. `observe` sees each result in order (logging,
    /// progress) before the sink does. `previous` is the previous run's manifest, for incremental runs.
    public func run(
        _ source: inout UnitSource, previous: inout ManifestReader?, into sink: some RecordSink,
        logger: Logger = Logger(label: "factx"), observe: (UnitResult) -> Void = { _ in }
    ) async throws(AtomicFile.WriteError) -> RunStatistics {
        var statistics = RunStatistics()
        let processor = UnitProcessor(pipeline: pipeline, csv: csv, hashing: hashing, readOnly: readOnly)
        var failure: AtomicFile.WriteError?
        await withTaskGroup(of: (Int, UnitResult).self) { group in
            var submitted = 0
            var emitted = 0
            var running = 0
            var ready: [Int: UnitResult] = [:]
            var exhausted = false

            /// Starts units until `jobs` run or the window is full; units that need no work are ready at once.
            func refill() {
                while !exhausted, running < jobs, submitted - emitted < window {
                    guard let item = source.next() else {
                        exhausted = true
                        return
                    }
                    if case .note(let note) = item {
                        logger.notice("\(note.description)", metadata: ["code": "\(note.code)"])
                        continue
                    }
                    let sequence = submitted
                    submitted += 1
                    if case .failure(let error, let key) = item {
                        ready[sequence] = UnitResult(key: key, error: error)
                        continue
                    }
                    let cached = item.key.flatMap { previous?.entry(for: $0) }
                    running += 1
                    group.addTask { (sequence, processor.perform(item, cached: cached)) }
                }
            }

            func drain() -> Bool {
                while let result = ready.removeValue(forKey: emitted) {
                    emitted += 1
                    statistics.units += 1
                    statistics.inputBytes += result.inputBytes
                    if result.reused { statistics.reused += 1 }
                    if result.error != nil { statistics.failedUnits += 1 }
                    observe(result)
                    do {
                        try sink.accept(result)
                    } catch {
                        failure = error
                        return false
                    }
                }
                return true
            }

            refill()
            while true {
                guard drain() else {
                    group.cancelAll()
                    return
                }
                refill()
                if exhausted, running == 0, ready.isEmpty { return }
                if running == 0 {
                    // Only ready results are waiting (failures): drain them before asking the group.
                    continue
                }
                guard let (sequence, result) = await group.next() else { return }
                running -= 1
                ready[sequence] = result
            }
        }
        if let failure { throw failure }
        return statistics
    }
}

/// The work on one unit, run concurrently: read, hash, reuse or extract, serialize.
struct UnitProcessor: Sendable {
    let pipeline: Pipeline
    let csv: Bool
    let hashing: Bool
    let readOnly: Bool

    func perform(_ item: WorkItem, cached: CachedUnit?) -> UnitResult {
        switch item {
        case .failure(let error, let key):
            return UnitResult(key: key, error: error)
        case .note(let note):
            return UnitResult(key: UnitKey(root: 0, file: note.file, line: 0), error: note)
        case .file(let file, let key):
            let deadline = startDeadline()
            switch pipeline.reader.bytes(of: file) {
            case .failure(let error):
                return UnitResult(key: key, error: error)
            case .success(let bytes):
                let hash = hashing ? SHA256.hash(bytes) : nil
                if let reused = reuse(cached, hash: hash, key: key, size: bytes.count) { return reused }
                let outcome = pipeline.reader.read(bytes: bytes, of: file)
                guard let document = outcome.documents.first else {
                    let error = outcome.errors.first
                        ?? InputError(file: file.id, code: "read.nothing", message: "no document in the file")
                    var result = UnitResult(key: key, error: error)
                    result.inputBytes = bytes.count
                    return result
                }
                return extract(document, key: key, hash: hash, size: bytes.count, deadline: deadline)
            }
        case .line(let line, let key):
            let deadline = startDeadline()
            let size = line.text.utf8.count
            let hash = hashing ? SHA256.hash(line.text.utf8) : nil
            if let reused = reuse(cached, hash: hash, key: key, size: size) { return reused }
            let reader = JSONLinesReader(text: pipeline.reader.text, html: pipeline.reader.html)
            switch reader.read(line: line, file: key.file) {
            case .success(let document):
                return extract(document, key: key, hash: hash, size: size, deadline: deadline)
            case .failure(let error):
                var result = UnitResult(key: key, error: error)
                result.inputBytes = size
                return result
            }
        }
    }

    private func reuse(_ cached: CachedUnit?, hash: [UInt8]?, key: UnitKey, size: Int) -> UnitResult? {
        guard let cached, let hash, cached.hash == SHA256.hex(hash), let block = cached.block(), block.unit == key else {
            return nil
        }
        var result = UnitResult(key: key, block: block, hash: hash)
        result.reused = true
        result.inputBytes = size
        return result
    }

    /// The deadline of a unit whose work starts now (`--doc-timeout`).
    private func startDeadline() -> Deadline {
        pipeline.options.documentTimeout.map { Deadline(seconds: $0) } ?? .never
    }

    private func extract(_ document: Document, key: UnitKey, hash: [UInt8]?, size: Int, deadline: Deadline) -> UnitResult {
        if readOnly {
            let block = DocumentBlock(
                doc: document.id, unit: key, document: "", facts: "", events: "", factCount: 0, eventCount: 0, csv: nil)
            var result = UnitResult(key: key, block: block, hash: hash)
            result.inputBytes = size
            return result
        }
        let processed: DocumentResult
        do {
            try deadline.check()
            processed = try pipeline.process(document, deadline: deadline)
        } catch {
            // What is recorded does not depend on how far the document got: the same file, code and message.
            var result = UnitResult(key: key, error: InputError(
                file: key.file, line: key.line > 0 ? key.line : nil, code: "extract.timeout",
                message: "processing took longer than the budget of \(Deadline.describe(error.seconds)) (--doc-timeout); "
                    + "the document was skipped"))
            result.inputBytes = size
            return result
        }
        var result = UnitResult(key: key, block: DocumentBlock(result: processed, unit: key, csv: csv), hash: hash)
        result.warnings = processed.warnings
        result.inputBytes = size
        return result
    }
}
