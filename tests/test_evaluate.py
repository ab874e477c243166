"""Span matching and the evaluation report, on hand-built documents with known answers."""

from __future__ import annotations

import json
import math

import pytest

from spamsplice.evaluate import Counts, evaluate, format_report, iou, match_spans
from spamsplice.synth import GoldSpan, SynthDoc
from spamsplice.types import Detection, Span


def _doc(doc_id: str, text: str, spans: list[tuple[int, int, str, str]], kind: str | None = None,
         lang: str = "en", ignore: tuple = ()) -> SynthDoc:
    """spans: (start, end, family, template)."""
    gold = tuple(GoldSpan(s, e, text[s:e], fam, tpl, tpl.rsplit(".", 1)[-1], "between_words")
                 for s, e, fam, tpl in spans)
    return SynthDoc(doc_id, lang, doc_id, text, gold, kind or ("spam" if gold else "clean"), ignore)


def test_iou():
    assert iou((0, 10), (0, 10)) == 1.0
    assert iou((0, 10), (5, 15)) == pytest.approx(5 / 15)
    assert iou((0, 10), (10, 20)) == 0.0


def test_match_spans_is_one_to_one_and_greedy_by_iou():
    assert match_spans([(0, 10), (20, 30)], [(21, 30), (1, 10), (50, 60)]) == [(0, 1), (1, 0)]
    # two predictions on one gold span: only the better one matches
    assert match_spans([(0, 10)], [(0, 6), (0, 9)]) == [(0, 1)]
    # greedy by IoU, not by order: pred 0 fits gold 1 best (1.0) although it also fits gold 0
    assert match_spans([(0, 12), (2, 12)], [(2, 12), (0, 11)]) == [(0, 1), (1, 0)]
    assert match_spans([(0, 10)], [(0, 4)]) == []  # IoU 0.4 < 0.5
    assert match_spans([(0, 10)], [(0, 4)], min_iou=0.4) == [(0, 0)]
    with pytest.raises(ValueError):
        match_spans([(0, 1)], [(0, 1)], min_iou=0)


def test_evaluate_counts_on_a_hand_built_set():
    text = "aaaa SPAMONE bbbb SPAMTWO cccc dddd"
    spam = _doc("s", text, [(5, 12, "data", "data.a.en"), (18, 25, "gambling", "gambling.b.ne")])
    clean = _doc("c", "nothing to see here at all", [])
    clean2 = _doc("c2", "a second clean page", [])
    hard = _doc("h", "a hard negative page", [], kind="hard_negative")
    predictions = [
        [(5, 12), (19, 25), (26, 30)],  # exact, partial (IoU 6/7), false positive
        [(0, 7)],                       # clean doc flagged
        [],
        Detection(0.1, ()),
    ]
    report = evaluate([spam, clean, clean2, hard], predictions, held_out_templates={"gambling.b.ne"},
                      held_out_langs={"ne"})
    c = report.overall
    assert (c.tp, c.fp, c.fn, c.exact) == (2, 2, 0, 1)
    assert c.precision == pytest.approx(0.5) and c.recall == 1.0 and c.f1 == pytest.approx(2 / 3)
    assert c.exact_recall == pytest.approx(0.5)
    # characters: gold 14, predicted 7 + 6 + 4 + 7 = 24, overlap 13
    assert (c.char_tp, c.char_fn, c.char_fp) == (13, 1, 11)
    assert c.char_f1 == pytest.approx(2 * 13 / (2 * 13 + 1 + 11))
    assert (c.spam_docs, c.spam_docs_flagged, c.clean_docs, c.clean_docs_flagged) == (1, 1, 3, 1)
    assert c.doc_recall == 1.0 and c.clean_fpr == pytest.approx(1 / 3)
    assert report.by_kind["hard_negative"].clean_fpr == 0.0
    assert report.by_kind["clean"].clean_fpr == pytest.approx(0.5)
    family = report.by_span["family"]
    assert (family["data"].matched, family["data"].exact) == (1, 1)
    assert (family["gambling"].matched, family["gambling"].exact) == (1, 0)
    assert family["gambling"].char_recall == pytest.approx(6 / 7)
    assert report.by_span["held_out_template"]["yes"].gold == 1
    assert report.by_span["held_out_phrase_lang"]["yes"].gold == 1
    assert report.by_span["held_out_any"]["no"].gold == 1
    assert report.by_span["disguise"]["none"].gold == 2


def test_breakdown_by_host_language_uses_its_own_predictions():
    en = _doc("e", "xx SPAM yy", [(3, 7, "data", "data.a.en")], lang="en")
    zh = _doc("z", "你好 手机号码清单 世界", [(3, 9, "data", "data.a.zh")], lang="zh")
    report = evaluate([en, zh], [[(3, 7), (0, 2)], []])
    assert report.by_host_lang["en"].precision == pytest.approx(0.5)
    assert report.by_host_lang["en"].recall == 1.0
    assert report.by_host_lang["zh"].recall == 0.0
    assert math.isnan(report.by_host_lang["zh"].precision)


def test_predictions_on_spinner_noise_are_not_counted():
    doc = _doc("n", "The plan Therefore, was fine.", [], ignore=((9, 19),))
    report = evaluate([doc], [[(9, 18)]])
    assert report.overall.fp == 0 and report.overall.clean_docs_flagged == 0
    report = evaluate([doc], [[(0, 3)]])
    assert report.overall.fp == 1 and report.overall.clean_fpr == 1.0


def test_accepts_span_objects_and_rejects_bad_input():
    doc = _doc("s", "xx SPAM yy", [(3, 7, "data", "data.a.en")])
    report = evaluate([doc], [Detection(0.9, (Span(3, 7, "SPAM", 0.9),))])
    assert report.overall.exact == 1
    assert evaluate([doc], [[Span(3, 7, "SPAM")]]).overall.tp == 1
    with pytest.raises(ValueError, match="predictions"):
        evaluate([doc], [])
    with pytest.raises(ValueError, match="outside"):
        evaluate([doc], [[(3, 70)]])
    with pytest.raises(ValueError, match="pairs"):
        evaluate([doc], [[3]])


def test_undefined_rates_are_nan_and_serialise_as_null():
    empty = Counts()
    assert math.isnan(empty.precision) and math.isnan(empty.f1) and math.isnan(empty.clean_fpr)
    doc = _doc("c", "clean text only", [])
    report = evaluate([doc], [[]])
    data = json.loads(json.dumps(report.to_dict()))
    assert data["overall"]["recall"] is None and data["overall"]["clean_fpr"] == 0.0


def test_format_report_renders_markdown_tables():
    doc = _doc("s", "xx SPAM yy", [(3, 7, "data", "data.a.en")])
    text = format_report(evaluate([doc, _doc("c", "clean", [])], [[(3, 7)], []]))
    assert "### Overall" in text and "### By host language" in text and "### Recall by phrase family" in text
    assert "| all | 2 | 1 | 1 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1 | 0.000 |" in text
    assert "| data | 1 | 1.000 | 1.000 | 1.000 |" in text
