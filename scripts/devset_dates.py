#!/usr/bin/env python3
"""Scores factx's date facts on the Wikipedia incident devset (real prose factx was not written against).

Usage: scripts/devset_dates.py [DEVSET_FOLDER] [--sample N]

The devset's gold gives each description's date as listed in Wikipedia's table ("January 13 1970"); the texts
have no publication date. This script finds, with its own plain patterns (not factx's rules), where a text writes
the listed date or a part of it, runs factx twice and reports how often the tagger gives a fact there with the
right value:

1. without a reference date: a full date must give YYYY-MM-DD; a month and day without a year XXXX-MM-DD; a
   month and year YYYY-MM; a year YYYY (any mod), or a date of that year it is part of;
2. with the listed date as each description's publication date (as if reported that day): a weekday ("on
   Friday") must resolve to the listed date when the listed date is that weekday, "today" to the listed date,
   "yesterday" to the day before.

It also counts every date fact by rule and prints a random sample of facts with their context, to read for false
positives. The factx binary is $FACTX, else .build/release/factx, else .build/debug/factx.
"""
import calendar, collections, datetime, json, os, random, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = [a for i, a in enumerate(sys.argv[1:], 1) if not a.startswith("--") and sys.argv[i - 1] != "--sample"]
folder = args[0] if args else os.path.join(ROOT, "..", "shared", "devsets", "wikipedia-incidents")
sample_size = int(sys.argv[sys.argv.index("--sample") + 1]) if "--sample" in sys.argv else 60
binary = os.environ.get("FACTX") or next(
    (p for p in (os.path.join(ROOT, ".build", c, "factx") for c in ("release", "debug")) if os.access(p, os.X_OK)), None)
if not binary:
    sys.exit("devset_dates: no factx binary: build it or set FACTX")

docs = [json.loads(line) for line in open(os.path.join(folder, "docs.jsonl"))]
gold = {g["doc"]: g for g in (json.loads(line) for line in open(os.path.join(folder, "gold.jsonl")))}
MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}


def listed(doc_id):
    text = (gold.get(doc_id) or {}).get("date_as_listed") or ""
    m = re.fullmatch(r"(\w+) (\d{1,2}) (\d{4})", text.strip())
    if not m or m.group(1) not in MONTHS:
        return None
    try:
        return datetime.date(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
    except ValueError:
        return None


def read_texts():
    """The texts as factx reads them (whitespace normalised): offsets of facts point into these."""
    output = subprocess.run([binary, "read", os.path.join(folder, "docs.jsonl")], check=True, capture_output=True, text=True)
    return {d["doc"]: d["text"] for d in map(json.loads, output.stdout.splitlines())}


def run(documents):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "docs.jsonl")
        with open(path, "w") as out:
            for d in documents:
                out.write(json.dumps(d) + "\n")
        subprocess.run([binary, "extract", path, "--out", os.path.join(tmp, "out"), "-q"], check=True)
        facts = collections.defaultdict(list)
        for line in open(os.path.join(tmp, "out", "facts.jsonl")):
            f = json.loads(line)
            if f["type"] == "date":
                facts[f["doc"]].append(f)
        return facts


def occurrences(text, date):
    """Where the text writes the listed date or a part of it: (kind, start, end), longest forms first."""
    month = calendar.month_name[date.month]
    abbr = calendar.month_abbr[date.month]
    sept = r"|Sept\.?" if date.month == 9 else ""
    mon = rf"(?:{month}|{abbr}\.?{sept})"
    day = rf"0?{date.day}(?:st|nd|rd|th)?"
    year = str(date.year)
    found, taken = [], []
    patterns = [
        ("full", rf"\b{mon}\s+{day},?\s+{year}\b|\b{day}(?:\s+of)?\s+{mon},?\s+{year}\b"),
        ("month-day", rf"\b{mon}\s+{day}\b(?!,?\s*\d)|\b{day}(?:\s+of)?\s+{mon}\b(?!,?\s*\d)"),
        ("month-year", rf"(?<![0-9]\s)(?<![0-9](?:st|nd|rd|th)\s)\b{mon}(?:\s+of)?,?\s+{year}\b"),
        ("year", rf"(?<![\d,.$/-]){year}(?![\d,]|s\b)"),
    ]
    for kind, pattern in patterns:
        for m in re.finditer(pattern, text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((kind, m.start(), m.end()))
    return found


def expected_timex(kind, date):
    return {"full": date.isoformat(), "month-day": f"XXXX-{date.month:02}-{date.day:02}",
            "month-year": f"{date.year}-{date.month:02}", "year": str(date.year)}[kind]


# 1. Without a reference date.
texts = read_texts()
for d in docs:
    d["text"] = texts[d["id"]]
facts = run([{"id": d["id"], "text": d["text"]} for d in docs])
tally = collections.Counter()
misses = collections.defaultdict(list)
docs_with, docs_right = 0, 0
for d in docs:
    date = listed(d["id"])
    if not date:
        continue
    occ = occurrences(d["text"], date)
    if occ:
        docs_with += 1
    doc_right = False
    for kind, start, end in occ:
        tally[kind, "total"] += 1
        want = expected_timex(kind, date)
        hit = [f for f in facts[d["id"]] if f["start"] < end and start < f["end"]]
        if hit:
            tally[kind, "found"] += 1
        # A year is right when the fact fixes that year: "2019", "late 2019", "December 1974", "March 24, 1976".
        if any(f["value"]["timex"] == want or (kind == "year" and (f["value"]["timex"] or "").startswith(want + "-"))
               for f in hit):
            tally[kind, "right"] += 1
            doc_right = True
        else:
            misses[kind].append((d["id"], d["text"][max(0, start - 50):end + 30].replace("\n", " "),
                                 [(f["text"], f["value"]["timex"]) for f in hit]))
    docs_right += doc_right

print(f"devset: {len(docs)} descriptions, {sum(1 for d in docs if listed(d['id']))} with a listed day")
print(f"descriptions writing the listed date or a part of it: {docs_with}; with a fact of the right value there: "
      f"{docs_right} ({docs_right / max(docs_with, 1):.1%})")
print("by form (no reference date)       written   found (span)   right value")
all_total = all_right = 0
for kind in ("full", "month-day", "month-year", "year"):
    total, found, right = tally[kind, "total"], tally[kind, "found"], tally[kind, "right"]
    all_total += total
    all_right += right
    print(f"  {kind:<12} {total:>24} {found:>8} ({found / max(total, 1):.1%}) {right:>6} ({right / max(total, 1):.1%})")
print(f"  {'all':<12} {all_total:>24} {'':>17} {all_right:>6} ({all_right / max(all_total, 1):.1%})")
for kind in ("full", "month-day", "month-year", "year"):
    for doc_id, context, hit in misses[kind][:4]:
        print(f"    miss {kind:<10} {doc_id}: …{context}… → {hit}")

# 2. With the listed date as publication date.
published = [{"id": d["id"], "text": d["text"], "published": listed(d["id"]).isoformat()} for d in docs if listed(d["id"])]
facts_ref = run(published)
checks = collections.Counter()
for d in published:
    date = datetime.date.fromisoformat(d["published"])
    for f in facts_ref[d["id"]]:
        text = f["text"].lower()
        timex = f["value"]["timex"]
        if f["rule"] == "date.weekday" and re.fullmatch(r"\w+day(?: (?:morning|afternoon|evening|night))?", text):
            if calendar.day_name[date.weekday()].lower() == text.split()[0]:
                checks["weekday", "total"] += 1
                checks["weekday", "right"] += timex == date.isoformat()
        elif text in ("today", "tonight"):
            checks["today", "total"] += 1
            checks["today", "right"] += timex == date.isoformat()
        elif text.startswith("yesterday"):
            checks["yesterday", "total"] += 1
            checks["yesterday", "right"] += timex == (date - datetime.timedelta(days=1)).isoformat()
print("with the listed date as the reference date      facts   right value")
for kind in ("weekday", "today", "yesterday"):
    total, right = checks[kind, "total"], checks[kind, "right"]
    print(f"  {kind:<10} (listed date is that day) {total:>18} {right:>6} ({right / max(total, 1):.1%})")

# 3. Every fact by rule, and a sample to read for false positives.
by_rule = collections.Counter(f["rule"] for fs in facts.values() for f in fs)
print(f"date facts: {sum(by_rule.values())} in {sum(1 for fs in facts.values() if fs)} descriptions")
for rule, count in by_rule.most_common():
    print(f"  {count:>5}  {rule}")
everything = [(doc, f) for doc, fs in sorted(facts.items()) for f in fs]
random.seed(7)
print(f"sample of {sample_size} facts (read for false positives):")
for doc, f in random.sample(everything, min(sample_size, len(everything))):
    t = texts[doc]
    print(f"  {f['value']['timex']!s:<12} {f['rule']:<32} …{t[max(0, f['start'] - 45):f['start']]}[{f['text']}]"
          f"{t[f['end']:f['end'] + 25]}…".replace("\n", " "))
