/// A problem in a pattern file, with the file (relative to the Patterns folder), line and column, so that the
/// person editing it can go straight there.
public struct PatternError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the form editors and terminals link to.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(message)"
    }
}

/// Every problem found while loading a Patterns folder (loading goes on after the first, to report them all).
public struct PatternErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [PatternError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Where something was written in a pattern file.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public func error(_ message: String) -> PatternError {
        PatternError(file: file, line: line, column: column, message: message)
    }

    public var description: String {
        [file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
    }
}
