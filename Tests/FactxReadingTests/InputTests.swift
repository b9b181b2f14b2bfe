import FactxModel
@testable import FactxReading
import FactxTestSupport
import Foundation
import Testing

@Suite struct JSONLinesReaderTests {
    let reader = JSONLinesReader(text: TextReader(), html: HTMLReader())

    @Test func readsGoodLinesAndNamesBadOnes() {
        let content = """
            {"id":"a","text":"At least 5 people were killed.","published":"2023-07-30","title":"A","url":"https://x/a"}
            not json
            [1,2]
            {"id":"b"}
            {"text":"no id"}

            {"id":"c","html":"<p>Hello <b>world</b></p>","published":"30 July"}
            {"id":"a","text":"duplicate"}
            """
        let (documents, errors) = reader.read(bytes: Array(content.utf8), file: "wire.jsonl")
        #expect(documents.map(\.id) == ["a", "c"])
        #expect(documents[0].published?.iso == "2023-07-30" && documents[0].title == "A" && documents[0].url == "https://x/a")
        #expect(documents[1].text == "Hello world")
        #expect(documents[1].warnings.map(\.code) == ["jsonl.published"])
        #expect(errors.map(\.line) == [2, 3, 4, 5, 8])
        #expect(errors.map(\.code) == ["jsonl.syntax", "jsonl.not-object", "jsonl.no-text", "jsonl.no-id", "jsonl.duplicate-id"])
        #expect(errors[0].description.hasPrefix("wire.jsonl:2: not JSON"))
    }
}

@Suite struct InputWalkerTests {
    @Test func walksSortedSkipsHiddenAndSurvivesLinkLoops() {
        withTemporaryFolder { folder in
            write("b", to: folder + "/in/b.txt")
            write("a", to: folder + "/in/a.html")
            write("z", to: folder + "/in/sub/z.jsonl")
            write("skip", to: folder + "/in/.hidden.txt")
            write("skip", to: folder + "/in/notes.md")
            write("é", to: folder + "/in/sub/ünïcode name.txt")
            symlink(folder + "/in", folder + "/in/sub/loop")
            let result = InputWalker().walk([folder + "/in", folder + "/missing.txt"])
            #expect(result.files.map(\.id) == ["a.html", "b.txt", "sub/z.jsonl", "sub/ünïcode name.txt"])
            #expect(result.files.map(\.kind) == [.html, .txt, .jsonl, .txt])
            #expect(result.errors.map(\.code) == ["walk.missing"])
            #expect(result.notes.map(\.code) == ["walk.loop"])
        }
    }

    @Test func readerNamesTheProblemWithAFile() {
        withTemporaryFolder { folder in
            write([], to: folder + "/empty.txt")
            write(Array("%PDF-1.4 binary".utf8), to: folder + "/paper.html")
            write(String(repeating: "x", count: 2000), to: folder + "/big.txt")
            let reader = DocumentReader(maxBytes: 1000)
            let outcomes = InputWalker().walk([folder]).files.map { ($0.id, reader.read($0)) }
            let codes = outcomes.map { ($0.0, $0.1.errors.map(\.code)) }
            #expect(codes.map(\.0) == ["big.txt", "empty.txt", "paper.html"])
            #expect(codes.map(\.1) == [["read.too-large"], ["read.empty"], ["read.binary"]])
        }
    }
}
