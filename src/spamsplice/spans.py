"""From token scores to whole spans, and the overlap helpers every layer shares."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from spamsplice.types import Span


def candidate_runs(probs: np.ndarray, *, low: float, high: float, breaks: np.ndarray) -> list[tuple[int, int]]:
    """Token ranges ``[a, b]`` (inclusive) worth judging as insertions.

    A run is a maximal stretch of tokens scoring at least ``low`` that holds at least one token scoring
    ``high``; ``breaks[i]`` (a blank line before token ``i``) ends a run, because an insertion does not
    cross paragraphs. Two thresholds (hysteresis) keep a phrase whole when one of its words is weaker.
    """
    runs: list[tuple[int, int]] = []
    above = probs >= low
    n = probs.shape[0]
    i = 0
    while i < n:
        if not above[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and above[j + 1] and not breaks[j + 1]:
            j += 1
        if probs[i : j + 1].max() >= high:
            runs.append((i, j))
        i = j + 1
    return runs


def merge_spans(text: str, spans: Sequence[Span]) -> list[Span]:
    """Sort spans and merge the ones that overlap or touch, keeping the higher score."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    merged: list[Span] = []
    for span in ordered:
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            end = max(last.end, span.end)
            merged[-1] = Span(last.start, end, text[last.start : end], max(last.score, span.score))
        else:
            merged.append(span)
    return merged


def span_iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Character intersection over union of two ``(start, end)`` ranges."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0
