import FactxModel

/// Turns a date expression into a TIMEX3 value and the interval of days it covers, against the document's
/// reference date (never the clock). See docs/dates.md for the conventions.
public struct DateResolver: Sendable {
    public init() {}

    public func resolve(_ expression: DateExpression, reference: CalendarDate?) -> DateValue {
        var value = base(expression, reference: reference)
        if let mod = expression.mod { value = DateResolver.apply(mod: mod, to: value, reference: reference) }
        return value
    }

    func base(_ expression: DateExpression, reference: CalendarDate?) -> DateValue {
        switch expression.form {
        case .calendar(let year, let month, let day):
            guard let year = year ?? yearByTense(month: month, day: day, tense: expression.tense, reference: reference) else {
                // Without a reference date a year-less date stays unresolved: never guessed from the clock.
                return DateValue(timex: nil, start: nil, end: nil, granularity: day != nil ? "day" : "month")
            }
            return DateResolver.calendar(year: year, month: month, day: day)
        case .decade(let first):
            return DateValue(
                timex: String(first / 10), start: CalendarDate(year: first, month: 1, day: 1),
                end: CalendarDate(year: first + 9, month: 12, day: 31), granularity: "decade")
        case .past(let unit, let amount):
            let timex = unit == "H" ? "PT\(amount)H" : "P\(amount)\(unit)"
            guard let reference else { return DateValue(timex: timex, start: nil, end: nil, granularity: "duration") }
            let start: CalendarDate
            switch unit {
            case "Y": start = reference.adding(years: -amount).adding(days: 1)
            case "M": start = reference.adding(months: -amount).adding(days: 1)
            case "W": start = reference.adding(days: -7 * amount + 1)
            case "H": start = reference.adding(days: -(amount + 23) / 24 + 1)
            default: start = reference.adding(days: -amount + 1)
            }
            return DateValue(timex: timex, start: start, end: reference, granularity: "duration")
        case .yearToDate(let year):
            guard let year = year ?? reference?.year else {
                return DateValue(timex: nil, start: nil, end: nil, granularity: "year")
            }
            let end = reference.flatMap { $0.year == year ? $0 : nil } ?? CalendarDate(year: year, month: 12, day: 31)
            return DateValue(
                timex: String(year), start: CalendarDate(year: year, month: 1, day: 1), end: end, granularity: "year")
        case .vague(let reference):
            return DateValue(timex: reference, start: nil, end: nil, granularity: "vague")
        }
    }

    /// A month (and day) without a year takes the reference date's year, moved back (past tense) or forward
    /// (future tense) when that would put it on the wrong side of the reference date.
    func yearByTense(month: Int?, day: Int?, tense: Int, reference: CalendarDate?) -> Int? {
        guard let reference, let month else { return nil }
        let candidate = CalendarDate(year: reference.year, month: month, day: day ?? 1)
        if tense < 0, candidate > reference { return reference.year - 1 }
        if tense > 0, candidate < reference, candidate.month != reference.month { return reference.year + 1 }
        return reference.year
    }

    static func calendar(year: Int, month: Int?, day: Int?) -> DateValue {
        if let month, let day {
            let date = CalendarDate(year: year, month: month, day: day)
            return DateValue(timex: date.iso, start: date, end: date, granularity: "day")
        }
        if let month {
            return DateValue(
                timex: "\(CalendarDate.pad(year, 4))-\(CalendarDate.pad(month, 2))",
                start: CalendarDate(year: year, month: month, day: 1),
                end: CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year)),
                granularity: "month")
        }
        return DateValue(
            timex: CalendarDate.pad(year, 4), start: CalendarDate(year: year, month: 1, day: 1),
            end: CalendarDate(year: year, month: 12, day: 31), granularity: "year")
    }

    /// START / MID / END take the first, middle or last third of the interval; BEFORE ends the day before it
    /// starts, AFTER starts the day after it ends, ON_OR_AFTER starts with it (both up to the reference date
    /// when known); APPROX leaves it as it is.
    static func apply(mod: String, to value: DateValue, reference: CalendarDate?) -> DateValue {
        var result = value
        result.mod = mod
        guard let start = value.start, let end = value.end else { return result }
        let days = end.dayNumber - start.dayNumber + 1
        switch mod {
        case "START":
            result.end = start.adding(days: max(1, days / 3) - 1)
            if value.granularity == "year" { result.end = CalendarDate(year: start.year, month: 4, day: 30) }
        case "MID":
            result.start = start.adding(days: days / 3)
            result.end = start.adding(days: 2 * days / 3 - 1)
            if value.granularity == "year" {
                result.start = CalendarDate(year: start.year, month: 5, day: 1)
                result.end = CalendarDate(year: start.year, month: 8, day: 31)
            }
        case "END":
            result.start = end.adding(days: -(max(1, days / 3) - 1))
            if value.granularity == "year" { result.start = CalendarDate(year: start.year, month: 9, day: 1) }
        case "BEFORE":
            result.start = nil
            result.end = start.adding(days: -1)
        case "AFTER":
            result.start = end.adding(days: 1)
            result.end = reference.flatMap { $0 >= end.adding(days: 1) ? $0 : nil }
        case "ON_OR_AFTER":
            result.end = reference.flatMap { $0 >= start ? $0 : nil }
        default:
            break
        }
        return result
    }
}
