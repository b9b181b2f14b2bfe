import FactxModel
import FactxNormalizing
import FactxTestSupport
import Testing

@Suite struct DateResolverTests {
    let resolver = DateResolver()
    let reference = CalendarDate(year: 2023, month: 8, day: 7)

    @Test func calendarDatesAndTheirIntervals() {
        let day = resolver.resolve(DateExpression(form: .calendar(year: 2023, month: 7, day: 30)), reference: nil)
        #expect(day == DateValue(timex: "2023-07-30", start: .init(year: 2023, month: 7, day: 30), end: .init(year: 2023, month: 7, day: 30), granularity: "day"))
        let month = resolver.resolve(DateExpression(form: .calendar(year: 2024, month: 2, day: nil)), reference: nil)
        #expect(month.timex == "2024-02" && month.end?.iso == "2024-02-29")
        let late = resolver.resolve(DateExpression(form: .calendar(year: 2019, month: nil, day: nil), mod: "END"), reference: nil)
        #expect(late.timex == "2019" && late.mod == "END" && late.start?.iso == "2019-09-01" && late.end?.iso == "2019-12-31")
    }

    @Test func yearlessDatesFollowTheReferenceAndTheTense() {
        let january = CalendarDate(year: 1990, month: 1, day: 3)
        let past = resolver.resolve(DateExpression(form: .calendar(year: nil, month: 12, day: 30), tense: -1), reference: january)
        #expect(past.timex == "1989-12-30")
        let unresolved = resolver.resolve(DateExpression(form: .calendar(year: nil, month: 12, day: 30)), reference: nil)
        #expect(unresolved.timex == nil && unresolved.start == nil)
    }

    @Test func spansCountedBackFromTheReference() {
        let past = resolver.resolve(DateExpression(form: .past(unit: "Y", amount: 3)), reference: reference)
        #expect(past.timex == "P3Y" && past.start?.iso == "2020-08-08" && past.end?.iso == "2023-08-07")
        let soFar = resolver.resolve(DateExpression(form: .yearToDate(year: 2023)), reference: reference)
        #expect(soFar.start?.iso == "2023-01-01" && soFar.end?.iso == "2023-08-07")
        let noReference = resolver.resolve(DateExpression(form: .past(unit: "Y", amount: 3)), reference: nil)
        #expect(noReference.timex == "P3Y" && noReference.start == nil)
    }
}

@Suite struct NameNormalizationTests {
    @Test func aPlaceInsideAGroupNameIsNoPlace() {
        let found = facts(in: "The Tehreek-e-Taliban Pakistan and the Islamic State of Iraq and the Levant met in Pakistan.")
        #expect(found.filter { $0.type == .group }.map(\.text) == ["Tehreek-e-Taliban Pakistan", "Islamic State of Iraq and the Levant"])
        #expect(found.filter { $0.type == .place }.map(\.text) == ["Pakistan"])
    }

    @Test func spellingsLandOnOneGroup() {
        let found = facts(in: "ISKP, ISK-P and the Islamic State in Khorasan Province are one group; ISPP is another.", type: .group)
        guard case .group(let first) = found.first?.value else {
            Issue.record("no group found")
            return
        }
        let ids = found.compactMap { fact -> String? in if case .group(let group) = fact.value { group.id } else { nil } }
        #expect(ids == [first.id, first.id, first.id, "ispp"])
    }

    @Test func definitionsThatContradictTheTablesAreReported() {
        let text = "In the coming years, the Tehreek-e-Taliban Pakistan (TSKP) may grow. The Islamic State of Iraq and the Levant (ISKP) reemerged."
        let document = Document(id: "d", text: text, reader: "test")
        let result = Repository.pipeline.process(document)
        #expect(result.warnings.map(\.code) == ["definition.contradicts", "definition.contradicts"])
        #expect(result.warnings[0].message.contains("TSKP") && result.warnings[1].message.contains("Islamic State of Iraq"))
        // The canonical readings stand.
        let groups = result.facts.filter { $0.type == .group }.map { ($0.text, $0.value.json["id"]?.stringValue ?? "") }
        #expect(groups.contains { $0 == ("ISKP", "iskp") })
        #expect(groups.contains { $0 == ("Tehreek-e-Taliban Pakistan", "ttp") })
        #expect(!groups.contains { $0.0 == "TSKP" })
    }

    @Test func aValidDefinitionAddsADocumentLocalAlias() {
        let found = facts(in: "A convention of the Jamiat Ullema Islam-Fazl (JUI-F) was attacked. Jamiat Ullema Islam-Fazl leaders fled.", type: .group)
        #expect(found.map(\.text) == ["Jamiat Ullema Islam-Fazl", "JUI-F", "Jamiat Ullema Islam-Fazl"])
        #expect(found.map(\.rule) == ["definition", "alias-table", "definition"])
    }
}
