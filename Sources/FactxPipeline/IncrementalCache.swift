import FactxModel
import FactxWriting
import Foundation

/// What outputs depend on besides the inputs: factx's version (and build), the patterns' fingerprint, and every
/// option that changes records. Two runs with equal identities give equal records for equal inputs, so a
/// manifest or a shard's output is usable only under the identity it was made with.
public struct RunIdentity: Hashable, Sendable {
    public var version: String
    public var patterns: String
    public var options: String

    public init(version: String, patterns: String, options: String) {
        self.version = version
        self.patterns = patterns
        self.options = options
    }

    public var json: JSONValue {
        .object(["version": .string(version), "patterns": .string(patterns), "options": .string(options)])
    }

    public init?(json: JSONValue) {
        guard let version = json["version"]?.stringValue, let patterns = json["patterns"]?.stringValue,
              let options = json["options"]?.stringValue else { return nil }
        self.init(version: version, patterns: patterns, options: options)
    }

    /// Why `self` (the previous run) cannot be reused by `current`, or nil when it can.
    public func mismatch(with current: RunIdentity) -> String? {
        if version != current.version { return "factx changed (\(version) → \(current.version))" }
        if patterns != current.patterns { return "the patterns changed (fingerprint \(patterns) → \(current.patterns))" }
        if options != current.options { return "the options changed" }
        return nil
    }
}

/// The incremental manifest of an output folder, `.factx/manifest.jsonl`: a header line with the run's
/// identity, then one line per document in the order of the run, with the SHA-256 of its input bytes and where
/// its records are in `.factx/blocks`:
///
///     {"factx":"manifest","format":1,"version":"…","patterns":"…","options":"…"}
///     {"unit":[0,"a/b.html",0],"sha256":"…","block":[0,1873]}
///
/// Inputs that failed have no line: they are tried again every run.
public enum IncrementalManifest {
    public static let manifestName = "manifest.jsonl"
    public static let blocksName = "blocks"
    static let format = 1

    static func header(_ identity: RunIdentity) -> String {
        var members: [JSONValue.Member] = [.init("factx", "manifest"), .init("format", .int(format))]
        members += identity.json.members ?? []
        return JSONValue.object(members).serialized + "\n"
    }

    static func line(unit: UnitKey, hash: [UInt8], offset: Int, length: Int) -> String {
        JSONValue.object([
            "unit": unit.json, "sha256": .string(SHA256.hex(hash)), "block": .array([.int(offset), .int(length)]),
        ]).serialized + "\n"
    }
}

/// A cached document: the previous run's hash of the unit's bytes and where its block is.
public struct CachedUnit: Sendable {
    public var hash: String
    var offset: Int
    var length: Int
    let blocks: RandomAccessFile

    /// The cached block, or nil if the cache file is damaged.
    func block() -> DocumentBlock? {
        guard let bytes = blocks.read(at: offset, count: length) else { return nil }
        var reader = ByteReader(bytes)
        return DocumentBlock.decode(from: &reader)
    }
}

/// Reads the previous run's manifest alongside the current run: units come in the same order, so a single
/// forward pass (a merge join on the unit key) finds each unit's previous entry, with constant memory.
public struct ManifestReader {
    private var lines: LineReader
    private let blocks: RandomAccessFile
    private var pending: (key: UnitKey, entry: CachedUnit)?
    private var exhausted = false
    public let identity: RunIdentity

    /// Opens the manifest in `folder` (a `.factx` folder); nil when there is none or it is unreadable.
    public init?(stateFolder folder: String) {
        guard var lines = LineReader(path: (folder as NSString).appendingPathComponent(IncrementalManifest.manifestName)),
              let blocks = RandomAccessFile(path: (folder as NSString).appendingPathComponent(IncrementalManifest.blocksName)),
              let first = lines.next(),
              let header = try? JSONValue.parse(String(decoding: first, as: UTF8.self)),
              header["factx"]?.stringValue == "manifest", header["format"]?.intValue == IncrementalManifest.format,
              let identity = RunIdentity(json: header)
        else { return nil }
        self.lines = lines
        self.blocks = blocks
        self.identity = identity
    }

    /// The previous entry for `key`, if the previous run had one. Keys must be asked in increasing order; a key
    /// out of order is simply not found (the unit is redone).
    public mutating func entry(for key: UnitKey) -> CachedUnit? {
        while true {
            if pending == nil {
                guard !exhausted, let next = readLine() else {
                    exhausted = true
                    return nil
                }
                pending = next
            }
            guard let (pendingKey, entry) = pending else { return nil }
            if pendingKey == key {
                pending = nil
                return entry
            }
            if key < pendingKey { return nil }
            pending = nil  // a unit the current run does not have (deleted), or out of order
        }
    }

    private mutating func readLine() -> (UnitKey, CachedUnit)? {
        while let raw = lines.next() {
            guard let value = try? JSONValue.parse(String(decoding: raw, as: UTF8.self)),
                  let key = UnitKey(json: value["unit"]), let hash = value["sha256"]?.stringValue,
                  let block = value["block"]?.arrayValue, block.count == 2,
                  let offset = block[0].intValue, let length = block[1].intValue else { continue }
            return (key, CachedUnit(hash: hash, offset: offset, length: length, blocks: blocks))
        }
        return nil
    }

    public func close() { lines.close() }
}
