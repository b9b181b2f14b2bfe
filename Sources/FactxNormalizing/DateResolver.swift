import FactxModel

/// Turns date expressions into TIMEX3 values and the intervals of days they cover, against the document's reference
/// date (never the clock), and anaphors ("the next day") against the date before them. docs/dates.md gives the
/// conventions; each rule of arithmetic below names its section.
public struct DateResolver: Sendable {
    public init() {}

    /// A unit before its part and relation are applied.
    struct Base {
        var timex: String?
        var start: CalendarDate?
        var end: CalendarDate?
        var granularity: String
        /// What a part (START / MID / END) divides: `year`, `half`, `quarter`, `season`, `month`, `week`, `decade`,
        /// `century`, or `whole` (a day, a weekend, a duration: a part leaves it as it is).
        var unit: String

        static func unresolved(_ granularity: String, timex: String? = nil) -> Base {
            Base(timex: timex, start: nil, end: nil, granularity: granularity, unit: "whole")
        }
    }

    // MARK: Resolution

    /// The value of one expression. An anaphor resolved on its own has no date before it: unresolved.
    public func resolve(_ expression: DateExpression, reference: CalendarDate?) -> DateValue {
        finish(base(expression, reference: reference), expression, reference: reference)
    }

    /// The values of a document's date mentions, in text order; an anaphor takes the nearest date before it in its
    /// paragraph or the one before that, resolved to the unit it needs (docs/dates.md §7).
    public func resolve(
        _ mentions: [Mention], in document: SegmentedDocument, reference: CalendarDate?
    ) -> [TextRange: DateValue] {
        var values: [TextRange: DateValue] = [:]
        var earlier: [(paragraph: Int, value: DateValue)] = []
        for mention in mentions.sorted(by: { $0.range < $1.range }) {
            guard case .date(let expression) = mention.value else { continue }
            let paragraph = document.sentences.indices.contains(mention.sentence) ? document.sentences[mention.sentence].paragraph : 0
            let value: DateValue
            if case .anaphor(let unit, let step) = expression.form {
                let anchor = earlier.reversed().prefix { $0.paragraph >= paragraph - 1 }
                    .first { DateResolver.canAnchor($0.value, unit: unit) }?.value
                value = finish(anaphor(unit: unit, step: step, anchor: anchor), expression, reference: reference)
            } else {
                value = resolve(expression, reference: reference)
            }
            values[mention.range] = value
            earlier.append((paragraph, value))
        }
        return values
    }

    /// Whether a date can anchor an anaphor of a unit: a point of the calendar (not a relation, a duration or a
    /// vague reference), resolved at least to that unit.
    static func canAnchor(_ value: DateValue, unit: String) -> Bool {
        guard value.timex != nil, value.start != nil, value.end != nil else { return false }
        guard [nil, "START", "MID", "END", "APPROX"].contains(value.mod) else { return false }
        switch unit {
        case "day": return value.granularity == "day"
        case "week": return ["day", "week"].contains(value.granularity)
        case "month": return ["day", "month"].contains(value.granularity)
        default: return ["day", "week", "month", "quarter", "half", "season", "year"].contains(value.granularity)
        }
    }

    func anaphor(unit: String, step: Int, anchor: DateValue?) -> Base {
        let granularity = unit
        guard let point = anchor?.start else { return .unresolved(granularity) }
        switch unit {
        case "day": return DateResolver.day(point.adding(days: step))
        case "week": return DateResolver.week(containing: point.adding(days: 7 * step))
        case "month":
            let month = point.adding(months: step)
            return DateResolver.calendar(.month(month.month), year: month.year) ?? .unresolved(granularity)
        default: return DateResolver.calendar(.year, year: point.year + step) ?? .unresolved(granularity)
        }
    }

    // MARK: Parts and relations (§2, §3)

    /// Applies the part (START / MID / END) to the interval, then the relation.
    func finish(_ base: Base, _ expression: DateExpression, reference: CalendarDate?) -> DateValue {
        var value = DateValue(timex: base.timex, start: base.start, end: base.end, granularity: base.granularity, mod: expression.mod)
        guard let start = base.start, let end = base.end else {
            // Open sides that need the reference date stay open; an unresolved unit stays unresolved.
            if expression.relation == "ON_OR_BEFORE" || expression.relation == "BEFORE" { value.start = nil }
            return value
        }
        var partStart = start
        var partEnd = end
        if let part = expression.part { (partStart, partEnd) = DateResolver.split(start, end, unit: base.unit, part: part) }
        value.start = partStart
        value.end = partEnd
        switch expression.relation {
        case "BEFORE":
            value.start = nil
            value.end = partStart.adding(days: -1)
        case "AFTER":
            let first = partEnd.adding(days: 1)
            value.start = first
            value.end = reference.flatMap { $0 >= first ? $0 : nil }
        case "ON_OR_AFTER":
            value.end = reference.flatMap { $0 >= partStart ? $0 : nil }
        case "ON_OR_BEFORE":
            value.start = nil
        default:
            break
        }
        return value
    }

    /// The START, MID or END part of a unit (docs/dates.md §2).
    static func split(_ start: CalendarDate, _ end: CalendarDate, unit: String, part: String) -> (CalendarDate, CalendarDate) {
        let third = ["START": 0, "MID": 1, "END": 2][part] ?? 0
        func months(_ count: Int) -> (CalendarDate, CalendarDate) {
            let size = count / 3
            let first = start.adding(months: third * size)
            let last = third == 2 ? end : start.adding(months: (third + 1) * size).adding(days: -1)
            return (first, last)
        }
        func years(_ bounds: [(Int, Int)]) -> (CalendarDate, CalendarDate) {
            let (from, to) = bounds[third]
            return (CalendarDate(year: start.year + from, month: 1, day: 1), CalendarDate(year: start.year + to, month: 12, day: 31))
        }
        switch unit {
        case "year": return months(12)
        case "half": return months(6)
        case "quarter", "season": return months(3)
        case "month":
            switch third {
            case 0: return (start, min(end, start.adding(days: 9)))
            case 1: return (start.adding(days: 10), min(end, start.adding(days: 19)))
            default: return (start.adding(days: 20), end)
            }
        case "week":
            switch third {
            case 0: return (start, start.adding(days: 1))
            case 1: return (start.adding(days: 2), start.adding(days: 3))
            default: return (start.adding(days: 4), end)
            }
        case "decade": return years([(0, 3), (4, 6), (7, 9)])
        case "century": return years([(0, 33), (34, 66), (67, 99)])
        default: return (start, end)
        }
    }

    // MARK: Bases

    func base(_ expression: DateExpression, reference: CalendarDate?) -> Base {
        switch expression.form {
        case .calendar(let period, let year):
            return calendar(period, year: year, tense: expression.tense, reference: reference)
        case .decade(let year):
            guard let first = DateResolver.year(year, reference: reference) else { return .unresolved("decade") }
            let decade = first - ((first % 10) + 10) % 10
            return Base(
                timex: String(decade / 10), start: CalendarDate(year: decade, month: 1, day: 1),
                end: CalendarDate(year: decade + 9, month: 12, day: 31), granularity: "decade", unit: "decade")
        case .century(let first):
            return Base(
                timex: CalendarDate.pad(first / 100, 2), start: CalendarDate(year: first, month: 1, day: 1),
                end: CalendarDate(year: first + 99, month: 12, day: 31), granularity: "century", unit: "century")
        case .fiscalYear(let year, let startMonth):
            guard let last = DateResolver.year(year, reference: reference) else { return .unresolved("year") }
            let start = startMonth == 1
                ? CalendarDate(year: last, month: 1, day: 1) : CalendarDate(year: last - 1, month: startMonth, day: 1)
            return Base(
                timex: "FY" + CalendarDate.pad(last, 4), start: start, end: start.adding(months: 12).adding(days: -1),
                granularity: "year", unit: "year")
        case .weekday(let weekday, let step):
            return self.weekday(weekday, step: step, tense: expression.tense, reference: reference)
        case .relativeDay(let offset):
            guard let reference else { return .unresolved("day") }
            return DateResolver.day(reference.adding(days: offset))
        case .relativeUnit(let unit, let step):
            return relativeUnit(unit, step: step, tense: expression.tense, reference: reference)
        case .ago(let unit, let amount):
            return ago(unit: unit, amount: amount, reference: reference)
        case .toDate(let unit, let year, let clipEnd):
            return toDate(unit: unit, year: year, clipEnd: clipEnd, reference: reference)
        case .duration(let unit, let amount, let anchor):
            return duration(unit: unit, amount: amount, anchor: anchor, reference: reference)
        case .vague(let kind):
            let point = kind == "PRESENT_REF" ? reference : nil
            return Base(timex: kind, start: point, end: point, granularity: "vague", unit: "whole")
        case .holiday(let holiday, let year):
            return self.holiday(holiday, year: year, tense: expression.tense, reference: reference)
        case .hijriDate(let month, let day, let hijriYear):
            guard let hijriYear else {
                return holiday(.hijriDay(month: month, day: day), year: .none, tense: expression.tense, reference: reference)
            }
            guard let date = IslamicCalendar.gregorian(year: hijriYear, month: month, day: day) else { return .unresolved("day") }
            return DateResolver.day(date)
        case .anaphor(let unit, _):
            return .unresolved(unit)
        }
    }

    /// A year as written: four digits as they are; two digits in the window R-89 .. R+10 around the reference
    /// year R, or 1950..2049 without one (§6); relative to the reference year.
    static func year(_ year: DateExpression.Year, reference: CalendarDate?) -> Int? {
        switch year {
        case .explicit(let value): return value
        case .twoDigit(let digits):
            guard let reference else { return digits < 50 ? 2000 + digits : 1900 + digits }
            let top = reference.year + 10
            return top - ((top - digits) % 100 + 100) % 100
        case .relative(let step): return reference.map { $0.year + step }
        case .none, .adjacent: return nil
        }
    }

    static func day(_ date: CalendarDate) -> Base {
        Base(timex: date.iso, start: date, end: date, granularity: "day", unit: "day")
    }

    static func week(containing date: CalendarDate) -> Base {
        let (year, week) = date.isoWeek
        let monday = CalendarDate.isoWeekStart(year: year, week: week)
        return Base(
            timex: "\(CalendarDate.pad(year, 4))-W\(CalendarDate.pad(week, 2))", start: monday, end: monday.adding(days: 6),
            granularity: "week", unit: "week")
    }

    static func weekend(saturday: CalendarDate) -> Base {
        let (year, week) = saturday.isoWeek
        return Base(
            timex: "\(CalendarDate.pad(year, 4))-W\(CalendarDate.pad(week, 2))-WE", start: saturday,
            end: saturday.adding(days: 1), granularity: "week", unit: "whole")
    }

    /// A calendar unit of a given year, or nil when it does not exist (29 February 2023, week 53 of 2021).
    static func calendar(_ period: DateExpression.Period, year: Int) -> Base? {
        let y = CalendarDate.pad(year, 4)
        switch period {
        case .day(let month, let day):
            guard CalendarDate.isValid(year: year, month: month, day: day) else { return nil }
            return DateResolver.day(CalendarDate(year: year, month: month, day: day))
        case .month(let month):
            let start = CalendarDate(year: year, month: month, day: 1)
            return Base(timex: "\(y)-\(CalendarDate.pad(month, 2))", start: start, end: start.endOfMonth, granularity: "month", unit: "month")
        case .quarter(let quarter):
            let start = CalendarDate(year: year, month: 3 * quarter - 2, day: 1)
            return Base(timex: "\(y)-Q\(quarter)", start: start, end: start.adding(months: 3).adding(days: -1), granularity: "quarter", unit: "quarter")
        case .half(let half):
            let start = CalendarDate(year: year, month: 6 * half - 5, day: 1)
            return Base(timex: "\(y)-H\(half)", start: start, end: start.adding(months: 6).adding(days: -1), granularity: "half", unit: "half")
        case .season(let season):
            let month = ["SP": 3, "SU": 6, "FA": 9, "WI": 12][season] ?? 3
            let start = CalendarDate(year: year, month: month, day: 1)
            return Base(timex: "\(y)-\(season)", start: start, end: start.adding(months: 3).adding(days: -1), granularity: "season", unit: "season")
        case .week(let week):
            guard week <= CalendarDate.isoWeeks(in: year) else { return nil }
            let monday = CalendarDate.isoWeekStart(year: year, week: week)
            return Base(timex: "\(y)-W\(CalendarDate.pad(week, 2))", start: monday, end: monday.adding(days: 6), granularity: "week", unit: "week")
        case .year:
            return Base(
                timex: y, start: CalendarDate(year: year, month: 1, day: 1), end: CalendarDate(year: year, month: 12, day: 31),
                granularity: "year", unit: "year")
        }
    }

    /// The TIMEX3 value of a unit whose year is unknown (§10): `XXXX-12-30`, `XXXX-12`, `XXXX-SU` …
    static func placeholder(_ period: DateExpression.Period) -> Base {
        switch period {
        case .day(let month, let day):
            return .unresolved("day", timex: "XXXX-\(CalendarDate.pad(month, 2))-\(CalendarDate.pad(day, 2))")
        case .month(let month): return .unresolved("month", timex: "XXXX-\(CalendarDate.pad(month, 2))")
        case .quarter(let quarter): return .unresolved("quarter", timex: "XXXX-Q\(quarter)")
        case .half(let half): return .unresolved("half", timex: "XXXX-H\(half)")
        case .season(let season): return .unresolved("season", timex: "XXXX-\(season)")
        case .week(let week): return .unresolved("week", timex: "XXXX-W\(CalendarDate.pad(week, 2))")
        case .year: return .unresolved("year")
        }
    }

    static func granularity(_ period: DateExpression.Period) -> String {
        switch period {
        case .day: "day"
        case .month: "month"
        case .quarter: "quarter"
        case .half: "half"
        case .season: "season"
        case .week: "week"
        case .year: "year"
        }
    }

    /// Of the occurrences of a unit around the reference date, the one the tense picks (§5): past, the latest
    /// that starts on or before it; future, the earliest that ends on or after it.
    static func pick(_ occurrences: [Base], tense: Int, reference: CalendarDate) -> Base? {
        let dated = occurrences.filter { $0.start != nil && $0.end != nil }.sorted { $0.start! < $1.start! }
        if tense > 0 { return dated.first { $0.end! >= reference } }
        return dated.last { $0.start! <= reference }
    }

    /// The occurrence next to the reference date: -1 the latest that ends before it, +1 the earliest that starts
    /// after it, 0 the one holding it, else the one of its year.
    static func adjacent(_ occurrences: [Base], step: Int, reference: CalendarDate) -> Base? {
        let dated = occurrences.filter { $0.start != nil && $0.end != nil }.sorted { $0.start! < $1.start! }
        switch step {
        case ..<0: return dated.last { $0.end! < reference }
        case 1...: return dated.first { $0.start! > reference }
        default:
            return dated.first { $0.start! <= reference && reference <= $0.end! } ?? dated.first { $0.start!.year == reference.year }
        }
    }

    func calendar(_ period: DateExpression.Period, year: DateExpression.Year, tense: Int, reference: CalendarDate?) -> Base {
        switch year {
        case .none, .adjacent:
            guard let reference else {
                if case .none = year { return DateResolver.placeholder(period) }
                return .unresolved(DateResolver.granularity(period))
            }
            // 29 February needs a leap year: look further.
            let span = { if case .day(2, 29) = period { return 8 } else { return 1 } }()
            let occurrences = ((reference.year - span)...(reference.year + span)).compactMap { DateResolver.calendar(period, year: $0) }
            let chosen: Base?
            if case .adjacent(let step) = year {
                chosen = DateResolver.adjacent(occurrences, step: step, reference: reference)
            } else {
                chosen = DateResolver.pick(occurrences, tense: tense, reference: reference)
            }
            return chosen ?? .unresolved(DateResolver.granularity(period))
        default:
            guard let value = DateResolver.year(year, reference: reference) else {
                return .unresolved(DateResolver.granularity(period))
            }
            return DateResolver.calendar(period, year: value) ?? .unresolved(DateResolver.granularity(period))
        }
    }

    /// §5: by the tense, on or before / on or after the reference date; "last" and "next" strictly before and
    /// after it; "this" in the reference date's ISO week.
    func weekday(_ weekday: Int, step: Int?, tense: Int, reference: CalendarDate?) -> Base {
        guard let reference else {
            return step == nil ? .unresolved("day", timex: "XXXX-WXX-\(weekday)") : .unresolved("day")
        }
        let today = reference.weekday
        let date: CalendarDate
        switch step {
        case nil:
            date = tense > 0 ? reference.adding(days: (weekday - today + 7) % 7) : reference.adding(days: -((today - weekday + 7) % 7))
        case let step? where step < 0: date = reference.adding(days: -((today - weekday + 6) % 7 + 1))
        case let step? where step > 0: date = reference.adding(days: (weekday - today + 6) % 7 + 1)
        default: date = reference.adding(days: weekday - today)
        }
        return DateResolver.day(date)
    }

    /// this / last / next week, weekend, month, quarter, year (§7); "the weekend" by the tense.
    func relativeUnit(_ unit: String, step: Int?, tense: Int, reference: CalendarDate?) -> Base {
        guard let reference else { return .unresolved(unit == "weekend" ? "week" : unit) }
        switch unit {
        case "week":
            return DateResolver.week(containing: reference.adding(days: 7 * (step ?? 0)))
        case "weekend":
            // The Saturday of the reference date's ISO week, or the latest weekend that ended before it.
            let thisSaturday = reference.adding(days: 6 - reference.weekday)
            let lastSunday = reference.adding(days: reference.weekday == 7 ? -7 : -reference.weekday)
            switch step ?? (tense > 0 ? 0 : -1) {
            case ..<0: return DateResolver.weekend(saturday: lastSunday.adding(days: -1))
            case 0: return DateResolver.weekend(saturday: thisSaturday)
            default: return DateResolver.weekend(saturday: thisSaturday.adding(days: 7))
            }
        case "month":
            let month = reference.adding(months: step ?? 0)
            return DateResolver.calendar(.month(month.month), year: month.year) ?? .unresolved("month")
        case "quarter":
            let index = reference.year * 4 + (reference.month - 1) / 3 + (step ?? 0)
            let year = index >= 0 ? index / 4 : (index - 3) / 4
            return DateResolver.calendar(.quarter(index - year * 4 + 1), year: year) ?? .unresolved("quarter")
        default:
            return DateResolver.calendar(.year, year: reference.year + (step ?? 0)) ?? .unresolved("year")
        }
    }

    /// "N units ago" is a point at the unit's granularity (§7).
    func ago(unit: String, amount: Int?, reference: CalendarDate?) -> Base {
        guard let amount else { return Base(timex: "PAST_REF", start: nil, end: nil, granularity: "vague", unit: "whole") }
        let granularity = ["H": "day", "D": "day", "W": "week", "M": "month", "Y": "year"][unit] ?? "day"
        guard let reference else { return .unresolved(granularity) }
        switch unit {
        case "H": return DateResolver.day(reference.adding(days: -(amount / 24)))
        case "W": return DateResolver.week(containing: reference.adding(days: -7 * amount))
        case "M":
            let month = reference.adding(months: -amount)
            return DateResolver.calendar(.month(month.month), year: month.year) ?? .unresolved(granularity)
        case "Y": return DateResolver.calendar(.year, year: reference.year - amount) ?? .unresolved(granularity)
        default: return DateResolver.day(reference.adding(days: -amount))
        }
    }

    /// "so far in 2023", "earlier this year" (the unit up to the reference date) and "later this year" (from it),
    /// §3.
    func toDate(unit: String, year: DateExpression.Year, clipEnd: Bool, reference: CalendarDate?) -> Base {
        var base: Base
        if case .explicit(let value) = year {
            base = DateResolver.calendar(.year, year: value) ?? .unresolved("year")
        } else {
            guard let reference else { return .unresolved(unit) }
            switch unit {
            case "month": base = DateResolver.calendar(.month(reference.month), year: reference.year) ?? .unresolved("month")
            case "week": base = DateResolver.week(containing: reference)
            default: base = DateResolver.calendar(.year, year: reference.year) ?? .unresolved("year")
            }
        }
        guard let start = base.start, let end = base.end else { return base }
        base.unit = "whole"
        if clipEnd {
            guard let reference, reference >= start else {
                base.end = nil
                return base
            }
            base.end = min(reference, end)
        } else if let reference {
            base.start = max(reference, start)
        }
        return base
    }

    /// TIMEX3 durations, anchored at the reference date or not (§7).
    func duration(unit: String, amount: Int?, anchor: Int, reference: CalendarDate?) -> Base {
        let count = amount.map(String.init) ?? "X"
        let timex = unit == "H" ? "PT\(count)H" : "P\(count)\(unit)"
        var base = Base(timex: timex, start: nil, end: nil, granularity: "duration", unit: "whole")
        guard anchor != 0, let reference else { return base }
        guard let amount else {
            if anchor < 0 { base.end = reference } else { base.start = reference }
            return base
        }
        func shifted(_ sign: Int) -> CalendarDate {
            switch unit {
            case "Y": reference.adding(years: sign * amount)
            case "M": reference.adding(months: sign * amount)
            case "W": reference.adding(days: sign * 7 * amount)
            case "H": reference.adding(days: sign * ((amount + 23) / 24))
            default: reference.adding(days: sign * amount)
            }
        }
        if anchor < 0 {
            base.start = unit == "H" ? shifted(-1) : shifted(-1).adding(days: 1)
            base.end = reference
        } else {
            base.start = reference
            base.end = unit == "H" ? shifted(1) : shifted(1).adding(days: -1)
        }
        return base
    }

    /// Holidays and Hijri dates (§9): the occurrence that starts in a written year (the first of two), else the one
    /// the tense picks around the reference date.
    func holiday(_ holiday: DateExpression.Holiday, year: DateExpression.Year, tense: Int, reference: CalendarDate?) -> Base {
        let isMonth = HolidayCalendar.isMonth(holiday)
        let granularity = isMonth ? "month" : "day"
        func base(_ occurrence: (start: CalendarDate, end: CalendarDate)) -> Base {
            isMonth
                ? Base(timex: CalendarDate.pad(occurrence.start.year, 4), start: occurrence.start, end: occurrence.end, granularity: "month", unit: "month")
                : DateResolver.day(occurrence.start)
        }
        switch year {
        case .none, .adjacent:
            guard let reference else {
                if case .fixed(let month, let day) = holiday { return DateResolver.placeholder(.day(month: month, day: day)) }
                return .unresolved(granularity)
            }
            let occurrences = ((reference.year - 1)...(reference.year + 1)).flatMap { HolidayCalendar.occurrences(holiday, in: $0) }.map(base)
            return DateResolver.pick(occurrences, tense: tense, reference: reference) ?? .unresolved(granularity)
        default:
            guard let value = DateResolver.year(year, reference: reference),
                  let first = HolidayCalendar.occurrences(holiday, in: value).first else { return .unresolved(granularity) }
            return base(first)
        }
    }
}
