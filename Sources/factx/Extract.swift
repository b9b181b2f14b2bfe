import ArgumentParser
import FactxExtracting
import FactxModel
import FactxPipeline
import FactxSQLite
import FactxWriting
import Foundation

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract facts from articles into an output folder (or stdout).",
        discussion: """
            Writes DIR/facts.jsonl, DIR/documents.jsonl, DIR/events.jsonl and DIR/errors.jsonl (docs/record-contract.md); \
            --format csv adds facts.csv, documents.csv and events.csv (docs/csv.md); --format sqlite updates \
            DIR/factx.sqlite in place (docs/sqlite.md). Folders are read recursively in sorted order. Identical inputs \
            and patterns give byte-identical outputs.
            """)

    @Argument(help: ArgumentHelp("Files (.txt, .html, .htm, .jsonl) or folders to read.", valueName: "input"))
    var inputs: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder, or - for fact lines on stdout.", valueName: "dir"))
    var out: String

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

    @OptionGroup var patternOptions: PatternOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if let referenceDate { _ = try parseDate(referenceDate) }
        guard ["dmy", "mdy"].contains(dateOrder) else { throw ValidationError("--date-order must be dmy or mdy") }
        guard (1...12).contains(fiscalYearStart) else { throw ValidationError("--fiscal-year-start must be a month, 1 to 12") }
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
        if out == "-" && format.contains(.sqlite) { throw ValidationError("--format sqlite needs an output folder, not -") }
    }

    func run() throws {
        try failing {
            let logger = logging.bootstrap()
            let patterns = try patternOptions.load()
            let options = PipelineOptions(
                referenceDate: try referenceDate.map(parseDate), extraction: ExtractionOptions(dateOrder: dateOrder, fiscalYearStart: fiscalYearStart),
                maxBytes: maxBytes)
            let pipeline = Pipeline(patterns: patterns, options: options)
            let started = Date()
            let batch = pipeline.run(inputs: inputs, logger: logger)
            if out == "-" {
                FileHandle.standardOutput.write(Data(JSONLines.lines(JSONLines.facts(batch.results)).utf8))
            } else {
                do throws(AtomicFile.WriteError) {
                    try OutputFolder(path: out, formats: Set(format)).write(batch.results, errors: batch.errors)
                } catch {
                    throw CLIFailure(code: 1, message: error.description)
                }
                if format.contains(.sqlite) {
                    do throws(SQLiteStore.StoreError) {
                        let summary = try SQLiteStore.update(
                            (out as NSString).appendingPathComponent(SQLiteStore.fileName), with: batch.results)
                        logger.info("factx.sqlite: \(summary)")
                    } catch {
                        throw CLIFailure(code: 1, message: error.description)
                    }
                }
            }
            let facts = batch.results.reduce(0) { $0 + $1.facts.count }
            let events = batch.results.reduce(0) { $0 + $1.events.count }
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            logger.notice(
                "factx: \(batch.results.count) documents, \(facts) facts, \(events) events, \(batch.errors.count) errors, \(seconds) s")
            if !batch.errors.isEmpty { throw ExitCode(1) }
        }
    }
}

extension OutputFolder.Format: ExpressibleByArgument {}
