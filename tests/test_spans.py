import numpy as np

from spamsplice.spans import candidate_runs, merge_spans, span_iou
from spamsplice.types import Span


def test_runs_need_one_strong_token_and_keep_weaker_neighbours():
    probs = np.array([0.1, 0.3, 0.9, 0.4, 0.1, 0.35, 0.3, 0.1])
    breaks = np.zeros(8, dtype=bool)
    assert candidate_runs(probs, low=0.25, high=0.5, breaks=breaks) == [(1, 3)]


def test_a_blank_line_ends_a_run():
    probs = np.array([0.9, 0.9, 0.9])
    breaks = np.array([False, False, True])
    assert candidate_runs(probs, low=0.25, high=0.5, breaks=breaks) == [(0, 1), (2, 2)]


def test_merge_overlapping_and_touching_spans():
    text = "abcdefghij"
    spans = [Span(5, 7, "fg", 0.2), Span(0, 3, "abc", 0.5), Span(2, 5, "cde", 0.9)]
    assert merge_spans(text, spans) == [Span(0, 7, "abcdefg", 0.9)]


def test_iou():
    assert span_iou((0, 10), (5, 15)) == 5 / 15
    assert span_iou((0, 2), (3, 4)) == 0.0
    assert span_iou((3, 3), (3, 3)) == 0.0
