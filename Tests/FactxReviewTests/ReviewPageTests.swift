import FactxModel
import FactxPipeline
import FactxReview
import FactxTestSupport
import FactxWriting
import Foundation
import Testing

@Suite struct HighlighterTests {
    func fact(_ type: String, _ start: Int, _ end: Int, rule: String = "r", value: JSONValue = ["id": "x"]) throws -> ReviewRecord {
        try records([factRecord("d", type, start, end, rule: rule, value: value)]).facts[0]
    }

    func page(_ text: String, _ facts: [ReviewRecord], warnings: [Diagnostic] = []) -> String {
        ReviewPage(documents: [ReviewDocument(doc: "d", text: text, warnings: warnings, facts: facts)]).render()
    }

    /// The part of the page inside the text block.
    func textBlock(_ html: String) -> String {
        let start = html.range(of: "<div class=\"text\">\n")!.upperBound
        let end = html.range(of: "\n</div>", range: start..<html.endIndex)!.lowerBound
        return String(html[start..<end])
    }

    @Test func nestedSpansNestAndCrossingOnesSplit() throws {
        // "At least 54 persons were killed in Bajaur": a casualty holding nothing, a place, and a diagnostic that
        // crosses the casualty's end.
        let text = "At least 54 persons were killed in Bajaur."
        let html = textBlock(page(text, [try fact("casualty", 0, 31), try fact("place", 35, 41)],
                                  warnings: [.warning("x.y", "crosses", range: TextRange(25, 41))]))
        let stripped = html.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
        #expect(stripped == text)
        // The diagnostic opens inside the casualty, closes with it, and reopens as a continuation after it.
        #expect(html.contains("were <span class=\"diag\" id=\"d1-w1\" title=\"x.y: crosses\">killed</span></mark><span class=\"diag cont\" title=\"x.y: crosses\"> in "))
        #expect(html.contains("<mark class=\"f t-place\" id=\"d1-f2\""))
        #expect(html.hasSuffix(">Bajaur</mark></span>.</p>"))
    }

    @Test func paragraphsBreakAndMarksReopenAcrossThem() throws {
        let text = "First part.\n\nSecond part."
        let html = textBlock(page(text, [try fact("group", 6, 19)]))
        #expect(html.hasPrefix("<p>First <mark class=\"f t-group\" id=\"d1-f1\""))
        #expect(html.contains("part.</mark></p>\n<p><mark class=\"f t-group cont\""))
        #expect(html.hasSuffix("Second</mark> part.</p>"))
    }

    @Test func everythingFromTheDocumentIsEscaped() throws {
        let text = "<script>alert('x')</script> & \"ISKP\""
        let evil = try fact("group", 0, 8, rule: "r\"><script>", value: ["id": "<b>", "name": "\"q\""])
        let html = page(text, [evil])
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("r\"><script>"))
        #expect(html.contains("&lt;script&gt;</mark>alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;ISKP&quot;"))
        // The only script element is the page's own.
        #expect(html.components(separatedBy: "<script>").count == 2)
    }

    @Test func emptyAndOutOfRangeSpansAreListedButNotDrawn() throws {
        let html = page("short", [try fact("date", 2, 2), try fact("date", 3, 99)])
        #expect(textBlock(html) == "<p>short</p>")
        #expect(html.contains("id=\"d1-f1-row\"") && html.contains("id=\"d1-f2-row\""))
    }
}

@Suite struct ReviewPageTests {
    static let batch = Repository.pipeline.run(inputs: [Repository.path("Corpus")])

    @Test func theSamplePageHighlightsEveryFactAndIsSelfContained() throws {
        let html = ReviewPage(documents: Self.batch.results.map(ReviewDocument.init)).render()
        let facts = Self.batch.results.reduce(0) { $0 + $1.facts.count }
        #expect(html.components(separatedBy: "tabindex=\"0\"").count - 1 == facts)
        #expect(html.contains(#"<mark class="f t-casualty" id="d1-f"#))
        #expect(html.contains("data-tip=\"casualty · killed ≥ 54 (at least) persons · rule casualty.passive\""))
        #expect(html.contains("<table class=\"events\">") && html.contains("<table class=\"facts\">"))
        #expect(html.contains("<code>definition.contradicts</code>"))
        for external in ["http://", "https://", "src=", "<link", "@import", "url("] {
            #expect(!html.contains(external), "the page refers outside itself: \(external)")
        }
        #expect(html.contains("@media print"))
    }

    @Test func sameInputsGiveTheSameBytes() {
        let first = ReviewPage(documents: Self.batch.results.map(ReviewDocument.init)).render()
        let second = ReviewPage(documents: Repository.pipeline.run(inputs: [Repository.path("Corpus")]).results.map(ReviewDocument.init)).render()
        #expect(first == second)
    }

    @Test func againstAnEarlierRunMarksWhatChanged() throws {
        let result = try #require(Self.batch.results.first)
        // The earlier run: one fact gone, one with another value, one that is no longer found.
        var facts = JSONLines.facts(Self.batch.results)
        facts.remove(at: try #require(facts.firstIndex { $0["text"] == "Quetta" }))
        let changedIndex = try #require(facts.firstIndex { $0["text"] == "July 30, 2023" })
        facts[changedIndex] = .object(facts[changedIndex].members!.map { member in
            member.key == "value" ? .init("value", ["timex": "2023-07-31", "start": "2023-07-31", "end": "2023-07-31", "granularity": "day", "mod": nil]) : member
        })
        let gone = factRecord(result.document.id, "group", 4, 8, text: "’s i", rule: "old.rule", value: ["id": "gone"])
        facts.append(gone)
        let earlier = try RecordSet(source: "earlier", factRecords: facts, eventRecords: [], documentRecords: nil)

        let html = ReviewPage(documents: [ReviewDocument(result)], against: earlier).render()
        #expect(html.contains("Compared with <code>earlier</code>"))
        #expect(html.contains("<span class=\"c-added badge\">1 added</span>"))
        #expect(html.contains("<span class=\"c-changed badge\">1 changed</span>"))
        #expect(html.contains("<span class=\"c-removed badge\">1 removed</span>"))
        #expect(html.contains("class=\"f t-place c-added\""))
        #expect(html.contains("class=\"f t-date c-changed\""))
        #expect(html.contains("changed (value); was 2023-07-31 (day, 2023-07-31), rule date.month-day-year"))
        // The removed fact is drawn where the text still reads as it did, and listed.
        #expect(html.contains("class=\"f t-group c-removed\" id=\"d1-r1\""))
        #expect(html.contains("<tr id=\"d1-r1-row\" class=\"c-removed\">"))
    }

    @Test func failedInputsAreListed() {
        let page = ReviewPage(documents: [], errors: [InputError(file: "bad.html", code: "read.binary", message: "a PDF <b>")])
        let html = page.render()
        #expect(html.contains("<h2 id=\"errors-title\">Inputs not read</h2>"))
        #expect(html.contains("<td>a PDF &lt;b&gt;</td>"))
    }
}
