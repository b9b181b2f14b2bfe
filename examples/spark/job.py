"""factx on Spark: extracts facts from every article under a folder with RDD.pipe, one factx process per partition.

    spark-submit --master 'local[2]' --driver-memory 512m examples/spark/job.py INPUT OUTPUT [FACTX] [PATTERNS]

The driver lists the article files (paths relative to INPUT, as a single run names its documents) and spreads them
over the partitions; each partition pipes its paths into `factx extract --stdin-paths --root INPUT`, which writes
each document's records as tagged JSON lines; the lines are saved as text part files under OUTPUT. Then

    factx merge OUTPUT --out DIR

writes exactly the files `factx extract INPUT --out DIR` would: records sorted, duplicate ids resolved as a single
run resolves them. On a cluster, INPUT must be readable at the same path on every executor (a shared file
system), and factx and its Patterns installed on every executor.
"""
import os
import shlex
import sys

from pyspark.sql import SparkSession

SUPPORTED = (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson")


def article_paths(root):
    """Every input file a single run would read: hidden entries skipped, in sorted order (for reproducible partitions)."""
    found = []
    for folder, subfolders, files in os.walk(root, followlinks=True):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUPPORTED):
                found.append(os.path.relpath(os.path.join(folder, name), root))
    return found


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    source, output = os.path.abspath(sys.argv[1]), sys.argv[2]
    factx = sys.argv[3] if len(sys.argv) > 3 else "factx"
    patterns = os.path.abspath(sys.argv[4]) if len(sys.argv) > 4 else None
    spark = SparkSession.builder.appName("factx").getOrCreate()
    context = spark.sparkContext
    paths = article_paths(source)
    command = [factx, "extract", "--stdin-paths", "--root", source, "--jobs", "1", "-q"]
    if patterns:
        command += ["--patterns", patterns]
    partitions = max(2, context.defaultParallelism)
    records = context.parallelize(paths, partitions).pipe(shlex.join(command))
    records.saveAsTextFile(output)
    print(f"factx on Spark: {len(paths)} files in {partitions} partitions -> {output}", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
