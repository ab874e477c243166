#!/usr/bin/env python3
"""Coverage-guided fuzz target: the JSONL path of a scan, from raw bytes to output lines.

The input is the bytes of a JSONL file. It goes through what a scan worker runs
(``spamsplice.batch._process_chunk``: ``JsonlDecoder`` -> ``annotate_records`` -> ``JsonlEncoder``) with a
stand-in detector that flags every ``zz``, in every mode: ``annotate`` (the input line is copied and the
annotation spliced in), ``clean`` (lines reused where the text did not change), ``clean`` with
``keep_original`` (records re-serialized) and ``split`` (two outputs). Checked for every input:

- ``parse_line`` never raises and returns a record or an error record (``_raw`` plus the reason);
- every non-blank input line comes out as exactly one output line, in order, in the output its route
  says, and that line is JSON our own reader accepts (a scan's output is a valid scan input);
- the output record is the input record plus the annotation: an ``error`` for unreadable or unscannable
  records, otherwise score and spans whose offsets cover exactly their text; ``clean`` mode rewrites only
  the text field and keeps the original where asked;
- the output does not depend on how the file is cut: whole, as byte ranges that workers read
  themselves (``FileRange``), or as blocks split at newlines (``iter_line_chunks``).

Run: ``python fuzz/fuzz_jsonl.py NEW_DIR fuzz/corpus/jsonl -max_total_time=600`` (see docs/security.md).
"""

from __future__ import annotations

import io
import os
import tempfile
from typing import Any, Sequence

import atheris
import orjson

from harness import run

with atheris.instrument_imports(include=["spamsplice"]):
    from spamsplice import batch
    from spamsplice.clean import remove_spans
    from spamsplice.io import ERROR_FIELD, RAW_FIELD
    from spamsplice.io.jsonl import FileRange, JsonlDecoder, JsonlEncoder, file_ranges, iter_line_chunks, parse_line
    from spamsplice.types import CleanResult, Detection, Span

MARKER = "zz"
TEXT_FIELD = "text"
ORIGINAL_FIELD = "original_text"
ANNOTATION = "spamsplice"
MAX_CHARS = 5_000
MODES = {
    "annotate": batch.ScanOptions(text_field=TEXT_FIELD, max_chars=MAX_CHARS),
    "clean": batch.ScanOptions(text_field=TEXT_FIELD, mode="clean", max_chars=MAX_CHARS),
    "clean_keep": batch.ScanOptions(text_field=TEXT_FIELD, mode="clean", keep_original=ORIGINAL_FIELD, max_chars=MAX_CHARS),
    "split": batch.ScanOptions(text_field=TEXT_FIELD, mode="split", max_chars=MAX_CHARS),
}


class MarkerDetector:
    """Flags every ``zz``: enough to send arbitrary records down the flagged and the clean paths."""

    threshold = 0.5

    def detect(self, text: str, threshold: float | None = None) -> Detection:
        spans, start = [], text.find(MARKER)
        while start >= 0:
            spans.append(Span(start, start + len(MARKER), MARKER, 0.9))
            start = text.find(MARKER, start + len(MARKER))
        return Detection(0.9 if spans else 0.1, tuple(spans))

    def detect_many(self, texts: Sequence[str], threshold: float | None = None) -> list[Detection]:
        return [self.detect(text, threshold) for text in texts]

    def clean(self, text: str, threshold: float | None = None) -> CleanResult:
        return remove_spans(text, self.detect(text, threshold).spans)


DETECTOR = MarkerDetector()
# FileRange reads by path: one scratch file, unlinked at once (libFuzzer exits without cleanup) and
# reached through /proc while this process keeps it open.
_SCRATCH_FD, _scratch_name = tempfile.mkstemp(prefix="spamsplice-fuzz-", suffix=".jsonl")
os.unlink(_scratch_name)
SCRATCH = f"/proc/self/fd/{_SCRATCH_FD}"


def process(payload: bytes | FileRange, mode: str) -> dict[str, bytes]:
    """One worker chunk, exactly as a scan runs it: output name -> lines."""
    batch._init_worker(lambda: DETECTOR, MODES[mode], pool_worker=False)
    result = batch._process_chunk(JsonlDecoder(), JsonlEncoder(), payload, None)
    stats = result.stats
    assert stats.records_in == sum(stats.written.values()) and not stats.dropped, stats
    for name, block in result.payloads.items():
        assert stats.written[name] == block.count(b"\n"), (name, stats)
    return result.payloads


def expected_error(record: dict[str, Any]) -> bool:
    text = record.get(TEXT_FIELD)
    return ERROR_FIELD in record or type(text) is not str or not text or text.isspace() or len(text) > MAX_CHARS


def without(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in keys}


def output_of(line: bytes, mode: str) -> str:
    """The output a line must land in: split mode sends flagged records to one, the rest to the other."""
    if mode != "split":
        return "out"
    record = parse_line(line)[0]
    return "flagged" if not expected_error(record) and DETECTOR.detect(record[TEXT_FIELD]).spans else "clean"


def check_record(line: bytes, out_line: bytes, mode: str) -> None:
    record, is_object = parse_line(line)
    assert type(record) is dict, record
    if not is_object:
        assert set(record) == {RAW_FIELD, ERROR_FIELD}, record
    output = orjson.loads(out_line)  # our own reader must accept our output
    assert type(output) is dict, out_line
    annotation = output[ANNOTATION]
    if expected_error(record):
        assert set(annotation) == {"error"} and isinstance(annotation["error"], str), (line, annotation)
        assert without(output, ANNOTATION) == without(record, ERROR_FIELD, ANNOTATION), (line, out_line)
        return
    text = record[TEXT_FIELD]
    assert set(annotation) == {"score", "spans"}, (line, annotation)
    expected_spans = DETECTOR.detect(text).spans
    assert [(s["start"], s["end"], s["text"]) for s in annotation["spans"]] == [
        (s.start, s.end, s.text) for s in expected_spans
    ], (line, annotation)
    for span in annotation["spans"]:
        assert text[span["start"]:span["end"]] == span["text"], (line, span)
    if mode in ("annotate", "split"):
        assert without(output, ANNOTATION) == without(record, ANNOTATION), (line, out_line)
        return
    rewritten = {TEXT_FIELD}
    if mode == "clean_keep":
        rewritten.add(ORIGINAL_FIELD)
        assert output[ORIGINAL_FIELD] == text, (line, out_line)
    assert output[TEXT_FIELD] == (DETECTOR.clean(text).text if expected_spans else text), (line, out_line)
    assert without(output, ANNOTATION, *rewritten) == without(record, ANNOTATION, *rewritten), (line, out_line)


def test_one_input(data: bytes) -> None:
    lines = [line for line in data.split(b"\n") if line and not line.isspace()]
    # Cuts every few bytes (at most about five pieces, to keep the run fast) land inside lines, on
    # newlines and at the very end.
    chunk_bytes = max(1 + (data[-1] % 64 if data else 0), len(data) // 4)
    blocks = list(iter_line_chunks(io.BytesIO(data), chunk_bytes))
    assert b"".join(blocks) == data, "iter_line_chunks lost or repeated bytes"
    assert all(block.endswith(b"\n") for block in blocks[:-1]), "a block does not end on a line boundary"
    os.ftruncate(_SCRATCH_FD, 0)
    os.pwrite(_SCRATCH_FD, data, 0)
    ranges = list(file_ranges(SCRATCH, len(data), chunk_bytes))
    assert b"".join(r.read() for r in ranges) == data, "file ranges lost or repeated a line"
    for mode in MODES:
        outputs = process(data, mode)
        routed: dict[str, list[bytes]] = {name: [] for name in outputs}
        for line in lines:
            routed[output_of(line, mode)].append(line)
        for name, block in outputs.items():
            out_lines = block.split(b"\n")[:-1]
            assert len(out_lines) == len(routed[name]), (mode, name, len(routed[name]), len(out_lines))
            for line, out_line in zip(routed[name], out_lines):
                check_record(line, out_line, mode)
        if mode == "annotate":  # cutting concerns the reading; one mode is enough
            whole = outputs["out"]
            assert b"".join(process(r, mode)["out"] for r in ranges) == whole, "output depends on the file ranges"
            assert b"".join(process(b, mode)["out"] for b in blocks) == whole, "output depends on the blocks"


if __name__ == "__main__":
    run(test_one_input, "jsonl.dict")
