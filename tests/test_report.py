"""Run figures: counting, merging, the manifest round trip, the text summary and the HTML page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from spamsplice.report import MAX_EXAMPLES, ScanStats, error_kind, normalize_phrase, render_html


def annotated(text: str, spans: list[tuple[int, int]], score: float = 0.9, **extra) -> dict:
    return {
        **extra,
        "text": text,
        "spamsplice": {"score": score, "spans": [{"start": s, "end": e, "text": text[s:e], "score": 0.8} for s, e in spans]},
    }


def sample_stats() -> ScanStats:
    text = "The survey lists the three Norway  Telegram Data main reasons <script>alert(1)</script> & more."
    start = text.index("Norway")
    records = [
        annotated(text, [(start, start + len("Norway  Telegram Data"))], id="doc-1", lang="en"),
        annotated("नमस्ते दुनिया", [], score=0.02, lang="hi"),
        annotated("clean again", [], score=0.55),
        {"id": 4, "lang": "en", "spamsplice": {"error": "malformed JSON: unexpected character"}},
        annotated("提高营 norway telegram data 销效率", [(4, 24)], lang="zh"),
    ]
    routes = ["flagged", "clean", "clean", "error", "flagged"]
    stats = ScanStats(records_in=5, written={"out": 5})
    stats.add_records(records, [r.get("text") for r in records], routes)
    return stats


def test_counts_languages_histogram_and_phrases():
    stats = sample_stats()
    assert (stats.flagged, stats.errors) == (2, 1)
    assert stats.languages == {"en": [2, 1, 1], "hi": [1, 0, 0], "(none)": [1, 0, 0], "zh": [1, 1, 0]}
    assert stats.phrases == {"norway telegram data": 2}  # case and spacing folded
    assert stats.error_kinds == {"malformed JSON": 1}
    assert sum(stats.histogram) == 4 and stats.histogram[0] == 1 and stats.histogram[11] == 1 and stats.histogram[18] == 2
    example = stats.examples[0]
    assert example["text"][example["spans"][0][0] : example["spans"][0][1]] == "Norway  Telegram Data"


def test_examples_are_windows_around_spans():
    text = "a" * 5000 + "SPAM" + "b" * 5000
    stats = ScanStats()
    stats.add_records([annotated(text, [(5000, 5004)])], [text], ["flagged"])
    example = stats.examples[0]
    assert example["cut_left"] and example["cut_right"] and len(example["text"]) < 600
    start, end, _ = example["spans"][0]
    assert example["text"][start:end] == "SPAM"


def test_merge_and_manifest_round_trip():
    total = ScanStats()
    for _ in range(20):
        total.merge(sample_stats())
    assert total.records_in == 100 and total.written == {"out": 100} and total.flagged == 40
    assert [e["lang"] for e in total.examples] == ["en", "zh"] * (MAX_EXAMPLES // 5)  # a few per language
    again = ScanStats.from_manifest(total.to_manifest())
    assert again.to_manifest() == total.to_manifest()
    assert again.languages["en"] == [40, 20, 20]


def test_error_kind_and_phrase_normalization():
    assert error_kind("invalid UTF-8: at byte 12") == "invalid UTF-8"
    assert error_kind("empty text") == "empty text"
    assert normalize_phrase("  Peru\u00a0 WhatsApp\nNumbers ") == "peru whatsapp numbers"


def test_summary_text_has_the_figures():
    stats = sample_stats()
    stats.timed_records, stats.timed_bytes, stats.seconds = 5, 2_000_000, 2.0
    text = stats.summary_text()
    assert "records in" in text and "flagged            2 (40.00%)" in text
    assert "1.0 MB/s, 2 records/s" in text
    assert "norway telegram data" in text and "malformed JSON" in text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.marks: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_mark = tag == "mark"
        if self._in_mark:
            self.marks.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        if self._in_mark:
            self.marks[-1] += data


def test_html_report_is_self_contained_escaped_and_highlights_spans():
    stats = sample_stats()
    stats.timed_records, stats.timed_bytes, stats.seconds = 5, 1000, 1.0
    page = render_html(stats, options={"inputs": "<dump>/*.jsonl"})
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more." in page
    assert "&lt;dump&gt;/*.jsonl" in page
    parser = _Collector()
    parser.feed(page)
    tags = {tag for tag, _ in parser.tags}
    assert {"svg", "rect", "table", "mark", "style"} <= tags
    assert not tags & {"script", "link", "img", "iframe", "object"}
    assert all("src" not in attrs and "href" not in attrs for _, attrs in parser.tags)
    assert "url(" not in page and "@import" not in page
    assert parser.marks == ["Norway  Telegram Data", "norway telegram data"]
    assert len(re.findall(r"<rect ", page)) == 20  # one bar per histogram bin


def test_html_report_of_an_empty_run():
    page = render_html(ScanStats())
    assert "<svg" in page and "Flagged examples (0 of 0)" in page
