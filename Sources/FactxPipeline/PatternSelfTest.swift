import FactxEvents
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

        /// Records one corpus case: a failure naming its problems and what was found, a `pending` case counted
        /// apart, and a pending case that holds now as a failure (its mark must go).
        mutating func tally(
            _ problems: [String], file: String, location: SourceLocation, pending: String?, text: String, found: String?
        ) {
            count(file, passed: problems.isEmpty)
            if let pending {
                if problems.isEmpty {
                    failures.append(Failure(location: location, message: "the case holds now: remove 'pending: \(pending)'"))
                } else {
                    self.pending[file, default: 0] += 1
                }
            } else if !problems.isEmpty {
                failures.append(Failure(
                    location: location,
                    message: "\(problems.joined(separator: "; ")) in «\(text)»" + (found.map { " (found: \($0))" } ?? "")))
            }
        }
    }

    /// The facts of a text run as a document of its own.
    public func facts(
        _ text: String, reference: CalendarDate?, options: [String: String] = [:]
    ) -> [Fact] {
        let document = Document(id: "example", published: reference, publishedSource: "example", text: text, reader: "example")
        return pipeline.process(document, extraction: ExtractionOptions(options, base: pipeline.options.extraction)).facts
    }

    /// The incident records of a text run as a document of its own.
    public func events(_ text: String, reference: CalendarDate?, options: [String: String] = [:]) -> [Event] {
        let document = Document(id: "example", published: reference, publishedSource: "example", text: text, reader: "example")
        return pipeline.process(document, extraction: ExtractionOptions(options, base: pipeline.options.extraction)).events
    }

    /// Incident cue rules (Patterns/events): an example must give a kept cue of the rule on the «marked» words; a
    /// counterexample must give no incident record that the rule helped to find.
    func runEventExamples(_ rules: [RegexRule], into report: inout Report) {
        for rule in rules {
            for example in rule.examples {
                let document = Document(
                    id: "example", published: example.reference.resolved(default: .none), publishedSource: "example",
                    text: example.text.text, reader: "example")
                let cues = pipeline.eventCues(document, extraction: ExtractionOptions(example.options, base: pipeline.options.extraction))
                    .filter { $0.rule == rule.id }
                let hit = cues.first { cue in cue.dropped == nil && (example.text.span.map { cue.range == $0 } ?? true) }
                report.count("examples:events", passed: hit != nil)
                if hit == nil {
                    let found = cues.map { "[\($0.range.start), \($0.range.end))" + ($0.dropped.map { " dropped: \($0)" } ?? "") }
                    report.failures.append(Failure(
                        location: example.location,
                        message: "rule '\(rule.id)' should find \(Self.describe(example.text.span, nil, in: example.text.text)); "
                            + "it found \(found.isEmpty ? "nothing" : found.joined(separator: ", "))"))
                }
            }
            for counterexample in rule.counterexamples {
                let found = events(counterexample.text, reference: counterexample.reference.resolved(default: .none))
                    .filter { $0.rules.contains(rule.id) }
                report.count("examples:events", passed: found.isEmpty)
                if !found.isEmpty {
                    report.failures.append(Failure(
                        location: counterexample.location,
                        message: "rule '\(rule.id)' must not make an incident here; it gave \(found.map { $0.json.serialized }.joined(separator: ", "))"))
                }
            }
        }
    }

    public func runExamples() -> Report {
        var report = Report()
        for (folder, rules) in pipeline.patterns.rules.sorted(by: { $0.key < $1.key }) {
            if folder == "events" {
                runEventExamples(rules, into: &report)
                continue
            }
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
        guard let type = corpus.type else { return runEvents(corpus) }
        var report = Report()
        for item in corpus.cases {
            let found = facts(item.text.text, reference: item.reference.resolved(default: corpus.reference), options: item.options)
                .filter { $0.type == type }
            var unmatched = found
            var problems: [String] = []
            for expected in item.facts {
                // A fact given by its surface matches that surface wherever it stands (a case may name "2019"
                // three times); a «marked» span must match exactly.
                if let index = unmatched.firstIndex(where: { fact in
                    (expected.surface.map { $0 == fact.text } ?? expected.span.map { $0 == fact.range } ?? true)
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
            report.tally(problems, file: corpus.file, location: item.location, pending: item.pending,
                         text: item.text.text, found: found.isEmpty ? nil : Self.describe(found))
        }
        return report
    }

    /// An incident corpus: each expected record must match one record (partially, by value; its «marked» span or
    /// `text` must overlap the record's evidence); without `partial: true`, no other record may come out.
    func runEvents(_ corpus: Corpus) -> Report {
        var report = Report()
        for item in corpus.cases {
            let found = events(item.text.text, reference: item.reference.resolved(default: corpus.reference), options: item.options)
            var unmatched = found
            var problems: [String] = []
            for expected in item.facts {
                if let index = unmatched.firstIndex(where: { event in
                    (expected.span.map { span in event.evidence.contains { $0.overlaps(span) } } ?? true)
                        && (expected.value.map { event.json.matches($0) } ?? true)
                }) {
                    unmatched.remove(at: index)
                } else {
                    problems.append("missing incident \(Self.describe(expected.span, expected.value, in: item.text.text))")
                }
            }
            if !item.partial, !unmatched.isEmpty {
                problems.append("unexpected incident \(unmatched.map { $0.json.serialized }.joined(separator: ", "))")
            }
            report.tally(problems, file: corpus.file, location: item.location, pending: item.pending,
                         text: item.text.text, found: found.isEmpty ? nil : found.map { $0.json.serialized }.joined(separator: ", "))
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
