import FactxModel
import FactxSegmenting
import Testing

@Suite struct SegmenterTests {
    let segmenter = Segmenter(abbreviations: ["gen.", "u.s.", "dr."])

    func segment(_ text: String) -> SegmentedDocument {
        segmenter.segment(Document(id: "t", text: text, reader: "test"))
    }

    @Test func splitsSentencesButNotAfterAbbreviations() {
        let document = segment("Gen. Asim Munir met Dr. Khan in the U.S. Army base. Then he left!\n\nA new paragraph here.")
        let sentences = document.sentences.map { document.text($0.range) }
        #expect(sentences == [
            "Gen. Asim Munir met Dr. Khan in the U.S. Army base.", "Then he left!", "A new paragraph here.",
        ])
        #expect(document.sentences.map(\.paragraph) == [0, 0, 1])
        #expect(document.paragraphs.count == 2)
    }

    @Test func tokensCarryScalarOffsetsAndLooseKeys() {
        let text = "😀 ISKP’s Khyber-Pakhtunkhwa, 1,200."
        let document = segment(text)
        let words = document.tokens.filter { $0.kind != .punctuation }
        #expect(words.map { document.text($0.range) } == ["ISKP", "’s", "Khyber", "Pakhtunkhwa", "1,200"])
        #expect(words.map(\.key) == ["iskp", "'s", "khyber", "pakhtunkhwa", "1,200"])
        #expect(words[0].range == TextRange(2, 6))  // the emoji counts as one scalar
        #expect(words[0].hasNoLowercase && !words[2].hasNoLowercase)
        #expect(words.last?.kind == .number)
    }

    @Test func sentenceIndexOfAnOffset() {
        let document = segment("One. Two. Three.")
        #expect(document.sentenceIndex(at: 0) == 0)
        #expect(document.sentenceIndex(at: 6) == 1)
        #expect(document.sentenceIndex(at: 15) == 2)
    }
}
