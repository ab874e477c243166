"""The ``spamsplice`` command: detect, clean, train, eval here; scan and serve register themselves."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Sequence, TextIO

from spamsplice import __version__
from spamsplice.types import Detection

_HIGHLIGHT = "\x1b[1;37;41m"
_RESET = "\x1b[0m"


def _read_input(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def _marked(text: str, detection: Detection, colour: bool) -> str:
    """The text with each span highlighted: reverse video on a terminal, ⟦brackets⟧ elsewhere."""
    parts, cursor = [], 0
    open_mark, close_mark = (_HIGHLIGHT, _RESET) if colour else ("⟦", "⟧")
    for span in detection.spans:
        parts += [text[cursor : span.start], open_mark, span.text, close_mark]
        cursor = span.end
    parts.append(text[cursor:])
    return "".join(parts)


def _print_human(name: str, text: str, detection: Detection, out: TextIO) -> None:
    colour = out.isatty()
    verdict = f"{len(detection.spans)} insertion(s)" if detection.spans else "clean"
    out.write(f"{name}: {verdict}, score {detection.score:.3f}\n")
    for span in detection.spans:
        out.write(f"  [{span.start}:{span.end}] {span.score:.3f}  {span.text}\n")
    if detection.spans:
        out.write("\n" + _marked(text, detection, colour).rstrip("\n") + "\n")


def _jsonl_mode(args: argparse.Namespace, detector, mode: str) -> int:
    """JSONL in, JSONL out: the batch runner's per-record function, one process, in order."""
    import orjson

    from spamsplice.batch import ScanOptions, process_records
    from spamsplice.io.jsonl import parse_line

    options = ScanOptions(text_field=args.text_field, mode=mode, threshold=args.threshold)
    for path in args.inputs:
        stream = sys.stdin.buffer if path == "-" else open(path, "rb")
        with stream:
            records = [parse_line(line)[0] for line in stream if line.strip()]
            for record in process_records(records, detector, options):
                sys.stdout.buffer.write(orjson.dumps(record) + b"\n")
    return 0


def _cmd_detect(args: argparse.Namespace) -> int:
    import spamsplice

    detector = spamsplice.load(args.model)
    if args.text_field:
        return _jsonl_mode(args, detector, "annotate")
    for path in args.inputs:
        text = _read_input(path)
        detection = detector.detect(text, args.threshold)
        if args.json:
            print(json.dumps({"input": path, **detection.to_dict()}, ensure_ascii=False))
        else:
            _print_human(path, text, detection, sys.stdout)
    return 0


def _cmd_clean(args: argparse.Namespace) -> int:
    import spamsplice

    detector = spamsplice.load(args.model)
    if args.text_field:
        return _jsonl_mode(args, detector, "clean")
    for path in args.inputs:
        result = detector.clean(_read_input(path), args.threshold)
        if args.json:
            print(json.dumps({"input": path, **result.to_dict()}, ensure_ascii=False))
        else:
            sys.stdout.write(result.text)
            if not result.text.endswith("\n"):
                sys.stdout.write("\n")
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from spamsplice.train import train_model

    detector = train_model(args.corpus, args.out, seed=args.seed)
    print(f"saved {args.out} (threshold {detector.threshold:.2f})")
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    import spamsplice
    from spamsplice.evaluate import format_report
    from spamsplice.train import evaluate_model

    detector = spamsplice.load(args.model)
    report = evaluate_model(detector, args.corpus, split=args.split, seed=args.seed, disguise_rate=args.disguise_rate)
    print(format_report(report))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report.to_dict(), indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def _add_detect_like(sub, name: str, func, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="text file(s), or - for stdin")
    p.add_argument("--json", action="store_true", help="print JSON instead of the human-readable view")
    p.add_argument("--text-field", metavar="FIELD", help="inputs are JSONL records; detect in FIELD, write JSONL")
    p.add_argument("--threshold", type=float, help="span score needed to report a span (default: the model's)")
    p.add_argument("--model", metavar="PATH", help="model directory (default: the shipped model)")
    p.set_defaults(func=func)


def build_parser() -> argparse.ArgumentParser:
    from spamsplice import batch, server

    parser = argparse.ArgumentParser(prog="spamsplice", description=__doc__)
    parser.add_argument("--version", action="version", version=f"spamsplice {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress of train/eval")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_detect_like(sub, "detect", _cmd_detect, "Find spliced-in spam spans in posts.")
    _add_detect_like(sub, "clean", _cmd_clean, "Print posts with the spam spans removed.")

    train = sub.add_parser("train", help="Train the default model from the host corpora.")
    train.add_argument("--corpus", required=True, help="folder of clean host-text JSONL (e.g. ../shared/corpora)")
    train.add_argument("--out", required=True, help="model directory to write")
    train.add_argument("--seed", type=int, default=13)
    train.set_defaults(func=_cmd_train)

    ev = sub.add_parser("eval", help="Evaluate a model on synthetic insertions in held-out host text.")
    ev.add_argument("--corpus", required=True)
    ev.add_argument("--model", help="model directory (default: the shipped model)")
    ev.add_argument("--split", default="test", choices=["dev", "test"])
    ev.add_argument("--seed", type=int, default=29)
    ev.add_argument("--disguise-rate", type=float, default=0.0, help="fraction of insertions disguised")
    ev.add_argument("--json-out", help="also write the full report as JSON")
    ev.set_defaults(func=_cmd_eval)

    batch.add_cli(sub)
    server.add_cli(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        return int(args.func(args) or 0)
    except (FileNotFoundError, ValueError, UnicodeDecodeError) as exc:
        print(f"spamsplice: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
