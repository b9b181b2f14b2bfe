/// A sentence: its index in the document, its span, and the paragraph that holds it.
public struct Sentence: Hashable, Sendable {
    public var index: Int
    public var range: TextRange
    public var paragraph: Int

    public init(index: Int, range: TextRange, paragraph: Int) {
        self.index = index
        self.range = range
        self.paragraph = paragraph
    }
}

/// A word, number or punctuation token, with its loose matching key.
public struct Token: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case word
        case number
        case punctuation
    }

    public var range: TextRange
    /// The token's UTF-16 range, for regex and ICU work.
    public var utf16: Range<Int>
    public var kind: Kind
    /// `LooseKey.key` of the token's text: folded case, diacritics and apostrophes.
    public var key: String
    /// The token's text has no lower-case letter (`ISKP`, `KP`, `U.S.`): acronym-only aliases match it.
    public var hasNoLowercase: Bool
    public var sentence: Int

    public init(range: TextRange, utf16: Range<Int>, kind: Kind, key: String, hasNoLowercase: Bool, sentence: Int) {
        self.range = range
        self.utf16 = utf16
        self.kind = kind
        self.key = key
        self.hasNoLowercase = hasNoLowercase
        self.sentence = sentence
    }
}

/// A document after segmentation: the hand-off from the segmenter to the extractors.
public struct SegmentedDocument: Sendable {
    public var document: Document
    public var index: TextIndex
    public var paragraphs: [TextRange]
    public var sentences: [Sentence]
    public var tokens: [Token]

    public init(document: Document, index: TextIndex, paragraphs: [TextRange], sentences: [Sentence], tokens: [Token]) {
        self.document = document
        self.index = index
        self.paragraphs = paragraphs
        self.sentences = sentences
        self.tokens = tokens
    }

    /// The index of the sentence holding a scalar offset (the last sentence starting at or before it).
    public func sentenceIndex(at offset: Int) -> Int {
        var low = 0
        var high = sentences.count
        while low < high {
            let middle = (low + high) / 2
            if sentences[middle].range.start <= offset { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }

    /// The text of a scalar range.
    public func text(_ range: TextRange) -> String { index.substring(range) }

    /// Index of the first token whose range starts at or after `offset`.
    public func firstToken(atOrAfter offset: Int) -> Int {
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].range.start < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
