/// The tables of `factx.sqlite` (docs/sqlite.md). Version 1; a change of schema bumps `version` and is written
/// down in docs/sqlite.md.
enum Schema {
    /// Kept in `PRAGMA user_version`.
    static let version = 2
    /// `PRAGMA application_id`: "fctx", so that `file` and other tools can tell a factx database.
    static let applicationID: Int32 = 0x6663_7478

    static let statements = [
        """
        CREATE TABLE documents (
            doc TEXT PRIMARY KEY NOT NULL,
            title TEXT,
            published TEXT,
            url TEXT,
            reader TEXT NOT NULL,
            chars INTEGER NOT NULL,
            reference_date TEXT,
            reference_source TEXT,
            warnings TEXT NOT NULL DEFAULT '[]',
            digest TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE groups (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE places (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            country TEXT,
            admin1 TEXT,
            admin2 TEXT,
            lat REAL,
            lon REAL
        )
        """,
        """
        CREATE TABLE facts (
            id INTEGER PRIMARY KEY,
            doc TEXT NOT NULL REFERENCES documents(doc) ON DELETE CASCADE,
            type TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            rule TEXT NOT NULL,
            sentence INTEGER NOT NULL,
            value TEXT NOT NULL,
            timex TEXT,
            date_start TEXT,
            date_end TEXT,
            granularity TEXT,
            mod TEXT,
            status TEXT,
            min INTEGER,
            max INTEGER,
            qualifier TEXT,
            who TEXT,
            group_id TEXT REFERENCES groups(id),
            place_id TEXT REFERENCES places(id)
        )
        """,
        "CREATE INDEX facts_by_doc ON facts(doc, start)",
        "CREATE INDEX facts_by_type ON facts(type, date_start)",
        "CREATE INDEX facts_by_rule ON facts(rule)",
        "CREATE INDEX facts_by_group ON facts(group_id)",
        "CREATE INDEX facts_by_place ON facts(place_id)",
        """
        CREATE TABLE events (
            doc TEXT NOT NULL REFERENCES documents(doc) ON DELETE CASCADE,
            id TEXT NOT NULL,
            date_timex TEXT,
            date_start TEXT,
            date_end TEXT,
            date_granularity TEXT,
            date_mod TEXT,
            place_id TEXT REFERENCES places(id),
            perpetrator_id TEXT REFERENCES groups(id),
            attribution TEXT,
            killed_min INTEGER,
            killed_max INTEGER,
            killed_qualifier TEXT,
            injured_min INTEGER,
            injured_max INTEGER,
            injured_qualifier TEXT,
            target TEXT,
            evidence TEXT NOT NULL DEFAULT '[]',
            target_type TEXT,
            attack_type TEXT,
            confidence REAL,
            attackers_killed_min INTEGER,
            attackers_killed_max INTEGER,
            attackers_injured_min INTEGER,
            attackers_injured_max INTEGER,
            PRIMARY KEY (doc, id)
        )
        """,
        "CREATE INDEX events_by_date ON events(date_start)",
        "CREATE INDEX events_by_place ON events(place_id)",
        "CREATE INDEX events_by_perpetrator ON events(perpetrator_id)",
        "CREATE INDEX places_by_admin ON places(country, admin1, admin2)",
    ]
}
