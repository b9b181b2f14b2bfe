import FactxModel

/// What a page says about itself: title, publication date (and where it was found), canonical URL.
struct PageMetadata {
    var title: (text: String, line: Int)?
    var published: (date: CalendarDate, source: String)?
    var url: String?

    init(tree: HTMLTree) {
        var metas: [(key: String, content: String)] = []
        for index in tree.elements(named: "meta") {
            let node = tree.nodes[index]
            guard let content = node.attribute("content") else { continue }
            for attribute in ["property", "name", "itemprop", "http-equiv"] {
                if let key = node.attribute(attribute) { metas.append((key.lowercased(), content)) }
            }
        }
        func meta(_ keys: [String]) -> (value: String, key: String)? {
            for key in keys {
                if let found = metas.first(where: { $0.key == key }), !PageMetadata.clean(found.content).isEmpty {
                    return (found.content, key)
                }
            }
            return nil
        }

        // Title: og:title, then <title> without its site name, then (by the reader) the first <h1>.
        if let (value, _) = meta(["og:title", "twitter:title"]) {
            title = (PageMetadata.clean(value), 1)
        } else if let index = tree.elements(named: "title").first {
            let siteName = meta(["og:site_name", "application-name"])?.value
            title = (PageMetadata.stripSiteName(PageMetadata.clean(tree.text(of: index)), siteName: siteName),
                     tree.nodes[index].line)
            if title?.text.isEmpty == true { title = nil }
        }

        url = meta(["og:url"])?.value
            ?? tree.elements(named: "link").first { tree.nodes[$0].attribute("rel")?.lowercased() == "canonical" }
                .flatMap { tree.nodes[$0].attribute("href") }

        // Publication date, most explicit source first.
        if let (value, key) = meta(["article:published_time", "og:published_time"]),
           let date = PageMetadata.parseDate(value) {
            published = (date, "meta:\(key)")
        } else if let date = PageMetadata.jsonLDDate(tree) {
            published = (date, "json-ld:datePublished")
        } else if let (date, source) = PageMetadata.timeElementDate(tree) {
            published = (date, source)
        } else if let (value, key) = meta([
            "datepublished", "date", "pubdate", "publishdate", "publish-date", "publication_date", "dc.date",
            "dc.date.issued", "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date",
            "article.published", "cxenseparse:recs:publishtime", "last-modified",
        ]), let date = PageMetadata.parseDate(value) {
            published = (date, "meta:\(key)")
        }
    }

    /// Collapses whitespace.
    static func clean(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// "Headline | Site" → "Headline".
    static func stripSiteName(_ title: String, siteName: String?) -> String {
        for separator in [" | ", " – ", " — ", " - ", " :: ", " · "] {
            let parts = title.components(separatedBy: separator)
            guard parts.count > 1 else { continue }
            if let siteName, let last = parts.last, clean(last).lowercased() == clean(siteName).lowercased() {
                return parts.dropLast().joined(separator: separator)
            }
            if siteName == nil || separator == " | " {
                // Without a site name to check against, the longest part is the headline.
                return parts.max { $0.count < $1.count } ?? title
            }
        }
        return title
    }

    static func jsonLDDate(_ tree: HTMLTree) -> CalendarDate? {
        for index in tree.elements(named: "script") where tree.nodes[index].attribute("type")?.lowercased()
            .contains("ld+json") == true {
            guard let json = try? JSONValue.parse(tree.text(of: index)) else { continue }
            var queue = [json]
            while !queue.isEmpty {
                let value = queue.removeFirst()
                switch value {
                case .object(let members):
                    if let date = members.first(where: { $0.key == "datePublished" })?.value.stringValue,
                       let parsed = parseDate(date) {
                        return parsed
                    }
                    queue.append(contentsOf: members.map(\.value))
                case .array(let values): queue.append(contentsOf: values)
                default: break
                }
            }
        }
        return nil
    }

    /// A `<time datetime>` marked as the publication time, else the first one outside furniture-free guesses.
    static func timeElementDate(_ tree: HTMLTree) -> (CalendarDate, String)? {
        let times = tree.elements(named: "time").filter { tree.nodes[$0].attribute("datetime") != nil }
        func marked(_ index: Int) -> Bool {
            let node = tree.nodes[index]
            let hints = [node.attribute("itemprop"), node.attribute("class"), node.attribute("pubdate").map { _ in "pubdate" }]
                .compactMap { $0?.lowercased() }
            return hints.contains { $0.contains("datepublished") || $0.contains("published") || $0.contains("pubdate")
                || $0.contains("entry-date") }
        }
        for index in times.filter(marked) + times {
            if let date = parseDate(tree.nodes[index].attribute("datetime") ?? "") {
                return (date, "time:datetime")
            }
        }
        return nil
    }

    static let monthNames = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
        "nov": 11, "dec": 12,
    ]

    /// Parses the date forms pages use in metadata: ISO 8601 (the date part, as written), `YYYY/MM/DD`,
    /// `YYYYMMDD`, RFC 2822 ("Mon, 07 Aug 2023 …") and "August 7, 2023" / "7 August 2023".
    static func parseDate(_ raw: String) -> CalendarDate? {
        let text = clean(raw)
        if let date = CalendarDate(iso: text) { return date }
        let digits = text.filter(\.isNumber)
        if text.count == 8, digits.count == 8, let value = Int(digits) {
            let date = CalendarDate(year: value / 10000, month: value / 100 % 100, day: value % 100)
            return CalendarDate.isValid(year: date.year, month: date.month, day: date.day) ? date : nil
        }
        let parts = text.lowercased().split(whereSeparator: { " ,/.-T".contains($0) }).map(String.init)
        if parts.count >= 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
           let day = Int(parts[2]), CalendarDate.isValid(year: year, month: month, day: day) {
            return CalendarDate(year: year, month: month, day: day)
        }
        // Named month anywhere, with a day and a four-digit year around it.
        var month: Int?
        var numbers: [Int] = []
        for part in parts {
            if month == nil, part.count >= 3, let value = monthNames[String(part.prefix(3))] {
                month = value
            } else if let value = Int(part.filter(\.isNumber)), !part.contains(":") {
                numbers.append(value)
            }
        }
        guard let month, let year = numbers.first(where: { $0 >= 1000 }),
              let day = numbers.first(where: { $0 >= 1 && $0 <= 31 }),
              CalendarDate.isValid(year: year, month: month, day: day) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}
