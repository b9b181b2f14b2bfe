#!/usr/bin/env python3
"""Scores factx's incident records on the Wikipedia incident devset (one incident per description).

Usage: factx extract ../shared/devsets/wikipedia-incidents/docs.jsonl --out OUT
       scripts/devset_events.py OUT [GOLD]

Prints how many descriptions give exactly one incident record (none, one, more), then, for the descriptions whose
gold gives a killed (injured) figure, how often the incident's count matches it: the first record's `min` (or
`max` when `min` is null) equals the gold number. With several records the first is scored (the description's
main incident comes first); with none the figure is missed. Also the share of records whose attack type agrees
with the table's type cell (bombing / suicide / shooting / kidnapping / assassination words), where it has one.
"""
import json, sys, collections

out = sys.argv[1]
gold_path = sys.argv[2] if len(sys.argv) > 2 else "../shared/devsets/wikipedia-incidents/gold.jsonl"
events = collections.defaultdict(list)
for line in open(f"{out}/events.jsonl"):
    e = json.loads(line)
    events[e["doc"]].append(e)
gold = [json.loads(line) for line in open(gold_path)]

counts = collections.Counter(min(len(events.get(g["doc"], [])), 2) for g in gold)
n = len(gold)
print(f"descriptions: {n}")
for k, label in ((0, "no record"), (1, "exactly one record"), (2, "two or more records")):
    print(f"  {label:22s} {counts[k]:5d}  {counts[k] / n:.1%}")

def figure(count):
    if not count:
        return None
    return count["min"] if count["min"] is not None else count["max"]

for status in ("killed", "injured"):
    with_gold = [g for g in gold if g[status] is not None]
    found = correct = 0
    for g in with_gold:
        records = events.get(g["doc"], [])
        if not records:
            continue
        value = figure(records[0][status])
        if value is None:
            continue
        found += 1
        correct += value == g[status]["n"]
    print(f"{status}: gold {len(with_gold)}, record gives a figure {found} ({found / len(with_gold):.1%}), "
          f"equal to gold {correct} (precision {correct / max(found, 1):.1%}, recall {correct / len(with_gold):.1%})")

def table_type(cell):
    cell = (cell or "").lower()
    if "suicide" in cell: return "suicide bombing"
    if any(w in cell for w in ("bomb", "explosi", "ied", "grenade")): return "bombing"
    if any(w in cell for w in ("kidnap", "hostage", "abduct", "hijack")): return "kidnapping"
    if "assassinat" in cell: return "targeted killing"
    if any(w in cell for w in ("shoot", "gun", "massacre", "armed", "stabbing")): return "armed assault"
    return None

typed = agree = given = 0
for g in gold:
    want = table_type(g.get("type_as_listed"))
    records = events.get(g["doc"], [])
    if want is None or not records:
        continue
    typed += 1
    got = records[0].get("attack_type")
    if got is not None:
        given += 1
        agree += got == want or (want == "bombing" and got == "suicide bombing")
print(f"attack type: table type known and a record made {typed}, record gives a type {given} ({given / max(typed, 1):.1%}), "
      f"agrees {agree} ({agree / max(given, 1):.1%} of those given)")
