#!/usr/bin/env python3
"""The Python peer of factx: the pipeline a user would assemble from PyPI instead, run over the same corpus.

  reading:  trafilatura.extract for HTML (the article text without page furniture), UTF-8 decoding for text
  dates:    dateparser.search.search_dates over the text
  names:    a spaCy EntityRuler (spacy.blank("en"), no model download) holding factx's own gazetteer names and
            group aliases, matched case-insensitively
  counts:   one regular expression for casualty counts ("at least 12 people were killed")

Each document's findings are written as one JSON line, so that the peer does what factx does: read, find, write.
Prints one JSON object: documents, bytes, seconds, max_rss_kb. --stage read stops after reading.
"""
import argparse
import json
import os
import re
import resource
import sys
import time
from multiprocessing import Pool

NUMBER = r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|dozens of|scores of|hundreds of)"
QUALIFIER = r"(?:at least|more than|over|nearly|about|around|some|up to|as many as)\s+"
COUNT = re.compile(
    rf"\b(?:{QUALIFIER})?{NUMBER}\s+(?:[A-Za-z-]+\s+){{0,4}}?(?:were|was|have been|had been|are)?\s*"
    r"(killed|dead|died|injured|wounded|abducted|kidnapped|arrested|missing)\b",
    re.IGNORECASE)

nlp = None
stage = "all"


def names(patterns):
    """Place names and group aliases from factx's Patterns, so both sides know the same world."""
    import yaml
    places, groups = set(), set()
    folder = os.path.join(patterns, "places")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".jsonl"):
            for line in open(os.path.join(folder, name), encoding="utf-8"):
                if line.strip():
                    entry = json.loads(line)
                    places.add(entry["name"])
                    places.update(entry.get("aliases") or [])
    folder = os.path.join(patterns, "groups")
    for name in sorted(os.listdir(folder)):
        if name.endswith((".yaml", ".yml")):
            for entry in yaml.safe_load(open(os.path.join(folder, name), encoding="utf-8")) or []:
                groups.add(entry["name"])
                groups.update(entry.get("aliases") or [])
    return sorted(places), sorted(groups)


def setup(patterns, which):
    global nlp, stage
    stage = which
    if stage == "read":
        return
    import spacy
    places, groups = names(patterns)
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": "GPE", "pattern": p} for p in places] + [{"label": "ORG", "pattern": g} for g in groups])


def process(path):
    import trafilatura
    raw = open(path, "rb").read()
    if path.endswith((".html", ".htm")):
        text = trafilatura.extract(raw.decode("utf-8", errors="replace"), include_comments=False) or ""
    else:
        text = raw.decode("utf-8", errors="replace")
    if stage == "read":
        return len(raw), json.dumps({"doc": path, "chars": len(text)})
    from dateparser.search import search_dates
    found = []
    for surface, value in search_dates(text, languages=["en"]) or []:
        found.append({"type": "date", "text": surface, "value": value.date().isoformat()})
    for entity in nlp(text).ents:
        found.append({"type": "place" if entity.label_ == "GPE" else "group", "text": entity.text,
                      "start": entity.start_char, "end": entity.end_char})
    for match in COUNT.finditer(text):
        found.append({"type": "casualty", "text": match.group(0), "start": match.start(), "end": match.end(),
                      "status": match.group(1).lower()})
    return len(raw), json.dumps({"doc": path, "facts": found}, ensure_ascii=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--patterns", default="Patterns")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents (sorted paths)")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--stage", choices=["read", "all"], default="all")
    parser.add_argument("--out", default=os.devnull)
    args = parser.parse_args()
    paths = []
    for folder, subfolders, files in os.walk(args.corpus):
        subfolders.sort()
        paths += [os.path.join(folder, f) for f in sorted(files) if f.endswith((".txt", ".html", ".htm"))]
    if args.limit:
        paths = paths[: args.limit]
    started = time.perf_counter()
    total = 0
    with open(args.out, "w", encoding="utf-8") as out:
        if args.processes == 1:
            setup(args.patterns, args.stage)
            results = map(process, paths)
            for size, line in results:
                total += size
                out.write(line + "\n")
        else:
            with Pool(args.processes, initializer=setup, initargs=(args.patterns, args.stage)) as pool:
                for size, line in pool.imap(process, paths, chunksize=4):
                    total += size
                    out.write(line + "\n")
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"documents": len(paths), "bytes": total, "seconds": round(seconds, 3), "max_rss_kb": rss}))


if __name__ == "__main__":
    main()
