import FactxModel

/// A dimension's test corpus (`corpus.yaml`, `corpus-*.yaml`): phrases with the facts they must give.
public struct Corpus: Sendable {
    public var file: String
    /// The fact type the corpus checks, or nil for an incident corpus (`type: event`, Patterns/events/): its
    /// cases give incident records, compared partially with the records of `events.jsonl`.
    public var type: FactType?
    public var reference: ReferenceSetting
    public var cases: [Case]

    public struct Case: Sendable {
        public var text: MarkedText
        /// Expected facts of the corpus's type; empty with `none`.
        public var facts: [ExpectedFact]
        public var none: Bool
        /// Extra facts of the type are allowed.
        public var partial: Bool
        public var reference: ReferenceSetting
        public var options: [String: String]
        public var note: String?
        /// What the case waits for (another stage's feature): it is run and tallied but may fail; once it holds, the
        /// self-test fails until `pending` is removed.
        public var pending: String?
        public var location: SourceLocation
    }

    public struct ExpectedFact: Sendable {
        /// The expected span (from «» markers or the first occurrence of a `text`); nil means anywhere.
        public var span: TextRange?
        public var surface: String?
        public var value: JSONValue?
    }

    public static func load(_ text: String, file: String) throws(PatternError) -> Corpus {
        guard let root = try YAMLNode.parse(text, file: file) else { throw PatternError(file: file, message: "empty corpus") }
        let fields = try root.fields(allowed: ["type", "reference", "cases", "notes", "options"])
        guard let typeNode = fields["type"] else { throw root.fail("a corpus needs a type") }
        let typeName = try typeNode.string()
        let type = FactType(rawValue: typeName)
        guard type != nil || typeName == "event" else {
            throw typeNode.fail("unknown fact type (expected one of: \(FactType.allCases.map(\.rawValue).joined(separator: ", ")), or event)")
        }
        let reference = try ReferenceSetting.parse(fields["reference"])
        var defaults: [String: String] = [:]
        for entry in try fields["options"]?.mapping() ?? [] { defaults[entry.key] = try entry.value.string() }
        var cases: [Case] = []
        for item in try fields["cases"]?.sequence() ?? [] {
            cases.append(try readCase(item, defaults: defaults))
        }
        return Corpus(file: file, type: type, reference: reference, cases: cases)
    }

    static func readCase(_ node: YAMLNode, defaults: [String: String]) throws(PatternError) -> Case {
        let fields = try node.fields(allowed: [
            "text", "value", "facts", "none", "partial", "reference", "options", "note", "pending",
        ])
        guard let textNode = fields["text"] else { throw node.fail("a case needs text") }
        let marked = try RuleFileContents.marked(textNode)
        var facts: [ExpectedFact] = []
        let none = try fields["none"]?.bool() ?? false
        if let value = fields["value"] {
            facts.append(ExpectedFact(span: marked.span, surface: nil, value: try value.json()))
        } else if marked.span != nil, fields["facts"] == nil, !none {
            facts.append(ExpectedFact(span: marked.span, surface: nil, value: nil))
        }
        for item in try fields["facts"]?.sequence() ?? [] {
            let factFields = try item.fields(allowed: ["text", "value", "note"])
            var span: TextRange?
            var surface: String?
            if let surfaceNode = factFields["text"] {
                let written = try surfaceNode.string()
                guard let found = Corpus.find(written, in: marked.text) else {
                    throw surfaceNode.fail("'\(written)' does not occur in the case text")
                }
                span = found
                surface = written
            }
            facts.append(ExpectedFact(span: span, surface: surface, value: try factFields["value"]?.json()))
        }
        if none, !facts.isEmpty { throw node.fail("a case cannot both expect facts and say none: true") }
        if !none, facts.isEmpty { throw node.fail("a case needs value, facts, a «marked» span, or none: true") }
        var options = defaults
        for entry in try fields["options"]?.mapping() ?? [] { options[entry.key] = try entry.value.string() }
        return Case(
            text: marked, facts: facts, none: none, partial: try fields["partial"]?.bool() ?? false,
            reference: try ReferenceSetting.parse(fields["reference"]), options: options,
            note: try fields["note"]?.string(), pending: try fields["pending"]?.string(), location: node.location)
    }

    /// Scalar range of the first occurrence of `needle` in `text`.
    static func find(_ needle: String, in text: String) -> TextRange? {
        let haystack = Array(text.unicodeScalars)
        let target = Array(needle.unicodeScalars)
        guard !target.isEmpty, target.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - target.count) where haystack[start] == target[0] {
            if Array(haystack[start..<start + target.count]) == target { return TextRange(start, start + target.count) }
        }
        return nil
    }
}

extension JSONValue {
    /// Whether `self` (an actual record) has every key `expected` gives, with equal values; objects compare
    /// partially and recursively, a number matches a string that spells it.
    public func matches(_ expected: JSONValue) -> Bool {
        switch (expected, self) {
        case (.object(let wanted), .object):
            return wanted.allSatisfy { member in
                guard let actual = self[member.key] else { return member.value.isNull }
                return actual.matches(member.value)
            }
        case (.array(let wanted), .array(let actual)):
            return wanted.count == actual.count && zip(actual, wanted).allSatisfy { $0.matches($1) }
        case (.int(let number), .string(let string)), (.string(let string), .int(let number)):
            return String(number) == string
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)):
            return Double(a) == b
        default:
            return self == expected
        }
    }
}
