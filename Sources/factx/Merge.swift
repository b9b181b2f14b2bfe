import ArgumentParser
import FactxModel
import FactxPipeline
import FactxWriting
import Foundation
import Logging

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine pipe-mode outputs (shards, Spark or Hadoop part files) into an output folder.",
        discussion: """
            Reads what `factx extract --pipe`, `--stdin` or `--stdin-paths` wrote (files, folders of part files such \
            as Spark's saveAsTextFile output, or - for stdin), in any order, and writes the output folder a single run \
            over the same inputs would write, byte for byte: records sorted as the contract says, duplicate document \
            ids resolved as a single run resolves them. Every stream must come from the same factx, patterns and \
            options. A stream cut off inside a document's records is refused (exit 2) and nothing is written.

            Exit codes: 0 all good; 1 some documents failed (listed in errors.jsonl) or the output could not be \
            written; 2 usage errors or unreadable streams; 75 the output folder is locked by another run.
            """)

    @Argument(help: ArgumentHelp("Pipe outputs: files, folders of part files, or - for stdin.", valueName: "stream"))
    var streams: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder.", valueName: "dir"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Also write this format (csv); JSON lines are always written.", valueName: "format"))
    var format: [OutputFolder.Format] = []

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard !streams.isEmpty else { throw ValidationError("give at least one stream (file, folder or -)") }
        guard out != "-" else { throw ValidationError("--out must be a folder") }
    }

    /// The files to read: files as given, a folder's visible regular files in sorted order (Spark's part-00000 …,
    /// skipping _SUCCESS and other names starting with _ or .).
    static func files(of streams: [String]) throws(CLIFailure) -> [String] {
        var files: [String] = []
        for stream in streams {
            if stream == "-" {
                files.append(stream)
                continue
            }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: stream, isDirectory: &isFolder) else {
                throw CLIFailure(code: 2, message: "\(stream): no such file or folder")
            }
            guard isFolder.boolValue else {
                files.append(stream)
                continue
            }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: stream)) ?? [])
                .filter { !$0.hasPrefix(".") && !$0.hasPrefix("_") }
                .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for name in names {
                let path = (stream as NSString).appendingPathComponent(name)
                var isSubfolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isSubfolder), !isSubfolder.boolValue {
                    files.append(path)
                }
            }
        }
        return files
    }

    func run() throws {
        try failing {
            let logger = logging.bootstrap()
            let started = Date()
            let csv = format.contains(.csv)
            let files = try Self.files(of: streams)
            let session: OutputSession
            do throws(OutputSession.Failure) {
                session = try OutputSession(folder: out)
            } catch {
                switch error {
                case .locked: throw CLIFailure(code: 75, message: error.description)
                case .io(let failure): throw CLIFailure(code: 1, message: failure.description)
                }
            }
            let totals: OutputTotals
            do {
                let sink = try SortedOutput(
                    targets: try OutputTargets.folder(session.stagedOutput(""), csv: csv), csv: csv,
                    spool: session.scratch("blocks"), errorSpool: session.scratch("errors"), manifest: nil, logger: logger)
                var identity: RunIdentity?
                for file in files {
                    guard let lines = file == "-" ? LineReader(descriptor: 0) : LineReader(path: file) else {
                        session.abandon()
                        throw CLIFailure(code: 2, message: "\(file): cannot open")
                    }
                    var reader = PipeStreamReader(lines: lines, name: file, csv: csv, identity: identity)
                    do {
                        while let result = try reader.next() {
                            if let error = result.error {
                                logger.error("\(error.description)", metadata: ["code": "\(error.code)"])
                            }
                            try sink.accept(result)
                        }
                    } catch let problem as PipeStreamReader.Problem {
                        session.abandon()
                        throw CLIFailure(code: 2, message: problem.description)
                    }
                    identity = reader.identity
                }
                totals = try sink.finish()
                try session.commit()
            } catch let failure as CLIFailure {
                throw failure
            } catch {
                session.abandon()
                throw CLIFailure(code: 1, message: "\(error)")
            }
            session.unlock()
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            logger.notice(
                "\(totals.documents) documents, \(totals.facts) facts, \(totals.events) events, \(totals.errors) errors, \(seconds) s",
                metadata: [
                    "documents": "\(totals.documents)", "facts": "\(totals.facts)", "events": "\(totals.events)",
                    "errors": "\(totals.errors)", "seconds": "\(seconds)",
                ])
            if totals.errors > 0 { throw ExitCode(1) }
        }
    }
}
