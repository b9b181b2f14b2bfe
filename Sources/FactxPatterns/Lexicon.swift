import FactxModel
import Foundation

/// Word lists and word maps of a pattern folder (`lists:` and `maps:` in its YAML files). Each list or map is
/// also a regex part of the same name that matches any of its phrases, so that rules can write `{months}` and the
/// extractor can then look up what the matched words mean.
public struct Lexicon: Sendable {
    /// Phrases by list name, as written.
    public private(set) var lists: [String: [String]] = [:]
    /// Folded phrase → value, by map name.
    public private(set) var maps: [String: [String: JSONValue]] = [:]

    public init() {}

    mutating func add(list name: String, _ phrases: [String]) { lists[name] = phrases }
    mutating func add(map name: String, _ entries: [(String, JSONValue)]) {
        var folded: [String: JSONValue] = [:]
        for (phrase, value) in entries { folded[Lexicon.fold(phrase)] = value }
        maps[name] = folded
    }

    /// The value a map gives to a phrase (matched loosely: case, diacritics, spacing).
    public func value(_ phrase: some StringProtocol, in map: String) -> JSONValue? {
        maps[map]?[Lexicon.fold(phrase)]
    }

    /// Whether a list holds a phrase (matched loosely).
    public func contains(_ phrase: some StringProtocol, in list: String) -> Bool {
        guard let phrases = lists[list] else { return false }
        let key = Lexicon.fold(phrase)
        return phrases.contains { Lexicon.fold($0) == key }
    }

    /// The first of `lists` that holds the phrase.
    public func classify(_ phrase: some StringProtocol, among lists: [String]) -> String? {
        lists.first { contains(phrase, in: $0) }
    }

    /// Case, diacritics, apostrophes folded; hyphens, dashes and runs of spaces become one space.
    public static func fold(_ phrase: some StringProtocol) -> String {
        LooseKey.key(phrase).split(whereSeparator: { $0 == " " || $0 == "-" || $0.isWhitespace }).joined(separator: " ")
    }

    /// A regex alternation of phrases, longest first; spaces match any whitespace, hyphens a hyphen, dash or space.
    static func alternation(_ phrases: [String]) -> String {
        let sorted = phrases.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        let items = sorted.map { phrase -> String in
            phrase.split(separator: " ", omittingEmptySubsequences: true).map { word in
                word.split(separator: "-", omittingEmptySubsequences: false)
                    .map { NSRegularExpression.escapedPattern(for: String($0)).replacingOccurrences(of: "'", with: "['’]") }
                    .joined(separator: "[-‐‑–—\\s]?")
            }.joined(separator: "\\s+")
        }
        return "(?:" + items.joined(separator: "|") + ")"
    }
}
