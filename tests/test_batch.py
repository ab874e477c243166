"""The per-record function, the Python API and the scan runner (formats, modes, errors, resume, signals).

The detector is a double that flags the marker word ``SPAMWORD``; subprocess tests load it by name
(``--detector-factory test_batch:marker_detector``) with ``tests/`` on PYTHONPATH.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

import orjson
import pytest

from spamsplice import batch
from spamsplice.batch import ModelFactory, RecordError, ScanError, ScanOptions, process_records, route, run_scan, scan_records
from spamsplice.types import CleanResult, Detection, Span

MARKER = "SPAMWORD"
_MARKER_RE = re.compile(r"\s*SPAMWORD")
TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


class MarkerDetector:
    """Flags every ``SPAMWORD`` (score 0.9); documents without one score 0.1."""

    threshold = 0.5

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.batches: list[int] = []

    def detect(self, text: str, threshold: float | None = None) -> Detection:
        cut = self.threshold if threshold is None else threshold
        spans = tuple(Span(m.start(), m.end(), m.group(), 0.9) for m in re.finditer(MARKER, text)) if cut <= 0.9 else ()
        return Detection(0.9 if spans else 0.1, spans)

    def detect_many(self, texts: Sequence[str], threshold: float | None = None) -> list[Detection]:
        self.batches.append(len(texts))
        if self.delay:
            time.sleep(self.delay)
        return [self.detect(text, threshold) for text in texts]

    def clean(self, text: str, threshold: float | None = None) -> CleanResult:
        detection = self.detect(text, threshold)
        return CleanResult(_MARKER_RE.sub("", text) if detection.spans else text, detection.spans)


class BoomDetector(MarkerDetector):
    """Fails on any text containing ``BOOM`` (a detector bug met by one record)."""

    def detect(self, text: str, threshold: float | None = None) -> Detection:
        if "BOOM" in text:
            raise RuntimeError("boom")
        return super().detect(text, threshold)


def marker_detector(model_path: str | None) -> MarkerDetector:
    """Factory for subprocess runs; ``model_path``, when given, is a delay in seconds per batch."""
    return MarkerDetector(float(model_path) if model_path else 0.0)


def marker_factory(delay: float = 0.0) -> ModelFactory:
    return ModelFactory(str(delay) if delay else None, "test_batch:marker_detector")


@pytest.fixture(autouse=True)
def _importable_double(monkeypatch):
    """Let pool workers (any start method) and subprocesses import this module by name."""
    monkeypatch.syspath_prepend(str(TESTS))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))


def make_records(n: int, every: int = 5, start: int = 0) -> list[dict]:
    return [
        {"id": i, "lang": "en" if i % 2 else "hi", "text": f"record {i} says hello{' SPAMWORD' if i % every == 0 else ''} world"}
        for i in range(start, start + n)
    ]


def write_jsonl(path: Path, records: Sequence[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def scan(inputs, output, **kwargs) -> batch.ScanResult:
    kwargs.setdefault("detector_factory", marker_factory())
    kwargs.setdefault("workers", 1)
    kwargs.setdefault("progress", "none")
    return run_scan([str(i) for i in inputs], None if output is None else str(output), **kwargs)


# ------------------------------------------------------------------------------ process_records


def test_process_records_annotates_in_order_and_leaves_inputs_alone():
    records = make_records(12)
    before = json.loads(json.dumps(records))
    detector = MarkerDetector()
    out = process_records(records, detector, ScanOptions())
    assert records == before
    assert [r["id"] for r in out] == list(range(12))
    assert detector.batches == [12]  # one detect_many call for the whole batch
    for record in out:
        spans = record["spamsplice"]["spans"]
        assert bool(spans) == (MARKER in record["text"])
        for span in spans:
            assert record["text"][span["start"] : span["end"]] == span["text"] == MARKER


def test_process_records_turns_bad_records_into_error_records():
    from spamsplice.io import ERROR_FIELD

    records = [
        {"id": 1},
        {"id": 2, "text": 7},
        {"id": 3, "text": None},
        {"id": 4, "text": ""},
        {"id": 5, "text": " \n\t"},
        {"id": 6, "text": "x" * 101},
        {"_raw": "{broken", ERROR_FIELD: "malformed JSON: at 1"},
        ["not", "a", "dict"],
        {"id": 9, "text": "fine SPAMWORD"},
    ]
    out = process_records(records, MarkerDetector(), ScanOptions(max_chars=100))
    errors = [r["spamsplice"].get("error") for r in out]
    assert errors[:8] == [
        "missing text field: 'text'",
        "text not a string: field 'text' is int",
        "text not a string: field 'text' is null",
        "empty text",
        "empty text",
        "text too long: 101 characters, max_chars is 100",
        "malformed JSON: at 1",
        "not a JSON object: list",
    ]
    assert out[6] == {"_raw": "{broken", "spamsplice": {"error": "malformed JSON: at 1"}}
    assert out[7]["_raw"] == '["not","a","dict"]'
    assert out[1]["text"] == 7 and out[0]["id"] == 1
    assert route(out[8]) == "flagged" and [route(r) for r in out[:8]] == ["error"] * 8


def test_strict_raises_at_the_first_bad_record():
    with pytest.raises(RecordError) as caught:
        process_records([{"text": "ok"}, {"id": 2}], MarkerDetector(), ScanOptions(strict=True))
    assert caught.value.index == 1 and "missing text field" in str(caught.value)


def test_a_detector_failure_costs_one_record():
    out = process_records([{"text": "a SPAMWORD"}, {"text": "BOOM here"}, {"text": "plain"}], BoomDetector(), ScanOptions())
    assert [route(r) for r in out] == ["flagged", "error", "clean"]
    assert out[1]["spamsplice"]["error"] == "detector failed: RuntimeError: boom"
    with pytest.raises(RuntimeError):
        process_records([{"text": "BOOM"}], BoomDetector(), ScanOptions(strict=True))


def test_clean_mode_rewrites_flagged_text_and_keeps_the_original():
    out = process_records(
        [{"text": "buy SPAMWORD now"}, {"text": "nothing here"}], MarkerDetector(), ScanOptions(mode="clean", keep_original="orig")
    )
    assert out[0]["text"] == "buy now" and out[0]["orig"] == "buy SPAMWORD now"
    assert out[0]["spamsplice"]["spans"][0]["start"] == 4  # offsets into the original text
    assert out[1]["text"] == out[1]["orig"] == "nothing here"


def test_threshold_reaches_the_detector():
    out = process_records([{"text": "a SPAMWORD"}], MarkerDetector(), ScanOptions(threshold=0.95))
    assert route(out[0]) == "clean"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"mode": "wipe"}, "mode must be one of"),
        ({"threshold": 1.5}, "threshold"),
        ({"keep_original": "orig"}, "only applies to mode='clean'"),
        ({"mode": "clean", "keep_original": "text"}, "must differ"),
        ({"text_field": ""}, "text_field"),
        ({"max_chars": 0}, "max_chars"),
    ],
)
def test_scan_options_are_validated(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ScanOptions(**kwargs)


def test_route_reads_parquet_style_annotations():
    assert route({"spamsplice": {"score": 0.1, "spans": [], "error": None}}) == "clean"
    assert route({"spamsplice": {"error": "empty text"}}) == "error"
    assert route({"text": "never scanned"}) == "error"


# ------------------------------------------------------------------------------ scan_records


def test_scan_records_is_lazy_and_batched():
    detector = MarkerDetector()
    produced = []

    def source():
        for record in make_records(10):
            produced.append(record["id"])
            yield record

    stream = scan_records(source(), detector, batch_size=4)
    first = next(stream)
    assert first["id"] == 0 and produced == [0, 1, 2, 3]
    assert [r["id"] for r in stream] == list(range(1, 10))
    assert detector.batches == [4, 4, 2]


def test_scan_records_drop_mode_and_split_refusal():
    kept = list(scan_records(make_records(10), MarkerDetector(), mode="drop"))
    assert [r["id"] for r in kept] == [1, 2, 3, 4, 6, 7, 8, 9]
    with pytest.raises(ValueError, match="split"):
        list(scan_records([], MarkerDetector(), mode="split"))
    with pytest.raises(TypeError):
        list(scan_records([], MarkerDetector(), colour="red"))


def test_scan_records_is_the_public_api():
    import spamsplice

    assert spamsplice.scan_records is scan_records


# ------------------------------------------------------------------------------ formats and modes


def _write_all_formats(folder: Path, records: Sequence[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    import zstandard

    data = b"".join(orjson.dumps(r) + b"\n" for r in records)
    (folder / "a.jsonl").write_bytes(data)
    (folder / "b.jsonl.gz").write_bytes(gzip.compress(data))
    (folder / "c.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    (folder / "d.json").write_text(json.dumps(records), encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(list(records)), folder / "e.parquet")
    for name, delimiter in (("f.csv", ","), ("g.tsv", "\t")):
        with open(folder / name, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, ["id", "lang", "text"], delimiter=delimiter)
            writer.writeheader()
            writer.writerows(records)


def _read_any(path: Path) -> list[dict]:
    """Read an output shard back with the ecosystem's readers (not ours)."""
    import pyarrow.parquet as pq
    import zstandard

    name = path.name
    if name.endswith(".parquet"):
        return pq.read_table(path).to_pylist()
    raw = path.read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    elif name.endswith(".zst"):
        raw = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(raw), read_across_frames=True).read()
    if ".jsonl" in name:
        return [json.loads(line) for line in raw.splitlines()]
    if name.endswith(".json"):
        return json.loads(raw)
    delimiter = "\t" if name.endswith(".tsv") else ","
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""), delimiter=delimiter))
    for row in rows:
        row["spamsplice"] = json.loads(row["spamsplice"])
        row["id"] = int(row["id"])
    return rows


FORMAT_FILES = ["a.jsonl", "b.jsonl.gz", "c.jsonl.zst", "d.json", "e.parquet", "f.csv", "g.tsv"]


def test_every_format_round_trips_in_order_with_two_workers(tmp_path):
    records = make_records(300)
    inputs = tmp_path / "in"
    inputs.mkdir()
    _write_all_formats(inputs, records)
    result = scan([inputs], tmp_path / "out", workers=2, chunk_bytes=700)
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == FORMAT_FILES
    for name in FORMAT_FILES:
        got = _read_any(tmp_path / "out" / name)
        assert [r["id"] for r in got] == list(range(300)), name
        for record, original in zip(got, records):
            assert record["text"] == original["text"]
            assert bool(record["spamsplice"]["spans"]) == (MARKER in original["text"]), name
    assert result.stats.records_in == 7 * 300 == result.stats.records_out
    assert result.stats.flagged == 7 * 60


def test_text_input_one_document_per_line_and_whole_file(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "t.txt").write_bytes(b"first SPAMWORD line\r\nsecond line\n\nfourth\n")
    scan([tmp_path / "in"], tmp_path / "ann")
    lines = read_jsonl(tmp_path / "ann" / "t.jsonl")  # annotations need JSON: text annotates to jsonl
    assert [r.get("text") for r in lines] == ["first SPAMWORD line", "second line", "", "fourth"]
    assert lines[2]["spamsplice"] == {"error": "empty text"}
    scan([tmp_path / "in"], tmp_path / "clean", options=ScanOptions(mode="clean"))
    assert (tmp_path / "clean" / "t.txt").read_bytes() == b"first line\nsecond line\n\nfourth\n"
    scan([tmp_path / "in"], tmp_path / "whole", options=ScanOptions(mode="clean"), whole_file=True)
    assert (tmp_path / "whole" / "t.txt").read_bytes() == b"first line\r\nsecond line\n\nfourth\n"


@pytest.mark.parametrize("name", ["a.jsonl", "e.parquet", "f.csv"])
def test_clean_drop_and_split_modes(tmp_path, name):
    records = make_records(40) + [{"id": 40, "lang": "en", "text": ""}]
    (tmp_path / "in").mkdir()
    _write_all_formats(tmp_path / "in", records)
    source = tmp_path / "in" / name

    scan([source], tmp_path / "clean", options=ScanOptions(mode="clean", keep_original="orig"))
    cleaned = _read_any(tmp_path / "clean" / name)
    assert len(cleaned) == 41 and all(MARKER not in (r["text"] or "") for r in cleaned)
    assert cleaned[0]["orig"] == records[0]["text"] and cleaned[0]["text"] == "record 0 says hello world"

    result = scan([source], tmp_path / "drop", options=ScanOptions(mode="drop"))
    kept = _read_any(tmp_path / "drop" / name)
    assert [r["id"] for r in kept] == [r["id"] for r in records if MARKER not in r["text"]]
    assert kept[-1]["spamsplice"]["error"] == "empty text"  # errors are never dropped
    assert result.stats.dropped == 8 and result.stats.records_out == 33

    result = scan([source], tmp_path / "split", options=ScanOptions(mode="split"))
    clean = _read_any(tmp_path / "split" / "clean" / name)
    flagged = _read_any(tmp_path / "split" / "flagged" / name)
    assert [r["id"] for r in flagged] == list(range(0, 40, 5))
    assert sorted(r["id"] for r in clean + flagged) == list(range(41))
    assert result.stats.written == {"clean": 33, "flagged": 8}


def test_format_conversion_and_compression_options(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", make_records(20))
    scan([source], tmp_path / "out", out_format="json", out_compression="gzip")
    converted = json.loads(gzip.decompress((tmp_path / "out" / "in.json.gz").read_bytes()))
    assert [r["id"] for r in converted] == list(range(20))
    with pytest.raises(ScanError, match="cannot write jsonl input as parquet"):
        scan([source], tmp_path / "bad", out_format="parquet")
    (tmp_path / "in.txt").write_text("a line\n", encoding="utf-8")
    with pytest.raises(ScanError, match="text output holds no annotation"):
        scan([tmp_path / "in.txt"], tmp_path / "bad", out_format="txt")


@pytest.mark.parametrize("name", ["a.jsonl", "b.jsonl.gz", "c.jsonl.zst", "d.json", "f.csv"])
def test_a_pool_writes_the_bytes_one_worker_writes(tmp_path, name):
    """Pool workers hand blocks back as files, the inline worker writes them itself: same bytes."""
    records = make_records(300) + [{"id": 300, "lang": "en", "text": ""}]
    (tmp_path / "in").mkdir()
    _write_all_formats(tmp_path / "in", records)
    for mode in ("annotate", "split"):
        one = scan([tmp_path / "in" / name], tmp_path / f"{mode}1", options=ScanOptions(mode=mode), workers=1, chunk_bytes=700)
        two = scan([tmp_path / "in" / name], tmp_path / f"{mode}2", options=ScanOptions(mode=mode), workers=2, chunk_bytes=700)
        assert one.stats.records_in == two.stats.records_in == 301
        for folder in ("clean", "flagged") if mode == "split" else ("",):
            assert (tmp_path / f"{mode}1" / folder / name).read_bytes() == (tmp_path / f"{mode}2" / folder / name).read_bytes()
        assert not [p for p in (tmp_path / f"{mode}2").rglob("*") if ".partial" in p.name]


def test_no_more_workers_than_chunks(tmp_path, monkeypatch):
    import concurrent.futures

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a single chunk")

    small = write_jsonl(tmp_path / "small.jsonl", make_records(20))
    size = small.stat().st_size
    shard = batch.Shard("small.jsonl", str(small), batch.FileType("jsonl"), batch.FileType("jsonl"))
    assert batch._most_chunks([shard, shard], chunk_bytes=size, whole_file=False) == 2
    assert batch._most_chunks([shard], chunk_bytes=size - 1, whole_file=False) == 2  # one byte left over
    assert batch._most_chunks([shard], chunk_bytes=1, whole_file=True) == 1
    packed = batch.Shard("small.jsonl.gz", str(small), batch.FileType("jsonl", "gzip"), batch.FileType("jsonl"))
    assert batch._most_chunks([shard, packed], chunk_bytes=size, whole_file=False) is None  # cut as it is read
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    result = scan([small], tmp_path / "out", workers=8)
    assert result.stats.records_out == 20 and len(read_jsonl(tmp_path / "out" / "small.jsonl")) == 20


@pytest.mark.parametrize("score", [0.0, -0.0, 0.5, 0.123456, 0.99995, 1e-9, 1, True, float("nan")])
def test_clean_scores_are_rounded_as_the_detection_rounds_them(score):
    detector = MarkerDetector()
    detector.detect = lambda text, threshold=None: Detection(score, ())  # type: ignore[method-assign]
    for _ in range(2):  # the second time from memory
        got = process_records([{"text": "plain"}], detector, ScanOptions())[0]["spamsplice"]["score"]
        assert orjson.dumps(got) == orjson.dumps(Detection(score, ()).to_dict()["score"])


# ------------------------------------------------------------------------------ errors, exactly once


def test_error_records_pass_through_and_are_counted(tmp_path):
    lines = [
        orjson.dumps({"id": 1, "text": "good SPAMWORD"}),
        b"{broken json",
        b'{"id": 3, "text": "caf\xff"}',
        b'{"id": 4}',
        b'{"id": 5, "text": ["list"]}',
        b'{"id": 6, "text": ""}',
        b"[1, 2]",
        b"   ",
        orjson.dumps({"id": 8, "text": "big " * 1_250_001}),  # 5,000,004 characters: over the default limit
        b'{"id": 9, "text": "ok", "n": 123456789012345678901234567890}',
    ]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines))  # and no final newline
    result = scan([source], tmp_path / "out", workers=2)  # the long line makes several chunks: a real pool
    out = read_jsonl(tmp_path / "out" / "in.jsonl")
    assert len(out) == 9 == result.stats.records_in == result.stats.records_out  # the blank line is no record
    errors = [r["spamsplice"].get("error", "") for r in out]
    assert errors[1].startswith("malformed JSON") and out[1]["_raw"] == "{broken json"
    assert errors[2] == "invalid UTF-8: at byte 22" and out[2]["_raw"] == '{"id": 3, "text": "caf\\xff"}'
    assert errors[3:7] == ["missing text field: 'text'", "text not a string: field 'text' is list", "empty text", "not a JSON object: list"]
    assert errors[7].startswith("text too long: 5000004 characters") and out[7]["text"] == "big " * 1_250_001
    assert b"123456789012345678901234567890" in (tmp_path / "out" / "in.jsonl").read_bytes()  # kept exactly
    assert result.stats.errors == 7 and result.stats.flagged == 1
    assert result.stats.error_kinds["malformed JSON"] == 1


def test_strict_stops_the_run_and_leaves_no_partial_shard(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", make_records(50) + [{"id": 50}])
    with pytest.raises(ScanError, match=r"record 51: missing text field: 'text' \(--strict\)"):
        scan([source], tmp_path / "out", options=ScanOptions(strict=True), chunk_bytes=300, workers=2)
    assert [p.name for p in (tmp_path / "out").iterdir()] == []


def test_exactly_once_check_catches_a_lost_record(tmp_path, monkeypatch):
    from spamsplice.io import jsonl

    real_encode = jsonl.JsonlEncoder.encode
    monkeypatch.setattr(jsonl.JsonlEncoder, "encode", lambda self, records, raws: real_encode(self, records[1:], raws and raws[1:]))
    source = write_jsonl(tmp_path / "in.jsonl", make_records(10))
    with pytest.raises(ScanError, match="exactly-once check failed: 10 records in, 9 out"):
        scan([source], tmp_path / "out")
    assert not (tmp_path / "out" / "in.jsonl").exists()


def test_an_unreadable_shard_fails_alone(tmp_path):
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "a.jsonl", make_records(5))
    (tmp_path / "in" / "b.jsonl.gz").write_bytes(gzip.compress(b"".join(orjson.dumps(r) + b"\n" for r in make_records(500)))[:300])
    (tmp_path / "in" / "c.json").write_text('[{"text": "a"}, {"text": ', encoding="utf-8")
    write_jsonl(tmp_path / "in" / "d.jsonl", make_records(5))
    result = scan([tmp_path / "in"], tmp_path / "out")
    assert result.exit_code == 1
    assert len(result.stats.failures) == 2 and "b.jsonl.gz" in result.stats.failures[0] and "c.json" in result.stats.failures[1]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".spamsplice-manifest.json", "a.jsonl", "d.jsonl"]


def test_a_worker_failing_on_an_input_fails_that_shard_alone(tmp_path, monkeypatch):
    from spamsplice.io import jsonl

    real_decode = jsonl.JsonlDecoder.decode

    def fragile_decode(self, payload):
        if b"EXPLODE" in jsonl.payload_bytes(payload):
            raise RuntimeError("cannot cope")
        return real_decode(self, payload)

    monkeypatch.setattr(jsonl.JsonlDecoder, "decode", fragile_decode)
    (tmp_path / "in").mkdir()
    for name, records in (("a", make_records(30)), ("b", make_records(30) + [{"text": "EXPLODE"}]), ("c", make_records(30))):
        write_jsonl(tmp_path / "in" / f"{name}.jsonl", records)
    result = scan([tmp_path / "in"], tmp_path / "out", chunk_bytes=500)
    assert result.exit_code == 1 and result.stats.failures == [f"{tmp_path / 'in' / 'b.jsonl'}: RuntimeError: cannot cope"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".spamsplice-manifest.json", "a.jsonl", "c.jsonl"]
    assert result.stats.records_in == 60


def test_a_broken_detector_is_a_clear_error(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", make_records(5))
    with pytest.raises(batch.DetectorLoadError, match="could not load the detector: ModuleNotFoundError"):
        scan([source], tmp_path / "out", detector_factory=ModelFactory(None, "no_such_module:factory"), workers=2, chunk_bytes=100)


# ------------------------------------------------------------------------------ manifest and resume


def test_manifest_and_resume_skip_finished_shards(tmp_path):
    (tmp_path / "in").mkdir()
    for n in range(3):
        write_jsonl(tmp_path / "in" / f"p{n}.jsonl", make_records(10, start=10 * n))
    first = scan([tmp_path / "in"], tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / batch.MANIFEST_NAME).read_text())
    assert sorted(manifest["shards"]) == ["p0.jsonl", "p1.jsonl", "p2.jsonl"]
    assert manifest["shards"]["p1.jsonl"]["stats"]["records_in"] == 10

    with pytest.raises(ScanError, match="--resume"):
        scan([tmp_path / "in"], tmp_path / "out")
    again = scan([tmp_path / "in"], tmp_path / "out", resume=True)
    assert again.stats.shards_skipped == 3 and again.stats.shards_done == 0
    assert again.stats.records_in == first.stats.records_in == 30  # the summary covers the whole dump

    write_jsonl(tmp_path / "in" / "p1.jsonl", make_records(12, start=10))  # a changed input is scanned again
    changed = scan([tmp_path / "in"], tmp_path / "out", resume=True)
    assert changed.stats.shards_skipped == 2 and changed.stats.records_in == 32
    with pytest.raises(ScanError, match="other options"):
        scan([tmp_path / "in"], tmp_path / "out", resume=True, options=ScanOptions(mode="drop"))
    assert scan([tmp_path / "in"], tmp_path / "out", overwrite=True).stats.shards_done == 3


def test_the_model_fingerprint_follows_the_model_files(tmp_path):
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    before = ModelFactory(str(tmp_path)).fingerprint()
    (tmp_path / "weights.npz").write_bytes(b"new weights")
    after = ModelFactory(str(tmp_path)).fingerprint()
    assert before.startswith(f"model:{tmp_path}@") and after != before
    assert ModelFactory(None, "pkg:factory").fingerprint() == "pkg:factory(default)"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "spamsplice", "scan", *args, "--detector-factory", "test_batch:marker_detector"]


def _dump(folder: Path, shards: int, records: int) -> Path:
    folder.mkdir()
    for n in range(shards):
        write_jsonl(folder / f"part-{n:02d}.jsonl", make_records(records, start=n * records))
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _wait_for_finished_shards(output: Path, process: subprocess.Popen, count: int) -> None:
    manifest = output / batch.MANIFEST_NAME
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.exists() and len(json.loads(manifest.read_bytes())["shards"]) >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"the scan did not finish {count} shards in time (exit code {process.poll()})")


@pytest.mark.slow
def test_resume_after_sigkill_is_byte_identical(tmp_path):
    inputs = _dump(tmp_path / "in", shards=6, records=60)
    slow = ["--workers", "2", "--chunk-bytes", "400", "--model", "0.03", "--quiet"]  # the double's delay per batch
    reference = tmp_path / "reference"
    subprocess.run(_cli(str(inputs), "-o", str(reference), *slow), check=True)

    killed = tmp_path / "killed"
    process = subprocess.Popen(_cli(str(inputs), "-o", str(killed), *slow), start_new_session=True)
    _wait_for_finished_shards(killed, process, 2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = json.loads((killed / batch.MANIFEST_NAME).read_bytes())["shards"]
    assert 2 <= len(finished) < 6, "kill the run in the middle"
    for name in _tree(killed):  # whatever has a final name is complete
        if not name.startswith("."):
            assert _tree(killed)[name] == _tree(reference)[name]
    assert any(name.startswith(".part-") for name in _tree(killed)), "the kill should leave a partial shard behind"

    subprocess.run(_cli(str(inputs), "-o", str(killed), *slow, "--resume"), check=True)
    assert _tree(killed) == _tree(reference)  # shards and manifest, byte for byte


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_leaving_only_complete_shards(tmp_path):
    # Long enough (12 slow shards) that the interrupt lands mid-run even on a loaded machine.
    inputs = _dump(tmp_path / "in", shards=12, records=60)
    output = tmp_path / "out"
    process = subprocess.Popen(
        _cli(str(inputs), "-o", str(output), "--workers", "2", "--chunk-bytes", "400", "--model", "0.1"),
        start_new_session=True,
        # A runner that starts us in the background hands down SIGINT ignored; a terminal user's scan has it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        stderr=subprocess.PIPE,
    )
    _wait_for_finished_shards(output, process, 1)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: the whole foreground process group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"interrupted" in stderr and b"--resume" in stderr
    files = _tree(output)
    finished = json.loads(files.pop(batch.MANIFEST_NAME))["shards"]
    assert sorted(files) == sorted(finished)  # no partial files; every file is a finished shard
    for name, content in files.items():
        assert len(content.splitlines()) == 60
        assert content.endswith(b"}\n")


def test_stdin_to_stdout(tmp_path):
    data = b"".join(orjson.dumps(r) + b"\n" for r in make_records(30)) + b"not json\n"
    result = subprocess.run(_cli("-", "-o", "-", "--workers", "2", "--chunk-bytes", "300"), input=data, capture_output=True, check=True)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("id") for r in out] == [*range(30), None]
    assert out[-1] == {"_raw": "not json", "spamsplice": {"error": out[-1]["spamsplice"]["error"]}}
    assert b"spamsplice scan summary" in result.stderr and b"31 in = 31 out + 0 dropped" in result.stderr


def test_cli_quiet_report_and_arguments(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", make_records(20))
    report = tmp_path / "report.html"
    result = subprocess.run(_cli(str(source), "-o", str(tmp_path / "out"), "--quiet", "--report", str(report)), capture_output=True)
    assert result.returncode == 0 and result.stderr == b""
    assert "<mark" in report.read_text(encoding="utf-8")
    bad = subprocess.run(_cli(str(source), "-o", str(tmp_path / "o.jsonl")), capture_output=True)
    assert bad.returncode == 2 and b"output directory" in bad.stderr
    missing = subprocess.run(_cli(str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o")), capture_output=True)
    assert missing.returncode == 1 and b"no such file" in missing.stderr


def test_spark_engine_is_handed_the_arguments(monkeypatch):
    import argparse
    import types

    seen = []
    monkeypatch.setitem(sys.modules, "spamsplice.spark", types.SimpleNamespace(run_cli=lambda args: seen.append(args) or 7))
    parser = argparse.ArgumentParser()
    batch.add_cli(parser.add_subparsers())
    args = parser.parse_args(["scan", "in.jsonl", "-o", "out", "--engine", "spark"])
    assert args.func(args) == 7
    assert seen[0].master == "local[*]" and seen[0].inputs == ["in.jsonl"]


def test_progress_bar_and_log_lines():
    stream = io.StringIO()
    progress = batch.Progress(total_bytes=10_000_000, style="bar", stream=stream)
    progress.update(1234, 5_000_000, 7, force=True)
    progress.close()
    text = stream.getvalue()
    assert text.startswith("\r") and "50.0%" in text and "1,234 records" in text and "7 flagged" in text and "ETA" in text
    logged = io.StringIO()
    progress = batch.Progress(total_bytes=0, style="log", stream=logged)
    progress.update(10, 100, 1)  # throttled: nothing before the interval
    progress.update(10, 100, 1, force=True)
    assert logged.getvalue().count("\n") == 1 and logged.getvalue().startswith("spamsplice scan: 10 records")


def test_the_real_default_model(tmp_path):
    if not (REPO / "models" / "default" / "config.json").exists():
        pytest.skip("the default model is not built yet (models/default/config.json missing)")
    records = [{"id": 1, "text": "Formats iceland phone number list may vary locally"}, {"id": 2, "text": "A quiet walk by the river."}]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    result = scan([source], tmp_path / "out", detector_factory=ModelFactory(), workers=2)
    out = read_jsonl(tmp_path / "out" / "in.jsonl")
    import spamsplice

    detector = spamsplice.load()
    assert result.exit_code == 0
    assert [r["spamsplice"] for r in out] == [detector.detect(r["text"]).to_dict() for r in records]


@pytest.mark.parametrize("pool_worker, frozen", [(True, True), (False, False)])
def test_only_pool_workers_freeze_what_they_hold_out_of_the_collectors_sight(pool_worker, frozen):
    """A pool worker's model and caches live as long as it does; freezing them keeps full collections
    short. The caller's own process (one worker, or the Python API) is left as it was."""
    code = (
        "import gc, spamsplice.batch as b\n"
        f"b._init_worker(lambda: object(), b.ScanOptions(), {pool_worker})\n"
        "print(gc.get_freeze_count() > 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == str(frozen)
