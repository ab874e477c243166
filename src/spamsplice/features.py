"""Token-window features, computed with numpy over whole documents.

Each token gets a fixed number of hashed feature indices (one per template below). A template combines
the token's own attributes with its neighbours': what the word is, its characters, its casing, its script
and whether the host language knows it, the breaks around it (an unknown word pair, a newline), and
whether removing a stretch would rejoin a split word. Building the indices with array arithmetic, not one
string per feature, keeps the per-token Python work to one dictionary lookup.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Callable, Sequence

import numpy as np

from spamsplice.tokenize import Token
from spamsplice.vocab import Vocabulary, hash_str

N_TEMPLATES = 25
_NEWLINE = re.compile("\n")
PAD = np.uint32(0x9E3779B9)  # the hash of "no token here", beyond the document's edges
_M1 = np.uint64(0x9E3779B97F4A7C15)
# one salt per template, so that equal values in different templates land on different weights
_SALT_ROW = np.array([((t + 1) * 0xC2B2AE3D27D4EB4F) & 0xFFFFFFFFFFFFFFFF for t in range(N_TEMPLATES)], dtype=np.uint64)

KIND_IDS = {"word": 1, "num": 2, "cjk": 3, "punct": 4, "sym": 5, "url": 6, "email": 7, "emoji": 8, "markup": 9}
SENTENCE_END = frozenset(".!?।॥。！？؟\u06d4…")
REJOIN_MAX_GAP = 14  # tokens an insertion may span while a split word still rejoins around it

# shape classes from the original surface
NO_CASE, LOWER, TITLE, UPPER, MIXED, UNCASED_WITH_DIGITS = 0, 1, 2, 3, 4, 5
_DIGIT = re.compile(r"\d")


def _shape(surface: str) -> int:
    if surface.islower():
        return LOWER
    if surface.isupper():
        return UPPER if len(surface) > 1 else TITLE
    if surface.istitle():
        return TITLE
    if surface.lower() != surface:
        return MIXED
    # Digits inside a word of a script without case: rare in clean text (`बी२बी`), common in dates (`2025년`).
    return UNCASED_WITH_DIGITS if _DIGIT.search(surface) else NO_CASE


# Columns of the per-surface attribute rows kept by TokenCache.
HASH, PREFIX, SUFFIX, SHAPE, SCRIPT, KIND, ENDS_SENTENCE, YEAR_LIKE, LENGTH, NORM_BYTES, KNOWN, COMMON = range(12)
_N_COLUMNS = COMMON + 1
COMMON_SCRIPT = hash_str("Common") & 0xFFFF


class TokenCache:
    """Attributes of each distinct token surface, computed once and kept in a bounded table.

    Everything a token contributes on its own (hashes of its norm and affixes, casing, script, kind)
    depends only on its surface and on what the tokenizer made of it, so repeated words cost one dictionary
    lookup. The key holds the tokenizer's reading too: the same surface can read differently in another
    context (``२`` is a number alone, part of a word in ``ab२``), and a surface-only key would make one
    document's result depend on the documents seen before it. The rows also hold the vocabulary's
    language masks for the word, so a cache serves one vocabulary at a time.
    """

    def __init__(self, max_size: int = 400_000, max_chunks: int = 200_000) -> None:
        self.max_size = max_size
        self.max_chunks = max_chunks
        self._index: dict[tuple[str, str, str, str], int] = {}
        self._chunk_ids: dict[str, tuple[int, ...]] = {}
        self._rows = np.zeros((4096, _N_COLUMNS), dtype=np.uint32)
        self._vocab: Vocabulary | None = None

    def rows(
        self, text: str, tokens: Sequence[Token], vocab: Vocabulary, chunks: Sequence[tuple[str, int]] | None = None
    ) -> np.ndarray:
        """An ``(n_tokens, 12)`` array of attribute rows, columns as named above.

        ``chunks`` (from ``tokenize_chunks``) lets a whole chunk's rows come from one lookup.
        """
        if vocab is not self._vocab or len(self._index) + len(tokens) > self.max_size:
            self._clear()  # room for every token of this document: its rows stay valid until it is done
            self._vocab = vocab
        added: list[tuple[int, tuple[int, ...]]] = []
        if chunks is None:
            ids = self._token_ids(text, tokens, added)
        else:
            ids = []
            get = self._chunk_ids.get
            position = 0
            for chunk, count in chunks:
                chunk_ids = get(chunk)
                if chunk_ids is None:
                    chunk_ids = self._token_ids(text, tokens[position : position + count], added)
                    if len(self._chunk_ids) >= self.max_chunks:
                        self._chunk_ids.clear()  # row ids stay valid: only the shortcut to them goes
                    self._chunk_ids[chunk] = tuple(chunk_ids)  # untracked by the garbage collector
                ids += chunk_ids
                position += count
            if len(ids) != len(tokens):
                raise ValueError(f"the chunks hold {len(ids)} tokens, the text {len(tokens)}")
        if added:  # all new rows written at once, their language masks looked up at once
            while len(self._index) > self._rows.shape[0]:
                self._rows = np.concatenate([self._rows, np.zeros_like(self._rows)])
            new = np.array([row for row, _values in added], dtype=np.int64)
            values = np.array([values for _row, values in added], dtype=np.uint32)
            values[:, KNOWN], values[:, COMMON] = vocab.word_masks(values[:, HASH])
            self._rows[new] = values
        return self._rows[np.array(ids, dtype=np.int64)]

    def _clear(self) -> None:
        self._index.clear()
        self._chunk_ids.clear()  # they name rows that are about to be overwritten

    def _token_ids(self, text: str, tokens: Sequence[Token], added: list[tuple[int, tuple[int, ...]]]) -> list[int]:
        """Row ids of ``tokens``, registering new ones; their ids and row values go to ``added``, for
        ``rows`` to write in one step (a numpy row assignment per token cost more than computing it)."""
        get = self._index.get
        ids = []
        for tok in tokens:
            start, end, norm, script, kind = tok
            key = (text[start:end], norm, script, kind)
            row = get(key)
            if row is None:
                row = len(self._index)
                self._index[key] = row  # registered at once: a repeat within these tokens finds it
                added.append((row, _row_values(key[0], tok)))
            ids.append(row)
        return ids


def _row_values(surface: str, tok: Token) -> tuple[int, ...]:
    """A new token's attribute row, columns as named above (KNOWN and COMMON are filled in by ``rows``)."""
    norm = tok.norm
    encoded = norm.encode("utf-8", "surrogatepass")
    return (
        zlib.crc32(encoded),  # hash_str(norm), from the bytes NORM_BYTES counts
        hash_str("<" + norm[:3]),
        hash_str(norm[-3:] + ">"),
        _shape(surface) if tok.kind == "word" else NO_CASE,
        hash_str(tok.script) & 0xFFFF,
        KIND_IDS.get(tok.kind, 0),
        norm in SENTENCE_END,
        tok.kind == "num" and len(norm) == 4 and norm[:2] in ("19", "20"),
        min(len(norm), 255),
        min(len(encoded), MAX_NORM_BYTES),
        0,
        0,
    )


@dataclass
class TokenTable:
    """Per-token arrays of one document, everything the templates need."""

    tokens: list[Token]
    host_lang: str
    starts: np.ndarray  # int64 code-point offset of each token
    ends: np.ndarray
    word_hash: np.ndarray  # uint32 hash of norm
    prefix: np.ndarray
    suffix: np.ndarray
    shape: np.ndarray  # uint8
    kind: np.ndarray  # uint8
    script: np.ndarray  # uint32 script id
    foreign_script: np.ndarray  # bool: letters of another script than the host's
    known_state: np.ndarray  # uint8: 0 unknown, 1 known in host, 2 common in host, 3 known elsewhere only
    gap_before: np.ndarray  # uint8: 0 none, 1 space, 2 newline, 3 blank line / start
    gap_after: np.ndarray
    pair_prev: np.ndarray  # bool: (i-1, i) is a pair the host language writes
    pair_next: np.ndarray
    pair_skip: np.ndarray  # bool: the host writes (i-1, i+1), as if token i were not there
    year_like: np.ndarray  # bool: a four-digit number that reads as a year
    rejoin_inside: np.ndarray  # bool: inside a stretch whose removal rejoins a known word
    rejoin_edge: np.ndarray  # bool: a fragment of such a split word
    rejoin_stretches: np.ndarray  # (k, 2) int64: token indices (i, j) of the two fragments of each split word
    sentence_start: np.ndarray  # bool
    line_length: np.ndarray  # uint8 bucket of the number of tokens on the token's line
    cjk_island: np.ndarray  # uint8: how a run of unspaced CJK characters is set off (see _cjk_islands)


def _host_script(scripts: np.ndarray, lengths: np.ndarray) -> int:
    """The script holding the most letters (0 when there are none)."""
    if scripts.size == 0:
        return 0
    if (scripts == scripts[0]).all():  # most documents: one script, no sorting needed
        return int(scripts[0])
    distinct, where = np.unique(scripts, return_inverse=True)
    return int(distinct[np.argmax(np.bincount(where, weights=lengths))])


def _host_language(vocab: Vocabulary, known: np.ndarray, common: np.ndarray, letters: np.ndarray) -> int:
    """Index of the language whose word list covers the document best, -1 if none does."""
    if not letters.any() or not vocab.languages:
        return -1
    masks = np.concatenate([known[letters], common[letters]]).astype("<u4")
    votes = np.unpackbits(masks.view(np.uint8).reshape(-1, 4), axis=1, bitorder="little").sum(axis=0)
    votes = votes[: len(vocab.languages)]  # column b counts the words known (and common) in language b
    best = int(np.argmax(votes))
    return best if votes[best] > 0 else -1


def _empty_table(tokens: Sequence[Token]) -> TokenTable:
    z8 = np.zeros(0, dtype=np.uint8)
    z32 = np.zeros(0, dtype=np.uint32)
    zb = np.zeros(0, dtype=bool)
    z64 = np.zeros(0, dtype=np.int64)
    return TokenTable(list(tokens), "", z64, z64, z32, z32, z32, z8, z8, z32, zb, z8, z8, z8, zb, zb, zb, zb, zb, zb, np.zeros((0, 2), dtype=np.int64), zb, z8, z8)


def build_table(
    text: str,
    tokens: Sequence[Token],
    vocab: Vocabulary,
    cache: TokenCache,
    chunks: Sequence[tuple[str, int]] | None = None,
) -> TokenTable:
    """Per-token arrays for ``tokens`` of ``text``; Python touches each token once, numpy does the rest.

    ``chunks`` as ``tokenize_chunks`` gives them, when the caller has them (faster).
    """
    n = len(tokens)
    if n == 0:
        return _empty_table(tokens)
    rows = cache.rows(text, tokens, vocab, chunks)
    word_hash, prefix, suffix = rows[:, HASH].copy(), rows[:, PREFIX].copy(), rows[:, SUFFIX].copy()
    kind = rows[:, KIND].astype(np.uint8)
    script = rows[:, SCRIPT].copy()
    shape = rows[:, SHAPE].astype(np.uint8)
    starts = np.fromiter(map(itemgetter(0), tokens), dtype=np.int64, count=n)
    ends = np.fromiter(map(itemgetter(1), tokens), dtype=np.int64, count=n)

    # Blank runs between tokens: their length and how many line breaks they hold.
    newlines = np.array([m.start() for m in _NEWLINE.finditer(text)], dtype=np.int64)
    gap_len = np.empty(n, dtype=np.int64)
    gap_len[0] = 1
    gap_len[1:] = starts[1:] - ends[:-1]
    breaks = np.zeros(n, dtype=np.int64)
    if newlines.size:
        breaks[1:] = np.searchsorted(newlines, starts[1:]) - np.searchsorted(newlines, ends[:-1])
    gap_before = np.where(gap_len == 0, 0, np.where(breaks == 0, 1, np.where(breaks == 1, 2, 3))).astype(np.uint8)
    gap_before[0] = 3
    gap_after = np.empty(n, dtype=np.uint8)
    gap_after[:-1] = gap_before[1:]
    gap_after[-1] = 3 if not text[int(ends[-1]) :].strip() else 1
    line_id = np.cumsum(gap_before >= 2)
    line_length = np.minimum(np.bincount(line_id)[line_id], 12).astype(np.uint8)

    sentence_start = gap_before >= 2
    sentence_start[1:] |= rows[:-1, ENDS_SENTENCE] != 0
    year_like = rows[:, YEAR_LIKE] != 0
    numbers = kind == KIND_IDS["num"]
    letters = (kind == KIND_IDS["word"]) | (kind == KIND_IDS["cjk"])
    # The host script: the script holding the most letters.
    lengths = rows[:, LENGTH].astype(np.int64)
    host_script = _host_script(script[letters], lengths[letters])
    foreign_script = (script != host_script) & (script != COMMON_SCRIPT) & (letters | numbers)

    known, common = rows[:, KNOWN], rows[:, COMMON]
    host = _host_language(vocab, known, common, letters)
    host_bit = np.uint32(1 << host) if host >= 0 else np.uint32(0)
    in_host = (known & host_bit) != 0
    common_host = (common & host_bit) != 0
    elsewhere = (known & ~host_bit) != 0
    known_state = np.where(common_host, 2, np.where(in_host, 1, np.where(elsewhere, 3, 0))).astype(np.uint8)

    # Neighbour pairs (i-1, i) and skip pairs (i-1, i+1), looked up in one call.
    pair_prev = np.zeros(n, dtype=bool)
    pair_skip = np.zeros(n, dtype=bool)
    if n > 1:
        left = np.concatenate([word_hash[:-1], word_hash[:-2]])
        right = np.concatenate([word_hash[1:], word_hash[2:]])
        found = (vocab.pair_masks(left, right) & host_bit) != 0
        pair_prev[1:] = found[: n - 1] & (gap_before[1:] < 2)
        pair_skip[1:-1] = found[n - 1 :]
    pair_next = np.zeros(n, dtype=bool)
    pair_next[:-1] = pair_prev[1:]

    rejoin_inside, rejoin_edge, rejoin_stretches = _rejoin(
        tokens, lengths, rows[:, NORM_BYTES], word_hash, kind, known, common, pair_prev, gap_before, vocab, host_bit
    )

    return TokenTable(
        tokens=list(tokens),
        host_lang=vocab.languages[host] if host >= 0 else "",
        starts=starts,
        ends=ends,
        word_hash=word_hash,
        prefix=prefix,
        suffix=suffix,
        shape=shape,
        kind=kind,
        script=script,
        foreign_script=foreign_script,
        known_state=known_state,
        gap_before=gap_before,
        gap_after=gap_after,
        pair_prev=pair_prev,
        pair_next=pair_next,
        pair_skip=pair_skip,
        year_like=year_like,
        rejoin_inside=rejoin_inside,
        rejoin_edge=rejoin_edge,
        rejoin_stretches=rejoin_stretches,
        sentence_start=sentence_start,
        line_length=line_length,
        cjk_island=_cjk_islands(kind, gap_before, gap_after),
    )


def _cjk_islands(kind: np.ndarray, gap_before: np.ndarray, gap_after: np.ndarray) -> np.ndarray:
    """Mark runs of CJK characters that the text sets off with blanks.

    Chinese and Japanese put no spaces between words, so a run of characters with a space before and
    after it inside a CJK line (``回到 美国手机号码清单 故乡``) or a short run alone on its line reads
    as pasted in. Per token: 0 not CJK or not set off; 1 a space on one side, 2 on both sides;
    3 a short line of its own; plus 4 when the run is longer than 8 characters.
    """
    n = kind.shape[0]
    out = np.zeros(n, dtype=np.uint8)
    cjk = kind == KIND_IDS["cjk"]
    if not cjk.any():
        return out
    run_start = np.flatnonzero(np.concatenate([[True], (gap_before[1:] != 0) | (cjk[1:] != cjk[:-1])]))
    run_end = np.concatenate([run_start[1:], [n]]) - 1
    run_cjk = cjk[run_start]
    prev_cjk = np.concatenate([[False], cjk[run_start[1:] - 1]])
    next_cjk = np.concatenate([cjk[run_end[:-1] + 1], [False]])
    space_left = (gap_before[run_start] == 1) & prev_cjk
    space_right = (gap_after[run_end] == 1) & next_cjk
    length = run_end - run_start + 1
    alone = (gap_before[run_start] >= 2) & (gap_after[run_end] >= 2) & (length <= 16)
    value = np.where(alone, 3, space_left.astype(np.uint8) + space_right.astype(np.uint8))
    value = np.where(run_cjk & (value > 0), value + 4 * (length > 8), 0).astype(np.uint8)
    return np.repeat(value, length)


def _rejoin(
    tokens: Sequence[Token],
    lengths: np.ndarray,
    norm_bytes: np.ndarray,
    word_hash: np.ndarray,
    kind: np.ndarray,
    known: np.ndarray,
    common: np.ndarray,
    pair_prev: np.ndarray,
    gap_before: np.ndarray,
    vocab: Vocabulary,
    host_bit: np.uint32,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mark stretches between two fragments that form a known host word when joined.

    ``क अपडेट … डाटा रती`` → ``करती``; ``营 手机号码清单 销`` → ``营销``. Both edges must be breaks (pairs
    the host does not write) and, for spaced scripts, the fragments must not be common words themselves.
    Returns the per-token flags and the ``(i, j)`` fragment pairs.
    """
    n = len(tokens)
    inside = np.zeros(n, dtype=bool)
    edge = np.zeros(n, dtype=bool)
    stretches: list[tuple[int, int]] = []
    if n < 3 or not host_bit:
        return inside, edge, np.zeros((0, 2), dtype=np.int64)
    break_after = np.zeros(n, dtype=bool)
    break_after[:-1] = ~pair_prev[1:] & (gap_before[1:] < 2)
    break_before = ~pair_prev & (gap_before < 2)

    cjk = kind == KIND_IDS["cjk"]
    if cjk.any():
        i_all, j_all = _fragment_pairs(np.flatnonzero(cjk & break_after), cjk & break_before, None)
        if i_all.size:
            hit = (vocab.pair_masks(word_hash[i_all], word_hash[j_all]) & host_bit) != 0
            for i, j in zip(i_all[hit].tolist(), j_all[hit].tolist()):
                edge[i] = edge[j] = True
                inside[i + 1 : j] = True
                stretches.append((i, j))

    words = kind == KIND_IDS["word"]
    fragment = words & ((common & host_bit) == 0)
    odd = fragment & (((known & host_bit) == 0) | (lengths <= 2))  # a piece that is not a word by itself
    i_all, j_all = _fragment_pairs(np.flatnonzero(fragment & break_after), fragment & break_before, odd)
    if i_all.size:
        joined = _joined_hashes(tokens, i_all, j_all, word_hash, norm_bytes)
        hit = (vocab.word_masks(joined)[0] & host_bit) != 0
        for i, j in zip(i_all[hit].tolist(), j_all[hit].tolist()):
            if not (gap_before[i + 1 : j + 1] >= 2).any():
                edge[i] = edge[j] = True
                inside[i + 1 : j] = True
                stretches.append((i, j))
    return inside, edge, np.array(stretches, dtype=np.int64).reshape(-1, 2)


# CRC-32 of a concatenation from the CRCs of its parts: crc(a + b) = A_n(crc(a)) ^ crc(b), where A_n,
# linear over GF(2), depends only on the byte length n of b. Tables of A_n (four 256-entry byte tables per
# n) turn the hash of every candidate joined word into array lookups instead of one string per pair.
MAX_NORM_BYTES = 255  # NORM_BYTES saturates here; longer right-hand pieces are hashed as strings


@lru_cache(maxsize=None)
def _crc_shift_tables() -> np.ndarray:
    """``(MAX_NORM_BYTES, 4, 256)`` uint32: entry ``[n, k, v]`` is A_n of byte value ``v`` at byte ``k``."""
    bit_set = ((np.arange(256)[:, None] >> np.arange(8)) & 1).astype(bool)
    tables = np.zeros((MAX_NORM_BYTES, 4, 256), dtype=np.uint32)
    for n in range(MAX_NORM_BYTES):
        zeros = bytes(n)
        offset = zlib.crc32(zeros)  # crc32 continues from a start value affinely: remove the constant
        images = np.array([zlib.crc32(zeros, 1 << b) ^ offset for b in range(32)], dtype=np.uint32)
        for k in range(4):
            chosen = np.where(bit_set, images[8 * k : 8 * k + 8][None, :], np.uint32(0))
            tables[n, k] = np.bitwise_xor.reduce(chosen, axis=1)
    return tables


def _joined_hashes(
    tokens: Sequence[Token], left: np.ndarray, right: np.ndarray, word_hash: np.ndarray, norm_bytes: np.ndarray
) -> np.ndarray:
    """``hash_str(tokens[i].norm + tokens[j].norm)`` for each pair ``(i, j)`` of ``zip(left, right)``,
    from the word hashes and the UTF-8 byte lengths of the norms."""
    tables = _crc_shift_tables()
    right_bytes = norm_bytes[right]
    n = np.minimum(right_bytes, MAX_NORM_BYTES - 1).astype(np.int64)
    left_hash = word_hash[left].astype(np.uint32)
    joined = tables[n, 0, left_hash & 0xFF] ^ tables[n, 1, (left_hash >> 8) & 0xFF]
    joined ^= tables[n, 2, (left_hash >> 16) & 0xFF] ^ tables[n, 3, left_hash >> 24]
    joined ^= word_hash[right].astype(np.uint32)
    for k in np.flatnonzero(right_bytes >= MAX_NORM_BYTES).tolist():  # too long for the tables
        joined[k] = hash_str(tokens[int(left[k])].norm + tokens[int(right[k])].norm)
    return joined


def _fragment_pairs(
    lefts: np.ndarray, right_ok: np.ndarray, odd: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Token index pairs ``(i, j)``, ``2 <= j - i <= REJOIN_MAX_GAP``, with ``i`` from ``lefts`` and
    ``right_ok[j]`` (and, given ``odd``, at least one of the two odd), ordered by gap, then by ``i``."""
    n = right_ok.shape[0]
    gaps = np.arange(2, REJOIN_MAX_GAP + 1)
    j = lefts[None, :] + gaps[:, None]  # one row per gap
    inside = j < n
    j = np.where(inside, j, 0)
    ok = inside & right_ok[j]
    if odd is not None:
        ok &= odd[lefts][None, :] | odd[j]
    return np.broadcast_to(lefts[None, :], j.shape)[ok], j[ok]


def _window_sum(flags: np.ndarray, radius: int) -> np.ndarray:
    """How many of the ``radius`` tokens on either side of each token have the flag (itself not counted)."""
    values = flags.astype(np.int64)
    window = np.convolve(values, np.ones(2 * radius + 1, dtype=np.int64))  # length n + 2 * radius
    return window[radius : radius + values.size] - values


def feature_indices(table: TokenTable, n_bits: int, host_hash: int | None = None) -> np.ndarray:
    """An ``(n_tokens, N_TEMPLATES)`` array of hashed feature indices in ``[0, 2**n_bits)``."""
    n = len(table.tokens)
    if n == 0:
        return np.zeros((0, N_TEMPLATES), dtype=np.int64)
    u = np.uint64
    h = table.word_hash.astype(u)
    host = u(hash_str(table.host_lang) if host_hash is None else host_hash)
    state = (table.known_state.astype(u) + u(4) * table.foreign_script.astype(u))  # 0..7
    shape = table.shape.astype(u)
    kind = table.kind.astype(u)
    gb = table.gap_before.astype(u)
    ga = table.gap_after.astype(u)

    def padded(a: np.ndarray, fill: int) -> Callable[[int], np.ndarray]:
        """``a`` shifted by k (``a[i + k]``, ``fill`` beyond the edges) for |k| <= 3, as views of one copy."""
        buffer = np.full(n + 6, fill, dtype=a.dtype)
        buffer[3 : n + 3] = a
        return lambda k: buffer[3 + k : 3 + k + n]

    hp = padded(h, int(PAD))  # neighbour word hashes
    state_at = padded(state, 8)
    shape_at = padded(shape, 7)
    signature = u(0)
    for k in range(-3, 4):
        signature = signature * u(9) + state_at(k)
    unknown = (table.known_state == 0) & ((table.kind == 1) | (table.kind == 3))
    n_unknown = np.minimum(_window_sum(unknown, 3), 4).astype(u)
    n_foreign = np.minimum(_window_sum(table.foreign_script, 3), 4).astype(u)
    breaks = (~table.pair_prev).astype(u) * u(2) + (~table.pair_next).astype(u)
    breaks_at = padded(breaks, 3)
    columns = [
        h,
        hp(-1),
        hp(1),
        hp(-2),
        hp(2),
        table.prefix.astype(u),
        table.suffix.astype(u),
        hp(-1) * u(1_000_003) + h,
        h * u(1_000_033) + hp(1),
        shape_at(-1) * u(64) + shape * u(8) + shape_at(1),
        signature,
        (gb * u(4) + ga) * u(16) + kind,
        breaks * u(8) + state,
        table.rejoin_inside.astype(u) * u(2) + table.rejoin_edge.astype(u) + u(4) * state,
        h ^ host,
        (kind * u(8) + state) ^ host,
        n_unknown * u(8) + n_foreign,
        table.line_length.astype(u) * u(16) + table.sentence_start.astype(u) * u(8) + shape,
        table.script.astype(u) ^ host,
        table.year_like.astype(u) * u(1 << 20) + table.script.astype(u),
        table.pair_skip.astype(u) + breaks * u(4) + breaks_at(-1) * u(16) + breaks_at(1) * u(64),
        hp(-1) * u(7_919) + hp(1),
        host,
        table.prefix.astype(u) ^ host,
        table.cjk_island.astype(u) * u(8) + state,
    ]
    assert len(columns) == N_TEMPLATES
    matrix = np.empty((N_TEMPLATES, n), dtype=np.uint64)  # one contiguous row per template
    for t, column in enumerate(columns):
        matrix[t] = column
    matrix *= _M1
    matrix ^= _SALT_ROW[:, None]
    matrix >>= u(64 - n_bits)
    return matrix.astype(np.int64).T
