import FactxModel
import FactxNormalizing
import Testing

/// Holidays: Easter by the computus, Islamic dates through ICU's islamic-civil calendar, checked against an
/// independent computation of the tabular calendar and against the days Pakistan announced (docs/dates.md §9).
@Suite struct HolidayTests {
    let resolver = DateResolver()

    func holiday(_ holiday: DateExpression.Holiday, _ year: Int) -> String? {
        resolver.resolve(DateExpression(form: .holiday(holiday, year: .explicit(year))), reference: nil).timex
    }

    @Test func easterByTheComputus() {
        // Published dates of Western Easter.
        let easter = [1990: "1990-04-15", 2000: "2000-04-23", 2016: "2016-03-27", 2019: "2019-04-21", 2023: "2023-04-09", 2024: "2024-03-31", 2038: "2038-04-25"]
        for (year, day) in easter { #expect(CalendarDate.easter(year).iso == day, "\(year)") }
        #expect(holiday(.easter(offset: -2), 2023) == "2023-04-07")
    }

    /// The tabular Islamic calendar (civil epoch: Friday 16 July 622 Julian, Julian day 1948440; leap years 2, 5,
    /// 7, 10, 13, 16, 18, 21, 24, 26, 29 of each 30), computed here without ICU.
    static func tabular(year: Int, month: Int, day: Int) -> CalendarDate {
        let julianDay = day + Int((29.5 * Double(month - 1)).rounded(.up)) + (year - 1) * 354 + (3 + 11 * year) / 30 + 1948440 - 1
        return CalendarDate(dayNumber: julianDay - 2440588)
    }

    @Test func icuIslamicCivilIsTheTabularCalendar() {
        for year in 1400...1460 {
            for month in 1...12 {
                let expected = HolidayTests.tabular(year: year, month: month, day: 1)
                #expect(IslamicCalendar.gregorian(year: year, month: month, day: 1) == expected, "1/\(month)/\(year) AH")
            }
            guard let back = IslamicCalendar.hijri(HolidayTests.tabular(year: year, month: 10, day: 1)) else {
                Issue.record("no Hijri date back")
                continue
            }
            #expect(back == (year, 10, 1))
        }
    }

    @Test func islamicHolidaysMatchTheDaysPakistanAnnounced() {
        // Days on which islamic-civil and Pakistan's Ruet-e-Hilal committee agree (docs/dates.md §9).
        let agreed: [(DateExpression.Holiday, Int, String)] = [
            (.hijriDay(month: 12, day: 10), 2016, "2016-09-13"), (.hijriDay(month: 12, day: 10), 2017, "2017-09-02"),
            (.hijriDay(month: 12, day: 10), 2018, "2018-08-22"), (.hijriDay(month: 12, day: 10), 2019, "2019-08-12"),
            (.hijriDay(month: 12, day: 10), 2022, "2022-07-10"), (.hijriDay(month: 12, day: 10), 2023, "2023-06-29"),
            (.hijriDay(month: 10, day: 1), 2019, "2019-06-05"), (.hijriDay(month: 10, day: 1), 2020, "2020-05-24"),
            (.hijriDay(month: 10, day: 1), 2021, "2021-05-13"), (.hijriDay(month: 10, day: 1), 2022, "2022-05-03"),
            (.hijriDay(month: 10, day: 1), 2023, "2023-04-22"),
        ]
        for (holiday, year, day) in agreed { #expect(self.holiday(holiday, year) == day, "\(holiday) \(year)") }
        // Where it is a day early (observance follows the moon): the computed day, documented.
        #expect(holiday(.hijriDay(month: 10, day: 1), 2018) == "2018-06-15")
        #expect(holiday(.hijriDay(month: 1, day: 10), 2023) == "2023-07-28")
    }

    @Test func aHijriMonthAndTwoOccurrencesInOneYear() {
        let ramadan = resolver.resolve(DateExpression(form: .holiday(.hijriMonth(9), year: .explicit(2019))), reference: nil)
        #expect(ramadan.timex == "2019" && ramadan.start?.iso == "2019-05-06" && ramadan.end?.iso == "2019-06-04")
        #expect(ramadan.granularity == "month")
        // Eid al-Fitr fell twice in 2000: the first.
        #expect(holiday(.hijriDay(month: 10, day: 1), 2000) == "2000-01-08")
        // A written-out Hijri date.
        let ashura = resolver.resolve(DateExpression(form: .hijriDate(month: 1, day: 10, hijriYear: 1445)), reference: nil)
        #expect(ashura.timex == "2023-07-28")
    }

    @Test func yearlessHolidaysFollowTheTense() {
        let reference = CalendarDate(year: 2023, month: 8, day: 7)
        func around(_ holiday: DateExpression.Holiday, tense: Int) -> String? {
            resolver.resolve(DateExpression(form: .holiday(holiday, year: .none), tense: tense), reference: reference).timex
        }
        #expect(around(.fixed(month: 12, day: 25), tense: -1) == "2022-12-25")
        #expect(around(.fixed(month: 8, day: 14), tense: 1) == "2023-08-14")
        #expect(around(.hijriMonth(9), tense: -1) == "2023")
        #expect(around(.hijriDay(month: 12, day: 10), tense: 1) == "2024-06-17")
        let christmas = resolver.resolve(DateExpression(form: .holiday(.fixed(month: 12, day: 25), year: .none)), reference: nil)
        #expect(christmas.timex == "XXXX-12-25" && christmas.start == nil)
        let eid = resolver.resolve(DateExpression(form: .holiday(.hijriDay(month: 10, day: 1), year: .none)), reference: nil)
        #expect(eid.timex == nil && eid.granularity == "day")
    }
}
