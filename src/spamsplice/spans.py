"""From token scores to whole spans, and the overlap helpers every layer shares."""

from __future__ import annotations

import re
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


# Link markup a spammer wraps around an anchor phrase; bounded repeats keep every pattern linear.
_LINKS = re.compile(
    r"\[[^\[\]\n]{1,300}\]\([^()\s]{1,1000}\)"  # [anchor](https://...)
    r"|\[url(?:=[^\[\]\n]{1,1000})?\][^\[\n]{0,300}\[/url\]"  # [url=...]anchor[/url]
    r"|<a\b[^<>]{0,1000}>[^<]{0,300}</a>",  # <a href=...>anchor</a>
    re.IGNORECASE,
)


def link_ranges(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every link construct in ``text`` (Markdown, BBCode, HTML anchors)."""
    if "[" not in text and "<" not in text:
        return []
    return [m.span() for m in _LINKS.finditer(text)]


def widen_to_links(
    runs: list[tuple[int, int]], starts: np.ndarray, ends: np.ndarray, links: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Widen each token run that overlaps a link construct to the whole construct.

    An anchor phrase is pasted together with its link: removing only the words would leave ``[](url)``
    behind, and the token scores of brackets and URLs rarely carry the run to the end on their own.
    """
    if not links or not runs:
        return runs
    widened: list[tuple[int, int]] = []
    for a, b in runs:
        for link_start, link_end in links:
            if starts[a] < link_end and ends[b] > link_start:
                a = min(a, int(np.searchsorted(starts, link_start)))
                b = max(b, int(np.searchsorted(ends, link_end, side="right")) - 1)
        if widened and a <= widened[-1][1]:
            a = widened.pop()[0]
        widened.append((a, b))
    return widened


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
