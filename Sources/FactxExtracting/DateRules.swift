import FactxModel
import FactxPatterns
import Foundation

/// The rules of `Patterns/dates/` sorted by role, each with the word classes a sentence must hold before the rule is
/// run on it (its `needs`). Matching a regular expression costs far more than looking words up, so the extractor
/// first classifies the words of each sentence and runs a rule only where all its classes occur
/// (docs/dates.md, "How the tagger works").
struct DateRuleBook: Sendable {
    /// What a rule does (the rule attribute `role`; `date` when absent).
    enum Role: String, Sendable, CaseIterable {
        /// Finds a date expression.
        case date
        /// Finds a range and gives one date per end point (captures `first` and `second`).
        case range
        /// Extends a list or range after a date already found (`{slot}` stands for it).
        case continuation
        /// Says that two neighbouring dates form a range (`{slot}` and `{second_slot}`).
        case link
        /// Takes a part of a date or relates to it, and joins its span.
        case modifier
        /// Names a span that is never a date.
        case veto
        /// Says that a clause speaks of the future.
        case futureCue = "future_cue"
        /// Recognises a dateline around a date (`{slot}`).
        case dateline
    }

    struct Rule: Sendable {
        let regex: RegexRule
        let role: Role
        /// The classes that must all occur in the sentence (or, for modifiers, next to the date).
        let needs: UInt64
        /// The first class it needs: a match holds a token of it.
        let anchor: UInt64?
        /// How far a match can reach before and after its anchor token, in characters (attribute `reach: "B A"`).
        let reach: (before: Int, after: Int)
        /// The pattern looks for the start of the text (`^`): it must see the whole sentence.
        let needsSentenceStart: Bool
        var id: String { regex.id }
        func attribute(_ name: String) -> String? { regex.attributes[name] }
    }

    /// Built-in classes, computed from a token's text: any number, a four-digit year 1800..2099, a code such as
    /// `FY23`, `Q3`, `H1`, a decade (`1990s`, `80s`), and digits joined by `/`, `.` or `-` (`30/07/2023`).
    static let digitsClass: UInt64 = 1 << 0
    static let yearClass: UInt64 = 1 << 1
    static let codeClass: UInt64 = 1 << 2
    static let decadeClass: UInt64 = 1 << 3
    static let joinedDigitsClass: UInt64 = 1 << 4
    /// An apostrophe glued to two digits (`'23`, `’07`): a sentence-wide class.
    static let apostropheDigitsClass: UInt64 = 1 << 5
    static let builtins: [String: UInt64] = [
        "digits": digitsClass, "year": yearClass, "code": codeClass, "decade": decadeClass, "joined_digits": joinedDigitsClass,
        "apostrophe_digits": apostropheDigitsClass,
    ]

    private(set) var rules: [Role: [Rule]] = [:]
    /// Token key → the classes it belongs to.
    private(set) var wordClasses: [String: UInt64] = [:]
    /// Problems found in the rules' attributes (an unknown role or class): reported by the tests.
    private(set) var problems: [String] = []
    /// The union of the classes the finding rules need: a sentence without any of them is skipped at once.
    private(set) var anyFinding: UInt64 = 0
    /// Some finding rule needs no class: every sentence must be tried.
    private(set) var runsOnEverySentence = false

    init(patterns: PatternSet) {
        var classBits = Self.builtins
        var nextBit = Self.builtins.count
        let lexicon = patterns.lexicon
        func bit(for name: String) -> UInt64? {
            if let known = classBits[name] { return known }
            let words: [String]
            if name.hasPrefix("=") {
                words = [LooseKey.key(name.dropFirst())]
            } else if let list = lexicon.lists[name] {
                words = list.compactMap(Self.triggerWord)
            } else if let map = lexicon.maps[name] {
                words = map.keys.compactMap(Self.triggerWord)
            } else {
                return nil
            }
            guard nextBit < 64 else { return 0 }  // out of bits: the class no longer filters (safe, only slower)
            let value: UInt64 = 1 << UInt64(nextBit)
            nextBit += 1
            classBits[name] = value
            for word in words { wordClasses[word, default: 0] |= value }
            return value
        }
        for rule in patterns.rules(in: "dates") {
            let roleName = rule.attributes["role"] ?? "date"
            guard let role = Role(rawValue: roleName) else {
                problems.append("\(rule.location): rule '\(rule.id)' has an unknown role '\(roleName)'")
                continue
            }
            var needs: UInt64 = 0
            var anchor: UInt64?
            for name in (rule.attributes["needs"] ?? "").split(separator: " ").map(String.init) {
                if let value = bit(for: name) {
                    needs |= value
                    if anchor == nil, value != 0 { anchor = value }
                } else {
                    problems.append("\(rule.location): rule '\(rule.id)' needs '\(name)', which is no class")
                }
            }
            if needs == 0, [.date, .range, .continuation, .modifier, .veto].contains(role) {
                problems.append("\(rule.location): rule '\(rule.id)' declares no `needs`: it would run on every sentence")
            }
            let reach = (rule.attributes["reach"] ?? "").split(separator: " ").compactMap { Int($0) }
            if rule.attributes["reach"] != nil, reach.count != 2 {
                problems.append("\(rule.location): rule '\(rule.id)' has a reach that is not two numbers (before after)")
            }
            let fallback = role == .veto ? (32, 32) : (72, 72)
            rules[role, default: []].append(Rule(
                regex: rule, role: role, needs: needs, anchor: anchor,
                reach: reach.count == 2 ? (reach[0], reach[1]) : fallback,
                needsSentenceStart: rule.pattern.utf8.contains(UInt8(ascii: "^"))))
            if role == .date || role == .range {
                anyFinding |= needs
                if needs == 0 { runsOnEverySentence = true }
            }
        }
    }

    func rules(_ role: Role) -> [Rule] { rules[role] ?? [] }

    /// The word a phrase is indexed by: its longest word, keyed as the segmenter keys tokens (a phrase cannot match
    /// without it, and "Independence" is rarer than "Day"). Hyphens may vanish in the text ("Eidul Azha"), so a
    /// hyphenated part counts as a word.
    static func triggerWord(_ phrase: String) -> String? {
        let words = LooseKey.words(phrase.replacingOccurrences(of: "-", with: " ")).map(\.key).filter { $0 != "'s" }
        return words.max { $0.count != $1.count ? $0.count < $1.count : $0 > $1 }
    }

    static func startsWithDigit(_ key: String) -> Bool {
        guard let first = key.utf8.first else { return false }
        return first >= 0x30 && first <= 0x39
    }

    /// The classes of one token.
    func classes(of token: Token) -> UInt64 {
        var value = wordClasses[token.key] ?? 0
        let units = token.key.utf8
        guard let first = units.first else { return value }
        if first >= 0x30, first <= 0x39 {
            value |= Self.digitsClass
            var year = 0
            var count = 0
            for unit in units {
                guard unit >= 0x30, unit <= 0x39 else { break }
                year = year * 10 + Int(unit - 0x30)
                count += 1
                if count > 4 { break }
            }
            if count == 4, (1800...2099).contains(year) { value |= Self.yearClass }
            if (count == 2 || count == 4), units.count == count + 1, units.last == 0x73 { value |= Self.decadeClass }  // 1990s
        } else if first == 0x66 || first == 0x71 || first == 0x68 {  // f, q, h: FY23, Q3, H1
            let scalars = Array(units)
            let digitAt = first == 0x66 ? 2 : 1
            if first == 0x66, scalars.count >= 2, scalars[1] == 0x79, scalars.count == 2 || (scalars[2] >= 0x30 && scalars[2] <= 0x39) {
                value |= Self.codeClass
            } else if first != 0x66, scalars.count > digitAt, scalars[digitAt] >= 0x30, scalars[digitAt] <= 0x39 {
                value |= Self.codeClass
            }
        }
        return value
    }

    /// The classes of every token of a document (punctuation has none) and of every sentence.
    func classify(_ document: SegmentedDocument) -> DocumentClasses {
        let tokens = document.tokens
        var tokenClasses = [UInt64](repeating: 0, count: tokens.count)
        var sentences = [UInt64](repeating: 0, count: document.sentences.count)
        for (index, token) in tokens.enumerated() where token.sentence < sentences.count {
            if token.kind != .punctuation {
                let value = classes(of: token)
                tokenClasses[index] = value
                sentences[token.sentence] |= value
                if Self.startsWithDigit(token.key), token.key.utf8.contains(0x2E) {
                    sentences[token.sentence] |= Self.joinedDigitsClass  // 30.07.2023 is one token
                }
            } else if index > 0, index + 1 < tokens.count, token.range.length == 1,
                      tokens[index - 1].range.end == token.range.start, tokens[index + 1].range.start == token.range.end,
                      Self.startsWithDigit(tokens[index - 1].key), Self.startsWithDigit(tokens[index + 1].key),
                      ["/", "-", ".", "–"].contains(token.key) {
                sentences[token.sentence] |= Self.joinedDigitsClass
            }
            if token.kind == .punctuation, token.key == "'", index + 1 < tokens.count,
               tokens[index + 1].range.start == token.range.end, Self.startsWithDigit(tokens[index + 1].key) {
                sentences[token.sentence] |= Self.apostropheDigitsClass
            }
        }
        return DocumentClasses(document: document, tokens: tokenClasses, sentences: sentences)
    }

    /// Where a rule can match in a sentence: around each token of the first class it needs (a match holds one of
    /// them and reaches no further from it than the rule's `reach`), merged. Rules that look for the sentence's
    /// start (`^`), or whose first class is not a token's, get the whole sentence.
    func windows(for rule: Rule, in sentence: Sentence, _ classes: DocumentClasses) -> [TextRange] {
        guard !rule.needsSentenceStart, let anchor = rule.anchor else { return [sentence.range] }
        let tokens = classes.document.tokens
        var windows: [TextRange] = []
        var index = classes.document.firstToken(atOrAfter: sentence.range.start)
        while index < tokens.count, tokens[index].range.start < sentence.range.end {
            defer { index += 1 }
            guard classes.tokens[index] & anchor != 0 else { continue }
            let token = tokens[index]
            let window = TextRange(
                max(sentence.range.start, token.range.start - rule.reach.before),
                min(sentence.range.end, token.range.end + rule.reach.after))
            if let last = windows.last, last.end >= window.start {
                windows[windows.count - 1] = TextRange(last.start, max(last.end, window.end))
            } else {
                windows.append(window)
            }
        }
        return windows.isEmpty ? [sentence.range] : windows
    }
}

/// The word classes of a document's tokens and sentences, computed once.
struct DocumentClasses {
    let document: SegmentedDocument
    let tokens: [UInt64]
    let sentences: [UInt64]

    /// The classes of the tokens that start in a scalar range.
    func classes(in range: TextRange) -> UInt64 {
        var value: UInt64 = 0
        var index = document.firstToken(atOrAfter: range.start)
        while index < tokens.count, document.tokens[index].range.start < range.end {
            value |= tokens[index]
            index += 1
        }
        return value
    }
}

/// One match of a date rule, with its captures, in scalar offsets of the document text.
struct DateMatch: Sendable {
    struct Capture: Sendable {
        var range: TextRange
        var text: String
    }

    var rule: DateRuleBook.Rule
    var range: TextRange
    var captures: [String: Capture]

    subscript(_ name: String) -> String? { captures[name]?.text }
    /// The span of the fact: the `span` capture, else the whole match.
    var span: TextRange { captures["span"]?.range ?? range }
}

/// A piece of text a rule is run on: a sentence, or text around one or two dates already found, each standing in
/// the text as one placeholder character (`{slot}` U+E000, `{second_slot}` U+E001). Maps the regex engine's UTF-16
/// offsets back to scalar offsets of the document.
struct DateWindow {
    /// Where each piece of the window comes from: `docStart..<docEnd` (UTF-16 offsets of the document) fills
    /// `windowStart..<windowStart + length` of the window; a slot piece has length 1 and stands for the whole range.
    struct Piece {
        var windowStart: Int
        var length: Int
        var docStart: Int
        var docEnd: Int
        var isSlot: Bool
    }

    let text: String
    let units: [UInt16]
    let pieces: [Piece]
    let index: TextIndex

    /// A plain stretch of the document (UTF-16 range).
    init(_ document: SegmentedDocument, utf16 range: Range<Int>) {
        index = document.index
        units = Array(document.index.utf16[range])
        // Sliced from the document's own String (UTF-8 copied as it is), not transcoded from UTF-16.
        let text16 = document.index.text.utf16
        let start = text16.index(text16.startIndex, offsetBy: range.lowerBound)
        let end = text16.index(start, offsetBy: range.count)
        text = String(document.index.text[start..<end])
        pieces = [Piece(windowStart: 0, length: units.count, docStart: range.lowerBound, docEnd: range.upperBound, isSlot: false)]
    }

    /// Text of the document with slots: each element is either a UTF-16 range of text kept as it is, or a range
    /// that a slot character stands for.
    init(_ document: SegmentedDocument, parts: [(range: Range<Int>, slot: UInt16?)]) {
        index = document.index
        var units: [UInt16] = []
        var pieces: [Piece] = []
        for part in parts {
            if let slot = part.slot {
                pieces.append(Piece(
                    windowStart: units.count, length: 1, docStart: part.range.lowerBound, docEnd: part.range.upperBound,
                    isSlot: true))
                units.append(slot)
            } else if !part.range.isEmpty {
                pieces.append(Piece(
                    windowStart: units.count, length: part.range.count, docStart: part.range.lowerBound,
                    docEnd: part.range.upperBound, isSlot: false))
                units.append(contentsOf: document.index.utf16[part.range])
            }
        }
        self.units = units
        self.pieces = pieces
        text = String(decoding: units, as: UTF16.self)
    }

    static let slot: UInt16 = 0xE000
    static let secondSlot: UInt16 = 0xE001

    /// The document UTF-16 offset of a window offset. The pieces are contiguous in the document, so an offset
    /// between two pieces maps to the same place from either side; a slot's start maps to the start of what it
    /// stands for and its end to the end.
    func documentOffset(_ offset: Int) -> Int {
        for piece in pieces where offset >= piece.windowStart && offset <= piece.windowStart + piece.length {
            if piece.isSlot { return offset == piece.windowStart ? piece.docStart : piece.docEnd }
            return piece.docStart + (offset - piece.windowStart)
        }
        return pieces.last?.docEnd ?? 0
    }

    func scalarRange(_ range: NSRange) -> TextRange {
        let start = documentOffset(range.location)
        let end = documentOffset(range.location + range.length)
        return index.scalarRange(utf16: start, max(start, end))
    }

    /// Every match of a rule in the window, or in a part of it (UTF-16 offsets of the window); lookarounds and
    /// word boundaries still see the whole window.
    func matches(_ rule: DateRuleBook.Rule, in part: Range<Int>? = nil) -> [DateMatch] {
        let range = part.map { NSRange(location: $0.lowerBound, length: $0.count) } ?? NSRange(location: 0, length: units.count)
        return rule.regex.regex.matches(in: text, options: [.withTransparentBounds, .withoutAnchoringBounds], range: range)
            .map { match(rule, $0) }
    }

    /// The first match of a rule in the window.
    func firstMatch(_ rule: DateRuleBook.Rule) -> DateMatch? {
        let whole = NSRange(location: 0, length: units.count)
        return rule.regex.regex.firstMatch(in: text, range: whole).map { match(rule, $0) }
    }

    private func match(_ rule: DateRuleBook.Rule, _ result: NSTextCheckingResult) -> DateMatch {
        var captures: [String: DateMatch.Capture] = [:]
        for name in rule.regex.captureNames {
            let range = result.range(withName: name)
            guard range.location != NSNotFound else { continue }
            captures[name] = DateMatch.Capture(
                range: scalarRange(range),
                text: String(decoding: units[range.location..<range.location + range.length], as: UTF16.self))
        }
        return DateMatch(rule: rule, range: scalarRange(result.range), captures: captures)
    }
}
