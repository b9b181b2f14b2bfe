import FactxModel

/// Reads a JSON-lines file of documents, one object a line: `{"id", "text"}` or `{"id", "html"}`, with optional
/// `"published"` (YYYY-MM-DD), `"url"` and `"title"`. A malformed line is an error naming file and line; the
/// other lines go on.
public struct JSONLinesReader: Sendable {
    public var text: TextReader
    public var html: HTMLReader

    public init(text: TextReader, html: HTMLReader) {
        self.text = text
        self.html = html
    }

    public func read(bytes: [UInt8], file: String) -> (documents: [Document], errors: [InputError]) {
        var documents: [Document] = []
        var errors: [InputError] = []
        var seen: Set<String> = []
        for entry in Self.lines(of: bytes, file: file) {
            let line: Line
            switch entry {
            case .success(let found): line = found
            case .failure(let error):
                errors.append(error)
                continue
            }
            switch read(line: line, file: file) {
            case .success(let document):
                if seen.contains(document.id) {
                    errors.append(InputError(
                        file: file, line: line.number, code: "jsonl.duplicate-id",
                        message: "duplicate id \"\(document.id)\"; the first line with it is kept"))
                    continue
                }
                seen.insert(document.id)
                documents.append(document)
            case .failure(let error):
                errors.append(error)
            }
        }
        return (documents, errors)
    }

    /// A non-blank line of a JSON-lines file and its 1-based number.
    public struct Line: Sendable {
        public var number: Int
        public var text: String

        public init(number: Int, text: String) {
            self.number = number
            self.text = text
        }
    }

    /// The non-blank lines of a JSON-lines file (a byte-order mark dropped, a trailing carriage return dropped),
    /// each with its 1-based number, or the error for a line that is not UTF-8: one bad line (a crawler's mangled
    /// record) loses that line, not the file.
    public static func lines(of bytes: [UInt8], file: String) -> [Result<Line, InputError>] {
        var result: [Result<Line, InputError>] = []
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var number = 0
        // Split at "\n" bytes: by Character, "\r\n" is one character and a CRLF file would be one line.
        for raw in bytes[start...].split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            let trimmed = raw.last == 0x0D ? raw.dropLast() : raw
            guard let line = String(validating: trimmed, as: UTF8.self) else {
                result.append(.failure(InputError(
                    file: file, line: number, code: "jsonl.encoding", message: "JSON lines must be UTF-8; the line is not")))
                continue
            }
            if line.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { continue }
            result.append(.success(Line(number: number, text: line)))
        }
        return result
    }

    /// One line's document (its warnings prefixed with the line number), or the error naming file and line. Does
    /// not look for duplicate ids: that needs the lines before it.
    public func read(line: Line, file: String) -> Result<Document, InputError> {
        switch document(from: line.text) {
        case .success(var document):
            document.warnings = document.warnings.map { warning in
                var warning = warning
                warning.message = "line \(line.number): " + warning.message
                return warning
            }
            return .success(document)
        case .failure(let problem):
            return .failure(InputError(file: file, line: line.number, code: problem.code, message: problem.message))
        }
    }

    struct Problem: Error {
        var code: String
        var message: String
    }

    func document(from line: String) -> Result<Document, Problem> {
        let value: JSONValue
        do {
            value = try JSONValue.parse(line)
        } catch {
            return .failure(Problem(code: "jsonl.syntax", message: "not JSON: \(error.description)"))
        }
        guard case .object = value else {
            return .failure(Problem(code: "jsonl.not-object", message: "a document line must be a JSON object"))
        }
        let id: String
        switch value["id"] {
        case .string(let string) where !string.isEmpty: id = string
        case .int(let number): id = String(number)
        default: return .failure(Problem(code: "jsonl.no-id", message: "the object has no \"id\" (a non-empty string)"))
        }
        var document: Document
        if let body = value["text"]?.stringValue {
            document = text.read(text: body, id: id, reader: "jsonl")
        } else if let page = value["html"]?.stringValue {
            document = html.read(html: page, id: id, reader: "jsonl")
        } else {
            return .failure(Problem(code: "jsonl.no-text", message: "document \"\(id)\" has no \"text\" or \"html\" string"))
        }
        if let title = value["title"]?.stringValue, !title.isEmpty { document.title = title }
        if let url = value["url"]?.stringValue, !url.isEmpty { document.url = url }
        if let published = value["published"], !published.isNull {
            if let string = published.stringValue, let date = CalendarDate(iso: string) {
                document.published = date
                document.publishedSource = "jsonl:published"
            } else {
                document.warnings.append(.warning(
                    "jsonl.published", "\"published\" is not a YYYY-MM-DD date: \(published.serialized)"))
            }
        }
        return .success(document)
    }
}
