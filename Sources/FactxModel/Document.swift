/// An article as the readers deliver it: plain text with paragraphs separated by one blank line, and the means to
/// find every span of it in the source file.
public struct Document: Sendable {
    /// The path relative to the input root (`/`-separated), or the `id` of a JSON line.
    public var id: String
    public var title: String?
    /// The publication date, when the source states it.
    public var published: CalendarDate?
    /// Where `published` came from (`meta:article:published_time`, `json-ld:datePublished`, `jsonl:published` …).
    public var publishedSource: String?
    public var url: String?
    /// NFC-normalized text. Paragraphs are separated by `"\n\n"`; there are no other line breaks.
    public var text: String
    /// Which reader produced the document: `txt`, `html` or `jsonl`.
    public var reader: String
    /// Maps spans of `text` back to the source.
    public var sourceMap: SourceMap
    public var warnings: [Diagnostic]

    public init(
        id: String, title: String? = nil, published: CalendarDate? = nil, publishedSource: String? = nil,
        url: String? = nil, text: String, reader: String, sourceMap: SourceMap = SourceMap(), warnings: [Diagnostic] = []
    ) {
        self.id = id
        self.title = title
        self.published = published
        self.publishedSource = publishedSource
        self.url = url
        self.text = text
        self.reader = reader
        self.sourceMap = sourceMap
        self.warnings = warnings
    }
}

/// Pieces of the document text and where each came from in the source.
///
/// Each segment says that `length` scalars of text starting at `textStart` were taken, unchanged, from the source
/// starting at scalar `sourceStart` of the decoded source (when the reader can know it) on line `line` (1-based).
/// Text that was synthesized (paragraph separators, collapsed whitespace) belongs to no segment.
public struct SourceMap: Hashable, Sendable {
    public struct Segment: Hashable, Sendable {
        public var textStart: Int
        public var length: Int
        public var sourceStart: Int?
        public var line: Int

        public init(textStart: Int, length: Int, sourceStart: Int?, line: Int) {
            self.textStart = textStart
            self.length = length
            self.sourceStart = sourceStart
            self.line = line
        }
    }

    public private(set) var segments: [Segment]

    public init(segments: [Segment] = []) { self.segments = segments }

    public mutating func append(_ segment: Segment) {
        guard segment.length > 0 else { return }
        if let last = segments.last, last.line == segment.line, last.textStart + last.length == segment.textStart,
           let lastSource = last.sourceStart, let source = segment.sourceStart, lastSource + last.length == source {
            segments[segments.count - 1].length += segment.length
        } else {
            segments.append(segment)
        }
    }

    /// The segment holding a text offset, if any.
    public func segment(at offset: Int) -> Segment? {
        var low = 0
        var high = segments.count
        while low < high {
            let middle = (low + high) / 2
            if segments[middle].textStart + segments[middle].length <= offset { low = middle + 1 } else { high = middle }
        }
        guard low < segments.count, segments[low].textStart <= offset else { return nil }
        return segments[low]
    }

    /// The source line of a text offset (the nearest segment's line when the offset is synthesized text).
    public func line(at offset: Int) -> Int? {
        if let segment = segment(at: offset) { return segment.line }
        return segments.last { $0.textStart <= offset }?.line
    }

    /// The scalar offset in the decoded source of a text offset, when the reader could record it.
    public func sourceOffset(at offset: Int) -> Int? {
        guard let segment = segment(at: offset), let start = segment.sourceStart else { return nil }
        return start + (offset - segment.textStart)
    }

    public var json: JSONValue {
        .array(segments.map { .array([.int($0.textStart), .int($0.length), JSONValue($0.sourceStart), .int($0.line)]) })
    }
}
