"""Spark on ``local[N]`` next to the local runner with N workers, on the batch benchmark's dump; one table.

    python benchmarks/bench_spark.py                  # bench_scan.py's 200 MB dump, 2 cores
    python benchmarks/bench_spark.py --size-mb 20     # a quick look

The dump is the one ``benchmarks/bench_scan.py`` builds (its builder, its default seed): host corpora
from ``../shared/corpora``, 5% of documents with spliced-in phrases. Every scan runs in a fresh process.
The local figure is the runner's own timing (process pool, model loads, read, scan, write), as in
``bench_scan.py``. The Spark figure times ``spamsplice.spark.scan_paths`` (listing, model loads in the
Python workers, read, scan, write, commit) on a session that has run one warm-up job; JVM start-up and
warm-up are a separate column because an application pays them once, not per MB. A null detector (finds nothing) gives each engine's
floor. The run also checks that both engines wrote the same lines.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_scan  # noqa: E402 - the batch benchmark: its dump builder and its local-runner scan

NULL_FACTORY = "bench_scan:null_detector"


def spark_one(argv: list[str]) -> None:
    """In a fresh process: start ``local[cores]``, warm it up, scan ``passes`` times, print figures as JSON.

    The warm-up scans a 1 MB prefix with the null detector: Spark starts its Python workers and the JVM
    compiles its first code paths, once per application. The first timed scan still loads the real
    model in every worker, as the local runner's figure does; a second pass shows the steady state of
    a long job (the JVM's compiler done, the model loaded).
    """
    source, output, cores, model, factory, passes = argv
    started = time.perf_counter()
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # pyspark 4 ignores spark.pyspark.python here
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("spamsplice bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    from spamsplice.spark import scan_paths

    warm_up = Path(output).with_name("spark-warm-up")
    bench_scan.prefix(Path(source), warm_up.with_suffix(".jsonl"), 1.0)
    scan_paths(spark, [str(warm_up.with_suffix(".jsonl"))], str(warm_up), detector_factory=NULL_FACTORY, overwrite=True)
    startup = time.perf_counter() - started
    runs = []
    for _ in range(int(passes)):
        stats = scan_paths(spark, [source], output, model_path=model or None, detector_factory=factory or None, overwrite=True)
        runs.append({"records": stats.timed_records, "bytes": stats.timed_bytes, "seconds": stats.seconds, "startup": startup})
    spark.stop()
    print(json.dumps(runs))


def spark_scan(source: Path, output: Path, cores: int, *, model: str | None, null: bool, passes: int) -> list[dict[str, Any]]:
    shutil.rmtree(output, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "_spark", str(source), str(output), str(cores), model or "", NULL_FACTORY if null else "", str(passes)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    runs = json.loads(done.stdout.strip().splitlines()[-1])
    runs[0]["wall"] = time.perf_counter() - started
    return runs


def line_digests(files: list[Path]) -> Counter:
    """Digests of every output line, counted: equal counters mean the same lines, whatever the file order."""
    digests: Counter = Counter()
    for path in files:
        with open(path, "rb") as stream:
            digests.update(hashlib.blake2b(line, digest_size=12).digest() for line in stream)
    return digests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=bench_scan.DEFAULT_CORPUS, help="host corpora (<lang>/*.jsonl)")
    parser.add_argument("--size-mb", type=float, default=200.0, help="size of the 5%% dump (default 200, as bench_scan.py)")
    parser.add_argument("--cores", type=int, default=2, help="local runner workers = Spark local[N] cores (default 2)")
    parser.add_argument("--model", default=None, help="model directory (default: the shipped model)")
    parser.add_argument("--work-dir", type=Path, default=None, help="where the dump and outputs go (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=7, help="dump seed (default 7, as bench_scan.py)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus} (pass --corpus)")
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="bench_spark-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        dump, gold = work / "dump5.jsonl", work / "dump5.gold.jsonl"
        started = time.perf_counter()
        records = bench_scan.build_dump(args.corpus, dump, gold, args.size_mb, 0.05, args.seed)
        size_mb = dump.stat().st_size / 1e6
        print(f"built the dump in {time.perf_counter() - started:.0f} s: {records:,} records, {size_mb:.0f} MB", file=sys.stderr)

        rows = []
        for label, null in (("null detector (floor)", True), ("spamsplice", False)):
            local_out, spark_out = work / "out-local", work / "out-spark"
            local = bench_scan.scan(dump, local_out, args.cores, model=args.model, factory=NULL_FACTORY if null else "")
            passes = spark_scan(dump, spark_out, args.cores, model=args.model, null=null, passes=2 if null else 1)
            distributed = passes[0]
            engines = [("local runner", local), (f"Spark local[{args.cores}]", distributed)]
            engines += [(f"Spark local[{args.cores}], 2nd pass (steady state)", later) for later in passes[1:]]
            for engine, figures in engines:
                rate = figures["bytes"] / 1e6 / figures["seconds"]
                print(f"  {label}, {engine}: {rate:.1f} MB/s", file=sys.stderr)
                rows.append((label, engine, figures))
            if not null:
                local_lines = line_digests([local_out / dump.name])
                differ = sum((local_lines - line_digests(sorted(spark_out.glob("part-*.jsonl")))).values())
                ratio = (distributed["bytes"] / distributed["seconds"]) / (local["bytes"] / local["seconds"])

        print(f"\nspamsplice scan, local runner vs Spark, {args.cores} cores each; {size_mb:.0f} MB dump of {records:,} records "
              f"(5% with insertions); {os.cpu_count()} cores on the machine, python {sys.version.split()[0]}\n")
        print("| run | engine | MB/s | records/s | MB/s per core | start-up + warm-up (s) | wall (s) |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for label, engine, f in rows:
            rate = f["bytes"] / 1e6 / f["seconds"]
            startup = f"{f['startup']:.1f}" if "wall" in f and "startup" in f else "-"
            wall = f"{f['wall']:.1f}" if "wall" in f else "-"
            print(f"| {label} | {engine} | {rate:.1f} | {f['records'] / f['seconds']:,.0f} | {rate / args.cores:.1f} | {startup} | {wall} |")
        print(f"\n- Spark / local runner throughput with spamsplice at {args.cores} cores: {100 * ratio:.0f}% (bar: >= 70%)")
        print(f"- lines the two engines wrote differently: {differ:,} of {records:,}")
    finally:
        if args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_spark":
        spark_one(sys.argv[2:])
    else:
        main()
