import FactxModel
import Foundation

/// One input file found by the walker: where it is on disk, the document id it gives, and its reader.
public struct InputFile: Hashable, Sendable {
    public enum Kind: String, Sendable, Hashable {
        case txt, html, jsonl
    }

    public var path: String
    /// The path relative to the input root, `/`-separated: the document id (or, for JSON lines, the file name
    /// that errors name).
    public var id: String
    public var kind: Kind

    public init(path: String, id: String, kind: Kind) {
        self.path = path
        self.id = id
        self.kind = kind
    }

    public static func kind(ofExtension name: String) -> Kind? {
        switch (name as NSString).pathExtension.lowercased() {
        case "txt", "text": .txt
        case "html", "htm", "xhtml": .html
        case "jsonl", "ndjson": .jsonl
        default: nil
        }
    }
}

/// Finds the input files under the paths a user gives: folders are walked recursively in sorted order, hidden
/// entries are skipped, symbolic links are followed but never into a folder already visited (no loops).
public struct InputWalker: Sendable {
    public struct Result: Sendable {
        public var files: [InputFile] = []
        /// Inputs that could not be listed or read at all.
        public var errors: [InputError] = []
        /// Things skipped on purpose (links back into a visited folder), worth a log line.
        public var notes: [InputError] = []
    }

    public init() {}

    public func walk(_ inputs: [String]) -> Result {
        var result = Result()
        var stream = Stream(inputs)
        while let item = stream.next() {
            switch item {
            case .file(let file): result.files.append(file)
            case .error(let error): result.errors.append(error)
            case .note(let note): result.notes.append(note)
            }
        }
        return result
    }

    /// What the walk finds, one thing at a time.
    public enum Item: Sendable {
        case file(InputFile)
        case error(InputError)
        case note(InputError)
    }

    /// The walk as a lazy sequence, in the same order as `walk(_:)`: only the names of the folders on the current
    /// path are held, so a batch runner can start on the first files before the last folder is listed, and its
    /// memory does not grow with the number of files (only with the size of the largest folder).
    public struct Stream: IteratorProtocol, Sequence {
        /// A folder being read: its remaining entries, sorted, in reverse (so that the next is `popLast`).
        private struct Level {
            var path: String
            var relative: String
            var remaining: [String]
        }

        private var inputs: [String]
        private var nextInput = 0
        private var stack: [Level] = []
        private var visited: Set<FileIdentity> = []
        /// The index in `inputs` of the input being walked.
        public private(set) var root = -1

        public init(_ inputs: [String]) {
            self.inputs = inputs
        }

        public mutating func next() -> Item? {
            while true {
                if var level = stack.popLast() {
                    guard let name = level.remaining.popLast() else { continue }
                    stack.append(level)
                    let path = (level.path as NSString).appendingPathComponent(name)
                    let id = level.relative.isEmpty ? name : level.relative + "/" + name
                    guard let status = FileIdentity.status(of: path) else {
                        return .error(InputError(file: id, code: "walk.broken-link", message: "a link to nothing"))
                    }
                    if status.isDirectory {
                        if let item = enter(folder: path, relative: id, identity: status.identity) { return item }
                    } else if let kind = InputFile.kind(ofExtension: name) {
                        return .file(InputFile(path: path, id: id, kind: kind))
                    }
                    continue
                }
                guard nextInput < inputs.count else { return nil }
                let input = inputs[nextInput]
                root = nextInput
                nextInput += 1
                guard let status = FileIdentity.status(of: input) else {
                    return .error(InputError(file: input, code: "walk.missing", message: "no such file or folder"))
                }
                if status.isDirectory {
                    if let item = enter(folder: input, relative: "", identity: status.identity) { return item }
                } else if let kind = InputFile.kind(ofExtension: input) {
                    return .file(InputFile(path: input, id: (input as NSString).lastPathComponent, kind: kind))
                } else {
                    return .error(InputError(
                        file: input, code: "walk.unsupported", message: "not a .txt, .html or .jsonl file"))
                }
            }
        }

        /// Pushes a folder's sorted entries; returns what to report instead when it cannot be read.
        private mutating func enter(folder: String, relative: String, identity: FileIdentity) -> Item? {
            guard visited.insert(identity).inserted else {
                return .note(InputError(
                    file: relative.isEmpty ? folder : relative, code: "walk.loop",
                    message: "a link leads back into a folder already read; skipped"))
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder)
            } catch {
                return .error(InputError(
                    file: relative.isEmpty ? folder : relative, code: "walk.unreadable", message: "cannot list the folder"))
            }
            // Sorted by Unicode scalar values (the byte order of UTF-8), the same on every platform.
            let sorted = names.filter { !$0.hasPrefix(".") }
                .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            stack.append(Level(path: folder, relative: relative, remaining: sorted.reversed()))
            return nil
        }
    }
}

/// A file's device and inode, to recognize a folder reached twice.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64

    /// `stat` (following links): identity and whether it is a folder, or nil if nothing is there.
    static func status(of path: String) -> (identity: FileIdentity, isDirectory: Bool)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)),
                (info.st_mode & S_IFMT) == S_IFDIR)
    }
}
