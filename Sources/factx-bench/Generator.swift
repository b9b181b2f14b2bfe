import Foundation

/// SplitMix64: a small, fast generator whose sequence is fixed by its seed on every platform (Swift's own random
/// generators are not reproducible), so a corpus is the same bytes wherever it is generated.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double(next() % 1_000_000) / 1_000_000 < probability
    }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// A deterministic generator of news articles about political violence, as a crawl would deliver them: HTML pages
/// with their furniture (metadata, inline scripts and styles, menus, share bars, related links, comments, footers)
/// and plain-text files, 2–9 KB of article text each, laid out by site and month as a crawler stores them
/// (`site-07/2023/05/000123.html`). The same seed and count give the same bytes.
struct CorpusGenerator {
    var seed: UInt64
    /// Share of documents written as HTML (the rest as text).
    var htmlShare = 0.6

    static let places: [(name: String, country: String)] = [
        ("Quetta", "Pakistan"), ("Peshawar", "Pakistan"), ("Bajaur", "Pakistan"), ("Khyber Pakhtunkhwa", "Pakistan"),
        ("Balochistan", "Pakistan"), ("Karachi", "Pakistan"), ("Lahore", "Pakistan"), ("Mastung", "Pakistan"),
        ("North Waziristan", "Pakistan"), ("Bannu", "Pakistan"), ("Swat", "Pakistan"), ("Islamabad", "Pakistan"),
        ("Kabul", "Afghanistan"), ("Jalalabad", "Afghanistan"), ("Nangarhar", "Afghanistan"), ("Kunar", "Afghanistan"),
        ("Kandahar", "Afghanistan"), ("Herat", "Afghanistan"), ("Mosul", "Iraq"), ("Baghdad", "Iraq"),
        ("Kirkuk", "Iraq"), ("Maiduguri", "Nigeria"), ("Borno", "Nigeria"), ("Mogadishu", "Somalia"),
        ("Cabo Delgado", "Mozambique"), ("Tillaberi", "Niger"), ("Gao", "Mali"), ("Idlib", "Syria"),
    ]
    static let groups = [
        "ISKP", "the Islamic State Khorasan Province", "ISIS-K", "the TTP", "Tehreek-e-Taliban Pakistan",
        "the Pakistani Taliban", "the Taliban", "Islamic State", "ISIS", "al-Shabaab", "Boko Haram", "ISWAP",
        "Lashkar-e-Jhangvi", "the Balochistan Liberation Army", "Jamaat Nusrat al-Islam wal-Muslimin",
    ]
    static let victims = [
        "people", "civilians", "soldiers", "police officers", "worshippers", "students", "militants", "passengers",
        "security personnel", "members of a peace committee", "shoppers", "party workers", "policemen",
    ]
    static let attacks = [
        "suicide bombing", "roadside bomb", "gun attack", "rocket attack", "ambush", "car bomb", "grenade attack",
        "raid on a checkpoint", "attack on a convoy", "blast at a mosque", "attack on a market",
    ]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    static let numberWords = [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen",
        "twenty", "dozens of", "at least 14", "more than 30", "nearly 50", "some 22", "up to 70",
    ]
    static let filler = [
        "Officials said an investigation had been opened and that the area had been cordoned off.",
        "The provincial government announced compensation for the families of the victims.",
        "Analysts have long warned that the security situation in the region is deteriorating.",
        "The prime minister condemned the attack and vowed that those responsible would be brought to justice.",
        "Local residents described scenes of panic as ambulances rushed the wounded to nearby hospitals.",
        "Markets and schools in the district remained closed the following day.",
        "The attack came days after talks between the government and tribal elders broke down.",
        "Human rights groups called for an independent inquiry into the security lapses.",
        "A spokesman for the interior ministry said security had been tightened at public places.",
        "The country has been struggling with an economic crisis, rising inflation and political uncertainty.",
        "Opposition leaders accused the government of failing to protect ordinary citizens.",
        "Doctors at the main hospital said several of the injured were in critical condition.",
        "The United Nations mission issued a statement expressing deep concern.",
        "Security forces launched a search operation in the surrounding villages.",
        "Television footage showed damaged vehicles and debris scattered across the road.",
        "Experts say the group has exploited porous borders and local grievances to recruit fighters.",
        "The region has a long history of insurgency, and previous military operations displaced thousands.",
        "Witnesses said the explosion could be heard several kilometres away.",
        "Mobile phone services were suspended in parts of the city as a precaution.",
        "Funeral prayers were held on Monday amid heavy security.",
    ]

    static func indefinite(_ noun: String) -> String {
        ("aeiou".contains(noun.prefix(1)) ? "an " : "a ") + noun
    }

    struct Article {
        var title: String
        var published: (year: Int, month: Int, day: Int)
        var paragraphs: [String]
        var site: Int
    }

    func article(_ index: Int) -> Article {
        var random = SeededRandom(seed: seed &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
        let year = random.int(2015...2024)
        let month = random.int(1...12)
        let day = random.int(1...28)
        let place = random.pick(Self.places)
        let group = random.pick(Self.groups)
        let attack = random.pick(Self.attacks)
        let killed = random.int(2...90)
        let title = random.pick([
            "\(killed) killed in \(attack) in \(place.name)",
            "\(group.prefix(1).uppercased() + group.dropFirst()) claims deadly \(attack) in \(place.name)",
            "Death toll rises after \(attack) in \(place.name), \(place.country)",
            "\(place.name): \(attack) leaves dozens dead",
        ])
        var paragraphs: [String] = []
        let dateline = "\(place.name.uppercased()), \(place.country) —"
        paragraphs.append(
            "\(dateline) At least \(killed) \(random.pick(Self.victims)) were killed and \(random.int(3...150)) injured "
                + "in \(Self.indefinite(attack)) in \(place.name) on \(Self.months[month - 1]) \(day), \(year), officials said.")
        let target = random.int(1_800...8_500)
        var length = paragraphs[0].utf8.count
        while length < target {
            let paragraph: String
            switch random.int(0...9) {
            case 0...1:
                let other = random.pick(Self.places)
                let count = random.pick(Self.numberWords)
                paragraph = "\(count.prefix(1).uppercased() + count.dropFirst()) "
                    + "\(random.pick(Self.victims)) were \(random.pick(["killed", "wounded", "injured", "abducted", "arrested"])) "
                    + "in \(other.name) in \(random.pick(Self.months)) \(random.int(2010...2024)) in a similar \(random.pick(Self.attacks))."
            case 2:
                let claimant = random.pick(Self.groups)
                paragraph = "\(claimant.prefix(1).uppercased() + claimant.dropFirst()) claimed "
                    + "responsibility for the attack in a statement, the \(random.pick(["third", "fifth", "latest", "second"])) "
                    + "such claim since \(random.pick(Self.months)) \(random.int(2014...2023))."
            case 3:
                paragraph = "According to data compiled by a research institute, there were \(random.int(20...400)) attacks "
                    + "in \(random.pick(Self.places).name) in \(random.int(2012...2023)), up from \(random.int(10...200)) a year earlier, "
                    + "with \(random.int(50...2_000)) people killed."
            case 4:
                paragraph = "“We heard a huge blast and then gunfire,” said \(random.pick(["Ahmed", "Gul", "Fatima", "Ibrahim", "Noor", "Abdul"])) "
                    + "\(random.pick(["Khan", "Shah", "Baloch", "Yusufzai", "Rahimi", "Ali"])), a shopkeeper. “Within minutes the street was full of smoke.”"
            case 5:
                paragraph = "Last week, \(random.int(2...12)) members of \(random.pick(Self.groups)) were killed in an operation near "
                    + "\(random.pick(Self.places).name), the military’s media wing said on \(random.pick(["Monday", "Tuesday", "Friday", "Sunday"]))."
            default:
                paragraph = (0..<random.int(1...3)).map { _ in random.pick(Self.filler) }.joined(separator: " ")
            }
            paragraphs.append(paragraph)
            length += paragraph.utf8.count + 2
        }
        return Article(title: title, published: (year, month, day), paragraphs: paragraphs, site: index % 12)
    }

    /// The relative path and bytes of document `index`.
    func document(_ index: Int) -> (path: String, bytes: [UInt8]) {
        let article = self.article(index)
        var random = SeededRandom(seed: seed ^ UInt64(index) &* 0x9E37_79B9)
        let html = random.chance(htmlShare)
        let folder = String(format: "site-%02d/%04d/%02d", article.site, article.published.year, article.published.month)
        let name = String(format: "%06d.%@", index, html ? "html" : "txt")
        let text = html ? page(article, random: &random) : plain(article)
        return (folder + "/" + name, Array(text.utf8))
    }

    func plain(_ article: Article) -> String {
        ([article.title] + article.paragraphs).joined(separator: "\n\n") + "\n"
    }

    func page(_ article: Article, random: inout SeededRandom) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: "’", with: "&#8217;")
        }
        let date = String(format: "%04d-%02d-%02d", article.published.year, article.published.month, article.published.day)
        let site = "The Frontier Chronicle \(article.site)"
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(article.title)) | \(site)</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta property="og:title" content="\(escape(article.title))"><meta property="og:type" content="article">
            <meta property="article:published_time" content="\(date)T0\(random.int(0...9)):15:00+05:00">
            <link rel="canonical" href="https://news\(article.site).example/\(date)/story"><link rel="stylesheet" href="/main.css">
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"\(escape(article.title))","datePublished":"\(date)"}</script>
            <style>
            """
        for rule in 0..<random.int(80...200) {
            html += ".c\(rule){margin:0 \(rule % 7)px;padding:\(rule % 5)px;font:14px/1.4 Georgia,serif;color:#3\(rule % 10)3}\n"
        }
        html += "</style>\n<script>\n"
        for line in 0..<random.int(60...250) {
            html += "window.dataLayer=window.dataLayer||[];dataLayer.push({event:'view',slot:\(line),section:'world'});\n"
        }
        html += "</script></head>\n<body class=\"article-page\">\n<header class=\"site-header\"><a href=\"/\">\(site)</a>\n<nav class=\"main-menu\"><ul>"
        for section in ["Home", "Pakistan", "World", "Business", "Sport", "Opinion", "Culture", "Science", "Video", "Podcasts",
                        "Newsletters", "Subscribe", "Log in"] {
            html += "<li><a href=\"/\(section.lowercased())\">\(section)</a></li>"
        }
        html += "</ul></nav></header>\n<main><article class=\"story\">\n<h1>\(escape(article.title))</h1>\n"
        html += "<p class=\"byline\">By \(random.pick(["Staff Reporter", "Our Correspondent", "News Desk"])) · <time datetime=\"\(date)\">\(date)</time></p>\n"
        html += "<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Share on X</a> <a href=\"#\">Email</a></div>\n"
        html += "<div class=\"story-body\">\n"
        for (number, paragraph) in article.paragraphs.enumerated() {
            html += "<p>\(escape(paragraph))</p>\n"
            if number == 2 {
                html += "<figure><img src=\"/img/\(number).jpg\" alt=\"\"><figcaption>Rescue workers at the site.</figcaption></figure>\n"
                html += "<div class=\"ad-slot\"><script>loadAd('mid')</script></div>\n"
            }
        }
        html += "</div>\n</article>\n<aside class=\"related\"><h2>Related stories</h2><ul>"
        for _ in 0..<random.int(4...8) {
            html += "<li><a href=\"/story\">\(random.pick(Self.places).name): \(random.pick(Self.attacks)) kills \(random.int(2...40))</a></li>"
        }
        html += "</ul></aside>\n<section class=\"comments\"><h2>Comments (\(random.int(0...200)))</h2>"
        for _ in 0..<random.int(0...6) {
            html += "<div class=\"comment\"><span class=\"author\">reader\(random.int(1...999))</span><p>\(random.pick(Self.filler))</p></div>"
        }
        html += "</section></main>\n<footer class=\"site-footer\"><p>© \(article.published.year) \(site). All rights reserved.</p>"
        html += "<a href=\"/privacy\">Privacy</a> <a href=\"/terms\">Terms</a> <a href=\"/contact\">Contact us</a></footer>\n</body></html>\n"
        return html
    }
}
