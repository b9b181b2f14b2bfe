import FactxModel
import Foundation

/// The lowest scores a run may reach against the gold (`Tests/Gold/floor.json`): a quality gate that a change may
/// not lower without saying so in a commit of its own.
///
/// ```json
/// {"about": "…", "overall": {"strict_f1": 0.71, "lenient_f1": 0.76}, "date": {"strict_f1": 0.5}, …}
/// ```
/// Each key but `about` is `overall`, a fact type, `event` (incident records) or `event.FIELD`; each metric is `strict_` or `lenient_` followed by
/// `precision`, `recall` or `f1`.
public struct Floor: Sendable {
    public struct Bound: Hashable, Sendable {
        /// `overall` or a fact type.
        public var scope: String
        /// `strict_f1`, `lenient_recall`, …
        public var metric: String
        public var minimum: Double
    }

    public struct Violation: Hashable, Sendable, CustomStringConvertible {
        public var bound: Bound
        public var score: Double
        public var description: String {
            "\(bound.scope) \(bound.metric.replacingOccurrences(of: "_", with: " ")) "
                + "\(EvalReport.format(score)) is below the floor \(EvalReport.format(bound.minimum))"
        }
    }

    public var source: String
    public var bounds: [Bound]

    public static let metrics = [
        "strict_precision", "strict_recall", "strict_f1", "lenient_precision", "lenient_recall", "lenient_f1",
    ]

    public init(source: String, bounds: [Bound]) {
        self.source = source
        self.bounds = bounds
    }

    public static func load(_ path: String) throws(RecordError) -> Floor {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw RecordError(path: path, message: "cannot read the floor file")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(text)
        } catch {
            throw RecordError(path: path, message: "not JSON: \(error)")
        }
        guard let scopes = json.members else { throw RecordError(path: path, message: "the floor must be a JSON object") }
        var bounds: [Bound] = []
        for scope in scopes where scope.key != "about" {
            guard let metrics = scope.value.members else {
                throw RecordError(path: path, message: "'\(scope.key)' must map metrics to numbers")
            }
            for metric in metrics {
                guard Floor.metrics.contains(metric.key) else {
                    throw RecordError(path: path, message: "unknown metric '\(metric.key)' (one of \(Floor.metrics.joined(separator: ", ")))")
                }
                guard let minimum = metric.value.doubleValue, (0...1).contains(minimum) else {
                    throw RecordError(path: path, message: "'\(scope.key).\(metric.key)' must be a number from 0 to 1")
                }
                bounds.append(Bound(scope: scope.key, metric: metric.key, minimum: minimum))
            }
        }
        return Floor(source: path, bounds: bounds)
    }

    /// The bounds the report falls below. A scope the report does not know is a violation (score 0), so that a
    /// renamed type cannot pass silently.
    public func check(_ report: EvalReport) -> [Violation] {
        bounds.compactMap { bound in
            let tally = bound.scope == "overall" ? report.overall : report.tally(type: bound.scope)
            let score = tally.map { Floor.metric(bound.metric, of: $0) } ?? 0
            return score + 1e-9 < bound.minimum ? Violation(bound: bound, score: score) : nil
        }
    }

    public static func metric(_ name: String, of tally: Tally) -> Double {
        let score = name.hasPrefix("strict") ? tally.strict : tally.lenient
        if name.hasSuffix("precision") { return score.precision }
        if name.hasSuffix("recall") { return score.recall }
        return score.f1
    }
}
