/// An incident record: one attack, as an analyst would code it, with the spans that support it.
public struct Event: Hashable, Sendable {
    public var doc: String
    /// Stable within a document: `e1`, `e2` … in text order of first evidence.
    public var id: String
    public var date: DateValue?
    public var place: PlaceValue?
    public var perpetrator: GroupValue?
    /// `claimed|suspected|stated|unclear`, or nil without a perpetrator.
    public var attribution: String?
    public var killed: CountValue?
    public var injured: CountValue?
    /// The target as written.
    public var target: String?
    public var evidence: [TextRange]

    public init(
        doc: String, id: String, date: DateValue? = nil, place: PlaceValue? = nil, perpetrator: GroupValue? = nil,
        attribution: String? = nil, killed: CountValue? = nil, injured: CountValue? = nil, target: String? = nil,
        evidence: [TextRange] = []
    ) {
        self.doc = doc
        self.id = id
        self.date = date
        self.place = place
        self.perpetrator = perpetrator
        self.attribution = attribution
        self.killed = killed
        self.injured = injured
        self.target = target
        self.evidence = evidence
    }

    public var json: JSONValue {
        func count(_ value: CountValue?) -> JSONValue {
            guard let value else { return .null }
            return .object([
                "min": JSONValue(value.min), "max": JSONValue(value.max), "qualifier": .string(value.qualifier.rawValue),
            ])
        }
        return .object([
            "doc": .string(doc),
            "id": .string(id),
            "date": date?.json ?? .null,
            "place": place?.json ?? .null,
            "perpetrator": perpetrator?.json ?? .null,
            "attribution": JSONValue(attribution),
            "killed": count(killed),
            "injured": count(injured),
            "target": JSONValue(target),
            "evidence": .array(evidence.map { .array([.int($0.start), .int($0.end)]) }),
        ])
    }
}

/// Everything factx learned from one document: the hand-off from the pipeline to the writers.
public struct DocumentResult: Sendable {
    public var document: Document
    public var facts: [Fact]
    public var events: [Event]
    /// The reader's warnings and those of later stages, in text order.
    public var warnings: [Diagnostic]
    /// The date relative expressions were resolved against, and where it came from (`published` with its
    /// source, or `option:--reference-date`).
    public var reference: CalendarDate?
    public var referenceSource: String?

    public init(
        document: Document, facts: [Fact], events: [Event], warnings: [Diagnostic], reference: CalendarDate? = nil,
        referenceSource: String? = nil
    ) {
        self.document = document
        self.facts = facts
        self.events = events
        self.warnings = warnings
        self.reference = reference
        self.referenceSource = referenceSource
    }

    /// The `documents.jsonl` record.
    public var documentJSON: JSONValue {
        .object([
            "doc": .string(document.id),
            "title": JSONValue(document.title),
            "published": JSONValue(document.published?.iso),
            "url": JSONValue(document.url),
            "reader": .string(document.reader),
            "chars": .int(document.text.unicodeScalars.count),
            "reference_date": JSONValue(reference?.iso),
            "reference_source": JSONValue(referenceSource),
            "warnings": .array(warnings.map(\.json)),
        ])
    }
}
