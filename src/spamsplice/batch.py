"""Batch scanning: the per-record function, and a multi-core, resumable runner for dumps.

:func:`process_records` is the one place where a record becomes an annotated record; the CLI
(``spamsplice scan``), the Python API (:func:`scan_records`) and the Spark engine all call it.

The runner (:func:`run_scan`) streams every input shard through a process pool: the parent cuts inputs
into chunks (for JSONL just bytes split at newlines), workers parse, detect, encode and compress, and the
parent appends the results in input order. Memory stays bounded (a few chunks in flight per worker).
Each output shard is written under a temporary name and renamed when complete; a manifest records the
finished shards with their counts and input fingerprints, so ``--resume`` skips them and a killed run
ends byte-identical to an uninterrupted one. Every run checks that records in == records out + dropped.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
import time
from collections import deque
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterable, Iterator, Sequence

from spamsplice.io import ERROR_FIELD, FileType, InputShard, make_encoder, open_writer
from spamsplice.io.compression import BlockFile
from spamsplice.report import ScanStats

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Future

MODES = ("annotate", "clean", "drop", "split")
ANNOTATION_FIELD = "spamsplice"
MANIFEST_NAME = ".spamsplice-manifest.json"
_MANIFEST_VERSION = 1
_PARTIAL_SUFFIX = ".partial"
_MISSING = object()


@dataclass(frozen=True)
class ScanOptions:
    """What a scan does to each record; validated on creation.

    ``mode``: ``annotate`` adds the annotation; ``clean`` also rewrites the text (the original kept under
    ``keep_original`` when given); ``drop`` keeps records without spans; ``split`` sends clean and flagged
    records to two outputs. ``max_chars``: longer texts get an error annotation instead of a detector run.
    ``strict``: the first bad record stops the scan instead of passing through with an error annotation.
    """

    text_field: str = "text"
    mode: str = "annotate"
    threshold: float | None = None
    keep_original: str | None = None
    strict: bool = False
    max_chars: int = 5_000_000

    def __post_init__(self) -> None:
        if not isinstance(self.text_field, str) or not self.text_field:
            raise ValueError("text_field must be a non-empty string")
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}; got {self.mode!r}")
        if self.threshold is not None and not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be in [0, 1]; got {self.threshold!r}")
        if self.keep_original is not None:
            if self.mode != "clean":
                raise ValueError("keep_original only applies to mode='clean'")
            if self.keep_original in (self.text_field, ANNOTATION_FIELD):
                raise ValueError(f"keep_original must differ from the text field and {ANNOTATION_FIELD!r}")
        if not isinstance(self.max_chars, int) or self.max_chars < 1:
            raise ValueError(f"max_chars must be a positive integer; got {self.max_chars!r}")


class RecordError(ValueError):
    """A bad record under ``strict``: carries the record's index within the batch given to process_records."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message, index)
        self.message = message
        self.index = index

    def __str__(self) -> str:
        return self.message


def _record_error(record: Any, text_field: str, max_chars: int) -> str:
    """Why a record cannot be scanned; called only for records the inline check in annotate_records rejected."""
    if type(record) is not dict:
        return f"not a JSON object: {type(record).__name__}"
    if ERROR_FIELD in record:
        return str(record[ERROR_FIELD])
    text = record.get(text_field, _MISSING)
    if text is _MISSING:
        return f"missing text field: {text_field!r}"
    if type(text) is not str:
        kind = "null" if text is None else type(text).__name__
        return f"text not a string: field {text_field!r} is {kind}"
    if not text or text.isspace():
        return "empty text"
    return f"text too long: {len(text)} characters, max_chars is {max_chars}"


def _with_error(record: Any, error: str, index: int, strict: bool) -> dict[str, Any]:
    if strict:
        raise RecordError(error, index)
    if type(record) is not dict:
        from spamsplice.io import unreadable
        from spamsplice.io.jsonl import dump_record

        record = unreadable(dump_record(record), error)
    out = {key: value for key, value in record.items() if key != ERROR_FIELD}
    out[ANNOTATION_FIELD] = {"error": error}
    return out


def _detect(detector: Any, texts: list[str], options: ScanOptions) -> list[Any]:
    """``detect_many`` on the whole batch; if it fails, text by text, so one bad text costs one record."""
    if not texts:
        return []
    try:
        detections = detector.detect_many(texts, threshold=options.threshold)
    except Exception:
        if options.strict:
            raise
        detections = []
        for text in texts:
            try:
                detections.append(detector.detect_many([text], threshold=options.threshold)[0])
            except Exception as exc:  # noqa: BLE001 - any detector failure becomes this record's error
                detections.append(f"detector failed: {type(exc).__name__}: {exc}")
    if len(detections) != len(texts):
        raise RuntimeError(f"detector returned {len(detections)} detections for {len(texts)} texts")
    return detections


_ROUNDED_LIMIT = 1 << 12
_rounded: dict[Any, float] = {}


def _round_score(score: Any) -> float:
    """``round(float(score), 4)``, remembered: rounding to digits costs half a microsecond, more than
    the rest of a clean record's annotation, and a detector gives many clean documents the same score."""
    if not score:
        return float(score)  # 0.0 and -0.0 compare equal, so they must not share a remembered entry
    rounded = _rounded.get(score)
    if rounded is None:
        rounded = round(float(score), 4)
        if len(_rounded) < _ROUNDED_LIMIT:
            _rounded[score] = rounded
    return rounded


def process_records(records: Sequence[dict[str, Any]], detector: Any, options: ScanOptions) -> list[dict[str, Any]]:
    """Annotate a batch of records: exactly one output record per input record, in the same order.

    Each output is a new dict: the input record plus ``"spamsplice": {"score", "spans"}``, or plus
    ``"spamsplice": {"error": "..."}`` when the record cannot be scanned (missing or non-string text
    field, empty text, more than ``options.max_chars`` characters, a detector failure). In ``clean`` mode
    a flagged record's text field holds the cleaned text (``detector.clean``), and every scanned record
    keeps its original text under ``options.keep_original`` when that is set. Spans are offsets into the
    original text.

    Readers hand over input they could not parse as a record carrying the reason under
    ``spamsplice.io.ERROR_FIELD`` (``"_spamsplice_error"``), plus the input text as ``"_raw"`` when no
    fields could be read (a malformed JSON line): that reason becomes the error annotation and the
    ``_spamsplice_error`` key is removed (see :func:`spamsplice.io.jsonl.parse_line`). A value that is
    not a dict comes out as ``{"_raw": <its JSON>, "spamsplice": {"error": ...}}``.

    All valid texts go to ``detector.detect_many`` in one call. Never raises for a bad record unless
    ``options.strict``, which raises :class:`RecordError` for the first one.
    """
    return annotate_records(records, detector, options)[0]


def annotate_records(
    records: Sequence[dict[str, Any]], detector: Any, options: ScanOptions, *, in_place: bool = False
) -> tuple[list[dict[str, Any]], list[str]]:
    """:func:`process_records` plus each output's :func:`route`, known on the way (not re-derived).

    ``in_place`` annotates the scanned input dicts themselves instead of copies (workers own the records
    they parsed, so they skip the copy).
    """
    text_field, strict, max_chars = options.text_field, options.strict, options.max_chars
    out: list[Any] = [None] * len(records)
    routes = ["error"] * len(records)
    texts: list[str] = []
    positions: list[int] = []
    for i, record in enumerate(records):
        if type(record) is dict:  # the common case inline; _record_error words the rest
            text = record.get(text_field)
            if type(text) is str and 0 < len(text) <= max_chars and ERROR_FIELD not in record and not text.isspace():
                texts.append(text)
                positions.append(i)
                continue
        out[i] = _with_error(record, _record_error(record, text_field, max_chars), i, strict)
    clean, keep_original = options.mode == "clean", options.keep_original
    for i, text, detection in zip(positions, texts, _detect(detector, texts, options)):
        record = records[i]
        if isinstance(detection, str):
            out[i] = _with_error(record, detection, i, strict)
            continue
        result = record if in_place else dict(record)
        if detection.spans:
            routes[i] = "flagged"
            if clean:
                try:
                    result[text_field] = detector.clean(text, threshold=options.threshold).text
                except Exception as exc:  # noqa: BLE001 - a failed rewrite becomes this record's error
                    out[i] = _with_error(record, f"clean failed: {type(exc).__name__}: {exc}", i, strict)
                    routes[i] = "error"
                    continue
            annotation = detection.to_dict()
        else:
            routes[i] = "clean"
            annotation = {"score": _round_score(detection.score), "spans": []}
        if keep_original:
            result[keep_original] = text
        result[ANNOTATION_FIELD] = annotation
        out[i] = result
    return out, routes


def route(record: dict[str, Any]) -> str:
    """Where an annotated record belongs: ``"clean"``, ``"flagged"`` (has spans) or ``"error"``."""
    annotation = record.get(ANNOTATION_FIELD)
    if not isinstance(annotation, dict) or annotation.get("error") is not None:
        return "error"
    return "flagged" if annotation.get("spans") else "clean"


def output_of(mode: str, record_route: str) -> str | None:
    """The output a record of ``record_route`` goes to in ``mode`` (None: dropped).

    Error records are never dropped: they pass through, annotated, with the records kept in ``drop``
    mode and with the clean ones in ``split`` mode (filter on ``spamsplice.error`` to set them aside).
    """
    if mode == "drop":
        return None if record_route == "flagged" else "out"
    if mode == "split":
        return "flagged" if record_route == "flagged" else "clean"
    return "out"


def outputs_of(mode: str) -> tuple[str, ...]:
    return ("clean", "flagged") if mode == "split" else ("out",)


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def scan_records(
    records: Iterable[dict[str, Any]], detector: Any = None, *, batch_size: int = 512, **options: Any
) -> Iterator[dict[str, Any]]:
    """Annotate records lazily, ``batch_size`` at a time; ``detector=None`` loads the default model.

    ``options`` are :class:`ScanOptions` fields. ``mode="drop"`` leaves out flagged records; ``split``
    needs two outputs, so here use ``annotate`` and :func:`route`.

    >>> for record in scan_records([{"text": "Hello"}], detector):   # doctest: +SKIP
    ...     print(record["spamsplice"])
    """
    scan_options = ScanOptions(**options)
    if scan_options.mode == "split":
        raise ValueError("mode='split' writes two outputs; use mode='annotate' and spamsplice.batch.route()")
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive; got {batch_size!r}")
    if detector is None:
        from spamsplice.model import load

        detector = load()
    drop = scan_options.mode == "drop"
    for batch in _batched(records, batch_size):
        for record in process_records(batch, detector, scan_options):
            if not (drop and route(record) == "flagged"):
                yield record


# --------------------------------------------------------------------------------------------- workers

DetectorFactory = Callable[[], Any]


@dataclass(frozen=True)
class ModelFactory:
    """Loads a detector in each worker: ``spamsplice.load(model)``, or ``factory(model)`` for a custom
    detector named ``"module:callable"``. Picklable, so it works with every process start method."""

    model: str | None = None
    factory: str | None = None

    def __call__(self) -> Any:
        if self.factory is None:
            from spamsplice.model import load

            return load(self.model)
        import importlib

        module_name, _, attribute = self.factory.partition(":")
        if not module_name or not attribute:
            raise ValueError(f"detector factory must look like 'module:callable'; got {self.factory!r}")
        return getattr(importlib.import_module(module_name), attribute)(self.model)

    def describe(self) -> str:
        model = self.model or "default"
        return f"{self.factory}({model})" if self.factory else f"model:{model}"

    def fingerprint(self) -> str:
        """:meth:`describe` plus a digest of the model's files, so a resumed scan never mixes two models."""
        if self.factory is not None:
            return self.describe()
        import hashlib

        if self.model is None:
            from spamsplice.model import default_model_path

            folder = default_model_path()
        else:
            folder = Path(self.model)
        digest = hashlib.sha256()
        files = sorted(folder.iterdir()) if folder.is_dir() else []
        for file in files:
            if file.is_file():
                digest.update(file.name.encode() + b"\0" + file.read_bytes())
        return f"{self.describe()}@{digest.hexdigest()[:16]}" if files else self.describe()


class DetectorLoadError(RuntimeError):
    """The detector could not be created in a worker."""


_WORKER: dict[str, Any] = {}
# Thread-count variables of OpenMP, OpenBLAS, MKL, BLIS, Accelerate and numexpr, read when they load.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
_THREADED_MODULES = ("numpy", "scipy", "sklearn", "torch", "numexpr")


# glibc mallopt parameters: freed heap kept before shrinking, and the size from which malloc maps memory.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def _keep_freed_memory() -> None:
    """Have glibc's malloc reuse a chunk's freed megabytes instead of returning them to the kernel.

    Every chunk allocates and frees a few megabytes (its bytes, records and output). glibc maps an
    allocation of more than 128 KiB on its own and unmaps it when freed, and gives freed heap back
    past 128 KiB, so each chunk faulted all its pages in again: a sixth of a worker's time went to
    about 90,000 page faults per 200 MB. These are the values glibc's own adaptive thresholds reach
    for large allocations (32 MiB, trimming past twice that), fixed from the start. Peak memory does
    not grow: the pages kept are the ones the next chunk reuses. Other C libraries lack or ignore the
    call.
    """
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError):
        return
    mallopt(_M_MMAP_THRESHOLD, 32 << 20)
    mallopt(_M_TRIM_THRESHOLD, 64 << 20)


def _init_worker(factory: DetectorFactory, options: ScanOptions, pool_worker: bool) -> None:
    """Load the detector once per worker.

    A pool worker leaves Ctrl-C to the parent (which stops cleanly) and keeps numeric libraries to one
    thread: the pool already uses every core, and N workers times N BLAS threads only thrash. It also
    freezes what it holds for its whole life (model, libraries, the tokenizer's caches) out of the garbage
    collector's sight, as the server's workers do: full collections stop walking them.
    """
    _keep_freed_memory()
    numeric_loaded = False
    if pool_worker:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Libraries loaded from now on read their thread count from the environment; those the parent
        # had already loaded (inherited by fork) need threadpoolctl, which costs an import and a scan.
        numeric_loaded = any(name in sys.modules for name in _THREADED_MODULES)
        os.environ.update(dict.fromkeys(_THREAD_VARIABLES, "1"))
    _WORKER["options"] = options
    try:
        _WORKER["detector"] = factory()
        _WORKER.pop("error", None)
    except Exception as exc:  # noqa: BLE001 - reported by the first task, in the parent, with its cause
        _WORKER["error"] = f"could not load the detector: {type(exc).__name__}: {exc}"
    if numeric_loaded:
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # a scikit-learn dependency; without it the libraries keep their defaults
            pass
        else:
            threadpool_limits(limits=1)
    if pool_worker:
        gc.freeze()


@dataclass
class ChunkResult:
    payloads: dict[str, Any]
    stats: ScanStats


def _process_chunk(decoder: Any, encoder: Any, payload: Any, parts: dict[str, str] | None) -> ChunkResult:
    """Worker side of one chunk: decode, detect, count, encode (and compress) per output.

    With ``parts`` (output name -> file), encoded bytes are written there rather than sent back.
    """
    if "error" in _WORKER:
        raise DetectorLoadError(_WORKER["error"])
    options: ScanOptions = _WORKER["options"]
    records, raws = decoder.decode(payload)
    text_field, mode = options.text_field, options.mode
    texts = [r.get(text_field) if type(r) is dict else None for r in records]
    out, routes = annotate_records(records, _WORKER["detector"], options, in_place=True)
    stats = ScanStats(records_in=len(records))
    stats.add_records(out, texts, routes)
    if raws is not None and mode == "clean":
        # A raw line can be reused only when the output is that line's object plus the annotation:
        # not when the text was rewritten, nor when the original text is kept under another field.
        if options.keep_original is not None:
            raws = None
        else:
            raws = [raw if record.get(text_field) is text else None for raw, record, text in zip(raws, out, texts)]
    if mode == "annotate":  # every record goes to the one output: no per-record routing
        groups: dict[str, Any] = {"out": (out, raws)}
    else:
        indices: dict[str, list[int]] = {name: [] for name in outputs_of(mode)}
        for i, record_route in enumerate(routes):
            name = output_of(mode, record_route)
            if name is None:
                stats.dropped += 1
            else:
                indices[name].append(i)
        groups = {
            name: ([out[i] for i in kept], None if raws is None else [raws[i] for i in kept]) for name, kept in indices.items()
        }
    payloads: dict[str, Any] = {}
    for name, (kept_records, kept_raws) in groups.items():
        payloads[name], stats.written[name] = encoder.encode(kept_records, kept_raws)
        if parts is not None and type(payloads[name]) is bytes:
            payloads[name] = BlockFile.spill(payloads[name], parts[name])
    stats.peak_worker_rss = _peak_rss()
    return ChunkResult(payloads, stats)


def _peak_rss() -> int:
    """This process's peak resident memory in bytes.

    VmHWM rather than ``ru_maxrss``: the latter carries over the peak of whatever process forked or
    exec'd this one, so a worker started by a big process would report the big process's peak.
    """
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)


class _Done:
    """A finished task: the one method of a Future that the runner uses, without its locks and imports."""

    __slots__ = ("_value", "_error")

    def __init__(self, value: Any = None, error: BaseException | None = None) -> None:
        self._value = value
        self._error = error

    def result(self) -> Any:
        if self._error is not None:
            raise self._error
        return self._value


class _InlineExecutor:
    """The pool's interface, run in this process: one worker needs no pool, pipes or pickling."""

    def __init__(self, factory: DetectorFactory, options: ScanOptions) -> None:
        _init_worker(factory, options, pool_worker=False)

    def submit(self, fn: Callable[..., Any], *args: Any) -> _Done:
        try:
            return _Done(fn(*args))
        except Exception as exc:  # noqa: BLE001 - delivered through result(), as a pool's future would
            return _Done(error=exc)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        _WORKER.clear()


# ---------------------------------------------------------------------------------------- the runner


class ScanError(RuntimeError):
    """A scan that cannot start or cannot go on (bad arguments, strict error, broken worker)."""


@dataclass(frozen=True)
class Shard:
    """One input file (or stdin) and where its output goes."""

    name: str  # output name relative to the output directory (also the manifest key)
    source: str | None  # None: stdin
    in_type: FileType
    out_type: FileType

    def fingerprint(self) -> dict[str, Any]:
        if self.source is None:
            return {}
        stat = os.stat(self.source)
        return {"input": self.source, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _has_glob(arg: str) -> bool:
    return any(ch in arg for ch in "*?[")


def discover_inputs(
    inputs: Sequence[str], *, input_format: str | None = None, exclude: str | None = None
) -> list[tuple[str | None, str, FileType]]:
    """Expand files, directories and globs into (path or None for stdin, relative name, type), in order."""
    import glob

    found: list[tuple[str | None, str, FileType]] = []
    excluded = os.path.realpath(exclude) if exclude else None

    def file_type(name: str, explicit: bool) -> FileType | None:
        if input_format:
            from spamsplice.io.compression import compression_of

            return FileType(input_format, compression_of(name)[1])
        detected = FileType.from_name(name)
        if detected is None and explicit:
            raise ScanError(f"{name}: unknown file type; use .jsonl/.json/.parquet/.csv/.tsv/.txt (optionally .gz/.zst) or --input-format")
        return detected

    for arg in inputs:
        if arg == "-":
            found.append((None, "stdin", FileType(input_format or "jsonl")))
            continue
        if os.path.isdir(arg):
            for root, dirs, files in os.walk(arg):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and os.path.realpath(os.path.join(root, d)) != excluded)
                for name in sorted(files):
                    path = os.path.join(root, name)
                    kind = None if name.startswith(".") else file_type(name, explicit=False)
                    if kind is not None:
                        found.append((path, os.path.relpath(path, arg), kind))
            continue
        if _has_glob(arg):
            base = arg
            while _has_glob(base):
                base = os.path.dirname(base)
            matches = sorted(p for p in glob.glob(arg, recursive=True) if os.path.isfile(p))
            if not matches:
                raise ScanError(f"{arg}: no files match")
            found += [(p, os.path.relpath(p, base or "."), file_type(p, explicit=True)) for p in matches]  # type: ignore[misc]
            continue
        if not os.path.isfile(arg):
            raise ScanError(f"{arg}: no such file or directory")
        found.append((arg, os.path.basename(arg), file_type(arg, explicit=True)))  # type: ignore[arg-type]
    return found


def plan_shards(
    inputs: Sequence[str],
    *,
    mode: str,
    out_format: str | None = None,
    out_compression: str | None = None,
    input_format: str | None = None,
    exclude: str | None = None,
) -> list[Shard]:
    """Pair every input with its output name; output keeps the input's format unless told otherwise."""
    from spamsplice.io import check_conversion

    shards: list[Shard] = []
    seen: dict[str, str] = {}
    for source, name, in_type in discover_inputs(inputs, input_format=input_format, exclude=exclude):
        fmt = out_format or ("jsonl" if in_type.format == "txt" and mode == "annotate" else in_type.format)
        compression = out_compression or ("none" if fmt == "parquet" else in_type.compression)
        out_type = FileType(fmt, compression)
        try:
            check_conversion(in_type, out_type)
        except ValueError as exc:
            raise ScanError(f"{name}: {exc}") from exc
        if fmt == "txt" and mode == "annotate":
            raise ScanError("text output holds no annotation; use --mode clean/drop/split or --format jsonl")
        out_name = in_type.rename(name, out_type)
        if out_name in seen:
            raise ScanError(f"{seen[out_name]} and {source or 'stdin'} would both be written to {out_name}")
        seen[out_name] = source or "stdin"
        shards.append(Shard(out_name, source, in_type, out_type))
    if not shards:
        raise ScanError("no input files found")
    return shards


class Progress:
    """A one-line progress bar on a terminal, a log line every ``interval`` seconds otherwise, or nothing."""

    def __init__(self, total_bytes: int, style: str, stream: Any = None, interval: float | None = None) -> None:
        self.total = total_bytes
        self.style = style
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval if interval is not None else (0.25 if style == "bar" else 10.0)
        self.started = time.monotonic()
        self._last = self.started
        self._drawn = False

    def line(self, records: int, done_bytes: int, flagged: int, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = done_bytes / elapsed
        parts = [f"{records:,} records", f"{done_bytes / 1e6:,.1f} MB", f"{records / elapsed:,.0f} rec/s", f"{rate / 1e6:,.1f} MB/s"]
        if self.total:
            fraction = min(done_bytes / self.total, 1.0)
            eta = (self.total - done_bytes) / rate if rate > 0 else 0.0
            parts.insert(0, f"{100 * fraction:5.1f}%")
            parts.append(f"ETA {int(eta // 3600)}:{int(eta % 3600 // 60):02d}:{int(eta % 60):02d}")
        parts.append(f"{flagged:,} flagged")
        return "  ".join(parts)

    def update(self, records: int, done_bytes: int, flagged: int, force: bool = False) -> None:
        if self.style == "none":
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        text = self.line(records, done_bytes, flagged, now)
        if self.style == "bar":
            import shutil

            width = shutil.get_terminal_size((100, 20)).columns - 1
            self.stream.write("\r" + text[:width].ljust(width))
            self._drawn = True
        else:
            self.stream.write(f"spamsplice scan: {text}\n")
        self.stream.flush()

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()


def _partial_path(path: Path) -> Path:
    """The name a shard has while it is written: hidden, so that globs over the output never see it."""
    return path.with_name(f".{path.name}{_PARTIAL_SUFFIX}")


def _remove_partials(path: Path) -> None:
    """Delete the partial shard and the workers' block files for the output ``path`` (a killed run's too)."""
    import glob

    for leftover in glob.glob(glob.escape(str(_partial_path(path))) + "*"):
        os.unlink(leftover)


class _OpenShard:
    """An input being read and its outputs being written under temporary names."""

    def __init__(self, shard: Shard, scan: "_Scan") -> None:
        self.shard = shard
        self.stats = ScanStats()
        self.records_before = 0
        self.input = InputShard(
            shard.source if shard.source is not None else sys.stdin.buffer,
            shard.in_type,
            text_field=scan.options.text_field,
            whole_file=scan.whole_file,
            chunk_bytes=scan.chunk_bytes,
        )
        self.encoder = make_encoder(self.input, shard.out_type, keep_original=scan.options.keep_original)
        self.files: dict[str, tuple[Path, Path, BinaryIO]] = {}
        self.writers = {}
        self.chunks_sent = 0
        self.error: str | None = None  # set when a worker fails on this input; the shard is then abandoned
        # Pool workers hand byte formats in a directory back as block files beside the shard (see
        # BlockFile); the inline worker's bytes are already here and go straight to the shard.
        self.spill = scan.workers > 1 and scan.output is not None and shard.out_type.format != "parquet"
        try:
            for name in outputs_of(scan.options.mode):
                if scan.output is None:
                    stream: BinaryIO = sys.stdout.buffer
                else:
                    final = scan.output_path(name, shard)
                    final.parent.mkdir(parents=True, exist_ok=True)
                    partial = _partial_path(final)
                    stream = open(partial, "wb", buffering=0)  # noqa: SIM115 - closed in finish/abandon
                    self.files[name] = (partial, final, stream)
                self.writers[name] = open_writer(stream, shard.out_type, self.encoder)
        except BaseException:
            self.abandon()
            raise

    def next_parts(self) -> dict[str, str] | None:
        """Where the workers write the next chunk's blocks (None: send them back)."""
        if not self.spill:
            return None
        self.chunks_sent += 1
        return {name: f"{partial}.{self.chunks_sent:08d}" for name, (partial, _, _) in self.files.items()}

    def write(self, result: ChunkResult) -> None:
        for name, payload in result.payloads.items():
            self.writers[name].write(payload)
        self.records_before += result.stats.records_in
        self.stats.merge(result.stats)

    def finish(self) -> dict[str, Any]:
        """Close, check the count, rename into place; return the output files' names and sizes."""
        for writer in self.writers.values():
            writer.close()
        self.stats.bytes_in = self.input.position()
        self.input.close()
        for _, _, stream in self.files.values():
            stream.close()
        if self.stats.records_in != self.stats.records_out + self.stats.dropped:
            self.abandon()
            raise ScanError(
                f"{self.shard.name}: exactly-once check failed: {self.stats.records_in} records in, "
                f"{self.stats.records_out} out, {self.stats.dropped} dropped"
            )
        outputs: dict[str, Any] = {}
        for name, (partial, final, _) in self.files.items():
            os.replace(partial, final)
            outputs[name] = {"path": final.name if name == "out" else f"{name}/{final.name}", "bytes": final.stat().st_size}
        return outputs

    def abandon(self) -> None:
        """Drop the partial outputs (an interrupted or failed shard leaves nothing behind)."""
        for _, final, stream in self.files.values():
            stream.close()
            _remove_partials(final)
        self.files = {}
        self.input.close()


@dataclass
class _Chunk:
    shard: _OpenShard
    future: Future | _Done
    position: int


@dataclass
class _End:
    shard: _OpenShard
    error: str | None = None


@dataclass
class ScanResult:
    """What a run did: the summary figures (whole dump, resumed shards included) and its exit code."""

    stats: ScanStats
    exit_code: int


class _Scan:
    def __init__(
        self,
        shards: list[Shard],
        output: str | None,
        *,
        factory: DetectorFactory,
        detector_id: str,
        options: ScanOptions,
        workers: int,
        resume: bool,
        overwrite: bool,
        whole_file: bool,
        chunk_bytes: int,
        progress: Progress,
    ) -> None:
        self.shards = shards
        self.output = Path(output) if output is not None else None
        self.factory = factory
        self.options = options
        self.workers = workers
        self.resume = resume
        self.overwrite = overwrite
        self.whole_file = whole_file
        self.chunk_bytes = chunk_bytes
        self.progress = progress
        self.fingerprint = {**asdict(options), "detector": detector_id, "whole_file": whole_file}
        self.manifest: dict[str, Any] = {"version": _MANIFEST_VERSION, "options": self.fingerprint, "shards": {}}
        self.run_stats = ScanStats()
        self.open: list[_OpenShard] = []
        self.done_bytes = 0

    # -- output directory and manifest
    def output_path(self, name: str, shard: Shard) -> Path:
        assert self.output is not None
        return self.output / shard.name if name == "out" else self.output / name / shard.name

    @property
    def manifest_path(self) -> Path:
        assert self.output is not None
        return self.output / MANIFEST_NAME

    def _write_manifest(self) -> None:
        import orjson

        temporary = self.manifest_path.with_name(self.manifest_path.name + _PARTIAL_SUFFIX)
        temporary.write_bytes(orjson.dumps(self.manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
        os.replace(temporary, self.manifest_path)

    def prepare(self) -> list[Shard]:
        """Check the output directory against the manifest; return the shards still to do."""
        if self.output is None:
            return list(self.shards)
        import orjson

        self.output.mkdir(parents=True, exist_ok=True)
        if self.overwrite:
            self.manifest_path.unlink(missing_ok=True)  # the earlier scan's record goes with it
        elif self.manifest_path.exists():
            if not self.resume:
                raise ScanError(f"{self.output} holds an earlier scan; pass --resume to continue it or --overwrite to start over")
            previous = orjson.loads(self.manifest_path.read_bytes())
            before = previous.get("options", {}) if previous.get("version") == _MANIFEST_VERSION else {}
            changed = [f"{k}: {before.get(k)!r} then, {v!r} now" for k, v in self.fingerprint.items() if before.get(k) != v]
            if changed:
                raise ScanError(
                    f"{self.output} was scanned with other options ({'; '.join(changed)}); resume with the same options, or pass --overwrite"
                )
            self.manifest = previous
        else:
            clashes = [str(self.output_path(n, s)) for s in self.shards for n in outputs_of(self.options.mode) if self.output_path(n, s).exists()]
            if clashes:
                raise ScanError(f"output exists: {clashes[0]}; pass --overwrite to replace it")
        todo = []
        for shard in self.shards:
            for name in outputs_of(self.options.mode):
                _remove_partials(self.output_path(name, shard))  # left by a killed run
            if self._finished(shard):
                self.run_stats.shards_skipped += 1
            else:
                self.manifest["shards"].pop(shard.name, None)
                todo.append(shard)
        return todo

    def _finished(self, shard: Shard) -> bool:
        entry = self.manifest["shards"].get(shard.name)
        if entry is None or shard.source is None or entry["input"] != shard.fingerprint():
            return False
        assert self.output is not None
        return all(
            (self.output / out["path"]).is_file() and (self.output / out["path"]).stat().st_size == out["bytes"]
            for out in entry["outputs"].values()
        )

    # -- the pipeline
    def _make_executor(self) -> Any:
        if self.workers == 1:
            return _InlineExecutor(self.factory, self.options)
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=self.workers, initializer=_init_worker, initargs=(self.factory, self.options, True))

    def _drain(self, pending: deque) -> None:
        item = pending.popleft()
        shard: _OpenShard = item.shard
        if isinstance(item, _Chunk):
            try:
                result: ChunkResult = item.future.result()
            except RecordError as exc:
                raise ScanError(f"{shard.shard.source or 'stdin'}: record {shard.records_before + exc.index + 1}: {exc} (--strict)") from exc
            except DetectorLoadError:
                raise
            except Exception as exc:  # noqa: BLE001 - input a worker could not handle fails its shard, not the run
                from concurrent.futures.process import BrokenProcessPool

                if isinstance(exc, BrokenProcessPool):
                    raise ScanError(f"a worker process died ({exc}); finished shards are kept, --resume goes on") from exc
                shard.error = shard.error or f"{type(exc).__name__}: {exc}"
            if shard.error is not None:
                return
            shard.write(result)
            self.run_stats.merge(result.stats)
            self.progress.update(self.run_stats.records_in, self.done_bytes + item.position, self.run_stats.flagged)
            return
        self.open.remove(shard)
        error = item.error or shard.error
        if error is not None:
            shard.abandon()
            self.run_stats.failures.append(f"{shard.shard.source or 'stdin'}: {error}")
            return
        outputs = shard.finish()
        self.run_stats.shards_done += 1
        self.done_bytes += shard.stats.bytes_in
        if self.output is not None:
            self.manifest["shards"][shard.shard.name] = {
                "input": shard.shard.fingerprint(),
                "outputs": outputs,
                "stats": shard.stats.to_manifest(),
            }
            self._write_manifest()

    def run(self, todo: list[Shard]) -> None:
        chunks = _most_chunks(todo, self.chunk_bytes, self.whole_file)
        if chunks is not None:
            self.workers = max(1, min(self.workers, chunks))  # a pool worker with nothing to do only costs its start
        pending: deque = deque()
        in_flight = 0
        limit = 1 if self.workers == 1 else 3 * self.workers
        _keep_freed_memory()  # here first, so that forked workers inherit the setting and its import
        executor = self._make_executor()
        try:
            for shard in todo:
                try:
                    open_shard = _OpenShard(shard, self)
                except Exception as exc:  # noqa: BLE001 - an unreadable input fails its shard, not the run
                    self.run_stats.failures.append(f"{shard.source or 'stdin'}: {type(exc).__name__}: {exc}")
                    continue
                self.open.append(open_shard)
                error = None
                try:
                    for payload in open_shard.input.payloads():
                        if open_shard.error is not None:
                            break  # a worker already failed on this input: read no further
                        while in_flight >= limit:
                            in_flight -= isinstance(pending[0], _Chunk)
                            self._drain(pending)
                        parts = open_shard.next_parts()
                        future = executor.submit(_process_chunk, open_shard.input.decoder, open_shard.encoder, payload, parts)
                        pending.append(_Chunk(open_shard, future, open_shard.input.position()))
                        in_flight += 1
                except Exception as exc:  # noqa: BLE001 - corrupt or truncated input fails its shard
                    error = f"{type(exc).__name__}: {exc}"
                pending.append(_End(open_shard, error))
            while pending:
                self._drain(pending)
        except BaseException:
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
            try:
                executor.shutdown(wait=True, cancel_futures=True)
                for open_shard in self.open:
                    open_shard.abandon()
            finally:
                signal.signal(signal.SIGINT, previous)
            raise
        executor.shutdown(wait=True)

    def summary(self) -> ScanStats:
        """The whole dump's figures: finished shards from the manifest, timing and examples from this run."""
        if self.output is None:
            return self.run_stats
        total = ScanStats()
        for shard in self.shards:
            entry = self.manifest["shards"].get(shard.name)
            if entry is not None:
                total.merge(ScanStats.from_manifest(entry["stats"]))
        total.examples = self.run_stats.examples
        total.peak_worker_rss = self.run_stats.peak_worker_rss
        total.shards_done, total.shards_skipped = self.run_stats.shards_done, self.run_stats.shards_skipped
        total.failures = self.run_stats.failures
        total.timed_records, total.timed_bytes, total.seconds = self.run_stats.timed_records, self.run_stats.timed_bytes, self.run_stats.seconds
        return total


def _most_chunks(shards: Sequence[Shard], chunk_bytes: int, whole_file: bool) -> int | None:
    """How many chunks ``shards`` can make at most, when that is known without reading them (None: unknown).

    Plain JSONL and text files are cut into byte ranges of ``chunk_bytes`` (one per file with
    ``whole_file``) before they are read; compressed input, stdin and the parsed formats are cut as
    they are read.
    """
    total = 0
    for shard in shards:
        if shard.source is None or shard.in_type.compression != "none" or shard.in_type.format not in ("jsonl", "txt"):
            return None
        total += 1 if whole_file else -(-os.path.getsize(shard.source) // chunk_bytes)
    return total


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def run_scan(
    inputs: Sequence[str],
    output: str | None,
    *,
    detector_factory: DetectorFactory | None = None,
    options: ScanOptions | None = None,
    workers: int | None = None,
    resume: bool = False,
    overwrite: bool = False,
    out_format: str | None = None,
    out_compression: str | None = None,
    input_format: str | None = None,
    whole_file: bool = False,
    chunk_bytes: int = 1 << 20,
    progress: str = "auto",
) -> ScanResult:
    """Scan ``inputs`` (files, directories, globs, ``-``) into the directory ``output`` (None: stdout).

    ``detector_factory`` builds the detector once per worker (default: the shipped model).
    ``progress``: ``auto`` (a bar on a terminal, log lines otherwise), ``bar``, ``log`` or ``none``.
    Raises :class:`ScanError` for a scan that cannot start; an interrupted run raises KeyboardInterrupt
    after removing its partial shards. The calling process keeps glibc malloc thresholds that reuse
    freed memory (see ``_keep_freed_memory``; with one worker it is the process that scans).
    """
    options = options or ScanOptions()
    factory = detector_factory or ModelFactory()
    workers = workers or len(os.sched_getaffinity(0))
    if workers < 1:
        raise ScanError(f"workers must be at least 1; got {workers}")
    if chunk_bytes < 1:
        raise ScanError(f"chunk_bytes must be positive; got {chunk_bytes}")
    exclude = output if output is not None else None
    shards = plan_shards(inputs, mode=options.mode, out_format=out_format, out_compression=out_compression, input_format=input_format, exclude=exclude)
    if output is None:
        if options.mode == "split":
            raise ScanError("--mode split writes two outputs; give an output directory, not -o -")
        if resume:
            raise ScanError("--resume needs an output directory, not -o -")
        if any(s.out_type.format == "parquet" for s in shards):
            raise ScanError("parquet cannot be written to stdout; give an output directory")
        if len(shards) > 1 and any(s.out_type.format in ("csv", "tsv", "json") for s in shards):
            raise ScanError("several csv/tsv/json shards cannot share stdout; give an output directory")
    if resume and any(s.source is None for s in shards):
        raise ScanError("--resume cannot fingerprint stdin; read from files")
    if progress == "auto":
        progress = "bar" if sys.stderr.isatty() else "log"
    detector_id = factory.fingerprint() if isinstance(factory, ModelFactory) else getattr(factory, "__qualname__", type(factory).__name__)
    scan = _Scan(
        shards,
        output,
        factory=factory,
        detector_id=detector_id,
        options=options,
        workers=workers,
        resume=resume,
        overwrite=overwrite,
        whole_file=whole_file,
        chunk_bytes=chunk_bytes,
        progress=Progress(0, progress),
    )
    todo = scan.prepare()
    scan.progress.total = sum(os.path.getsize(s.source) for s in todo if s.source is not None)
    started = time.perf_counter()
    previous_term = signal.signal(signal.SIGTERM, _raise_interrupt) if _in_main_thread() else None
    try:
        scan.run(todo)
    finally:
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)
        scan.run_stats.seconds = time.perf_counter() - started
        scan.run_stats.timed_records, scan.run_stats.timed_bytes = scan.run_stats.records_in, scan.done_bytes
        scan.progress.update(scan.run_stats.records_in, scan.done_bytes, scan.run_stats.flagged, force=True)
        scan.progress.close()
    stats = scan.summary()
    if stats.records_in != stats.records_out + stats.dropped:
        raise ScanError(f"exactly-once check failed: {stats.records_in} records in, {stats.records_out} out, {stats.dropped} dropped")
    return ScanResult(stats, 1 if stats.failures else 0)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


# ---------------------------------------------------------------------------------------------- CLI


def add_cli(subparsers: Any) -> None:
    """Register ``spamsplice scan``."""
    from spamsplice.io import FORMATS
    from spamsplice.io.compression import COMPRESSIONS

    parser = subparsers.add_parser(
        "scan",
        help="scan dumps (JSONL, JSON, Parquet, CSV/TSV, text; gzip/zstd) on every core",
        description="Annotate, clean, filter or split every record of a dump; resumable, nothing lost.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories or globs; - for stdin")
    parser.add_argument("-o", "--output", required=True, help="output directory (one shard per input), or - for stdout")
    parser.add_argument("--mode", choices=MODES, default="annotate", help="annotate (default), clean, drop flagged, or split clean/flagged")
    parser.add_argument("--text-field", default="text", help="field or column holding the text (default: text)")
    parser.add_argument("--threshold", type=float, default=None, help="span threshold in [0, 1] (default: the model's)")
    parser.add_argument("--keep-original", metavar="FIELD", default=None, help="clean mode: keep the original text under FIELD")
    parser.add_argument("--strict", action="store_true", help="stop at the first bad record instead of annotating it")
    parser.add_argument("--max-chars", type=int, default=ScanOptions.max_chars, help="longer texts get an error annotation (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted scan: skip finished shards")
    parser.add_argument("--overwrite", action="store_true", help="replace the output of an earlier scan")
    parser.add_argument("--format", dest="out_format", choices=FORMATS, default=None, help="output format (default: the input's)")
    parser.add_argument("--compression", dest="out_compression", choices=COMPRESSIONS, default=None, help="output compression (default: the input's)")
    parser.add_argument("--input-format", choices=FORMATS, default=None, help="input format when the name does not say (stdin is jsonl)")
    parser.add_argument("--whole-file", action="store_true", help="text input: each file is one document (default: each line)")
    parser.add_argument("--report", metavar="HTML", default=None, help="write a self-contained HTML report of the run")
    parser.add_argument("--model", default=None, help="model directory (default: the shipped model)")
    parser.add_argument(
        "--detector-factory", metavar="MODULE:CALLABLE", default=None, help="custom detector: CALLABLE(model_path) returns it (import path)"
    )
    parser.add_argument("--chunk-bytes", type=int, default=1 << 20, help=argparse.SUPPRESS)
    parser.add_argument("--quiet", action="store_true", help="no progress and no summary (errors only)")
    parser.add_argument("--engine", choices=("local", "spark"), default="local", help="local processes (default) or Spark")
    parser.add_argument("--master", default="local[*]", help="Spark master URL for --engine spark (default: local[*])")
    parser.set_defaults(func=_cli)


def _cli(args: argparse.Namespace) -> int:
    if args.engine == "spark":
        try:
            from spamsplice.spark import run_cli
        except ModuleNotFoundError as exc:
            hint = "pip install 'spamsplice[spark]'" if exc.name == "pyspark" else "this installation has no spark engine"
            print(f"spamsplice scan: --engine spark needs pyspark ({hint})", file=sys.stderr)
            return 2
        return run_cli(args)
    try:
        options = ScanOptions(
            text_field=args.text_field,
            mode=args.mode,
            threshold=args.threshold,
            keep_original=args.keep_original,
            strict=args.strict,
            max_chars=args.max_chars,
        )
    except ValueError as exc:
        print(f"spamsplice scan: {exc}", file=sys.stderr)
        return 2
    output = None if args.output == "-" else args.output
    if output is not None and FileType.from_name(output) is not None and not os.path.isdir(output):
        print(f"spamsplice scan: -o names an output directory (one shard per input); {output!r} looks like a file", file=sys.stderr)
        return 2
    try:
        result = run_scan(
            args.inputs,
            output,
            detector_factory=ModelFactory(args.model, args.detector_factory),
            options=options,
            workers=args.workers,
            resume=args.resume,
            overwrite=args.overwrite,
            out_format=args.out_format,
            out_compression=args.out_compression,
            input_format=args.input_format,
            whole_file=args.whole_file,
            chunk_bytes=args.chunk_bytes,
            progress="none" if args.quiet else "auto",
        )
    except KeyboardInterrupt:
        where = f"; finished shards are in {output}, run again with --resume to go on" if output else ""
        print(f"spamsplice scan: interrupted{where}", file=sys.stderr)
        return 130
    except ScanError as exc:
        print(f"spamsplice scan: {exc}", file=sys.stderr)
        return 1
    except DetectorLoadError as exc:
        print(f"spamsplice scan: {exc}", file=sys.stderr)
        return 1
    stats = result.stats
    if not args.quiet:
        print(stats.summary_text(), file=sys.stderr)
        print(f"  exactly once: {stats.records_in:,} in = {stats.records_out:,} out + {stats.dropped:,} dropped", file=sys.stderr)
    elif stats.failures:
        print("\n".join(f"spamsplice scan: FAILED {failure}" for failure in stats.failures), file=sys.stderr)
    if args.report:
        from spamsplice.report import render_html

        shown = {
            "inputs": " ".join(args.inputs),
            "mode": args.mode,
            "text field": args.text_field,
            "threshold": "the model's" if args.threshold is None else args.threshold,
            "detector": ModelFactory(args.model, args.detector_factory).describe(),
        }
        Path(args.report).write_text(render_html(stats, options=shown), encoding="utf-8")
    return result.exit_code
