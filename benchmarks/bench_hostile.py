"""Tokenizer throughput on ordinary text next to hostile inputs (prints a table; not a test).

Ordinary text is built from the clean host corpora (JSONL files with a "text" field, one folder per
language). Documents are dealt alternately into a warm-up set and a measured set, so that "warm" means
caches filled by OTHER documents of the same languages (the steady state of a long dump), never by the
measured text itself. "cold" starts from empty caches. Hostile inputs are measured cold.

Sizes are UTF-8 megabytes (10**6 bytes; lone surrogates counted as 'surrogatepass' encodes them); times
are CPU seconds of this process, best of --repeat runs, so other load on the machine disturbs them less.

    python benchmarks/bench_hostile.py [--corpus ../shared/corpora] [--mb 4] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path
from typing import Callable

from spamsplice import tokenize as tokenize_module
from spamsplice.tokenize import tokenize

MB = 1_000_000
REPO_ROOT = Path(__file__).resolve().parents[1]


def utf8_megabytes(text: str) -> float:
    return len(text.encode("utf-8", "surrogatepass")) / MB


def load_documents(corpus: Path, languages: list[str] | None) -> dict[str, list[str]]:
    """Texts per language folder, in file and line order (deterministic)."""
    documents: dict[str, list[str]] = {}
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        if languages and folder.name not in languages:
            continue
        texts = []
        for path in sorted(folder.glob("*.jsonl")):
            with path.open(encoding="utf-8") as lines:
                texts += [json.loads(line)["text"] for line in lines if line.strip()]
        if texts:
            documents[folder.name] = texts
    return documents


def mixed_text(documents: dict[str, list[str]], megabytes: float, parity: int) -> str:
    """Round-robin over languages (documents of the given index parity) until the size is reached."""
    queues = {lang: texts[parity::2] for lang, texts in documents.items()}
    pieces: list[str] = []
    size = 0.0
    while size < megabytes and any(queues.values()):
        for queue in queues.values():
            if queue and size < megabytes:
                piece = queue.pop(0)
                pieces.append(piece)
                size += utf8_megabytes(piece) + 1 / MB
    return "\n".join(pieces)


def language_text(texts: list[str], megabytes: float, parity: int) -> str:
    pieces: list[str] = []
    size = 0.0
    for piece in texts[parity::2]:
        if size >= megabytes:
            break
        pieces.append(piece)
        size += utf8_megabytes(piece) + 1 / MB
    return "\n".join(pieces)


def cpu_seconds(run: Callable[[], object], repeat: int, before: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(repeat):
        before()
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def hostile_inputs() -> dict[str, str]:
    generator = random.Random(20241223)
    random_unicode = "".join(chr(generator.randrange(0x110000)) for _ in range(MB // 4))
    controls = "".join(chr(generator.choice([*range(0, 9), *range(14, 28), 127, *range(0x80, 0xA0)]))
                       for _ in range(MB))
    return {
        "1 MB without a space (Latin)": "x" * MB,
        "no space, 4 scripts mixed": "wordслово शब्द词".replace(" ", "") * (MB // 30),
        "10,000 combining marks on a letter": ("a" + "\u0301" * 10_000 + " ") * 100,
        "10,000 viramas on a letter": ("क" + "\u094d" * 10_000 + " ") * 100,
        "all digits": "7" * MB,
        "digits with separators 1,1,1": "1," * (MB // 2),
        "control characters": controls,
        "random Unicode (incl. surrogates)": random_unicode,
        "invisible characters only": "\u200b\u200c\u200d\u2060\ufeff" * (MB // 15),
        "invisible characters inside words": "what\u200bs\u200dapp\u00ad " * (MB // 30),
        "[[[[ runs": "[" * MB,
        "<<<< runs": "<" * MB,
        "http:// without end": "http://" + "a" * MB,
        "many dots": "." * MB,
        "a.a.a.a (domain-like)": "a." * (MB // 2),
        "near-e-mails a.a.a...@": ("a." * 30 + "@") * (MB // 61),
        "HTML entities": "&#49;&amp;" * (MB // 10),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT.parent / "shared" / "corpora",
                        help="folder of <lang>/*.jsonl host corpora (default: ../shared/corpora)")
    parser.add_argument("--mb", type=float, default=4.0, help="size of the mixed ordinary text in MB")
    parser.add_argument("--per-language-mb", type=float, default=1.0, help="size of each per-language row")
    parser.add_argument("--languages", nargs="*", default=["en", "hi", "ne", "bn", "ur", "ta", "zh", "ja",
                                                           "th", "ru", "ar"],
                        help="per-language rows to print (folders of the corpus)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder not found: {args.corpus} (give --corpus)", file=sys.stderr)
        return 2

    documents = load_documents(args.corpus, None)
    rows: list[tuple[str, float, int, float, float | None]] = []

    def measure_ordinary(name: str, warmup: str, measured: str) -> None:
        tokens = len(tokenize(measured))
        cold = cpu_seconds(lambda: tokenize(measured), args.repeat, tokenize_module._clear_caches)

        def warm_up() -> None:
            tokenize_module._clear_caches()
            tokenize(warmup)

        warm = cpu_seconds(lambda: tokenize(measured), args.repeat, warm_up)
        rows.append((name, utf8_megabytes(measured), tokens, cold, warm))

    measure_ordinary(f"mixed, {len(documents)} languages", mixed_text(documents, args.mb * 2, 0),
                     mixed_text(documents, args.mb, 1))
    for lang in args.languages:
        if lang in documents:
            texts = documents[lang]
            measure_ordinary(f"  {lang}", language_text(texts, args.per_language_mb * 2, 0),
                             language_text(texts, args.per_language_mb, 1))
    for name, text in hostile_inputs().items():
        tokens = len(tokenize(text))
        cold = cpu_seconds(lambda: tokenize(text), args.repeat, tokenize_module._clear_caches)
        rows.append((name, utf8_megabytes(text), tokens, cold, None))

    print(f"spamsplice tokenizer, Python {platform.python_version()} on {platform.machine()}, one core, "
          f"CPU time, best of {args.repeat}")
    print(f"| {'input':36} | {'MB':>5} | {'tokens':>9} | {'cold s/MB':>9} | {'cold MB/s':>9} | "
          f"{'warm s/MB':>9} | {'warm MB/s':>9} |")
    print(f"|{'-' * 38}|{'-' * 7}|{'-' * 11}|{'-' * 11}|{'-' * 11}|{'-' * 11}|{'-' * 11}|")
    for name, size, tokens, cold, warm in rows:
        warm_cells = f"{warm / size:9.3f} | {size / warm:9.2f}" if warm is not None else f"{'':9} | {'':9}"
        print(f"| {name:36} | {size:5.2f} | {tokens:9d} | {cold / size:9.3f} | {size / cold:9.2f} | "
              f"{warm_cells} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
