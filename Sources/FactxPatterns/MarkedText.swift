import FactxModel

/// Example text with the expected span marked by « and », as rules' examples and corpora write it.
public struct MarkedText: Hashable, Sendable {
    /// The text without the markers.
    public var text: String
    /// The marked span (Unicode scalar offsets into `text`), if the text had markers.
    public var span: TextRange?

    public static func parse(_ marked: String) -> Result<MarkedText, MarkError> {
        var scalars = String.UnicodeScalarView()
        var start: Int?
        var end: Int?
        var count = 0
        for scalar in marked.unicodeScalars {
            switch scalar {
            case "«":
                guard start == nil else { return .failure(MarkError(message: "more than one «")) }
                start = count
            case "»":
                guard let _ = start, end == nil else { return .failure(MarkError(message: "» without « before it, or more than one »")) }
                end = count
            default:
                scalars.append(scalar)
                count += 1
            }
        }
        if start != nil, end == nil { return .failure(MarkError(message: "« without a closing »")) }
        let span = start.flatMap { begin in end.map { TextRange(begin, $0) } }
        return .success(MarkedText(text: String(scalars), span: span))
    }

    public struct MarkError: Error, Hashable, Sendable {
        public var message: String
    }
}

/// The publication date an example or corpus case is run with.
public enum ReferenceSetting: Hashable, Sendable {
    /// Not said here: the file's default applies.
    case inherit
    /// Explicitly none: relative expressions must stay unresolved.
    case none
    case date(CalendarDate)

    public func resolved(default fallback: ReferenceSetting) -> CalendarDate? {
        switch self {
        case .inherit: if case .date(let date) = fallback { date } else { nil }
        case .none: nil
        case .date(let date): date
        }
    }

    static func parse(_ node: YAMLNode?) throws(PatternError) -> ReferenceSetting {
        guard let node else { return .inherit }
        if node.isNull { return .none }
        let text = try node.string()
        guard let date = CalendarDate(iso: text), text.count == 10 else {
            throw node.fail("reference must be a YYYY-MM-DD date or null, not '\(text)'")
        }
        return .date(date)
    }
}
