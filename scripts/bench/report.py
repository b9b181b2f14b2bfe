#!/usr/bin/env python3
"""Prints the benchmark's results (scripts/bench/run) as a table, then the ratios the targets are stated in."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
machine = next((r for r in rows if r["kind"] == "machine"), None)
runs = [r for r in rows if r["kind"] != "machine"]
if machine:
    print(f"machine: {machine['text']}; {machine['factx']}")
print()
print("| stage | documents in corpus | cores | documents | MB | seconds | documents/s | MB/s | peak MB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")


def rate(r):
    return r["documents"] / r["seconds"] if r["seconds"] else 0.0


for r in runs:
    mb = r["bytes"] / 1e6
    print(f"| {r['kind']} | {r['size']} | {r['cores']} | {r['documents']} | {mb:.1f} | {r['seconds']:.2f} | "
          f"{rate(r):.1f} | {mb / r['seconds'] if r['seconds'] else 0:.2f} | {r['max_rss_kb'] / 1024:.0f} |")


def find(kind, size=None, cores=1):
    for r in runs:
        if r["kind"] == kind and r["cores"] == cores and (size is None or r["size"] == size):
            return r
    return None


print()
print("| target | measured | met |")
print("|---|---|---|")
sizes = sorted({r["size"] for r in runs if r["kind"] == "whole"})
small = sizes[0] if sizes else None
for cores in (1, 2):
    whole = find("whole", small, cores)
    peer = find("peer", None, cores)
    if whole and peer:
        ratio = rate(whole) / rate(peer)
        print(f"| whole pipeline ≥ 50 × the Python peer ({cores} core{'s' if cores > 1 else ''}) | "
              f"{rate(whole):.1f} vs {rate(peer):.2f} documents/s = {ratio:.1f} × | {'yes' if ratio >= 50 else 'no'} |")
for size in sizes:
    for cores in (1, 2):
        whole, read = find("whole", size, cores), find("read", size, cores)
        if whole and read:
            ratio = rate(whole) / rate(read)
            print(f"| whole ≥ ½ reading alone ({size} documents, {cores} core{'s' if cores > 1 else ''}) | "
                  f"{rate(whole):.1f} vs {rate(read):.1f} documents/s = {ratio:.2f} | {'yes' if ratio >= 0.5 else 'no'} |")
for kind in ("whole", "read"):
    for size in sorted({r["size"] for r in runs if r["kind"] == kind}):
        one, two = find(kind, size, 1), find(kind, size, 2)
        if one and two:
            ratio = rate(two) / rate(one)
            print(f"| two cores ≥ 1.8 × one ({kind}, {size} documents) | {rate(two):.1f} vs {rate(one):.1f} documents/s "
                  f"= {ratio:.2f} × | {'yes' if ratio >= 1.8 else 'no'} |")
big = [r for r in runs if r["kind"] == "whole" and r["size"] >= 100000]
mid = [r for r in runs if r["kind"] == "whole" and r["size"] == 10000 and r["cores"] == 2]
for r in big:
    peak = r["max_rss_kb"] / 1024
    print(f"| peak memory < 200 MB at {r['size']} documents ({r['cores']} cores) | {peak:.0f} MB | "
          f"{'yes' if peak < 200 else 'no'} |")
    if mid:
        other = mid[0]["max_rss_kb"] / 1024
        print(f"| peak at {r['size']} ≤ peak at 10000 (2 cores) | {peak:.0f} MB vs {other:.0f} MB | "
              f"{'yes' if peak <= other else 'no (by ' + format(peak - other, '.0f') + ' MB)'} |")
