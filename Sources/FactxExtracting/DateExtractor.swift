import FactxModel
import FactxPatterns

/// Finds date expressions with the rules of `Patterns/dates/` and reads what they say (calendar fields, parts,
/// relations, tense). Resolving them against the reference date, and anaphors against the date before them, is the
/// normalizer's work (docs/dates.md).
///
/// Per sentence, in order (docs/dates.md, "How the tagger works"):
/// 1. the words of the sentence are classified, and only the rules whose `needs` all occur are run;
/// 2. finding rules (`date`, `range`) give candidates; vetoes drop those inside a span that is never a date; of
///    overlapping candidates the longest match wins (the earlier rule on ties);
/// 3. continuation rules extend lists and ranges after a candidate ("in 2014, 2016 and 2018", "2007-09");
/// 4. modifier rules join the words before or after a candidate that take a part of it or relate to it ("late",
///    "the end of", "since", "from … onwards"), the part first;
/// 5. link rules pair neighbouring candidates into ranges, so that an end without a year borrows the other's;
/// 6. a date whose occurrence depends on the tense gets the tense of its clause (future cue rules).
public struct DateExtractor: Extractor {
    public let name = "dates"
    let book: DateRuleBook
    let reader: DateReader
    /// Finding rules in file order (the order breaks ties between equally long matches).
    let findingRules: [DateRuleBook.Rule]

    public init(patterns: PatternSet) {
        let book = DateRuleBook(patterns: patterns)
        self.book = book
        reader = DateReader(patterns: patterns)
        findingRules = patterns.rules(in: "dates").compactMap { rule in
            book.rules(.date).first { $0.id == rule.id } ?? book.rules(.range).first { $0.id == rule.id }
        }
    }

    /// Problems with the date rules' attributes (unknown roles or classes, rules that need nothing).
    public var ruleProblems: [String] { book.problems }

    /// A date found in a sentence, before it becomes a mention.
    struct Candidate {
        /// The fact's span.
        var range: TextRange
        /// The span that competes with other matches (a range rule's whole match).
        var group: TextRange
        var expression: DateExpression
        var rule: String
        /// The finding rule's position, for ties.
        var order: Int
    }

    public func extract(_ context: ExtractionContext) -> [Mention] {
        let document = context.document
        let classes = book.classify(document)
        var mentions: [Mention] = []
        for sentence in document.sentences {
            let mask = classes.sentences[sentence.index]
            guard book.runsOnEverySentence || mask & book.anyFinding != 0 else { continue }
            for candidate in candidates(in: sentence, mask: mask, classes: classes, context: context) {
                mentions.append(Mention(
                    type: .date, range: candidate.range, rule: candidate.rule, sentence: sentence.index,
                    value: .date(candidate.expression)))
            }
        }
        return mentions
    }

    func candidates(in sentence: Sentence, mask: UInt64, classes: DocumentClasses, context: ExtractionContext) -> [Candidate] {
        let document = context.document
        let range16 = document.index.utf16Range(sentence.range)
        var window: DateWindow?
        func sentenceWindow() -> DateWindow {
            if let window { return window }
            let made = DateWindow(document, utf16: range16)
            window = made
            return made
        }
        var found: [Candidate] = []
        for (order, rule) in findingRules.enumerated() where rule.needs & mask == rule.needs {
            let parts = book.windows(for: rule, in: sentence, classes).map { part in
                (document.index.utf16Offset(scalar: part.start) - range16.lowerBound)..<(document.index.utf16Offset(scalar: part.end) - range16.lowerBound)
            }
            for match in parts.flatMap({ sentenceWindow().matches(rule, in: $0) }) {
                let group = rule.role == .range ? match.range : match.span
                for (range, expression) in reader.expressions(match, options: context.options) where !range.isEmpty {
                    found.append(Candidate(range: range, group: group, expression: expression, rule: rule.id, order: order))
                }
            }
        }
        guard !found.isEmpty else { return [] }
        // A veto only matters where it holds a candidate: each is tried around the candidates whose neighbourhood
        // holds the classes it needs.
        let vetoes = book.rules(.veto).filter { $0.needs & mask == $0.needs }
        if !vetoes.isEmpty {
            found.removeAll { candidate in
                let around = TextRange(max(sentence.range.start, candidate.range.start - 32), min(sentence.range.end, candidate.range.end + 32))
                let near = classes.classes(in: around)
                return vetoes.contains { rule in
                    guard rule.needs & near == rule.needs else { return false }
                    let part = TextRange(
                        max(sentence.range.start, candidate.range.start - rule.reach.before),
                        min(sentence.range.end, candidate.range.end + rule.reach.after))
                    let part16 = (document.index.utf16Offset(scalar: part.start) - range16.lowerBound)..<(document.index.utf16Offset(scalar: part.end) - range16.lowerBound)
                    return sentenceWindow().matches(rule, in: part16).contains { $0.span.contains(candidate.range) }
                }
            }
        }
        found = DateExtractor.longestNonOverlapping(found)
        found = continueLists(found, sentence: sentence, mask: mask, classes: classes, context: context)
        found = applyModifiers(found, sentence: sentence, classes: classes)
        linkRanges(&found, document: document)
        setTenses(&found, sentence: sentence, document: document, mask: mask)
        return found
    }

    /// Of overlapping matches the longest wins, then the earlier, then the earlier rule; a range rule's two ends
    /// stand or fall together.
    static func longestNonOverlapping(_ candidates: [Candidate]) -> [Candidate] {
        struct Group {
            var range: TextRange
            var order: Int
            var members: [Candidate]
        }
        var groups: [Group] = []
        for candidate in candidates {
            if let index = groups.firstIndex(where: { $0.range == candidate.group && $0.order == candidate.order }) {
                if !groups[index].members.contains(where: { $0.range == candidate.range }) {
                    groups[index].members.append(candidate)
                }
            } else {
                groups.append(Group(range: candidate.group, order: candidate.order, members: [candidate]))
            }
        }
        groups.sort { lhs, rhs in
            if lhs.range.length != rhs.range.length { return lhs.range.length > rhs.range.length }
            if lhs.range.start != rhs.range.start { return lhs.range.start < rhs.range.start }
            return lhs.order < rhs.order
        }
        var kept: [Group] = []
        for group in groups where !kept.contains(where: { $0.range.overlaps(group.range) }) {
            kept.append(group)
        }
        return kept.flatMap(\.members).sorted { $0.range < $1.range }
    }

    // MARK: Continuations

    /// What kind of date a continuation rule may follow (its attribute `after`).
    static func kind(_ expression: DateExpression) -> String {
        switch expression.form {
        case .calendar(.year, _): "year"
        case .calendar(.month, _): "month"
        case .calendar(.day, _): "day"
        case .decade: "decade"
        default: "other"
        }
    }

    func continueLists(
        _ candidates: [Candidate], sentence: Sentence, mask: UInt64, classes: DocumentClasses, context: ExtractionContext
    ) -> [Candidate] {
        let rules = book.rules(.continuation).filter { $0.needs & mask == $0.needs }
        guard !rules.isEmpty else { return candidates }
        let document = context.document
        let sentenceEnd16 = document.index.utf16Offset(scalar: sentence.range.end)
        var found = candidates
        var index = 0
        while index < found.count {
            let candidate = found[index]
            let kind = DateExtractor.kind(candidate.expression)
            index += 1
            guard candidate.expression.part == nil, candidate.expression.relation == nil else { continue }
            // What follows must hold the classes a continuation needs ("and 2022" a year).
            let near = classes.classes(in: TextRange(candidate.range.end, min(sentence.range.end, candidate.range.end + 16)))
            let applicable = rules.filter { $0.attribute("after") == kind && $0.needs & near == $0.needs }
            guard !applicable.isEmpty else { continue }
            let slot16 = document.index.utf16Range(candidate.range)
            let after = slot16.upperBound..<min(sentenceEnd16, slot16.upperBound + 40)
            let window = DateWindow(document, parts: [(slot16, DateWindow.slot), (after, nil)])
            for rule in applicable {
                guard let match = window.firstMatch(rule) else { continue }
                let span = match.span
                guard !span.isEmpty, !found.contains(where: { $0.range.overlaps(span) }) else { continue }
                guard let expression = continuation(match, after: candidate.expression, options: context.options) else { continue }
                found.insert(
                    Candidate(range: span, group: span, expression: expression, rule: rule.id, order: candidate.order),
                    at: index)
                break
            }
        }
        return found
    }

    /// The date a continuation gives; "2007-09" takes the first end's century.
    func continuation(_ match: DateMatch, after previous: DateExpression, options: ExtractionOptions) -> DateExpression? {
        if let text = match["yyend"], let digits = Int(text) {
            guard case .calendar(.year, .explicit(let first)) = previous.form else { return nil }
            var year = first - first % 100 + digits
            if year <= first { year += 100 }
            guard year - first <= 50 else { return nil }
            return DateExpression(form: .calendar(.year, year: .explicit(year)))
        }
        return reader.expressions(match, options: options).first?.expression
    }

    // MARK: Modifiers

    static func isPoint(_ expression: DateExpression) -> Bool {
        switch expression.form {
        case .duration, .vague, .toDate: false
        default: true
        }
    }

    /// Holidays take no relation: "before Eid" speaks of the days before the feast (docs/dates.md §3).
    static func isHoliday(_ expression: DateExpression) -> Bool {
        switch expression.form {
        case .holiday, .hijriDate: true
        default: false
        }
    }

    static func isUnanchoredDuration(_ expression: DateExpression) -> Bool {
        if case .duration(_, _, 0) = expression.form { return true }
        return false
    }

    func applyModifiers(_ candidates: [Candidate], sentence: Sentence, classes: DocumentClasses) -> [Candidate] {
        let document = classes.document
        let rules = book.rules(.modifier)
        guard !rules.isEmpty else { return candidates }
        let sentence16 = document.index.utf16Range(sentence.range)
        var found = candidates
        for index in found.indices {
            var candidate = found[index]
            for _ in 0..<4 {
                let before = TextRange(max(sentence.range.start, candidate.range.start - 48), candidate.range.start)
                let after = TextRange(candidate.range.end, min(sentence.range.end, candidate.range.end + 16))
                let near = classes.classes(in: before) | classes.classes(in: after)
                var applied = false
                for rule in rules where rule.needs & near == rule.needs {
                    let applies = rule.attribute("applies") ?? "point"
                    guard applies == "duration" ? DateExtractor.isUnanchoredDuration(candidate.expression)
                        : DateExtractor.isPoint(candidate.expression) else { continue }
                    let givesPart = rule.regex.captureNames.contains("part") || rule.attribute("part") != nil
                    if givesPart, candidate.expression.part != nil || candidate.expression.relation != nil { continue }
                    if !givesPart, candidate.expression.relation != nil || DateExtractor.isHoliday(candidate.expression) { continue }
                    let slot16 = document.index.utf16Range(candidate.range)
                    let window = DateWindow(document, parts: [
                        (max(sentence16.lowerBound, slot16.lowerBound - 60)..<slot16.lowerBound, nil),
                        (slot16, DateWindow.slot),
                        (slot16.upperBound..<min(sentence16.upperBound, slot16.upperBound + 24), nil),
                    ])
                    guard let match = window.firstMatch(rule), match.span.contains(candidate.range),
                          match.span != candidate.range else { continue }
                    let span = match.span
                    if found.indices.contains(where: { $0 != index && found[$0].range.overlaps(span) }) { continue }
                    if givesPart {
                        guard let part = rule.attribute("part") ?? reader.string(match["part"], in: "date_parts") else { continue }
                        candidate.expression.part = part
                    } else {
                        let map = applies == "duration" ? "duration_relations" : "date_relations"
                        guard let relation = rule.attribute("relation") ?? reader.string(match["relation"], in: map) else { continue }
                        candidate.expression.relation = relation
                    }
                    candidate.range = span
                    candidate.rule = rule.id
                    applied = true
                    break
                }
                if !applied { break }
            }
            found[index] = candidate
        }
        return found
    }

    // MARK: Ranges

    /// The calendar period and year of a candidate, when it is a calendar date.
    static func calendarParts(_ expression: DateExpression) -> (DateExpression.Period, DateExpression.Year)? {
        if case .calendar(let period, let year) = expression.form { return (period, year) }
        return nil
    }

    /// A comparable position of a period inside its year (month * 100 + day), for borrowed years.
    static func position(_ period: DateExpression.Period) -> Int? {
        switch period {
        case .day(let month, let day): month * 100 + day
        case .month(let month): month * 100
        default: nil
        }
    }

    func linkRanges(_ candidates: inout [Candidate], document: SegmentedDocument) {
        let rules = book.rules(.link)
        guard !rules.isEmpty, candidates.count >= 2 else { return }
        for index in 0..<(candidates.count - 1) {
            let first = candidates[index]
            let second = candidates[index + 1]
            guard let (firstPeriod, firstYear) = DateExtractor.calendarParts(first.expression),
                  let (secondPeriod, secondYear) = DateExtractor.calendarParts(second.expression),
                  let firstPosition = DateExtractor.position(firstPeriod),
                  let secondPosition = DateExtractor.position(secondPeriod) else { continue }
            let borrowForward: Bool
            switch (firstYear, secondYear) {
            case (.none, .explicit): borrowForward = true
            case (.explicit, .none): borrowForward = false
            default: continue
            }
            let first16 = document.index.utf16Range(first.range)
            let second16 = document.index.utf16Range(second.range)
            guard first16.upperBound <= second16.lowerBound else { continue }
            let window = DateWindow(document, parts: [
                (first16, DateWindow.slot), (first16.upperBound..<second16.lowerBound, nil), (second16, DateWindow.secondSlot),
            ])
            guard rules.contains(where: { window.firstMatch($0) != nil }) else { continue }
            if borrowForward, case .explicit(let year) = secondYear {
                let borrowed = firstPosition > secondPosition ? year - 1 : year
                candidates[index].expression.form = .calendar(firstPeriod, year: .explicit(borrowed))
            } else if case .explicit(let year) = firstYear {
                let borrowed = secondPosition < firstPosition ? year + 1 : year
                candidates[index + 1].expression.form = .calendar(secondPeriod, year: .explicit(borrowed))
            }
        }
    }

    // MARK: Tense

    /// Whether a date's occurrence depends on the tense of its clause (docs/dates.md §5).
    static func needsTense(_ expression: DateExpression) -> Bool {
        switch expression.form {
        case .calendar(_, let year), .holiday(_, let year): year == .none
        case .weekday(_, let step), .relativeUnit(_, let step): step == nil
        case .hijriDate(_, _, let hijriYear): hijriYear == nil
        default: false
        }
    }

    func setTenses(_ candidates: inout [Candidate], sentence: Sentence, document: SegmentedDocument, mask: UInt64) {
        guard candidates.contains(where: { DateExtractor.needsTense($0.expression) }) else { return }
        let rules = book.rules(.futureCue).filter { $0.needs & mask == $0.needs }
        let sentence16 = document.index.utf16Range(sentence.range)
        // Clauses: the sentence cut at semicolons.
        var clauses: [Range<Int>] = []
        var start = sentence16.lowerBound
        for offset in sentence16 where document.index.utf16[offset] == 0x3B {
            clauses.append(start..<offset)
            start = offset + 1
        }
        clauses.append(start..<sentence16.upperBound)
        var tenses: [Int: Int] = [:]
        for index in candidates.indices where DateExtractor.needsTense(candidates[index].expression) {
            let position = document.index.utf16Offset(scalar: candidates[index].range.start)
            let clause = clauses.firstIndex { $0.contains(position) } ?? clauses.count - 1
            if tenses[clause] == nil {
                let window = DateWindow(document, utf16: clauses[clause])
                tenses[clause] = rules.contains { window.firstMatch($0) != nil } ? 1 : -1
            }
            candidates[index].expression.tense = tenses[clause] ?? -1
        }
    }
}
