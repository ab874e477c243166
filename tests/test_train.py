"""Threshold tuning: the best span F1 under the clean-document false-positive cap."""

from __future__ import annotations

from spamsplice.synth import GoldSpan, SynthDoc
from spamsplice.train import tune_threshold
from spamsplice.types import Detection, Span


class _ScoredDetector:
    """Answers each text with fixed candidate spans and scores, filtered by the threshold asked for."""

    threshold = 0.5

    def __init__(self, candidates: dict[str, list[tuple[int, int, float]]]) -> None:
        self.candidates = candidates

    def detect(self, text: str, threshold: float | None = None) -> Detection:
        cut = self.threshold if threshold is None else threshold
        spans = tuple(Span(s, e, text[s:e], score) for s, e, score in self.candidates[text] if score >= cut)
        return Detection(max((s.score for s in spans), default=0.0), spans)


def _spam(i: int, score: float) -> tuple[SynthDoc, list[tuple[int, int, float]]]:
    text = f"post {i} has whatsapp number data inside"
    start = text.index("whatsapp")
    gold = GoldSpan(start, start + 20, text[start : start + 20], "data", "data.x.en", "en", "between_words")
    return SynthDoc(f"s{i}", "en", f"s{i}", text, (gold,), "spam"), [(start, start + 20, score)]


def _clean(i: int, score: float | None) -> tuple[SynthDoc, list[tuple[int, int, float]]]:
    text = f"clean post number {i} about the weather"
    return SynthDoc(f"c{i}", "en", f"c{i}", text, (), "clean"), [] if score is None else [(0, 5, score)]


def test_tuning_takes_the_best_f1_under_the_false_positive_cap():
    # Spam scores spread over 0.60-0.99; one clean document scores 0.83, the rest nothing.
    pairs = [_spam(i, round(0.60 + 0.01 * i, 2)) for i in range(40)]
    pairs += [_clean(0, 0.83)] + [_clean(i, None) for i in range(1, 100)]
    docs = [doc for doc, _ in pairs]
    detector = _ScoredDetector({doc.text: candidates for doc, candidates in pairs})

    threshold, stats = tune_threshold(detector, docs, max_fpr=0.005)
    # 0.85 is the lowest candidate (a step of 0.05) that leaves the clean document alone; lower ones flag
    # it (FPR 0.01 > 0.005), higher ones lose recall.
    assert threshold == 0.85
    assert stats["clean_fpr"] == 0.0 and stats["recall"] == 15 / 40 and stats["precision"] == 1.0

    relaxed, stats = tune_threshold(detector, docs, max_fpr=0.02)
    assert relaxed == 0.2 and stats["recall"] == 1.0  # with the cap loose enough, every spam span counts

    flagged_everywhere = _ScoredDetector({d.text: [(0, 3, 0.99)] for d in docs})
    unchanged, stats = tune_threshold(flagged_everywhere, docs, max_fpr=0.0)
    assert unchanged == _ScoredDetector.threshold and stats == {"f1": -1.0}  # no candidate meets the cap
