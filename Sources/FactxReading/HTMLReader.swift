import FactxModel

/// Reads an HTML article: the declared character set, the title and publication date from the page's metadata,
/// and the main text as paragraphs, without scripts, styles, menus, share bars, sidebars, footers or comment
/// widgets.
public struct HTMLReader: Sendable {
    public var boilerplate: Boilerplate

    public init(boilerplate: Boilerplate = Boilerplate()) {
        self.boilerplate = boilerplate
    }

    public func read(bytes: [UInt8], id: String) throws(DecodingError) -> Document {
        let decoded = try TextDecoding.decode(bytes, declared: HTMLReader.declaredCharset(bytes))
        var document = read(html: decoded.text, id: id)
        document.warnings = decoded.warnings + document.warnings
        return document
    }

    /// Reads an already decoded page (also used for JSON-lines documents with an "html" field).
    public func read(html: String, id: String, reader: String = "html") -> Document {
        let tree = HTMLTree.parse(html)
        var warnings: [Diagnostic] = []
        guard let root = tree.root else {
            warnings.append(.warning("html.empty", "the page has no elements; no text was read"))
            return Document(id: id, text: "", reader: reader, warnings: warnings)
        }
        let metadata = PageMetadata(tree: tree)
        let content = contentRoot(tree, root: root)
        var paragraphs = extractParagraphs(tree, from: content)
        // The headline belongs to the article even where the page keeps it outside the article body.
        let headline = headline(tree, root: root, content: content, title: metadata.title?.text) ?? metadata.title
        if let headline, !paragraphs.contains(where: { $0.isHeading && $0.string == headline.text }) {
            var accumulator = ParagraphAccumulator()
            accumulator.append(headline.text, sourceStart: nil, line: headline.line)
            accumulator.markHeading()
            paragraphs.insert(contentsOf: accumulator.finish(), at: 0)
        }
        if paragraphs.isEmpty {
            warnings.append(.warning("html.no-text", "no article text was found on the page"))
        }
        let (text, map) = ParagraphAccumulator.assemble(paragraphs)
        return Document(
            id: id, title: metadata.title?.text ?? headline?.text, published: metadata.published?.date,
            publishedSource: metadata.published?.source, url: metadata.url, text: text, reader: reader,
            sourceMap: map, warnings: warnings)
    }

    // MARK: Main content

    /// Elements whose whole subtree is never article text.
    static let skippedTags: Set<String> = [
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "select",
        "option", "textarea", "input", "iframe", "object", "embed", "svg", "canvas", "figure", "video", "audio",
        "map", "menu", "dialog", "head", "title", "meta", "link",
    ]
    static let skippedRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "menu", "menubar",
        "search", "form", "toolbar",
    ]
    /// Elements that hold the article rather than decorate it.
    static let structuralTags: Set<String> = ["html", "body", "main", "article"]

    /// Elements that start and end a paragraph.
    static let blockTags: Set<String> = [
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
        "dd", "blockquote", "pre", "table", "tr", "td", "th", "caption", "figcaption", "hr", "address", "details",
        "summary", "body", "center",
    ]

    func isFurniture(_ node: HTMLTree.Node) -> Bool {
        if HTMLReader.skippedTags.contains(node.name) { return true }
        if let role = node.attribute("role")?.lowercased(), HTMLReader.skippedRoles.contains(role) { return true }
        if node.attribute("hidden") != nil || node.attribute("aria-hidden")?.lowercased() == "true" { return true }
        if let style = node.attribute("style")?.lowercased().filter({ $0 != " " }),
           style.contains("display:none") || style.contains("visibility:hidden") {
            return true
        }
        // Class words mark furniture containers, never the article itself: WordPress gives <article> classes
        // such as "tag-bajaur category-analysis" and <body> ones such as "right-sidebar".
        if HTMLReader.structuralTags.contains(node.name) { return false }
        for attribute in ["class", "id"] {
            guard let value = node.attribute(attribute)?.lowercased() else { continue }
            for word in value.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" || $0 == "\t" })
            where boilerplate.containerWords.contains(String(word)) {
                return true
            }
        }
        return false
    }

    /// The element that holds the article: `itemprop=articleBody`, else the `<article>` with the most paragraph
    /// text (when it holds most of the page's), else `<main>`, else the element with the most direct paragraph
    /// text, else `<body>`.
    func contentRoot(_ tree: HTMLTree, root: Int) -> Int {
        let elements = tree.elements(under: root)
        if let body = elements.first(where: { tree.nodes[$0].attribute("itemprop")?.lowercased() == "articlebody" }) {
            return body
        }
        let pageText = paragraphText(tree, under: root)
        let articles = elements.filter { tree.nodes[$0].name == "article" }
        if let best = articles.max(by: { paragraphText(tree, under: $0) < paragraphText(tree, under: $1) }),
           paragraphText(tree, under: best) * 2 >= pageText, pageText > 0 {
            return best
        }
        if let main = elements.first(where: { tree.nodes[$0].name == "main" || tree.nodes[$0].attribute("role") == "main" }),
           paragraphText(tree, under: main) * 2 >= pageText {
            return main
        }
        var best: (index: Int, score: Int)?
        for element in elements {
            let score = tree.nodes[element].children
                .filter { tree.nodes[$0].kind == .element && tree.nodes[$0].name == "p" }
                .reduce(0) { $0 + tree.text(of: $1).count }
            if score > (best?.score ?? 0) { best = (element, score) }
        }
        if let best, best.score * 2 >= pageText { return best.index }
        return elements.first { tree.nodes[$0].name == "body" } ?? root
    }

    /// Length of the text in `<p>` elements below an element, furniture excluded.
    func paragraphText(_ tree: HTMLTree, under index: Int) -> Int {
        var total = 0
        var stack = [index]
        while let current = stack.popLast() {
            let node = tree.nodes[current]
            guard node.kind == .element, !isFurniture(node) else { continue }
            if node.name == "p" { total += tree.text(of: current).count } else { stack.append(contentsOf: node.children) }
        }
        return total
    }

    func extractParagraphs(_ tree: HTMLTree, from start: Int) -> [Paragraph] {
        var accumulator = ParagraphAccumulator()
        // Walk with explicit enter/exit events: (node, entering, inside a link)
        var stack: [(index: Int, entering: Bool, link: Bool)] = [(start, true, false)]
        while let (index, entering, link) = stack.popLast() {
            let node = tree.nodes[index]
            if node.kind == .text {
                accumulator.append(node.text, sourceStart: nil, line: node.line, isLink: link)
                continue
            }
            if !entering {
                if HTMLReader.blockTags.contains(node.name) { accumulator.breakParagraph() }
                continue
            }
            if index != start, isFurniture(node) { continue }
            if node.name == "br" {
                accumulator.breakParagraph()
                continue
            }
            let isBlock = HTMLReader.blockTags.contains(node.name)
            if isBlock { accumulator.breakParagraph() }
            if ["h1", "h2", "h3", "h4", "h5", "h6"].contains(node.name) { accumulator.markHeading() }
            stack.append((index, false, link))
            let inLink = link || node.name == "a"
            for child in node.children.reversed() { stack.append((child, true, inLink)) }
        }
        var result: [Paragraph] = []
        for paragraph in accumulator.finish() {
            if boilerplate.isFurniture(paragraph.string) { continue }
            // A short block made of links only is a menu, a tag list or a "related" teaser.
            if paragraph.linkScalars * 10 >= paragraph.scalars.count * 8, paragraph.wordCount <= 15 { continue }
            if let last = result.last, last.scalars == paragraph.scalars { continue }
            result.append(paragraph)
        }
        return result
    }

    /// The article's headline: an `<h1>` inside the article body, else the `<h1>` that repeats the page's title,
    /// else the first `<h1>` outside the site's own header and other furniture.
    func headline(_ tree: HTMLTree, root: Int, content: Int, title: String?) -> (text: String, line: Int)? {
        var candidates: [(index: Int, inSiteHeader: Bool)] = []
        var stack: [(index: Int, inSiteHeader: Bool, inArticle: Bool)] = [(root, false, false)]
        while let (current, inSiteHeader, inArticle) = stack.popLast() {
            let node = tree.nodes[current]
            guard node.kind == .element else { continue }
            let isHeader = node.name == "header"
            if current != root, isFurniture(node), !isHeader { continue }
            if node.name == "h1" {
                candidates.append((current, inSiteHeader))
                continue
            }
            let article = inArticle || ["article", "main"].contains(node.name) || current == content
            for child in node.children.reversed() {
                stack.append((child, inSiteHeader || (isHeader && !article), article))
            }
        }
        let inContent = Set(tree.elements(under: content))
        func text(_ index: Int) -> String { PageMetadata.clean(tree.text(of: index)) }
        let chosen = candidates.first { inContent.contains($0.index) && !text($0.index).isEmpty }
            ?? candidates.first { title != nil && text($0.index).lowercased() == title?.lowercased() }
            ?? candidates.first { !$0.inSiteHeader && !text($0.index).isEmpty }
        return chosen.map { (text($0.index), tree.nodes[$0.index].line) }
    }

    // MARK: Character set

    /// The character set a page declares in a `<meta>` element within its first 4 KB (the HTML prescan).
    public static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self).lowercased()
        var searchStart = head.startIndex
        while let meta = head.range(of: "<meta", range: searchStart..<head.endIndex) {
            let tagEnd = head[meta.upperBound...].firstIndex(of: ">") ?? head.endIndex
            let tag = head[meta.upperBound..<tagEnd]
            if let charset = tag.range(of: "charset") {
                var rest = tag[charset.upperBound...].drop { $0 == " " }
                if rest.first == "=" {
                    rest = rest.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
                    let value = rest.prefix { !" \"';/>".contains($0) }
                    if !value.isEmpty { return String(value) }
                }
            }
            searchStart = tagEnd
        }
        return nil
    }
}
