// factx-bench-dates: the date tagger's throughput on a generated, deterministic news corpus.
//
//     swift run -c release factx-bench-dates [--documents N] [--rounds R] [--patterns DIR]
//
// Generates N news-like documents (seeded: the same corpus on every run and machine), segments them, then times
// the date extractor alone and the extractor plus date resolution, and prints sentences per second of thread CPU
// time for each (best of R rounds), with the segmenter's own speed as a yardstick. docs/dates.md ("Speed") records
// figures.

import FactxExtracting
import FactxModel
import FactxNormalizing
import FactxPatterns
import FactxSegmenting
import Foundation

/// SplitMix64: a small deterministic generator, so the corpus never depends on the platform's random source.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Sentences in the manner of the wire and analysis pieces factx reads: about a third carry a date, most carry
/// numbers or names that are not dates.
enum NewsCorpus {
    static let places = ["Quetta", "Peshawar", "Bajaur", "Kurram", "North Waziristan", "Karachi", "Dera Ismail Khan", "Khyber district", "Mastung", "Kabul"]
    static let groups = ["ISKP", "the TTP", "the BLA", "Lashkar-e-Jhangvi", "Jamaat-ul-Ahrar", "the Islamic State", "al-Shabaab"]
    static let victims = ["policemen", "soldiers", "civilians", "worshippers", "people", "militants", "labourers", "pilgrims"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let numberWords = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a dozen"]

    static func pick<T>(_ items: [T], _ random: inout SplitMix64) -> T { items[Int(random.next() % UInt64(items.count))] }
    static func number(_ range: ClosedRange<Int>, _ random: inout SplitMix64) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    static func date(_ random: inout SplitMix64) -> String {
        let year = number(2008...2023, &random)
        let day = number(1...28, &random)
        let month = pick(months, &random)
        switch random.next() % 16 {
        case 0: return "on \(month) \(day), \(year)"
        case 1: return "on \(day) \(month) \(year)"
        case 2: return "in \(month) \(year)"
        case 3: return "on \(pick(weekdays, &random))"
        case 4: return "last week"
        case 5: return "since \(year)"
        case 6: return "in late \(year)"
        case 7: return "between \(year - 3) and \(year)"
        case 8: return "over the past \(pick(numberWords, &random)) years"
        case 9: return "yesterday"
        case 10: return "on \(String(format: "%02d/%02d/%d", day, number(1...12, &random), year))"
        case 11: return "earlier this year"
        case 12: return "during Ramadan"
        case 13: return "in the first half of \(year)"
        case 14: return "two days ago"
        default: return "in \(year)"
        }
    }

    static func sentence(_ random: inout SplitMix64) -> String {
        let place = pick(places, &random)
        let group = pick(groups, &random)
        let victims = pick(self.victims, &random)
        let count = number(2...120, &random)
        switch random.next() % 14 {
        case 0: return "At least \(count) \(victims) were killed when a suicide bomber struck a market in \(place) \(date(&random))."
        case 1: return "\(group.prefix(1).uppercased() + group.dropFirst()) claimed the attack \(date(&random)), according to a statement posted online."
        case 2: return "Police said \(count) suspects had been arrested \(date(&random)) in raids across \(place)."
        case 3: return "The provincial government announced compensation of Rs \(count * 10000) for each family."
        case 4: return "Officials said \(count) people were wounded and \(count / 3) were in critical condition at the district hospital."
        case 5: return "Security forces cordoned off the area and launched a search operation, a spokesman for the ISPR said."
        case 6: return "The attack was the deadliest in \(place) since the group called off its ceasefire with the government."
        case 7: return "\(group.prefix(1).uppercased() + group.dropFirst()) has claimed \(count) attacks in \(place), according to data compiled by the institute."
        case 8: return "Residents said gunmen on motorcycles opened fire on a checkpoint at about 10:30 pm and fled towards the mountains."
        case 9: return "The chief minister ordered an inquiry and said those responsible would be brought to justice."
        case 10: return "Section 144 was imposed across \(place) and mobile phone services were suspended for \(pick(numberWords, &random)) days."
        case 11: return "Analysts said the group had expanded its footprint in the tribal districts, where it recruits from rival factions."
        case 12: return "The blast damaged \(count) shops and \(count / 2) vehicles parked near the gate of the compound."
        default: return "Funeral prayers for the victims were offered in \(place), where traders observed a strike."
        }
    }

    /// A document of 4 paragraphs of 3-7 sentences.
    static func document(_ index: Int, _ random: inout SplitMix64) -> Document {
        let paragraphs = (0..<4).map { _ in
            (0..<number(3...7, &random)).map { _ in sentence(&random) }.joined(separator: " ")
        }
        let place = pick(places, &random).uppercased()
        let text = "\(place), \(pick(months, &random)) \(number(1...28, &random)) — " + paragraphs.joined(separator: "\n\n")
        return Document(id: "bench-\(index)", text: text, reader: "txt")
    }
}

func argument(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

let documentCount = argument("--documents").flatMap { Int($0) } ?? 2000
let rounds = argument("--rounds").flatMap { Int($0) } ?? 5
guard let patternsFolder = PatternSet.locate(
    option: argument("--patterns"), environment: ProcessInfo.processInfo.environment, executable: CommandLine.arguments.first)
else {
    FileHandle.standardError.write("factx-bench-dates: no Patterns folder (use --patterns DIR)\n".data(using: .utf8)!)
    exit(2)
}
let patterns: PatternSet
do {
    patterns = try PatternSet.load(from: patternsFolder)
} catch {
    FileHandle.standardError.write("factx-bench-dates: \(error)\n".data(using: .utf8)!)
    exit(2)
}

var random = SplitMix64(state: 20230730)
let documents = (0..<documentCount).map { NewsCorpus.document($0, &random) }
let segmenter = Segmenter(abbreviations: patterns.list("abbreviations"))
let extractor = DateExtractor(patterns: patterns)
let resolver = DateResolver()
let reference = CalendarDate(year: 2023, month: 8, day: 7)

/// CPU time of this thread, so that other work on a shared machine barely moves the figures.
func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func seconds(_ body: () -> Void) -> Double {
    let start = cpuSeconds()
    body()
    return cpuSeconds() - start
}

var segmented: [SegmentedDocument] = []
var segmenting = Double.infinity
for _ in 0..<rounds {
    var result: [SegmentedDocument] = []
    segmenting = min(segmenting, seconds { result = documents.map(segmenter.segment) })
    segmented = result
}
let sentences = segmented.reduce(0) { $0 + $1.sentences.count }
let characters = documents.reduce(0) { $0 + $1.text.unicodeScalars.count }
let contexts = segmented.map { ExtractionContext(document: $0) }

var mentions = 0
var tagging = Double.infinity
for _ in 0..<rounds {
    var found = 0
    tagging = min(tagging, seconds { for context in contexts { found += extractor.extract(context).count } })
    mentions = found
}
var resolving = Double.infinity
for _ in 0..<rounds {
    resolving = min(resolving, seconds {
        for context in contexts {
            _ = resolver.resolve(extractor.extract(context), in: context.document, reference: reference)
        }
    })
}

func rate(_ time: Double) -> String { String(format: "%9.0f sentences/s  %6.2f MB/s", Double(sentences) / time, Double(characters) / time / 1e6) }
print("corpus: \(documentCount) documents, \(sentences) sentences, \(characters) characters, \(mentions) date mentions (seed 20230730)")
print("segmenter            \(rate(segmenting))")
print("date tagger          \(rate(tagging))")
print("tagger + resolution  \(rate(resolving))")
print(String(format: "the tagger takes %.2f× the segmenter's time", tagging / segmenting))

