import FactxModel
import FactxPatterns
import Foundation

/// One kind of extractor: segmented text in, mentions out. Each extractor lives in its own file and is built from
/// the patterns it reads; `Extractors.all` is the one list of them.
public protocol Extractor: Sendable {
    /// Stable name, for logs and tests (`dates`, `casualties` …).
    var name: String { get }
    func extract(_ context: ExtractionContext) -> [Mention]
}

/// Options that change how text is read (set on the command line or per corpus case).
public struct ExtractionOptions: Hashable, Sendable {
    /// How to read an all-numeric date whose numbers do not decide it: `dmy` (default) or `mdy`.
    public var dateOrder: String
    /// The month fiscal years start in (1–12; default 7, July, as in Pakistan): "FY2023" is 2022-07-01..2023-06-30.
    public var fiscalYearStart: Int

    /// Whether generic mentions of a group ("the group", "the outfit") are given as group facts, resolved to the
    /// last group named before them in their paragraph (rule `generic-mention`). Off by default: they are
    /// guesses, and the gold marks no generic phrase (Patterns/groups/README.md).
    public var genericMentions: Bool

    public init(dateOrder: String = "dmy", fiscalYearStart: Int = 7, genericMentions: Bool = false) {
        self.dateOrder = dateOrder
        self.fiscalYearStart = fiscalYearStart
        self.genericMentions = genericMentions
    }

    /// Options from a `key: value` map (corpus cases, rule examples).
    public init(_ values: [String: String], base: ExtractionOptions = ExtractionOptions()) {
        self = base
        if let order = values["date_order"] { dateOrder = order }
        if let month = values["fiscal_year_start"].flatMap({ Int($0) }), (1...12).contains(month) { fiscalYearStart = month }
        if let generic = values["generic_mentions"] { genericMentions = generic == "true" }
    }
}

/// What every extractor sees of one document: the segmented text, the text as `NSString` for the regex engine
/// (built once), and the options.
public struct ExtractionContext: @unchecked Sendable {
    public let document: SegmentedDocument
    /// The text for `NSRegularExpression` (UTF-16 offsets). Immutable, shared read-only.
    public let nsText: NSString
    public let options: ExtractionOptions

    public init(document: SegmentedDocument, options: ExtractionOptions = ExtractionOptions()) {
        self.document = document
        self.nsText = document.document.text as NSString
        self.options = options
    }

    /// Every match of a rule in the document, with its named captures.
    public func matches(of rule: RegexRule) -> [RuleMatch] {
        let whole = NSRange(location: 0, length: nsText.length)
        return rule.regex.matches(in: document.document.text, range: whole).map { result in
            var captures: [String: RuleMatch.Capture] = [:]
            for name in rule.captureNames {
                let range = result.range(withName: name)
                guard range.location != NSNotFound else { continue }
                captures[name] = RuleMatch.Capture(
                    range: document.index.scalarRange(utf16: range.location, range.location + range.length),
                    text: nsText.substring(with: range))
            }
            let range = document.index.scalarRange(utf16: result.range.location, result.range.location + result.range.length)
            return RuleMatch(rule: rule, range: range, captures: captures)
        }
    }

    /// The sentence index of a mention.
    public func sentence(of range: TextRange) -> Int { document.sentenceIndex(at: range.start) }
}

/// One match of a rule: its whole span and its named captures.
public struct RuleMatch: Sendable {
    public struct Capture: Sendable {
        public var range: TextRange
        public var text: String
    }

    public var rule: RegexRule
    public var range: TextRange
    public var captures: [String: Capture]

    public subscript(_ name: String) -> String? { captures[name]?.text }
}

/// Keeps the longest of overlapping matches (the earlier rule on ties), in text order.
func longestNonOverlapping(_ matches: [RuleMatch]) -> [RuleMatch] {
    let ordered = matches.enumerated().sorted { lhs, rhs in
        if lhs.element.range.length != rhs.element.range.length { return lhs.element.range.length > rhs.element.range.length }
        if lhs.element.range.start != rhs.element.range.start { return lhs.element.range.start < rhs.element.range.start }
        return lhs.offset < rhs.offset
    }
    var kept: [RuleMatch] = []
    for (_, match) in ordered where !kept.contains(where: { $0.range.overlaps(match.range) }) {
        kept.append(match)
    }
    return kept.sorted { $0.range < $1.range }
}

/// The extractors factx runs, in order. Adding an extractor means adding it here.
public enum Extractors {
    public static func all(patterns: PatternSet) -> [any Extractor] {
        [
            DateExtractor(patterns: patterns),
            CasualtyExtractor(patterns: patterns),
            AttackCountExtractor(patterns: patterns),
            PlaceExtractor(patterns: patterns),
            GroupExtractor(patterns: patterns),
        ]
    }

    /// Runs every extractor over a document; mentions in text order.
    public static func extract(_ extractors: [any Extractor], from context: ExtractionContext) -> [Mention] {
        inTextOrder(extractors.flatMap { $0.extract(context) })
    }

    /// Runs every extractor over a document, calling `check` after each (a time budget throws there to stop the
    /// document); mentions in text order.
    public static func extract<Failure: Error>(
        _ extractors: [any Extractor], from context: ExtractionContext, checking check: () throws(Failure) -> Void
    ) throws(Failure) -> [Mention] {
        var found: [Mention] = []
        for extractor in extractors {
            found += extractor.extract(context)
            try check()
        }
        return inTextOrder(found)
    }

    static func inTextOrder(_ mentions: [Mention]) -> [Mention] {
        mentions.sorted { $0.range != $1.range ? $0.range < $1.range : $0.type < $1.type }
    }
}
