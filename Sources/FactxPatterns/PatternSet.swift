import FactxModel
import Foundation

/// Everything in a Patterns folder, loaded, validated and compiled: the rules of each folder, the word lists and
/// maps, the gazetteer and the group alias table.
///
/// Folders hold three kinds of file:
/// - `places/*.jsonl`: the gazetteer; `groups/*.yaml`: the group alias table (lists of entries; a file of `groups/`
///   that is a mapping is a rule file, for its word lists);
/// - `*/corpus*.yaml`: test corpora, read only by `corpora()`;
/// - every other `*.yaml`: a rule file with `attributes`, `lists`, `maps`, `parts` and `rules`.
public struct PatternSet: Sendable {
    /// The folder it was loaded from, as given.
    public let directory: String
    /// Pattern files, relative to `directory`, sorted.
    public let files: [String]
    /// A hash of every file's path and bytes: equal fingerprints mean equal patterns.
    public let fingerprint: String
    public let lexicon: Lexicon
    /// Rules by folder (`dates`, `casualties` …), in file order.
    public let rules: [String: [RegexRule]]
    public let places: PhraseTable<PlaceEntry>
    public let groups: PhraseTable<GroupEntry>
    let placeIndex: [String: Int]
    let groupIndex: [String: Int]

    public func rules(in folder: String) -> [RegexRule] { rules[folder] ?? [] }
    public func place(id: String) -> PlaceEntry? { placeIndex[id].map { places.entries[$0] } }
    public func group(id: String) -> GroupEntry? { groupIndex[id].map { groups.entries[$0] } }
    /// A named word list (`lists:` in a rule file), or empty.
    public func list(_ name: String) -> [String] { lexicon.lists[name] ?? [] }

    // MARK: Loading

    /// Loads and validates a Patterns folder, reporting every problem found (not only the first).
    public static func load(from directory: String) throws(PatternErrors) -> PatternSet {
        var loader = Loader(directory: directory)
        return try loader.load()
    }

    /// The test corpora of every folder.
    public func corpora() throws(PatternErrors) -> [Corpus] {
        var corpora: [Corpus] = []
        var errors: [PatternError] = []
        for file in PatternSet.listFiles(directory) where PatternSet.isCorpus(file) {
            do {
                let text = try PatternSet.readText(directory, file)
                corpora.append(try Corpus.load(text, file: file))
            } catch {
                errors.append(error)
            }
        }
        if !errors.isEmpty { throw PatternErrors(errors: errors) }
        return corpora
    }

    /// Whether a file of `groups/` is a rule file (a mapping with `lists:` such as the generic mentions) rather
    /// than a list of entries.
    static func isRuleFile(_ text: String, file: String) throws(PatternError) -> Bool {
        guard let root = try YAMLNode.parse(text, file: file) else { return false }
        if case .mapping = root.node { return true }
        return false
    }

    static func isCorpus(_ file: String) -> Bool {
        let name = (file as NSString).lastPathComponent
        return name.hasPrefix("corpus") && name.hasSuffix(".yaml")
    }

    static func listFiles(_ directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".") || path.contains("/.") { continue }
            if [".yaml", ".yml", ".jsonl"].contains(where: { name.hasSuffix($0) }) { files.append(path) }
        }
        return files.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }

    static func readText(_ directory: String, _ file: String) throws(PatternError) -> String {
        let path = (directory as NSString).appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PatternError(file: file, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PatternError(file: file, message: "the file is not UTF-8")
        }
        return text
    }

    // MARK: Finding the folder

    /// Where the patterns are: `--patterns`, then `FACTX_PATTERNS`, then `./Patterns`, then the Patterns
    /// installed beside the binary (`<bin>/Patterns`, `<bin>/../share/factx/Patterns`).
    public static func locate(option: String?, environment: [String: String], executable: String?) -> String? {
        if let option { return option }
        if let value = environment["FACTX_PATTERNS"], !value.isEmpty { return value }
        var candidates = ["Patterns"]
        if let executable {
            let folder = ((executable as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
            candidates.append((folder as NSString).appendingPathComponent("Patterns"))
            candidates.append(((folder as NSString).appendingPathComponent("../share/factx/Patterns") as NSString)
                .standardizingPath)
        }
        var isDirectory: ObjCBool = false
        return candidates.first { FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue }
    }
}

/// Reads a Patterns folder into a `PatternSet`, collecting errors.
private struct Loader {
    let directory: String
    var errors: [PatternError] = []
    var lexicon = Lexicon()
    var parts: [String: (pattern: String, location: SourceLocation)] = [:]
    var drafts: [(folder: String, draft: RuleDraft)] = []
    var places = PhraseTable<PlaceEntry>()
    var placeIndex: [String: Int] = [:]
    var groups = PhraseTable<GroupEntry>()
    var groupIndex: [String: Int] = [:]
    var hasher = FNV1a()

    init(directory: String) { self.directory = directory }

    mutating func load() throws(PatternErrors) -> PatternSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PatternErrors(errors: [PatternError(file: directory, message: "no Patterns folder here")])
        }
        let files = PatternSet.listFiles(directory)
        var groupDrafts: [GroupEntry] = []
        for file in files {
            let text: String
            do {
                text = try PatternSet.readText(directory, file)
            } catch {
                errors.append(error)
                continue
            }
            hasher.add(file)
            hasher.add(text)
            if PatternSet.isCorpus(file) { continue }
            let folder = file.split(separator: "/").first.map(String.init) ?? ""
            do throws(PatternError) {
                if file.hasSuffix(".jsonl") {
                    guard folder == "places" else {
                        throw PatternError(file: file, message: "JSON-lines pattern files belong in places/")
                    }
                    try loadPlaces(text, file: file)
                } else if folder == "groups", !(try PatternSet.isRuleFile(text, file: file)) {
                    groupDrafts.append(contentsOf: try loadGroups(text, file: file))
                } else {
                    try loadRuleFile(text, file: file, folder: folder)
                }
            } catch {
                errors.append(error)
            }
        }
        addGroups(groupDrafts)
        let expander = PartExpander(parts: parts)
        var rules: [String: [RegexRule]] = [:]
        var ruleIds: [String: SourceLocation] = [:]
        for (folder, draft) in drafts {
            if let first = ruleIds[draft.id] {
                errors.append(draft.location.error("duplicate rule id '\(draft.id)' (first defined at \(first))"))
                continue
            }
            ruleIds[draft.id] = draft.location
            do {
                rules[folder, default: []].append(try expander.compile(draft))
            } catch {
                errors.append(error)
            }
        }
        if !errors.isEmpty {
            // A broken part breaks every rule that uses it: report it once.
            var seen: Set<PatternError> = []
            throw PatternErrors(errors: errors.filter { seen.insert($0).inserted })
        }
        return PatternSet(
            directory: directory, files: files, fingerprint: hasher.hex, lexicon: lexicon, rules: rules,
            places: places, groups: groups, placeIndex: placeIndex, groupIndex: groupIndex)
    }

    mutating func addPart(_ name: String, _ pattern: String, _ location: SourceLocation) {
        if let existing = parts[name] {
            errors.append(location.error("part {\(name)} is already defined at \(existing.location)"))
            return
        }
        parts[name] = (pattern, location)
    }

    mutating func loadRuleFile(_ text: String, file: String, folder: String) throws(PatternError) {
        guard let root = try YAMLNode.parse(text, file: file) else { return }
        let contents = try RuleFileContents.read(root)
        for (name, phrases, location) in contents.lists {
            lexicon.add(list: name, phrases)
            addPart(name, Lexicon.alternation(phrases), location)
        }
        for (name, items, location) in contents.maps {
            lexicon.add(map: name, items)
            addPart(name, Lexicon.alternation(items.map(\.0)), location)
        }
        for (name, pattern, location) in contents.parts { addPart(name, pattern, location) }
        drafts.append(contentsOf: contents.rules.map { (folder, $0) })
    }

    mutating func loadPlaces(_ text: String, file: String) throws(PatternError) {
        // Split on bytes, not characters, and parse each line's bytes as they are: the gazetteer has tens of
        // thousands of lines.
        let all = Array(text.utf8)
        var lineStart = 0
        var offset = -1
        while lineStart <= all.count {
            offset += 1
            var lineEnd = lineStart
            while lineEnd < all.count, all[lineEnd] != 0x0A { lineEnd += 1 }
            let line = all[lineStart..<lineEnd]
            lineStart = lineEnd + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let location = SourceLocation(file: file, line: offset + 1)
            let json: JSONValue
            do {
                json = try JSONValue.parse(utf8: Array(line))
            } catch {
                errors.append(SourceLocation(file: file, line: offset + 1, column: error.column)
                    .error("not JSON: \(error.message)"))
                continue
            }
            do {
                let entry = try PlaceEntry(json: json, location: location)
                if placeIndex[entry.id] != nil {
                    errors.append(location.error("duplicate place id '\(entry.id)'"))
                    continue
                }
                placeIndex[entry.id] = places.add(entry, names: [entry.name] + entry.aliases)
            } catch {
                errors.append(error)
            }
        }
    }

    /// Reads a file of group entries; a broken entry is reported and the others are still read.
    mutating func loadGroups(_ text: String, file: String) throws(PatternError) -> [GroupEntry] {
        guard let root = try YAMLNode.parse(text, file: file) else { return [] }
        var entries: [GroupEntry] = []
        for item in try root.sequence() {
            do {
                entries.append(try GroupEntry.read(item))
            } catch {
                errors.append(error)
            }
        }
        return entries
    }

    /// Adds groups, refusing duplicate ids, aliases claimed by two groups and relations to unknown groups.
    mutating func addGroups(_ entries: [GroupEntry]) {
        var owners: [String: GroupEntry] = [:]
        var accepted: [GroupEntry] = []
        for entry in entries {
            if accepted.contains(where: { $0.id == entry.id }) {
                errors.append(entry.location.error("duplicate group id '\(entry.id)'"))
                continue
            }
            var clean = true
            for alias in entry.allNames {
                guard let (key, _, noLowercase) = PhraseTable<GroupEntry>.key(alias) else { continue }
                let ownerKey = key + (noLowercase ? " (caps)" : "")
                if let owner = owners[ownerKey], owner.id != entry.id {
                    errors.append(entry.location.error(
                        "alias '\(alias)' of '\(entry.id)' is already an alias of '\(owner.id)' (\(owner.location))"))
                    clean = false
                } else {
                    owners[ownerKey] = entry
                }
            }
            if clean { accepted.append(entry) }
        }
        let ids = Set(accepted.map(\.id))
        for entry in accepted {
            for relation in entry.relations where !ids.contains(relation.target) {
                errors.append(entry.location.error(
                    "relation \(relation.type) of '\(entry.id)' names unknown group '\(relation.target)'"))
            }
            groupIndex[entry.id] = groups.add(entry, names: entry.allNames)
        }
    }
}

/// 64-bit FNV-1a, for fingerprints of pattern files (change detection, not security).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        var text = text
        // Over the contiguous UTF-8 bytes: the gazetteer alone is megabytes, and the iterator costs several times
        // more than the hash itself.
        text.withUTF8 { bytes in
            var hash = value
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            value = hash
        }
        value ^= 0xFF
        value = value &* 0x0000_0100_0000_01B3
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
