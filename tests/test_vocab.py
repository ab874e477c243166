import numpy as np
import pytest

from spamsplice.vocab import KeyTable, Vocabulary, build_vocabulary, hash_str


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


@pytest.mark.parametrize("dtype", [np.uint32, np.uint64])
@pytest.mark.parametrize("size", [0, 1, 7, 5000])
def test_key_table_answers_like_a_dictionary(dtype, size):
    rng = np.random.default_rng(size)
    high = np.iinfo(dtype).max
    keys = np.unique(rng.integers(0, high, size, dtype=dtype, endpoint=True))
    known = rng.integers(1, 2**32, keys.size, dtype=np.uint64).astype(np.uint32)
    common = rng.integers(0, 2**32, keys.size, dtype=np.uint64).astype(np.uint32)
    known[::5] = 0  # a key no language knows reads as absent
    table = KeyTable(keys, known, common)
    queries = np.concatenate([keys, rng.integers(0, high, 3000, dtype=dtype, endpoint=True)])
    got_known, got_common = table.get(queries)
    reference = {int(k): (int(a), int(b)) for k, a, b in zip(keys, known, common) if a}
    expected = [reference.get(int(q), (0, 0)) for q in queries]
    assert [(int(a), int(b)) for a, b in zip(got_known, got_common)] == expected


def test_key_table_probes_past_keys_that_share_a_home_slot():
    """Keys crowded into the first and last few home slots (as a crafted model could store) are all found,
    and probing past the last slot stays inside the table."""
    rng = np.random.default_rng(3)
    candidates = np.unique(rng.integers(1, 2**63, 400_000, dtype=np.uint64))
    home = (candidates * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - 10)  # 200 keys -> 2**10 slots
    keys = np.sort(np.concatenate([candidates[home < 3][:100], candidates[home > 1020][:100]]))
    assert keys.size == 200
    masks = np.arange(1, 201, dtype=np.uint32)
    table = KeyTable(keys, masks)
    assert table.bits == 10
    assert table.get(keys)[0].tolist() == masks.tolist()
    assert not table.get(keys + np.uint64(1))[0].any()
