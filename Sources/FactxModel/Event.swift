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
    /// The target's type, in the spirit of the GTD's target/victim types (`religious institution`, `police` …).
    public var targetType: String?
    /// `bombing|suicide bombing|armed assault|raid|kidnapping|targeted killing`, or nil when the text does not say.
    public var attackType: String?
    /// 0…1: how much of the record the text states outright (docs/events.md §7).
    public var confidence: Double
    /// Attackers killed and injured, counted apart from the victims.
    public var attackersKilled: CountValue?
    public var attackersInjured: CountValue?
    /// The victims' count is said to include attackers ("five people died, including the bomber").
    public var killedIncludesAttackers: Bool
    /// The cue rules that found the incident's mentions, sorted.
    public var rules: [String]
    /// Fields filled by coreference or from a neighbouring sentence, with the words that were resolved.
    public var resolved: [Resolution]

    /// How a field was filled when the words of the incident did not name it.
    public struct Resolution: Hashable, Sendable {
        /// `perpetrator`, `place` or `date`.
        public var field: String
        /// `coreference` ("the group", "there") or `neighbour` (a date from the sentence before).
        public var method: String
        /// The words resolved, and the span of the mention they were resolved to.
        public var span: TextRange
        public var antecedent: TextRange

        public init(field: String, method: String, span: TextRange, antecedent: TextRange) {
            self.field = field
            self.method = method
            self.span = span
            self.antecedent = antecedent
        }

        public var json: JSONValue {
            .object([
                "field": .string(field), "method": .string(method),
                "span": .array([.int(span.start), .int(span.end)]),
                "antecedent": .array([.int(antecedent.start), .int(antecedent.end)]),
            ])
        }
    }

    public init(
        doc: String, id: String, date: DateValue? = nil, place: PlaceValue? = nil, perpetrator: GroupValue? = nil,
        attribution: String? = nil, killed: CountValue? = nil, injured: CountValue? = nil, target: String? = nil,
        evidence: [TextRange] = [], targetType: String? = nil, attackType: String? = nil, confidence: Double = 0,
        attackersKilled: CountValue? = nil, attackersInjured: CountValue? = nil, killedIncludesAttackers: Bool = false,
        rules: [String] = [], resolved: [Resolution] = []
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
        self.targetType = targetType
        self.attackType = attackType
        self.confidence = confidence
        self.attackersKilled = attackersKilled
        self.attackersInjured = attackersInjured
        self.killedIncludesAttackers = killedIncludesAttackers
        self.rules = rules
        self.resolved = resolved
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
            "target_type": JSONValue(targetType),
            "attack_type": JSONValue(attackType),
            "confidence": .double(confidence),
            "attackers_killed": count(attackersKilled),
            "attackers_injured": count(attackersInjured),
            "killed_includes_attackers": .bool(killedIncludesAttackers),
            "rules": .array(rules.map { .string($0) }),
            "resolved": .array(resolved.map(\.json)),
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
