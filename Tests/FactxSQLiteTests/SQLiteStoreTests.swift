import FactxModel
import FactxPipeline
import FactxSQLite
import FactxTestSupport
import FactxWriting
import Foundation
import GRDB
import Testing

/// The queries of docs/sqlite.md, by the name in their first line (`-- name: …`).
let documentedQueries: [String: String] = {
    guard let text = read(Repository.path("docs/sqlite.md")) else { return [:] }
    var queries: [String: String] = [:]
    for block in text.components(separatedBy: "```sql\n").dropFirst() {
        let body = block.components(separatedBy: "```")[0]
        guard body.hasPrefix("-- name: ") else { continue }
        let name = body.dropFirst("-- name: ".count).prefix { $0 != "\n" }
        queries[String(name)] = body
    }
    return queries
}()

/// Rows as text, `|`-separated, NULL as empty: the form the sqlite3 shell prints by default.
func rows(_ sql: String, in path: String) throws -> [String] {
    try DatabaseQueue(path: path).read { (db: Database) throws in
        try Row.fetchAll(db, sql: sql).map { row in
            row.databaseValues.map { value -> String in
                switch value.storage {
                case .null: ""
                case .int64(let number): String(number)
                case .double(let number): String(number)
                case .string(let text): text
                case .blob: "<blob>"
                }
            }.joined(separator: "|")
        }
    }
}

/// The same query through the sqlite3 shell, when it is installed.
func shellRows(_ sql: String, in path: String) throws -> [String]? {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = ["-bail", path]
    // The SQL goes in as a user would paste it (an argument starting with "--" would read as an option).
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    input.fileHandleForWriting.write(Data(sql.utf8))
    try input.fileHandleForWriting.close()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return ["sqlite3 failed (\(process.terminationStatus)): \(problem)"] }
    return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
}

/// Runs a documented query in GRDB and in the shell; both must give `expected`.
func expectAnswer(_ name: String, in path: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let sql = try #require(documentedQueries[name], "docs/sqlite.md has no query named \(name)", sourceLocation: sourceLocation)
    #expect(try rows(sql, in: path) == expected, "\(name) through GRDB", sourceLocation: sourceLocation)
    if let shell = try shellRows(sql, in: path) {
        #expect(shell == expected, "\(name) through the sqlite3 shell", sourceLocation: sourceLocation)
    }
}

enum Fixture {
    static let iskp = GroupValue(id: "iskp", name: "Islamic State Khorasan Province", kind: "armed_group")
    static let ttp = GroupValue(id: "ttp", name: "Tehrik-i-Taliban Pakistan", kind: "armed_group")
    static let bajaur = PlaceValue(
        id: "factx:pk-bajaur", name: "Bajaur", kind: "admin2", country: "PK", admin1: "Khyber Pakhtunkhwa",
        admin2: "Bajaur", lat: 34.68, lon: 71.5)
    static let quetta = PlaceValue(
        id: "factx:pk-quetta", name: "Quetta", kind: "city", country: "PK", admin1: "Balochistan", admin2: "Quetta",
        lat: 30.18, lon: 67.0)

    static func day(_ iso: String) -> DateValue {
        let date = CalendarDate(iso: iso)!
        return DateValue(timex: iso, start: date, end: date, granularity: "day")
    }

    static func result(_ id: String, text: String, facts: [Fact] = [], events: [Event] = []) -> DocumentResult {
        DocumentResult(document: Document(id: id, text: text, reader: "txt"), facts: facts, events: events, warnings: [])
    }

    static func fact(_ doc: String, _ start: Int, _ text: String, _ value: FactValue) -> Fact {
        Fact(doc: doc, range: TextRange(start, start + text.unicodeScalars.count), text: text, rule: "test", sentence: 0, value: value)
    }

    /// Two documents with incident records: ISKP 54 killed in Bajaur in July 2023 and 10 in August; TTP 3 in Quetta.
    static let withEvents: [DocumentResult] = [
        result("a.txt", text: "…", facts: [fact("a.txt", 0, "ISKP", .group(iskp)), fact("a.txt", 10, "Bajaur", .place(bajaur))], events: [
            Event(doc: "a.txt", id: "e1", date: day("2023-07-30"), place: bajaur, perpetrator: iskp, attribution: "claimed",
                  killed: CountValue(number: 54, qualifier: .atLeast), evidence: [TextRange(0, 40)]),
            Event(doc: "a.txt", id: "e2", date: day("2023-07-02"), place: quetta, perpetrator: ttp, attribution: "suspected",
                  killed: CountValue(number: 3, qualifier: .exact), evidence: [TextRange(50, 90)]),
        ]),
        result("b.txt", text: "…", events: [
            Event(doc: "b.txt", id: "e1", date: day("2023-08-10"), place: bajaur, perpetrator: iskp, attribution: "claimed",
                  killed: CountValue(number: 10, qualifier: .exact), evidence: [TextRange(0, 20)]),
        ]),
    ]
}

@Suite struct SQLiteStoreTests {
    @Test func theSchemaHasItsVersionKeysAndIndexes() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/factx.sqlite"
            let summary = try SQLiteStore.update(path, with: Fixture.withEvents)
            #expect(summary.added == 2 && summary.replaced == 0)
            try DatabaseQueue(path: path).read { (db: Database) throws in
                #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == 2)
                #expect(try Int.fetchOne(db, sql: "PRAGMA application_id") == 0x6663_7478)
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                #expect(tables == ["documents", "events", "facts", "groups", "places"])
                let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
                #expect(indexes.count == 9)
                #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
                #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM events") == 3)
                #expect(try String.fetchAll(db, sql: "SELECT id FROM groups ORDER BY id") == ["iskp", "ttp"])
            }
        }
    }

    @Test func documentedEventQueriesAnswerCorrectly() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/factx.sqlite"
            try SQLiteStore.update(path, with: Fixture.withEvents)
            try expectAnswer("killed-per-group-per-month", in: path, [
                "Islamic State Khorasan Province|2023-07|1|54",
                "Tehrik-i-Taliban Pakistan|2023-07|1|3",
                "Islamic State Khorasan Province|2023-08|1|10",
            ])
            try expectAnswer("incidents-per-district", in: path, [
                "PK|Khyber Pakhtunkhwa|Bajaur|2|64",
                "PK|Balochistan|Quetta|1|3",
            ])
        }
    }

    @Test func documentedFactQueriesAnswerCorrectlyOnTheSampleArticle() throws {
        let batch = Repository.pipeline.run(inputs: [Repository.path("Corpus/iskp-foothold-in-pakistan.txt")])
        try withTemporaryFolder { folder in
            let path = folder + "/factx.sqlite"
            try SQLiteStore.update(path, with: batch.results)
            // "Over seventy-two individuals were killed in ISKP's first strike in August of 2016 … in Quetta";
            // "At least 54 persons were killed when ISKP attacked … in the Bajaur area … on July 30, 2023".
            try expectAnswer("killed-per-group-per-month-from-facts", in: path, [
                "Islamic State Khorasan Province|2016-08|1|73",
                "Islamic State Khorasan Province|2023-07|1|54",
            ])
            try expectAnswer("casualty-statements-per-district-from-facts", in: path, [
                "PK|Khyber Pakhtunkhwa|Bajaur|1|54|",
                "PK|Balochistan|Quetta|1|73|",
            ])
            let diagnostics = try rows(try #require(documentedQueries["diagnostics"]), in: path)
            #expect(diagnostics.map { $0.split(separator: "|").prefix(3).joined(separator: "|") } == [
                "iskp-foothold-in-pakistan.txt|definition.contradicts|3925",
                "iskp-foothold-in-pakistan.txt|definition.contradicts|3997",
            ])
            // Facts per rule adds up to every fact, each under its own rule.
            let perRule = try rows(try #require(documentedQueries["facts-per-rule"]), in: path)
            let facts = batch.results.flatMap(\.facts)
            #expect(perRule.reduce(0) { $0 + Int($1.split(separator: "|")[2])! } == facts.count)
            #expect(Set(perRule.map { String($0.split(separator: "|")[1]) }) == Set(facts.map(\.rule)))
        }
    }

    @Test func everyDocumentedQueryRunsOnTheWholeCorpus() throws {
        let batch = Repository.pipeline.run(inputs: [Repository.path("Corpus")])
        try withTemporaryFolder { folder in
            let path = folder + "/factx.sqlite"
            try SQLiteStore.update(path, with: batch.results)
            #expect(documentedQueries.count >= 6)
            for (name, sql) in documentedQueries.sorted(by: { $0.key < $1.key }) {
                #expect(throws: Never.self, "\(name)") { _ = try rows(sql, in: path) }
            }
            let stored = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM facts") }
            #expect(stored == batch.results.reduce(0) { $0 + $1.facts.count })
        }
    }

    /// factx extract fills the database from the output folder it has just written, one document at a time: the
    /// tables equal those of the records in memory, and a second update from the same folder changes nothing.
    @Test func anOutputFolderStoresTheSameRowsAsTheRecordsInMemory() throws {
        let batch = Repository.pipeline.run(inputs: [Repository.path("Corpus")])
        try withTemporaryFolder { folder in
            try OutputFolder(path: folder + "/out").write(batch.results, errors: batch.errors)
            try SQLiteStore.update(folder + "/memory.sqlite", with: batch.results)
            try SQLiteStore.update(folder + "/files.sqlite", fromOutputFolder: folder + "/out")
            for table in ["documents", "facts", "events", "groups", "places"] {
                let sql = "SELECT * FROM \(table) ORDER BY 1, 2"
                #expect(try rows(sql, in: folder + "/files.sqlite") == rows(sql, in: folder + "/memory.sqlite"), "\(table)")
            }
            let again = try SQLiteStore.update(folder + "/files.sqlite", fromOutputFolder: folder + "/out")
            #expect(again.unchanged == batch.results.count && again.added == 0 && again.replaced == 0)
        }
    }

    /// Facts whose document is missing from documents.jsonl mean a damaged folder: nothing is stored.
    @Test func aDamagedOutputFolderLeavesTheDatabaseAsItWas() throws {
        let batch = Repository.pipeline.run(inputs: [Repository.path("Corpus")])
        try withTemporaryFolder { folder in
            try OutputFolder(path: folder + "/out").write(batch.results, errors: batch.errors)
            let documents = folder + "/out/documents.jsonl"
            let lines = try String(contentsOfFile: documents, encoding: .utf8).split(separator: "\n")
            try (lines.dropFirst().joined(separator: "\n") + "\n").write(toFile: documents, atomically: true, encoding: .utf8)
            #expect(throws: SQLiteStore.StoreError.self) {
                try SQLiteStore.update(folder + "/db.sqlite", fromOutputFolder: folder + "/out")
            }
            let stored = try DatabaseQueue(path: folder + "/db.sqlite").read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'documents'")
            }
            #expect(stored == 0)
        }
    }

    @Test func aSecondRunReplacesChangedDocumentsAndKeepsTheRest() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/factx.sqlite"
            let a = Fixture.result("a.txt", text: "ISKP in Quetta", facts: [
                Fixture.fact("a.txt", 0, "ISKP", .group(Fixture.iskp)), Fixture.fact("a.txt", 8, "Quetta", .place(Fixture.quetta)),
            ])
            let b = Fixture.result("b.txt", text: "TTP", facts: [Fixture.fact("b.txt", 0, "TTP", .group(Fixture.ttp))])
            let c = Fixture.result("c.txt", text: "Bajaur", facts: [Fixture.fact("c.txt", 0, "Bajaur", .place(Fixture.bajaur))])
            try SQLiteStore.update(path, with: [a, b, c])
            func ids(_ doc: String) throws -> [Int] {
                try DatabaseQueue(path: path).read { db in try Int.fetchAll(db, sql: "SELECT id FROM facts WHERE doc = ? ORDER BY id", arguments: [doc]) }
            }
            let aBefore = try ids("a.txt")
            let cBefore = try ids("c.txt")

            // The corpus changed: a.txt as before, b.txt now names ISKP, c.txt is gone, d.txt is new.
            let changedB = Fixture.result("b.txt", text: "ISKP", facts: [Fixture.fact("b.txt", 0, "ISKP", .group(Fixture.iskp))])
            let d = Fixture.result("d.txt", text: "nothing")
            let summary = try SQLiteStore.update(path, with: [a, changedB, d])
            #expect(summary.added == 1 && summary.replaced == 1 && summary.unchanged == 1 && summary.kept == 1)
            #expect(try ids("a.txt") == aBefore, "an unchanged document's rows were rewritten")
            #expect(try ids("c.txt") == cBefore, "a document the run did not see was lost")
            try DatabaseQueue(path: path).read { (db: Database) throws in
                #expect(try String.fetchAll(db, sql: "SELECT doc FROM documents ORDER BY doc") == ["a.txt", "b.txt", "c.txt", "d.txt"])
                #expect(try String.fetchAll(db, sql: "SELECT group_id FROM facts WHERE doc = 'b.txt'") == ["iskp"])
                // TTP is named by no stored fact any more.
                #expect(try String.fetchAll(db, sql: "SELECT id FROM groups ORDER BY id") == ["iskp"])
                #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            }
        }
    }

    @Test func refusesADatabaseOfAnotherKindAndLeavesItAlone() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/factx.sqlite"
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me')")
            }
            #expect(throws: SQLiteStore.StoreError.self) { try SQLiteStore.update(path, with: Fixture.withEvents) }
            try DatabaseQueue(path: path).write { db in try db.execute(sql: "PRAGMA user_version = 7") }
            let error = #expect(throws: SQLiteStore.StoreError.self) { try SQLiteStore.update(path, with: Fixture.withEvents) }
            #expect(error?.message.contains("schema version 7") == true)
            try DatabaseQueue(path: path).read { (db: Database) throws in
                #expect(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") == ["notes"])
            }
        }
    }
}
