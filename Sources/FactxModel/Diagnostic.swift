/// Something worth telling a reviewer about one document (a warning) or about an input that could not be
/// processed at all (an error). Diagnostics are values: stages return them, the batch goes on, and the exit code
/// is decided once at the end.
public struct Diagnostic: Hashable, Sendable {
    public enum Severity: String, Sendable, Hashable {
        case warning
        case error
    }

    public var severity: Severity
    /// A stable, dotted code, e.g. `decode.windows1252`, `definition.contradicts`, `read.binary`.
    public var code: String
    public var message: String
    /// Where in the document text, when it concerns a span.
    public var range: TextRange?

    public init(_ severity: Severity, code: String, message: String, range: TextRange? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.range = range
    }

    public static func warning(_ code: String, _ message: String, range: TextRange? = nil) -> Diagnostic {
        Diagnostic(.warning, code: code, message: message, range: range)
    }

    public var json: JSONValue {
        .object([
            "code": .string(code),
            "message": .string(message),
            "start": JSONValue(range?.start),
            "end": JSONValue(range?.end),
        ])
    }
}

/// An input that could not be turned into a document: the file (as given, relative to its input root), the line
/// for JSON-lines inputs, and why.
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var code: String
    public var message: String

    public init(file: String, line: Int? = nil, code: String, message: String) {
        self.file = file
        self.line = line
        self.code = code
        self.message = message
    }

    /// `file:line: message`, the one line a user sees.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }

    public var json: JSONValue {
        .object(["file": .string(file), "line": JSONValue(line), "code": .string(code), "message": .string(message)])
    }
}
