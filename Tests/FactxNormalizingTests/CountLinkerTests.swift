import FactxModel
@testable import FactxNormalizing
import FactxTestSupport
import Testing

/// Attack counts linked to the group, place and period of their sentence, and aggregates (docs/casualties.md §10,
/// §13). Place ids come from the place fact of the sentence, never from a fixed id.
@Suite struct CountLinkerTests {
    let reference = CalendarDate(year: 2023, month: 8, day: 1)

    func counts(_ text: String) -> [(text: String, value: JSONValue, place: String?)] {
        let found = facts(in: text, reference: reference)
        return found.filter { $0.type == .attackCount }.map { fact in
            let place = fact.value.json["place_text"]?.stringValue.flatMap { written in
                found.first { $0.type == .place && $0.text == written }?.value.json["id"]?.stringValue
            }
            return (fact.text, fact.value.json, place)
        }
    }

    @Test func theSampleArticlesThreeStatements() {
        let claimed = counts("ISPP claimed 68 assaults between 2019 and 2022.")
        #expect(claimed.map(\.text) == ["68 assaults"])
        #expect(claimed.first?.value["group"] == "ispp")
        #expect(claimed.first?.value["period"] == .object([
            "timex": "P4Y", "start": "2019-01-01", "end": "2022-12-31", "granularity": "duration", "mod": .null,
        ]))
        let rose = counts("The number of assaults in KP rose from seven in 2019 (while ISPP was still active there) to forty-seven in 2022.")
        #expect(rose.map(\.text) == ["seven", "forty-seven"])
        for count in rose {
            #expect(count.value["group"] == .null)
            #expect(count.value["place_text"] == "KP")
            #expect(count.value["place"]?.stringValue == count.place && count.place != nil)
        }
        #expect(rose.map { $0.value["period"]?["timex"] } == ["2019", "2022"])
        let soFar = counts("ISKP has claimed 17 attacks so far in 2023.")
        #expect(soFar.first?.value["group"] == "iskp")
        #expect(soFar.first?.value["period"]?["timex"] == "2023")
    }

    @Test func theAuthorIsNeverATargetNorASharedCount() {
        #expect(counts("The Afghan Taliban launched some 25 attacks on ISKP hideouts in 2021.").first?.value["group"] == "afghan-taliban")
        #expect(counts("ISKP and the TTP claimed more than 600 attacks between them in 2022.").first?.value["group"] == .null)
        #expect(counts("ISKP’s attacks in Pakistan climbed to 73 in 2022.").first?.value["group"] == "iskp")
        #expect(counts("Attacks by the TTP in Pakistan rose from 120 in 2021 to 250 in 2022.").map { $0.value["group"] } == ["ttp", "ttp"])
    }

    @Test func aBareCountInheritsFromTheCountItStandsFor() {
        let found = counts("The TTP claimed 282 attacks in Pakistan in 2022, up from 180 in 2021.")
        #expect(found.map(\.text) == ["282 attacks", "180"])
        #expect(found.map { $0.value["group"] } == ["ttp", "ttp"])
        #expect(found.map { $0.value["place_text"] } == ["Pakistan", "Pakistan"])
        #expect(found.map { $0.value["period"]?["timex"] } == ["2022", "2021"])
    }

    @Test func twoPlacesShareACountAndLinkNone() {
        let found = counts("ISKP claimed at least 13 attacks in Kabul and Quetta in 2021.")
        #expect(found.first?.value["place"] == .null && found.first?.value["place_text"] == .null)
    }

    @Test func joinedPeriodsCountInTheirEndPointsUnit() {
        func date(_ timex: String, _ start: (Int, Int, Int), _ end: (Int, Int, Int), _ granularity: String) -> DateValue {
            DateValue(timex: timex, start: CalendarDate(year: start.0, month: start.1, day: start.2),
                      end: CalendarDate(year: end.0, month: end.1, day: end.2), granularity: granularity)
        }
        let years = CountLinker.interval(date("2019", (2019, 1, 1), (2019, 12, 31), "year"), date("2022", (2022, 1, 1), (2022, 12, 31), "year"))
        #expect(years.timex == "P4Y" && years.start?.iso == "2019-01-01" && years.end?.iso == "2022-12-31")
        let months = CountLinker.interval(date("2023-01", (2023, 1, 1), (2023, 1, 31), "month"), date("2023-06", (2023, 6, 1), (2023, 6, 30), "month"))
        #expect(months.timex == "P6M" && months.granularity == "duration")
    }

    @Test func cumulativeTotalsAreAggregates() {
        func aggregate(_ text: String) -> JSONValue? {
            facts(in: text, reference: reference, type: .casualty).first?.value.json["aggregate"]
        }
        #expect(aggregate("Terrorism has killed more than 80,000 Pakistanis since 2001.") == true)
        #expect(aggregate("Militant attacks killed 243 people in Khyber Pakhtunkhwa in 2022.") == true)
        #expect(aggregate("The insurgency has left tens of thousands dead.") == true)
        #expect(aggregate("Two blasts on Monday, July 31, 2023 killed 30 people in Quetta.") == false)
        #expect(aggregate("In August 2016, a suicide attack on a hospital in Quetta killed 72 people.") == false)
        #expect(aggregate("It was the deadliest since October 2017, when a truck bomb killed more than 500 people.") == false)
        #expect(aggregate("The death toll has since risen to at least 54.") == false)
    }
}
