import FactxModel

/// Reads a plain-text article: paragraphs are separated by blank lines, lines inside a paragraph are joined (soft
/// wrap), lines of page furniture are dropped, and a short first line standing alone is taken as the title. A
/// headline followed directly by a short line that carries a number (a date line or byline: "13 December 2023",
/// "Oct. 11, 2021") is read as two paragraphs, the headline being the title: scraped articles often have no blank
/// line between them.
public struct TextReader: Sendable {
    public var boilerplate: Boilerplate

    public init(boilerplate: Boilerplate = Boilerplate()) {
        self.boilerplate = boilerplate
    }

    public func read(bytes: [UInt8], id: String) throws(DecodingError) -> Document {
        let decoded = try TextDecoding.decode(bytes)
        var document = read(text: decoded.text, id: id)
        document.warnings = decoded.warnings + document.warnings
        return document
    }

    /// Reads already decoded text (also used for JSON-lines documents).
    public func read(text: String, id: String, reader: String = "txt") -> Document {
        var accumulator = ParagraphAccumulator()
        var offset = 0
        var lineNumber = 1
        var lineCount = 0
        var firstParagraphLines = 0
        var paragraphIndex = 0
        // Lines end at "\n" scalars: split by Character, "\r\n" is one character and a CRLF file would be one line.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Substring($0) }
        let headlineLine = TextReader.headlineAboveDateLine(lines)
        for line in lines {
            let length = line.unicodeScalars.count
            defer {
                offset += length + 1
                lineNumber += 1
            }
            let content = line.last == "\r" ? line.dropLast() : line
            if content.unicodeScalars.allSatisfy({ ParagraphAccumulator.isWhitespace($0) }) {
                if lineCount > 0 { paragraphIndex += 1 }
                accumulator.breakParagraph()
                lineCount = 0
                continue
            }
            if boilerplate.isFurniture(String(content)) { continue }
            accumulator.append(content, sourceStart: offset, line: lineNumber)
            // Soft wrap: the next line of the same paragraph continues after a space.
            accumulator.append(" ", sourceStart: nil, line: lineNumber)
            lineCount += 1
            if paragraphIndex == 0 { firstParagraphLines = lineCount }
            if lineNumber == headlineLine {
                paragraphIndex += 1
                accumulator.breakParagraph()
                lineCount = 0
            }
        }
        let paragraphs = accumulator.finish()
        let (body, map) = ParagraphAccumulator.assemble(paragraphs)
        return Document(
            id: id, title: TextReader.title(paragraphs, firstParagraphLines: firstParagraphLines), text: body,
            reader: reader, sourceMap: map)
    }

    /// The line number of a headline that has a short line with a digit right under it (no blank line between), when
    /// the text starts that way: the first line is short, has no sentence punctuation at its end, and the second
    /// line is at most 40 characters with a digit and is followed by a blank line or the end.
    static func headlineAboveDateLine(_ lines: [Substring]) -> Int? {
        func content(_ line: Substring) -> Substring {
            let line = line.last == "\r" ? line.dropLast() : line
            return line.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
                .reduce(into: Substring()) { $0.append($1) }
        }
        guard let first = lines.firstIndex(where: { !content($0).allSatisfy(\.isWhitespace) }),
              first + 1 < lines.count else { return nil }
        let headline = content(lines[first])
        let second = content(lines[first + 1])
        guard headline.unicodeScalars.count <= 200, let last = headline.last, !".:;,".contains(last),
              !second.isEmpty, second.unicodeScalars.count <= 40, second.contains(where: \.isNumber),
              first + 2 >= lines.count || content(lines[first + 2]).allSatisfy(\.isWhitespace)
        else { return nil }
        return first + 1
    }

    /// A first paragraph of one short line, without sentence punctuation at its end, followed by more text, is a
    /// headline.
    static func title(_ paragraphs: [Paragraph], firstParagraphLines: Int) -> String? {
        guard paragraphs.count > 1, firstParagraphLines == 1, let first = paragraphs.first else { return nil }
        let text = first.string
        guard text.unicodeScalars.count <= 200, let last = text.last, !".:;,".contains(last) else { return nil }
        return text
    }
}
