import FactxModel
import Yams

/// A YAML node that remembers its file and position, with typed accessors whose errors say where and what.
struct YAMLNode {
    let node: Node
    let file: String

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column)
    }

    /// Parses a YAML file. Syntax errors carry the line and column that libyaml reports.
    static func parse(_ text: String, file: String) throws(PatternError) -> YAMLNode? {
        do {
            guard let node = try Yams.compose(yaml: text) else { return nil }
            return YAMLNode(node: node, file: file)
        } catch let error as YamlError {
            throw YAMLNode.describe(error, file: file)
        } catch {
            throw PatternError(file: file, message: "not valid YAML: \(error)")
        }
    }

    static func describe(_ error: YamlError, file: String) -> PatternError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = [context?.description, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return PatternError(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return PatternError(file: file, message: "duplicate keys \(duplicates) \(context)")
        default:
            return PatternError(file: file, message: "not valid YAML: \(error)")
        }
    }

    func fail(_ message: String) -> PatternError { location.error(message) }

    var isNull: Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            return true
        }
        return false
    }

    func string() throws(PatternError) -> String {
        guard case .scalar(let scalar) = node else { throw fail("expected a text value") }
        return scalar.string
    }

    func int() throws(PatternError) -> Int {
        guard let value = node.int else { throw fail("expected a whole number") }
        return value
    }

    func bool() throws(PatternError) -> Bool {
        guard let value = node.bool else { throw fail("expected true or false") }
        return value
    }

    func sequence() throws(PatternError) -> [YAMLNode] {
        guard case .sequence(let sequence) = node else { throw fail("expected a list") }
        return sequence.map { YAMLNode(node: $0, file: file) }
    }

    /// A mapping's entries in file order, keys as strings; duplicate keys are an error.
    func mapping() throws(PatternError) -> [(key: String, keyLocation: SourceLocation, value: YAMLNode)] {
        guard case .mapping(let mapping) = node else { throw fail("expected a mapping (key: value)") }
        var seen: Set<String> = []
        var result: [(key: String, keyLocation: SourceLocation, value: YAMLNode)] = []
        for (key, value) in mapping {
            let keyNode = YAMLNode(node: key, file: file)
            let name = try keyNode.string()
            guard seen.insert(name).inserted else { throw keyNode.fail("duplicate key '\(name)'") }
            result.append((name, keyNode.location, YAMLNode(node: value, file: file)))
        }
        return result
    }

    /// A mapping as a dictionary, refusing keys outside `allowed`.
    func fields(allowed: Set<String>) throws(PatternError) -> [String: YAMLNode] {
        var result: [String: YAMLNode] = [:]
        for entry in try mapping() {
            guard allowed.contains(entry.key) else {
                throw entry.keyLocation.error(
                    "unknown key '\(entry.key)' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            result[entry.key] = entry.value
        }
        return result
    }

    /// A list of strings, or a single string.
    func strings() throws(PatternError) -> [String] {
        if case .scalar = node { return [try string()] }
        var result: [String] = []
        for item in try sequence() { result.append(try item.string()) }
        return result
    }

    /// The node as a JSON value (for example expectations): plain scalars keep their YAML type, quoted ones are
    /// strings.
    func json() throws(PatternError) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if scalar.string == "~" || scalar.string == "null" || scalar.string.isEmpty { return .null }
            if let value = node.bool, ["true", "false", "True", "False"].contains(scalar.string) { return .bool(value) }
            if let value = Int(scalar.string) { return .int(value) }
            if let value = Double(scalar.string), scalar.string.contains(".") { return .double(value) }
            return .string(scalar.string)
        case .sequence:
            var values: [JSONValue] = []
            for item in try sequence() { values.append(try item.json()) }
            return .array(values)
        case .mapping:
            var members: [JSONValue.Member] = []
            for entry in try mapping() { members.append(.init(entry.key, try entry.value.json())) }
            return .object(members)
        case .alias:
            throw fail("YAML aliases are not supported in pattern files")
        }
    }
}
