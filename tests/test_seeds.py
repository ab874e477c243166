"""The two documents the project was founded on must come out exactly right with the shipped model."""

import json

import pytest

import spamsplice
from conftest import shared_path


@pytest.fixture(scope="module")
def seeds():
    folder = shared_path("seeds")
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    return {name: ((folder / name).read_text(encoding="utf-8"), entry) for name, entry in gold.items()}


@pytest.fixture(scope="module")
def detector():
    return spamsplice.load()


def test_seed_with_insertions_yields_exactly_the_gold_spans(seeds, detector):
    text, gold = seeds["000_fe12e7d134c2a4e5.txt"]
    detection = detector.detect(text)
    assert [(s.start, s.end, s.text) for s in detection.spans] == [
        (g["start"], g["end"], g["text"]) for g in gold["spans"]
    ]
    assert detection.score >= detector.threshold


def test_seed_clean_repairs_the_split_word(seeds, detector):
    text, gold = seeds["000_fe12e7d134c2a4e5.txt"]
    insertion = gold["spans"][0]["text"]
    expected = text.replace("क " + insertion + " रती", gold["repaired_word"])
    assert expected != text
    result = detector.clean(text)
    assert result.text == expected
    assert len(result.removed) == 2


def test_clean_seed_yields_nothing(seeds, detector):
    text, gold = seeds["002_535a05e38757d77f.txt"]
    assert gold["spans"] == []
    detection = detector.detect(text)
    assert detection.spans == ()
    assert detector.clean(text).text == text
