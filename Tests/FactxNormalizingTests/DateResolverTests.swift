import FactxModel
import FactxNormalizing
import FactxTestSupport
import Testing

/// The arithmetic of docs/dates.md, one rule at a time, on expressions built by hand (the corpora test the same
/// through the whole pipeline).
@Suite struct DateResolverTests {
    let resolver = DateResolver()
    /// Monday 7 August 2023, the sample article's reference date.
    let monday = CalendarDate(year: 2023, month: 8, day: 7)

    func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    func resolve(
        _ form: DateExpression.Form, part: String? = nil, relation: String? = nil, tense: Int = -1,
        reference: CalendarDate?
    ) -> DateValue {
        resolver.resolve(DateExpression(form: form, part: part, relation: relation, tense: tense), reference: reference)
    }

    func interval(_ value: DateValue) -> String {
        "\(value.timex ?? "nil") \(value.start?.iso ?? "nil")..\(value.end?.iso ?? "nil")"
    }

    @Test func calendarUnitsAndTheirIntervals() {
        #expect(interval(resolve(.calendar(.day(month: 7, day: 30), year: .explicit(2023)), reference: nil)) == "2023-07-30 2023-07-30..2023-07-30")
        #expect(interval(resolve(.calendar(.month(2), year: .explicit(2024)), reference: nil)) == "2024-02 2024-02-01..2024-02-29")
        #expect(interval(resolve(.calendar(.quarter(3), year: .explicit(2022)), reference: nil)) == "2022-Q3 2022-07-01..2022-09-30")
        #expect(interval(resolve(.calendar(.half(2), year: .explicit(2021)), reference: nil)) == "2021-H2 2021-07-01..2021-12-31")
        #expect(interval(resolve(.calendar(.season("WI"), year: .explicit(2023)), reference: nil)) == "2023-WI 2023-12-01..2024-02-29")
        #expect(interval(resolve(.calendar(.week(11), year: .explicit(2013)), reference: nil)) == "2013-W11 2013-03-11..2013-03-17")
        #expect(interval(resolve(.decade(.explicit(1990)), reference: nil)) == "199 1990-01-01..1999-12-31")
        #expect(interval(resolve(.century(1800), reference: nil)) == "18 1800-01-01..1899-12-31")
        #expect(interval(resolve(.fiscalYear(.explicit(2023), startMonth: 7), reference: nil)) == "FY2023 2022-07-01..2023-06-30")
        #expect(interval(resolve(.fiscalYear(.explicit(2021), startMonth: 10), reference: nil)) == "FY2021 2020-10-01..2021-09-30")
        #expect(interval(resolve(.fiscalYear(.explicit(2021), startMonth: 1), reference: nil)) == "FY2021 2021-01-01..2021-12-31")
        // A week 53 only some years have; 29 February only in leap years.
        #expect(resolve(.calendar(.week(53), year: .explicit(2021)), reference: nil).timex == nil)
        #expect(resolve(.calendar(.week(53), year: .explicit(2020)), reference: nil).timex == "2020-W53")
        #expect(resolve(.calendar(.day(month: 2, day: 29), year: .explicit(2023)), reference: nil).timex == nil)
    }

    @Test func partsOfEachUnit() {
        func part(_ form: DateExpression.Form, _ part: String) -> String {
            interval(resolve(form, part: part, reference: nil))
        }
        let year = DateExpression.Form.calendar(.year, year: .explicit(2019))
        #expect(part(year, "START") == "2019 2019-01-01..2019-04-30")
        #expect(part(year, "MID") == "2019 2019-05-01..2019-08-31")
        #expect(part(year, "END") == "2019 2019-09-01..2019-12-31")
        #expect(part(.calendar(.half(1), year: .explicit(2022)), "END") == "2022-H1 2022-05-01..2022-06-30")
        #expect(part(.calendar(.quarter(2), year: .explicit(2021)), "START") == "2021-Q2 2021-04-01..2021-04-30")
        #expect(part(.calendar(.season("SU"), year: .explicit(2022)), "END") == "2022-SU 2022-08-01..2022-08-31")
        #expect(part(.calendar(.month(2), year: .explicit(2024)), "END") == "2024-02 2024-02-21..2024-02-29")
        #expect(part(.calendar(.month(7), year: .explicit(2023)), "MID") == "2023-07 2023-07-11..2023-07-20")
        #expect(part(.calendar(.week(31), year: .explicit(2023)), "START") == "2023-W31 2023-07-31..2023-08-01")
        #expect(part(.calendar(.week(33), year: .explicit(2023)), "END") == "2023-W33 2023-08-18..2023-08-20")
        #expect(part(.decade(.explicit(1990)), "MID") == "199 1994-01-01..1996-12-31")
        #expect(part(.century(1900), "START") == "19 1900-01-01..1933-12-31")
        #expect(part(.calendar(.day(month: 8, day: 7), year: .explicit(2023)), "START") == "2023-08-07 2023-08-07..2023-08-07")
        #expect(part(.fiscalYear(.explicit(2023), startMonth: 7), "END") == "FY2023 2023-03-01..2023-06-30")
    }

    @Test func relationsOpenOrCloseTheInterval() {
        let year2018 = DateExpression.Form.calendar(.year, year: .explicit(2018))
        #expect(interval(resolve(year2018, relation: "BEFORE", reference: monday)) == "2018 nil..2017-12-31")
        #expect(interval(resolve(year2018, relation: "AFTER", reference: monday)) == "2018 2019-01-01..2023-08-07")
        #expect(interval(resolve(year2018, relation: "AFTER", reference: nil)) == "2018 2019-01-01..nil")
        #expect(interval(resolve(year2018, relation: "ON_OR_AFTER", reference: monday)) == "2018 2018-01-01..2023-08-07")
        #expect(interval(resolve(year2018, relation: "ON_OR_BEFORE", reference: monday)) == "2018 nil..2018-12-31")
        #expect(interval(resolve(year2018, relation: "APPROX", reference: monday)) == "2018 2018-01-01..2018-12-31")
        // A relation over a part: "since late 2019", "before the end of 2015".
        let value = resolve(.calendar(.year, year: .explicit(2019)), part: "END", relation: "ON_OR_AFTER", reference: monday)
        #expect(interval(value) == "2019 2019-09-01..2023-08-07" && value.mod == "ON_OR_AFTER")
        #expect(interval(resolve(.calendar(.year, year: .explicit(2015)), part: "END", relation: "BEFORE", reference: monday))
            == "2015 nil..2015-08-31")
        // The interval starts after the reference date: the open end stays open.
        #expect(interval(resolve(.calendar(.year, year: .explicit(2025)), relation: "AFTER", reference: monday)) == "2025 2026-01-01..nil")
    }

    @Test func yearlessDatesFollowTheTense() {
        let january = date("1990-01-03")
        let december30 = DateExpression.Form.calendar(.day(month: 12, day: 30), year: .none)
        #expect(resolve(december30, tense: -1, reference: january).timex == "1989-12-30")
        #expect(resolve(december30, tense: 1, reference: january).timex == "1990-12-30")
        // The occurrence on the reference date counts both ways; a month holding it too.
        let august7 = DateExpression.Form.calendar(.day(month: 8, day: 7), year: .none)
        #expect(resolve(august7, tense: -1, reference: monday).timex == "2023-08-07")
        #expect(resolve(august7, tense: 1, reference: monday).timex == "2023-08-07")
        #expect(resolve(.calendar(.month(8), year: .none), tense: 1, reference: monday).timex == "2023-08")
        #expect(resolve(.calendar(.day(month: 8, day: 5), year: .none), tense: 1, reference: monday).timex == "2024-08-05")
        // 29 February looks back to the last leap year.
        #expect(resolve(.calendar(.day(month: 2, day: 29), year: .none), reference: monday).timex == "2020-02-29")
        #expect(resolve(.calendar(.season("SP"), year: .none), tense: 1, reference: monday).timex == "2024-SP")
        // Without a reference date: TIMEX3 placeholders, no interval.
        #expect(interval(resolve(december30, reference: nil)) == "XXXX-12-30 nil..nil")
        #expect(interval(resolve(.calendar(.season("SU"), year: .none), reference: nil)) == "XXXX-SU nil..nil")
    }

    @Test func twoDigitYearsUseAWindowAroundTheReference() {
        func year(_ digits: Int, _ reference: String?) -> String? {
            resolve(.calendar(.year, year: .twoDigit(digits)), reference: reference.map(date)).timex
        }
        #expect(year(90, "1990-01-03") == "1990")
        #expect(year(0, "1990-01-03") == "2000")
        #expect(year(1, "1990-01-03") == "1901")
        #expect(year(33, "2023-08-07") == "2033")
        #expect(year(34, "2023-08-07") == "1934")
        #expect(year(49, nil) == "2049")
        #expect(year(50, nil) == "1950")
        #expect(resolve(.decade(.twoDigit(80)), reference: monday).timex == "198")
    }

    @Test func weekdaysAndWeeks() {
        func day(_ weekday: Int, step: Int?, tense: Int = -1, _ reference: CalendarDate) -> String? {
            resolve(.weekday(weekday, step: step), tense: tense, reference: reference).timex
        }
        #expect(day(7, step: nil, monday) == "2023-08-06")
        #expect(day(1, step: nil, monday) == "2023-08-07")
        #expect(day(3, step: nil, tense: 1, monday) == "2023-08-09")
        #expect(day(1, step: nil, tense: 1, monday) == "2023-08-07")
        #expect(day(2, step: -1, monday) == "2023-08-01")
        #expect(day(1, step: -1, monday) == "2023-07-31")
        #expect(day(2, step: 1, monday) == "2023-08-08")
        #expect(day(5, step: 0, monday) == "2023-08-11")
        #expect(day(7, step: nil, date("1990-01-03")) == "1989-12-31")
        #expect(resolve(.weekday(7, step: nil), reference: nil).timex == "XXXX-WXX-7")
        #expect(resolve(.weekday(7, step: -1), reference: nil).timex == nil)
        // ISO weeks across year ends.
        #expect(resolve(.relativeUnit("week", step: -1), reference: date("2021-01-04")).timex == "2020-W53")
        #expect(resolve(.relativeUnit("week", step: 0), reference: date("2019-12-31")).timex == "2020-W01")
        #expect(resolve(.relativeUnit("week", step: 0), reference: date("2021-01-01")).timex == "2020-W53")
        // Weekends.
        #expect(interval(resolve(.relativeUnit("weekend", step: -1), reference: monday)) == "2023-W31-WE 2023-08-05..2023-08-06")
        #expect(interval(resolve(.relativeUnit("weekend", step: nil), tense: 1, reference: monday)) == "2023-W32-WE 2023-08-12..2023-08-13")
        #expect(resolve(.relativeUnit("weekend", step: -1), reference: date("2023-08-06")).timex == "2023-W30-WE")
    }

    @Test func deicticUnitsAndAgo() {
        #expect(resolve(.relativeDay(-1), reference: date("2024-03-01")).timex == "2024-02-29")
        #expect(resolve(.relativeUnit("month", step: -1), reference: date("1990-01-03")).timex == "1989-12")
        #expect(resolve(.relativeUnit("quarter", step: -1), reference: monday).timex == "2023-Q2")
        #expect(resolve(.relativeUnit("quarter", step: -1), reference: date("2023-02-01")).timex == "2022-Q4")
        #expect(resolve(.relativeUnit("year", step: 1), reference: monday).timex == "2024")
        #expect(resolve(.ago(unit: "D", amount: 2), reference: monday).timex == "2023-08-05")
        #expect(resolve(.ago(unit: "W", amount: 3), reference: monday).timex == "2023-W29")
        #expect(resolve(.ago(unit: "M", amount: 1), reference: date("2024-03-31")).timex == "2024-02")
        #expect(resolve(.ago(unit: "Y", amount: 10), reference: monday).timex == "2013")
        #expect(resolve(.ago(unit: "D", amount: nil), reference: monday).timex == "PAST_REF")
        let unresolved = resolve(.relativeDay(0), reference: nil)
        #expect(unresolved.timex == nil && unresolved.granularity == "day")
    }

    @Test func durationsAnchoredAtTheReference() {
        func duration(_ unit: String, _ amount: Int?, anchor: Int, _ reference: CalendarDate) -> String {
            interval(resolve(.duration(unit: unit, amount: amount, anchor: anchor), reference: reference))
        }
        #expect(duration("Y", 3, anchor: -1, monday) == "P3Y 2020-08-08..2023-08-07")
        #expect(duration("H", 24, anchor: -1, monday) == "PT24H 2023-08-06..2023-08-07")
        #expect(duration("H", 48, anchor: -1, monday) == "PT48H 2023-08-05..2023-08-07")
        #expect(duration("W", 1, anchor: -1, monday) == "P1W 2023-08-01..2023-08-07")
        #expect(duration("Y", 1, anchor: -1, date("2024-02-29")) == "P1Y 2023-03-01..2024-02-29")
        #expect(duration("M", 3, anchor: -1, date("2023-05-31")) == "P3M 2023-03-01..2023-05-31")
        #expect(duration("Y", nil, anchor: -1, monday) == "PXY nil..2023-08-07")
        #expect(duration("Y", 2, anchor: 1, monday) == "P2Y 2023-08-07..2025-08-06")
        #expect(duration("D", 90, anchor: 1, monday) == "P90D 2023-08-07..2023-11-04")
        #expect(duration("Y", 3, anchor: 0, monday) == "P3Y nil..nil")
        #expect(interval(resolve(.duration(unit: "Y", amount: 3, anchor: -1), reference: nil)) == "P3Y nil..nil")
    }

    @Test func unitsUpToOrFromTheReference() {
        #expect(interval(resolve(.toDate(unit: "year", year: .explicit(2023), clipEnd: true), reference: monday)) == "2023 2023-01-01..2023-08-07")
        #expect(interval(resolve(.toDate(unit: "year", year: .explicit(2019), clipEnd: true), reference: monday)) == "2019 2019-01-01..2019-12-31")
        #expect(interval(resolve(.toDate(unit: "year", year: .explicit(2023), clipEnd: true), reference: nil)) == "2023 2023-01-01..nil")
        #expect(interval(resolve(.toDate(unit: "year", year: .relative(0), clipEnd: false), reference: monday)) == "2023 2023-08-07..2023-12-31")
        #expect(interval(resolve(.toDate(unit: "month", year: .relative(0), clipEnd: true), reference: monday)) == "2023-08 2023-08-01..2023-08-07")
        #expect(resolve(.toDate(unit: "year", year: .relative(0), clipEnd: true), reference: nil).timex == nil)
    }

    @Test func vagueReferences() {
        #expect(interval(resolve(.vague("PRESENT_REF"), reference: monday)) == "PRESENT_REF 2023-08-07..2023-08-07")
        #expect(interval(resolve(.vague("PRESENT_REF"), reference: nil)) == "PRESENT_REF nil..nil")
        #expect(interval(resolve(.vague("FUTURE_REF"), reference: monday)) == "FUTURE_REF nil..nil")
    }
}

/// Anaphors ("the next day", "that year") resolve against the date before them, through the whole pipeline.
@Suite struct DateAnaphoraTests {
    func values(_ text: String, reference: CalendarDate? = nil) -> [String: String] {
        var result: [String: String] = [:]
        for fact in facts(in: text, reference: reference, type: .date) {
            if case .date(let value) = fact.value { result[fact.text] = value.timex ?? "nil" }
        }
        return result
    }

    @Test func anAnaphorTakesTheNearestDateOfItsUnit() {
        let found = values("Talks opened in May 2019. On 12 June 2019 they broke down. The next day, ISKP struck. The following month, talks resumed.")
        #expect(found["The next day"] == "2019-06-13")
        #expect(found["The following month"] == "2019-07")
    }

    @Test func aDayAnaphorSkipsDatesThatAreNoDay() {
        let found = values("The bomber struck on 3 March 2021. Attacks have risen since 2018. The next day, police sealed the city.")
        #expect(found["The next day"] == "2021-03-04")
    }

    @Test func noDateBeforeOrTooFarBackLeavesItUnresolved() {
        #expect(values("The suspect died the next day.", reference: CalendarDate(year: 2023, month: 8, day: 7))["the next day"] == "nil")
        let far = values("It began on 3 March 2021.\n\nPolice came.\n\nNobody spoke.\n\nThe next day, troops arrived.")
        #expect(far["The next day"] == "nil")
        let near = values("It began on 3 March 2021.\n\nThe next day, troops arrived.")
        #expect(near["The next day"] == "2021-03-04")
    }
}
