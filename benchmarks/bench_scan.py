"""Throughput, memory and accuracy of ``spamsplice scan`` on a synthetic web-crawl dump; prints one table.

    python benchmarks/bench_scan.py                      # the full run: a ~200 MB dump
    python benchmarks/bench_scan.py --size-mb 5          # a quick look

The dump is built from the host corpora (``../shared/corpora``): records cycled until the size is
reached, each cycle with new ids so the injector draws new insertions; 5% of documents carry spliced-in
phrases from ``spamsplice.synth`` (some clean ones carry legitimate look-alike sentences), and a second,
smaller dump has an insertion in every document. Every scan runs in a fresh process (the real runner,
as the CLI uses it), so peak RSS is the worker's own. Throughput includes loading the model in the
workers. The null detector finds nothing: its run is the floor (read, parse, write).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora"


class NullDetector:
    """Finds nothing, instantly: what a scan costs without detection."""

    threshold = 0.5

    def detect_many(self, texts: Sequence[str], threshold: float | None = None) -> list[Any]:
        from spamsplice.types import Detection

        nothing = Detection(0.0, ())
        return [nothing] * len(texts)

    def clean(self, text: str, threshold: float | None = None) -> Any:
        from spamsplice.types import CleanResult

        return CleanResult(text, ())


def null_detector(model_path: str | None) -> NullDetector:
    return NullDetector()


def build_dump(corpus: Path, path: Path, gold_path: Path, size_mb: float, spam_fraction: float, seed: int) -> int:
    """Write the dump and, line for line, its gold spans; return the number of records."""
    import orjson

    from spamsplice.synth import TEMPLATES, Injector, load_corpus

    hosts = load_corpus(corpus)
    random.Random(seed).shuffle(hosts)
    injector = Injector(TEMPLATES, seed=seed, spam_fraction=spam_fraction, hard_negative_fraction=0.05)
    limit, written, count, cycle = size_mb * 1e6, 0, 0, 0
    with open(path, "wb") as dump, open(gold_path, "wb") as gold:
        while written < limit:
            for host in hosts:
                record = {"id": f"{host['id']}~{cycle}", "lang": host["lang"], "source": host.get("source"), "text": host["text"]}
                doc = injector.make_doc(record)
                line = orjson.dumps({**record, "text": doc.text}) + b"\n"
                dump.write(line)
                gold.write(orjson.dumps({"spans": [[s.start, s.end] for s in doc.spans], "ignore": doc.ignore}) + b"\n")
                written += len(line)
                count += 1
                if written >= limit:
                    break
            cycle += 1
    return count


def prefix(source: Path, target: Path, size_mb: float) -> None:
    """The first ``size_mb`` of a dump, cut at a line end."""
    limit = int(size_mb * 1e6)
    with open(source, "rb") as src, open(target, "wb") as dst:
        for line in src:
            dst.write(line)
            limit -= len(line)
            if limit <= 0:
                break


def run_one(argv: Sequence[str]) -> None:
    """In a fresh process: one scan, its figures as JSON on stdout."""
    source, output, workers, model, factory = argv
    from spamsplice.batch import ModelFactory, run_scan

    result = run_scan(
        [source], output, detector_factory=ModelFactory(model or None, factory or None), workers=int(workers), progress="none"
    )
    stats = result.stats
    print(
        json.dumps(
            {
                "records": stats.timed_records,
                "bytes": stats.timed_bytes,
                "seconds": stats.seconds,
                "rss": stats.peak_worker_rss,
                "flagged": stats.flagged,
                "errors": stats.errors,
                "exit": result.exit_code,
            }
        )
    )


def scan(source: Path, output: Path, workers: int, *, model: str | None, null: bool) -> dict[str, Any]:
    shutil.rmtree(output, ignore_errors=True)
    factory = "bench_scan:null_detector" if null else ""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "_run", str(source), str(output), str(workers), model or "", factory],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - started
    figures["workers"] = workers
    return figures


def _touch(a: Sequence[int], b: Sequence[int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def accuracy(output: Path, gold_path: Path, model: str | None, sample: int, seed: int) -> dict[str, Any]:
    """Span precision/recall (IoU >= 0.5) over the scan's output, and whether it equals ``detect``."""
    import orjson

    import spamsplice
    from spamsplice.evaluate import match_spans

    tp = fp = fn = spam_docs = spam_flagged = clean_docs = clean_flagged = 0
    picked: list[tuple[str, Any]] = []
    rng = random.Random(seed)
    with open(output, "rb") as out, open(gold_path, "rb") as gold_file:
        for index, (line, gold_line) in enumerate(zip(out, gold_file)):
            record, gold = orjson.loads(line), orjson.loads(gold_line)
            spans = record["spamsplice"].get("spans", [])
            pred = [(s["start"], s["end"]) for s in spans]
            truth = [tuple(s) for s in gold["spans"]]
            # as spamsplice.evaluate: a prediction on text-spinner noise that touches no gold span does not count
            pred = [p for p in pred if not any(_touch(p, r) for r in gold["ignore"]) or any(_touch(p, g) for g in truth)]
            matched = len(match_spans(truth, pred))
            tp, fp, fn = tp + matched, fp + len(pred) - matched, fn + len(truth) - matched
            if truth:
                spam_docs, spam_flagged = spam_docs + 1, spam_flagged + bool(pred)
            else:
                clean_docs, clean_flagged = clean_docs + 1, clean_flagged + bool(pred)
            if truth or spans or rng.random() < sample / 20_000:
                if len(picked) < sample:
                    picked.append((record["text"], record["spamsplice"]))
    detector = spamsplice.load(model)
    same = sum(detector.detect(text).to_dict() == annotation for text, annotation in picked)
    return {
        "precision": tp / max(tp + fp, 1),
        "recall": tp / max(tp + fn, 1),
        "doc_recall": spam_flagged / max(spam_docs, 1),
        "clean_fpr": clean_flagged / max(clean_docs, 1),
        "gold_spans": tp + fn,
        "same": same,
        "compared": len(picked),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="host corpora (<lang>/*.jsonl)")
    parser.add_argument("--size-mb", type=float, default=200.0, help="size of the 5%% dump (default 200)")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)), help="all cores by default")
    parser.add_argument("--model", default=None, help="model directory (default: the shipped model)")
    parser.add_argument("--work-dir", type=Path, default=None, help="keep dumps here and reuse them (default: a temporary folder)")
    parser.add_argument("--sample", type=int, default=2000, help="records compared with detect() one by one")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus} (pass --corpus)")
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="bench_scan-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        small_mb = min(50.0, args.size_mb / 4)
        dump, gold = work / "dump5.jsonl", work / "dump5.gold.jsonl"
        spam, spam_gold = work / "dump100.jsonl", work / "dump100.gold.jsonl"
        small = work / "dump5-small.jsonl"
        recipe = {"corpus": str(args.corpus.resolve()), "size_mb": args.size_mb, "seed": args.seed, "version": 1}
        built = work / "dumps.json"
        if built.exists() and json.loads(built.read_text())["recipe"] == recipe:
            records = json.loads(built.read_text())["records"]  # the same dumps as last time in this --work-dir
        else:
            started = time.perf_counter()
            records = build_dump(args.corpus, dump, gold, args.size_mb, 0.05, args.seed)
            build_dump(args.corpus, spam, spam_gold, small_mb, 1.0, args.seed + 1)
            prefix(dump, small, small_mb)
            built.write_text(json.dumps({"recipe": recipe, "records": records}))
            print(f"built dumps in {time.perf_counter() - started:.0f} s: {records:,} records", file=sys.stderr)

        out = work / "out"
        runs = [
            ("null detector (I/O floor)", dump, 1, True),
            ("null detector (I/O floor)", dump, args.workers, True),
            ("spamsplice, 5% dump", dump, 1, False),
            ("spamsplice, 5% dump", dump, args.workers, False),
            ("spamsplice, every doc spliced", spam, 1, False),
            (f"spamsplice, 5% dump, first {small_mb:.0f} MB", small, args.workers, False),
        ]
        results = []
        for label, source, workers, null in runs:
            figures = scan(source, out, workers, model=args.model, null=null)
            print(f"  {label}, {workers} worker(s): {figures['bytes'] / 1e6 / figures['seconds']:.1f} MB/s", file=sys.stderr)
            results.append((label, figures))
            if label == "spamsplice, 5% dump" and workers == args.workers:
                quality = accuracy(out / dump.name, gold, args.model, args.sample, args.seed)
        one = next(f for label, f in results if label == "spamsplice, 5% dump" and f["workers"] == 1)
        many = next(f for label, f in results if label == "spamsplice, 5% dump" and f["workers"] == args.workers)

        print(f"\nspamsplice scan on {os.cpu_count()} cores, {dump.stat().st_size / 1e6:.0f} MB dump of {records:,} records "
              f"(5% with insertions), python {sys.version.split()[0]}\n")
        print("| run | workers | MB/s | records/s | MB/s per worker | peak RSS per worker |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, f in results:
            rate = f["bytes"] / 1e6 / f["seconds"]
            size = f"{f['bytes'] / 1e6:.0f} MB"
            print(
                f"| {label} ({size}) | {f['workers']} | {rate:.1f} | {f['records'] / f['seconds']:,.0f} | "
                f"{rate / f['workers']:.1f} | {f['rss'] / 2**20:.0f} MiB |"
            )
        speedup = (many["bytes"] / many["seconds"]) / (one["bytes"] / one["seconds"])
        print(f"\n- {args.workers} workers vs 1: {speedup:.2f}x")
        print(
            f"- spans (IoU >= 0.5) on the 5% dump: precision {quality['precision']:.3f}, recall {quality['recall']:.3f} "
            f"({quality['gold_spans']:,} gold spans); spam documents flagged {quality['doc_recall']:.3f}, "
            f"clean documents flagged {quality['clean_fpr']:.4f}"
        )
        print(f"- scan output equal to detect() on the same texts: {quality['same']:,} of {quality['compared']:,} records")
    finally:
        if args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_run":
        run_one(sys.argv[2:])
    else:
        main()
