import FactxModel
import FactxPatterns

/// Reads what a date rule's captures say (docs/dates.md, "How the tagger works"): the rule attribute `form` says
/// which kind of expression it is, the captures give its fields.
///
/// Captures: `span` (the fact's extent when the match needs context), `weekday`, `day`, `dayone` (a range's first
/// day), `month` (a name or a number), `year` (four digits), `yy` (two digits), `ydeixis` ("August *last* year"),
/// `deixis` (last/this/next), `a`, `b`, `y` (a numeric date), `decade`, `century`, `quarter`, `half`, `season`,
/// `week`, `fy`, `fy2`, `unit`, `amount`, `step`, `holiday`, `country`, `hday`, `hmonth`, `hyear`, `part`,
/// `relation`; a capture ending in `alt` stands in for the one without it.
struct DateReader: Sendable {
    let lexicon: Lexicon
    let numbers: NumberReader
    /// Map values keyed without spaces, so that "Eidul Azha" finds "eid-ul-azha".
    let compactMaps: [String: [String: JSONValue]]

    init(patterns: PatternSet) {
        lexicon = patterns.lexicon
        numbers = NumberReader(patterns: patterns)
        var compact: [String: [String: JSONValue]] = [:]
        for (name, map) in patterns.lexicon.maps {
            var entries: [String: JSONValue] = [:]
            for (key, value) in map { entries[key.replacingOccurrences(of: " ", with: "")] = value }
            compact[name] = entries
        }
        compactMaps = compact
    }

    func value(_ text: String, in map: String) -> JSONValue? {
        lexicon.value(text, in: map)
            ?? compactMaps[map]?[Lexicon.fold(text).replacingOccurrences(of: " ", with: "")]
    }

    func int(_ text: String?, in map: String) -> Int? {
        guard let text else { return nil }
        return Int(text) ?? value(text, in: map)?.intValue
    }

    func string(_ text: String?, in map: String) -> String? {
        guard let text else { return nil }
        return value(text, in: map)?.stringValue
    }

    /// A capitalised word ("May", "JULY"), as month, weekday and holiday names must be.
    static func isCapitalised(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first(where: { $0.properties.isAlphabetic }) else { return true }
        return first.properties.isUppercase
    }

    /// The expressions one match gives: one, or two for a range rule; empty when the captures do not make a date.
    func expressions(_ match: DateMatch, options: ExtractionOptions) -> [(range: TextRange, expression: DateExpression)] {
        let form = match.rule.attribute("form") ?? "calendar"
        if form == "day_range" { return dayRange(match) }
        guard var expression = expression(form: form, match, options: options) else { return [] }
        if expression.part == nil, let part = string(match["part"], in: "date_parts") { expression.part = part }
        return [(match.span, expression)]
    }

    func expression(form: String, _ match: DateMatch, options: ExtractionOptions) -> DateExpression? {
        func capture(_ name: String) -> String? { match[name] ?? match[name + "alt"] }
        switch form {
        case "calendar": return calendar(match)
        case "numeric": return numeric(match, order: options.dateOrder)
        case "decade":
            guard let text = capture("decade") else { return nil }
            if let word = int(text, in: "decade_words") { return DateExpression(form: .decade(.twoDigit(word))) }
            let digits = text.filter(\.isNumber)
            guard let value = Int(digits) else { return nil }
            return DateExpression(form: .decade(digits.count == 4 ? .explicit(value) : .twoDigit(value)))
        case "century":
            guard let text = capture("century") else { return nil }
            let number = Int(text.filter(\.isNumber)) ?? int(text, in: "ordinals")
            guard let number, (1...30).contains(number) else { return nil }
            return DateExpression(form: .century((number - 1) * 100))
        case "quarter":
            guard var quarter = int(capture("quarter"), in: "ordinals") else { return nil }
            if quarter == -1 { quarter = 4 }
            guard (1...4).contains(quarter) else { return nil }
            return DateExpression(form: .calendar(.quarter(quarter), year: year(match)))
        case "half":
            guard var half = int(capture("half"), in: "ordinals") else { return nil }
            if half == -1 { half = 2 }
            guard (1...2).contains(half) else { return nil }
            return DateExpression(form: .calendar(.half(half), year: year(match)))
        case "season":
            guard let season = string(capture("season"), in: "seasons") else { return nil }
            return DateExpression(form: .calendar(.season(season), year: year(match)))
        case "week":
            guard let week = Int(capture("week") ?? ""), (1...53).contains(week) else { return nil }
            return DateExpression(form: .calendar(.week(week), year: year(match)))
        case "fiscal":
            return fiscal(match, startMonth: options.fiscalYearStart)
        case "weekday":
            guard let name = capture("weekday"), DateReader.isCapitalised(name),
                  let weekday = int(name, in: "weekdays") else { return nil }
            return DateExpression(form: .weekday(weekday, step: int(capture("deixis"), in: "deixis")))
        case "relative_day":
            guard let offset = Int(match.rule.attribute("offset") ?? "") else { return nil }
            return DateExpression(form: .relativeDay(offset))
        case "relative_unit":
            let step = int(capture("deixis"), in: "deixis")
            let unit = string(capture("unit") ?? "weekend", in: "deictic_units") ?? "weekend"
            if ["SP", "SU", "FA", "WI"].contains(unit) {
                guard let step else { return nil }
                return DateExpression(form: .calendar(.season(unit), year: .adjacent(step)))
            }
            return DateExpression(form: .relativeUnit(unit, step: step))
        case "ago":
            guard let (unit, amount) = duration(match) else { return nil }
            return DateExpression(form: .ago(unit: unit, amount: amount))
        case "to_date":
            let clipEnd = match.rule.attribute("clip") != "start"
            if let text = capture("year"), let value = Int(text) {
                return DateExpression(form: .toDate(unit: "year", year: .explicit(value), clipEnd: clipEnd))
            }
            guard let unit = capture("unit")?.lowercased() else { return nil }
            return DateExpression(form: .toDate(unit: unit, year: .relative(0), clipEnd: clipEnd))
        case "duration":
            guard let (unit, amount) = duration(match) else { return nil }
            let anchor = ["past": -1, "next": 1][match.rule.attribute("anchor") ?? ""] ?? 0
            return DateExpression(form: .duration(unit: unit, amount: amount, anchor: anchor))
        case "vague":
            return DateExpression(form: .vague(match.rule.attribute("vague") ?? "PAST_REF"))
        case "holiday":
            return holiday(match)
        case "hijri":
            guard let month = int(capture("hmonth"), in: "hijri_months"), (1...12).contains(month),
                  let day = Int(capture("hday") ?? ""), (1...30).contains(day) else { return nil }
            return DateExpression(form: .hijriDate(month: month, day: day, hijriYear: capture("hyear").flatMap { Int($0) }))
        case "anaphor":
            return anaphor(match)
        default:
            return nil
        }
    }

    /// The year a match gives, if any.
    func year(_ match: DateMatch) -> DateExpression.Year {
        if let text = match["year"] ?? match["yearalt"], let value = Int(text) { return .explicit(value) }
        if let text = match["yy"], let value = Int(text.filter(\.isNumber)) { return .twoDigit(value) }
        if let step = int(match["ydeixis"], in: "deixis") { return .relative(step) }
        if let step = int(match["deixis"], in: "deixis") { return .adjacent(step) }
        return .none
    }

    func month(_ text: String?) -> Int? {
        guard let text else { return nil }
        if let number = Int(text) { return (1...12).contains(number) ? number : nil }
        guard DateReader.isCapitalised(text), let number = int(text, in: "months") else { return nil }
        return number
    }

    func calendar(_ match: DateMatch) -> DateExpression? {
        if let weekday = match["weekday"], !DateReader.isCapitalised(weekday) { return nil }
        let year = year(match)
        if match["month"] != nil {
            guard let month = month(match["month"]) else { return nil }
            if let dayText = match["day"] {
                guard let day = Int(dayText), DateReader.isValid(month: month, day: day, year: year) else { return nil }
                return DateExpression(form: .calendar(.day(month: month, day: day), year: year))
            }
            return DateExpression(form: .calendar(.month(month), year: year))
        }
        guard year != .none else { return nil }
        return DateExpression(form: .calendar(.year, year: year))
    }

    static func isValid(month: Int, day: Int, year: DateExpression.Year) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        if case .explicit(let value) = year { return day <= CalendarDate.daysIn(month: month, year: value) }
        return day <= CalendarDate.daysIn(month: month, year: 2000)
    }

    /// `a/b/y`: day-first or month-first as the numbers decide, else as `date_order` says (docs/dates.md §5).
    func numeric(_ match: DateMatch, order: String) -> DateExpression? {
        guard let a = Int(match["a"] ?? ""), let b = Int(match["b"] ?? ""), let yearText = match["y"],
              let yearValue = Int(yearText) else { return nil }
        let year: DateExpression.Year
        if yearText.count == 4 {
            guard (1800...2099).contains(yearValue) else { return nil }
            year = .explicit(yearValue)
        } else {
            year = .twoDigit(yearValue)
        }
        let day: Int
        let month: Int
        if a > 12, b <= 12 {
            (day, month) = (a, b)
        } else if b > 12, a <= 12 {
            (day, month) = (b, a)
        } else if a <= 12, b <= 12 {
            (day, month) = order == "mdy" ? (b, a) : (a, b)
        } else {
            return nil
        }
        guard month >= 1, DateReader.isValid(month: month, day: day, year: year) else { return nil }
        return DateExpression(form: .calendar(.day(month: month, day: day), year: year))
    }

    /// "July 29–30, 2023", "28–29 July 2023": the first end borrows the month and year the second gives.
    func dayRange(_ match: DateMatch) -> [(range: TextRange, expression: DateExpression)] {
        guard let first = match.captures["first"]?.range, let second = match.captures["second"]?.range,
              let month = month(match["month"]), let dayOne = Int(match["dayone"] ?? ""),
              let dayTwo = Int(match["day"] ?? ""), dayOne < dayTwo else { return [] }
        let year = year(match)
        guard DateReader.isValid(month: month, day: dayOne, year: year),
              DateReader.isValid(month: month, day: dayTwo, year: year) else { return [] }
        return [
            (first, DateExpression(form: .calendar(.day(month: month, day: dayOne), year: year))),
            (second, DateExpression(form: .calendar(.day(month: month, day: dayTwo), year: year))),
        ]
    }

    /// "the fiscal year 2022-23", "FY23", "fiscal 2021": named by the year it ends in.
    func fiscal(_ match: DateMatch, startMonth: Int) -> DateExpression? {
        guard let text = match["fy"], let first = Int(text) else { return nil }
        guard let secondText = match["fy2"], let second = Int(secondText) else {
            return DateExpression(form: .fiscalYear(text.count == 4 ? .explicit(first) : .twoDigit(first), startMonth: startMonth))
        }
        if secondText.count == 4 {
            guard second == first + 1 else { return nil }
            return DateExpression(form: .fiscalYear(.explicit(second), startMonth: startMonth))
        }
        if text.count == 4 {
            var end = first - first % 100 + second
            if end < first { end += 100 }
            guard end == first + 1 else { return nil }
            return DateExpression(form: .fiscalYear(.explicit(end), startMonth: startMonth))
        }
        return DateExpression(form: .fiscalYear(.twoDigit(second), startMonth: startMonth))
    }

    /// The TIMEX3 unit and the number of units a match gives ("three years" → Y, 3; "a decade" → Y, 10; "the past
    /// few years" → Y, nil).
    func duration(_ match: DateMatch) -> (unit: String, amount: Int?)? {
        guard let unitText = match["unit"], let code = string(unitText, in: "date_units") else { return nil }
        let letter = String(code.last!)
        let multiple = Int(code.dropLast()) ?? 1
        // No number written: one unit ("the past decade"), or an unknown number of them ("the last hours"); `amount:
        // X` says the rule gives no number ("for months").
        guard let amountText = match["amount"] ?? match.rule.attribute("amount") else {
            return (letter, unitText.lowercased().hasSuffix("s") ? nil : multiple)
        }
        let folded = Lexicon.fold(amountText)
        switch folded {
        case "x": return (letter, nil)
        case "a", "an": return (letter, multiple)
        case "a couple of": return (letter, 2 * multiple)
        case "a few", "few", "several", "many": return (letter, nil)
        default:
            guard case .exact(let amount)? = numbers.read(amountText), amount > 0 else { return nil }
            return (letter, amount * multiple)
        }
    }

    func holiday(_ match: DateMatch) -> DateExpression? {
        guard let name = match["holiday"], let id = string(name, in: "holidays") else { return nil }
        let significant = name.lowercased().hasPrefix("the ") ? String(name.dropFirst(4)) : name
        guard DateReader.isCapitalised(significant) else { return nil }
        let country = string(match["country"], in: "holiday_countries")
        let spec = country.flatMap { string(id + "@" + $0, in: "holiday_dates") } ?? string(id, in: "holiday_dates")
        guard let spec, let holiday = DateReader.holiday(spec) else { return nil }
        return DateExpression(form: .holiday(holiday, year: year(match)))
    }

    /// `MM-DD`, `easter+N`, `hijri:MM-DD`, `hijri-month:MM` (lexicon.yaml, holiday_dates).
    static func holiday(_ spec: String) -> DateExpression.Holiday? {
        func monthDay(_ text: some StringProtocol) -> (Int, Int)? {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2 else { return nil }
            return (parts[0], parts[1])
        }
        if spec.hasPrefix("easter") {
            let offset = spec.dropFirst("easter".count)
            guard let value = Int(offset.hasPrefix("+") ? String(offset.dropFirst()) : String(offset)) else { return nil }
            return .easter(offset: value)
        }
        if spec.hasPrefix("hijri-month:") {
            return Int(spec.dropFirst("hijri-month:".count)).map { .hijriMonth($0) }
        }
        if spec.hasPrefix("hijri:") {
            return monthDay(spec.dropFirst("hijri:".count)).map { .hijriDay(month: $0.0, day: $0.1) }
        }
        return monthDay(spec).map { .fixed(month: $0.0, day: $0.1) }
    }

    func anaphor(_ match: DateMatch) -> DateExpression? {
        guard let unitText = match["unit"]?.lowercased() else { return nil }
        let unit: String
        switch unitText {
        case "day", "days", "morning", "afternoon", "evening", "night": unit = "day"
        case "week", "weeks": unit = "week"
        case "month", "months": unit = "month"
        case "year", "years": unit = "year"
        default: return nil
        }
        guard var step = int(match["step"], in: "anaphor_steps") ?? Int(match.rule.attribute("step") ?? "") else { return nil }
        if let amountText = match["amount"] {
            let folded = Lexicon.fold(amountText)
            let amount: Int
            if folded == "a" || folded == "an" {
                amount = 1
            } else if case .exact(let value)? = numbers.read(amountText) {
                amount = value
            } else {
                return nil
            }
            step *= amount
        }
        return DateExpression(form: .anaphor(unit: unit, step: step))
    }
}
