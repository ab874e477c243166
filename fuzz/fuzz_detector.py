#!/usr/bin/env python3
"""Coverage-guided fuzz target: ``Detector.detect`` and ``Detector.clean`` of the shipped model.

Features, candidate runs, span snapping and the word-repairing ``clean`` all work on offsets, and the
shipped model (models/default, loaded once) steers inputs into the paths real text takes. Checked for
every input:

- no exception from ``detect``, ``detect_many`` or ``clean``;
- a score in [0, 1]; spans in order, not overlapping, ``text[start:end] == span.text``, each scored at
  or above the threshold; ``detect_many`` agrees with ``detect``;
- the same detection from a detector whose token cache starts empty (results must not depend on the
  documents seen before);
- ``clean`` (at threshold 0, so that every candidate is removed) reports spans of the original text and
  changes nothing but them and the blank runs touching them: the visible characters outside the
  removed spans survive, in order.

Run: ``python fuzz/fuzz_detector.py NEW_DIR fuzz/corpus/detector -max_total_time=600`` (see docs/security.md).
"""

from __future__ import annotations

import copy
import random
import sys
import unicodedata

import atheris

from harness import run, text_from_bytes

with atheris.instrument_imports(include=["spamsplice"]):
    import spamsplice
    from spamsplice.features import TokenCache
    from spamsplice.types import Span

# Invented for this target: the stand-in model below is trained on them when the shipped one is refused.
HOSTS = [
    "The library opens at nine and closes early on Sundays.",
    "Two of the bridges were painted green after the flood.",
    "Our choir practises in the old school hall every Thursday.",
    "The path along the river is muddy after a week of rain.",
    "\u0939\u092e \u0915\u0932 \u092c\u093e\u091c\u093c\u093e\u0930 \u0917\u090f \u0914\u0930 \u0938\u092c\u094d\u091c\u093c\u093f\u092f\u093e\u0901 \u0916\u0930\u0940\u0926\u0940\u0902\u0964",
    "\u092c\u091a\u094d\u091a\u0947 \u092e\u0948\u0926\u093e\u0928 \u092e\u0947\u0902 \u0926\u0947\u0930 \u0924\u0915 \u0916\u0947\u0932\u0924\u0947 \u0930\u0939\u0947\u0964",
]
PHRASES = ["iceland phone number list", "telegram database", "b2b email leads",
           "\u092e\u094b\u092c\u093e\u0907\u0932 \u0928\u0902\u092c\u0930 \u0921\u0947\u091f\u093e"]


def stand_in_detector() -> "spamsplice.Detector":
    """A small model trained here, so that the target still runs while the shipped model is refused."""
    rng = random.Random(7)
    texts, spans = [], []
    for index in range(60):
        words = " ".join(rng.sample(HOSTS, 3)).split(" ")
        if index % 2:
            cut = rng.randint(1, len(words) - 1)
            head, phrase = " ".join(words[:cut]) + " ", rng.choice(PHRASES)
            texts.append(head + phrase + " " + " ".join(words[cut:]))
            spans.append([(len(head), len(head) + len(phrase))])
        else:
            texts.append(" ".join(words))
            spans.append([])
    vocabulary = [("en", text) for text in HOSTS[:4]] + [("hi", text) for text in HOSTS[4:]]
    return spamsplice.Detector(n_bits=16, epochs=10).fit(texts, spans, vocabulary_texts=vocabulary)


try:
    DETECTOR = spamsplice.load()
except ValueError as exc:  # the shipped model does not match this code (e.g. features changed)
    print(f"fuzz_detector: shipped model refused ({exc}); using a stand-in model trained here", file=sys.stderr)
    DETECTOR = stand_in_detector()


def is_blank(char: str) -> bool:
    """What ``clean`` may rewrite around a removed span: whitespace and invisible format characters."""
    return char.isspace() or unicodedata.category(char) == "Cf"


def visible_outside(text: str, spans: tuple[Span, ...]) -> str:
    kept, position = [], 0
    for span in spans:
        kept.append(text[position:span.start])
        position = span.end
    kept.append(text[position:])
    return "".join(char for char in "".join(kept) if not is_blank(char))


def check_spans(text: str, spans: tuple[Span, ...], threshold: float) -> None:
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text), (previous_end, span, len(text))
        assert text[span.start:span.end] == span.text, span
        assert threshold <= span.score <= 1.0, span
        previous_end = span.end


def test_one_input(data: bytes) -> None:
    text = text_from_bytes(data)
    detection = DETECTOR.detect(text)
    assert 0.0 <= detection.score <= 1.0, detection
    check_spans(text, detection.spans, DETECTOR.threshold)
    assert DETECTOR.detect_many([text, text]) == [detection, detection]
    fresh = copy.copy(DETECTOR)
    fresh._cache = TokenCache()
    assert fresh.detect(text) == detection, "the detection depends on the documents seen before"
    everything = DETECTOR.detect(text, threshold=0.0)
    check_spans(text, everything.spans, 0.0)
    cleaned = DETECTOR.clean(text, threshold=0.0)
    check_spans(text, cleaned.removed, 0.0)
    assert "".join(c for c in cleaned.text if not is_blank(c)) == visible_outside(text, cleaned.removed), (
        "clean changed text outside the removed spans"
    )


if __name__ == "__main__":
    run(test_one_input, "tokenize.dict")
