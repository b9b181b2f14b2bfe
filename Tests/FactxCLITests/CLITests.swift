import FactxTestSupport
import Foundation
import Testing

/// The command line as users run it: exit codes, one-line errors, stdout streaming.
@Suite struct CLITests {
    /// The `factx` binary built beside the test bundle.
    static let binary: String = {
        // The test runner lives in the build products folder (Linux) or in an .xctest bundle inside it (macOS).
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var folder = executable.deletingLastPathComponent()
        while !folder.path.isEmpty, folder.path != "/" {
            let candidate = folder.appendingPathComponent("factx").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        return "factx"
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func factx(_ arguments: [String], environment: [String: String] = [:], executable: String = Self.binary) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func extractWritesTheOutputFolderAndExitsZero() throws {
        try withTemporaryFolder { folder in
            let run = try factx(["extract", "Corpus/iskp-foothold-in-pakistan.txt", "--out", folder, "--format", "csv", "-q"])
            #expect(run.status == 0, "\(run.stderr)")
            for file in ["facts.jsonl", "documents.jsonl", "events.jsonl", "errors.jsonl", "facts.csv", "documents.csv", "events.csv"] {
                #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file)")
            }
        }
    }

    @Test func outDashStreamsFactLines() throws {
        let run = try factx(["extract", "Corpus/iskp-foothold-in-pakistan.txt", "--out", "-", "-q"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count > 20)
        #expect(lines.allSatisfy { $0.hasPrefix(#"{"doc":"iskp-foothold-in-pakistan.txt","type":"#) })
    }

    @Test func aFailedInputExitsOneAndIsNamed() throws {
        try withTemporaryFolder { folder in
            write("At least 3 people were killed in Quetta.", to: folder + "/in/good.txt")
            write(Array("%PDF-1.4".utf8), to: folder + "/in/bad.html")
            let run = try factx(["extract", folder + "/in", "--out", folder + "/out"])
            #expect(run.status == 1)
            #expect(run.stderr.contains("bad.html: binary content: the file is a PDF document"))
            #expect(read(folder + "/out/facts.jsonl")?.contains("good.txt") == true)
            #expect(read(folder + "/out/errors.jsonl")?.contains("\"file\":\"bad.html\"") == true)
        }
    }

    @Test func aBrokenPatternFileExitsTwoNamingFileAndLine() throws {
        try withTemporaryFolder { folder in
            write("rules:\n  - id: x\n    pattern: '(unclosed'\n    examples: ['x']\n", to: folder + "/patterns/dates/rules.yaml")
            let run = try factx(["extract", "Corpus", "--out", folder + "/out", "--patterns", folder + "/patterns"])
            #expect(run.status == 2)
            #expect(run.stderr.contains("dates/rules.yaml:3:14: rule 'x': the pattern does not compile"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/out/facts.jsonl"))
        }
    }

    @Test func aDateRuleWithAnUnknownRoleExitsTwoNamingFileAndLine() throws {
        // The file loads (the YAML and the regex are fine); only the date extractor knows that "finder" is no role.
        // Silently dropping the rule would lose every date it was written for.
        try withTemporaryFolder { folder in
            write("attributes: [role, needs]\nrules:\n  - id: x\n    role: finder\n    needs: year\n    pattern: '\\d{4}'\n    examples: ['2019']\n",
                  to: folder + "/patterns/dates/rules.yaml")
            let run = try factx(["extract", "Corpus", "--out", folder + "/out", "--patterns", folder + "/patterns"])
            #expect(run.status == 2)
            #expect(run.stderr.contains("dates/rules.yaml:3"), "\(run.stderr)")
            #expect(run.stderr.contains("rule 'x' has an unknown role 'finder'"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/out/facts.jsonl"))
        }
    }

    @Test func fiscalYearStartSetsTheFiscalYearsMonths() throws {
        try withTemporaryFolder { folder in
            write("The Pentagon's request for fiscal 2021 cut funds for Afghanistan.", to: folder + "/in/budget.txt")
            let july = try factx(["extract", folder + "/in", "--out", "-", "-q"])
            #expect(july.status == 0, "\(july.stderr)")
            #expect(july.stdout.contains(#""timex":"FY2021","start":"2020-07-01","end":"2021-06-30""#), "\(july.stdout)")
            let october = try factx(["extract", folder + "/in", "--out", "-", "-q", "--fiscal-year-start", "10"])
            #expect(october.status == 0, "\(october.stderr)")
            #expect(october.stdout.contains(#""timex":"FY2021","start":"2020-10-01","end":"2021-09-30""#), "\(october.stdout)")
            #expect(try factx(["extract", folder + "/in", "--out", "-", "--fiscal-year-start", "13"]).status == 2)
        }
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try factx(["extract", "Corpus", "--out", "/tmp/x", "--reference-date", "July"]).status == 2)
        #expect(try factx(["extract"]).status == 2)
    }

    @Test func readPrintsTheReaderStage() throws {
        let run = try factx(["read", "Corpus/iskp-foothold-in-pakistan.txt"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix(#"{"doc":"iskp-foothold-in-pakistan.txt","title":"ISKP’s increasing Foothold in Pakistan","#))
        #expect(!run.stdout.contains("Notify of"))
    }
}
