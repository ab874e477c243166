import numpy as np
import pytest

from spamsplice.vocab import Vocabulary, build_vocabulary, hash_str


def _docs():
    return [
        ("en", ["the", "cat", "sat", "the", "cat"], [True, False, False, False, False]),
        ("fr", ["le", "chat", "le", "chat"], [True, False, True, False]),
    ]


def test_words_pairs_and_language_masks():
    vocab = build_vocabulary(_docs(), min_count=1)
    known, common = vocab.word_masks(np.array([hash_str("cat"), hash_str("chat"), hash_str("dog")], dtype=np.uint32))
    assert known.tolist() == [vocab.lang_bit("en"), vocab.lang_bit("fr"), 0]
    assert common[2] == 0
    pairs = vocab.pair_masks(
        np.array([hash_str("the"), hash_str("le"), hash_str("sat")], dtype=np.uint32),
        np.array([hash_str("cat"), hash_str("chat"), hash_str("the")], dtype=np.uint32),
    )
    assert pairs.tolist() == [vocab.lang_bit("en"), vocab.lang_bit("fr"), vocab.lang_bit("en")]


def test_pairs_across_a_line_break_are_not_counted():
    vocab = build_vocabulary([("en", ["a", "b", "a", "b"], [True, True, False, True])], min_count=1)
    masks = vocab.pair_masks(np.array([hash_str("a")], dtype=np.uint32), np.array([hash_str("b")], dtype=np.uint32))
    assert masks.tolist() == [0]


def test_round_trip_and_validation():
    vocab = build_vocabulary(_docs(), min_count=1)
    again = Vocabulary.from_arrays(vocab.languages, vocab.to_arrays())
    assert np.array_equal(again.word_keys, vocab.word_keys)
    broken = dict(vocab.to_arrays())
    broken["vocab_word_keys"] = broken["vocab_word_keys"][::-1].copy()
    with pytest.raises(ValueError, match="sorted"):
        Vocabulary.from_arrays(vocab.languages, broken)
    broken = dict(vocab.to_arrays())
    broken["vocab_pair_known"] = broken["vocab_pair_known"][:-1]
    with pytest.raises(ValueError, match="length"):
        Vocabulary.from_arrays(vocab.languages, broken)


def test_hash_is_stable_across_processes():
    import subprocess
    import sys

    code = "from spamsplice.vocab import hash_str; print(hash_str('करती'), hash_str('whatsapp'))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert [int(x) for x in other] == [hash_str("करती"), hash_str("whatsapp")]
