import FactxModel

/// Finds names in tokenized text: every name and alias of a gazetteer or alias table, matched on loose word keys,
/// longest first, left to right.
///
/// A name matches a run of word tokens whose keys equal the name's words, separated in the text only by spaces,
/// hyphens or dashes (or nothing, before a possessive "'s"), inside one sentence. A name written with no lower-case
/// letter ("KP", "TTP", "IS") matches only tokens written with no lower-case letter.
public struct PhraseTable<Entry: Sendable>: Sendable {
    public struct Candidate: Sendable {
        /// Index of the entry in `entries`.
        public var entry: Int
        /// The name or alias, as written in the table, that matched.
        public var alias: String
        public var requiresNoLowercase: Bool
    }

    public private(set) var entries: [Entry] = []
    /// Space-joined word keys → candidates.
    private var phrases: [String: [Candidate]] = [:]
    /// Every text that some key continues with a space ("khyber" for "khyber pakhtunkhwa"): a run of tokens whose
    /// joined keys are not in it can grow into no longer name, so `matches` stops there instead of going on to
    /// `longest` words from every token.
    private var continued: Set<String> = []
    private var longest = 0

    public init() {}

    /// Adds an entry with its names; returns its index.
    @discardableResult
    public mutating func add(_ entry: Entry, names: [String]) -> Int {
        let index = entries.count
        entries.append(entry)
        var added: Set<String> = []
        for name in names {
            guard let (key, count, noLowercase) = PhraseTable.key(name) else { continue }
            guard added.insert(key + (noLowercase ? "\u{1}" : "")).inserted else { continue }
            phrases[key, default: []].append(Candidate(entry: index, alias: name, requiresNoLowercase: noLowercase))
            var utf8 = key.utf8[...]
            while let space = utf8.lastIndex(of: 0x20) {
                utf8 = utf8[..<space]
                guard continued.insert(String(Substring(utf8))).inserted else { break }
            }
            longest = max(longest, count)
        }
        return index
    }

    /// The lookup key of a name (its word keys joined by spaces, a leading "the" dropped), its word count, and
    /// whether it is written with no lower-case letter.
    public static func key(_ name: String) -> (key: String, words: Int, noLowercase: Bool)? {
        var words = LooseKey.words(name)
        if words.count > 1, words[0].key == "the" { words.removeFirst() }
        guard !words.isEmpty else { return nil }
        let noLowercase = words.allSatisfy(\.hasNoLowercase)
            && name.unicodeScalars.contains { $0.properties.isUppercase }
        return (words.map(\.key).joined(separator: " "), words.count, noLowercase)
    }

    /// Entries a name (as written) can refer to.
    public func lookup(_ name: String) -> [Candidate] {
        guard let (key, _, noLowercase) = PhraseTable.key(name) else { return [] }
        return (phrases[key] ?? []).filter { !$0.requiresNoLowercase || noLowercase }
    }

    public struct Match: Sendable {
        public var range: TextRange
        /// First and one-past-last token index.
        public var tokens: Range<Int>
        public var candidates: [Candidate]
    }

    /// Longest matches, left to right, never overlapping.
    public func matches(in document: SegmentedDocument) -> [Match] {
        let tokens = document.tokens
        let units = document.index.utf16
        var result: [Match] = []
        var start = 0
        while start < tokens.count {
            guard tokens[start].kind != .punctuation, tokens[start].key != "'s" else {
                start += 1
                continue
            }
            var key = ""
            var best: (end: Int, candidates: [Candidate])?
            var end = start
            var words = 0
            var previous: Token?
            var allNoLowercase = true
            while end < tokens.count, words < longest {
                let token = tokens[end]
                if token.kind == .punctuation {
                    // Hyphens and dashes join the words of a name ("Tehreek-e-Taliban"); other punctuation ends it.
                    if PhraseTable.isGap(units[token.utf16]) {
                        end += 1
                        continue
                    }
                    break
                }
                if let previous {
                    guard previous.sentence == token.sentence,
                          PhraseTable.isGap(units[previous.utf16.upperBound..<token.utf16.lowerBound]) else { break }
                    key += " "
                }
                key += token.key
                if token.key != "'s" { allNoLowercase = allNoLowercase && token.hasNoLowercase }
                if let candidates = phrases[key] {
                    let fitting = candidates.filter { !$0.requiresNoLowercase || allNoLowercase }
                    if !fitting.isEmpty { best = (end + 1, fitting) }
                }
                guard continued.contains(key) else { break }
                previous = token
                words += 1
                end += 1
            }
            if let best {
                result.append(Match(
                    range: TextRange(tokens[start].range.start, tokens[best.end - 1].range.end),
                    tokens: start..<best.end, candidates: best.candidates))
                start = best.end
            } else {
                start += 1
            }
        }
        return result
    }

    /// Whether the text between two tokens lets them belong to one name: nothing, or spaces, hyphens and dashes.
    static func isGap(_ units: ArraySlice<UInt16>) -> Bool {
        units.count <= 3 && units.allSatisfy { unit in
            guard let scalar = Unicode.Scalar(unit) else { return false }
            return LooseKey.isNameGap(scalar)
        }
    }
}
