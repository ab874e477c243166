"""Distributed scanning on Apache Spark, with the local runner's per-record function.

Spark moves rows to Python workers as Arrow batches (``mapInArrow``). Each worker loads the detector
once (a cache keyed by factory and model path, which lives as long as the worker: Spark reuses its Python
workers across tasks) and hands every batch to :func:`spamsplice.batch.annotate_records` (``process_records``
plus each record's route), the function the local runner's workers call, so both engines write the same
records. Nothing here re-implements detection, error records or routing.

Two ways in:

- :func:`scan` (Python API): a DataFrame in, the same DataFrame plus a ``spamsplice`` struct column out
  (and the cleaned text in ``clean`` mode). Lazy, like any Spark transformation.
- :func:`scan_paths` (what ``spamsplice scan --engine spark`` and the spark-submit entry :func:`main`
  run): JSONL or Parquet paths Spark understands in, the same format out. JSONL is read as raw lines and written through the local runner's own decoder and
  encoder, so a malformed line becomes the same ``_raw`` error record and every output line is
  byte-identical to the local runner's (Spark has no resume: it retries failed tasks itself, and its
  output committer publishes each task's output exactly once).

pyspark is imported lazily, inside functions: importing this module stays cheap and works without it.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from spamsplice.batch import (
    ANNOTATION_FIELD,
    ModelFactory,
    ScanError,
    ScanOptions,
    annotate_records,
    output_of,
)
from spamsplice.io import FileType
from spamsplice.report import ScanStats

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

INSTALL_HINT = "pip install 'spamsplice[spark]'"
API_MODES = ("annotate", "clean")
# split mode: the column naming each row's output (clean or flagged); Spark writes one folder per value.
OUTPUT_COLUMN = "_spamsplice_output"
# the text source writes part-*.txt; JSONL output is renamed to the extension the local runner uses.
_SPARK_TEXT_EXTENSION = ".txt"
_SPARK_COMPRESSIONS = {"none": "none", "gzip": "gzip"}  # Spark's text writer has no zstd codec
_PANDAS_NOISE = "PySpark does not yet fully support pandas"


def _require_pyspark() -> None:
    """Fail early with the install hint rather than deep inside a Spark call.

    ``mapInArrow`` also needs pandas (pyspark's ``sql`` extra), which a bare ``pip install pyspark`` lacks.
    """
    import importlib.util

    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise ImportError(f"the Spark engine needs pyspark: {INSTALL_HINT}") from exc
    if importlib.util.find_spec("pandas") is None:
        raise ImportError(f"the Spark engine needs pandas (pyspark's sql extra): {INSTALL_HINT}")


# ------------------------------------------------------------------------------------------ workers

_DETECTORS: dict[ModelFactory, Any] = {}


def _cached_detector(factory: ModelFactory) -> Any:
    """The detector of this process, loaded on first use: once per Python worker, never once per row."""
    detector = _DETECTORS.get(factory)
    if detector is None:
        detector = _DETECTORS[factory] = factory()
    return detector


class _StatsParam:
    """Merges the per-batch :class:`ScanStats` of the workers into the run's figures on the driver.

    Spark applies a task's accumulator updates once, when the task succeeds: a retried task's failed
    attempt never counts, so the figures (and the exactly-once check built on them) stay exact.
    """

    def zero(self, value: ScanStats) -> ScanStats:
        return ScanStats()

    def addInPlace(self, total: ScanStats, more: ScanStats) -> ScanStats:  # noqa: N802 - pyspark's name
        total.merge(more)
        return total


@dataclass(frozen=True)
class _Scanner:
    """The function Spark runs on each partition: Arrow batches in, annotated Arrow batches out.

    A module-level class (not a closure) so that workers find ``_DETECTORS`` in the imported module and
    keep it between tasks. ``columns`` is the output column order fixed on the driver (frame input);
    ``lines``: the rows are raw JSONL lines (a binary ``value`` column) rather than records.
    """

    options: ScanOptions
    factory: ModelFactory
    columns: tuple[str, ...] = ()
    lines: bool = False
    stats: Any = None  # a pyspark Accumulator of ScanStats, or None

    def __call__(self, batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import resource

        detector = _cached_detector(self.factory)
        for batch in batches:
            stats = ScanStats()
            if self.lines:
                yield _scan_lines(batch, detector, self.options, stats)
            else:
                yield _scan_frame(batch, detector, self.options, self.columns, stats)
            if self.stats is not None:
                stats.peak_worker_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
                self.stats.add(stats)


def _route_rows(mode: str, routes: Sequence[str], stats: ScanStats) -> list[str | None]:
    """Each record's output (``batch.output_of``; None: dropped), counted as written or dropped."""
    targets = [output_of(mode, record_route) for record_route in routes]
    for name in targets:
        if name is None:
            stats.dropped += 1
        else:
            stats.written[name] = stats.written.get(name, 0) + 1
    return targets


def _scan_frame(batch: "pa.RecordBatch", detector: Any, options: ScanOptions, columns: tuple[str, ...], stats: ScanStats) -> "pa.RecordBatch":
    """One batch of DataFrame rows through the per-record function; the other columns stay Arrow, untouched.

    The per-record function only reads the text field (the summary also reads ``lang`` and ``id``), so only
    those columns become Python objects; its output text, kept original and annotation are spliced
    back next to the original columns, which gives the record the local runner would write.
    """
    import pyarrow as pa

    from spamsplice.io.parquet import annotation_type

    text_field = options.text_field
    names = [n for n in dict.fromkeys((text_field, "lang", "id")) if n in batch.schema.names]
    records = [dict(zip(names, row)) for row in zip(*(batch.column(n).to_pylist() for n in names))]
    texts = [r.get(text_field) for r in records]
    out, routes = annotate_records(records, detector, options, in_place=True)
    stats.records_in += len(records)
    stats.add_records(out, texts, routes)

    arrays = dict(zip(batch.schema.names, batch.columns))
    if options.mode == "clean":
        arrays[text_field] = pa.array([r[text_field] for r in out], type=batch.schema.field(text_field).type)
    if options.keep_original:
        arrays[options.keep_original] = pa.array([r.get(options.keep_original) for r in out], type=pa.string())
    arrays[ANNOTATION_FIELD] = pa.array([r[ANNOTATION_FIELD] for r in out], type=annotation_type())
    targets = _route_rows(options.mode, routes, stats)
    if OUTPUT_COLUMN in columns:
        arrays[OUTPUT_COLUMN] = pa.array(targets, type=pa.string())
    result = pa.RecordBatch.from_arrays([arrays[n] for n in columns], names=list(columns))
    return result if None not in targets else result.filter(pa.array([t is not None for t in targets]))


def _string_rows(block: bytes) -> "pa.Array":
    """Newline-terminated lines -> a string array of the lines without their newlines.

    Built from two buffers (the text without newlines, the line ends) instead of one Python object
    per line: a sixth of the cost. The text is valid UTF-8: orjson wrote it or validated it on reading.
    """
    import numpy as np
    import pyarrow as pa

    ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == ord("\n"))
    if len(block) >= 2**31:
        raise ValueError("one Arrow batch of output exceeds 2 GiB; lower spark.sql.execution.arrow.maxRecordsPerBatch")
    offsets = np.empty(len(ends) + 1, dtype=np.int32)
    offsets[0] = 0
    offsets[1:] = ends - np.arange(len(ends))  # each end, less the newlines removed before it
    return pa.Array.from_buffers(pa.string(), len(ends), [None, pa.py_buffer(offsets), pa.py_buffer(block.replace(b"\n", b""))])


def _scan_lines(batch: "pa.RecordBatch", detector: Any, options: ScanOptions, stats: ScanStats) -> "pa.RecordBatch":
    """One batch of raw JSONL lines through the local runner's decoder, per-record function and encoder.

    The encoder copies a line that only gained the annotation instead of re-serializing it (as the
    local runner's workers do), so the output bytes are the local runner's. The encoded block is cut
    back into one row per output line.
    """
    import pyarrow as pa

    from spamsplice.io.jsonl import JsonlDecoder, JsonlEncoder

    records, raws = JsonlDecoder().decode(b"\n".join(batch.column(0).to_pylist()))
    text_field = options.text_field
    texts = [r.get(text_field) if type(r) is dict else None for r in records]
    out, routes = annotate_records(records, detector, options, in_place=True)
    stats.records_in += len(records)
    stats.add_records(out, texts, routes)
    targets = _route_rows(options.mode, routes, stats)
    kept = [i for i, target in enumerate(targets) if target is not None]
    # A raw line can be reused only when the output is that line's object plus the annotation.
    reuse = not (options.mode == "clean" and options.keep_original)
    kept_raws = [raws[i] if reuse and out[i].get(text_field) is texts[i] else None for i in kept]
    block, _ = JsonlEncoder("none").encode([out[i] for i in kept], kept_raws)
    columns = {"value": _string_rows(block)}
    if options.mode == "split":
        columns[OUTPUT_COLUMN] = pa.array([targets[i] for i in kept], type=pa.string())
    return pa.RecordBatch.from_pydict(columns)


# ----------------------------------------------------------------------------------------- Python API


def _frame_schema(schema: "StructType", options: ScanOptions, split: bool) -> "StructType":
    """The input schema plus the kept original text and the annotation (replaced in place when present).

    The same order and types as the local runner's Parquet output (:func:`spamsplice.io.parquet.output_schema`).
    """
    from pyspark.sql.pandas.types import from_arrow_type
    from pyspark.sql.types import StringType, StructField, StructType

    from spamsplice.io.parquet import annotation_type

    fields = list(schema.fields)

    def put(name: str, data_type: Any) -> None:
        field = StructField(name, data_type, nullable=True)
        for i, existing in enumerate(fields):
            if existing.name == name:
                fields[i] = field
                return
        fields.append(field)

    if options.keep_original:
        put(options.keep_original, StringType())
    put(ANNOTATION_FIELD, from_arrow_type(annotation_type()))
    if split:
        put(OUTPUT_COLUMN, StringType())
    return StructType(fields)


def _map_in_arrow(df: "DataFrame", scanner: _Scanner, schema: "StructType | str") -> "DataFrame":
    with warnings.catch_warnings():  # pyspark's notice about the installed pandas version, not ours
        warnings.filterwarnings("ignore", message=_PANDAS_NOISE, category=FutureWarning)
        return df.mapInArrow(scanner, schema)


def _scan_frame_df(df: "DataFrame", options: ScanOptions, factory: ModelFactory, stats: Any = None) -> "DataFrame":
    columns = df.columns
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise ValueError(f"the DataFrame has duplicated column names: {', '.join(duplicated)}")
    if options.text_field not in columns:
        raise ValueError(f"text column {options.text_field!r} not found; columns: {', '.join(columns)}")
    schema = _frame_schema(df.schema, options, split=options.mode == "split")
    scanner = _Scanner(options, factory, columns=tuple(schema.names), stats=stats)
    return _map_in_arrow(df, scanner, schema)


def scan(
    df: "DataFrame",
    text_col: str = "text",
    mode: str = "annotate",
    threshold: float | None = None,
    model_path: str | None = None,
    *,
    keep_original: str | None = None,
    strict: bool = False,
    max_chars: int = ScanOptions.max_chars,
    detector_factory: str | None = None,
) -> "DataFrame":
    """Annotate (or clean) the text column of a Spark DataFrame, lazily, on the executors.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
        Any DataFrame with a text column; other columns pass through untouched.
    text_col : str
        The column holding the text. A null or non-string value gets an error annotation, not a lost row.
    mode : {"annotate", "clean"}
        ``annotate`` adds the ``spamsplice`` column; ``clean`` also rewrites ``text_col`` with the spans
        removed (filter on ``size(spamsplice.spans)`` to drop or split).
    threshold : float, optional
        Span score needed to report a span (default: the model's).
    model_path : str, optional
        Model directory readable on every executor (default: the model shipped inside the wheel).
    keep_original : str, optional
        Clean mode: keep the original text in this column.
    strict, max_chars
        As :class:`spamsplice.batch.ScanOptions`: fail the job on the first bad record; longer texts get
        an error annotation.
    detector_factory : str, optional
        ``"module:callable"`` called as ``callable(model_path)`` on each worker to build a custom
        detector (importable there: installed, or shipped with ``spark.submit.pyFiles``).

    Returns
    -------
    pyspark.sql.DataFrame
        The input columns plus ``spamsplice: struct<score double, spans array<struct<start bigint,
        end bigint, text string, score double>>, error string>`` (score and spans, or error), and in
        ``clean`` mode the cleaned text. One output row per input row.

    Examples
    --------
    >>> from spamsplice.spark import scan                                      # doctest: +SKIP
    >>> scan(spark.read.parquet("dump/"), mode="clean").write.parquet("clean/")  # doctest: +SKIP
    """
    _require_pyspark()
    if mode not in API_MODES:
        raise ValueError(f"mode must be one of {', '.join(API_MODES)}; got {mode!r} (filter the result to drop or split)")
    options = ScanOptions(text_field=text_col, mode=mode, threshold=threshold, keep_original=keep_original, strict=strict, max_chars=max_chars)
    factory = ModelFactory(model_path, detector_factory)
    _cached_detector(factory)  # a bad model path or factory fails here, not on every executor
    return _scan_frame_df(df, options, factory)


# ---------------------------------------------------------------------------------------------- CLI


@dataclass(frozen=True)
class _Input:
    path: str
    size: int
    file_type: FileType


def _hadoop_fs(spark: "SparkSession", path: str) -> tuple[Any, Any]:
    """The Hadoop FileSystem and Path for ``path``: local, hdfs://, s3a://... whatever the cluster reads."""
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    return hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), hadoop_path


def _is_hidden(name: str) -> bool:
    return name.startswith((".", "_"))  # what Spark itself skips (_SUCCESS, .crc files, _temporary)


def _list_inputs(spark: "SparkSession", inputs: Sequence[str], input_format: str | None = None, exclude: str | None = None) -> list[_Input]:
    """Expand files, directories and globs with Hadoop's FileSystem, like the local runner's discovery.

    Files named explicitly must have a known type; files found in directories without one are skipped.
    """
    from spamsplice.io.compression import compression_of

    def file_type(name: str) -> FileType | None:
        return FileType(input_format, compression_of(name)[1]) if input_format else FileType.from_name(name)

    excluded = None
    if exclude is not None:
        fs, path = _hadoop_fs(spark, exclude)
        excluded = str(fs.makeQualified(path)).rstrip("/") + "/"
    found: list[_Input] = []
    for arg in inputs:
        if arg == "-":
            raise ScanError("Spark cannot read stdin; give paths (or use --engine local)")
        fs, path = _hadoop_fs(spark, arg)
        statuses = fs.globStatus(path)
        if not statuses:
            raise ScanError(f"{arg}: no such file or directory" if statuses is None else f"{arg}: no files match")
        for status in sorted(statuses, key=lambda s: str(s.getPath())):
            if not status.isDirectory():
                name = str(status.getPath())
                kind = file_type(status.getPath().getName())
                if kind is None:
                    raise ScanError(f"{arg}: unknown file type; use .jsonl (optionally .gz/.zst) or .parquet, or --input-format")
                found.append(_Input(name, status.getLen(), kind))
                continue
            root = str(status.getPath()).rstrip("/") + "/"
            listing = fs.listFiles(status.getPath(), True)
            files = []
            while listing.hasNext():
                entry = listing.next()
                name = str(entry.getPath())
                if excluded and name.startswith(excluded):
                    continue
                if any(_is_hidden(part) for part in name[len(root):].split("/")):
                    continue
                kind = file_type(entry.getPath().getName())
                if kind is not None:
                    files.append(_Input(name, entry.getLen(), kind))
            found += sorted(files, key=lambda f: f.path)
    if not found:
        raise ScanError("no input files found")
    codecs = spark.sparkContext._jvm.org.apache.hadoop.io.compress.CompressionCodecFactory(spark.sparkContext._jsc.hadoopConfiguration())
    for item in found:
        # Spark picks the codec by extension: a name it does not know would be read as compressed bytes.
        if item.file_type.compression != "none" and codecs.getCodec(_hadoop_fs(spark, item.path)[1]) is None:
            raise ScanError(f"{item.path}: Spark has no codec for this extension; name {item.file_type.compression} files .gz or .zst")
    return found


_LOCAL_ONLY = (
    ("resume", "--resume (Spark retries failed tasks itself; rerun with --overwrite)"),
    ("whole_file", "--whole-file"),
    ("workers", "--workers (use --master local[N], or the cluster's executor settings)"),
)


def _session(master: str | None, quiet: bool) -> tuple["SparkSession", bool]:
    """The active session (a notebook, a test) or a new one; True when we made it.

    Under ``spark-submit`` (which starts the JVM and hands its gateway over) the cluster settings are
    spark-submit's: ``--master`` there wins over this command's default ``local[*]``.
    """
    import os

    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    builder = SparkSession.builder.appName("spamsplice scan")
    if master and "PYSPARK_GATEWAY_PORT" not in os.environ:
        builder = builder.master(master)
        if master.startswith("local") and "PYSPARK_PYTHON" not in os.environ:
            # Local workers must run this interpreter (the one with spamsplice), not whatever python3 is first on
            # PATH: a venv used without activation. pyspark 4 ignores the spark.pyspark.python setting here, and
            # reads the environment variable when the context starts.
            os.environ["PYSPARK_PYTHON"] = sys.executable
    if quiet:
        builder = builder.config("spark.ui.showConsoleProgress", "false")
    spark = builder.getOrCreate()
    if quiet:
        spark.sparkContext.setLogLevel("ERROR")
    return spark, True


def _output_type(inputs: list[_Input], out_format: str | None, out_compression: str | None) -> FileType:
    """JSONL stays JSONL (compression kept unless told), Parquet stays Parquet: what Spark writes without help."""
    formats = sorted({i.file_type.format for i in inputs})
    if len(formats) > 1:
        raise ScanError(f"--engine spark scans one format per run; found {', '.join(formats)}")
    in_format = formats[0]
    if in_format not in ("jsonl", "parquet"):
        raise ScanError(f"--engine spark reads jsonl and parquet; {in_format} needs --engine local")
    target = out_format or in_format
    if target != in_format:
        raise ScanError(f"--engine spark writes {in_format} input as {in_format}; --format {target} needs --engine local")
    if in_format == "parquet":
        if out_compression not in (None, "none"):
            raise ScanError("parquet output is compressed internally; drop --compression")
        return FileType("parquet")
    compressions = sorted({i.file_type.compression for i in inputs})
    compression = out_compression or (compressions[0] if len(compressions) == 1 else "none")
    if compression not in _SPARK_COMPRESSIONS:
        raise ScanError(f"Spark cannot write {compression} text; pass --compression gzip or --compression none")
    return FileType("jsonl", compression)


def _write(spark: "SparkSession", paths: list[str], output: str, out_type: FileType, options: ScanOptions, factory: ModelFactory, overwrite: bool, stats: Any) -> None:
    """Read, scan and write; Spark's commit protocol publishes each partition's output exactly once."""
    split = options.mode == "split"
    if out_type.format == "parquet":
        writer = _scan_frame_df(spark.read.parquet(*paths), options, factory, stats).write
    else:
        from pyspark.sql.functions import col

        # Raw bytes, split at \n only, as the local runner splits: invalid UTF-8 reaches the decoder intact.
        lines = spark.read.option("lineSep", "\n").text(paths).select(col("value").cast("binary"))
        scanner = _Scanner(options, factory, lines=True, stats=stats)
        scanned = _map_in_arrow(lines, scanner, f"value string{f', {OUTPUT_COLUMN} string' if split else ''}")
        writer = scanned.write.option("compression", _SPARK_COMPRESSIONS[out_type.compression])
    writer = writer.mode("overwrite" if overwrite else "errorifexists")
    if split:
        writer = writer.partitionBy(OUTPUT_COLUMN)
    if out_type.format == "parquet":
        writer.parquet(output)
    else:
        writer.text(output)


def _tidy_output(spark: "SparkSession", output: str, out_type: FileType, split: bool) -> None:
    """Give the output the local runner's layout: ``clean/`` and ``flagged/`` folders, ``.jsonl`` names."""
    fs, root = _hadoop_fs(spark, output)
    hadoop_path = spark.sparkContext._jvm.org.apache.hadoop.fs.Path
    if split:
        for name in ("clean", "flagged"):
            written, target = hadoop_path(root, f"{OUTPUT_COLUMN}={name}"), hadoop_path(root, name)
            if fs.exists(written):
                if not fs.rename(written, target):
                    raise ScanError(f"could not rename {written} to {target}")
            else:
                fs.mkdirs(target)  # no record went there: an empty output, as the local runner leaves
    if out_type.format != "jsonl":
        return
    listing = fs.listFiles(root, True)
    renames = []
    while listing.hasNext():
        path = listing.next().getPath()
        name = path.getName()
        if name.startswith("part-") and _SPARK_TEXT_EXTENSION in name:
            renames.append((path, hadoop_path(path.getParent(), name.replace(_SPARK_TEXT_EXTENSION, ".jsonl", 1))))
    for source, target in renames:
        if not fs.rename(source, target):
            raise ScanError(f"could not rename {source} to {target}")


def scan_paths(
    spark: "SparkSession",
    inputs: Sequence[str],
    output: str,
    *,
    options: ScanOptions | None = None,
    model_path: str | None = None,
    detector_factory: str | None = None,
    input_format: str | None = None,
    out_format: str | None = None,
    out_compression: str | None = None,
    overwrite: bool = False,
) -> ScanStats:
    """Scan JSONL or Parquet ``inputs`` (files, directories, globs; any Hadoop path) into the folder ``output``.

    What ``spamsplice scan --engine spark`` runs; the arguments mean what they mean for
    :func:`spamsplice.batch.run_scan`. JSONL output lines are byte-identical to the local runner's
    (the part files hold them in a different order); in ``split`` mode ``output`` gets ``clean/`` and
    ``flagged/`` folders. Returns the run's figures, each task counted once however often it ran.
    Raises :class:`spamsplice.batch.ScanError` for a scan that cannot start.
    """
    _require_pyspark()
    options = options or ScanOptions()
    factory = ModelFactory(model_path, detector_factory)
    found = _list_inputs(spark, inputs, input_format, exclude=output)
    out_type = _output_type(found, out_format, out_compression)
    fs, path = _hadoop_fs(spark, output)
    if fs.exists(path) and not overwrite:
        raise ScanError(f"output exists: {output}; pass --overwrite to replace it")
    _cached_detector(factory)  # a bad model or factory fails here, before every executor tries
    stats = spark.sparkContext.accumulator(ScanStats(), _StatsParam())
    started = time.perf_counter()
    _write(spark, [i.path for i in found], output, out_type, options, factory, overwrite, stats)
    _tidy_output(spark, output, out_type, split=options.mode == "split")
    total: ScanStats = stats.value
    total.seconds = time.perf_counter() - started
    total.bytes_in = total.timed_bytes = sum(i.size for i in found)
    total.timed_records = total.records_in
    total.shards_done = len(found)
    if total.records_in != total.records_out + total.dropped:
        raise ScanError(f"exactly-once check failed: {total.records_in} records in, {total.records_out} out, {total.dropped} dropped")
    return total


def _job_error(exc: Exception) -> str:
    """The useful line of a failed Spark job: the Python error that failed the last task attempt."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    for line in reversed(lines):
        if "RecordError: " in line:
            return line.split("RecordError: ", 1)[1] + " (--strict)"
    for line in reversed(lines):
        if "Error: " in line and not line.startswith("at "):
            return line
    return lines[0] if lines else type(exc).__name__


def run_cli(args: argparse.Namespace) -> int:
    """``spamsplice scan --engine spark``: the arguments of :func:`spamsplice.batch.add_cli`; an exit code."""
    try:
        _require_pyspark()
        for name, flag in _LOCAL_ONLY:
            if getattr(args, name, None):
                raise ScanError(f"{flag} is not available with --engine spark")
        if args.output == "-":
            raise ScanError("--engine spark writes a folder; -o - (stdout) needs --engine local")
        options = ScanOptions(
            text_field=args.text_field,
            mode=args.mode,
            threshold=args.threshold,
            keep_original=args.keep_original,
            strict=args.strict,
            max_chars=args.max_chars,
        )
    except (ImportError, ValueError, ScanError) as exc:
        print(f"spamsplice scan: {exc}", file=sys.stderr)
        return 2
    spark, owned = _session(args.master, args.quiet)
    master = spark.sparkContext.master
    try:
        stats = scan_paths(
            spark,
            args.inputs,
            args.output,
            options=options,
            model_path=args.model,
            detector_factory=args.detector_factory,
            input_format=args.input_format,
            out_format=args.out_format,
            out_compression=args.out_compression,
            overwrite=args.overwrite,
        )
    except (ScanError, ValueError, FileNotFoundError) as exc:
        print(f"spamsplice scan: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("spamsplice scan: interrupted; Spark publishes no output of an unfinished job", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a failed Spark job: one line, not a JVM stack trace
        print(f"spamsplice scan: Spark job failed: {_job_error(exc)}", file=sys.stderr)
        return 1
    finally:
        if owned:
            spark.stop()
    if not args.quiet:
        print(stats.summary_text(), file=sys.stderr)
        print(f"  exactly once: {stats.records_in:,} in = {stats.records_out:,} out + {stats.dropped:,} dropped", file=sys.stderr)
    if args.report:
        from pathlib import Path

        from spamsplice.report import render_html

        shown = {
            "inputs": " ".join(args.inputs),
            "engine": f"spark ({master})",
            "mode": options.mode,
            "text field": options.text_field,
            "threshold": options.threshold,
            "detector": ModelFactory(args.model, args.detector_factory).describe(),
        }
        Path(args.report).write_text(render_html(stats, options=shown), encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The scan command on Spark, for a spark-submit driver script: ``sys.exit(spamsplice.spark.main())``.

    Arguments as ``spamsplice scan`` (without the word ``scan``); the cluster settings are spark-submit's.
    """
    from spamsplice.batch import add_cli

    parser = argparse.ArgumentParser(prog="spamsplice-spark", description="spamsplice scan --engine spark, for spark-submit")
    add_cli(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["scan", *(sys.argv[1:] if argv is None else argv), "--engine", "spark"])
    return run_cli(args)

