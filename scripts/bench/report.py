#!/usr/bin/env python3
"""Prints the benchmark's results (scripts/bench/run) as a table, then the ratios the targets are stated in.

Two rates per run: documents per second of wall-clock time (best of the repeats), and documents per CPU-second
(user + system). On a machine shared with other work, the CPU figure is the one that other processes disturb
least; single-core comparisons (factx against the peer, the whole pipeline against reading) use it. The two-core
speed-up can only be a wall-clock figure.
"""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
machine = next((r for r in rows if r["kind"] == "machine"), None)
runs = [r for r in rows if r["kind"] != "machine"]
if machine:
    print(f"machine: {machine['text']}; factx {machine['factx']}")
print()
print("| stage | corpus | cores | documents | MB | wall s | documents/s | MB/s | CPU s | documents/CPU-s | peak MB | load |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def rate(r):
    return r["documents"] / r["seconds"] if r["seconds"] else 0.0


def cpu_rate(r):
    return r["documents"] / r["cpu_seconds"] if r.get("cpu_seconds") else 0.0


for r in runs:
    mb = r["bytes"] / 1e6
    print(f"| {r['kind']} | {r['size']} | {r['cores']} | {r['documents']} | {mb:.1f} | {r['seconds']:.2f} | "
          f"{rate(r):.1f} | {mb / r['seconds'] if r['seconds'] else 0:.2f} | {r.get('cpu_seconds', 0):.2f} | "
          f"{cpu_rate(r):.1f} | {r['max_rss_kb'] / 1024:.0f} | {r.get('load', '')} |")


def find(kind, size=None, cores=1):
    for r in runs:
        if r["kind"] == kind and r["cores"] == cores and (size is None or r["size"] == size):
            return r
    return None


def verdict(ok):
    return "yes" if ok else "**no**"


print()
print("| target | measured | met |")
print("|---|---|---|")
sizes = sorted({r["size"] for r in runs if r["kind"] == "whole"})
small = sizes[0] if sizes else None
whole, peer = find("whole", small, 1), find("peer", None, 1)
if whole and peer:
    ratio = cpu_rate(whole) / cpu_rate(peer)
    print(f"| whole pipeline ≥ 50 × the Python peer (documents per CPU-second, one process each) | "
          f"{cpu_rate(whole):.1f} vs {cpu_rate(peer):.2f} = {ratio:.1f} × | {verdict(ratio >= 50)} |")
whole2, peer2 = find("whole", small, 2), find("peer", None, 2)
if whole2 and peer2:
    ratio = rate(whole2) / rate(peer2)
    print(f"| whole pipeline vs the Python peer on 2 cores (wall clock; peer as 2 processes) | "
          f"{rate(whole2):.1f} vs {rate(peer2):.2f} documents/s = {ratio:.1f} × | {verdict(ratio >= 50)} |")
for size in sizes:
    whole, read = find("whole", size, 1), find("read", size, 1)
    if whole and read:
        ratio = cpu_rate(whole) / cpu_rate(read)
        print(f"| whole ≥ ½ reading alone ({size} documents, documents per CPU-second) | "
              f"{cpu_rate(whole):.1f} vs {cpu_rate(read):.1f} = {ratio:.2f} | {verdict(ratio >= 0.5)} |")
for kind in ("whole", "read"):
    for size in sorted({r["size"] for r in runs if r["kind"] == kind}):
        one, two = find(kind, size, 1), find(kind, size, 2)
        if one and two:
            ratio = rate(two) / rate(one)
            print(f"| two cores ≥ 1.8 × one ({kind}, {size} documents, wall clock) | {rate(two):.1f} vs {rate(one):.1f} "
                  f"documents/s = {ratio:.2f} × | {verdict(ratio >= 1.8)} |")
for r in [r for r in runs if r["kind"] == "whole" and r["size"] >= 100000]:
    peak = r["max_rss_kb"] / 1024
    print(f"| peak memory < 200 MB at {r['size']} documents ({r['cores']} cores) | {peak:.0f} MB | {verdict(peak < 200)} |")
    mid = find("whole", 10000, r["cores"])
    if mid:
        other = mid["max_rss_kb"] / 1024
        print(f"| peak at {r['size']} ≤ peak at 10000 ({r['cores']} cores) | {peak:.0f} MB vs {other:.0f} MB | "
              f"{verdict(peak <= other)} |")
