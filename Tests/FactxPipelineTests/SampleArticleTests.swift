import FactxModel
import FactxPipeline
import FactxTestSupport
import Testing

/// What the sample article must give (the end-to-end issue's acceptance list).
@Suite struct SampleArticleTests {
    static let batch = Repository.pipeline.run(inputs: [Repository.path("Corpus/iskp-foothold-in-pakistan.txt")])
    var facts: [Fact] { Self.batch.results.first?.facts ?? [] }

    func values(_ type: FactType) -> [(text: String, value: JSONValue)] {
        facts.filter { $0.type == type }.map { ($0.text, $0.value.json) }
    }

    @Test func groupsResolveToCanonicalIds() {
        let groups = values(.group)
        let iskp = Set(groups.filter { ["ISKP", "ISK-P"].contains($0.text) }.compactMap { $0.value["id"]?.stringValue })
        #expect(iskp.count == 1)
        #expect(groups.contains { $0.text == "ISK-P" })
        let ispp = groups.first { $0.text == "ISPP" }?.value["id"]?.stringValue
        let ttp = groups.first { $0.text == "TTP" }?.value["id"]?.stringValue
        #expect(ispp != nil && ttp != nil && ispp != ttp && !iskp.contains(ispp ?? "") && !iskp.contains(ttp ?? ""))
    }

    @Test func casualtiesAsAnalystsCodeThem() {
        let casualties = values(.casualty).map(\.value)
        #expect(casualties.contains { $0.matches(.object(["status": "killed", "min": 54, "qualifier": "at_least"])) })
        #expect(casualties.contains { $0.matches(.object(["status": "killed", "min": 73, "qualifier": "more_than"])) })
    }

    @Test func datesOfTheArticle() {
        let timexes = Set(values(.date).compactMap { $0.value["timex"]?.stringValue })
        #expect(timexes.isSuperset(of: ["2023-07-30", "2018-11", "2016-08"]))
    }

    @Test func placesWithTheirHierarchy() {
        let places = values(.place)
        func place(_ text: String) -> JSONValue? { places.first { $0.text == text }?.value }
        #expect(place("Quetta")?["admin1"]?.stringValue == "Balochistan")
        #expect(place("Baluchistan")?["name"]?.stringValue == "Balochistan")
        for name in ["Bajaur", "Orakzai", "KP"] {
            #expect(place(name)?["admin1"]?.stringValue == "Khyber Pakhtunkhwa", "\(name)")
        }
        for (text, value) in places where ["Quetta", "Bajaur", "Orakzai", "KP", "Baluchistan"].contains(text) {
            #expect(value["country"]?.stringValue == "PK", "\(text)")
        }
    }

    @Test func noPlaceInsideAGroupName() {
        let groups = facts.filter { $0.type == .group }.map(\.range)
        for place in facts where place.type == .place {
            #expect(!groups.contains { $0.overlaps(place.range) }, "\(place.text) at \(place.range) sits in a group name")
        }
    }

    @Test func theTwoContradictingDefinitionsAreReported() {
        let warnings = Self.batch.results.first?.warnings.filter { $0.code == "definition.contradicts" } ?? []
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.message.contains("TSKP") })
        #expect(warnings.contains { $0.message.contains("Islamic State of Iraq and the Levant") })
    }
}

@Suite struct BatchRobustnessTests {
    @Test func badInputsAreNamedAndTheRestIsWritten() {
        withTemporaryFolder { folder in
            write("At least 3 people were killed in Quetta on July 30, 2023.", to: folder + "/in/good.txt")
            write(Array("%PDF-1.7 not html".utf8), to: folder + "/in/paper.html")
            write("{\"id\":\"w1\",\"text\":\"ISKP claimed it.\"}\n{broken\n{\"id\":\"w2\",\"text\":\"TTP denied it.\"}\n", to: folder + "/in/wire.jsonl")
            let batch = Repository.pipeline.run(inputs: [folder + "/in"])
            #expect(batch.results.map(\.document.id) == ["good.txt", "w1", "w2"])
            #expect(batch.errors.map(\.description) == [
                "paper.html: binary content: the file is a PDF document",
                "wire.jsonl:2: not JSON: expected a key at column 2",
            ])
        }
    }
}

/// The sample article as plain text and as a web page must say the same thing.
@Suite struct SampleFormsTests {
    @Test func textAndPageGiveTheSameTextAndFacts() throws {
        let page = Repository.pipeline.reader.read(.init(
            path: Repository.path("Corpus/iskp-foothold-in-pakistan.html"), id: "sample", kind: .html))
        let text = Repository.pipeline.reader.read(.init(
            path: Repository.path("Corpus/iskp-foothold-in-pakistan.txt"), id: "sample", kind: .txt))
        let pageDocument = try #require(page.documents.first)
        var textDocument = try #require(text.documents.first)
        #expect(pageDocument.text == textDocument.text)
        #expect(pageDocument.title == textDocument.title)
        // The page states its publication date and the text file does not; give the text the same one, so that
        // relative dates ("so far in 2023") resolve alike.
        textDocument.published = pageDocument.published
        let pageFacts = Repository.pipeline.process(pageDocument).facts.map(\.json)
        let textFacts = Repository.pipeline.process(textDocument).facts.map(\.json)
        #expect(!pageFacts.isEmpty)
        #expect(pageFacts == textFacts)
    }

    @Test func readingThePageGivesItsMetadataAndNoFurniture() throws {
        let page = try #require(Repository.pipeline.reader.read(.init(
            path: Repository.path("Corpus/iskp-foothold-in-pakistan.html"), id: "sample", kind: .html)).documents.first)
        #expect(page.title == "ISKP’s increasing Foothold in Pakistan")
        #expect(page.published?.iso == "2023-08-07")
        for furniture in ["Notify of", "Inline Feedbacks", "View all comments", "cookies", "Previous", "Related", "99 persons"] {
            #expect(!page.text.contains(furniture), "\(furniture) leaked into the text")
        }
    }
}
