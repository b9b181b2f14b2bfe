#!/usr/bin/env python3
"""Scores factx's casualty facts against the Wikipedia incident devset's killed/injured gold.

Usage: factx extract ../shared/devsets/wikipedia-incidents/docs.jsonl --out OUT
       scripts/devset_casualties.py [--victims] OUT [GOLD]

For each document with a gold figure, the document's prediction for a status is the largest `min` among its
casualty facts of that status (incident descriptions give one incident; a later, larger figure is the total).
A prediction is correct when it equals the gold number. Prints coverage and accuracy per status.
With --victims, facts marked `perpetrators: true` (attackers' own dead, docs/casualties.md §8) are left out, as the
table's figures mostly count victims; without it the script scores as the baseline did.
"""
import json, sys, collections

args = sys.argv[1:]
victims = "--victims" in args
args = [a for a in args if a != "--victims"]
out = args[0]
gold_path = args[1] if len(args) > 1 else "../shared/devsets/wikipedia-incidents/gold.jsonl"
pred = collections.defaultdict(dict)
for line in open(f"{out}/facts.jsonl"):
    f = json.loads(line)
    if f["type"] != "casualty" or (victims and f["value"].get("perpetrators")):
        continue
    v = f["value"]
    n = v["min"] if v["min"] is not None else v["max"]
    if n is None:
        continue
    st = v["status"]
    if st not in pred[f["doc"]] or n > pred[f["doc"]][st]:
        pred[f["doc"]][st] = n
for status in ("killed", "injured"):
    total = found = correct = spurious = 0
    for line in open(gold_path):
        g = json.loads(line)
        p = pred.get(g["doc"], {}).get(status)
        if g[status] is None:
            if p is not None:
                spurious += 1
            continue
        total += 1
        if p is not None:
            found += 1
            want = g[status]["n"]
            if g[status]["qualifier"] != "exact":
                ok = p == want or p == want + 1
            else:
                ok = p == want
            correct += ok
    print(f"{status}: gold {total}, predicted {found} ({found/total:.1%}), exact {correct} ({correct/total:.1%} of gold, "
          f"{correct/max(found,1):.1%} of predicted); predictions where gold has none: {spurious}")
