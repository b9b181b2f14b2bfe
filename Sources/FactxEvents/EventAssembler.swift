import FactxModel
import FactxPatterns
import Foundation

/// The incident stage: facts in, incident records out (docs/events.md).
///
/// 1. Cue rules (Patterns/events/rules.yaml) find the words that report an attack, refer back to one, or say who
///    did it; negated, modal, habitual and statistical cues and security operations are dropped.
/// 2. The facts of each sentence go to the nearest cue; the cues of a sentence form one mention each, unless a
///    comparison ("the deadliest since December 2014, when …") or clashing facts split them.
/// 3. Mentions fill their fields from their facts, from the sentences around them and by coreference ("there",
///    "the group"), and are merged into incidents: a reference or a claim joins the incident it is about, a new
///    report joins one only when date and place say it is the same.
public struct EventAssembler: Sendable {
    let finder: CueFinder?
    let patterns: PatternSet?

    /// An assembler without patterns makes no events.
    public init() {
        finder = nil
        patterns = nil
    }

    public init(patterns: PatternSet) {
        finder = CueFinder(patterns: patterns)
        self.patterns = patterns
    }

    public func assemble(_ document: SegmentedDocument, facts: [Fact]) -> [Event] {
        guard let finder, let patterns else { return [] }
        var run = Assembly(document: document, facts: facts, lexicon: patterns.lexicon, words: finder.words, patterns: patterns)
        return run.events(cues: finder.cues(in: document, facts: facts, text: run.text))
    }

    /// Problems in the cue rules' attributes that loading cannot see (an unknown role, attribution or agent side),
    /// each led by its `file:line`: a command refuses patterns whose cue rules would be misread.
    public static func ruleProblems(in patterns: PatternSet) -> [String] {
        let allowed: [String: Set<String>] = [
            "role": ["incident", "reference", "attribution"],
            "attribution": ["claimed", "suspected", "stated", "denied", "none"],
            "agent": ["before", "after", "any"],
            "strength": ["weak"],
            "counts": ["allowed"],
            "agent_required": ["true"],
        ]
        let attackTypes = Set(patterns.list("attack_type_precedence"))
        var problems: [String] = []
        for rule in patterns.rules(in: "events") {
            for (key, values) in allowed.sorted(by: { $0.key < $1.key }) {
                if let value = rule.attributes[key], !values.contains(value) {
                    problems.append("\(rule.location): rule '\(rule.id)' has an unknown \(key) '\(value)' (one of: \(values.sorted().joined(separator: ", ")))")
                }
            }
            if let type = rule.attributes["attack_type"], !attackTypes.contains(type) {
                problems.append("\(rule.location): rule '\(rule.id)' has an attack_type '\(type)' that attack_type_precedence does not list")
            }
            if rule.attributes["role"] == "attribution", rule.attributes["attribution"] == nil {
                problems.append("\(rule.location): rule '\(rule.id)' is an attribution rule without an attribution")
            }
            if rule.attributes["triggers"] == nil {
                problems.append("\(rule.location): rule '\(rule.id)' declares no triggers: it would be tried on every sentence")
            }
            if !rule.captureNames.contains("cue") {
                problems.append("\(rule.location): rule '\(rule.id)' has no (?<cue>…) capture")
            }
        }
        return problems
    }

    /// The cues of a document, dropped ones included (for tests and `factx patterns test`).
    public func cues(_ document: SegmentedDocument, facts: [Fact]) -> [Cue] {
        guard let finder else { return [] }
        return finder.cues(in: document, facts: facts, text: ScalarText(document.document.text))
    }
}

/// A place or group fact as the stage uses it.
struct Named<Value: Hashable>: Hashable {
    var value: Value
    var range: TextRange
}

/// One mention of an incident: the cues of a sentence that belong together, and what they say.
struct Mention {
    var sentence: Int
    var paragraph: Int
    var cues: [Cue]
    var date: Fact?
    var place: Named<PlaceValue>?
    var perpetrator: Named<GroupValue>?
    var attribution: String?
    /// Groups said to deny the attack.
    var denied: Set<String> = []
    var casualties: [Fact] = []
    var target: TextRange?
    var targetType: String?
    var attackType: String?
    var resolved: [Event.Resolution] = []
    var evidence: [TextRange] = []
    /// Words that mark a different incident ("separate", "another", "also").
    var distinct = false
    /// Its own words date or place it well enough to be an incident of its own.
    var specific = false
    /// Date and place from the whole sentence, for a reference that turns out to be an incident of its own.
    var fallbackDate: Fact?
    var fallbackPlace: Named<PlaceValue>?
    /// Only weak reports (docs/events.md §3): it joins an incident told before when it can.
    var weak = false

    /// The role of its first cue, except that a report anywhere in it makes a mention led by a reference a
    /// report ("ISKP's first strike in August of 2016, when they targeted a hospital"); a mention led by a claim
    /// is about an attack told before ("claimed the attack, saying it had targeted the ministry").
    var role: CueRole {
        guard let first = cues.first else { return .attribution }
        if first.role == .attribution {
            // "claimed responsibility for a car bombing near the National Theater that killed 10": a report.
            if cues.contains(where: { $0.role == .reference }) { return .reference }
            return cues.contains { $0.role == .incident } ? .incident : .attribution
        }
        return cues.map(\.role).min() ?? first.role
    }
    var start: Int { cues.map(\.range.start).min() ?? 0 }
}

/// An incident while it is being assembled.
struct Incident {
    var date: Fact?
    var place: Named<PlaceValue>?
    var perpetrator: Named<GroupValue>?
    var attribution: String?
    var claimedBy: Set<String> = []
    var denied: Set<String> = []
    var casualties: [Fact] = []
    var target: TextRange?
    var targetType: String?
    var attackType: String?
    var resolved: [Event.Resolution] = []
    var evidence: Set<TextRange> = []
    var rules: Set<String> = []
    var lastSentence: Int
    var lastParagraph: Int
    var specific: Bool
    /// Whether a report of the attack itself (not only a reference or an attribution) is part of it.
    var reported = false

    /// Whether a mention's resolution still explains this incident: its antecedent is the date, place or perpetrator
    /// the incident kept.
    func keeps(_ resolution: Event.Resolution) -> Bool {
        switch resolution.field {
        case "place": place?.range == resolution.antecedent
        case "date": date?.range == resolution.antecedent
        default: perpetrator?.range == resolution.antecedent
        }
    }
}

struct Assembly {
    let document: SegmentedDocument
    let facts: [Fact]
    let lexicon: Lexicon
    let words: EventWords
    let patterns: PatternSet
    let text: ScalarText
    let dates: [Fact]
    let places: [Named<PlaceValue>]
    let groups: [Named<GroupValue>]
    let casualties: [Fact]
    let perpetratorKinds: Set<String>
    var incidents: [Incident] = []
    /// Sentences that hold a kept cue.
    var cueSentences: Set<Int> = []

    init(document: SegmentedDocument, facts: [Fact], lexicon: Lexicon, words: EventWords, patterns: PatternSet) {
        self.document = document
        self.facts = facts
        self.lexicon = lexicon
        self.words = words
        self.patterns = patterns
        text = ScalarText(document.document.text)
        var dates: [Fact] = []
        var places: [Named<PlaceValue>] = []
        var groups: [Named<GroupValue>] = []
        var casualties: [Fact] = []
        for fact in facts {
            switch fact.value {
            case .date(let value):
                if let timex = value.timex, !["vague", "duration"].contains(value.granularity), !timex.hasSuffix("_REF") {
                    dates.append(fact)
                }
            case .place(let value): places.append(Named(value: value, range: fact.range))
            case .group(let value): groups.append(Named(value: value, range: fact.range))
            case .casualty(let value): if !value.aggregate { casualties.append(fact) }
            case .attackCount: break
            }
        }
        // A place inside a group's name ("Tehrik-i-Taliban Pakistan") is not where anything happened.
        self.places = places.filter { place in !groups.contains { $0.range.overlaps(place.range) } }
        self.dates = dates
        self.groups = groups
        self.casualties = casualties
        perpetratorKinds = Set(lexicon.lists["perpetrator_kinds"] ?? ["armed_group"])
    }

    func paragraph(ofSentence index: Int) -> Int { document.sentences[index].paragraph }

    // MARK: The run

    mutating func events(cues: [Cue]) -> [Event] {
        let kept = cues.filter { $0.dropped == nil }
        let bySentence = Dictionary(grouping: kept, by: \.sentence)
        cueSentences = Set(bySentence.keys)
        let follow = lexicon.number("follow_sentences", default: 2)
        let window = lexicon.number("reference_paragraphs", default: 2)
        for sentence in document.sentences {
            // "Islamic State kills at least 30": some verbs report an attack only with a group as subject.
            if let sentenceCues = bySentence[sentence.index]?.filter({ !$0.agentRequired || agent(of: $0, sentence: sentence, fallback: false) != nil }),
               !sentenceCues.isEmpty {
                for mention in mentions(sentenceCues, sentence: sentence) {
                    place(mention, window: window)
                }
            } else {
                // Tolls in the sentences after a report belong to it: "Five people died, including the bomber".
                let tolls = casualties.filter { document.sentenceIndex(at: $0.range.start) == sentence.index }
                guard !tolls.isEmpty, let last = incidents.indices.max(by: { incidents[$0].lastSentence < incidents[$1].lastSentence }) else { continue }
                let incident = incidents[last]
                let revises = tolls.contains { if case .casualty(let value) = $0.value { value.revises } else { false } }
                let near = incident.lastParagraph == sentence.paragraph && sentence.index - incident.lastSentence <= follow
                let revision = revises && sentence.paragraph - incident.lastParagraph <= window
                guard near || revision else { continue }
                incidents[last].casualties += tolls
                incidents[last].evidence.formUnion(tolls.map(\.range))
                incidents[last].lastSentence = sentence.index
                incidents[last].lastParagraph = sentence.paragraph
            }
        }
        return finish()
    }

    // MARK: Mentions of one sentence

    func mentions(_ cues: [Cue], sentence: Sentence) -> [Mention] {
        let cues = cues.sorted { $0.range.start < $1.range.start }
        let inSentence = { (range: TextRange) in sentence.range.contains(range) }
        // Each fact goes to the nearest cue.
        func nearest(_ range: TextRange) -> Int? {
            var best: Int?
            var bestDistance = Int.max
            for (index, cue) in cues.enumerated() {
                let span = cue.span
                let distance = span.overlaps(range) ? 0 : (range.start >= span.end ? range.start - span.end : span.start - range.end)
                // Not across a semicolon: "killed 86 people; families sat … until Islamabad dismissed …".
                let between = range.start >= span.end ? TextRange(span.end, range.start) : TextRange(range.end, max(range.end, span.start))
                if text.string(between).contains(";") { continue }
                if distance < bestDistance {
                    best = index
                    bestDistance = distance
                }
            }
            return best
        }
        var assignedDates = Array(repeating: [Fact](), count: cues.count)
        var assignedPlaces = Array(repeating: [Named<PlaceValue>](), count: cues.count)
        var assignedTolls = Array(repeating: [Fact](), count: cues.count)
        for fact in dates where inSentence(fact.range) { if let cue = nearest(fact.range) { assignedDates[cue].append(fact) } }
        for place in places where inSentence(place.range) { if let cue = nearest(place.range) { assignedPlaces[cue].append(place) } }
        for fact in casualties where inSentence(fact.range) { if let cue = nearest(fact.range) { assignedTolls[cue].append(fact) } }

        // Cues join the mention before them unless a comparison stands between them or their facts clash.
        var groupsOfCues: [[Int]] = []
        for index in cues.indices {
            if let last = groupsOfCues.last?.last {
                let between = TextRange(cues[last].range.end, max(cues[last].range.end, cues[index].range.start))
                let breaks = words.contains("comparison_breaks", in: text.words(between, last: 40))
                let members = groupsOfCues[groupsOfCues.count - 1]
                let clash = cues[index].role == .incident && members.contains { cues[$0].role == .incident }
                    && !compatible(dates: members.flatMap { assignedDates[$0] }, assignedDates[index])
                let placeClash = cues[index].role == .incident
                    && !compatible(places: members.flatMap { assignedPlaces[$0] }, assignedPlaces[index])
                let fresh = distinct(cues[index], sentence: sentence) && !members.contains { distinct(cues[$0], sentence: sentence) }
                // Two rules finding overlapping words ("BLA gunmen stormed", "stormed the consulate") report one
                // attack, whatever facts each drew nearer.
                let overlapping = members.contains { cues[$0].range.overlaps(cues[index].range) }
                if overlapping || (!breaks && !clash && !placeClash && !fresh) {
                    groupsOfCues[groupsOfCues.count - 1].append(index)
                    continue
                }
            }
            groupsOfCues.append([index])
        }
        return groupsOfCues.enumerated().map { position, members in
            let end = position + 1 < groupsOfCues.count ? cues[groupsOfCues[position + 1][0]].range.start : sentence.range.end
            return mention(
                members.map { cues[$0] }, sentence: sentence, dates: members.flatMap { assignedDates[$0] },
                places: members.flatMap { assignedPlaces[$0] }, tolls: members.flatMap { assignedTolls[$0] }, until: end)
        }
    }

    func compatible(dates a: [Fact], _ b: [Fact]) -> Bool {
        guard let first = a.first, let second = b.first else { return true }
        return Assembly.overlap(first, second)
    }

    func compatible(places a: [Named<PlaceValue>], _ b: [Named<PlaceValue>]) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return true }
        return a.contains { x in b.contains { y in Assembly.compatible(x.value, y.value) } }
    }

    /// The words right after a mention that date or place it: "the July 12 assault on the garrison in Zhob,
    /// Balochistan", "the Army Public School massacre of December 2014".
    func ownWindow(_ cue: Cue, sentence: Sentence) -> TextRange {
        var end = cue.span.end
        let joiners = Set(["of", "in", "at", "on", "near", "inside", "the", "a", "an"])
            .union((lexicon.lists["reference_date_verbs"] ?? []).flatMap { $0.split(separator: " ").map(String.init) })
        var moved = true
        while moved {
            moved = false
            let candidates = (dates.map(\.range) + places.map(\.range)).filter { $0.start >= end && $0.end <= sentence.range.end }
            guard let next = candidates.min(by: { $0.start < $1.start }) else { break }
            let gap = text.string(TextRange(end, next.start))
            let words = gap.split { !$0.isLetter }.map { $0.lowercased() }
            // "in Karachi’s Clifton area": a place's possessive names a place inside it.
            let possessive = ["’s ", "'s "].contains(gap)
            let onlyJoiners = (possessive || words.allSatisfy { joiners.contains($0) }) && !gap.contains(";") && gap.count <= 16
            if onlyJoiners && (!words.isEmpty || gap.trimmingCharacters(in: .whitespaces) == "," || gap.trimmingCharacters(in: .whitespaces).isEmpty) {
                end = next.end
                moved = true
            }
        }
        return TextRange(cue.range.start, end)
    }

    func mention(_ cues: [Cue], sentence: Sentence, dates: [Fact], places: [Named<PlaceValue>], tolls: [Fact], until end: Int) -> Mention {
        var mention = Mention(sentence: sentence.index, paragraph: sentence.paragraph, cues: cues)
        let reports = mention.role == .incident
        mention.weak = reports && cues.filter { $0.role == .incident }.allSatisfy(\.weak)
        let windows = cues.filter { $0.role != .attribution }.map { ownWindow($0, sentence: sentence) }
        let own = { (range: TextRange) in windows.contains { $0.contains(range) } }
        let anchor = cues.first { $0.role == .incident } ?? cues.first { $0.role != .attribution } ?? cues[0]
        func distance(_ range: TextRange) -> Int {
            range.start >= anchor.range.end ? range.start - anchor.range.end : anchor.range.start - range.end + 1
        }
        func pickDate(_ candidates: [Fact]) -> Fact? {
            // The finest date, then the nearest: "On May 8, during Ramadan, bombs …".
            candidates.min { a, b in
                let ga = Assembly.granularityRank(Assembly.dateValue(a))
                let gb = Assembly.granularityRank(Assembly.dateValue(b))
                return ga != gb ? ga < gb : distance(a.range) < distance(b.range)
            }
        }
        let ownDates = dates.filter { own($0.range) }
        let ownPlaces = places.filter { own($0.range) }
        let strong = reports && !mention.weak
        mention.date = pickDate(ownDates.isEmpty && strong ? dates : ownDates)
        mention.place = Assembly.mostSpecific(ownPlaces.isEmpty && strong ? places : ownPlaces) { distance($0.range) }
        mention.fallbackDate = pickDate(dates)
        mention.fallbackPlace = Assembly.mostSpecific(places) { distance($0.range) }
        mention.casualties = tolls
        // Target.
        let targets = cues.filter { $0.role == .incident }.compactMap(\.target) + cues.filter { $0.role != .incident }.compactMap(\.target)
        // "the Army Public School massacre of December 2014": a date is no target.
        mention.target = targets.first { target in !self.dates.contains { $0.range.overlaps(target) } }
        mention.targetType = targetType(mention.target, cues: cues, sentence: sentence, tolls: tolls)
        mention.attackType = attackType(cues, in: TextRange(cues.map(\.range.start).min()!, max(end, cues.map(\.span.end).max()!)))
        // Perpetrator and attribution.
        for cue in cues {
            if cue.role == .attribution {
                let agent = self.agent(of: cue, sentence: sentence, fallback: true)
                switch cue.attribution {
                case "denied":
                    if let agent {
                        mention.denied.insert(agent.group.value.id)
                        mention.evidence.append(agent.group.range)
                    }
                case "none", nil:
                    break
                default:
                    if let agent, Assembly.rank(cue.attribution) > Assembly.rank(mention.attribution) {
                        mention.perpetrator = agent.group
                        mention.attribution = cue.attribution
                        if let resolution = agent.resolution { mention.resolved.append(resolution) }
                    }
                }
            } else if let agent = self.agent(of: cue, sentence: sentence, fallback: false),
                      Assembly.rank("stated") > Assembly.rank(mention.attribution) {
                mention.perpetrator = agent.group
                mention.attribution = "stated"
                if let resolution = agent.resolution { mention.resolved.append(resolution) }
            }
        }
        // "there", "the city", "the same junction": a place named before.
        if let anaphor = placeAnaphor(after: anchor, sentence: sentence) {
            let antecedent: Named<PlaceValue>? = anaphor.phrase.hasPrefix("the same ")
                ? incidents.max(by: { $0.lastSentence < $1.lastSentence })?.place
                : resolvePlace(before: anaphor.range.start, paragraph: sentence.paragraph, hint: anaphor.phrase)
            if let antecedent, mention.place == nil || anaphor.phrase == "there" || Assembly.contains(mention.place!.value, antecedent.value) {
                mention.place = antecedent
                mention.fallbackPlace = antecedent
                mention.resolved.append(Event.Resolution(field: "place", method: "coreference", span: anaphor.range, antecedent: antecedent.range))
            }
        }
        // A report with no date of its own, tied to the date before it: "During the evacuation, ISKP attacked",
        // "killed in a gunfight at Sui that day".
        if mention.date == nil, reports {
            let opening = TextRange(sentence.range.start, min(anchor.range.start, sentence.range.start + 40))
            let clause = TextRange(text.clause(before: anchor.range.start, limit: sentence.range.start, words: 8).start, text.clause(after: anchor.span.end, limit: sentence.range.end, words: 8).end)
            if words.contains("temporal_anaphors", in: text.words(opening, last: 8))
                || words.contains("temporal_anaphors", in: text.words(clause, last: 40)) {
                let earlier = self.dates.filter {
                    $0.range.end <= anchor.range.start && sentence.index - document.sentenceIndex(at: $0.range.start) <= 2
                }
                if let date = earlier.max(by: { $0.range.start < $1.range.start }) {
                    mention.date = date
                    mention.fallbackDate = date
                    mention.resolved.append(Event.Resolution(field: "date", method: "neighbour", span: anchor.range, antecedent: date.range))
                }
            }
        }
        // A report that names neither date nor place takes them from the sentence before, when that sentence
        // sets the scene without reporting an attack of its own ("More than a dozen gunmen came for the miners
        // before dawn on Sunday, January 3, at a coalfield outside Mach. The men were kidnapped …").
        if reports, mention.date == nil, mention.place == nil, sentence.index > 0 {
            let previous = document.sentences[sentence.index - 1]
            if previous.paragraph == sentence.paragraph, !cueSentences.contains(previous.index) {
                let before = { (range: TextRange) in previous.range.contains(range) }
                if let date = pickDate(self.dates.filter { before($0.range) }) {
                    mention.date = date
                    mention.resolved.append(Event.Resolution(field: "date", method: "neighbour", span: anchor.range, antecedent: date.range))
                }
                if let place = Assembly.mostSpecific(self.places.filter { before($0.range) }, distance: { previous.range.end - $0.range.end }) {
                    mention.place = place
                    mention.resolved.append(Event.Resolution(field: "place", method: "neighbour", span: anchor.range, antecedent: place.range))
                }
                mention.fallbackDate = mention.date
                mention.fallbackPlace = mention.place
            }
        }
        // Distinct: "separate operations", "another blast", "were also attacked".
        mention.distinct = cues.contains { distinct($0, sentence: sentence) }
        // Specific enough to be an incident of its own.
        func fine(_ place: Named<PlaceValue>?) -> Bool { place.map { !["country", "admin1", "region"].contains($0.value.kind) } ?? false }
        func sharp(_ date: Fact?) -> Bool { Assembly.granularityRank(Assembly.dateValue(date)) <= 2 }
        let ownSharpDate = ownDates.contains { sharp($0) }
        let typedTarget = mention.target != nil && mention.targetType != nil
        if reports && !mention.weak {
            mention.specific = mention.date != nil || !tolls.isEmpty || fine(mention.place) || mention.target != nil
        } else if reports {
            // A weak report is its own incident with its own date, place or toll, or as the first report of a
            // document when it names a typed target or a place ("An attack occurred in Kawuri village").
            mention.specific = ownSharpDate || ownPlaces.contains { fine($0) } || !tolls.isEmpty
                || (mention.date != nil && mention.resolved.contains { $0.field == "date" })
                || (incidents.isEmpty && !mention.distinct && (typedTarget || mention.place != nil))
        } else if cues.contains(where: { $0.role == .reference }) {
            // …or, as a document's first mention of an attack, with a toll: "Two soldiers were killed in the
            // attack on their convoy".
            mention.specific = ownSharpDate || ownPlaces.contains { fine($0) } || (typedTarget && sharp(mention.fallbackDate))
                || (incidents.isEmpty && !tolls.isEmpty)
        }
        // Evidence: the cues, their targets, and every fact used.
        for cue in cues {
            mention.evidence.append(cue.range)
            if let target = cue.target { mention.evidence.append(target) }
        }
        if let date = mention.date { mention.evidence.append(date.range) }
        if let place = mention.place { mention.evidence.append(place.range) }
        if let perpetrator = mention.perpetrator { mention.evidence.append(perpetrator.range) }
        for resolution in mention.resolved where resolution.method == "coreference" { mention.evidence.append(resolution.span) }
        mention.evidence += tolls.map(\.range)
        return mention
    }

    /// An incident cue whose clause marks a different incident: "separate", "another", "also", "more".
    func distinct(_ cue: Cue, sentence: Sentence) -> Bool {
        guard cue.role == .incident else { return false }
        // The two words before the cue and the cue itself: "Another bomb exploded", "were also attacked" (not
        // "Another was injured in the attack").
        let clause = text.clause(before: cue.range.start, limit: sentence.range.start, words: 8)
        let before = text.words(TextRange(clause.start, cue.range.start), last: 2)
        return words.contains("distinct_words", in: before + " " + text.words(cue.range, last: 20))
    }

    static func granularityRank(_ value: DateValue?) -> Int {
        guard let value else { return 99 }
        let order = ["day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "half": 4, "year": 5, "decade": 6, "century": 7]
        return order[value.granularity] ?? 9
    }

    static func rank(_ attribution: String?) -> Int {
        switch attribution {
        case "claimed": 3
        case "stated": 2
        case "suspected": 1
        default: 0
        }
    }

    // MARK: Perpetrators

    struct Agent {
        var group: Named<GroupValue>
        var resolution: Event.Resolution?
    }

    func isPerpetrator(_ group: Named<GroupValue>) -> Bool { perpetratorKinds.contains(group.value.kind) }

    /// "Lashkar-e-Jhangvi (LeT), the anti-Shia group, claimed both attacks": the short form in parentheses restates
    /// the name before it. The agent is the name written in full: when the two disagree (the definition reader reports
    /// it), the long form says more and is less likely to be the slip.
    func writtenInFull(_ group: Named<GroupValue>) -> Named<GroupValue> {
        var position = group.range.start
        guard position > 0, text.scalars[position - 1] == "(" else { return group }
        position -= 1
        while position > 0, text.scalars[position - 1] == " " || text.scalars[position - 1] == "\u{00A0}" { position -= 1 }
        return groups.first { $0.range.end == position && isPerpetrator($0) } ?? group
    }

    /// Who a cue says did it: a group in the cue ("an ISKP suicide bomber"), the subject before it ("BLA gunmen
    /// stormed", "the Islamic State in Khorasan Province (ISKP) attacked"), a group after it ("claimed by X"), or a
    /// pronoun resolved to the group named before.
    func agent(of cue: Cue, sentence: Sentence, fallback: Bool) -> Agent? {
        let inside = groups.filter { cue.range.contains($0.range) && isPerpetrator($0) }
        if cue.agentSide != "after", let group = inside.first { return Agent(group: group, resolution: nil) }
        if cue.agentSide != "after", let anaphor = groupAnaphor(in: TextRange(cue.range.start, min(cue.range.end, cue.range.start + 40)), atStart: true) {
            return resolved(anaphor)
        }

        if cue.agentSide == "after" || cue.agentSide == "any" {
            // The first group in the next few words, or a pronoun.
            let limit = min(sentence.range.end, cue.range.end + 60)
            var offset = cue.range.end
            while offset < limit, text.scalars[offset] == " " { offset += 1 }
            let window = TextRange(offset, limit)
            if let anaphor = groupAnaphor(in: window, atStart: true) { return resolved(anaphor) }
            if let group = groups.filter({ window.contains($0.range) && isPerpetrator($0) }).min(by: { $0.range.start < $1.range.start }),
               !text.string(TextRange(offset, group.range.start)).contains(where: { ",;.".contains($0) }) {
                return Agent(group: group, resolution: nil)
            }
            if cue.agentSide == "after" { return nil }
        }
        // Back from the cue over words that may stand between a subject and its verb.
        var position = cue.range.start
        var appositions = 0
        while position > sentence.range.start {
            while position > sentence.range.start, " ()\u{00A0}".unicodeScalars.contains(text.scalars[position - 1]) { position -= 1 }
            if let group = groups.first(where: { $0.range.end == position && isPerpetrator($0) }) {
                return Agent(group: writtenInFull(group), resolution: nil)
            }
            let before = text.words(TextRange(max(sentence.range.start, position - 40), position), last: 4)
            if let phrase = words.ending(before, from: "group_anaphors") {
                let length = phrase.count
                let range = TextRange(position - length, position)
                if Lexicon.fold(text.string(range).replacingOccurrences(of: "’", with: "'")) == phrase {
                    return resolved((range, phrase))
                }
            }
            if let filler = words.ending(before, from: "agent_fillers") {
                // Step back over the word (and a possessive "'s" glued to it).
                var step = position
                while step > sentence.range.start, text.scalars[step - 1].properties.isAlphabetic || "'’".unicodeScalars.contains(text.scalars[step - 1]) { step -= 1 }
                if step == position { break }
                _ = filler
                position = step
                continue
            }
            if text.scalars[position - 1] == "s", position >= 2, "'’".unicodeScalars.contains(text.scalars[position - 2]) {
                position -= 2
                continue
            }
            if text.scalars[position - 1] == ",", appositions == 0 {
                // ", al-Qaeda's affiliate in Somalia," — back to the comma that opens it.
                var open = position - 1
                while open > sentence.range.start, text.scalars[open - 1] != "," { open -= 1 }
                if open > sentence.range.start, position - open < 90 {
                    appositions += 1
                    position = open - 1
                    continue
                }
            }
            break
        }
        // "said that the group was responsible for": the claim names its author inside.
        if cue.role == .attribution, cue.agentSide == "before", let anaphor = groupAnaphor(in: cue.range, atStart: false) {
            return resolved(anaphor)
        }
        guard fallback else { return nil }
        // A claim's subject further back in its clause: "Sarbakaf Mohmand, a commander of Tehrik-i-Taliban
        // Pakistan, claimed".
        let clauseStart = sentence.range.start
        let candidates = groups.filter { $0.range.start >= clauseStart && $0.range.end <= cue.range.start && isPerpetrator($0) }
        if let group = candidates.first { return Agent(group: group, resolution: nil) }
        return nil
    }

    /// A group pronoun or description at the start of (or anywhere in) a range.
    func groupAnaphor(in range: TextRange, atStart: Bool) -> (TextRange, String)? {
        guard let regex = words.groupAnaphors, range.end > range.start else { return nil }
        let string = text.string(range)
        let options: NSRegularExpression.MatchingOptions = atStart ? [.anchored] : []
        guard let match = regex.firstMatch(in: string, options: options, range: NSRange(location: 0, length: (string as NSString).length)) else {
            return nil
        }
        let found = (string as NSString).substring(with: match.range)
        let start = range.start + (string as NSString).substring(to: match.range.location).unicodeScalars.count
        return (TextRange(start, start + found.unicodeScalars.count), found.lowercased().replacingOccurrences(of: "’", with: "'"))
    }

    /// A group pronoun resolved: the group named just before in the paragraph that an incident already names,
    /// else the perpetrator of the latest incident, else the nearest group named before in the paragraph.
    func resolved(_ anaphor: (TextRange, String)) -> Agent? {
        let paragraph = document.sentences[document.sentenceIndex(at: anaphor.0.start)].paragraph
        let before = groups.filter {
            $0.range.end <= anaphor.0.start && isPerpetrator($0)
                && document.sentences[document.sentenceIndex(at: $0.range.start)].paragraph == paragraph
        }
        let known = Set(incidents.compactMap { $0.perpetrator?.value.id })
        let window = lexicon.number("reference_paragraphs", default: 2)
        var antecedent = before.last { known.contains($0.value.id) }
        var inParagraph = antecedent != nil
        if antecedent == nil, let latest = incidents.filter({ $0.perpetrator != nil }).max(by: { $0.lastSentence < $1.lastSentence }),
           let perpetrator = latest.perpetrator, paragraph - latest.lastParagraph <= window {
            antecedent = perpetrator
        }
        if antecedent == nil {
            antecedent = before.last
            inParagraph = true
        }
        guard let antecedent else { return nil }
        // "The gunmen have struck outside the city too: … they stopped a bus": attackers named after the group
        // are what the pronoun stands for.
        if inParagraph, antecedent.range.end <= anaphor.0.start,
           words.contains("event_attacker_nouns", in: text.words(TextRange(antecedent.range.end, anaphor.0.start), last: 60)) {
            return nil
        }
        return Agent(
            group: Named(value: antecedent.value, range: antecedent.range),
            resolution: Event.Resolution(field: "perpetrator", method: "coreference", span: anaphor.0, antecedent: antecedent.range))
    }

    // MARK: Places

    /// "there", "the city" after a cue, in its clause.
    func placeAnaphor(after cue: Cue, sentence: Sentence) -> (range: TextRange, phrase: String)? {
        guard let regex = words.placeAnaphors, sentence.range.end > cue.range.start else { return nil }
        let clause = TextRange(cue.range.start, sentence.range.end)
        let string = text.string(clause)
        let nsString = string as NSString
        for match in regex.matches(in: string, range: NSRange(location: 0, length: nsString.length)) {
            let start = clause.start + nsString.substring(to: match.range.location).unicodeScalars.count
            let found = nsString.substring(with: match.range)
            let range = TextRange(start, start + found.unicodeScalars.count)
            // Not "the province" of a place name ("the province of Punjab"), not inside a fact.
            if places.contains(where: { $0.range.overlaps(range) }) { continue }
            return (range, found.lowercased())
        }
        return nil
    }

    /// The place a place anaphor stands for: the most specific place of the nearest sentence before it (in the
    /// paragraph) that names one, of the kind the words ask for ("the city": a city or town).
    func resolvePlace(before offset: Int, paragraph: Int, hint: String) -> Named<PlaceValue>? {
        let kinds: Set<String>? = switch hint {
        case let phrase where phrase.hasSuffix("city") || phrase.hasSuffix("town") || phrase.hasSuffix("capital"): ["city", "town", "capital"]
        case let phrase where phrase.hasSuffix("district"): ["admin2", "admin3"]
        case let phrase where phrase.hasSuffix("province"): ["admin1"]
        default: nil
        }
        let candidates = places.filter {
            $0.range.end <= offset && self.paragraph(ofSentence: document.sentenceIndex(at: $0.range.start)) == paragraph
                && (kinds?.contains($0.value.kind) ?? true)
        }
        guard let last = candidates.last else { return nil }
        let sentence = document.sentenceIndex(at: last.range.start)
        let same = candidates.filter { document.sentenceIndex(at: $0.range.start) == sentence }
        return Assembly.mostSpecific(same) { offset - $0.range.end }
    }

    static let specificity: [String: Int] = [
        "landmark": 0, "neighbourhood": 0, "village": 1, "town": 2, "city": 3, "capital": 3, "admin3": 4, "admin2": 5,
        "region": 6, "admin1": 7, "country": 8,
    ]

    /// The most specific place; among equals, the one `distance` puts first.
    static func mostSpecific(_ places: [Named<PlaceValue>], distance: (Named<PlaceValue>) -> Int) -> Named<PlaceValue>? {
        places.min { a, b in
            let ka = specificity[a.value.kind] ?? 5
            let kb = specificity[b.value.kind] ?? 5
            return ka != kb ? ka < kb : distance(a) < distance(b)
        }
    }

    /// Whether `outer` holds `inner` (or is it).
    static func contains(_ outer: PlaceValue, _ inner: PlaceValue) -> Bool {
        if outer.id == inner.id { return true }
        guard outer.country == inner.country else { return false }
        switch outer.kind {
        case "country": return true
        case "admin1": return outer.admin1 != nil && outer.admin1 == inner.admin1
        case "admin2": return outer.admin2 != nil && outer.admin2 == inner.admin2 && inner.kind != "admin1" && inner.kind != "country"
        default: return false
        }
    }

    static func compatible(_ a: PlaceValue, _ b: PlaceValue) -> Bool { contains(a, b) || contains(b, a) }

    static func overlap(_ a: Fact, _ b: Fact) -> Bool {
        guard case .date(let x) = a.value, case .date(let y) = b.value, let xs = x.start, let ys = y.start else { return true }
        let xe = x.end ?? xs
        let ye = y.end ?? ys
        return !(xe < ys || ye < xs)
    }

    static func dateValue(_ fact: Fact?) -> DateValue? {
        guard let fact, case .date(let value) = fact.value else { return nil }
        return value
    }

    // MARK: Target and attack type

    func targetType(_ target: TextRange?, cues: [Cue], sentence: Sentence, tolls: [Fact]) -> String? {
        if let target {
            let kinds = lexicon.maps["target_group_kinds"] ?? [:]
            for group in groups where target.contains(group.range) {
                if let type = kinds[group.value.kind]?.stringValue { return type }
            }
            // "the mosque inside Peshawar's Police Lines": a building inside a compound of the police or the army is
            // coded as the compound's (`compound_words`, `compound_types`).
            let after = text.clause(after: target.end, limit: min(sentence.range.end, target.end + 60), words: 8)
            let following = text.words(after, last: 12)
            if words.contains("compound_words", in: following.split(separator: " ").prefix(1).joined()),
               let type = firstTargetWord(text.string(after)), (lexicon.lists["compound_types"] ?? []).contains(type) {
                return type
            }
            if let type = headTargetWord(text.string(target)) { return type }
        }
        // The words after the report in its clause ("into a compound used by the army"), then the victims.
        if let cue = cues.first(where: { $0.role == .incident }) {
            let clause = text.clause(after: cue.span.end, limit: sentence.range.end, words: 12)
            if let type = firstTargetWord(text.string(clause)) { return type }
        }
        for toll in tolls {
            if case .casualty(let value) = toll.value, !value.perpetrators, let who = value.who, let type = firstTargetWord(who) {
                return type
            }
        }
        return nil
    }

    /// The type of a target as written: its head (the last typed word before an of- or for-phrase: "the Army
    /// Public School"), else the first typed word after it ("the gate of Kabul's Eid Gah mosque").
    func headTargetWord(_ string: String) -> String? {
        guard let map = lexicon.maps["target_types"] else { return nil }
        let words = ScalarText.fold(string)
        let parts = words.split(separator: " ")
        let split = parts.firstIndex { $0 == "of" || $0 == "for" } ?? parts.count
        let found = EventWords.find(in: words, map: map)
        let head = found.filter { $0.position + $0.length <= split }
            .max { ($0.position + $0.length, $0.length) < ($1.position + $1.length, $1.length) }
        if let type = head?.value.stringValue { return type }
        return found.first { $0.position >= split }?.value.stringValue
    }

    /// The type of the first target word of a text.
    func firstTargetWord(_ string: String) -> String? {
        guard let map = lexicon.maps["target_types"] else { return nil }
        let found = EventWords.find(in: ScalarText.fold(string), map: map)
        return found.min { ($0.position, -$0.length) < ($1.position, -$1.length) }?.value.stringValue
    }

    /// Whether attack type `type` says more than `current` (attack_type_precedence lists the more specific first); an
    /// unlisted type ranks last, and no type never outranks anything.
    func outranks(_ type: String?, _ current: String?) -> Bool {
        let precedence = lexicon.lists["attack_type_precedence"] ?? []
        let rank = { (t: String?) in t.flatMap { precedence.firstIndex(of: $0) } ?? Int.max }
        return rank(type) < rank(current)
    }

    func attackType(_ cues: [Cue], in range: TextRange) -> String? {
        let precedence = lexicon.lists["attack_type_precedence"] ?? []
        var found = Set(cues.compactMap(\.attackType))
        for match in EventWords.find(in: text.words(range, last: 10_000), map: lexicon.maps["attack_type_words"] ?? [:]) {
            if let type = match.value.stringValue { found.insert(type) }
        }
        return precedence.first { found.contains($0) } ?? found.sorted().first
    }

    // MARK: Merging

    mutating func place(_ mention: Mention, window: Int) {
        if ProcessInfo.processInfo.environment["FACTX_EVENTS_DEBUG"] != nil {
            let words = mention.cues.map { "\($0.rule)[\(text.string($0.range))]" }.joined(separator: " ")
            FileHandle.standardError.write(Data("s\(mention.sentence) \(mention.role) weak=\(mention.weak) specific=\(mention.specific) distinct=\(mention.distinct) date=\(mention.date.map { text.string($0.range) } ?? "-") place=\(mention.place?.value.name ?? "-") perp=\(mention.perpetrator?.value.id ?? "-") tolls=\(mention.casualties.count) target=\(mention.target.map { text.string($0) } ?? "-") \(words)\n".utf8))
        }
        let follow = lexicon.number("follow_sentences", default: 2)
        func compatible(_ incident: Incident) -> Bool {
            if let a = incident.date, let b = mention.date, !Assembly.overlap(a, b) { return false }
            if let a = incident.place, let b = mention.place, !Assembly.compatible(a.value, b.value) { return false }
            if let a = incident.perpetrator, let b = mention.perpetrator, !related(a.value.id, b.value.id) { return false }
            if let a = incident.targetType, let b = mention.targetType, a != b, mention.role == .incident,
               mention.target != nil, incident.target != nil { return false }
            return true
        }
        func sameDay(_ incident: Incident) -> Bool {
            guard let a = Assembly.dateValue(incident.date), let b = Assembly.dateValue(mention.date),
                  a.granularity == "day", b.granularity == "day" else { return false }
            return a.start == b.start
        }
        func samePlace(_ incident: Incident) -> Bool {
            guard let a = incident.place, let b = mention.place else { return false }
            return a.value.id == b.value.id && !["country", "admin1"].contains(a.value.kind)
        }
        let recent = incidents.indices.filter { mention.paragraph - incidents[$0].lastParagraph <= window }
            .sorted { (incidents[$0].lastSentence, $0) > (incidents[$1].lastSentence, $1) }
        var target: Int?
        switch mention.weak ? .reference : mention.role {
        case .incident:
            if let index = incidents.indices.last(where: { compatible(incidents[$0]) && (sameDay(incidents[$0]) || (samePlace(incidents[$0]) && mention.date == nil)) }) {
                target = index
            } else if !mention.distinct, mention.date == nil, mention.place == nil || !mention.specific,
                      let index = recent.first, compatible(incidents[index]),
                      mention.sentence - incidents[index].lastSentence <= follow + 1 || mention.target != nil {
                target = index
            }
        case .reference, .attribution:
            let candidates = recent.filter { compatible(incidents[$0]) }
            target = candidates.first { samePlace(incidents[$0]) || sameDay(incidents[$0]) }
                ?? (mention.specific ? nil : candidates.first)
            if target == nil, mention.specific, let index = incidents.indices.last(where: { compatible(incidents[$0]) && (samePlace(incidents[$0]) || sameDay(incidents[$0])) }) {
                target = index
            }
        }
        if let target {
            merge(mention, into: target)
            // "claimed both attacks": the claim covers the incident before as well.
            if mention.role != .incident, let claim = mention.cues.first(where: { $0.role == .attribution }), mention.perpetrator != nil,
               text.words(TextRange(claim.range.end, min(text.scalars.count, claim.range.end + 12)), last: 3).hasPrefix("both"),
               let other = recent.first(where: { $0 != target && compatible(incidents[$0]) && incidents[$0].perpetrator == nil }) {
                var claimOnly = Mention(sentence: mention.sentence, paragraph: mention.paragraph, cues: mention.cues.filter { $0.role == .attribution })
                claimOnly.perpetrator = mention.perpetrator
                claimOnly.attribution = mention.attribution
                claimOnly.resolved = mention.resolved
                claimOnly.evidence = [claim.range, mention.perpetrator!.range]
                merge(claimOnly, into: other)
            }
        } else if mention.specific, mention.role != .attribution {
            var fresh = mention
            fresh.date = fresh.date ?? fresh.fallbackDate
            fresh.place = fresh.place ?? fresh.fallbackPlace
            if let date = fresh.date, !fresh.evidence.contains(date.range) { fresh.evidence.append(date.range) }
            if let place = fresh.place, !fresh.evidence.contains(place.range) { fresh.evidence.append(place.range) }
            incidents.append(Incident(lastSentence: mention.sentence, lastParagraph: mention.paragraph, specific: true))
            merge(fresh, into: incidents.count - 1)
            target = incidents.count - 1
        }
        if mention.role == .incident, let target { absorbReferences(into: target) }
    }

    /// A reference told before the report of its incident ("the group behind the Daraban attack" in a title or a
    /// lede) made a record of its own when nothing came before it; the first report of an attack at the same place
    /// takes it in, so that merging a reference does not depend on whether it comes before or after the report.
    mutating func absorbReferences(into index: Int) {
        let incident = incidents[index]
        guard let place = incident.place, !["country", "admin1", "region"].contains(place.value.kind),
              let start = incident.evidence.map(\.start).min() else { return }
        let earlier = incidents.indices.filter { other in
            let reference = incidents[other]
            guard other != index, !reference.reported, reference.place?.value.id == place.value.id,
                  (reference.evidence.map(\.end).max() ?? Int.max) <= start else { return false }
            if let a = reference.date, let b = incident.date, !Assembly.overlap(a, b) { return false }
            if let a = reference.perpetrator, let b = incident.perpetrator, !related(a.value.id, b.value.id) { return false }
            return true
        }
        guard !earlier.isEmpty else { return }
        var merged = incidents[index]
        for other in earlier {
            let reference = incidents[other]
            if merged.date == nil { merged.date = reference.date }
            if let perpetrator = reference.perpetrator,
               merged.perpetrator == nil || Assembly.rank(reference.attribution) > Assembly.rank(merged.attribution) {
                merged.perpetrator = perpetrator
                merged.attribution = reference.attribution
            }
            merged.claimedBy.formUnion(reference.claimedBy)
            merged.denied.formUnion(reference.denied)
            merged.casualties += reference.casualties
            if merged.target == nil, let target = reference.target {
                merged.target = target
                merged.targetType = reference.targetType ?? merged.targetType
            } else if merged.targetType == nil {
                merged.targetType = reference.targetType
            }
            if outranks(reference.attackType, merged.attackType) { merged.attackType = reference.attackType }
            merged.resolved += reference.resolved.filter(merged.keeps)
            merged.evidence.formUnion(reference.evidence)
            merged.rules.formUnion(reference.rules)
        }
        incidents[index] = merged
        for other in earlier.sorted(by: >) { incidents.remove(at: other) }
    }

    /// Same group, or one a branch, faction or wing of the other.
    func related(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let linked = { (x: String, y: String) in
            self.patterns.group(id: x)?.relations.contains { $0.target == y && ["branch_of", "faction_of", "wing_of", "media_of"].contains($0.type) } ?? false
        }
        return linked(a, b) || linked(b, a)
    }

    mutating func merge(_ mention: Mention, into index: Int) {
        var incident = incidents[index]
        if let date = mention.date {
            if let current = Assembly.dateValue(incident.date), let new = Assembly.dateValue(date) {
                let unknown = { (value: DateValue) in value.timex?.filter { $0 == "X" }.count ?? 99 }
                if finer(new, than: current), Assembly.overlap(incident.date!, date) {
                    incident.date = date
                } else if unknown(current) > unknown(new), !finer(current, than: new) {
                    // "Monday's bombing" (XXXX-WXX-1) and "on Jan. 30" (XXXX-01-30) without a year: the one that
                    // says more.
                    incident.date = date
                }
            } else if incident.date == nil {
                incident.date = date
            }
        }
        if let place = mention.place {
            if let current = incident.place {
                if current.value.id != place.value.id, Assembly.contains(current.value, place.value) { incident.place = place }
            } else {
                incident.place = place
            }
        }
        if let perpetrator = mention.perpetrator {
            if mention.attribution == "claimed" { incident.claimedBy.insert(perpetrator.value.id) }
            if Assembly.rank(mention.attribution) > Assembly.rank(incident.attribution) || incident.perpetrator == nil {
                incident.perpetrator = perpetrator
                incident.attribution = mention.attribution
            }
        }
        incident.denied.formUnion(mention.denied)
        incident.casualties += mention.casualties
        if incident.target == nil, let target = mention.target {
            incident.target = target
            incident.targetType = mention.targetType ?? incident.targetType
        } else if incident.targetType == nil {
            incident.targetType = mention.targetType
        }
        if outranks(mention.attackType, incident.attackType) { incident.attackType = mention.attackType }
        incident.resolved += mention.resolved.filter(incident.keeps)
        incident.evidence.formUnion(mention.evidence)
        incident.rules.formUnion(mention.cues.map(\.rule))
        if mention.role == .incident { incident.reported = true }
        incident.lastSentence = max(incident.lastSentence, mention.sentence)
        incident.lastParagraph = max(incident.lastParagraph, mention.paragraph)
        incidents[index] = incident
    }

    func finer(_ a: DateValue, than b: DateValue) -> Bool {
        let order = ["day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "half": 4, "year": 5, "decade": 6, "century": 7]
        return (order[a.granularity] ?? 9) < (order[b.granularity] ?? 9)
    }

    // MARK: Records

    func finish() -> [Event] {
        let ordered = incidents.sorted { ($0.evidence.min()?.start ?? 0) < ($1.evidence.min()?.start ?? 0) }
        return ordered.enumerated().map { offset, incident in
            var event = Event(doc: document.document.id, id: "e\(offset + 1)")
            event.date = Assembly.dateValue(incident.date)
            event.place = incident.place?.value
            event.perpetrator = incident.perpetrator?.value
            if let perpetrator = incident.perpetrator {
                let id = perpetrator.value.id
                event.attribution = incident.claimedBy.contains(id) && incident.denied.contains(id) ? "unclear" : incident.attribution
            }
            let (killed, includes) = count(incident.casualties, status: .killed, attackers: false)
            event.killed = killed
            event.killedIncludesAttackers = includes
            event.injured = count(incident.casualties, status: .injured, attackers: false).0
            event.attackersKilled = count(incident.casualties, status: .killed, attackers: true).0
            event.attackersInjured = count(incident.casualties, status: .injured, attackers: true).0
            event.target = incident.target.map { text.string($0) }
            event.targetType = incident.targetType
            event.attackType = incident.attackType
            event.evidence = incident.evidence.sorted()
            event.rules = incident.rules.sorted()
            event.resolved = incident.resolved.sorted { ($0.span.start, $0.field) < ($1.span.start, $1.field) }
            var seen: Set<Event.Resolution> = []
            event.resolved = event.resolved.filter { seen.insert($0).inserted }
            event.confidence = confidence(event)
            return event
        }
    }

    /// The toll of an incident: the first revised toll if the text revises it, else the first it gives (news
    /// writes the latest figure first), plus the counts joined to it ("nine soldiers and a woman passer-by").
    func count(_ facts: [Fact], status: CasualtyStatus, attackers: Bool) -> (CountValue?, Bool) {
        let matching: [(Fact, CasualtyValue)] = facts.sorted { $0.range.start < $1.range.start }.compactMap { fact in
            guard case .casualty(let value) = fact.value, value.status == status, value.perpetrators == attackers else { return nil }
            return (fact, value)
        }
        var unique: [(Fact, CasualtyValue)] = []
        for item in matching where !unique.contains(where: { $0.0.range == item.0.range }) { unique.append(item) }
        guard let first = unique.first(where: { $0.1.revises }) ?? unique.first,
              let position = unique.firstIndex(where: { $0.0.range == first.0.range }) else { return (nil, false) }
        var total = first.1.count
        var includes = first.1.includesPerpetrators
        var end = first.0.range.end
        for next in unique[(position + 1)...] {
            let gap = text.string(TextRange(end, max(end, next.0.range.start))).trimmingCharacters(in: .whitespaces)
            guard ["and", ",", ", and", ""].contains(gap), next.0.sentence == first.0.sentence else { break }
            // "8 people including a GATIA officer and 7 civilians": the first count holds the others.
            let span = text.words(TextRange(first.0.range.start, next.0.range.end), last: 60)
            if words.contains("event_inclusion_words", in: span) { break }
            total = Assembly.sum(total, next.1.count)
            includes = includes || next.1.includesPerpetrators
            end = next.0.range.end
        }
        return (total, includes)
    }

    static func sum(_ a: CountValue, _ b: CountValue) -> CountValue {
        let min = (a.min ?? 0) + (b.min ?? 0)
        let max = a.max.flatMap { x in b.max.map { x + $0 } }
        let qualifier: CountQualifier = a.qualifier == b.qualifier ? a.qualifier
            : (max == nil ? .atLeast : (a.qualifier == .exact ? b.qualifier : a.qualifier))
        return CountValue(min: min, max: max, qualifier: qualifier)
    }

    func confidence(_ event: Event) -> Double {
        var points = lexicon.number("confidence_base", default: 40)
        if let date = event.date {
            switch date.granularity {
            case "day": points += lexicon.number("confidence_date_day", default: 15)
            case "week", "month": points += lexicon.number("confidence_date_month", default: 12)
            default: points += lexicon.number("confidence_date_other", default: 5)
            }
        }
        if event.place != nil { points += lexicon.number("confidence_place", default: 12) }
        switch event.attribution {
        case "claimed": points += lexicon.number("confidence_perpetrator_claimed", default: 15)
        case "stated": points += lexicon.number("confidence_perpetrator_stated", default: 12)
        case nil: break
        default: points += lexicon.number("confidence_perpetrator_other", default: 5)
        }
        if event.killed != nil || event.injured != nil { points += lexicon.number("confidence_casualties", default: 10) }
        if event.target != nil { points += lexicon.number("confidence_target", default: 5) }
        if event.attackType != nil { points += lexicon.number("confidence_attack_type", default: 3) }
        points -= event.resolved.count * lexicon.number("confidence_resolved_penalty", default: 5)
        return Double(max(0, min(99, points))) / 100
    }
}
