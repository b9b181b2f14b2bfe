import FactxModel
import FactxPatterns

/// Reads abbreviation definitions in the text, "Long form (SHORT)", with the algorithm of Schwartz and Hearst
/// (2003): the short form's letters must appear, in order, in the words before the parenthesis, its first letter
/// at the start of a word.
///
/// What a definition means depends on what the alias tables already know:
/// - both sides name the same entity: nothing to do;
/// - they name different entities ("The Islamic State of Iraq and the Levant (ISKP)"): the tables stand, and a
///   `definition.contradicts` warning names both sides;
/// - the long form is known and the short form new: a valid abbreviation becomes a document-local alias; one that
///   does not abbreviate the long form ("Tehreek-e-Taliban Pakistan (TSKP)") is reported;
/// - the short form is known and the long form new ("Jamiat Ullema Islam-Fazl (JUI-F)"): the long form becomes a
///   document-local alias when it reads as a spelling of the known entity (at least half of its words are words of
///   the entity's names, give or take a letter); when it names something else ("Press Trust of India (PTI)"), the
///   short form means that other thing in this document: its mentions give no fact, and a `definition.shadows`
///   warning says so.
///
/// Both orders are read: "Long form (SHORT)" and "SHORT (long form)" ("TTP (the Tehreek-e-Taliban Pakistan)").
/// A place's definition resolves through the place table's own ids (`PatternSet.places`), never through a group.
struct DefinitionReader {
    let patterns: PatternSet

    struct Definition {
        var short: TextRange
        var long: TextRange?
        var shortText: String
        /// "SHORT (long form)": the long form is the text in parentheses.
        var reversed = false
    }

    struct LocalAlias {
        var phrase: String
        var type: FactType
        var id: String
        var definition: TextRange
    }

    struct Outcome {
        var aliases: [LocalAlias] = []
        /// Spans of long forms that the definition itself resolves.
        var mentions: [Mention] = []
        var warnings: [Diagnostic] = []
        /// Short forms the text gives another meaning ("PTI" defined as "Press Trust of India"): their mentions
        /// give no fact in this document.
        var shadowed: Set<String> = []
    }

    /// Candidate short forms: one word in parentheses, 2 to 10 characters, with a capital letter.
    func candidates(_ document: SegmentedDocument) -> [Definition] {
        let tokens = document.tokens
        var result: [Definition] = []
        var index = 0
        while index + 2 < tokens.count {
            defer { index += 1 }
            guard tokens[index].key == "(" else { continue }
            // The short form may be split by ICU at hyphens ("JUI-F", "ISK-P"): take tokens up to ")".
            var end = index + 1
            while end < tokens.count, tokens[end].key != ")", end - index <= 4 { end += 1 }
            guard end < tokens.count, tokens[end].key == ")", end > index + 1 else { continue }
            let range = TextRange(tokens[index + 1].range.start, tokens[end - 1].range.end)
            let text = document.text(range)
            let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
            guard (2...10).contains(text.count), !text.contains(" "),
                  text.unicodeScalars.contains(where: { $0.properties.isUppercase }),
                  let first = text.unicodeScalars.first, first.properties.isAlphabetic || first.properties.numericType != nil,
                  letters.count >= 2 else { continue }
            result.append(Definition(short: range, long: longForm(document, short: text, before: tokens[index]), shortText: text))
        }
        return result + reversedCandidates(document)
    }

    /// "SHORT (long form)": a short form (one word of 2 to 10 characters with a capital letter, hyphens allowed)
    /// right before a parenthesis that holds two to twelve words, a leading "the" left out of the long form.
    func reversedCandidates(_ document: SegmentedDocument) -> [Definition] {
        let tokens = document.tokens
        let units = document.index.utf16
        var result: [Definition] = []
        for open in tokens.indices where tokens[open].key == "(" && open > 0 {
            var close = open + 1
            while close < tokens.count, tokens[close].key != ")", close - open <= 24, tokens[close].sentence == tokens[open].sentence {
                close += 1
            }
            guard close < tokens.count, tokens[close].key == ")" else { continue }
            var inside = Array(tokens[(open + 1)..<close])
            if inside.first?.key == "the" { inside.removeFirst() }
            let words = inside.filter { $0.kind != .punctuation }
            guard (2...12).contains(words.count), let firstWord = inside.first, firstWord.kind != .punctuation,
                  let lastWord = inside.last else { continue }
            // The short form: the tokens before "(" joined with no space (hyphens allowed), at most four.
            var start = open - 1
            guard tokens[start].kind != .punctuation, tokens[start].sentence == tokens[open].sentence else { continue }
            while start > 0, open - start < 4,
                  units[tokens[start - 1].utf16.upperBound..<tokens[start].utf16.lowerBound].isEmpty,
                  tokens[start - 1].sentence == tokens[open].sentence {
                start -= 1
            }
            while tokens[start].kind == .punctuation { start += 1 }
            let short = TextRange(tokens[start].range.start, tokens[open - 1].range.end)
            let text = document.text(short)
            guard (2...10).contains(text.count), !text.contains(" "),
                  text.unicodeScalars.filter({ $0.properties.isUppercase }).count >= 2,
                  abbreviates(text, document.text(TextRange(firstWord.range.start, lastWord.range.end))) else { continue }
            result.append(Definition(
                short: short, long: TextRange(firstWord.range.start, lastWord.range.end), shortText: text, reversed: true))
        }
        return result
    }

    /// The Schwartz–Hearst long form: the shortest run of words ending before the parenthesis that holds the
    /// short form's letters in order, the first at a word start; at most min(|S| + 5, 2|S|) words back.
    func longForm(_ document: SegmentedDocument, short: String, before open: Token) -> TextRange? {
        let sentence = document.sentences[open.sentence].range
        let end = open.range.start
        let shortLetters = Array(LooseKey.key(short).unicodeScalars.filter {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        })
        guard !shortLetters.isEmpty else { return nil }
        let maxWords = min(shortLetters.count + 5, shortLetters.count * 2)
        // Word starts before the parenthesis, within the sentence, nearest first.
        let firstToken = document.firstToken(atOrAfter: sentence.start)
        let words = document.tokens[firstToken..<document.firstToken(atOrAfter: end)].filter { $0.kind != .punctuation }
        guard !words.isEmpty else { return nil }
        let windowStart = words[max(0, words.count - maxWords)].range.start
        let window = Array(LooseKey.key(document.text(TextRange(windowStart, end))).unicodeScalars)
        let original = Array(document.text(TextRange(windowStart, end)).unicodeScalars)
        guard window.count == original.count else { return nil }
        var longIndex = window.count - 1
        var shortIndex = shortLetters.count - 1
        while shortIndex >= 0 {
            let wanted = shortLetters[shortIndex]
            while longIndex >= 0 {
                let character = window[longIndex]
                let atWordStart = longIndex == 0 || !DefinitionReader.isWordScalar(window[longIndex - 1])
                if character == wanted, shortIndex > 0 || atWordStart { break }
                longIndex -= 1
            }
            guard longIndex >= 0 else { return nil }
            longIndex -= 1
            shortIndex -= 1
        }
        let start = windowStart + longIndex + 1
        var trimmedEnd = end
        while trimmedEnd > start, let last = document.text(TextRange(trimmedEnd - 1, trimmedEnd)).unicodeScalars.first,
              last.properties.isWhitespace {
            trimmedEnd -= 1
        }
        return TextRange(start, trimmedEnd)
    }

    /// Whether `short`'s letters appear in `long` in order, the first at the start of `long`'s first word
    /// (Schwartz–Hearst's test, applied to a known name).
    func abbreviates(_ short: String, _ long: String) -> Bool {
        let letters = Array(LooseKey.key(short).unicodeScalars.filter(DefinitionReader.isWordScalar))
        let text = Array(LooseKey.key(long).unicodeScalars)
        guard let first = letters.first, text.first == first else { return false }
        var position = 1
        for letter in letters.dropFirst() {
            guard let found = text[position...].firstIndex(of: letter) else { return false }
            position = found + 1
        }
        return true
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Weighs each definition against the alias tables and the mentions already found.
    func read(_ document: SegmentedDocument, entityMentions: [Mention]) -> Outcome {
        var outcome = Outcome()
        for definition in candidates(document) {
            let longMention: Mention?
            if definition.reversed {
                // The entity named in the parenthesis, the whole of it.
                longMention = entityMentions.first { $0.range == definition.long }
            } else {
                // The entity named right before the parenthesis ("… Pakistan (TSKP)").
                let openStart = document.tokens[document.firstToken(atOrAfter: definition.short.start) - 1].range.start
                // Mentions are in text order: the nearest one ending before the parenthesis, if only spaces follow it.
                longMention = entityMentions.last { $0.range.end <= openStart }.flatMap { mention in
                    document.text(TextRange(mention.range.end, openStart)).allSatisfy(\.isWhitespace) ? mention : nil
                }
            }
            let span = definition.reversed
                ? TextRange(definition.short.start, definition.long!.end + 1)
                : TextRange((longMention?.range.start ?? definition.long?.start) ?? definition.short.start, definition.short.end + 1)
            let longEntity = longMention.flatMap { mention -> (FactType, String)? in
                guard case .entity(let ids) = mention.value, let id = ids.first else { return nil }
                return (mention.type, id)
            }
            let shortEntity = lookup(definition.shortText)
            let longText = definition.long.map(document.text)
            switch (longEntity, shortEntity) {
            case let ((longType, longId)?, (shortType, shortId)?):
                // A place in parentheses after a group ("al-Shabaab (Somalia)") is a gloss, not a definition: only
                // two names of one kind can contradict each other.
                // Nor is the parent in parentheses after its branch ("JNIM (Al-Qaeda)"): the table's relations
                // say so. The other way round, "The Islamic State of Iraq and the Levant (ISKP)", is reported.
                if longType != shortType, longType == .place, shortType == .group,
                   let long = definition.long, long.start < longMention!.range.start {
                    // "Press Trust of India (PTI)": the place only ends a longer name the table does not know.
                    shortFormOfUnknownName(shortType, shortId)
                } else if longId != shortId, longType == shortType, !namesParent(longType, longId, shortId) {
                    let longName = name(longType, longId)
                    let shortName = name(shortType, shortId)
                    outcome.warnings.append(.warning(
                        "definition.contradicts",
                        "the text defines '\(definition.shortText)' as '\(document.text(longMention!.range))', "
                            + "but '\(definition.shortText)' is \(shortName) (\(shortId)) and "
                            + "'\(document.text(longMention!.range))' is \(longName) (\(longId)); both keep their known meaning",
                        range: span))
                }
            case let ((longType, longId)?, nil):
                // The short form must abbreviate the name right before it, not some longer stretch of text.
                if abbreviates(definition.shortText, document.text(longMention!.range)) {
                    outcome.aliases.append(LocalAlias(
                        phrase: definition.shortText, type: longType, id: longId, definition: definition.short))
                } else if definition.shortText.unicodeScalars.filter({ $0.properties.isUppercase }).count >= 2,
                          DefinitionReader.letters(definition.shortText).count >= 3,
                          LooseKey.key(definition.shortText).first == LooseKey.key(document.text(longMention!.range)).first {
                    // A short form that starts like the name but does not abbreviate it is a slip worth a
                    // reviewer's look ("Tehreek-e-Taliban Pakistan (TSKP)"); "(Fazl)" after "Jamiat Ulema-e-Islam"
                    // or a two-letter wire credit "(AP)" after a name is no definition at all.
                    outcome.warnings.append(.warning(
                        "definition.contradicts",
                        "the text abbreviates '\(document.text(longMention!.range))' (\(name(longType, longId)), \(longId)) "
                            + "as '\(definition.shortText)', which does not abbreviate it; '\(definition.shortText)' "
                            + "is not taken as an alias",
                        range: span))
                }
            case let (nil, (shortType, shortId)?):
                shortFormOfUnknownName(shortType, shortId)
            case (nil, nil):
                continue
            }
            /// A long form that names nothing factx knows, before a short form it knows.
            func shortFormOfUnknownName(_ shortType: FactType, _ shortId: String) {
                guard let long = definition.long, let longText, longText.split(separator: " ").count >= 2 else { return }
                if resembles(longText, names(shortType, shortId)) {
                    outcome.aliases.append(LocalAlias(phrase: longText, type: shortType, id: shortId, definition: long))
                } else if DefinitionReader.isInitialism(definition.shortText, of: longText) {
                    // Only a long form whose word initials spell the short form redefines it ("Press Trust of
                    // India (PTI)"); "Imran Khan's party (PTI)" is a gloss, and PTI stays the party.
                    outcome.shadowed.insert(DefinitionReader.letters(definition.shortText))
                    outcome.warnings.append(.warning(
                        "definition.shadows",
                        "the text defines '\(definition.shortText)' as '\(longText)', which is not \(name(shortType, shortId)) "
                            + "(\(shortId)); '\(definition.shortText)' is not taken as \(shortId) in this document",
                        range: span))
                }
            }
        }
        return outcome
    }

    /// Whether a new long form reads as a spelling of a known entity: at least half of its words of three letters
    /// or more are words of the entity's names, equal or one letter apart ("Ullema" for "Ulema").
    func resembles(_ long: String, _ names: [String]) -> Bool {
        let words = LooseKey.words(long).map(\.key).filter { $0.count >= 3 && !DefinitionReader.stopWords.contains($0) }
        guard !words.isEmpty else { return false }
        let known = Set(names.flatMap { LooseKey.words($0).map(\.key) })
        let hits = words.filter { word in known.contains { DefinitionReader.nearlyEqual(word, $0) } }
        return hits.count * 2 >= words.count
    }

    static let stopWords: Set<String> = ["the", "and", "for", "with"]

    /// Whether the short form's letters are the initials of the long form's words, in order: of every word, or of
    /// the words that are not function words ("of", "the", "e" in "Tehreek-e-Insaf").
    static func isInitialism(_ short: String, of long: String) -> Bool {
        let letters = LooseKey.key(DefinitionReader.letters(short))
        let words = LooseKey.words(long).map(\.key).filter { $0 != "'s" }
        let all = String(words.compactMap(\.first))
        let content = String(words.filter { !initialismSkips.contains($0) }.compactMap(\.first))
        return letters.count >= 2 && (letters == all || letters == content)
    }

    static let initialismSkips: Set<String> = ["of", "the", "and", "for", "in", "e", "i", "ul", "al", "a"]

    /// Equal, or one insertion, deletion or substitution apart (words of four letters or more).
    static func nearlyEqual(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        guard min(x.count, y.count) >= 4, abs(x.count - y.count) <= 1 else { return false }
        var i = 0, j = 0, edits = 0
        while i < x.count, j < y.count {
            if x[i] == y[j] { i += 1; j += 1; continue }
            edits += 1
            if edits > 1 { return false }
            if x.count > y.count { i += 1 } else if y.count > x.count { j += 1 } else { i += 1; j += 1 }
        }
        return edits + (x.count - i) + (y.count - j) <= 1
    }

    /// The letters and digits of a short form, as written: how shadowed short forms are compared with mentions.
    static func letters(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter(isWordScalar)))
    }

    /// Whether `child` is a branch, faction, wing, splinter or media outlet of `parent` in the group table.
    func namesParent(_ type: FactType, _ child: String, _ parent: String) -> Bool {
        guard type == .group, let entry = patterns.group(id: child) else { return false }
        return entry.relations.contains { $0.target == parent && DefinitionReader.parentRelations.contains($0.type) }
    }

    static let parentRelations: Set<String> = ["branch_of", "faction_of", "wing_of", "splinter_of", "media_of"]

    /// Every name of an entity: its name and aliases.
    func names(_ type: FactType, _ id: String) -> [String] {
        switch type {
        case .group: patterns.group(id: id)?.allNames ?? []
        case .place: patterns.place(id: id).map { [$0.name] + $0.aliases } ?? []
        default: []
        }
    }

    func lookup(_ phrase: String) -> (FactType, String)? {
        if let group = patterns.groups.lookup(phrase).first {
            return (.group, patterns.groups.entries[group.entry].id)
        }
        if let place = patterns.places.lookup(phrase).first {
            return (.place, patterns.places.entries[place.entry].id)
        }
        return nil
    }

    func name(_ type: FactType, _ id: String) -> String {
        switch type {
        case .group: patterns.group(id: id)?.name ?? id
        case .place: patterns.place(id: id)?.name ?? id
        default: id
        }
    }
}
