"""The Spark engine on a real local Spark session: same records as the local runner, exactly once.

One session for the module (``local[2,2]``: two cores, and a failed task is retried once, as on a
cluster). Tiny partitions and Arrow batches, so that a few hundred records already span several tasks
and batches. The detector is a marker-word double from ``spark_doubles.py``, shipped to the Python
workers with ``addPyFile`` the way ``spark-submit --py-files`` ships code to a cluster.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import spark_doubles
from spamsplice import batch
from spamsplice.batch import ScanOptions, process_records

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
MARKER_FACTORY = "spark_doubles:marker_detector"

pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark", reason="the Spark engine's tests need pyspark: pip install 'spamsplice[spark]'")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs a Java runtime (Java 17): none on PATH and JAVA_HOME unset")
    from pyspark.sql import SparkSession

    # Workers must run this interpreter even when its venv is not activated (pyspark 4 reads the variable).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2,2]")
        .appName("spamsplice-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "8")
        .config("spark.sql.files.maxPartitionBytes", "4096")
        .config("spark.sql.files.openCostInBytes", "0")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("FATAL")  # one test kills a Python worker on purpose
    session.sparkContext.addPyFile(str(TESTS / "spark_doubles.py"))
    yield session
    session.stop()


# ------------------------------------------------------------------------------------------ helpers


def _documents(n: int, crash_at: int | None = None) -> list[dict]:
    """Invented records: every fifth carries the marker (twice in some), two languages, mixed lengths."""
    records = []
    for i in range(n):
        text = f"Document {i} describes the harbour, the library and the garden club meeting."
        if i % 5 == 0:
            text = text.replace("the library", f"the {spark_doubles.MARKER} library")
        if i % 15 == 0:
            text += f" Later {spark_doubles.MARKER} again."
        if i == crash_at:
            text += f" {spark_doubles.CRASH_MARKER}"
        records.append({"id": i, "lang": "en" if i % 3 else "hi", "text": text})
    return records


BAD_LINES = [
    b'{"id": 1001, "text": null}',
    b'{"id": 1002, "text": 42}',
    b'{"id": 1003}',
    b'{"id": 1004, "text": ""}',
    b'{"id": 1005, "text": "caf\xc3\xa9 ' + spark_doubles.MARKER.encode() + b' \xe0\xa4\x95"}',
    b'{"id": 1006, "text": "bad \xff byte"}',
    b"not json at all",
    b"[1, 2, 3]",
    b"",
    b'{"id": 1007, "text": "windows line ' + spark_doubles.MARKER.encode() + b'", "n": 1.50}\r',
    b'{"id": 1008, "big": 123456789012345678901234567890, "text": "big number"}',
]


def _write_jsonl(path: Path, records: list[dict], extra_lines: list[bytes] = (), compress: bool = False) -> Path:
    import orjson

    data = b"".join(orjson.dumps(r) + b"\n" for r in records) + b"".join(line + b"\n" for line in extra_lines)
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def _scan_cli(argv: list[str]) -> int:
    """``spamsplice scan ...`` through the batch module's own parser, as the ``spamsplice`` command runs it."""
    parser = argparse.ArgumentParser(prog="spamsplice")
    batch.add_cli(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["scan", *argv])
    return args.func(args)


def _local_and_spark(tmp_path: Path, inputs: list[str], *options: str, factory: str = MARKER_FACTORY, model: str | None = None) -> tuple[Path, Path]:
    """Run the same scan on both engines; return their output directories."""
    local, distributed = tmp_path / "local", tmp_path / "spark"
    common = [*options, "--quiet"]
    assert _scan_cli([*inputs, "-o", str(local), "--workers", "1", "--detector-factory", MARKER_FACTORY, *common]) == 0
    spark_model = ["--model", model] if model else []
    assert _scan_cli([*inputs, "-o", str(distributed), "--engine", "spark", "--detector-factory", factory, *spark_model, *common]) == 0
    return local, distributed


def _lines(directory: Path, pattern: str = "*.jsonl") -> list[bytes]:
    """All output lines under ``directory``, sorted: Spark writes part files, not the input's order."""
    lines: list[bytes] = []
    for path in sorted(directory.glob(pattern)):
        data = path.read_bytes()
        lines += (gzip.decompress(data) if path.suffix == ".gz" else data).splitlines()
    return sorted(lines)


def _rows(df, key: str = "id") -> list[dict]:
    """Collected rows as records, the annotation without the fields Spark fills with null."""
    rows = []
    for row in df.collect():
        record = row.asDict(recursive=True)
        record["spamsplice"] = {k: v for k, v in record["spamsplice"].items() if v is not None}
        rows.append(record)
    return sorted(rows, key=lambda r: r[key])


# ---------------------------------------------------------------------------------------- Python API


def test_import_is_cheap_and_a_missing_pyspark_names_the_extra(monkeypatch):
    code = "import sys, spamsplice.spark; assert 'pyspark' not in sys.modules, 'pyspark imported eagerly'"
    subprocess.run([sys.executable, "-c", code], check=True)

    from spamsplice import spark as engine

    monkeypatch.setitem(sys.modules, "pyspark", None)  # what an install without the extra looks like
    with pytest.raises(ImportError, match=r"needs pyspark: pip install 'spamsplice\[spark\]'"):
        engine.scan(None)
    monkeypatch.undo()

    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pandas" else real_find_spec(name, *a))
    with pytest.raises(ImportError, match=r"needs pandas .*pip install 'spamsplice\[spark\]'"):
        engine.scan(None)


@pytest.mark.parametrize(
    "options",
    [
        {"mode": "annotate"},
        {"mode": "clean", "keep_original": "original"},
        {"mode": "annotate", "threshold": 0.95},  # above the double's span score: nothing flagged
    ],
    ids=["annotate", "clean-keep-original", "threshold"],
)
def test_dataframe_scan_equals_the_local_per_record_function(spark, options):
    from spamsplice.spark import scan

    records = _documents(60) + [
        {"id": 900, "lang": "en", "text": None},
        {"id": 901, "lang": None, "text": ""},
        {"id": 902, "lang": "zh", "text": f"提高营 {spark_doubles.MARKER} 销效率"},
    ]
    df = spark.createDataFrame(records, "id long, lang string, text string").repartition(3)
    scanned = scan(df, detector_factory=MARKER_FACTORY, **options)

    names = ["id", "lang", "text", *(["original"] if "keep_original" in options else []), "spamsplice"]
    assert scanned.columns == names
    expected = process_records(records, spark_doubles.MarkerDetector(), ScanOptions(**options))
    # As rows of the output schema: a field the local record lacks (no original for an error) is null.
    assert _rows(scanned) == sorted(({n: r.get(n) for n in names} for r in expected), key=lambda r: r["id"])
    assert scanned.schema["spamsplice"].dataType.simpleString() == (
        "struct<score:double,spans:array<struct<start:bigint,end:bigint,text:string,score:double>>,error:string>"
    )


def test_a_non_string_text_column_gives_error_rows_not_lost_rows(spark):
    from spamsplice.spark import scan

    df = spark.createDataFrame([(i, i * 10) for i in range(20)], "id long, body long")
    rows = _rows(scan(df, text_col="body", detector_factory=MARKER_FACTORY))
    assert [r["id"] for r in rows] == list(range(20))
    assert {r["spamsplice"]["error"] for r in rows} == {"text not a string: field 'body' is int"}


def test_scan_checks_its_arguments_before_any_job(spark):
    from spamsplice.spark import scan

    df = spark.createDataFrame([(1, "a")], "id long, text string")
    with pytest.raises(ValueError, match="mode must be one of annotate, clean"):
        scan(df, mode="drop")
    with pytest.raises(ValueError, match="text column 'body' not found"):
        scan(df, text_col="body", detector_factory=MARKER_FACTORY)
    with pytest.raises(ValueError, match="threshold"):
        scan(df, threshold=1.5)
    with pytest.raises(ValueError, match="module:callable"):
        scan(df, detector_factory="no_colon_here")


def test_the_detector_is_loaded_once_per_python_worker(spark, tmp_path):
    from spamsplice.spark import scan

    df = spark.createDataFrame(_documents(160), "id long, lang string, text string").repartition(8)
    scanned = scan(df, detector_factory="spark_doubles:counting_marker_detector", model_path=str(tmp_path))
    assert len(scanned.collect()) == 160

    loads = Counter(int(path.name.split("-")[1]) for path in tmp_path.glob("load-*"))
    assert loads.pop(os.getpid()) == 1  # the driver's check that the model loads at all
    assert loads and set(loads.values()) == {1}, f"a worker loaded the detector more than once: {loads}"
    assert len(loads) <= 2, f"8 tasks on 2 cores should reuse 2 Python workers, {len(loads)} loaded it"


def test_the_real_default_model_on_spark(spark):
    config = REPO / "models" / "default" / "config.json"
    if not config.is_file():
        pytest.skip(f"{config} missing: the default model has not been trained into this checkout yet")
    import spamsplice
    from spamsplice.spark import scan

    records = [
        {"id": 1, "text": "Formats iceland phone number list may vary locally"},
        {"id": 2, "text": "The committee met on Tuesday to review the budget for the new library."},
        {"id": 3, "text": "提高营 手机号码清单 销效率"},
        {"id": 4, "text": None},
    ]
    df = spark.createDataFrame(records, "id long, text string")
    expected = process_records(records, spamsplice.load(), ScanOptions(mode="clean"))
    assert _rows(scan(df, mode="clean")) == expected


# ----------------------------------------------------------------------------------------------- CLI


def test_cli_jsonl_is_byte_identical_to_the_local_runner(spark, tmp_path, capsys):
    source = _write_jsonl(tmp_path / "dump.jsonl", _documents(150), BAD_LINES)
    local, distributed = _local_and_spark(tmp_path, [str(source)])

    spark_lines = _lines(distributed)
    assert spark_lines == _lines(local)
    assert len(spark_lines) == 150 + len(BAD_LINES) - 1  # the blank line is not a record
    visible = [p.name for p in distributed.iterdir() if not p.name.startswith((".", "_"))]
    assert len(visible) > 1, "the dump should span several partitions"
    assert all(name.startswith("part-") and name.endswith(".jsonl") for name in visible), visible


def test_cli_gzip_clean_mode_with_the_original_kept(spark, tmp_path):
    (tmp_path / "in").mkdir()
    _write_jsonl(tmp_path / "in" / "a.jsonl.gz", _documents(80), compress=True)
    _write_jsonl(tmp_path / "in" / "b.jsonl.gz", _documents(40)[::-1], BAD_LINES[:4], compress=True)
    local, distributed = _local_and_spark(tmp_path, [str(tmp_path / "in")], "--mode", "clean", "--keep-original", "raw_text")
    assert list(distributed.glob("part-*.jsonl.gz")), "gzip input keeps gzip output"
    assert _lines(distributed, "*.jsonl.gz") == _lines(local, "*.jsonl.gz")
    assert any(b'"raw_text"' in line for line in _lines(distributed, "*.jsonl.gz"))


@pytest.mark.parametrize("mode", ["drop", "split"])
def test_cli_drop_and_split_route_records_like_the_local_runner(spark, tmp_path, mode):
    source = _write_jsonl(tmp_path / "dump.jsonl", _documents(90), BAD_LINES[:3])
    local, distributed = _local_and_spark(tmp_path, [str(source)], "--mode", mode)
    if mode == "drop":
        assert _lines(distributed) == _lines(local)
        assert not any(spark_doubles.MARKER.encode() in line for line in _lines(distributed))
        return
    for output in ("clean", "flagged"):
        assert _lines(distributed / output) == _lines(local / output), output
    assert len(_lines(distributed / "flagged")) == 18
    assert len(_lines(distributed / "clean")) == 90 - 18 + 3


def test_a_task_retried_after_a_worker_crash_writes_every_record_once(spark, tmp_path):
    flag_dir = tmp_path / "flag"
    flag_dir.mkdir()
    source = _write_jsonl(tmp_path / "dump.jsonl", _documents(200, crash_at=170))
    local, distributed = _local_and_spark(
        tmp_path, [str(source)], factory="spark_doubles:crash_once_detector", model=str(flag_dir)
    )
    assert (flag_dir / "crashed").exists(), "the injected fault never fired"
    spark_lines = _lines(distributed)
    assert len(spark_lines) == 200
    assert spark_lines == _lines(local)


@pytest.mark.parametrize("mode", ["clean", "split"])
def test_cli_parquet_equals_the_local_runner(spark, tmp_path, mode):
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [{**r, "meta": {"source": "invented", "tags": [r["lang"], "x"]}} for r in _documents(120)]
    records.append({"id": 999, "lang": "en", "text": None, "meta": None})
    (tmp_path / "in").mkdir()
    pq.write_table(pa.Table.from_pylist(records[:70]), tmp_path / "in" / "a.parquet", row_group_size=20)
    pq.write_table(pa.Table.from_pylist(records[70:]), tmp_path / "in" / "b.parquet", row_group_size=20)

    keep = ["--keep-original", "original"] if mode == "clean" else []
    local, distributed = _local_and_spark(tmp_path, [str(tmp_path / "in")], "--mode", mode, *keep)
    outputs = ["."] if mode == "clean" else ["clean", "flagged"]
    for output in outputs:
        spark_rows = sorted(pq.read_table(distributed / output).to_pylist(), key=lambda r: r["id"])
        local_rows = sorted(pq.read_table(local / output).to_pylist(), key=lambda r: r["id"])
        assert spark_rows == local_rows, output
        names = pq.read_schema(next((distributed / output).glob("part-*.parquet"))).names
        assert names == ["id", "lang", "text", "meta", *(["original"] if keep else []), "spamsplice"]
    assert sum(pq.read_metadata(p).num_rows for p in distributed.rglob("part-*.parquet")) == len(records)


def test_cli_strict_mode_fails_the_job_with_the_record_error(spark, tmp_path, capsys):
    source = _write_jsonl(tmp_path / "dump.jsonl", _documents(20), [b'{"id": 77, "text": null}'])
    code = _scan_cli([str(source), "-o", str(tmp_path / "out"), "--engine", "spark", "--detector-factory", MARKER_FACTORY, "--strict", "--quiet"])
    assert code == 1
    assert "text not a string: field 'text' is null (--strict)" in capsys.readouterr().err


def test_cli_summary_counts_every_record_once(spark, tmp_path, capsys):
    source = _write_jsonl(tmp_path / "dump.jsonl", _documents(100), BAD_LINES)
    report = tmp_path / "report.html"
    assert _scan_cli([str(source), "-o", str(tmp_path / "out"), "--engine", "spark", "--detector-factory", MARKER_FACTORY, "--report", str(report)]) == 0
    err = capsys.readouterr().err
    assert "exactly once: 110 in = 110 out + 0 dropped" in err
    assert re.search(r"flagged\s+22 \(20\.00%\)", err), err
    assert "malformed JSON" in err and "invalid UTF-8" in err
    assert "spamsplice scan report" in report.read_text(encoding="utf-8")


def _small_jsonl(directory: Path) -> Path:
    return _write_jsonl(directory / "a.jsonl", _documents(3))


def _small_csv(directory: Path) -> Path:
    path = directory / "a.csv"
    path.write_text("id,text\n1,hello\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make_input", "extra", "message", "code"),
    [
        (_small_jsonl, ["--resume"], "--resume", 2),
        (_small_jsonl, ["--workers", "2"], "--master local[N]", 2),
        (_small_jsonl, ["--format", "json"], "--format json needs --engine local", 1),
        (_small_csv, [], "reads jsonl and parquet; csv", 1),
        (_small_jsonl, ["--compression", "zstd"], "--compression gzip", 1),
        (lambda directory: directory / "missing.jsonl", [], "no such file or directory", 1),
    ],
    ids=["resume", "workers", "json-array", "csv", "zstd-output", "missing"],
)
def test_cli_refuses_what_the_spark_engine_cannot_do(spark, tmp_path, capsys, make_input, extra, message, code):
    source = make_input(tmp_path)
    assert _scan_cli([str(source), "-o", str(tmp_path / "out"), "--engine", "spark", "--quiet", *extra]) == code
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_cli_keeps_an_existing_output_unless_told(spark, tmp_path, capsys):
    from spamsplice.spark import main

    source = _write_jsonl(tmp_path / "a.jsonl", _documents(10))
    out = tmp_path / "out"
    argv = [str(source), "-o", str(out), "--engine", "spark", "--detector-factory", MARKER_FACTORY, "--quiet"]
    assert main(argv[:3] + argv[5:]) == 0  # the spark-submit entry point: scan's arguments, engine implied
    assert _scan_cli(argv) == 1
    assert "output exists" in capsys.readouterr().err
    assert _scan_cli([*argv, "--overwrite"]) == 0
    assert len(_lines(out)) == 10
