"""Span-level evaluation of a detector against synthetic gold: P/R/F1, exact recall, char-F1, document rates.

Why these numbers: a span counts as found when a prediction overlaps it with character IoU >= 0.5 (one
prediction per gold span, greedy by IoU), because cleaning removes whatever is predicted and a half-right
span leaves debris. Exact recall says how often the offsets are exactly right; char-F1 credits partial
overlap; the clean-document false-positive rate is what a crawl operator feels first.

Breakdowns: by host language and document kind (full counts, precision included), and by attributes of the
gold spans (family, style, phrase language, disguise, held-out template / phrase language), where only recall
is meaningful, since an unmatched prediction has no family.

Example::

    >>> from spamsplice.evaluate import match_spans
    >>> match_spans([(0, 10), (20, 30)], [(21, 30), (1, 10)])
    [(0, 1), (1, 0)]
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Collection, Iterable, Sequence

from spamsplice.types import Detection

if TYPE_CHECKING:  # pragma: no cover
    from spamsplice.synth import SynthDoc

Interval = tuple[int, int]
SPAN_ATTRIBUTES = ("family", "style", "phrase_lang", "disguise", "held_out_template", "held_out_phrase_lang",
                   "held_out_any")


def _ratio(numerator: int, denominator: int) -> float:
    """NaN when undefined (no gold, no predictions): a missing number must not pass for a perfect one."""
    return numerator / denominator if denominator else math.nan


def _f1(precision: float, recall: float) -> float:
    if math.isnan(precision) or math.isnan(recall):
        return math.nan
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def iou(a: Interval, b: Interval) -> float:
    """Character intersection over union of two end-exclusive intervals."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union > 0 else 0.0


def match_spans(gold: Sequence[Interval], pred: Sequence[Interval], min_iou: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one (gold_index, pred_index) pairs with IoU >= ``min_iou``, best IoU first; sorted by gold index."""
    if not 0.0 < min_iou <= 1.0:
        raise ValueError(f"min_iou must be in (0, 1], got {min_iou!r}")
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            score = iou(g, p)
            if score >= min_iou:
                candidates.append((-score, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def _union(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _overlap(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    """Characters covered by both unions (inputs already merged)."""
    total, j = 0, 0
    for start, end in a:
        while j < len(b) and b[j][1] <= start:
            j += 1
        k = j
        while k < len(b) and b[k][0] < end:
            total += max(0, min(end, b[k][1]) - max(start, b[k][0]))
            k += 1
    return total


@dataclass
class Counts:
    """Span, character and document counts; the rates are properties (NaN when undefined)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    char_tp: int = 0
    char_fp: int = 0
    char_fn: int = 0
    docs: int = 0
    spam_docs: int = 0
    spam_docs_flagged: int = 0
    clean_docs: int = 0
    clean_docs_flagged: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def exact_recall(self) -> float:
        return _ratio(self.exact, self.tp + self.fn)

    @property
    def char_precision(self) -> float:
        return _ratio(self.char_tp, self.char_tp + self.char_fp)

    @property
    def char_recall(self) -> float:
        return _ratio(self.char_tp, self.char_tp + self.char_fn)

    @property
    def char_f1(self) -> float:
        return _f1(self.char_precision, self.char_recall)

    @property
    def doc_recall(self) -> float:
        return _ratio(self.spam_docs_flagged, self.spam_docs)

    @property
    def clean_fpr(self) -> float:
        return _ratio(self.clean_docs_flagged, self.clean_docs)

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(self, name) for name in self.__dataclass_fields__}
        for name in ("precision", "recall", "f1", "exact_recall", "char_precision", "char_recall", "char_f1",
                     "doc_recall", "clean_fpr"):
            data[name] = _json_number(getattr(self, name))
        return data


@dataclass
class SpanRecall:
    """Recall of the gold spans that share one attribute value (e.g. family=gambling)."""

    gold: int = 0
    matched: int = 0
    exact: int = 0
    chars: int = 0
    chars_found: int = 0

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold)

    @property
    def exact_recall(self) -> float:
        return _ratio(self.exact, self.gold)

    @property
    def char_recall(self) -> float:
        return _ratio(self.chars_found, self.chars)

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "matched": self.matched, "exact": self.exact, "chars": self.chars,
                "chars_found": self.chars_found, "recall": _json_number(self.recall),
                "exact_recall": _json_number(self.exact_recall), "char_recall": _json_number(self.char_recall)}


def _json_number(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)


@dataclass
class EvalReport:
    """Overall counts plus breakdowns; ``by_span[attribute][value]`` holds recall per gold-span attribute."""

    overall: Counts
    by_host_lang: dict[str, Counts] = field(default_factory=dict)
    by_kind: dict[str, Counts] = field(default_factory=dict)
    by_span: dict[str, dict[str, SpanRecall]] = field(default_factory=dict)
    min_iou: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "min_iou": self.min_iou,
            "overall": self.overall.to_dict(),
            "by_host_lang": {k: v.to_dict() for k, v in sorted(self.by_host_lang.items())},
            "by_kind": {k: v.to_dict() for k, v in sorted(self.by_kind.items())},
            "by_span": {attr: {k: v.to_dict() for k, v in sorted(values.items())}
                        for attr, values in self.by_span.items()},
        }


def _offsets(prediction: Any, text_length: int, index: int) -> list[Interval]:
    """(start, end) pairs from a Detection, Span-like objects or plain pairs; bad offsets raise ValueError."""
    items = prediction.spans if isinstance(prediction, Detection) else prediction
    out: list[Interval] = []
    for item in items:
        if hasattr(item, "start") and hasattr(item, "end"):
            start, end = item.start, item.end
        else:
            try:
                start, end = item
            except (TypeError, ValueError):
                raise ValueError(f"prediction {index}: expected (start, end) pairs, got {item!r}") from None
        try:
            start, end = operator.index(start), operator.index(end)
        except TypeError:
            raise ValueError(f"prediction {index}: offsets must be integers, got ({start!r}, {end!r})") from None
        if not 0 <= start < end <= text_length:
            raise ValueError(f"prediction {index}: span ({start}, {end}) outside text of length {text_length}")
        out.append((start, end))
    return out


def _drop_ignored(pred: list[Interval], gold: Sequence[Interval], ignore: Sequence[Interval]) -> list[Interval]:
    """Predictions on spinner noise that touch no gold span are neither right nor wrong."""
    if not ignore:
        return pred
    return [p for p in pred if not any(_touch(p, r) for r in ignore) or any(_touch(p, g) for g in gold)]


def _touch(a: Interval, b: Interval) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def evaluate(docs: Sequence["SynthDoc"], predictions: Sequence[Sequence[Interval] | Detection], *,
             held_out_templates: Collection[str] = (), held_out_langs: Collection[str] = (),
             min_iou: float = 0.5) -> EvalReport:
    """Score ``predictions`` (one per document, same order) against the gold spans of ``docs``."""
    if len(docs) != len(predictions):
        raise ValueError(f"{len(docs)} documents but {len(predictions)} predictions")
    held_templates, held_langs = frozenset(held_out_templates), frozenset(held_out_langs)
    report = EvalReport(overall=Counts(), by_span={attr: {} for attr in SPAN_ATTRIBUTES}, min_iou=min_iou)
    for index, (doc, prediction) in enumerate(zip(docs, predictions)):
        gold = [(s.start, s.end) for s in doc.spans]
        pred = _drop_ignored(_offsets(prediction, len(doc.text), index), gold, doc.ignore)
        pairs = match_spans(gold, pred, min_iou)
        counts = Counts(docs=1, tp=len(pairs), fp=len(pred) - len(pairs), fn=len(gold) - len(pairs),
                        exact=sum(gold[g] == pred[p] for g, p in pairs))
        gold_union, pred_union = _union(gold), _union(pred)
        covered = _overlap(gold_union, pred_union)
        counts.char_tp = covered
        counts.char_fn = sum(e - s for s, e in gold_union) - covered
        counts.char_fp = sum(e - s for s, e in pred_union) - covered
        if gold:
            counts.spam_docs, counts.spam_docs_flagged = 1, int(bool(pred))
        else:
            counts.clean_docs, counts.clean_docs_flagged = 1, int(bool(pred))
        report.overall.add(counts)
        report.by_host_lang.setdefault(doc.host_lang, Counts()).add(counts)
        report.by_kind.setdefault(doc.kind, Counts()).add(counts)

        matched = dict(pairs)
        for gi, span in enumerate(doc.spans):
            template_out = span.template in held_templates
            lang_out = span.phrase_lang in held_langs
            keys = {"family": span.family, "style": span.style, "phrase_lang": span.phrase_lang,
                    "disguise": span.disguise or "none", "held_out_template": "yes" if template_out else "no",
                    "held_out_phrase_lang": "yes" if lang_out else "no",
                    "held_out_any": "yes" if template_out or lang_out else "no"}
            found = _overlap([gold[gi]], pred_union)
            for attr, value in keys.items():
                cell = report.by_span[attr].setdefault(value, SpanRecall())
                cell.gold += 1
                cell.chars += span.end - span.start
                cell.chars_found += found
                if gi in matched:
                    cell.matched += 1
                    cell.exact += gold[gi] == pred[matched[gi]]
    return report


def _fmt(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.3f}"


def _counts_table(rows: Sequence[tuple[str, Counts]], first: str) -> list[str]:
    lines = [f"| {first} | docs | gold spans | predicted | precision | recall | F1 | exact recall | char F1 | "
             "spam-doc recall | clean docs | clean-doc FPR |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, c in rows:
        lines.append(f"| {name} | {c.docs} | {c.tp + c.fn} | {c.tp + c.fp} | {_fmt(c.precision)} | {_fmt(c.recall)} | "
                     f"{_fmt(c.f1)} | {_fmt(c.exact_recall)} | {_fmt(c.char_f1)} | {_fmt(c.doc_recall)} | "
                     f"{c.clean_docs} | {_fmt(c.clean_fpr)} |")
    return lines


_SPAN_TITLES = {
    "family": "Recall by phrase family", "style": "Recall by insertion style",
    "phrase_lang": "Recall by phrase language", "disguise": "Recall by disguise",
    "held_out_template": "Recall on held-out templates", "held_out_phrase_lang": "Recall on held-out phrase languages",
    "held_out_any": "Recall on anything held out (template or phrase language)",
}


def format_report(report: EvalReport) -> str:
    """Markdown tables (overall, per host language, per document kind, recall per span attribute)."""
    parts = [f"Span match: one-to-one, character IoU >= {report.min_iou:g}.", "", "### Overall", ""]
    parts += _counts_table([("all", report.overall)], "set")
    parts += ["", "### By host language", ""]
    parts += _counts_table(sorted(report.by_host_lang.items()), "host")
    parts += ["", "### By document kind", ""]
    parts += _counts_table(sorted(report.by_kind.items()), "kind")
    for attr in SPAN_ATTRIBUTES:
        values = report.by_span.get(attr) or {}
        if not values:
            continue
        parts += ["", f"### {_SPAN_TITLES[attr]}", "", f"| {attr} | gold spans | recall | exact recall | char recall |",
                  "|---|---:|---:|---:|---:|"]
        for key, cell in sorted(values.items(), key=lambda kv: (-kv[1].gold, kv[0])):
            parts.append(f"| {key} | {cell.gold} | {_fmt(cell.recall)} | {_fmt(cell.exact_recall)} | "
                         f"{_fmt(cell.char_recall)} |")
    return "\n".join(parts) + "\n"
