import FactxExtracting
import FactxModel
import FactxPatterns

/// Runs what the Patterns folder says about itself: every rule's examples and counterexamples, and every corpus,
/// through the whole pipeline, exactly as the test suite does (`factx patterns test`).
public struct PatternSelfTest: Sendable {
    public let pipeline: Pipeline

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    public struct Failure: Sendable, CustomStringConvertible {
        public var location: SourceLocation
        public var message: String
        public var description: String { "\(location): \(message)" }
    }

    public struct Report: Sendable {
        public var failures: [Failure] = []
        /// Cases run and passed, per corpus file or per rule folder ("examples"); `pending` counts the failing
        /// cases that wait for another stage (they are in `run`, not in `passed`, and are no failures).
        public var tallies: [String: (run: Int, passed: Int)] = [:]
        public var pending: [String: Int] = [:]

        mutating func count(_ key: String, passed: Bool) {
            var tally = tallies[key] ?? (0, 0)
            tally.run += 1
            if passed { tally.passed += 1 }
            tallies[key] = tally
        }
    }

    /// The facts of a text run as a document of its own.
    public func facts(
        _ text: String, reference: CalendarDate?, options: [String: String] = [:]
    ) -> [Fact] {
        let document = Document(id: "example", published: reference, publishedSource: "example", text: text, reader: "example")
        return pipeline.process(document, extraction: ExtractionOptions(options, base: pipeline.options.extraction)).facts
    }

    public func runExamples() -> Report {
        var report = Report()
        for (folder, rules) in pipeline.patterns.rules.sorted(by: { $0.key < $1.key }) {
            for rule in rules {
                for example in rule.examples {
                    let found = facts(
                        example.text.text, reference: example.reference.resolved(default: .none), options: example.options
                    ).filter { $0.rule == rule.id }
                    let hit = found.first { fact in
                        (example.text.span.map { $0 == fact.range } ?? true)
                            && (example.value.map { fact.value.json.matches($0) } ?? true)
                    }
                    report.count("examples:\(folder)", passed: hit != nil)
                    if hit == nil {
                        report.failures.append(Failure(
                            location: example.location,
                            message: "rule '\(rule.id)' should give \(Self.describe(example.text.span, example.value, in: example.text.text)); "
                                + "it gave \(Self.describe(found))"))
                    }
                }
                for counterexample in rule.counterexamples {
                    let found = facts(counterexample.text, reference: counterexample.reference.resolved(default: .none))
                        .filter { $0.rule == rule.id }
                    report.count("examples:\(folder)", passed: found.isEmpty)
                    if !found.isEmpty {
                        report.failures.append(Failure(
                            location: counterexample.location,
                            message: "rule '\(rule.id)' must not fire here; it gave \(Self.describe(found))"))
                    }
                }
            }
        }
        return report
    }

    public func run(_ corpus: Corpus) -> Report {
        var report = Report()
        for item in corpus.cases {
            let found = facts(item.text.text, reference: item.reference.resolved(default: corpus.reference), options: item.options)
                .filter { $0.type == corpus.type }
            var unmatched = found
            var problems: [String] = []
            for expected in item.facts {
                if let index = unmatched.firstIndex(where: { fact in
                    (expected.span.map { $0 == fact.range } ?? true)
                        && (expected.value.map { fact.value.json.matches($0) } ?? true)
                }) {
                    unmatched.remove(at: index)
                } else {
                    problems.append("missing \(Self.describe(expected.span, expected.value, in: item.text.text))")
                }
            }
            if !item.partial, !unmatched.isEmpty {
                problems.append("unexpected \(Self.describe(unmatched))")
            }
            report.count(corpus.file, passed: problems.isEmpty)
            if let pending = item.pending {
                if problems.isEmpty {
                    report.failures.append(Failure(
                        location: item.location, message: "the case holds now: remove 'pending: \(pending)'"))
                } else {
                    report.pending[corpus.file, default: 0] += 1
                }
            } else if !problems.isEmpty {
                report.failures.append(Failure(
                    location: item.location,
                    message: "\(problems.joined(separator: "; ")) in «\(item.text.text)»"
                        + (found.isEmpty ? "" : " (found: \(Self.describe(found)))")))
            }
        }
        return report
    }

    static func describe(_ span: TextRange?, _ value: JSONValue?, in text: String) -> String {
        var parts: [String] = []
        if let span {
            let scalars = Array(text.unicodeScalars)
            parts.append("'\(String(String.UnicodeScalarView(scalars[span.start..<min(span.end, scalars.count)])))'")
        }
        if let value { parts.append(value.serialized) }
        return parts.isEmpty ? "a fact" : parts.joined(separator: " ")
    }

    static func describe(_ facts: [Fact]) -> String {
        if facts.isEmpty { return "nothing" }
        return facts.map { "'\($0.text)' \($0.value.json.serialized)" }.joined(separator: ", ")
    }
}
