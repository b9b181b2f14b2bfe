import FactxExtracting
import FactxModel
import FactxPatterns
import FactxSegmenting
import FactxTestSupport
import Testing

@Suite struct NumberReaderTests {
    let reader = NumberReader(patterns: Repository.patterns)

    @Test(arguments: [
        ("54", NumberReader.Reading.exact(54)), ("1,200", .exact(1200)), ("seventy-two", .exact(72)),
        ("one hundred and five", .exact(105)), ("a dozen", .exact(12)), ("two dozen", .exact(24)),
        ("Dozens", .vague(12)), ("hundreds", .vague(100)), ("3 million", .exact(3_000_000)),
        ("twenty one", .exact(21)),
    ])
    func readsWrittenNumbers(_ text: String, _ expected: NumberReader.Reading) {
        #expect(reader.read(text) == expected)
    }

    @Test(arguments: ["", "seventy-two-ish", "12.5", "how"])
    func refusesNonNumbers(_ text: String) {
        #expect(reader.read(text) == nil)
    }
}

@Suite struct ExtractorListTests {
    /// Every extractor in the list produces something on a text made for it: one left out of the list fails here.
    @Test func everyExtractorIsListedAndFires() {
        let extractors = Extractors.all(patterns: Repository.patterns)
        #expect(Set(extractors.map(\.name)) == ["dates", "casualties", "attack_counts", "places", "groups"])
        let text = "At least 54 persons were killed when ISKP, which claimed 17 attacks, attacked a convention in Bajaur on July 30, 2023."
        let document = Segmenter().segment(Document(id: "t", text: text, reader: "test"))
        let context = ExtractionContext(document: document)
        for extractor in extractors {
            #expect(!extractor.extract(context).isEmpty, "\(extractor.name) found nothing")
        }
    }

    @Test func mentionsKeepSpansAndRules() {
        let text = "Over seventy-two individuals were killed in August of 2016."
        let document = Segmenter().segment(Document(id: "t", text: text, reader: "test"))
        let mentions = Extractors.extract(Extractors.all(patterns: Repository.patterns), from: ExtractionContext(document: document))
        let casualty = mentions.first { $0.type == .casualty }
        #expect(casualty.map { document.text($0.range) } == "Over seventy-two individuals were killed")
        #expect(casualty?.rule == "casualty.passive")
        let date = mentions.first { $0.type == .date }
        #expect(date.map { document.text($0.range) } == "August of 2016")
    }
}
