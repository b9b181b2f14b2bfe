import FactxModel
@testable import FactxReading
import FactxTestSupport
import Testing

@Suite struct TextReaderTests {
    let reader = TextReader(boilerplate: Boilerplate(phrases: ["Notify of", "View all comments"]))

    @Test func joinsWrappedLinesDropsFurnitureAndFindsTheTitle() {
        let source = "Attack in Bajaur\n\nAt least 54 persons were\nkilled in  Bajaur.\r\n\n\n\nA second   paragraph.\n\nNotify of\nView all comments (12)\n"
        let document = reader.read(text: source, id: "a.txt")
        #expect(document.text == "Attack in Bajaur\n\nAt least 54 persons were killed in Bajaur.\n\nA second paragraph.")
        #expect(document.title == "Attack in Bajaur")
        #expect(document.reader == "txt")
    }

    @Test func noTitleWhenTheFirstLineIsASentence() {
        let document = reader.read(text: "PESHAWAR, Jan. 31 — A blast killed 20.\n\nMore text.", id: "b.txt")
        #expect(document.title == nil)
    }

    @Test(arguments: [
        ("Militants storm an army post\n13 December 2023\n\nTwenty-three soldiers were killed.", "Militants storm an army post",
         "Militants storm an army post\n\n13 December 2023\n\nTwenty-three soldiers were killed."),
        ("Islamic State turns on the Taliban\r\nOct. 11, 2021\r\n\r\nThe group struck.", "Islamic State turns on the Taliban",
         "Islamic State turns on the Taliban\n\nOct. 11, 2021\n\nThe group struck."),
        // A second line without a number is the headline's continuation, not a date line.
        ("A long headline that wraps\nonto a second line\n\nBody text.", nil,
         "A long headline that wraps onto a second line\n\nBody text."),
        // A second line followed by more lines of the same paragraph is prose, not a date line.
        ("Attack in Bajaur\n30 July 2023 was the day\nit happened.\n\nBody.", nil,
         "Attack in Bajaur 30 July 2023 was the day it happened.\n\nBody."),
    ] as [(String, String?, String)])
    func aHeadlineWithADateLineRightUnderItIsTheTitle(source: String, title: String?, text: String) {
        let document = reader.read(text: source, id: "d.txt")
        #expect(document.title == title)
        #expect(document.text == text)
    }

    @Test func sourceMapLeadsBackToTheSourceText() {
        let source = "Title line\n\nFirst  line of text\nsecond line é\n\nLast."
        let document = reader.read(text: source, id: "c.txt")
        let sourceScalars = Array(source.unicodeScalars)
        let textScalars = Array(document.text.unicodeScalars)
        // Every segment's text is the source's text at the recorded offset.
        for segment in document.sourceMap.segments {
            guard let start = segment.sourceStart else { continue }
            #expect(Array(textScalars[segment.textStart..<segment.textStart + segment.length])
                == Array(sourceScalars[start..<start + segment.length]))
        }
        let offset = Array(document.text.unicodeScalars).firstIndex(of: "é")!
        #expect(document.sourceMap.line(at: offset) == 4)
        #expect(document.sourceMap.sourceOffset(at: offset) == Array(source.unicodeScalars).firstIndex(of: "é"))
    }
}
