import FactxExtracting
import FactxModel
import FactxPipeline
import FactxTestSupport
import Testing

/// The reference date (publication date, dateline, option) and the options of the date tagger, end to end.
@Suite struct DatelineTests {
    func process(_ text: String, published: CalendarDate? = nil, option: CalendarDate? = nil) -> DocumentResult {
        let pipeline = Pipeline(patterns: Repository.patterns, options: PipelineOptions(referenceDate: option))
        return pipeline.process(Document(id: "d", published: published, publishedSource: published == nil ? nil : "test", text: text, reader: "txt"))
    }

    func timex(_ result: DocumentResult, _ text: String) -> String? {
        guard let fact = result.facts.first(where: { $0.type == .date && $0.text == text }),
              case .date(let value) = fact.value else { return "missing" }
        return value.timex
    }

    @Test func aFullDatelineIsTheReferenceDate() {
        let result = process("SAN SALVADOR, 3 JAN 90 -- [TEXT] Guerrillas attacked a power station on 30 December.")
        #expect(result.reference?.iso == "1990-01-03" && result.referenceSource == "dateline")
        #expect(timex(result, "30 December") == "1989-12-30")
        #expect(result.facts.first { $0.text == "3 JAN 90" }?.rule == "date.dateline.wire")
    }

    @Test func aYearlessDatelineTakesTheYearOfTheOption() {
        let text = "PESHAWAR, Feb. 1 — The death toll from Monday’s suicide bombing rose to 101 on Wednesday."
        let withOption = process(text, option: CalendarDate(year: 2023, month: 3, day: 15))
        #expect(withOption.reference?.iso == "2023-02-01" && withOption.referenceSource == "dateline")
        #expect(timex(withOption, "Monday") == "2023-01-30")
        let alone = process(text)
        #expect(alone.reference == nil && alone.referenceSource == nil)
        #expect(timex(alone, "Feb. 1") == "XXXX-02-01")
    }

    @Test func thePublicationDateComesFirst() {
        let result = process("ISLAMABAD, July 30 (Reuters) - A suicide bomber struck on Sunday.", published: CalendarDate(year: 2023, month: 7, day: 31))
        #expect(result.reference?.iso == "2023-07-31" && result.referenceSource == "published:test")
        #expect(timex(result, "July 30") == "2023-07-30")
        #expect(timex(result, "Sunday") == "2023-07-30")
    }

    @Test func aDateLineUnderTheTitle() {
        let result = process("The group behind the Daraban attack\n\n13 December 2023\n\nTwenty-three soldiers were killed yesterday.")
        #expect(result.reference?.iso == "2023-12-13" && result.referenceSource == "dateline")
        #expect(timex(result, "yesterday") == "2023-12-12")
    }

    @Test func aDateInTheFirstSentenceIsNoDateline() {
        let result = process("On 30 December 1989 guerrillas attacked a power station. The next day, troops arrived.")
        #expect(result.reference == nil)
        #expect(timex(result, "The next day") == "1989-12-31")
    }
}

@Suite struct DateOptionTests {
    func timex(_ text: String, _ options: [String: String] = [:]) -> [String] {
        let selfTest = PatternSelfTest(pipeline: Repository.pipeline)
        return selfTest.facts(text, reference: CalendarDate(year: 2023, month: 8, day: 7), options: options).compactMap { fact in
            if case .date(let value) = fact.value { return value.timex } else { return nil }
        }
    }

    @Test func numericDatesFollowTheDateOrderUnlessTheNumbersDecide() {
        #expect(timex("It happened on 05/06/2023.") == ["2023-06-05"])
        #expect(timex("It happened on 05/06/2023.", ["date_order": "mdy"]) == ["2023-05-06"])
        #expect(timex("It happened on 13/05/2023.", ["date_order": "mdy"]) == ["2023-05-13"])
        #expect(timex("It happened on 07/30/2023.") == ["2023-07-30"])
        #expect(timex("It happened on 31/02/2023.").isEmpty)
        #expect(timex("It happened on 9/11.").isEmpty)
    }

    @Test func optionsAreReadFromCases() {
        let options = ExtractionOptions(["date_order": "mdy", "fiscal_year_start": "10"])
        #expect(options.dateOrder == "mdy" && options.fiscalYearStart == 10)
        #expect(ExtractionOptions(["fiscal_year_start": "13"]).fiscalYearStart == 7)
        #expect(timex("Funds were cut in fiscal 2021.", ["fiscal_year_start": "10"]) == ["FY2021"])
    }

    @Test func everyDateRuleDeclaresWhatItNeeds() {
        #expect(DateExtractor(patterns: Repository.patterns).ruleProblems == [])
    }
}
