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

/// A date expression as written: the calendar fields it gives and how it relates to the reference date (or to the
/// date before it, for anaphors). The normalizer turns it into a `DateValue` (docs/dates.md).
public struct DateExpression: Hashable, Sendable {
    /// How the text gives a year.
    public enum Year: Hashable, Sendable {
        /// Not at all: the tense of the sentence picks the occurrence around the reference date.
        case none
        /// Four digits.
        case explicit(Int)
        /// Two digits ('23, 30 Jul 90): the century comes from the reference date's window (docs/dates.md §6).
        case twoDigit(Int)
        /// Relative to the reference year: "this year" 0, "last year" -1, "next year" +1 ("August last year").
        case relative(Int)
        /// The occurrence next to the reference date: -1 the latest that ends before it ("last March", "last
        /// summer"), +1 the earliest that starts after it, 0 the one holding it or else the one of its year.
        case adjacent(Int)
    }

    /// A calendar unit of one year.
    public enum Period: Hashable, Sendable {
        case day(month: Int, day: Int)
        case month(Int)
        case quarter(Int)
        case half(Int)
        /// `SP`, `SU`, `FA`, `WI` (a winter is named by the year of its December).
        case season(String)
        /// An ISO 8601 week of the ISO week-year.
        case week(Int)
        case year
    }

    /// When a holiday falls.
    public enum Holiday: Hashable, Sendable {
        /// A fixed day of the Gregorian calendar.
        case fixed(month: Int, day: Int)
        /// Days from Easter Sunday (Gregorian computus).
        case easter(offset: Int)
        /// A day of the islamic-civil calendar.
        case hijriDay(month: Int, day: Int)
        /// A whole month of the islamic-civil calendar.
        case hijriMonth(Int)
    }

    public enum Form: Hashable, Sendable {
        /// A calendar unit with its year as written.
        case calendar(Period, year: Year)
        /// A decade, by its first year (1990, or 90 for "the '90s").
        case decade(Year)
        /// A century, by its first year (1800 for the 19th century).
        case century(Int)
        /// A fiscal year, named by the year it ends in, starting on the 1st of `startMonth`.
        case fiscalYear(Year, startMonth: Int)
        /// A weekday (ISO number): nil step = by the tense, -1 last, 0 this (the reference's ISO week), +1 next.
        case weekday(Int, step: Int?)
        /// Days from the reference date: today 0, yesterday -1.
        case relativeDay(Int)
        /// A unit of the reference date (`week`, `weekend`, `month`, `quarter`, `year`, or a season code) moved by
        /// `step`; a nil step is "the weekend" by the tense.
        case relativeUnit(String, step: Int?)
        /// "N units ago": a TIMEX3 unit (`H`, `D`, `W`, `M`, `Y`) and a number, nil when unknown ("a few days ago").
        case ago(unit: String, amount: Int?)
        /// A unit up to or from the reference date ("so far in 2023", "earlier this year" clip the end at the
        /// reference date; "later this year" clips the start). `unit` is `year`, `month` or `week`.
        case toDate(unit: String, year: Year, clipEnd: Bool)
        /// A length of time: TIMEX3 unit and number (nil = unknown); `anchor` -1 ends at the reference date ("the
        /// past three years"), +1 starts there ("the next two years"), 0 not anchored.
        case duration(unit: String, amount: Int?, anchor: Int)
        /// `PAST_REF`, `PRESENT_REF`, `FUTURE_REF`.
        case vague(String)
        case holiday(Holiday, year: Year)
        /// A written-out Hijri date; without its Hijri year it resolves like a holiday.
        case hijriDate(month: Int, day: Int, hijriYear: Int?)
        /// Relative to the date before it in the text: unit `day`, `week`, `month`, `year` and a step.
        case anaphor(unit: String, step: Int)
    }

    public var form: Form
    /// The part of the unit the text speaks of: `START`, `MID`, `END`.
    public var part: String?
    /// How the text relates to the unit: `APPROX`, `BEFORE`, `AFTER`, `ON_OR_AFTER`, `ON_OR_BEFORE`, `MORE_THAN`,
    /// `LESS_THAN`.
    public var relation: String?
    /// The sentence speaks of the past (-1) or the future (1): picks the occurrence of a date written without its
    /// year.
    public var tense: Int

    public init(form: Form, part: String? = nil, relation: String? = nil, tense: Int = -1) {
        self.form = form
        self.part = part
        self.relation = relation
        self.tense = tense
    }

    /// The TIMEX3 mod of the fact: the relation when there is one, else the part.
    public var mod: String? { relation ?? part }
}
