import FactxModel
import Foundation

/// One regex rule of a pattern folder: its id, its compiled pattern with named captures, the attributes the
/// extractor reads, and its examples, which run as tests.
public struct RegexRule: Sendable {
    public let id: String
    /// The pattern with every `{part}` expanded.
    public let pattern: String
    public let regex: NSRegularExpression
    /// Names of the pattern's `(?<name>…)` captures.
    public let captureNames: [String]
    /// Extra keys of the rule (declared in the file's `attributes:` list), for the extractor.
    public let attributes: [String: String]
    public let examples: [RuleExample]
    public let counterexamples: [RuleCounterexample]
    public let location: SourceLocation
}

/// A text the rule must fire on, with the span and the value it must give.
public struct RuleExample: Hashable, Sendable {
    public var text: MarkedText
    /// Expected value, compared partially against the fact's `value` record.
    public var value: JSONValue?
    public var reference: ReferenceSetting
    public var options: [String: String]
    public var location: SourceLocation
}

/// A text the rule must not fire on.
public struct RuleCounterexample: Hashable, Sendable {
    public var text: String
    public var reference: ReferenceSetting
    public var location: SourceLocation
}

/// A rule as read from YAML, before its parts are expanded.
struct RuleDraft {
    var id: String
    var template: String
    var templateLocation: SourceLocation
    var caseSensitive: Bool
    var attributes: [String: String]
    var examples: [RuleExample]
    var counterexamples: [RuleCounterexample]
    var location: SourceLocation
}

/// What a generic pattern file holds: `attributes`, `lists`, `maps`, `parts` and `rules`.
struct RuleFileContents {
    var lists: [(String, [String], SourceLocation)] = []
    var maps: [(String, [(String, JSONValue)], SourceLocation)] = []
    var parts: [(String, String, SourceLocation)] = []
    var rules: [RuleDraft] = []

    static func read(_ root: YAMLNode) throws(PatternError) -> RuleFileContents {
        var contents = RuleFileContents()
        let fields = try root.fields(allowed: ["attributes", "lists", "maps", "parts", "rules", "notes"])
        let attributes = Set(try fields["attributes"]?.strings() ?? [])
        if let lists = fields["lists"] {
            for entry in try lists.mapping() {
                let phrases = try entry.value.strings()
                guard !phrases.isEmpty else { throw entry.keyLocation.error("list '\(entry.key)' is empty") }
                contents.lists.append((entry.key, phrases, entry.keyLocation))
            }
        }
        if let maps = fields["maps"] {
            for entry in try maps.mapping() {
                var items: [(String, JSONValue)] = []
                for item in try entry.value.mapping() { items.append((item.key, try item.value.json())) }
                guard !items.isEmpty else { throw entry.keyLocation.error("map '\(entry.key)' is empty") }
                contents.maps.append((entry.key, items, entry.keyLocation))
            }
        }
        if let parts = fields["parts"] {
            for entry in try parts.mapping() {
                contents.parts.append((entry.key, try entry.value.string(), entry.value.location))
            }
        }
        if let rules = fields["rules"] {
            for rule in try rules.sequence() {
                contents.rules.append(try readRule(rule, attributes: attributes))
            }
        }
        return contents
    }

    static func readRule(_ node: YAMLNode, attributes allowed: Set<String>) throws(PatternError) -> RuleDraft {
        let fields = try node.fields(allowed: Set(["id", "pattern", "case_sensitive", "examples", "counterexamples", "note"])
            .union(allowed))
        guard let idNode = fields["id"] else { throw node.fail("a rule needs an id") }
        let id = try idNode.string()
        guard id.range(of: "^[a-z0-9][a-z0-9_.-]*$", options: .regularExpression) != nil else {
            throw idNode.fail("rule id '\(id)' must be lower-case letters, digits, '.', '_' or '-'")
        }
        guard let patternNode = fields["pattern"] else { throw node.fail("rule '\(id)' has no pattern") }
        var attributes: [String: String] = [:]
        for key in allowed { if let value = fields[key] { attributes[key] = try value.string() } }
        var examples: [RuleExample] = []
        for example in try fields["examples"]?.sequence() ?? [] {
            examples.append(try readExample(example))
        }
        var counterexamples: [RuleCounterexample] = []
        for example in try fields["counterexamples"]?.sequence() ?? [] {
            if case .scalar = example.node {
                counterexamples.append(.init(text: try example.string(), reference: .inherit, location: example.location))
            } else {
                let exampleFields = try example.fields(allowed: ["text", "reference", "note"])
                guard let text = exampleFields["text"] else { throw example.fail("a counterexample needs text") }
                counterexamples.append(.init(
                    text: try text.string(), reference: try ReferenceSetting.parse(exampleFields["reference"]),
                    location: example.location))
            }
        }
        return RuleDraft(
            id: id, template: try patternNode.string(), templateLocation: patternNode.location,
            caseSensitive: try fields["case_sensitive"]?.bool() ?? false, attributes: attributes, examples: examples,
            counterexamples: counterexamples, location: idNode.location)
    }

    static func readExample(_ node: YAMLNode) throws(PatternError) -> RuleExample {
        if case .scalar = node.node {
            return RuleExample(
                text: try marked(node), value: nil, reference: .inherit, options: [:], location: node.location)
        }
        let fields = try node.fields(allowed: ["text", "value", "reference", "options", "note"])
        guard let text = fields["text"] else { throw node.fail("an example needs text") }
        var options: [String: String] = [:]
        for entry in try fields["options"]?.mapping() ?? [] { options[entry.key] = try entry.value.string() }
        return RuleExample(
            text: try marked(text), value: try fields["value"]?.json(),
            reference: try ReferenceSetting.parse(fields["reference"]), options: options, location: node.location)
    }

    static func marked(_ node: YAMLNode) throws(PatternError) -> MarkedText {
        switch MarkedText.parse(try node.string()) {
        case .success(let text): return text
        case .failure(let error): throw node.fail("example markers: \(error.message)")
        }
    }
}

/// Expands `{part}` references (recursively, refusing cycles) and compiles rules.
struct PartExpander {
    var parts: [String: (pattern: String, location: SourceLocation)]

    private static let reference = try! NSRegularExpression(pattern: "\\{([A-Za-z_][A-Za-z0-9_]*)\\}")

    func expand(_ template: String, at location: SourceLocation) throws(PatternError) -> String {
        var cache: [String: String] = [:]
        return try expand(template, at: location, stack: [], cache: &cache)
    }

    private func expand(
        _ template: String, at location: SourceLocation, stack: [String], cache: inout [String: String]
    ) throws(PatternError) -> String {
        let text = template as NSString
        var output = ""
        var last = 0
        for match in PartExpander.reference.matches(in: template, range: NSRange(location: 0, length: text.length)) {
            output += text.substring(with: NSRange(location: last, length: match.range.location - last))
            let name = text.substring(with: match.range(at: 1))
            if let cached = cache[name] {
                output += cached
            } else {
                guard let part = parts[name] else { throw location.error("unknown part {\(name)}") }
                guard !stack.contains(name) else {
                    throw location.error("parts refer to each other in a cycle: \((stack + [name]).joined(separator: " → "))")
                }
                let expanded = try expand(part.pattern, at: part.location, stack: stack + [name], cache: &cache)
                if !PartExpander.captureNames(expanded).isEmpty {
                    throw part.location.error("part {\(name)} holds a named capture; only rules may name captures")
                }
                let wrapped = "(?:" + expanded + ")"
                cache[name] = wrapped
                output += wrapped
            }
            last = match.range.location + match.range.length
        }
        output += text.substring(from: last)
        return output
    }

    func compile(_ draft: RuleDraft) throws(PatternError) -> RegexRule {
        let pattern = try expand(draft.template, at: draft.templateLocation)
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(
                pattern: pattern, options: draft.caseSensitive ? [] : [.caseInsensitive])
        } catch {
            throw draft.templateLocation.error("rule '\(draft.id)': the pattern does not compile as a regular expression")
        }
        return RegexRule(
            id: draft.id, pattern: pattern, regex: regex, captureNames: PartExpander.captureNames(pattern),
            attributes: draft.attributes, examples: draft.examples, counterexamples: draft.counterexamples,
            location: draft.location)
    }

    static func captureNames(_ pattern: String) -> [String] {
        let finder = try! NSRegularExpression(pattern: "\\(\\?<([A-Za-z][A-Za-z0-9]*)>")
        let text = pattern as NSString
        var names: [String] = []
        for match in finder.matches(in: pattern, range: NSRange(location: 0, length: text.length)) {
            let name = text.substring(with: match.range(at: 1))
            if !names.contains(name) { names.append(name) }
        }
        return names
    }
}
