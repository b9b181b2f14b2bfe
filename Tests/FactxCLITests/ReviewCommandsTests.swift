import FactxTestSupport
import Foundation
import Testing

/// factx diff, eval and review as users run them: exit codes like diff(1), reports on stdout, errors on stderr.
@Suite struct ReviewCommandsTests {
    func factx(_ arguments: [String], environment: [String: String] = [:]) throws -> CLITests.Run {
        try CLITests().factx(arguments, environment: environment)
    }

    @Test func diffExitsZeroWhenEqualOneWhenNotTwoOnError() throws {
        try withTemporaryFolder { folder in
            #expect(try factx(["extract", "Corpus", "--out", folder + "/a", "-q"]).status == 0)
            let equal = try factx(["diff", folder + "/a", "Output"])
            #expect(equal.status == 0, "\(equal.stdout)\(equal.stderr)")
            #expect(equal.stdout.contains("facts: equal ("))

            // One fact fewer in the new run.
            let facts = try #require(read(folder + "/a/facts.jsonl"))
            let lines = facts.split(separator: "\n")
            write(lines.dropFirst().joined(separator: "\n") + "\n", to: folder + "/b/facts.jsonl")
            let differs = try factx(["diff", folder + "/a/facts.jsonl", folder + "/b/facts.jsonl", "--format", "json"])
            #expect(differs.status == 1)
            #expect(differs.stdout.hasPrefix(#"{"old":""#) && differs.stdout.contains(#""removed":1"#))

            let missing = try factx(["diff", folder + "/a", folder + "/nowhere"])
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("nowhere: no such file or folder"))
            #expect(try factx(["diff", folder + "/a", folder + "/b", "--format", "xml"]).status == 2)
        }
    }

    @Test func evalPrintsScoresAndEnforcesTheFloor() throws {
        let run = try factx(["eval", "--gold", "Tests/Gold", "Output", "--floor", "Tests/Gold/floor.json"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("factx eval Output against Tests/Gold: 10 documents"))
        #expect(run.stdout.contains("\noverall "))
        #expect(run.stdout.contains("\niskp-foothold-in-pakistan.txt "), "no per-document scores")
        #expect(run.stdout.contains("\nevent.killed "), "no incident scores")
        #expect(run.stdout.contains("floor Tests/Gold/floor.json: all 21 scores at or above the floor"))

        try withTemporaryFolder { folder in
            write(#"{"overall":{"strict_f1":1.0}}"#, to: folder + "/floor.json")
            let below = try factx(["eval", "--gold", "Tests/Gold", "Output", "--floor", folder + "/floor.json"])
            #expect(below.status == 1)
            #expect(below.stdout.contains("overall strict f1 0."))
            let broken = try factx(["eval", "--gold", folder + "/none", "Output"])
            #expect(broken.status == 2)
        }
    }

    @Test func reviewWritesOnePage() throws {
        try withTemporaryFolder { folder in
            let run = try factx(["review", "Corpus", "--out", folder + "/review.html", "--against", "Output", "-q"])
            #expect(run.status == 0, "\(run.stderr)")
            let html = try #require(read(folder + "/review.html"))
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            // Output is what Corpus gives: nothing changed (numbers read back from a file compare equal to the
            // run's own, 30 and 30.0 alike).
            #expect(html.contains("Compared with <code>Output</code>: <span class=\"c-added badge\">0 added</span> "
                + "<span class=\"c-changed badge\">0 changed</span> <span class=\"c-removed badge\">0 removed</span>"))
            #expect(try factx(["review", "Corpus", "--out", folder + "/x.html", "--against", folder + "/none"]).status == 2)
        }
    }

    @Test func extractWritesAndUpdatesFactxSQLite() throws {
        try withTemporaryFolder { folder in
            let first = try factx(["extract", "Corpus", "--out", folder, "--format", "sqlite", "-v"])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stderr.contains(", 0 replaced, 0 unchanged"), "\(first.stderr)")
            #expect(FileManager.default.fileExists(atPath: folder + "/factx.sqlite"))
            let second = try factx(["extract", "Corpus", "--out", folder, "--format", "sqlite", "--format", "csv", "-v"])
            #expect(second.stderr.contains("factx.sqlite: 0 added, 0 replaced, "), "\(second.stderr)")
            #expect(!second.stderr.contains(" 0 unchanged"), "\(second.stderr)")
            #expect(try factx(["extract", "Corpus", "--out", "-", "--format", "sqlite"]).status == 2)
        }
    }

    static let chromium: String? = {
        for folder in ["/usr/bin", "/usr/local/bin", "/snap/bin"] where FileManager.default.isExecutableFile(atPath: folder + "/chromium") {
            return folder + "/chromium"
        }
        return nil
    }()

    /// The review page in a real browser (scripts/check-review-page): the sample article's facts highlighted, the
    /// tables there, tooltips on focus. CI installs chromium and runs the script itself; here it runs when chromium
    /// is installed.
    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium): the rendered review page is not checked here; CI checks it"))
    func reviewPageRendersInHeadlessChromium() throws {
        try withTemporaryFolder { folder in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Repository.path("scripts/check-review-page"))
            process.arguments = [folder]
            process.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
            process.environment = ProcessInfo.processInfo.environment.merging(["FACTX": CLITests.binary]) { $1 }
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(FileManager.default.fileExists(atPath: folder + "/review.png"))
        }
    }
}
