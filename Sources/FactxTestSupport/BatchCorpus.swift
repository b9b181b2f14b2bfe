import Foundation

/// A small input folder that exercises everything the batch runner must get right: nested folders whose names
/// sort differently as paths and as components (`a-b/` and `a/`), text and HTML, JSON-lines files whose ids are
/// out of order and collide within a file, across files and with a file's path, broken lines, a binary file, an
/// empty file, non-ASCII names. `copies` adds that many copies of the sample article, to make runs long enough
/// to be killed mid-way.
public enum BatchCorpus {
    public static func create(in folder: String, copies: Int = 0) {
        let article = read(Repository.path("Corpus/iskp-foothold-in-pakistan.txt")) ?? ""
        write(article, to: folder + "/sub/x.txt")
        write("At least 3 people were killed in Quetta on July 30, 2023 by ISKP.", to: folder + "/a-b/one.txt")
        write("Two militants were arrested in Swat on 4 June 2022.", to: folder + "/a/z.txt")
        write("""
            <html><head><title>Peshawar</title><meta property="article:published_time" content="2021-05-04"></head>
            <body><nav>Home | World</nav><article><p>Twelve soldiers were injured in Peshawar on 3 May 2021 when \
            the TTP attacked a checkpoint.</p><p>Officials said more than 40 people have been killed in the \
            district this year.</p></article><footer>Share this</footer></body></html>
            """, to: folder + "/sub/deeper/page.html")
        write(
            [
                #"{"id":"zeta","text":"Five people were killed in Kabul on 2 March 2020."}"#,
                "{broken",
                #"{"id":"alpha","text":"The TTP claimed two attacks in Bajaur last week.","published":"2023-08-07"}"#,
                #"{"id":"zeta","text":"A second line with the id zeta."}"#,
                #"{"id":"a-b/one.txt","text":"This id collides with a file's path."}"#,
                "",
                #"{"id":"mid","html":"<p>ISKP killed 9 people in Mastung on 12 July 2023.</p>"}"#,
            ].joined(separator: "\n") + "\n", to: folder + "/wire.jsonl")
        write(
            [
                #"{"id":"alpha","text":"This alpha comes from another file."}"#,
                #"{"id":"émile","html":"<p>Four people died in Lahore.</p>","published":"2023-01-02"}"#,
                #"{"id":"beta","text":"Nothing happened here.","published":"not a date"}"#,
            ].joined(separator: "\n") + "\n", to: folder + "/b.jsonl")
        write(Array("%PDF-1.4 binary".utf8), to: folder + "/bad.html")
        write("", to: folder + "/empty.txt")
        write("Über 20 Menschen wurden in Quetta getötet. 20 people were killed in Quetta on 8 August 2016.", to: folder + "/sub/ünï.txt")
        write("Hidden files are not read.", to: folder + "/.hidden.txt")
        for copy in 0..<copies {
            write(article, to: folder + "/copies/\(copy / 10)/article-\(copy).txt")
        }
    }

    /// The record files an output folder holds, by name (no hidden state).
    public static func outputs(_ folder: String) -> [String: String] {
        var files: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where !name.hasPrefix(".") {
            files[name] = read(folder + "/" + name)
        }
        return files
    }
}

/// A fresh temporary folder, removed when `body` returns (for async tests).
public func withTemporaryFolder<Result>(_ body: (String) async throws -> Result) async rethrows -> Result {
    let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("factx-test-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    return try await body(folder)
}
