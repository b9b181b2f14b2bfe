import FactxModel
import FactxWriting
import Foundation
import Testing

/// docs/csv.md promises an order of columns and RFC 4180 quoting; these tests hold the files to it.
@Suite struct CSVDocumentationTests {
    static let documentation: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return (try? String(contentsOf: url.appendingPathComponent("docs/csv.md"), encoding: .utf8)) ?? ""
    }()

    /// The backquoted first cells of the column table under `## <file>`.
    static func documentedColumns(_ file: String) -> [String] {
        guard let section = documentation.components(separatedBy: "## \(file)\n").dropFirst().first else { return [] }
        let body = section.components(separatedBy: "\n## ")[0]
        return body.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).prefix { $0 != "`" }.description
        }
    }

    /// A small RFC 4180 reader, to read back what the writer wrote.
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.unicodeScalars.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == "," {
                record.append(field)
                field = ""
            } else if character == "\r" && characters.first == "\n" {
                characters.removeFirst()
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(character)
            }
        }
        return records
    }

    @Test func headersFollowTheDocumentedColumnOrder() {
        let facts = CSV.facts([]).replacingOccurrences(of: "\r\n", with: "").split(separator: ",").map(String.init)
        let documents = CSV.documents([]).replacingOccurrences(of: "\r\n", with: "").split(separator: ",").map(String.init)
        let events = CSV.events([]).replacingOccurrences(of: "\r\n", with: "").split(separator: ",").map(String.init)
        #expect(facts == Self.documentedColumns("facts.csv"))
        #expect(documents == Self.documentedColumns("documents.csv"))
        #expect(events == Self.documentedColumns("events.csv"))
        #expect(facts.count == 28 && documents.count == 9 && events.count == 23)
    }

    @Test func awkwardFieldsSurviveARoundTrip() {
        let awkward = [
            "plain", "", "a,b", "say \"no\"", "\"", "two\nlines", "cr\rhere", "crlf\r\nhere", "q\u{301}\"\u{301}", " spaced ", "=1+1", "ünïcödé, 𝄞",
        ]
        let text = awkward.map { CSV.row([$0, "end"]) }.joined()
        let parsed = Self.parse(text)
        #expect(parsed == awkward.map { [$0, "end"] })
        // Only fields that need it are quoted.
        #expect(CSV.row(["plain", " spaced ", "=1+1"]) == "plain, spaced ,=1+1\r\n")
    }

    @Test func everyRowHasAsManyFieldsAsTheHeader() {
        let fact = Fact(
            doc: "a, \"b\".txt", range: TextRange(0, 6), text: "Quetta", rule: "gazetteer", sentence: 0,
            value: .place(PlaceValue(id: "q", name: "Quetta", kind: "city", country: "PK", admin1: "Balochistan",
                                     admin2: "Quetta", lat: 30.18, lon: 67)))
        let document = DocumentResult(
            document: Document(id: "a, \"b\".txt", title: "Line one\nline two", text: "Quetta", reader: "txt"),
            facts: [fact], events: [Event(doc: "a, \"b\".txt", id: "e1", evidence: [TextRange(0, 6)])],
            warnings: [.warning("x", "first, with comma"), .warning("y", "second")])
        for (text, columns) in [
            (CSV.facts(JSONLines.facts([document])), 28),
            (CSV.documents(JSONLines.documents([document])), 9),
            (CSV.events(JSONLines.events([document])), 23),
        ] {
            let records = Self.parse(text)
            #expect(records.count == 2)
            #expect(records.allSatisfy { $0.count == columns })
            #expect(records[1][0] == "a, \"b\".txt")
        }
        #expect(Self.parse(CSV.documents(JSONLines.documents([document])))[1][8] == "first, with comma | second")
        #expect(Self.parse(CSV.facts(JSONLines.facts([document])))[1].suffix(2) == ["30.18", "67"])
    }
}
