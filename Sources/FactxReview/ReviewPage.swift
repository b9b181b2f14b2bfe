import FactxModel
import Foundation

/// One document as the review page shows it: its text, its facts and events, and what the readers and the
/// normalizer had to say about it.
public struct ReviewDocument: Sendable {
    public var doc: String
    public var title: String?
    public var published: String?
    public var reader: String?
    public var referenceDate: String?
    public var referenceSource: String?
    public var text: String
    public var warnings: [Diagnostic]
    public var facts: [ReviewRecord]
    public var events: [ReviewRecord]

    public init(
        doc: String, title: String? = nil, published: String? = nil, reader: String? = nil, referenceDate: String? = nil,
        referenceSource: String? = nil, text: String, warnings: [Diagnostic] = [], facts: [ReviewRecord] = [],
        events: [ReviewRecord] = []
    ) {
        self.doc = doc
        self.title = title
        self.published = published
        self.reader = reader
        self.referenceDate = referenceDate
        self.referenceSource = referenceSource
        self.text = text
        self.warnings = warnings
        self.facts = facts.sorted(by: ReviewRecord.displayOrder)
        self.events = events.sorted(by: ReviewRecord.displayOrder)
    }

    /// What the pipeline made of one document.
    public init(_ result: DocumentResult) {
        let facts = result.facts.sorted(by: Fact.recordOrder).enumerated().map { index, fact in
            // The records come from the model's own serialization, so they always have the contract's shape.
            (try? RecordSet.fact(fact.json, path: result.document.id, line: index + 1))!
        }
        let events = result.events.enumerated().map { index, event in
            (try? RecordSet.event(event.json, path: result.document.id, line: index + 1))!
        }
        self.init(
            doc: result.document.id, title: result.document.title, published: result.document.published?.iso,
            reader: result.document.reader, referenceDate: result.reference?.iso, referenceSource: result.referenceSource,
            text: result.document.text, warnings: result.warnings, facts: facts, events: events)
    }
}

/// `factx review`: one self-contained HTML page (no network, no external files; scripts only to add keyboard
/// shortcuts) with each document's text and its facts highlighted by type, each fact focusable and showing its
/// type, value and rule on hover or focus; the document's diagnostics, events and facts as tables; and, given an
/// earlier run, what changed since. The same inputs give the same bytes. See docs/review.md.
public struct ReviewPage: Sendable {
    public var documents: [ReviewDocument]
    public var errors: [InputError]
    /// An earlier run to mark changes against.
    public var against: RecordSet?
    /// Named in the page's `generator` meta tag.
    public var generator: String

    public init(documents: [ReviewDocument], errors: [InputError] = [], against: RecordSet? = nil, generator: String = "factx") {
        self.documents = documents.sorted { $0.doc < $1.doc }
        self.errors = errors.sorted { $0.file != $1.file ? $0.file < $1.file : ($0.line ?? 0) < ($1.line ?? 0) }
        self.against = against
        self.generator = generator
    }

    /// The fact types in the order the page lists them, with the letter printed after each highlight on paper.
    static let types: [(type: String, letter: String)] = [
        ("date", "D"), ("casualty", "C"), ("attack_count", "A"), ("place", "P"), ("group", "G"),
    ]

    /// Changes of one document's facts and events since the earlier run.
    struct Changes {
        var facts: [Int: RecordChange] = [:]
        var removedFacts: [ReviewRecord] = []
        var events: [Int: RecordChange] = [:]
        var removedEvents: [ReviewRecord] = []
        var counts = ChangeCounts()
    }

    func changes(for document: ReviewDocument) -> Changes? {
        guard let against else { return nil }
        var changes = Changes()
        let positions = Dictionary(document.facts.enumerated().map { ($1, $0) }) { first, _ in first }
        let comparison = RecordDiff.compare(against.facts.filter { $0.doc == document.doc }, document.facts)
        for change in comparison.changes {
            changes.counts[change.kind] += 1
            if let new = change.new, let index = positions[new] {
                changes.facts[index] = change
            } else if let old = change.old {
                changes.removedFacts.append(old)
            }
        }
        if let oldEvents = against.events {
            let eventPositions = Dictionary(document.events.enumerated().map { ($1, $0) }) { first, _ in first }
            for change in RecordDiff.compare(oldEvents.filter { $0.doc == document.doc }, document.events).changes {
                if let new = change.new, let index = eventPositions[new] {
                    changes.events[index] = change
                } else if let old = change.old {
                    changes.removedEvents.append(old)
                }
            }
        }
        return changes
    }

    // MARK: The page

    public func render() -> String {
        let allChanges = documents.map(changes(for:))
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
            <meta name="generator" content="\(HTML.escape(generator))">
            <title>factx review: \(documents.count) document\(documents.count == 1 ? "" : "s")</title>
            <style>\(ReviewStyle.css)</style>
            </head>
            <body>
            <a class="skip" href="#documents">Skip to the documents</a>
            <header>
            <h1>factx review</h1>

            """
        html += header(allChanges)
        html += "</header>\n"
        html += tableOfContents(allChanges)
        html += "<main id=\"documents\">\n"
        for (index, document) in documents.enumerated() {
            html += section(document, anchor: "d\(index + 1)", changes: allChanges[index])
        }
        html += "</main>\n"
        html += errorSection()
        html += "<script>\(ReviewStyle.script)</script>\n</body>\n</html>\n"
        return html
    }

    func header(_ allChanges: [Changes?]) -> String {
        var counts: [String: Int] = [:]
        for document in documents {
            for fact in document.facts { counts[fact.type, default: 0] += 1 }
        }
        let facts = documents.reduce(0) { $0 + $1.facts.count }
        let events = documents.reduce(0) { $0 + $1.events.count }
        let warnings = documents.reduce(0) { $0 + $1.warnings.count }
        var summary = [
            plural(documents.count, "document"), plural(facts, "fact"), plural(events, "event"),
            plural(warnings, "diagnostic"),
        ]
        if !errors.isEmpty { summary.append("<a href=\"#errors\">\(plural(errors.count, "input")) not read</a>") }
        var html = "<p class=\"summary\">\(summary.joined(separator: " · "))</p>\n"
        if let against {
            let total = allChanges.compactMap { $0 }.reduce(into: ChangeCounts()) { sum, changes in
                for kind in RecordChange.Kind.allCases { sum[kind] += changes.counts[kind] }
            }
            html += "<p class=\"against\">Compared with <code>\(HTML.escape(against.source))</code>: "
                + "<span class=\"c-added badge\">\(total.added) added</span> "
                + "<span class=\"c-changed badge\">\(total.changed) changed</span> "
                + "<span class=\"c-removed badge\">\(total.removed) removed</span> "
                + "\(total.unchanged) unchanged facts.</p>\n"
            let gone = against.documentIDs.subtracting(documents.map(\.doc)).sorted()
            if !gone.isEmpty {
                html += "<p class=\"against\">Documents of the earlier run not in this one: "
                    + gone.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", ") + ".</p>\n"
            }
        }
        html += "<fieldset class=\"legend\"><legend>Highlight</legend>\n"
        for (type, letter) in Self.types {
            html += "<label><input type=\"checkbox\" id=\"show-\(type)\" checked> "
                + "<span class=\"swatch t-\(type)\" data-short=\"\(letter)\">\(type.replacingOccurrences(of: "_", with: " "))</span> "
                + "<span class=\"n\">\(counts[type, default: 0])</span></label>\n"
        }
        html += "<label><input type=\"checkbox\" id=\"show-diagnostics\" checked> "
            + "<span class=\"diag\">diagnostic</span> <span class=\"n\">\(warnings)</span></label>\n"
        html += "</fieldset>\n"
        html += """
            <p class="help">Each highlight is a fact: hover over it or reach it with <kbd>Tab</kbd> to see its type, \
            value and rule; its row in the document's fact table says the same. With scripts on, <kbd>j</kbd> and \
            <kbd>k</kbd> move to the next and previous fact\(against == nil ? "" : ", <kbd>n</kbd> and <kbd>p</kbd> to the next and previous change").</p>

            """
        return html
    }

    func tableOfContents(_ allChanges: [Changes?]) -> String {
        var html = "<nav aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">Documents</h2>\n<ol>\n"
        for (index, document) in documents.enumerated() {
            var notes = [plural(document.facts.count, "fact"), plural(document.events.count, "event")]
            if !document.warnings.isEmpty { notes.append(plural(document.warnings.count, "diagnostic")) }
            if let changes = allChanges[index] {
                notes.append("\(changes.counts.differences) changed since")
            }
            html += "<li><a href=\"#d\(index + 1)\">\(HTML.escape(document.title ?? document.doc))</a> "
                + "<span class=\"doc-id\">\(HTML.escape(document.doc))</span> "
                + "<span class=\"n\">\(notes.joined(separator: ", "))</span></li>\n"
        }
        html += "</ol>\n</nav>\n"
        return html
    }

    func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    // MARK: One document

    func section(_ document: ReviewDocument, anchor: String, changes: Changes?) -> String {
        var html = "<section class=\"doc\" id=\"\(anchor)\" aria-labelledby=\"\(anchor)-title\">\n"
        html += "<h2 id=\"\(anchor)-title\">\(HTML.escape(document.title ?? document.doc))</h2>\n"
        html += "<dl class=\"meta\">"
        let meta: [(String, String?)] = [
            ("Document", document.doc), ("Published", document.published), ("Reader", document.reader),
            ("Dates resolved against", document.referenceDate.map { date in
                document.referenceSource.map { "\(date) (\($0))" } ?? date
            } ?? "nothing: relative dates stay unresolved"),
        ]
        for (term, value) in meta {
            guard let value else { continue }
            html += "<div><dt>\(term)</dt><dd>\(HTML.escape(value))</dd></div>"
        }
        html += "</dl>\n"
        html += diagnostics(document, anchor: anchor)
        html += "<h3>Text</h3>\n<div class=\"text\">\n"
        html += highlightedText(document, anchor: anchor, changes: changes)
        html += "\n</div>\n"
        html += eventsTable(document, anchor: anchor, changes: changes)
        html += factsTable(document, anchor: anchor, changes: changes)
        html += "</section>\n"
        return html
    }

    func diagnostics(_ document: ReviewDocument, anchor: String) -> String {
        var html = "<h3>Diagnostics</h3>\n"
        guard !document.warnings.isEmpty else { return html + "<p class=\"none\">None.</p>\n" }
        html += "<ul class=\"diagnostics\">\n"
        for (index, warning) in document.warnings.enumerated() {
            html += "<li id=\"\(anchor)-w\(index + 1)-item\"><code>\(HTML.escape(warning.code))</code> \(HTML.escape(warning.message))"
            if let range = warning.range {
                let target = range.isEmpty ? "" : " href=\"#\(anchor)-w\(index + 1)\""
                html += " <a class=\"at\"\(target)>at \(range.start)–\(range.end)</a>"
            }
            html += "</li>\n"
        }
        return html + "</ul>\n"
    }

    func eventsTable(_ document: ReviewDocument, anchor: String, changes: Changes?) -> String {
        var html = "<h3>Events</h3>\n<table class=\"events\">\n<caption>Incident records of \(HTML.escape(document.doc))</caption>\n"
        html += "<thead><tr><th scope=\"col\">Event</th><th scope=\"col\">Date</th><th scope=\"col\">Place</th>"
            + "<th scope=\"col\">Perpetrator</th><th scope=\"col\">Attribution</th><th scope=\"col\">Killed</th>"
            + "<th scope=\"col\">Injured</th><th scope=\"col\">Target</th><th scope=\"col\">Target type</th>"
            + "<th scope=\"col\">Attack type</th><th scope=\"col\">Confidence</th><th scope=\"col\">Evidence</th>"
            + (changes == nil ? "" : "<th scope=\"col\">Change</th>") + "</tr></thead>\n<tbody>\n"
        let scalars = Array(document.text.unicodeScalars)
        func row(_ event: ReviewRecord, change: RecordChange?) -> String {
            let record = event.record
            let evidence = event.spans.map { span -> String in
                let quote = Self.excerpt(scalars, span)
                return "<q>\(HTML.escape(quote))</q> <span class=\"n\">\(span.start)–\(span.end)</span>"
            }.joined(separator: "<br>")
            var cells = [
                HTML.escape(event.id ?? "–"),
                HTML.escape(ValueSummary.date(record["date"] ?? .null)),
                HTML.escape(ValueSummary.place(record["place"] ?? .null)),
                HTML.escape(ValueSummary.group(record["perpetrator"])),
                HTML.escape(record["attribution"]?.stringValue ?? "–"),
                HTML.escape(ValueSummary.count(record["killed"])),
                HTML.escape(ValueSummary.count(record["injured"])),
                HTML.escape(record["target"]?.stringValue ?? "–"),
                HTML.escape(record["target_type"]?.stringValue ?? "–"),
                HTML.escape(record["attack_type"]?.stringValue ?? "–"),
                HTML.escape(record["confidence"].flatMap(\.doubleValue).map { String(format: "%.2f", $0) } ?? "–")
                    + Self.resolutions(record["resolved"]),
                evidence.isEmpty ? "–" : evidence,
            ]
            if changes != nil { cells.append(changeCell(change)) }
            let kind = change.map { " class=\"c-\($0.kind.rawValue)\"" } ?? ""
            return "<tr\(kind)>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        for (index, event) in document.events.enumerated() {
            html += row(event, change: changes?.events[index])
        }
        for event in changes?.removedEvents ?? [] {
            html += row(event, change: RecordChange(kind: .removed, old: event, new: nil, aspects: []))
        }
        if document.events.isEmpty && (changes?.removedEvents ?? []).isEmpty {
            html += "<tr class=\"empty\"><td colspan=\"\(changes == nil ? 12 : 13)\">No incident records for this document.</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// The fields an incident filled by coreference or from a neighbouring sentence, as a note under its confidence.
    static func resolutions(_ resolved: JSONValue?) -> String {
        let items = (resolved?.arrayValue ?? []).compactMap { item -> String? in
            guard let field = item["field"]?.stringValue, let method = item["method"]?.stringValue else { return nil }
            return "\(field) by \(method)"
        }
        return items.isEmpty ? "" : "<br><span class=\"n\">" + HTML.escape(items.joined(separator: ", ")) + "</span>"
    }

    /// Up to 80 scalars of the text a span covers.
    static func excerpt(_ scalars: [Unicode.Scalar], _ span: TextRange) -> String {
        guard span.start >= 0, span.end <= scalars.count, span.start <= span.end else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[span.start..<min(span.end, span.start + 80)])
        return String(view) + (span.length > 80 ? "…" : "")
    }

    func changeCell(_ change: RecordChange?) -> String {
        guard let change else { return "" }
        switch change.kind {
        case .unchanged: return "unchanged"
        case .added: return "<span class=\"badge c-added\">added</span>"
        case .removed: return "<span class=\"badge c-removed\">removed</span>"
        case .changed:
            let old = change.old!
            var was: [String] = []
            if change.aspects.contains(.span) { was.append("span \(old.spanText)") }
            if change.aspects.contains(.value) {
                was.append(old.kind == .fact ? ValueSummary.fact(type: old.type, value: old.value) : old.value.serialized)
            }
            if change.aspects.contains(.rule), let rule = old.rule { was.append("rule \(rule)") }
            return "<span class=\"badge c-changed\">changed</span> \(HTML.escape(change.aspects.map(\.rawValue).joined(separator: ", ")))"
                + "<br><span class=\"was\">was: \(HTML.escape(was.joined(separator: "; ")))</span>"
        }
    }

    /// The text a tooltip and a screen reader give for a fact.
    func tip(_ fact: ReviewRecord, change: RecordChange?) -> String {
        var parts = [
            fact.type.replacingOccurrences(of: "_", with: " "), ValueSummary.fact(type: fact.type, value: fact.value),
            "rule " + (fact.rule ?? "?"),
        ]
        if let change, against != nil {
            switch change.kind {
            case .unchanged: break
            case .added: parts.append("new since the earlier run")
            case .removed: parts.append("removed since the earlier run")
            case .changed:
                let old = change.old!
                parts.append("changed (\(change.aspects.map(\.rawValue).joined(separator: ", "))); was "
                    + ValueSummary.fact(type: old.type, value: old.value) + ", rule " + (old.rule ?? "?"))
            }
        }
        return parts.joined(separator: " · ")
    }

    func highlightedText(_ document: ReviewDocument, anchor: String, changes: Changes?) -> String {
        let letters = Dictionary(uniqueKeysWithValues: Self.types.map { ($0.type, $0.letter) })
        var spans: [Highlighter.Span] = []
        for (index, fact) in document.facts.enumerated() {
            let change = changes?.facts[index]
            let id = "\(anchor)-f\(index + 1)"
            let classes = "f t-\(Self.cssName(fact.type))" + (change.map { $0.kind == .unchanged ? "" : " c-\($0.kind.rawValue)" } ?? "")
            let attributes = "data-short=\"\(letters[fact.type] ?? "?")\" data-tip=\"\(HTML.escape(tip(fact, change: change)))\""
            spans.append(Highlighter.Span(
                start: fact.span.start, end: fact.span.end,
                open: "<mark class=\"\(classes)\" id=\"\(id)\" tabindex=\"0\" \(attributes) aria-describedby=\"\(id)-row\">",
                reopen: "<mark class=\"\(classes) cont\" \(attributes)>", close: "</mark>"))
        }
        // Removed facts are drawn only where the text still reads as it did.
        let scalars = Array(document.text.unicodeScalars)
        for (index, fact) in (changes?.removedFacts ?? []).enumerated()
        where Self.excerpt(scalars, fact.span) == fact.text && fact.span.length <= 80 {
            let id = "\(anchor)-r\(index + 1)"
            let attributes = "data-short=\"\(letters[fact.type] ?? "?")\" data-tip=\"\(HTML.escape(tip(fact, change: RecordChange(kind: .removed, old: fact, new: nil, aspects: []))))\""
            spans.append(Highlighter.Span(
                start: fact.span.start, end: fact.span.end,
                open: "<mark class=\"f t-\(Self.cssName(fact.type)) c-removed\" id=\"\(id)\" tabindex=\"0\" \(attributes) aria-describedby=\"\(id)-row\">",
                reopen: "<mark class=\"f t-\(Self.cssName(fact.type)) c-removed cont\" \(attributes)>", close: "</mark>"))
        }
        for (index, warning) in document.warnings.enumerated() {
            guard let range = warning.range else { continue }
            let id = "\(anchor)-w\(index + 1)"
            let title = HTML.escape("\(warning.code): \(warning.message)")
            spans.append(Highlighter.Span(
                start: range.start, end: range.end,
                open: "<span class=\"diag\" id=\"\(id)\" title=\"\(title)\">", reopen: "<span class=\"diag cont\" title=\"\(title)\">",
                close: "</span>"))
        }
        return Highlighter(text: document.text, spans: spans).render()
    }

    func factsTable(_ document: ReviewDocument, anchor: String, changes: Changes?) -> String {
        var html = "<h3>Facts</h3>\n<table class=\"facts\">\n<caption>Facts of \(HTML.escape(document.doc)), in text order</caption>\n"
        html += "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Type</th><th scope=\"col\">Text</th>"
            + "<th scope=\"col\">Value</th><th scope=\"col\">Rule</th><th scope=\"col\">Span</th>"
            + (changes == nil ? "" : "<th scope=\"col\">Change</th>") + "</tr></thead>\n<tbody>\n"
        func row(_ fact: ReviewRecord, id: String, number: String, change: RecordChange?) -> String {
            var cells = [
                number,
                "<span class=\"key t-\(Self.cssName(fact.type))\"></span>\(HTML.escape(fact.type.replacingOccurrences(of: "_", with: " ")))",
                "<a href=\"#\(id)\">\(HTML.escape(fact.text ?? ""))</a>",
                HTML.escape(ValueSummary.fact(type: fact.type, value: fact.value)),
                "<code>\(HTML.escape(fact.rule ?? ""))</code>",
                "\(fact.span.start)–\(fact.span.end)",
            ]
            if changes != nil { cells.append(changeCell(change)) }
            let kind = change.map { $0.kind == .unchanged ? "" : " class=\"c-\($0.kind.rawValue)\"" } ?? ""
            return "<tr id=\"\(id)-row\"\(kind)>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        for (index, fact) in document.facts.enumerated() {
            html += row(fact, id: "\(anchor)-f\(index + 1)", number: String(index + 1), change: changes?.facts[index])
        }
        for (index, fact) in (changes?.removedFacts ?? []).enumerated() {
            html += row(fact, id: "\(anchor)-r\(index + 1)", number: "–",
                        change: RecordChange(kind: .removed, old: fact, new: nil, aspects: []))
        }
        if document.facts.isEmpty && (changes?.removedFacts ?? []).isEmpty {
            html += "<tr class=\"empty\"><td colspan=\"\(changes == nil ? 6 : 7)\">No facts found in this document.</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    func errorSection() -> String {
        guard !errors.isEmpty else { return "" }
        var html = "<section id=\"errors\" aria-labelledby=\"errors-title\">\n<h2 id=\"errors-title\">Inputs not read</h2>\n"
        html += "<table class=\"errors\">\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Line</th>"
            + "<th scope=\"col\">Code</th><th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n"
        for error in errors {
            html += "<tr><td>\(HTML.escape(error.file))</td><td>\(error.line.map(String.init) ?? "")</td>"
                + "<td><code>\(HTML.escape(error.code))</code></td><td>\(HTML.escape(error.message))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    /// Fact types as CSS class names (`attack_count` → `attack_count`; anything odd → `other`).
    static func cssName(_ type: String) -> String {
        type.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "_" } ? type : "other"
    }
}
