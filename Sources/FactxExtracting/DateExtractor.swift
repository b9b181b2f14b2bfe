import FactxModel
import FactxPatterns

/// Finds date expressions with the rules of `Patterns/dates/` and parses what they say (calendar fields,
/// modifiers, spans counted back from the reference date). Resolution against the reference date is the
/// normalizer's work.
///
/// Capture names the rules may use: `span` (the fact's span, when the match needs context around it), `year`,
/// `month` (a name from the `months` map, or a number), `day`, `decade`, `mod` (a word of the `date_mods` map),
/// `amount` and `unit` (for `form: past`). Rule attributes: `form` (`calendar`, `decade`, `past`,
/// `year_to_date`, `vague`), `mod`, `vague` (`PAST_REF`, `PRESENT_REF`, `FUTURE_REF`).
public struct DateExtractor: Extractor {
    public let name = "dates"
    let rules: [RegexRule]
    let lexicon: Lexicon
    let numbers: NumberReader

    public init(patterns: PatternSet) {
        rules = patterns.rules(in: "dates")
        lexicon = patterns.lexicon
        numbers = NumberReader(patterns: patterns)
    }

    public func extract(_ context: ExtractionContext) -> [Mention] {
        let matches = longestNonOverlapping(rules.flatMap { context.matches(of: $0) }.map(spanned))
        return matches.compactMap { match in
            guard let expression = expression(match) else { return nil }
            return Mention(
                type: .date, range: match.range, rule: match.rule.id, sentence: context.sentence(of: match.range),
                value: .date(expression))
        }
    }

    /// A match narrowed to its `span` capture, when the rule has one.
    func spanned(_ match: RuleMatch) -> RuleMatch {
        guard let span = match.captures["span"] else { return match }
        var narrowed = match
        narrowed.range = span.range
        return narrowed
    }

    func expression(_ match: RuleMatch) -> DateExpression? {
        let attributes = match.rule.attributes
        let mod = attributes["mod"] ?? match["mod"].flatMap {
            (lexicon.value($0, in: "date_mods") ?? lexicon.value($0, in: "date_prepositions"))?.stringValue
        }
        switch attributes["form"] ?? "calendar" {
        case "decade":
            guard let text = match["decade"], let decade = DateExtractor.decade(text) else { return nil }
            return DateExpression(form: .decade(decade), mod: mod)
        case "past":
            guard let amountText = match["amount"], case .exact(let amount)? = numbers.read(amountText),
                  let unit = match["unit"].flatMap({ lexicon.value($0, in: "date_units")?.stringValue }) else { return nil }
            return DateExpression(form: .past(unit: unit, amount: amount), mod: mod)
        case "year_to_date":
            return DateExpression(form: .yearToDate(year: match["year"].flatMap(DateExtractor.year)), mod: mod)
        case "vague":
            return DateExpression(form: .vague(attributes["vague"] ?? "PAST_REF"), mod: mod)
        default:
            // Month names are proper nouns: "may 2019" is the verb, not May.
            if let name = match["month"], let first = name.unicodeScalars.first, first.properties.isLowercase {
                return nil
            }
            let year = match["year"].flatMap(DateExtractor.year)
            let month = match["month"].flatMap { lexicon.value($0, in: "months")?.intValue ?? Int($0) }
            let day = match["day"].flatMap { Int($0) }
            if let month, !(1...12).contains(month) { return nil }
            if let day {
                guard let month, day >= 1, day <= CalendarDate.daysIn(month: month, year: year ?? 2000) else { return nil }
            }
            if year == nil, month == nil { return nil }
            return DateExpression(form: .calendar(year: year, month: month, day: day), mod: mod)
        }
    }

    /// A four-digit year, or a two-digit one written with an apostrophe ('23 → 2023, '90 → 1990: pivot at 50).
    static func year(_ text: String) -> Int? {
        let digits = text.filter(\.isNumber)
        guard let value = Int(digits) else { return nil }
        if digits.count == 4 { return value }
        if digits.count == 2 { return value < 50 ? 2000 + value : 1900 + value }
        return nil
    }

    /// "1990s" → 1990, "90s" → 1990.
    static func decade(_ text: String) -> Int? {
        let digits = text.filter(\.isNumber)
        guard let value = Int(digits) else { return nil }
        if digits.count == 4 { return value - value % 10 }
        if digits.count == 2 { return (value < 30 ? 2000 : 1900) + value - value % 10 }
        return nil
    }
}
