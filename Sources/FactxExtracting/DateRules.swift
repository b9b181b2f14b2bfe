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
        var id: String { regex.id }
        func attribute(_ name: String) -> String? { regex.attributes[name] }
    }

    /// Built-in classes, computed from a token's text: any number, a four-digit year 1800..2099, a code such as
    /// `FY23`, `Q3`, `H1`.
    static let digitsClass: UInt64 = 1 << 0
    static let yearClass: UInt64 = 1 << 1
    static let codeClass: UInt64 = 1 << 2

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
        var classBits: [String: UInt64] = ["digits": Self.digitsClass, "year": Self.yearClass, "code": Self.codeClass]
        var nextBit = 3
        let lexicon = patterns.lexicon
        func bit(for name: String) -> UInt64? {
            if let known = classBits[name] { return known }
            let words: [String]
            if name.hasPrefix("=") {
                words = [LooseKey.key(name.dropFirst())]
            } else if let list = lexicon.lists[name] {
                words = list.flatMap { Lexicon.fold($0).split(separator: " ").map(String.init) }
            } else if let map = lexicon.maps[name] {
                words = map.keys.flatMap { $0.split(separator: " ").map(String.init) }
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
            for name in (rule.attributes["needs"] ?? "").split(separator: " ").map(String.init) {
                if let value = bit(for: name) {
                    needs |= value
                } else {
                    problems.append("\(rule.location): rule '\(rule.id)' needs '\(name)', which is no class")
                }
            }
            if needs == 0, [.date, .range, .continuation, .modifier, .veto].contains(role) {
                problems.append("\(rule.location): rule '\(rule.id)' declares no `needs`: it would run on every sentence")
            }
            rules[role, default: []].append(Rule(regex: rule, role: role, needs: needs))
            if role == .date || role == .range {
                anyFinding |= needs
                if needs == 0 { runsOnEverySentence = true }
            }
        }
    }

    func rules(_ role: Role) -> [Rule] { rules[role] ?? [] }

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

    /// The classes of every sentence of a document.
    func sentenceClasses(_ document: SegmentedDocument) -> [UInt64] {
        var masks = [UInt64](repeating: 0, count: document.sentences.count)
        for token in document.tokens where token.kind != .punctuation && token.sentence < masks.count {
            masks[token.sentence] |= classes(of: token)
        }
        return masks
    }

    /// The classes of the tokens that start in a scalar range.
    func classes(in range: TextRange, of document: SegmentedDocument) -> UInt64 {
        var value: UInt64 = 0
        var index = document.firstToken(atOrAfter: range.start)
        while index < document.tokens.count, document.tokens[index].range.start < range.end {
            if document.tokens[index].kind != .punctuation { value |= classes(of: document.tokens[index]) }
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
        text = String(decoding: units, as: UTF16.self)
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

    /// Every match of a rule in the window.
    func matches(_ rule: DateRuleBook.Rule) -> [DateMatch] {
        let whole = NSRange(location: 0, length: units.count)
        return rule.regex.regex.matches(in: text, range: whole).map { match(rule, $0) }
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
