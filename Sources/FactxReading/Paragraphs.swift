import FactxModel
import Foundation

/// One paragraph under construction: its text with whitespace collapsed, and where each piece came from.
struct Paragraph {
    var scalars: [Unicode.Scalar] = []
    /// Segments with `textStart` relative to the paragraph.
    var segments: [SourceMap.Segment] = []
    /// How many of the scalars came from link text (`<a>`), to spot menus and lists of links.
    var linkScalars = 0
    /// The paragraph is a heading.
    var isHeading = false

    var isEmpty: Bool { scalars.isEmpty }
    var string: String { String(String.UnicodeScalarView(scalars)) }
    var wordCount: Int { string.split(whereSeparator: { $0 == " " }).count }
}

/// Collects text pieces into paragraphs, the way every reader needs it: NFC, runs of whitespace collapsed to one
/// space, no leading or trailing space, invisible characters dropped, and a source segment for every piece of text
/// kept unchanged.
struct ParagraphAccumulator {
    private(set) var paragraphs: [Paragraph] = []
    private var current = Paragraph()
    private var pendingSpace = false

    /// Appends a piece of source text. `sourceStart` is the scalar offset of the piece in the decoded source, when
    /// the reader knows it; `line` is the 1-based source line where the piece starts.
    mutating func append(_ piece: some StringProtocol, sourceStart: Int?, line: Int, isLink: Bool = false) {
        let original = Array(piece.unicodeScalars)
        let normalized = Array(String(piece).precomposedStringWithCanonicalMapping.unicodeScalars)
        // Offsets map one to one only when normalization left the length alone.
        let exact = normalized.count == original.count
        var currentLine = line
        for (index, scalar) in normalized.enumerated() {
            if scalar == "\n" { currentLine += 1 }
            if scalar.properties.isWhitespace {
                pendingSpace = !current.isEmpty
                continue
            }
            if ParagraphAccumulator.isInvisible(scalar) { continue }
            if pendingSpace {
                current.scalars.append(" ")
                pendingSpace = false
            }
            let textStart = current.scalars.count
            current.scalars.append(scalar)
            if isLink { current.linkScalars += 1 }
            let source = exact ? sourceStart.map { $0 + index } : nil
            if var last = current.segments.last, last.line == currentLine, last.textStart + last.length == textStart,
               let lastSource = last.sourceStart, let source, lastSource + last.length == source {
                last.length += 1
                current.segments[current.segments.count - 1] = last
            } else if let last = current.segments.last, last.sourceStart == nil, source == nil, last.line == currentLine,
                      last.textStart + last.length == textStart {
                current.segments[current.segments.count - 1].length += 1
            } else {
                current.segments.append(.init(textStart: textStart, length: 1, sourceStart: source, line: currentLine))
            }
        }
    }

    mutating func markHeading() { current.isHeading = true }

    /// Ends the current paragraph (a block boundary); empty paragraphs vanish.
    mutating func breakParagraph() {
        if !current.isEmpty { paragraphs.append(current) }
        current = Paragraph()
        pendingSpace = false
    }

    mutating func finish() -> [Paragraph] {
        breakParagraph()
        return paragraphs
    }

    /// Zero-width and formatting characters that carry nothing for extraction (soft hyphens, zero-width spaces,
    /// byte-order marks, other controls).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return true
        default:
            let category = scalar.properties.generalCategory
            return category == .control || category == .format && scalar.value != 0x200E && scalar.value != 0x200F
        }
    }

    /// Joins paragraphs with one blank line between them into the document text and its source map.
    static func assemble(_ paragraphs: [Paragraph]) -> (text: String, map: SourceMap) {
        var scalars = String.UnicodeScalarView()
        var map = SourceMap()
        var offset = 0
        for (index, paragraph) in paragraphs.enumerated() {
            if index > 0 {
                scalars.append(contentsOf: "\n\n".unicodeScalars)
                offset += 2
            }
            for segment in paragraph.segments {
                map.append(.init(
                    textStart: offset + segment.textStart, length: segment.length,
                    sourceStart: segment.sourceStart, line: segment.line))
            }
            scalars.append(contentsOf: paragraph.scalars)
            offset += paragraph.scalars.count
        }
        return (String(scalars), map)
    }
}

/// Lines and blocks that are page furniture rather than article text ("View all comments", "Share this:"), and
/// the HTML class and id words that mark furniture containers. Loaded from `Patterns/reading/boilerplate.yaml`.
public struct Boilerplate: Sendable {
    /// Folded (`LooseKey.key`) phrases; a paragraph or line equal to one of them is dropped.
    public var phrases: Set<String>
    /// Words of HTML `class` / `id` values (split at `-` and `_`) that mark a furniture container.
    public var containerWords: Set<String>

    /// The longest phrase, in scalars: longer text is never furniture, and is not folded to find out.
    private let longest: Int

    public init(phrases: [String] = [], containerWords: [String] = []) {
        self.phrases = Set(phrases.map { Boilerplate.fold($0) })
        self.containerWords = Set(containerWords.map { $0.lowercased() })
        self.longest = phrases.map(\.unicodeScalars.count).max() ?? 0
    }

    public func isFurniture(_ paragraph: String) -> Bool {
        // Allow for a trailing count ("Comments (1,234)") and stray spacing.
        guard paragraph.utf8.count <= 4 * longest + 16 else { return false }
        return phrases.contains(Boilerplate.fold(paragraph))
    }

    /// Folds a line for comparison: loose key, spaces collapsed, trailing counts and punctuation dropped
    /// ("View all 12 comments" stays, "Comments (3)" becomes "comments").
    static func fold(_ text: String) -> String {
        var key = LooseKey.key(text)
        key = key.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        while let last = key.last, last.isNumber || "():.;,!?»›>|".contains(last) || last == " " {
            key.removeLast()
        }
        return key
    }
}
