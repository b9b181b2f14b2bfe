import CICU
import FactxModel

/// ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday).
extension CalendarDate {
    /// The ISO week-year and week number of the day.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 4 - weekday)
        let first = CalendarDate(year: thursday.year, month: 1, day: 1)
        return (thursday.year, (thursday.dayNumber - first.dayNumber) / 7 + 1)
    }

    /// The Monday of an ISO week.
    public static func isoWeekStart(year: Int, week: Int) -> CalendarDate {
        let fourth = CalendarDate(year: year, month: 1, day: 4)
        return fourth.adding(days: 1 - fourth.weekday + 7 * (week - 1))
    }

    /// The number of ISO weeks of an ISO week-year (52 or 53).
    public static func isoWeeks(in year: Int) -> Int {
        CalendarDate(year: year, month: 12, day: 28).isoWeek.week
    }

    /// The last day of the day's month.
    var endOfMonth: CalendarDate {
        CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))
    }

    /// Easter Sunday of a year, by the Gregorian computus (the anonymous algorithm of 1876).
    public static func easter(_ year: Int) -> CalendarDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDate(year: year, month: month, day: day)
    }
}

/// The islamic-civil calendar (tabular, Friday epoch) through ICU, for Islamic holidays and written-out Hijri
/// dates (docs/dates.md §9 says why this calendar and how far it is from observance in Pakistan).
public enum IslamicCalendar {
    public static let identifier = "islamic-civil"

    /// The Gregorian day of a Hijri date.
    public static func gregorian(year: Int, month: Int, day: Int) -> CalendarDate? {
        var gYear: Int32 = 0
        var gMonth: Int32 = 0
        var gDay: Int32 = 0
        let status = factx_calendar_to_gregorian(identifier, Int32(year), Int32(month), Int32(day), &gYear, &gMonth, &gDay)
        guard status == 0, CalendarDate.isValid(year: Int(gYear), month: Int(gMonth), day: Int(gDay)) else { return nil }
        return CalendarDate(year: Int(gYear), month: Int(gMonth), day: Int(gDay))
    }

    /// The Hijri date of a Gregorian day.
    public static func hijri(_ date: CalendarDate) -> (year: Int, month: Int, day: Int)? {
        var year: Int32 = 0
        var month: Int32 = 0
        var day: Int32 = 0
        let status = factx_gregorian_to_calendar(identifier, Int32(date.year), Int32(date.month), Int32(date.day), &year, &month, &day)
        guard status == 0 else { return nil }
        return (Int(year), Int(month), Int(day))
    }

    /// The first and last Gregorian day of a Hijri month.
    public static func month(year: Int, month: Int) -> (start: CalendarDate, end: CalendarDate)? {
        let next = month == 12 ? (year + 1, 1) : (year, month + 1)
        guard let start = gregorian(year: year, month: month, day: 1),
              let following = gregorian(year: next.0, month: next.1, day: 1) else { return nil }
        return (start, following.adding(days: -1))
    }

    /// The Hijri years whose days fall in a Gregorian year (one or two).
    static func hijriYears(overlapping gregorianYear: Int) -> ClosedRange<Int>? {
        guard let first = hijri(CalendarDate(year: gregorianYear, month: 1, day: 1)),
              let last = hijri(CalendarDate(year: gregorianYear, month: 12, day: 31)) else { return nil }
        return first.year...last.year
    }
}

/// When holidays fall in a given Gregorian year.
enum HolidayCalendar {
    /// A holiday's occurrences that start in a Gregorian year, in order (an Islamic holiday can fall twice in one
    /// Gregorian year, or not at all), and whether each is a whole month.
    static func occurrences(_ holiday: DateExpression.Holiday, in year: Int) -> [(start: CalendarDate, end: CalendarDate)] {
        switch holiday {
        case .fixed(let month, let day):
            guard CalendarDate.isValid(year: year, month: month, day: day) else { return [] }
            let date = CalendarDate(year: year, month: month, day: day)
            return [(date, date)]
        case .easter(let offset):
            let date = CalendarDate.easter(year).adding(days: offset)
            return date.year == year ? [(date, date)] : []
        case .hijriDay(let month, let day):
            guard let years = IslamicCalendar.hijriYears(overlapping: year) else { return [] }
            return years.compactMap { hijriYear in
                IslamicCalendar.gregorian(year: hijriYear, month: month, day: day).map { ($0, $0) }
            }.filter { $0.0.year == year }
        case .hijriMonth(let month):
            guard let years = IslamicCalendar.hijriYears(overlapping: year) else { return [] }
            return years.compactMap { IslamicCalendar.month(year: $0, month: month) }.filter { $0.start.year == year }
        }
    }

    static func isMonth(_ holiday: DateExpression.Holiday) -> Bool {
        if case .hijriMonth = holiday { return true }
        return false
    }
}
