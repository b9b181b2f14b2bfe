import FactxModel

/// How a report is printed.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, markdown
}

extension DiffReport {
    public func rendered(_ format: ReportFormat) -> String {
        switch format {
        case .text: textReport
        case .json: json.serialized + "\n"
        case .markdown: markdownReport
        }
    }

    // MARK: Text

    /// For a terminal: a summary line per record kind, the differences by document (`-` removed, `+` added, `~`
    /// changed with both sides), then counts by rule and by type.
    public var textReport: String {
        var lines = ["factx diff \(old) \(new)"]
        lines.append("facts: " + Self.summary(facts.total))
        if let events {
            lines.append("events: " + Self.summary(events.total))
        } else {
            lines.append("events: not compared (an events.jsonl is missing on one side)")
        }
        for (title, comparison) in comparisons where !comparison.isEqual {
            for (doc, changes) in comparison.byDocument {
                lines.append("")
                lines.append("\(title) in \(doc)")
                for change in changes { lines += Self.textLines(change) }
            }
        }
        for (title, comparison) in comparisons where !comparison.isEqual {
            if title == "facts" {
                lines.append("")
                lines.append("facts by rule")
                let rows = comparison.byRule.map { [$0.rule, String($0.counts.changed), String($0.counts.added), String($0.counts.removed)] }
                lines += TextTable.render(header: ["rule", "changed", "added", "removed"], rows: rows, numericFrom: 1)
                    .map { "  " + $0 }
            }
            lines.append("")
            lines.append("\(title) by type")
            var rows = comparison.byType.map { row in
                [row.type] + RecordChange.Kind.allCases.map { String(row.counts[$0]) }
            }
            rows.append(["total"] + RecordChange.Kind.allCases.map { String(comparison.total[$0]) })
            lines += TextTable.render(header: ["type"] + RecordChange.Kind.allCases.map(\.rawValue), rows: rows, numericFrom: 1)
                .map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var comparisons: [(String, RecordComparison)] {
        [("facts", facts)] + (events.map { [("events", $0)] } ?? [])
    }

    static func summary(_ counts: ChangeCounts) -> String {
        if counts.differences == 0 { return "equal (\(counts.unchanged) unchanged)" }
        return "\(counts.changed) changed, \(counts.added) added, \(counts.removed) removed, \(counts.unchanged) unchanged"
    }

    static func describe(_ record: ReviewRecord) -> String {
        var parts = [record.type, record.spanText]
        if let text = record.text { parts.append(quoted(text)) }
        if let id = record.id { parts.append(id) }
        if let rule = record.rule { parts.append(rule) }
        parts.append(record.value.serialized)
        return parts.joined(separator: "  ")
    }

    static func textLines(_ change: RecordChange) -> [String] {
        switch change.kind {
        case .unchanged: return []
        case .added: return ["  + " + describe(change.new!)]
        case .removed: return ["  - " + describe(change.old!)]
        case .changed:
            return [
                "  ~ \(change.shown.type) \(change.aspects.map(\.rawValue).joined(separator: ", ")) changed",
                "      old " + describe(change.old!),
                "      new " + describe(change.new!),
            ]
        }
    }

    /// A surface in double quotes, with line breaks and quotes escaped so that a record stays on one line.
    static func quoted(_ text: String) -> String {
        JSONValue.string(text).serialized
    }

    // MARK: JSON

    /// `{"old","new","equal","facts":{…},"events":{…}|null}`; each comparison holds `counts` (`total` and
    /// `by_type`), `by_rule` and `documents`, each document listing its differences with the records of both sides.
    public var json: JSONValue {
        .object([
            "old": .string(old),
            "new": .string(new),
            "equal": .bool(isEqual),
            "facts": Self.json(facts, withRules: true),
            "events": events.map { Self.json($0, withRules: false) } ?? .null,
        ])
    }

    static func json(_ counts: ChangeCounts) -> JSONValue {
        .object(RecordChange.Kind.allCases.map { JSONValue.Member($0.rawValue, .int(counts[$0])) })
    }

    static func json(_ comparison: RecordComparison, withRules: Bool) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("counts", .object([
                "total": json(comparison.total),
                "by_type": .object(comparison.byType.map { JSONValue.Member($0.type, json($0.counts)) }),
            ])),
        ]
        if withRules {
            members.append(.init("by_rule", .array(comparison.byRule.map { row in
                .object([
                    "rule": .string(row.rule), "changed": .int(row.counts.changed), "added": .int(row.counts.added),
                    "removed": .int(row.counts.removed),
                ])
            })))
        }
        members.append(.init("documents", .array(comparison.byDocument.map { doc, changes in
            .object([
                "doc": .string(doc),
                "changes": .array(changes.map { change in
                    .object([
                        "change": .string(change.kind.rawValue),
                        "aspects": .array(change.aspects.map { .string($0.rawValue) }),
                        "old": change.old?.record ?? .null,
                        "new": change.new?.record ?? .null,
                    ])
                }),
            ])
        })))
        return .object(members)
    }

    // MARK: Markdown

    /// For a pull request or an issue: a summary table, then one table of differences per document.
    public var markdownReport: String {
        var lines = ["# factx diff", "", "`\(old)` → `\(new)`", ""]
        for (title, comparison) in comparisons {
            lines.append("## \(title.capitalized): " + Self.summary(comparison.total))
            lines.append("")
            guard !comparison.isEqual else { continue }
            lines.append("| type | " + RecordChange.Kind.allCases.map(\.rawValue).joined(separator: " | ") + " |")
            lines.append("|---" + String(repeating: "|--:", count: RecordChange.Kind.allCases.count) + "|")
            for row in comparison.byType {
                lines.append("| \(row.type) | " + RecordChange.Kind.allCases.map { String(row.counts[$0]) }.joined(separator: " | ") + " |")
            }
            lines.append("")
            if title == "facts" {
                lines.append("| rule | changed | added | removed |")
                lines.append("|---|--:|--:|--:|")
                for row in comparison.byRule {
                    lines.append("| `\(row.rule)` | \(row.counts.changed) | \(row.counts.added) | \(row.counts.removed) |")
                }
                lines.append("")
            }
            for (doc, changes) in comparison.byDocument {
                lines.append("### \(Markdown.cell(doc))")
                lines.append("")
                lines.append("| change | type | span | text | rule | old value | new value |")
                lines.append("|---|---|---|---|---|---|---|")
                for change in changes {
                    let shown = change.shown
                    let kind = change.kind == .changed
                        ? "changed (\(change.aspects.map(\.rawValue).joined(separator: ", ")))" : change.kind.rawValue
                    let span = change.kind == .changed && change.aspects.contains(.span)
                        ? "\(change.old!.spanText) → \(change.new!.spanText)" : shown.spanText
                    let text = change.kind == .changed && change.aspects.contains(.text)
                        ? "\(change.old!.text ?? "") → \(change.new!.text ?? "")" : (shown.text ?? shown.id ?? "")
                    let rule = change.rules.joined(separator: " → ")
                    lines.append("| " + [
                        kind, shown.type, span, text, rule.isEmpty ? "" : "`\(rule)`",
                        change.old.map { "`\($0.value.serialized)`" } ?? "",
                        change.new.map { "`\($0.value.serialized)`" } ?? "",
                    ].map(Markdown.cell).joined(separator: " | ") + " |")
                }
                lines.append("")
            }
        }
        return lines.joined(separator: "\n")
    }
}

enum Markdown {
    /// A table cell: pipes escaped, line breaks as spaces.
    static func cell(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "|": output += "\\|"
            case "\n", "\r": output += " "
            default: output.append(character)
            }
        }
        return output
    }
}

enum TextTable {
    /// Columns padded to their widest cell; columns from `numericFrom` on are right-aligned.
    static func render(header: [String], rows: [[String]], numericFrom: Int) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - row[column].count)
                return column >= numericFrom ? padding + row[column] : row[column] + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
