import FactxModel
@testable import FactxReading
import FactxTestSupport
import Foundation
import Testing

/// The bad-input matrix of docs/robustness.md, at the reading stage: every hostile or broken file is read from disk
/// by the `DocumentReader` a batch uses and gives either a document (with the warning a reviewer needs) or one error
/// that names the file and the reason. The batch-level half (the rest of the batch written, errors.jsonl) is
/// `BadInputBatchTests` in FactxPipelineTests.
@Suite struct BadInputMatrixTests {
    /// What a case must give.
    enum Expected: Sendable, CustomStringConvertible {
        /// An error with this code whose message holds this word.
        case error(String, String)
        /// A document whose text holds `text` (nil: any text), with exactly these warning codes.
        case document(text: String?, warnings: [String])

        var description: String {
            switch self {
            case .error(let code, let word): "error \(code) (\(word))"
            case .document(let text, let warnings): "document \(text ?? "*") \(warnings)"
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var expected: Expected
        /// Text that must never appear in the document (script, comments, entities from elsewhere).
        var absent: [String] = []
        var testDescription: String { name }
    }

    static let sentence = "At least 54 people were killed in Bajaur on 30 July 2023."

    static func utf16LE(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
    static func utf16BE(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
    /// “Quetta” – café in Windows-1252.
    static let cp1252: [UInt8] = [0x93] + Array("Quetta".utf8) + [0x94, 0x20, 0x96, 0x20] + Array("caf".utf8) + [0xE9]
    /// Peña in Latin-1.
    static let latin1: [UInt8] = Array("Pe".utf8) + [0xF1] + Array("a".utf8)

    static func page(_ body: String, head: String = "") -> String {
        "<html><head>\(head)<title>T</title></head><body>\(body)</body></html>"
    }

    static let textCases: [Case] = [
        Case(name: "empty.txt", bytes: [], expected: .error("read.empty", "empty")),
        Case(name: "blank.txt", bytes: Array(" \n\r\n\t \n".utf8), expected: .error("read.empty", "empty")),
        Case(name: "nul.txt", bytes: Array("Kabul".utf8) + [0, 0x41, 0x42, 0, 0x43, 0x44, 0x45, 0x46, 0x47],
             expected: .error("read.binary", "NUL")),
        Case(name: "pdf.txt", bytes: Array("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj".utf8), expected: .error("read.binary", "PDF")),
        Case(name: "pdf.html", bytes: Array("%PDF-1.4\n1 0 obj <<>> endobj".utf8), expected: .error("read.binary", "PDF")),
        Case(name: "png.txt", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], expected: .error("read.binary", "PNG")),
        Case(name: "png.html", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], expected: .error("read.binary", "PNG")),
        Case(name: "gzip.html", bytes: [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3], expected: .error("read.binary", "gzip")),
        Case(name: "invalid-utf8.txt", bytes: Array("Quetta ".utf8) + [0xC3, 0x28, 0xFF] + Array(" attack".utf8),
             expected: .document(text: "Quetta", warnings: ["decode.windows-1252"])),
        Case(name: "utf16le-bom.txt", bytes: [0xFF, 0xFE] + utf16LE(sentence), expected: .document(text: sentence, warnings: [])),
        Case(name: "utf16be-bom.txt", bytes: [0xFE, 0xFF] + utf16BE(sentence), expected: .document(text: sentence, warnings: [])),
        Case(name: "utf16le-no-bom.txt", bytes: utf16LE(sentence),
             expected: .document(text: sentence, warnings: ["decode.utf16-unmarked"])),
        Case(name: "utf16be-no-bom.txt", bytes: utf16BE(sentence),
             expected: .document(text: sentence, warnings: ["decode.utf16-unmarked"])),
        // Non-Latin UTF-16 has few zero bytes (only in spaces and digits), all on one side: it is still text.
        Case(name: "utf16le-no-bom-urdu.txt", bytes: utf16LE("کوئٹہ میں دھماکہ، 12 افراد ہلاک"),
             expected: .document(text: "کوئٹہ میں دھماکہ", warnings: ["decode.utf16-unmarked"])),
        Case(name: "utf16be-no-bom-russian.txt", bytes: utf16BE("Взрыв в Кабуле: погибли 12 человек"),
             expected: .document(text: "Взрыв в Кабуле", warnings: ["decode.utf16-unmarked"])),
        Case(name: "cp1252.txt", bytes: cp1252, expected: .document(text: "“Quetta” – café", warnings: ["decode.windows-1252"])),
        Case(name: "latin1.txt", bytes: latin1, expected: .document(text: "Peña", warnings: ["decode.windows-1252"])),
        Case(name: "utf8-bom.txt", bytes: [0xEF, 0xBB, 0xBF] + Array("Peña".utf8), expected: .document(text: "Peña", warnings: [])),
        // A BOM that says UTF-8 in front of Windows-1252 bytes: the bytes win, with the warning.
        Case(name: "bom-lies.txt", bytes: [0xEF, 0xBB, 0xBF] + cp1252,
             expected: .document(text: "“Quetta” – café", warnings: ["decode.windows-1252"])),
    ]

    static let htmlCases: [Case] = [
        Case(name: "cp1252-declared.html",
             bytes: Array(page("<p>", head: #"<meta charset="windows-1252">"#).utf8) + cp1252 + Array("</p>".utf8),
             expected: .document(text: "“Quetta” – café", warnings: [])),
        Case(name: "cp1252-undeclared.html", bytes: Array(page("<p>").utf8) + cp1252 + Array("</p>".utf8),
             expected: .document(text: "“Quetta” – café", warnings: ["decode.windows-1252"])),
        Case(name: "latin1-declared.html",
             bytes: Array(page("<p>", head: #"<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">"#).utf8)
                + latin1 + Array("</p>".utf8),
             expected: .document(text: "Peña", warnings: [])),
        Case(name: "latin1-undeclared.html", bytes: Array(page("<p>").utf8) + latin1 + Array("</p>".utf8),
             expected: .document(text: "Peña", warnings: ["decode.windows-1252"])),
        Case(name: "declares-1252-is-utf8.html",
             bytes: Array(page("<p>Peña “Quetta”</p>", head: #"<meta charset="windows-1252">"#).utf8),
             expected: .document(text: "Peña “Quetta”", warnings: ["decode.charset-mismatch"])),
        Case(name: "declares-utf8-is-1252.html",
             bytes: Array(page("<p>", head: #"<meta charset="utf-8">"#).utf8) + cp1252 + Array("</p>".utf8),
             expected: .document(text: "“Quetta” – café", warnings: ["decode.windows-1252"])),
        Case(name: "declares-nonsense.html",
             bytes: Array(page("<p>Kabul</p>", head: #"<meta charset="x-no-such-charset">"#).utf8),
             expected: .document(text: "Kabul", warnings: ["decode.unknown-charset"])),
        Case(name: "utf16le-bom.html", bytes: [0xFF, 0xFE] + utf16LE(page("<p>\(sentence)</p>")),
             expected: .document(text: sentence, warnings: [])),
        Case(name: "unclosed.html",
             bytes: Array("<html><body><div><p>\(sentence)<p>Police said <b>more<div><table><tr><td>Second cell".utf8),
             expected: .document(text: sentence, warnings: [])),
        Case(name: "only-tags.html", bytes: Array("<html><body><div></div></body></html>".utf8),
             expected: .document(text: "", warnings: ["html.no-text"])),
        Case(name: "hidden-text.html",
             bytes: Array(page("""
                <p>\(sentence)</p>
                <script>document.write("At least 99 people were killed in Lahore")</script>
                <style>/* At least 98 people were killed in Kabul */</style>
                <!-- At least 97 people were killed in Peshawar -->
                <![CDATA[ At least 96 people were killed in Quetta ]]>
                <noscript>At least 95 people were killed in Herat</noscript>
                <template><p>At least 94 people were killed in Kunduz</p></template>
                <textarea>At least 93 people were killed in Mosul</textarea>
                """).utf8),
             expected: .document(text: sentence, warnings: []),
             absent: ["99", "98", "97", "96", "95", "94", "93", "Lahore", "Kabul", "Peshawar", "Quetta", "Herat"]),
        Case(name: "entity-bomb.html",
             bytes: Array("""
                <!DOCTYPE html [
                <!ENTITY a "lollollollollollollollollollol">
                <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
                <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
                <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
                <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
                <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
                <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
                <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
                <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
                ]>
                <html><body><p>\(sentence)</p><p>&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;</p></body></html>
                """.utf8),
             expected: .document(text: sentence, warnings: []), absent: ["lollol"]),
    ]

    static var cases: [Case] { textCases + htmlCases }

    @Test(arguments: cases)
    func theMatrix(_ testCase: Case) {
        withTemporaryFolder { folder in
            let path = folder + "/" + testCase.name
            write(testCase.bytes, to: path)
            let kind = InputFile.kind(ofExtension: testCase.name)!
            let outcome = DocumentReader().read(InputFile(path: path, id: testCase.name, kind: kind))
            switch testCase.expected {
            case .error(let code, let word):
                #expect(outcome.documents.isEmpty)
                #expect(outcome.errors.count == 1)
                let error = outcome.errors.first
                #expect(error?.code == code, "\(outcome.errors)")
                #expect(error?.file == testCase.name)
                #expect(error?.message.contains(word) == true, "\(outcome.errors)")
                #expect(error?.description.hasPrefix(testCase.name + ": ") == true)
            case .document(let text, let warnings):
                #expect(outcome.errors.isEmpty, "\(outcome.errors)")
                let document = outcome.documents.first
                #expect(document?.warnings.map(\.code) == warnings, "\(document?.warnings ?? [])")
                if let text {
                    #expect(text.isEmpty ? document?.text == "" : document?.text.contains(text) == true, "\(document?.text ?? "")")
                }
                for word in testCase.absent {
                    #expect(document?.text.contains(word) == false, "\(word) leaked into \(document?.text ?? "")")
                }
            }
        }
    }

    // MARK: Cases that need more than bytes

    @Test func externalEntitiesAndDTDsAreNeverReadFromDisk() {
        withTemporaryFolder { folder in
            write("SECRET-FROM-AN-ENTITY-FILE", to: folder + "/secret.txt")
            write(#"<!ENTITY leak "SECRET-FROM-A-DTD">"#, to: folder + "/evil.dtd")
            let html = """
                <!DOCTYPE html SYSTEM "file://\(folder)/evil.dtd" [
                <!ENTITY xxe SYSTEM "file://\(folder)/secret.txt">
                <!ENTITY % pe SYSTEM "file://\(folder)/evil.dtd"> %pe;
                ]>
                <html><body><p>\(Self.sentence)</p><p>A: &xxe; B: &leak; C: <img src="x" alt="&xxe;"></p></body></html>
                """
            let document = HTMLReader().read(html: html, id: "xxe.html")
            #expect(document.text.contains(Self.sentence))
            #expect(!document.text.contains("SECRET"), "\(document.text)")
            let tree = HTMLTree.parse(html)
            #expect(!tree.nodes.contains { $0.attributes.contains { $0.value.contains("SECRET") } })
        }
    }

    @Test func aRemoteDTDIsNeverFetched() throws {
        // A listening socket on the loopback stands for the remote server: the parse must not connect to it.
        let server = try LoopbackListener()
        defer { server.close() }
        let html = """
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://127.0.0.1:\(server.port)/evil.dtd" [
            <!ENTITY remote SYSTEM "http://127.0.0.1:\(server.port)/entity.txt">
            ]>
            <html><body><p>\(Self.sentence) &remote;</p></body></html>
            """
        let document = HTMLReader().read(html: html, id: "remote.html")
        #expect(document.text.contains(Self.sentence))
        #expect(server.pendingConnections() == 0)
    }

    @Test func nestingAHundredThousandDeepIsReadWithoutACrash() {
        let depth = 100_000
        let html = "<html><body><p>\(Self.sentence)</p>" + String(repeating: "<div>", count: depth) + "<p>Deep text.</p>"
            + String(repeating: "</div>", count: depth) + "<p>After the deep part.</p></body></html>"
        let document = HTMLReader().read(html: html, id: "deep.html")
        // libxml2 stops descending at its depth limit; the text before the deep part is always kept.
        #expect(document.text.contains(Self.sentence), "\(document.text.prefix(200))")
        // Unclosed, the same depth.
        let unclosed = "<p>\(Self.sentence)</p>" + String(repeating: "<span><b>", count: depth)
        #expect(HTMLReader().read(html: unclosed, id: "deep2.html").text.contains(Self.sentence))
    }

    @Test func hugeAttributesAreNoText() {
        let huge = String(repeating: "At least 99 people were killed. ", count: 200_000)  // 6.4 MB
        let html = Self.page("<div class=\"\(huge)\" data-x='\(huge)'><p>\(Self.sentence)</p></div>")
        let document = HTMLReader().read(html: html, id: "attr.html")
        #expect(document.text.contains(Self.sentence))
        #expect(!document.text.contains("99"))
    }
}

/// A TCP socket listening on 127.0.0.1 (an ephemeral port), to tell whether anything tried to connect.
final class LoopbackListener {
    let descriptor: Int32
    let port: UInt16

    struct Failure: Error {}

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw Failure() }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        descriptor = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Connections made so far (accepted and closed here).
    func pendingConnections() -> Int {
        var count = 0
        while true {
            let client = accept(descriptor, nil, nil)
            if client < 0 { return count }
            count += 1
            Glibc.close(client)
        }
    }

    func close() { Glibc.close(descriptor) }
}

/// Broken JSON lines: each bad line is an error naming the file and the line; the other lines are read.
@Suite struct BadJSONLinesTests {
    @Test(arguments: [
        ("not json", "jsonl.syntax"),
        ("{\"id\":\"x\",\"text\":\"unterminated", "jsonl.syntax"),
        ("[1, 2]", "jsonl.not-object"),
        ("\"a string\"", "jsonl.not-object"),
        ("{\"id\":\"x\"}", "jsonl.no-text"),
        ("{\"id\":\"x\",\"text\":42}", "jsonl.no-text"),
        ("{\"id\":\"x\",\"text\":null}", "jsonl.no-text"),
        ("{\"text\":\"no id\"}", "jsonl.no-id"),
        ("{\"id\":\"\",\"text\":\"empty id\"}", "jsonl.no-id"),
        (String(repeating: "[", count: 100_000), "jsonl.syntax"),
        (String(repeating: "{\"a\":", count: 100_000), "jsonl.syntax"),
    ])
    func aBadLineIsNamedAndTheOthersAreRead(_ line: String, _ code: String) {
        let content = "{\"id\":\"before\",\"text\":\"At least 3 people were killed.\"}\n\(line)\n{\"id\":\"after\",\"text\":\"Two died.\"}\n"
        let (documents, errors) = JSONLinesReader(text: TextReader(), html: HTMLReader())
            .read(bytes: Array(content.utf8), file: "wire.jsonl")
        #expect(documents.map(\.id) == ["before", "after"])
        #expect(errors.map(\.code) == [code], "\(errors)")
        #expect(errors.first?.description.hasPrefix("wire.jsonl:2: ") == true)
    }

    @Test func aLoneSurrogateEscapeBecomesAReplacementCharacter() {
        let content = #"{"id":"x","text":"Kabul \ud800 blast"}"#
        let (documents, errors) = JSONLinesReader(text: TextReader(), html: HTMLReader()).read(bytes: Array(content.utf8), file: "w.jsonl")
        #expect(errors.isEmpty)
        #expect(documents.first?.text == "Kabul \u{FFFD} blast")
    }

    @Test func aLineNotInUTF8IsAnErrorOfItsOwn() {
        let bytes = Array("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"Pe".utf8) + [0xF1]
            + Array("a\"}\r\n{\"id\":\"c\",\"text\":\"y\"}".utf8)
        let (documents, errors) = JSONLinesReader(text: TextReader(), html: HTMLReader()).read(bytes: bytes, file: "w.jsonl")
        #expect(documents.map(\.id) == ["a", "c"])
        #expect(errors.map(\.description) == ["w.jsonl:2: JSON lines must be UTF-8; the line is not"])
    }
}

/// Files that change under the run.
@Suite struct VanishingInputTests {
    @Test func aFileDeletedAfterTheWalkIsAnErrorNamingIt() {
        withTemporaryFolder { folder in
            write("At least 3 people were killed in Quetta.", to: folder + "/a.txt")
            write("At least 4 people were killed in Kabul.", to: folder + "/b.txt")
            let files = InputWalker().walk([folder]).files
            #expect(files.map(\.id) == ["a.txt", "b.txt"])
            try? FileManager.default.removeItem(atPath: folder + "/b.txt")
            let reader = DocumentReader()
            #expect(reader.read(files[0]).documents.count == 1)
            let gone = reader.read(files[1])
            #expect(gone.documents.isEmpty)
            #expect(gone.errors.map(\.description) == ["b.txt: cannot open: No such file or directory"])
        }
    }

    @Test func aFileThatGrowsPastTheLimitWhileReadIsRefused() {
        // /proc files report a size of 0 and then give bytes: the limit holds on what is read, not what stat said.
        let reader = DocumentReader(maxBytes: 16)
        let outcome = reader.read(InputFile(path: "/proc/self/status", id: "status.txt", kind: .txt))
        #expect(outcome.errors.map(\.code) == ["read.too-large"])
    }
}
