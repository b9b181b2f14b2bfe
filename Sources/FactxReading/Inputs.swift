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
        var visited: Set<FileIdentity> = []
        for input in inputs {
            guard let status = FileIdentity.status(of: input) else {
                result.errors.append(InputError(file: input, code: "walk.missing", message: "no such file or folder"))
                continue
            }
            if status.isDirectory {
                walk(folder: input, relative: "", into: &result, visited: &visited)
            } else if let kind = InputFile.kind(ofExtension: input) {
                result.files.append(InputFile(path: input, id: (input as NSString).lastPathComponent, kind: kind))
            } else {
                result.errors.append(InputError(
                    file: input, code: "walk.unsupported", message: "not a .txt, .html or .jsonl file"))
            }
        }
        return result
    }

    private func walk(folder: String, relative: String, into result: inout Result, visited: inout Set<FileIdentity>) {
        guard let identity = FileIdentity.status(of: folder)?.identity else { return }
        guard visited.insert(identity).inserted else {
            result.notes.append(InputError(
                file: relative.isEmpty ? folder : relative, code: "walk.loop",
                message: "a link leads back into a folder already read; skipped"))
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            result.errors.append(InputError(
                file: relative.isEmpty ? folder : relative, code: "walk.unreadable", message: "cannot list the folder"))
            return
        }
        // Sorted by Unicode scalar values (the byte order of UTF-8), the same on every platform.
        for name in names.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) })
        where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            let id = relative.isEmpty ? name : relative + "/" + name
            guard let status = FileIdentity.status(of: path) else {
                result.errors.append(InputError(file: id, code: "walk.broken-link", message: "a link to nothing"))
                continue
            }
            if status.isDirectory {
                walk(folder: path, relative: id, into: &result, visited: &visited)
            } else if let kind = InputFile.kind(ofExtension: name) {
                result.files.append(InputFile(path: path, id: id, kind: kind))
            }
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
