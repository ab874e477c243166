"""Per-language word and bigram lists learned from clean host text, stored as hashed arrays.

The detector needs to know, for a token, whether the host language uses it (a Nepali verb in a Hindi
post does not), and whether two neighbouring tokens are a pair the host language writes (an insertion
breaks the pairs at both of its edges, and a split word rejoins into a known word). Words are kept as
32-bit CRCs of their normalized form with a bit mask of the languages that know them, so that the
lists of ~30 languages fit in a few megabytes and load without executing code.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

MAX_LANGUAGES = 32  # one bit per language in a uint32 mask


def hash_str(text: str) -> int:
    """A stable 32-bit hash of a string (Python's own ``hash`` changes between processes)."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def pair_keys(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Combine two arrays of 32-bit word hashes into 64-bit pair keys (vectorized)."""
    return (left.astype(np.uint64) << np.uint64(32)) | right.astype(np.uint64)


_HASH_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


class KeyTable:
    """Language masks by key, in an open-addressing hash table.

    A binary search over a few hundred thousand sorted keys touches about eighteen scattered cache lines
    per query; next to the detector's weight table those lines are rarely cached, and the pair lookups
    alone took a tenth of detection time. Here a query reads its home slot and, rarely, the few after
    it, and the masks sit in the slot itself. Built at load time from the stored sorted arrays (the model
    format does not change), at a load factor of at most 1/4. A slot whose first mask is 0 is empty: a
    key no language knows reads the same as an absent one.
    """

    def __init__(self, keys: np.ndarray, *masks: np.ndarray) -> None:
        present = masks[0] != 0
        keys = keys[present]
        n = int(keys.size)
        self.bits = max(4, int(np.ceil(np.log2(max(n, 1) * 4))))
        self._shift = np.uint64(64 - self.bits)
        home = self._home(keys)
        order = np.argsort(home, kind="stable")
        sorted_home = home[order].astype(np.int64)
        # Linear probing over keys taken in order of home slot: each lands on its home or just past the
        # key before it, so every slot between a key's home and its position is taken (a lookup may stop
        # at the first empty slot).
        rank = np.arange(n, dtype=np.int64)
        position = rank + np.maximum.accumulate(sorted_home - rank) if n else rank
        size = max(1 << self.bits, int(position.max()) + 1 if n else 0) + 1  # a spare slot ends every probe
        self._slot_key = np.zeros(size, dtype=keys.dtype)
        self._slot_key[position] = keys[order]
        self._slot_masks = []
        for mask in masks:
            slots = np.zeros(size, dtype=np.uint32)
            slots[position] = mask[present][order]
            self._slot_masks.append(slots)
        self._max_probe = int((position - sorted_home).max()) + 1 if n else 0

    def _home(self, query: np.ndarray) -> np.ndarray:
        return (query.astype(np.uint64) * _HASH_MULTIPLIER) >> self._shift

    def get(self, query: np.ndarray) -> list[np.ndarray]:
        """The masks of each query key (zeros where it is absent), one array per mask column."""
        out = [np.zeros(query.shape, dtype=np.uint32) for _ in self._slot_masks]
        if query.size == 0 or self._max_probe == 0:
            return out
        slot = self._home(query).astype(np.int64)
        first = self._slot_masks[0]
        pending = np.arange(query.size)
        for _probe in range(self._max_probe):
            taken = first[slot] != 0
            hit = taken & (self._slot_key[slot] == query[pending])
            for column, slots in zip(out, self._slot_masks):
                column[pending[hit]] = slots[slot[hit]]
            go_on = taken & ~hit  # an empty slot ends the search: the key is absent
            if not go_on.any():
                break
            pending, slot = pending[go_on], slot[go_on] + 1
        return out


@dataclass
class Vocabulary:
    """Hashed word lists: which languages know a word (``known``), use it often (``common``), and which
    adjacent word pairs they write (``pairs``)."""

    languages: tuple[str, ...]
    word_keys: np.ndarray  # uint32, sorted
    word_known: np.ndarray  # uint32 language masks
    word_common: np.ndarray  # uint32 language masks
    pair_keys: np.ndarray  # uint64, sorted
    pair_known: np.ndarray  # uint32 language masks

    def __post_init__(self) -> None:
        self.validate()
        self._word_table = KeyTable(self.word_keys, self.word_known, self.word_common)
        self._pair_table = KeyTable(self.pair_keys, self.pair_known)

    def word_masks(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Known and common language masks for an array of word hashes."""
        known, common = self._word_table.get(hashes)
        return known, common

    def pair_masks(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        return self._pair_table.get(pair_keys(left, right))[0]

    def lang_bit(self, lang: str) -> int:
        return 1 << self.languages.index(lang) if lang in self.languages else 0

    # -- persistence -------------------------------------------------------------------------------
    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            "vocab_word_keys": self.word_keys,
            "vocab_word_known": self.word_known,
            "vocab_word_common": self.word_common,
            "vocab_pair_keys": self.pair_keys,
            "vocab_pair_known": self.pair_known,
        }

    @classmethod
    def from_arrays(cls, languages: Sequence[str], arrays: dict[str, np.ndarray]) -> "Vocabulary":
        return cls(  # checked on construction
            tuple(languages),
            arrays["vocab_word_keys"],
            arrays["vocab_word_known"],
            arrays["vocab_word_common"],
            arrays["vocab_pair_keys"],
            arrays["vocab_pair_known"],
        )

    def validate(self) -> None:
        """Refuse arrays that do not fit together (a corrupt or crafted model directory)."""
        if len(self.languages) > MAX_LANGUAGES:
            raise ValueError(f"vocabulary has {len(self.languages)} languages, at most {MAX_LANGUAGES} fit")
        expected = {
            "word_keys": (self.word_keys, np.uint32),
            "word_known": (self.word_known, np.uint32),
            "word_common": (self.word_common, np.uint32),
            "pair_keys": (self.pair_keys, np.uint64),
            "pair_known": (self.pair_known, np.uint32),
        }
        for name, (array, dtype) in expected.items():
            if array.dtype != dtype or array.ndim != 1:
                raise ValueError(f"vocabulary array {name} must be a 1-d {np.dtype(dtype).name} array")
        if not (self.word_keys.size == self.word_known.size == self.word_common.size):
            raise ValueError("vocabulary word arrays differ in length")
        if self.pair_keys.size != self.pair_known.size:
            raise ValueError("vocabulary pair arrays differ in length")
        if self.word_keys.size > 1 and np.any(self.word_keys[1:] <= self.word_keys[:-1]):
            raise ValueError("vocabulary word keys are not sorted and unique")
        if self.pair_keys.size > 1 and np.any(self.pair_keys[1:] <= self.pair_keys[:-1]):
            raise ValueError("vocabulary pair keys are not sorted and unique")


def build_vocabulary(
    documents: Iterable[tuple[str, Sequence[str], Sequence[bool]]],
    *,
    max_words: int = 30_000,
    max_common: int = 1_500,
    max_pairs: int = 40_000,
    min_count: int = 2,
) -> Vocabulary:
    """Count words and adjacent pairs per language from ``(lang, norms, newline_before)`` documents.

    ``newline_before[i]`` says a line break separates token ``i`` from token ``i - 1``; pairs across a
    line break are not counted, because a heading and its paragraph are not a phrase.
    """
    words: dict[str, Counter[str]] = {}
    pairs: dict[str, Counter[tuple[str, str]]] = {}
    for lang, norms, newline_before in documents:
        words.setdefault(lang, Counter()).update(norms)
        pair_counter = pairs.setdefault(lang, Counter())
        pair_counter.update(
            (norms[i - 1], norms[i]) for i in range(1, len(norms)) if not newline_before[i]
        )
    languages = tuple(sorted(words))
    if len(languages) > MAX_LANGUAGES:
        raise ValueError(f"at most {MAX_LANGUAGES} languages fit in a vocabulary, got {len(languages)}")

    known: dict[int, int] = {}
    common: dict[int, int] = {}
    pair_mask: dict[int, int] = {}
    for bit, lang in enumerate(languages):
        ranked = [(w, c) for w, c in words[lang].most_common(max_words) if c >= min_count]
        for rank, (word, _count) in enumerate(ranked):
            key = hash_str(word)
            known[key] = known.get(key, 0) | (1 << bit)
            if rank < max_common:
                common[key] = common.get(key, 0) | (1 << bit)
        for (left, right), count in pairs[lang].most_common(max_pairs):
            if count < min_count:
                break
            key = (hash_str(left) << 32) | hash_str(right)
            pair_mask[key] = pair_mask.get(key, 0) | (1 << bit)

    word_keys = np.array(sorted(known), dtype=np.uint32)
    pair_key_array = np.array(sorted(pair_mask), dtype=np.uint64)
    return Vocabulary(
        languages,
        word_keys,
        np.array([known[k] for k in word_keys.tolist()], dtype=np.uint32),
        np.array([common.get(k, 0) for k in word_keys.tolist()], dtype=np.uint32),
        pair_key_array,
        np.array([pair_mask[k] for k in pair_key_array.tolist()], dtype=np.uint32),
    )
