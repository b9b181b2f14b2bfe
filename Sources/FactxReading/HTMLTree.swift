import CLibXML2

/// An HTML page parsed by libxml2 and copied into plain Swift values, so that no libxml2 pointer outlives the
/// parse and the tree can cross tasks.
///
/// The tree is flat: nodes live in one array in document order, each element listing its children's indices.
public struct HTMLTree: Sendable {
    public struct Node: Sendable {
        public enum Kind: Sendable { case element, text }
        public var kind: Kind
        /// Lower-case tag name for elements.
        public var name: String
        public var attributes: [(name: String, value: String)]
        /// Text content for text nodes.
        public var text: String
        /// 1-based source line.
        public var line: Int
        public var children: [Int]

        public func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }
    }

    public var nodes: [Node]
    /// Index of the root element, if the page has one.
    public var root: Int?

    /// Parses an HTML page given as text (already decoded; libxml2 is told it is UTF-8, so a stale
    /// `<meta charset>` cannot make it decode again). Network access and external entities are off.
    public static func parse(_ html: String) -> HTMLTree {
        LibXML2.ensureInitialized()
        var utf8 = HTMLTree.droppingCDATA(Array(html.utf8))
        if utf8.isEmpty { return HTMLTree(nodes: [], root: nil) }
        let options = Int32(bitPattern: HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_COMPACT.rawValue)
        let parsed: htmlDocPtr? = utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                htmlReadMemory(pointer, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document = parsed else { return HTMLTree(nodes: [], root: nil) }
        defer { xmlFreeDoc(document) }
        guard let rootElement = xmlDocGetRootElement(document) else { return HTMLTree(nodes: [], root: nil) }
        return HTMLTree(copying: rootElement)
    }

    /// HTML has no CDATA sections outside SVG and MathML: a browser reads `<![CDATA[` as the start of a comment that
    /// ends at the next `>`, and shows none of it. libxml2's HTML parser keeps it as text instead, which would put a
    /// hidden block of text into the article. The comment is cut out here, its line breaks kept (lines of later nodes
    /// stay right).
    static func droppingCDATA(_ bytes: [UInt8]) -> [UInt8] {
        let opening = Array("<![CDATA[".utf8)
        guard let first = firstIndex(of: opening, in: bytes, from: 0) else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        output.append(contentsOf: bytes[..<first])
        var index = first
        while index < bytes.count {
            guard let start = firstIndex(of: opening, in: bytes, from: index) else {
                output.append(contentsOf: bytes[index...])
                break
            }
            output.append(contentsOf: bytes[index..<start])
            let end = bytes[(start + opening.count)...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.count - 1
            output.append(contentsOf: bytes[start...end].filter { $0 == 0x0A })
            index = end + 1
        }
        return output
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            guard let next = bytes[index...(bytes.count - needle.count)].firstIndex(of: needle[0]) else { return nil }
            if bytes[next..<(next + needle.count)].elementsEqual(needle) { return next }
            index = next + 1
        }
        return nil
    }

    init(nodes: [Node], root: Int?) {
        self.nodes = nodes
        self.root = root
    }

    /// Copies the libxml2 tree below `rootElement`, iteratively (pages can nest deeper than the stack).
    private init(copying rootElement: xmlNodePtr) {
        var nodes: [Node] = []
        // (libxml2 node, index of the parent in `nodes`)
        var stack: [(xmlNodePtr, Int?)] = [(rootElement, nil)]
        while let (pointer, parent) = stack.popLast() {
            let node = pointer.pointee
            var copied: Node?
            switch node.type {
            case XML_ELEMENT_NODE:
                copied = Node(
                    kind: .element, name: HTMLTree.string(node.name).lowercased(),
                    attributes: HTMLTree.attributes(of: pointer), text: "", line: Int(xmlGetLineNo(pointer)),
                    children: [])
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                copied = Node(
                    kind: .text, name: "", attributes: [], text: HTMLTree.string(node.content),
                    line: Int(xmlGetLineNo(pointer)), children: [])
            default:
                copied = nil  // comments, processing instructions, DTD nodes: never text
            }
            guard let copied else { continue }
            let index = nodes.count
            nodes.append(copied)
            if let parent { nodes[parent].children.append(index) }
            if copied.kind == .element {
                // Push children in reverse so they pop in document order.
                var children: [xmlNodePtr] = []
                var child = node.children
                while let current = child {
                    children.append(current)
                    child = current.pointee.next
                }
                for child in children.reversed() { stack.append((child, index)) }
            }
        }
        self.init(nodes: nodes, root: nodes.isEmpty ? nil : 0)
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func string(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func attributes(of element: xmlNodePtr) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var attribute = element.pointee.properties
        while let current = attribute {
            let name = string(current.pointee.name).lowercased()
            var value = ""
            if let content = xmlNodeListGetString(element.pointee.doc, current.pointee.children, 1) {
                value = String(cString: content)
                factx_xml_free(content)
            }
            result.append((name, value))
            attribute = current.pointee.next
        }
        return result
    }

    // MARK: Walking

    /// The text of a node and its descendants, in document order.
    public func text(of index: Int) -> String {
        var output = ""
        var stack = [index]
        while let current = stack.popLast() {
            let node = nodes[current]
            if node.kind == .text { output += node.text } else { stack.append(contentsOf: node.children.reversed()) }
        }
        return output
    }

    /// Indices of every element below `index` (itself included) in document order.
    public func elements(under index: Int) -> [Int] {
        var result: [Int] = []
        var stack = [index]
        while let current = stack.popLast() {
            guard nodes[current].kind == .element else { continue }
            result.append(current)
            stack.append(contentsOf: nodes[current].children.reversed())
        }
        return result
    }

    /// All elements named `name`, in document order.
    public func elements(named name: String) -> [Int] {
        guard let root else { return [] }
        return elements(under: root).filter { nodes[$0].name == name }
    }
}

/// libxml2's process-wide set-up, done once.
enum LibXML2 {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }
}
