"""Throughput, memory and accuracy of ``spamsplice scan`` on a synthetic web-crawl dump; prints one table.

    python benchmarks/bench_scan.py                      # the full run: a ~200 MB dump
    python benchmarks/bench_scan.py --size-mb 20 --skip-model --repeat 3   # the runner alone, quickly

The dump is built from the host corpora (``../shared/corpora``): records cycled until the size is
reached, each cycle with new ids so the injector draws new insertions; 5% of documents carry spliced-in
phrases from ``spamsplice.synth`` (some clean ones carry legitimate look-alike sentences), and a second,
smaller dump has an insertion in every document. Every scan runs in a fresh process (the real runner,
as the CLI uses it), so peak RSS is the worker's own. Throughput includes starting the workers and
loading the model in them.

Two stand-in detectors measure the runner without the model:

- the null detector finds nothing, instantly: its rows are the floor (read, parse, annotate, encode,
  write; every output line is checked against the input, so nothing can be skipped);
- the CPU-bound stand-in burns a fixed amount of hashing per KB of text (``--burn-us-per-kb``,
  calibrated here before the runs) and finds nothing: its rows show how the runner scales with
  workers when detection, not I/O, is the cost, whatever the model does.

On a shared machine a row can catch someone else's job: ``--repeat N`` runs each stand-in row N
times, interleaved, and keeps the fastest. CPU s is the scan's processor time, parent and workers;
cores used is CPU s over the run's seconds, so a multi-worker row that got fewer cores than it has
workers (other jobs on the machine) shows it.
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


class BurnDetector(NullDetector):
    """Finds nothing, after ``rounds`` SHA-256 passes over each text (a fixed cost per KB): CPU-bound like a model.

    The score comes from the digest, so annotations differ from record to record as a model's do.
    """

    def __init__(self, rounds: int) -> None:
        self.rounds = rounds

    def burn(self, text: str) -> float:
        import hashlib

        data = text.encode("utf-8")
        digest = b""
        for _ in range(self.rounds):
            digest = hashlib.sha256(data + digest).digest()
        return digest[0] / 256 if digest else 0.0

    def detect_many(self, texts: Sequence[str], threshold: float | None = None) -> list[Any]:
        from spamsplice.types import Detection

        return [Detection(self.burn(text), ()) for text in texts]


def burn_detector(model_path: str | None) -> BurnDetector:
    """Factory for the workers: the model path carries the number of rounds."""
    return BurnDetector(int(model_path or 1))


def calibrate_burn(source: Path, us_per_kb: float) -> int:
    """Rounds per text that burn about ``us_per_kb`` per KB of UTF-8 text here (best of a few timings)."""
    import orjson

    texts = []
    with open(source, "rb") as dump:
        for line in dump:
            texts.append(orjson.loads(line)["text"])
            if len(texts) >= 300:
                break
    kilobytes = sum(len(t.encode("utf-8")) for t in texts) / 1000
    detector = BurnDetector(20)
    best = min(_timed(lambda: detector.detect_many(texts)) for _ in range(5))
    per_round = best / detector.rounds / kilobytes * 1e6  # microseconds per KB per round
    return max(1, round(us_per_kb / per_round))


def _timed(work: Any) -> float:
    """Processor time of ``work``: what the stand-in burns, even while other jobs share the cores."""
    started = time.process_time()
    work()
    return time.process_time() - started


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
    import importlib
    import resource

    source, output, workers, model, factory = argv
    from spamsplice.batch import ModelFactory, run_scan

    if factory:  # as the shipped model's modules are, before the workers start (they inherit it)
        importlib.import_module(factory.partition(":")[0])
    before = resource.getrusage(resource.RUSAGE_SELF)
    result = run_scan(
        [source], output, detector_factory=ModelFactory(model or None, factory or None), workers=int(workers), progress="none"
    )
    after, workers_used = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime + workers_used.ru_utime + workers_used.ru_stime
    stats = result.stats
    print(
        json.dumps(
            {
                "records": stats.timed_records,
                "bytes": stats.timed_bytes,
                "seconds": stats.seconds,
                "cpu": cpu,
                "rss": stats.peak_worker_rss,
                "flagged": stats.flagged,
                "errors": stats.errors,
                "exit": result.exit_code,
            }
        )
    )


def scan(source: Path, output: Path, workers: int, *, model: str | None, factory: str = "") -> dict[str, Any]:
    shutil.rmtree(output, ignore_errors=True)
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


def check_null_output(source: Path, output: Path) -> None:
    """Exit unless ``output`` is every line of ``source`` plus the null detector's annotation.

    The dump's lines are compact JSON objects, so each ends in ``}`` before its newline and holds no
    other ``}\\n``: the expected output is one replace away.
    """
    expected = source.read_bytes().replace(b"}\n", b',"spamsplice":{"score":0.0,"spans":[]}}\n')
    if output.read_bytes() != expected:
        sys.exit(f"the null detector's output {output} is not its input plus the annotation: the floor is void")


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


def rate(figures: dict[str, Any]) -> float:
    return figures["bytes"] / 1e6 / figures["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="host corpora (<lang>/*.jsonl)")
    parser.add_argument("--size-mb", type=float, default=200.0, help="size of the 5%% dump (default 200)")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)), help="all cores by default")
    parser.add_argument("--model", default=None, help="model directory (default: the shipped model)")
    parser.add_argument("--work-dir", type=Path, default=None, help="keep dumps here and reuse them (default: a temporary folder)")
    parser.add_argument("--sample", type=int, default=2000, help="records compared with detect() one by one")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--burn-us-per-kb", type=float, default=50.0, help="CPU-bound stand-in's cost (default 50: 20 MB/s)")
    parser.add_argument("--burn-rounds", type=int, default=None, help="the stand-in's hashing rounds, instead of calibrating")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each stand-in row, fastest kept (default 1)")
    parser.add_argument("--skip-model", action="store_true", help="only the stand-in rows (the runner without the model)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus} (pass --corpus)")
    if args.repeat < 1:
        sys.exit("--repeat must be at least 1")
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

        rounds = args.burn_rounds or calibrate_burn(dump, args.burn_us_per_kb)
        print(f"  CPU-bound stand-in: {rounds} hashing rounds per text (--burn-rounds {rounds} repeats it)", file=sys.stderr)
        burn = f"CPU-bound stand-in, {rounds} rounds" if args.burn_rounds else f"CPU-bound stand-in, {args.burn_us_per_kb:g} us/KB"
        out = work / "out"
        stand_ins = [
            ("null detector (I/O floor)", 1, "bench_scan:null_detector", None),
            ("null detector (I/O floor)", args.workers, "bench_scan:null_detector", None),
            (burn, 1, "bench_scan:burn_detector", str(rounds)),
            (burn, args.workers, "bench_scan:burn_detector", str(rounds)),
        ]
        best: dict[tuple[str, int], dict[str, Any]] = {}
        for attempt in range(args.repeat):
            for label, workers, factory, model in stand_ins:
                figures = scan(dump, out, workers, model=model, factory=factory)
                if factory.endswith("null_detector"):
                    check_null_output(dump, out / dump.name)
                print(f"  {label}, {workers} worker(s), run {attempt + 1}: {rate(figures):.1f} MB/s", file=sys.stderr)
                key = (label, workers)
                if key not in best or rate(figures) > rate(best[key]):
                    best[key] = figures
        results = [(label, best[(label, workers)]) for label, workers, _, _ in stand_ins]
        speedups = [(burn, rate(best[(burn, args.workers)]) / rate(best[(burn, 1)]))]

        quality = None
        if not args.skip_model:
            runs = [
                ("spamsplice, 5% dump", dump, 1),
                ("spamsplice, 5% dump", dump, args.workers),
                ("spamsplice, every doc spliced", spam, 1),
                (f"spamsplice, 5% dump, first {small_mb:.0f} MB", small, args.workers),
            ]
            for label, source, workers in runs:
                figures = scan(source, out, workers, model=args.model)
                print(f"  {label}, {workers} worker(s): {rate(figures):.1f} MB/s", file=sys.stderr)
                results.append((label, figures))
                if label == "spamsplice, 5% dump" and workers == args.workers:
                    quality = accuracy(out / dump.name, gold, args.model, args.sample, args.seed)
            one, many = (next(f for label, f in results if label == "spamsplice, 5% dump" and f["workers"] == n) for n in (1, args.workers))
            speedups.append(("spamsplice, 5% dump", rate(many) / rate(one)))

        repeated = f", stand-in rows best of {args.repeat}" if args.repeat > 1 else ""
        print(f"\nspamsplice scan on {os.cpu_count()} cores, {dump.stat().st_size / 1e6:.0f} MB dump of {records:,} records "
              f"(5% with insertions), python {sys.version.split()[0]}{repeated}\n")
        print("| run | workers | MB/s | records/s | MB/s per worker | CPU s | cores used | peak RSS per worker |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for label, f in results:
            size = f"{f['bytes'] / 1e6:.0f} MB"
            print(
                f"| {label} ({size}) | {f['workers']} | {rate(f):.1f} | {f['records'] / f['seconds']:,.0f} | "
                f"{rate(f) / f['workers']:.1f} | {f['cpu']:.2f} | {f['cpu'] / f['seconds']:.2f} | {f['rss'] / 2**20:.0f} MiB |"
            )
        print()
        for label, speedup in speedups:
            print(f"- {label}: {args.workers} workers vs 1: {speedup:.2f}x")
        if quality is not None:
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
