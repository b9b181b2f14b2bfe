import FactxModel
import FactxWriting
import Foundation
import Testing

@Suite struct CSVTests {
    @Test func quotesAsRFC4180Says() {
        #expect(CSV.row(["plain", "with,comma", "with \"quote\"", "two\nlines", ""]) == "plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",\r\n")
    }

    @Test func flattensFactValuesInAFixedColumnOrder() {
        let fact = Fact(
            doc: "a.txt", range: TextRange(0, 5), text: "54, x", rule: "r", sentence: 0,
            value: .casualty(CasualtyValue(status: .killed, count: CountValue(number: 54, qualifier: .atLeast), who: "people")))
        let lines = CSV.facts([fact.json]).split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("doc,type,start,end,text,rule,sentence,value_timex,"))
        #expect(lines[1] == "a.txt,casualty,0,5,\"54, x\",r,0,,,,,,killed,54,,at_least,people,,,,,,,,,,,")
    }
}

@Suite struct OutputFolderTests {
    @Test func writesEveryFileAtomicallyAndSorted() throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("factx-writing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func result(_ id: String, _ start: Int) -> DocumentResult {
            let fact = Fact(doc: id, range: TextRange(start, start + 4), text: "ISKP", rule: "alias-table", sentence: 0,
                            value: .group(GroupValue(id: "iskp", name: "ISKP", kind: "armed_group")))
            return DocumentResult(document: Document(id: id, text: "ISKP ISKP", reader: "txt"), facts: [fact], events: [], warnings: [])
        }
        let files = try OutputFolder(path: folder, formats: [.csv]).write(
            [result("b.txt", 5), result("a.txt", 0)], errors: [InputError(file: "z.html", code: "read.binary", message: "binary")])
        #expect(files == ["facts.jsonl", "documents.jsonl", "events.jsonl", "errors.jsonl", "facts.csv", "documents.csv", "events.csv"])
        let facts = try String(contentsOfFile: folder + "/facts.jsonl", encoding: .utf8)
        #expect(facts.split(separator: "\n").map { $0.hasPrefix(#"{"doc":"a.txt""#) } == [true, false])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
        #expect(try String(contentsOfFile: folder + "/errors.jsonl", encoding: .utf8)
            == #"{"file":"z.html","line":null,"code":"read.binary","message":"binary"}"# + "\n")
    }

    @Test func aFailedWriteLeavesThePreviousFile() throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("factx-writing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = folder + "/facts.jsonl"
        try AtomicFile.write("old\n", to: target)
        // A directory where the temporary file would go makes the write fail before the rename.
        try FileManager.default.createDirectory(atPath: folder + "/.facts.jsonl.tmp-\(getpid())", withIntermediateDirectories: true)
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write("new\n", to: target) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old\n")
    }
}
