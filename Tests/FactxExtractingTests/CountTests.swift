import FactxExtracting
import FactxModel
import FactxPatterns
import FactxSegmenting
import FactxTestSupport
import Testing

/// Count phrases as docs/casualties.md §3–§6 reads them.
@Suite struct CountPhraseTests {
    let reader = NumberReader(patterns: Repository.patterns)

    @Test(arguments: [
        ("several dozen", NumberReader.Reading.vague(36)), ("a few hundred", .vague(200)), ("tens of thousands", .vague(10_000)),
        ("hundreds of thousands", .vague(100_000)), ("many", .vague(2)), ("a handful", .vague(2)), ("scores", .vague(20)),
        ("half a dozen", .exact(6)), ("a hundred and five", .exact(105)), ("a couple of", .approximate(2)),
        ("another", .exact(1)), ("a", .exact(1)),
    ])
    func readsNumberPhrasesAndVagueQuantities(_ text: String, _ expected: NumberReader.Reading) {
        #expect(reader.read(text) == expected)
    }

    @Test(arguments: [
        ("54", Int?(54), Int?(54), CountQualifier.exact), ("at least 54", 54, nil, .atLeast), ("no fewer than 30", 30, nil, .atLeast),
        ("Over seventy-two", 73, nil, .moreThan), ("more than a dozen", 13, nil, .moreThan), ("over a hundred", 101, nil, .moreThan),
        ("nearly 50", nil, 50, .upTo), ("nearly two dozen", nil, 24, .upTo), ("fewer than 10", nil, 9, .upTo),
        ("just under 40", nil, 39, .upTo), ("about a dozen", 12, 12, .about), ("some 40", 40, 40, .about),
        ("an estimated 150", 150, 150, .about), ("a couple of", 2, 2, .about), ("Twenty or so", 20, 20, .about),
        ("40+", 40, nil, .atLeast), ("100-plus", 100, nil, .atLeast), ("50-odd", 50, nil, .atLeast),
        ("20 or more", 20, nil, .atLeast), ("a dozen or more", 12, nil, .atLeast),
    ])
    func readsQualifiers(_ text: String, _ min: Int?, _ max: Int?, _ qualifier: CountQualifier) {
        #expect(reader.count(text) == CountValue(min: min, max: max, qualifier: qualifier))
    }

    @Test(arguments: [
        ("20-25", 20, 25), ("35–43", 35, 43), ("15 to 18", 15, 18), ("between 20 and 25", 20, 25), ("Two or three", 2, 3),
        ("some 35–43", 35, 43), ("at least 64 to 101", 64, 101),
    ])
    func aRangeBeatsAQualifier(_ text: String, _ min: Int, _ max: Int) {
        #expect(reader.count(text) == CountValue(min: min, max: max, qualifier: .range))
    }

    @Test func vagueQuantitiesStayVagueWhateverQualifiesThem() {
        #expect(reader.count("at least dozens") == CountValue(min: 12, max: nil, qualifier: .vague))
        #expect(reader.count("dozens") == CountValue(min: 12, max: nil, qualifier: .vague))
    }

    @Test func zeroWordsCountNobody() {
        for text in ["no one", "No-one", "nobody", "none", "no"] {
            #expect(reader.count(text) == CountValue(min: 0, max: 0, qualifier: .exact), "\(text)")
        }
    }

    @Test func wordsAroundTheNumberDoNotChangeIt() {
        #expect(reader.count("all 9") == CountValue(min: 9, max: 9, qualifier: .exact))
        #expect(reader.count("another three") == CountValue(min: 3, max: 3, qualifier: .exact))
        #expect(reader.count("an additional 20") == CountValue(min: 20, max: 20, qualifier: .exact))
        #expect(reader.count("seventy-two") == CountValue(min: 72, max: 72, qualifier: .exact), "a hyphenated number is no range")
    }
}

/// Casualty facts whose meaning depends on the words around the count (docs/casualties.md §7, §9, §10).
@Suite struct CasualtyReadingTests {
    func casualties(_ text: String) -> [JSONValue] {
        facts(in: text, reference: CalendarDate(year: 2023, month: 8, day: 1), type: .casualty).map(\.value.json)
    }

    @Test(arguments: [
        "The militants vowed to kill 100 soldiers.", "Officials said the bomb could have killed hundreds.",
        "Up to 30 people may have been killed.", "Police denied reports that 20 people were killed.",
        "How many people were killed in the attack remains unclear.", "Were 20 people killed?",
    ])
    func hypotheticalAndTakenBackCountsGiveNothing(_ text: String) {
        #expect(casualties(text).isEmpty)
    }

    @Test func aClaimToHaveKilledIsAFact() {
        #expect(casualties("The Taliban claimed to have killed 50 soldiers.").first?["min"] == 50)
    }

    @Test func attackersAreMarkedAndArmedVictimsAreNot() {
        #expect(casualties("Security forces killed 10 TTP militants.").first?["perpetrators"] == true)
        #expect(casualties("ISKP gunmen killed six Taliban fighters.").first?["perpetrators"] == false)
        let bus = casualties("A bomb went off on a bus, killing four people, including the bomber, and injuring 15 others.")
        #expect(bus.map { $0["includes_perpetrators"] } == [true, false])
        #expect(casualties("Officials said 54 people were killed, not counting the bomber.").first?["includes_perpetrators"] == false)
    }

    @Test func theLongestReadingOfACountWins() {
        // "three policemen were killed" is inside the range, "one was killed" inside "No one".
        #expect(casualties("Two or three policemen were killed.").map { $0["min"] } == [2])
        #expect(casualties("No one was killed.").map { $0["min"] } == [0])
    }

    @Test func aSharedStatusGivesOneFactPerCount() {
        let found = facts(in: "Ten police officers and four civilians die in the blast.", type: .casualty)
        #expect(found.map(\.text) == ["Ten police officers and four civilians die", "four civilians die"])
        #expect(found.map { $0.value.json["min"] } == [10, 4])
    }
}

/// Rules run only around their anchor words.
@Suite struct AnchoredRuleTests {
    @Test func aRuleRunsOnlyInTheSentencesOfItsAnchors() {
        let text = "Twelve people were killed in Quetta. Twelve people attended the rally. Five were wounded."
        let document = Segmenter().segment(Document(id: "t", text: text, reader: "test"))
        let found = CasualtyExtractor(patterns: Repository.patterns).extract(ExtractionContext(document: document))
        #expect(found.map { document.text($0.range) } == ["Twelve people were killed", "Five were wounded"])
    }
}
