"""Detector test doubles for the Spark tests, importable by name on Spark's Python workers.

``tests/test_spark.py`` ships this file to the workers with ``SparkContext.addPyFile`` (what
``spark-submit --py-files`` does on a cluster) and passes ``detector_factory="spark_doubles:<name>"``.
Every factory takes the ``model_path`` argument that ``spamsplice.spark.scan`` forwards; the doubles
that need a place to leave evidence (a load log, a crash flag) use it as that directory.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path
from typing import Sequence

from spamsplice.clean import remove_spans
from spamsplice.types import CleanResult, Detection, Span

MARKER = "SPAMWORD"
CRASH_MARKER = "CRASHONCE"
_MARKER_RE = re.compile(MARKER)


class MarkerDetector:
    """Flags every occurrence of ``SPAMWORD``; deterministic, so Spark and local runs can be compared."""

    threshold = 0.5

    def detect(self, text: str, threshold: float | None = None) -> Detection:
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        cut = self.threshold if threshold is None else threshold
        spans = tuple(Span(m.start(), m.end(), m.group(), 0.9) for m in _MARKER_RE.finditer(text)) if cut <= 0.9 else ()
        return Detection(0.9 if spans else 0.1, spans)

    def detect_many(self, texts: Sequence[str], threshold: float | None = None) -> list[Detection]:
        return [self.detect(text, threshold) for text in texts]

    def clean(self, text: str, threshold: float | None = None) -> CleanResult:
        return remove_spans(text, self.detect(text, threshold).spans)


class CrashOnceDetector(MarkerDetector):
    """Kills its Python worker the first time it meets ``CRASHONCE``, as a lost executor would.

    The flag file makes the fault happen exactly once across all attempts and processes, so the
    retried task must succeed and the test can check that the fault really fired.
    """

    def __init__(self, flag_dir: str) -> None:
        self.flag = Path(flag_dir) / "crashed"

    def detect(self, text: str, threshold: float | None = None) -> Detection:
        if isinstance(text, str) and CRASH_MARKER in text:
            try:
                fd = os.open(self.flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                pass
            else:
                os.close(fd)
                os._exit(17)
        return super().detect(text, threshold)


def marker_detector(model_path: str | None) -> MarkerDetector:
    return MarkerDetector()


def crash_once_detector(model_path: str | None) -> CrashOnceDetector:
    if model_path is None:
        raise ValueError("crash_once_detector needs a directory for its crash flag as model_path")
    return CrashOnceDetector(model_path)


def counting_marker_detector(model_path: str | None) -> MarkerDetector:
    """A marker detector that leaves one file per load, named after the loading process."""
    if model_path is None:
        raise ValueError("counting_marker_detector needs a directory for its load log as model_path")
    (Path(model_path) / f"load-{os.getpid()}-{uuid.uuid4().hex}").touch()
    return MarkerDetector()
