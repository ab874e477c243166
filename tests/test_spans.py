import numpy as np

from spamsplice.spans import candidate_runs, link_ranges, merge_spans, span_iou, widen_to_links
from spamsplice.tokenize import tokenize
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


def test_link_ranges_find_markdown_bbcode_and_html_anchors():
    text = "a [buy now](https://x.example/p?q=1) b [URL=http://y.example]cheap[/URL] c <a href='z'>here</a> d"
    found = [text[s:e] for s, e in link_ranges(text)]
    assert found == ["[buy now](https://x.example/p?q=1)", "[URL=http://y.example]cheap[/URL]", "<a href='z'>here</a>"]
    assert link_ranges("no links [at all] (here)") == []


def test_widen_to_links_takes_the_whole_construct():
    text = "see [phone list](https://x.example/a) now"
    tokens = tokenize(text)
    starts = np.array([t.start for t in tokens])
    ends = np.array([t.end for t in tokens])
    surfaces = [text[t.start : t.end] for t in tokens]
    phone, now = surfaces.index("phone"), surfaces.index("now")
    (a, b), = widen_to_links([(phone, phone + 1)], starts, ends, link_ranges(text))
    assert text[starts[a] : ends[b]] == "[phone list](https://x.example/a)"
    assert widen_to_links([(now, now)], starts, ends, link_ranges(text)) == [(now, now)]  # outside: unchanged


def test_link_ranges_stay_fast_on_unclosed_markup():
    for hostile in ("<a " * 50_000, "[url=" * 50_000, "[x" * 50_000 + "](", "[a](" * 50_000):
        assert link_ranges(hostile) == []
