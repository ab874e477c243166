"""Shared fixtures: where ../shared lives, and a tiny detector trained on invented text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Invented host sentences (written for these tests; no third-party text).
ENGLISH = [
    "The committee met on Tuesday to review the budget for the new library.",
    "Most visitors arrive by train and walk the short distance to the harbour.",
    "Our neighbour planted tomatoes along the fence and they grew very tall.",
    "The report explains how the survey was run and who answered it.",
    "After the storm the road was closed for two days while crews cleared it.",
    "She keeps her notes in a small blue book that she carries everywhere.",
    "The museum opens early on weekends so that families can avoid the crowds.",
    "A good teacher listens first and explains only what the student needs.",
    "The bakery on the corner sells bread until the early afternoon.",
    "Engineers tested the bridge with heavy trucks before it opened to traffic.",
    "He wrote a long letter to his sister describing the mountain village.",
    "The garden club meets once a month to trade seeds and advice.",
]
HINDI = [
    "समिति ने मंगलवार को नए पुस्तकालय के बजट की समीक्षा की।",
    "अधिकांश लोग ट्रेन से आते हैं और बंदरगाह तक पैदल जाते हैं।",
    "हमारे पड़ोसी ने बाड़ के साथ टमाटर लगाए और वे बहुत ऊँचे हो गए।",
    "रिपोर्ट बताती है कि सर्वेक्षण कैसे किया गया और किसने उत्तर दिया।",
    "तूफान के बाद सड़क दो दिनों तक बंद रही जब तक कर्मचारियों ने उसे साफ नहीं किया।",
    "वह अपने नोट्स एक छोटी नीली किताब में रखती है जिसे वह हर जगह ले जाती है।",
    "एक अच्छा शिक्षक पहले सुनता है और फिर वही समझाता है जिसकी छात्र को ज़रूरत होती है।",
    "कोने की बेकरी दोपहर तक ताज़ी रोटी बेचती है।",
]
PHRASES = [
    "iceland phone number list",
    "Peru Whatsapp Numbers list",
    "telegram database",
    "latest mobile number data",
    "b2b email leads",
    "मोबाइल नंबर डेटा सूची",
    "व्हाट्सएप नंबर डेटाबेस",
]


def make_documents(n: int, seed: int = 0) -> tuple[list[str], list[list[tuple[int, int]]]]:
    """Documents of 3-5 invented sentences; about half carry one or two phrases between two words."""
    rng = random.Random(seed)
    texts, spans = [], []
    for _ in range(n):
        pool = ENGLISH if rng.random() < 0.6 else HINDI
        text = " ".join(rng.sample(pool, rng.randint(3, 5)))
        gold: list[tuple[int, int]] = []
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 2)):
                words = text.split(" ")
                cut = rng.randint(1, len(words) - 1)
                head = " ".join(words[:cut]) + " "
                phrase = rng.choice(PHRASES)
                shift = len(phrase) + 1
                gold = [(s + shift, e + shift) if s >= len(head) else (s, e) for s, e in gold]
                text = head + phrase + " " + " ".join(words[cut:])
                gold.append((len(head), len(head) + len(phrase)))
        texts.append(text)
        spans.append(sorted(gold))
    return texts, spans


@pytest.fixture(scope="session")
def tiny_detector():
    from spamsplice.model import Detector

    texts, spans = make_documents(160, seed=1)
    vocabulary = [("en", s) for s in ENGLISH] * 3 + [("hi", s) for s in HINDI] * 3
    return Detector(n_bits=16, epochs=10, random_state=0).fit(texts, spans, vocabulary_texts=vocabulary)


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared not found ({path}): shared corpora/seeds are only present in CI and dev checkouts")
    return path
