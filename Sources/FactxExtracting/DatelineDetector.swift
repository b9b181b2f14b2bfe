import FactxModel
import FactxPatterns

/// Finds a document's dateline: a newswire dateline opening the text ("SAN SALVADOR, 3 JAN 90 --", "ISLAMABAD,
/// July 30 (Reuters) -") or a date line under the title ("13 December 2023"), by the `dateline` rules of
/// `Patterns/dates/`. The pipeline calls it after extraction and before normalizing: when the document has no
/// publication date, the dateline's date is its reference date (docs/dates.md §10).
public struct DatelineDetector: Sendable {
    let rules: [DateRuleBook.Rule]
    /// How many paragraphs from the start a dateline may sit in (a title, a byline, then the dateline).
    public var paragraphs = 3

    public init(patterns: PatternSet) {
        rules = DateRuleBook(patterns: patterns).rules(.dateline)
    }

    public struct Dateline: Sendable, Equatable {
        /// The index of the date mention in the mentions given.
        public var mention: Int
        /// The dateline rule that recognised it.
        public var rule: String
    }

    /// The dateline among the date mentions of a document, if any: the first calendar day of one of the first
    /// paragraphs that a dateline rule accepts around it.
    public func detect(_ document: SegmentedDocument, mentions: [Mention]) -> Dateline? {
        guard !rules.isEmpty else { return nil }
        for paragraph in document.paragraphs.prefix(paragraphs) {
            guard let index = mentions.firstIndex(where: { paragraph.contains($0.range) && $0.type == .date }) else {
                continue
            }
            guard case .date(let expression) = mentions[index].value, case .calendar(.day, _) = expression.form,
                  expression.part == nil, expression.relation == nil else { continue }
            let paragraph16 = document.index.utf16Range(paragraph)
            let slot16 = document.index.utf16Range(mentions[index].range)
            let window = DateWindow(document, parts: [
                (paragraph16.lowerBound..<slot16.lowerBound, nil),
                (slot16, DateWindow.slot),
                (slot16.upperBound..<min(paragraph16.upperBound, slot16.upperBound + 200), nil),
            ])
            if let rule = rules.first(where: { window.firstMatch($0) != nil }) {
                return Dateline(mention: index, rule: rule.id)
            }
        }
        return nil
    }
}
