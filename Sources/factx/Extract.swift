import ArgumentParser
import FactxExtracting
import FactxModel
import FactxPipeline
import FactxReading
import FactxSQLite
import FactxWriting
import Foundation
import Logging

struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract facts from articles into an output folder (or stdout).",
        discussion: """
            Writes DIR/facts.jsonl, DIR/documents.jsonl, DIR/events.jsonl and DIR/errors.jsonl (docs/record-contract.md); \
            --format csv adds facts.csv, documents.csv and events.csv (docs/csv.md); --format sqlite updates \
            DIR/factx.sqlite in place from the new output (docs/sqlite.md). Folders are read recursively in sorted order. \
            Identical inputs and patterns give byte-identical outputs, whatever --jobs.

            Unattended runs (docs/cron.md): a second run on the same DIR exits at once with code 75; every file is \
            replaced atomically and all of them switch together, so a run killed at any moment leaves the previous \
            output, and the next run finishes the job. --incremental redoes only documents whose bytes changed.

            Pipe mode (docs/scale-out.md): --stdin (document JSON lines) or --stdin-paths (paths, one a line) or \
            --pipe writes each document's records as tagged JSON lines on stdout, for Spark, Hadoop Streaming or \
            shards; `factx merge` turns them into the output folder a single run would write.

            Exit codes: 0 all good; 1 some inputs failed (the rest written, failures in errors.jsonl) or the output \
            could not be written; 2 usage or pattern errors; 75 the output folder is locked by another run.
            """)

    @Argument(help: ArgumentHelp("Files (.txt, .html, .htm, .jsonl) or folders to read.", valueName: "input"))
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder, or - for fact lines on stdout.", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Also write this format (csv, sqlite); JSON lines are always written.", valueName: "format"))
    var format: [OutputFolder.Format] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Reference date for documents without a publication date (YYYY-MM-DD).",
            discussion: "Relative dates ('last week', 'on 30 December') resolve against it; without one they stay unresolved.",
            valueName: "date"))
    var referenceDate: String?

    @Option(name: .long, help: ArgumentHelp("How to read 05/06/2023: dmy (default) or mdy.", valueName: "order"))
    var dateOrder: String = "dmy"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The month fiscal years start in, 1-12 (default 7, July, as in Pakistan).",
            discussion: "'FY2023' and 'the fiscal year 2022-23' end in 2023: with 7 they are 2022-07-01..2023-06-30, with 10 (the US federal year) 2022-10-01..2023-09-30.",
            valueName: "month"))
    var fiscalYearStart: Int = 7

    @Option(name: .long, help: ArgumentHelp("Refuse input files larger than this many bytes.", valueName: "bytes"))
    var maxBytes: Int = 20 * 1024 * 1024

    @Option(name: .long, help: ArgumentHelp(
        "Give up on a document after this many seconds (reading and extraction; checked between stages) and record it as an error; 0: no limit.",
        valueName: "seconds"))
    var docTimeout: Double = PipelineOptions.defaultDocumentTimeout

    @Option(name: .shortAndLong, help: ArgumentHelp("Documents processed at once (default: the number of cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: ArgumentHelp(
        "Redo only documents whose input changed since the last run into DIR.",
        discussion: "Keeps a manifest in DIR/.factx (input hashes, patterns fingerprint, factx version and options); a change of patterns, options or factx redoes everything. The output is the same bytes as a full run."))
    var incremental = false

    @Flag(name: .long, help: "Read document JSON lines ({\"id\", \"text\" or \"html\", …}) from stdin; pipe mode.")
    var stdin = false

    @Flag(name: .long, help: "Read input paths from stdin, one a line, relative to --root; pipe mode.")
    var stdinPaths = false

    @Option(name: .long, help: ArgumentHelp("The folder --stdin-paths paths are relative to (default: the current folder); document ids are the paths as given.", valueName: "dir"))
    var root: String?

    @Flag(name: .long, help: "Write each document's records as tagged JSON lines on stdout (input of factx merge).")
    var pipe = false

    @Option(name: .long, help: ArgumentHelp("Take only share K of N (1 ≤ K ≤ N) of the inputs, stably by document path.", valueName: "K/N"))
    var shard: String?

    @Flag(name: .long, help: "Never show the progress bar (it is shown only when stderr is a terminal).")
    var noProgress = false

    @OptionGroup var patternOptions: PatternOptions
    @OptionGroup var logging: LoggingOptions

    var pipeMode: Bool { pipe || stdin || stdinPaths }

    func validate() throws {
        if let referenceDate { _ = try parseDate(referenceDate) }
        guard ["dmy", "mdy"].contains(dateOrder) else { throw ValidationError("--date-order must be dmy or mdy") }
        guard (1...12).contains(fiscalYearStart) else { throw ValidationError("--fiscal-year-start must be a month, 1 to 12") }
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
        guard docTimeout >= 0, docTimeout.isFinite else { throw ValidationError("--doc-timeout must be a number of seconds, 0 for no limit") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if stdin && stdinPaths { throw ValidationError("--stdin and --stdin-paths exclude each other") }
        if (stdin || stdinPaths) && !inputs.isEmpty {
            throw ValidationError("with --stdin or --stdin-paths, inputs come from stdin: give no input arguments")
        }
        if !(stdin || stdinPaths) && inputs.isEmpty { throw ValidationError("give at least one input (file or folder)") }
        if root != nil && !stdinPaths { throw ValidationError("--root goes with --stdin-paths") }
        if pipeMode {
            if out != nil { throw ValidationError("pipe mode writes to stdout: drop --out (combine outputs with factx merge)") }
            if incremental { throw ValidationError("--incremental needs an output folder (--out DIR)") }
            if !format.isEmpty { throw ValidationError("pipe mode writes JSON lines only; ask factx merge for --format csv") }
        } else {
            guard let out else { throw ValidationError("missing --out DIR (or - for fact lines on stdout)") }
            if incremental && out == "-" { throw ValidationError("--incremental needs an output folder, not -") }
        }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N, e.g. 2/8") }
        if out == "-" && format.contains(.sqlite) { throw ValidationError("--format sqlite needs an output folder, not -") }
    }

    func run() async throws {
        try await failing {
            let logger = logging.bootstrap()
            // A locked output folder ends the run before the patterns load (the gazetteer takes a while).
            if !pipeMode, out != "-", let holder = OutputSession.lockHolder(folder: out ?? ".") {
                let failure = OutputSession.Failure.locked(folder: out ?? ".", holder: holder.isEmpty ? nil : holder)
                throw CLIFailure(code: 75, message: failure.description)
            }
            let patterns = try patternOptions.load()
            let options = PipelineOptions(
                referenceDate: try referenceDate.map(parseDate), extraction: ExtractionOptions(dateOrder: dateOrder, fiscalYearStart: fiscalYearStart),
                maxBytes: maxBytes, documentTimeout: docTimeout > 0 ? docTimeout : nil)
            let pipeline = Pipeline(patterns: patterns, options: options)
            let csv = format.contains(.csv)
            // The incremental manifest is local: a rebuilt binary (its size and time) redoes everything. Pipe streams
            // travel between machines whose copies of the same release differ in time: they carry the version only.
            let identity = RunIdentity(
                version: pipeMode ? FactxVersion.string : FactxVersion.build, patterns: patterns.fingerprint,
                options: String(describing: options) + (csv ? " csv" : ""))
            let runner = BatchRunner(pipeline: pipeline, jobs: jobs, csv: csv, hashing: incremental)
            let shard = self.shard.flatMap(Shard.init)
            var source: UnitSource
            if stdin {
                source = UnitSource(documents: LineReader(descriptor: 0), reader: pipeline.reader, shard: shard)
            } else if stdinPaths {
                source = UnitSource(
                    paths: LineReader(descriptor: 0), root: root ?? FileManager.default.currentDirectoryPath,
                    reader: pipeline.reader, shard: shard)
            } else {
                source = UnitSource(inputs: inputs, reader: pipeline.reader, shard: shard)
            }
            let started = Date()
            let progress = ProgressBar(
                console: .standardError, enabled: !noProgress && !logging.quiet,
                totalBytes: pipeMode || !Console.standardError.isTerminal ? nil : InputSize.total(inputs))
            let observer = RunObserver(logger: logger, progress: progress)

            let totals: OutputTotals
            let statistics: RunStatistics
            var previous: ManifestReader?
            if pipeMode {
                do {
                    let sink = try PipeSink(output: BufferedFile(descriptor: 1, name: "standard output"), identity: identity)
                    statistics = try await runner.run(&source, previous: &previous, into: sink, logger: logger, observe: observer.observe)
                    try sink.finish()
                } catch {
                    throw CLIFailure(code: 1, message: "\(error)")
                }
                totals = observer.totals
            } else if out == "-" {
                let scratch = NSTemporaryDirectory() + "factx-\(getpid())-\(UUID().uuidString)"
                try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: scratch) }
                do {
                    let sink = try SortedOutput(
                        targets: .standardOutputFacts(), csv: false, spool: scratch + "/blocks", errorSpool: scratch + "/errors",
                        manifest: nil, logger: logger)
                    statistics = try await runner.run(&source, previous: &previous, into: sink, logger: logger, observe: observer.observe)
                    totals = try sink.finish()
                } catch {
                    throw CLIFailure(code: 1, message: "\(error)")
                }
            } else {
                let folder = out ?? "."
                let session: OutputSession
                do throws(OutputSession.Failure) {
                    session = try OutputSession(folder: folder)
                } catch {
                    switch error {
                    case .locked: throw CLIFailure(code: 75, message: error.description)
                    case .io(let failure): throw CLIFailure(code: 1, message: failure.description)
                    }
                }
                if incremental {
                    previous = ManifestReader(stateFolder: session.stateFolder)
                    if let found = previous, let reason = found.identity.mismatch(with: identity) {
                        logger.notice("\(reason): every document is redone")
                        previous = nil
                    }
                }
                do {
                    let targets = try OutputTargets.folder(session.stagedOutput(""), csv: csv)
                    let sink = try SortedOutput(
                        targets: targets, csv: csv,
                        spool: incremental ? session.stagedState(IncrementalManifest.blocksName) : session.scratch("blocks"),
                        errorSpool: session.scratch("errors"),
                        manifest: incremental ? (session.stagedState(IncrementalManifest.manifestName), identity) : nil,
                        logger: logger)
                    statistics = try await runner.run(&source, previous: &previous, into: sink, logger: logger, observe: observer.observe)
                    previous?.close()
                    totals = try sink.finish()
                } catch {
                    session.abandon()
                    throw CLIFailure(code: 1, message: "\(error)")
                }
                do throws(OutputSession.Failure) {
                    try session.commit()
                } catch {
                    throw CLIFailure(code: 1, message: error.description)
                }
                if format.contains(.sqlite) {
                    // From the committed output, still under the lock, streamed document by document: memory stays
                    // flat, and the database holds what the files hold, also after an incremental run.
                    do throws(SQLiteStore.StoreError) {
                        let summary = try SQLiteStore.update(
                            (folder as NSString).appendingPathComponent(SQLiteStore.fileName), fromOutputFolder: folder)
                        logger.info("factx.sqlite: \(summary)")
                    } catch {
                        throw CLIFailure(code: 1, message: error.description)
                    }
                }
                session.unlock()
            }
            progress?.clear()
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            let reused = incremental ? " (\(statistics.reused) unchanged)" : ""
            logger.notice(
                "\(totals.documents) documents\(reused), \(totals.facts) facts, \(totals.events) events, \(totals.errors) errors, \(seconds) s",
                metadata: [
                    "documents": "\(totals.documents)", "facts": "\(totals.facts)", "events": "\(totals.events)",
                    "errors": "\(totals.errors)", "seconds": "\(seconds)", "reused": "\(statistics.reused)",
                ])
            // In pipe mode failed documents are records of the stream (factx merge reports them); a mapper that
            // exits non-zero would make Hadoop or Spark retry and fail the whole job.
            if totals.errors > 0, !pipeMode { throw ExitCode(1) }
        }
    }
}

/// Logs each unit's errors and warnings in the order of a single run, counts what pipe mode wrote, moves the
/// progress bar.
final class RunObserver {
    let logger: Logger
    let progress: ProgressBar?
    private(set) var totals = OutputTotals()

    init(logger: Logger, progress: ProgressBar?) {
        self.logger = logger
        self.progress = progress
    }

    func observe(_ result: UnitResult) {
        if let error = result.error {
            totals.errors += 1
            logger.error("\(error.description)", metadata: ["code": "\(error.code)"])
        }
        if let block = result.block {
            totals.documents += 1
            totals.facts += block.factCount
            totals.events += block.eventCount
        }
        for warning in result.warnings {
            logger.info("\(result.key): \(warning.message)", metadata: ["code": "\(warning.code)"])
        }
        progress?.advance(documents: result.block == nil ? 0 : 1, bytes: result.inputBytes)
    }
}

/// The total size of the input files, for the progress bar (walked once more, names only).
enum InputSize {
    static func total(_ inputs: [String]) -> Int {
        var total = 0
        for item in InputWalker.Stream(inputs) {
            guard case .file(let file) = item else { continue }
            var info = stat()
            if stat(file.path, &info) == 0 { total += Int(info.st_size) }
        }
        return total
    }
}

extension OutputFolder.Format: ExpressibleByArgument {}
