/// A span that an extractor recognized, before normalization: what the text says, not yet what it means in the
/// document (a relative date before its reference date, a place name before disambiguation, a group alias before
/// the document's own definitions are weighed).
public struct Mention: Hashable, Sendable {
    public var type: FactType
    public var range: TextRange
    /// Id of the rule (or table) that fired.
    public var rule: String
    public var sentence: Int
    public var value: MentionValue

    public init(type: FactType, range: TextRange, rule: String, sentence: Int, value: MentionValue) {
        self.type = type
        self.range = range
        self.rule = rule
        self.sentence = sentence
        self.value = value
    }
}

public enum MentionValue: Hashable, Sendable {
    /// A date expression, parsed but not resolved against the reference date.
    case date(DateExpression)
    /// A casualty count; counts need no document context.
    case casualty(CasualtyValue)
    /// A count of attacks; its group, place and period are linked by the normalizer.
    case attackCount(CountValue)
    /// A gazetteer or alias-table hit: every entry the words can name, best first.
    case entity(candidates: [String])
}

/// A date expression as written: the calendar fields it gives and how it relates to the reference date.
/// The normalizer turns it into a `DateValue`.
public struct DateExpression: Hashable, Sendable {
    public enum Form: Hashable, Sendable {
        /// Calendar fields as written; a nil year means "the year of the reference date, by tense".
        case calendar(year: Int?, month: Int?, day: Int?)
        /// A decade such as the 1990s (the first year).
        case decade(Int)
        /// An interval counted back from the reference date ("the past three years"): unit and amount.
        case past(unit: String, amount: Int)
        /// From the start of a year up to the reference date ("so far in 2023"; nil: "so far this year").
        case yearToDate(year: Int?)
        /// A vague reference: `PAST_REF`, `PRESENT_REF`, `FUTURE_REF`.
        case vague(String)
    }

    public var form: Form
    /// TIMEX3 mod: `START`, `MID`, `END`, `APPROX`, `BEFORE`, `AFTER`, `ON_OR_AFTER` …
    public var mod: String?
    /// The sentence speaks of the past (-1), present (0) or future (1): picks the year of a month-day without one.
    public var tense: Int

    public init(form: Form, mod: String? = nil, tense: Int = -1) {
        self.form = form
        self.mod = mod
        self.tense = tense
    }
}
