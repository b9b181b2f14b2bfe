import ArgumentParser
import FactxModel
import FactxPatterns
import FactxPipeline
import FactxReading
import FactxWriting
import Foundation
import Logging

@main
struct Main {
    static func main() async {
        // A write past the file-size limit (RLIMIT_FSIZE, a quota) fails with EFBIG and is reported with the file's
        // name, instead of the signal killing the run without a word.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try Factx.parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            // Usage errors exit 2 (like diff(1) and most Unix tools); everything else as ArgumentParser decides.
            if Factx.exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((Factx.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            Factx.exit(withError: error)
        }
    }
}

struct Factx: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factx",
        abstract: "Turn folders of news and analysis articles into structured, reviewable facts.",
        discussion: """
            factx reads .txt, .html and .jsonl articles and writes the dates, casualty counts, attack counts, places \
            and groups they state, each with its evidence, as JSON lines (and CSV). Rules, gazetteers and alias \
            tables are data under Patterns/, editable without recompiling.

            Exit codes: 0 all good; 1 some inputs failed (the rest written, failures in errors.jsonl); 2 usage or \
            pattern errors; 75 the output folder is locked by another run.
            """,
        version: FactxVersion.string,
        subcommands: [Extract.self, Read.self, PatternsCommand.self, Merge.self, Diff.self, Eval.self, Review.self]
    )
}

enum FactxVersion {
    static let string = "0.1.0"

    /// The version and the build of the running binary (its size and modification time): incremental runs redo
    /// everything when factx is rebuilt, not only when the version number changes.
    static let build: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 || stat(CommandLine.arguments[0], &info) == 0 else { return string }
        #if os(Linux)
        let modified = info.st_mtim.tv_sec
        #else
        let modified = info.st_mtimespec.tv_sec
        #endif
        return "\(string)+\(info.st_size).\(modified)"
    }()
}

/// Options every command that loads patterns shares.
struct PatternOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The Patterns folder.",
            discussion: "Default: $FACTX_PATTERNS, then ./Patterns, then the Patterns installed beside the binary.",
            valueName: "dir"))
    var patterns: String?

    func load() throws -> PatternSet {
        guard let directory = PatternSet.locate(
            option: patterns, environment: ProcessInfo.processInfo.environment,
            executable: CommandLine.arguments.first.map { ($0 as NSString).expandingTildeInPath })
        else {
            throw CLIFailure(code: 2, message: "no Patterns folder: pass --patterns DIR or set FACTX_PATTERNS")
        }
        let patterns: PatternSet
        do {
            patterns = try PatternSet.load(from: directory)
        } catch {
            throw CLIFailure(code: 2, message: error.errors.map { "\(directory)/\($0)" }.joined(separator: "\n"))
        }
        let problems = Pipeline.ruleProblems(in: patterns)
        if !problems.isEmpty {
            throw CLIFailure(code: 2, message: problems.map { "\(directory)/\($0)" }.joined(separator: "\n"))
        }
        return patterns
    }
}

struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log more (repeat for debug output).")
    var verbose: Int

    @Flag(name: .shortAndLong, help: "Log only errors (no summary line).")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Log lines as text (default) or json, on standard error.", valueName: "format"))
    var logFormat: LogFormat = .text

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    var level: Logger.Level { quiet ? .error : verbose >= 2 ? .debug : verbose == 1 ? .info : .notice }

    /// Sends every log record to standard error through factx's handlers. The default level shows errors,
    /// warnings and the summary line; document warnings (also in documents.jsonl) need -v.
    func bootstrap() -> Logger {
        let level = level
        let format = logFormat
        LoggingSystem.bootstrap { _ in
            switch format {
            case .text: TextLogHandler(logLevel: level, console: .standardError)
            case .json: JSONLogHandler(logLevel: level, console: .standardError)
            }
        }
        return Logger(label: "factx")
    }
}

/// A failure the command reports in one line and an exit code.
struct CLIFailure: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var description: String { message }
}

extension ParsableCommand {
    /// Prints a failure to stderr and turns it into the exit code.
    func failing(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data(("factx: " + failure.message + "\n").utf8))
            throw ExitCode(failure.code)
        }
    }

    func failing(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data(("factx: " + failure.message + "\n").utf8))
            throw ExitCode(failure.code)
        }
    }
}

func parseDate(_ text: String) throws -> CalendarDate {
    guard text.count == 10, let date = CalendarDate(iso: text) else {
        throw ValidationError("'\(text)' is not a YYYY-MM-DD date")
    }
    return date
}
