"""The detector: a token classifier and a span classifier over hashed token-window features.

Two small linear models. The token model scores every token (is it part of an insertion?); runs of
high-scoring tokens become candidate spans; the span model judges each candidate from what a whole
span shows (its length, its edges, a word it split, how foreign it is to the host) and gives the score.
Both are fitted with scikit-learn and saved as plain arrays (``.npz`` without pickle) plus JSON.
"""

from __future__ import annotations

import json
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from spamsplice.clean import remove_spans
from spamsplice.features import (
    KIND_IDS,
    MIXED,
    N_TEMPLATES,
    TITLE,
    TokenCache,
    TokenTable,
    build_table,
    feature_indices,
)
from spamsplice.spans import candidate_runs, link_ranges, span_iou, widen_to_links
from spamsplice.tokenize import Token, collector_paused, tokenize, tokenize_chunks
from spamsplice.types import CleanResult, Detection, Span
from spamsplice.vocab import Vocabulary, build_vocabulary, hash_str

FORMAT = "spamsplice-model"
FORMAT_VERSION = 1
MAX_BITS = 24  # a crafted config cannot make us allocate more than 2**24 weights
MAX_ARRAY_ITEMS = 1 << 25
SNAP_SLACK = 3  # tokens a run may grow by to cover the whole stretch inside a split word
UNSPACED_EDGE_MAX = 2  # CJK characters beyond a space that a run gives back to the host when they score low
LINE_EDGE_MARGIN = 0.1  # how much lower a line's end must score than the whole lines a run keeps
WEIGHTS_FILE = "weights.npz"
CONFIG_FILE = "config.json"

SPAN_FEATURES = (
    "mean_p", "max_p", "min_p", "mean_logit",
    "len_1", "len_2", "len_3", "len_4_6", "len_7_10", "len_11_plus",
    "frac_foreign_script", "frac_unknown", "frac_known_elsewhere", "frac_common_host",
    "rejoin_left", "rejoin_right", "break_left", "break_right",
    "starts_line", "ends_line", "whole_line", "sentence_start",
    "has_year", "has_number", "frac_of_doc", "p_left", "p_right",
    "n_candidates", "doc_length", "host_known", "frac_cased", "no_words",
    "cjk_set_off", "frac_cjk",
)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _check_fraction(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {value!r}")


@dataclass
class _Analysis:
    """One document as the detector saw it: tokens, their table, token probabilities, candidates."""

    text: str
    table: TokenTable
    probs: np.ndarray
    logits: np.ndarray
    runs: list[tuple[int, int]]
    span_probs: np.ndarray


class Detector:
    """Finds spliced-in spam phrases and reports them as spans of the original text.

    Parameters
    ----------
    threshold : float
        Span score at or above which a candidate is reported (and a document flagged).
    n_bits : int
        Size of the hashed feature space, ``2**n_bits`` weights.
    alpha : float
        L2 regularisation of the token model (scikit-learn ``SGDClassifier``).
    epochs : int
        Passes over the training tokens.
    low, high : float
        Token-score thresholds for candidate runs: a run keeps tokens >= ``low`` and needs one >= ``high``.
    negative_keep : float
        Fraction of clean tokens far from any insertion kept for training the token model.
    random_state : int
        Seed for subsampling and the optimiser.

    Examples
    --------
    >>> import spamsplice
    >>> det = spamsplice.load()
    >>> [s.text for s in det.detect("The report tells you whatsapp number data the general location.").spans]
    ['whatsapp number data']
    """

    def __init__(
        self,
        threshold: float = 0.5,
        *,
        n_bits: int = 20,
        alpha: float = 7e-7,
        epochs: int = 14,
        low: float = 0.25,
        high: float = 0.5,
        negative_keep: float = 0.35,
        random_state: int = 0,
    ) -> None:
        self.threshold = threshold
        self.n_bits = n_bits
        self.alpha = alpha
        self.epochs = epochs
        self.low = low
        self.high = high
        self.negative_keep = negative_keep
        self.random_state = random_state
        self._cache = TokenCache()

    # -- validation --------------------------------------------------------------------------------
    def _validate_params(self) -> None:
        _check_fraction("threshold", self.threshold)
        _check_fraction("low", self.low)
        _check_fraction("high", self.high)
        _check_fraction("negative_keep", self.negative_keep)
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) must not exceed high ({self.high})")
        if not isinstance(self.n_bits, int) or not 8 <= self.n_bits <= MAX_BITS:
            raise ValueError(f"n_bits must be an integer in [8, {MAX_BITS}], got {self.n_bits!r}")
        if self.alpha <= 0:
            raise ValueError(f"alpha must be positive, got {self.alpha!r}")
        if not isinstance(self.epochs, int) or self.epochs < 1:
            raise ValueError(f"epochs must be a positive integer, got {self.epochs!r}")

    def _check_fitted(self) -> None:
        if not hasattr(self, "token_coef_"):
            raise RuntimeError("this Detector is not fitted: call fit() or spamsplice.load()")

    # -- training ----------------------------------------------------------------------------------
    def fit(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[tuple[int, int]]],
        *,
        vocabulary_texts: Iterable[tuple[str, str]],
        span_fraction: float = 0.25,
    ) -> "Detector":
        """Learn from texts with known insertions.

        ``spans[i]`` are the ``(start, end)`` insertions of ``texts[i]`` (empty for clean texts).
        ``vocabulary_texts`` are ``(lang, text)`` pairs of clean host text for the word lists.
        The last ``span_fraction`` of the documents trains the span model on the token model's
        out-of-sample scores, so that it learns how far to trust them.
        """
        from sklearn.linear_model import SGDClassifier

        self._validate_params()
        _check_fraction("span_fraction", span_fraction)
        if len(texts) != len(spans):
            raise ValueError(f"{len(texts)} texts but {len(spans)} span lists")
        if len(texts) < 4:
            raise ValueError("fit needs at least 4 documents")

        self.vocabulary_ = build_vocabulary(_vocabulary_documents(vocabulary_texts))
        rng = np.random.default_rng(self.random_state)
        order = rng.permutation(len(texts))
        n_span = max(2, int(round(len(texts) * span_fraction)))
        token_docs, span_docs = order[n_span:], order[:n_span]

        rows, labels = [], []
        for i in token_docs.tolist():
            table = self._table(texts[i])
            if not table.tokens:
                continue
            y = _token_labels(table.tokens, spans[i])
            keep = _training_mask(table, y, self.negative_keep, rng)
            rows.append(feature_indices(table, self.n_bits)[keep])
            labels.append(y[keep])
        X = _indicator_matrix(np.concatenate(rows), self.n_bits)
        y = np.concatenate(labels)
        if y.min() == y.max():
            raise ValueError("training data needs both inserted and clean tokens")
        token_model = SGDClassifier(
            loss="log_loss", alpha=self.alpha, max_iter=self.epochs, tol=None, random_state=self.random_state
        )
        token_model.fit(X, y)
        self.token_coef_ = token_model.coef_.ravel().astype(np.float32)
        self.token_intercept_ = float(token_model.intercept_[0])

        return self.fit_span_model([texts[i] for i in span_docs.tolist()], [spans[i] for i in span_docs.tolist()])

    def fit_span_model(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> "Detector":
        """(Re)learn the span model on documents the token model was not trained on.

        A candidate run counts as an insertion when its character IoU with a gold span is at least 0.5.
        """
        from sklearn.linear_model import LogisticRegression

        self._check_fitted()
        if len(texts) != len(spans):
            raise ValueError(f"{len(texts)} texts but {len(spans)} span lists")
        span_rows, span_labels = [], []
        for text, gold in zip(texts, spans):
            # Candidates down to ``low`` give the span model the near-misses it must learn to reject.
            analysis = self._analyse(text, score_spans=False, high=self.low)
            feats = self._span_features(analysis)
            for (a, b), row in zip(analysis.runs, feats):
                start, end = analysis.table.tokens[a].start, analysis.table.tokens[b].end
                hit = any(span_iou((start, end), (gs, ge)) >= 0.5 for gs, ge in gold)
                span_rows.append(row)
                span_labels.append(int(hit))
        if len(set(span_labels)) < 2:
            # Nothing to tell apart (tiny data): the span score falls back to the token model's mean logit.
            self.span_coef_ = np.zeros(len(SPAN_FEATURES))
            self.span_coef_[SPAN_FEATURES.index("mean_logit")] = 10.0
            self.span_intercept_ = 0.0
            return self
        span_model = LogisticRegression(C=1.0, max_iter=2000)
        span_model.fit(np.array(span_rows), np.array(span_labels))
        self.span_coef_ = span_model.coef_.ravel().astype(np.float64)
        self.span_intercept_ = float(span_model.intercept_[0])
        return self

    # -- inference ---------------------------------------------------------------------------------
    def _table(self, text: str) -> TokenTable:
        tokens, chunks = tokenize_chunks(text, [])
        return build_table(text, tokens, self.vocabulary_, self._cache, chunks)

    def _analyse(self, text: str, *, score_spans: bool = True, high: float | None = None) -> _Analysis:
        table = self._table(text)
        if table.tokens:
            idx = feature_indices(table, self.n_bits).T  # (templates, tokens), contiguous
            logits = self.token_coef_[idx].sum(axis=0, dtype=np.float64) + self.token_intercept_
        else:
            logits = np.zeros(0)
        probs = _sigmoid(logits)
        runs = candidate_runs(
            probs, low=self.low, high=self.high if high is None else high, breaks=table.gap_before >= 3
        )
        runs = _snap_to_split_words(runs, table.rejoin_stretches)
        if runs:
            runs = widen_to_links(runs, table.starts, table.ends, link_ranges(text))
            runs = _trim_separators(runs, table.tokens)
            runs = _trim_unspaced_edges(runs, table, probs, self.high)
            runs = _trim_line_edges(runs, table.gap_before, table.gap_after, probs)
        analysis = _Analysis(text, table, probs, logits, runs, np.zeros(len(runs)))
        if score_spans and runs:
            analysis.span_probs = _sigmoid(self._span_features(analysis) @ self.span_coef_ + self.span_intercept_)
        return analysis

    def _span_features(self, analysis: _Analysis) -> np.ndarray:
        table, probs, logits = analysis.table, analysis.probs, analysis.logits
        n = len(table.tokens)
        words = (table.kind == KIND_IDS["word"]) | (table.kind == KIND_IDS["cjk"])
        out = np.zeros((len(analysis.runs), len(SPAN_FEATURES)))
        for r, (a, b) in enumerate(analysis.runs):
            sl = slice(a, b + 1)
            length = b - a + 1
            w = words[sl]
            n_words = max(int(w.sum()), 1)
            state = table.known_state[sl]
            out[r] = (
                probs[sl].mean(),
                probs[sl].max(),
                probs[sl].min(),
                np.clip(logits[sl].mean(), -10, 10) / 10,
                length == 1,
                length == 2,
                length == 3,
                4 <= length <= 6,
                7 <= length <= 10,
                length > 10,
                table.foreign_script[sl].sum() / n_words,
                ((state == 0) & w).sum() / n_words,
                ((state == 3) & w).sum() / n_words,
                ((state == 2) & w).sum() / n_words,
                a > 0 and table.rejoin_edge[a - 1],
                b + 1 < n and table.rejoin_edge[b + 1],
                not table.pair_prev[a],
                not table.pair_next[b],
                table.gap_before[a] >= 2,
                table.gap_after[b] >= 2,
                table.gap_before[a] >= 2 and table.gap_after[b] >= 2,
                table.sentence_start[a],
                table.year_like[sl].any(),
                (table.kind[sl] == KIND_IDS["num"]).any(),
                length / n,
                probs[a - 1] if a > 0 else 0.0,
                probs[b + 1] if b + 1 < n else 0.0,
                min(len(analysis.runs), 10) / 10,
                min(math.log10(n + 1), 5) / 5,
                bool(table.host_lang),
                ((table.shape[sl] >= TITLE) & (table.shape[sl] <= MIXED)).sum() / n_words,
                not w.any(),
                table.cjk_island[a] > 0 and table.cjk_island[b] > 0,
                (table.kind[sl] == KIND_IDS["cjk"]).sum() / length,
            )
        return out

    def detect(self, text: str, threshold: float | None = None) -> Detection:
        """Find insertions in ``text``; a ``Detection`` with the document score and spans in text order."""
        with collector_paused():  # a document: thousands of short-lived objects, no cycles
            return self._detection(self._analyse_checked(text), threshold)

    def detect_many(self, texts: Sequence[str], threshold: float | None = None) -> list[Detection]:
        """``detect`` over a batch (one result per text, in order)."""
        return [self.detect(text, threshold) for text in texts]

    def clean(self, text: str, threshold: float | None = None) -> CleanResult:
        """Detect and remove insertions, repairing a word an insertion split."""
        with collector_paused():  # a document: thousands of short-lived objects, no cycles
            analysis = self._analyse_checked(text)
            detection = self._detection(analysis, threshold)
            return remove_spans(text, detection.spans, rejoins=self._rejoiner(analysis.table.host_lang))

    def _analyse_checked(self, text: str) -> _Analysis:
        self._check_fitted()
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        return self._analyse(text)

    def _detection(self, analysis: _Analysis, threshold: float | None) -> Detection:
        cut = self.threshold if threshold is None else threshold
        _check_fraction("threshold", cut)
        tokens = analysis.table.tokens
        spans = tuple(
            Span(tokens[a].start, tokens[b].end, analysis.text[tokens[a].start : tokens[b].end], float(p))
            for (a, b), p in zip(analysis.runs, analysis.span_probs)
            if p >= cut
        )
        score = float(analysis.span_probs.max()) if len(analysis.span_probs) else 0.0
        return Detection(score, spans)

    def _rejoiner(self, host_lang: str):
        """A predicate for ``remove_spans``: do two word pieces form one word of the host language?"""
        host_bit = np.uint32(self.vocabulary_.lang_bit(host_lang))

        def rejoins(left: str, right: str) -> bool:
            if not host_bit or not left or not right:
                return False
            joined = tokenize(left + right)
            if len(joined) != 1:
                return False
            pieces = [tokenize(left), tokenize(right)]
            if any(len(p) != 1 for p in pieces):
                return False
            hashes = np.array([hash_str(t[0].norm) for t in ([joined[0]], *pieces)], dtype=np.uint32)
            known, _common = self.vocabulary_.word_masks(hashes)
            in_host = (known & host_bit) != 0
            short_piece = min(len(pieces[0][0].norm), len(pieces[1][0].norm)) <= 2
            return bool(in_host[0] and (short_piece or not in_host[1] or not in_host[2]))

        return rejoins

    # -- persistence -------------------------------------------------------------------------------
    def save(self, path: str | Path, *, metadata: dict[str, Any] | None = None) -> Path:
        """Write ``config.json`` and ``weights.npz`` (no pickle) into directory ``path``."""
        self._check_fitted()
        directory = Path(path)
        directory.mkdir(parents=True, exist_ok=True)
        nonzero = np.flatnonzero(self.token_coef_).astype(np.uint32)
        arrays: dict[str, np.ndarray] = {
            "token_coef_index": nonzero,
            "token_coef_value": self.token_coef_[nonzero].astype(np.float32),
            "span_coef": self.span_coef_.astype(np.float64),
            **self.vocabulary_.to_arrays(),
        }
        config = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "params": self.get_params(),
            "token_intercept": self.token_intercept_,
            "span_intercept": self.span_intercept_,
            "n_templates": N_TEMPLATES,
            "span_features": list(SPAN_FEATURES),
            "languages": list(self.vocabulary_.languages),
            "arrays": {k: {"dtype": v.dtype.name, "shape": list(v.shape)} for k, v in arrays.items()},
            "metadata": metadata or {},
        }
        np.savez_compressed(directory / WEIGHTS_FILE, **arrays)
        (directory / CONFIG_FILE).write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return directory

    def get_params(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "n_bits": self.n_bits,
            "alpha": self.alpha,
            "epochs": self.epochs,
            "low": self.low,
            "high": self.high,
            "negative_keep": self.negative_keep,
            "random_state": self.random_state,
        }

    @classmethod
    def load(cls, path: str | Path) -> "Detector":
        """Load a model directory written by ``save``; refuse anything corrupt, foreign or oversized."""
        directory = Path(path)
        config_path = directory / CONFIG_FILE
        if not config_path.is_file():
            raise FileNotFoundError(f"no model at {directory}: {CONFIG_FILE} is missing")
        try:
            config = json.loads(config_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"model config {config_path} is not valid JSON: {exc}") from None
        if not isinstance(config, dict) or config.get("format") != FORMAT:
            raise ValueError(f"{config_path} is not a spamsplice model config")
        if config.get("format_version") != FORMAT_VERSION:
            raise ValueError(
                f"model format version {config.get('format_version')!r} is not supported "
                f"(this spamsplice reads version {FORMAT_VERSION})"
            )
        try:
            detector = cls(**config["params"])
            detector._validate_params()
            if config["n_templates"] != N_TEMPLATES or list(config["span_features"]) != list(SPAN_FEATURES):
                raise ValueError("model was trained with a different feature set")
            arrays = _load_arrays(directory / WEIGHTS_FILE, config["arrays"], detector.n_bits)
            coef = np.zeros(1 << detector.n_bits, dtype=np.float32)
            index = arrays["token_coef_index"]
            if index.size and int(index.max()) >= coef.size:
                raise ValueError("token weights point outside the feature space")
            coef[index] = arrays["token_coef_value"]
            if arrays["span_coef"].shape != (len(SPAN_FEATURES),):
                raise ValueError("span weights do not match the span features")
            detector.token_coef_ = coef
            detector.token_intercept_ = float(config["token_intercept"])
            detector.span_coef_ = arrays["span_coef"]
            detector.span_intercept_ = float(config["span_intercept"])
            detector.vocabulary_ = Vocabulary.from_arrays(config["languages"], arrays)
            detector.metadata_ = dict(config.get("metadata") or {})
        except (KeyError, TypeError) as exc:
            raise ValueError(f"model config {config_path} is incomplete or malformed: {exc!r}") from None
        return detector


def _load_arrays(path: Path, declared: dict[str, Any], n_bits: int) -> dict[str, np.ndarray]:
    """Read the ``.npz`` only after checking every array header against the declared shapes and caps."""
    if not path.is_file():
        raise FileNotFoundError(f"model weights {path} are missing")
    limit = max(MAX_ARRAY_ITEMS, 1 << n_bits)
    try:
        with zipfile.ZipFile(path) as archive:
            names = {n[:-4] for n in archive.namelist() if n.endswith(".npy")}
            if names != set(declared):
                raise ValueError(f"model weights hold {sorted(names)}, config declares {sorted(declared)}")
            for name, spec in declared.items():
                with archive.open(name + ".npy") as member:
                    version = np.lib.format.read_magic(member)
                    read_header = (
                        np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
                    )
                    shape, _fortran, dtype = read_header(member)
                if dtype.hasobject:
                    raise ValueError(f"model array {name} holds Python objects: refused")
                if list(shape) != list(spec["shape"]) or dtype.name != spec["dtype"]:
                    raise ValueError(f"model array {name} is {dtype.name}{list(shape)}, config says {spec}")
                if math.prod(shape) > limit:
                    raise ValueError(f"model array {name} is larger than any spamsplice model")
        with np.load(path, allow_pickle=False) as npz:
            return {name: npz[name] for name in declared}
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise ValueError(f"model weights {path} are corrupt or truncated: {exc}") from None


def _vocabulary_documents(pairs: Iterable[tuple[str, str]]):
    for lang, text in pairs:
        tokens = [t for t in tokenize(text) if t.kind in ("word", "cjk", "num")]
        norms = [t.norm for t in tokens]
        newline_before = [i == 0 or "\n" in text[tokens[i - 1].end : tokens[i].start] for i in range(len(tokens))]
        yield lang, norms, newline_before


# Punctuation that ends the host's clause before an insertion or starts it again after one: a run that
# reaches over it took a host character along (`，常年 電話號碼資料`).
_LEADING_SEPARATORS = frozenset(",，、;；:：.。!！?？)）」』”’»")
_TRAILING_SEPARATORS = frozenset(",，、;；:：.。(（「『“‘«")


def _trim_separators(runs: list[tuple[int, int]], tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Give the host back the clause punctuation a run took along at either edge (never the whole run)."""
    trimmed = []
    for a, b in runs:
        while a < b and tokens[a].kind == "punct" and tokens[a].norm in _LEADING_SEPARATORS:
            a += 1
        while b > a and tokens[b].kind == "punct" and tokens[b].norm in _TRAILING_SEPARATORS:
            b -= 1
        trimmed.append((a, b))
    return trimmed


def _trim_unspaced_edges(
    runs: list[tuple[int, int]], table: TokenTable, probs: np.ndarray, high: float
) -> list[tuple[int, int]]:
    """Give back a piece of at most ``UNSPACED_EDGE_MAX`` CJK characters that a run reaches across a space.

    Chinese, Japanese and Thai do not put spaces between words, so a space inside such a line is where
    an insertion begins or ends (`常年 電話號碼資料 交`). The characters beyond it go back to the host when
    they score low; at the start, also when more characters are glued to them before the run, the start
    of a host word the insertion split (`提高营 手机号码清单 销效率`), while a strong piece after punctuation
    stays (`。电报 号码数据`). At the end, characters glued after the run are as often the rest of the
    phrase (`imo 数据|库`), so a strong piece there stays.
    """
    cjk = table.kind == KIND_IDS["cjk"]
    gap = table.gap_before
    trimmed = []
    for a, b in runs:
        spaces = a + 1 + np.flatnonzero(gap[a + 1 : b + 1])
        if spaces.size:
            first, last = int(spaces[0]), int(spaces[-1])
            glued = a > 0 and gap[a] == 0 and cjk[a - 1]  # more characters before it: a host word's start
            if first - a <= UNSPACED_EDGE_MAX and cjk[a:first].all() and (glued or probs[a:first].max() < high):
                a = first
            if last > a and b - last < UNSPACED_EDGE_MAX and cjk[last : b + 1].all() and probs[last : b + 1].max() < high:
                b = last - 1
        trimmed.append((a, b))
    return trimmed


def _trim_line_edges(
    runs: list[tuple[int, int]], gap_before: np.ndarray, gap_after: np.ndarray, probs: np.ndarray
) -> list[tuple[int, int]]:
    """Give back the end of the line before a run of whole lines, or the start of the line after one.

    A phrase on a line of its own (a caption between a heading and its paragraph) often takes the
    heading's last word along: `How to choose a router⏎Telegram Database⏎…`. A run that starts mid-line
    and whose rest is whole lines keeps only the whole lines (and the mirror case at the end), when the
    piece it gives back scores clearly lower (by ``LINE_EDGE_MARGIN`` on average) than what it keeps: a
    phrase disguised with a line break inside it (`… Telegram⏎Database` at the end of a text) scores
    high on both sides of the break and is left alone.
    """
    trimmed = []
    for a, b in runs:
        breaks = a + 1 + np.flatnonzero(gap_before[a + 1 : b + 1] >= 2)
        if breaks.size:
            first, last = int(breaks[0]), int(breaks[-1])
            if gap_before[a] < 2 and gap_after[b] >= 2:
                if probs[a:first].mean() < probs[first : b + 1].mean() - LINE_EDGE_MARGIN:
                    a = first
            elif gap_before[a] >= 2 and gap_after[b] < 2:
                if probs[last : b + 1].mean() < probs[a:last].mean() - LINE_EDGE_MARGIN:
                    b = last - 1
        trimmed.append((a, b))
    return trimmed


def _snap_to_split_words(runs: list[tuple[int, int]], stretches: np.ndarray) -> list[tuple[int, int]]:
    """Widen a run to the stretch between the two pieces of a word it split.

    The stretch between ``क`` and ``रती`` is exactly what was inserted, even where one of its words scored
    low on its own. Only a stretch that holds the run and is at most ``SNAP_SLACK`` tokens longer counts,
    and the smallest such stretch wins: in Chinese many character pairs look like split words by chance.
    """
    snapped: list[tuple[int, int]] = []
    for a, b in runs:
        if stretches.shape[0]:
            inner_a, inner_b = stretches[:, 0] + 1, stretches[:, 1] - 1
            fits = (inner_a <= b) & (inner_b >= a) & (stretches[:, 0] <= a) & (stretches[:, 1] >= b)
            fits &= (inner_b - inner_a) - (b - a) <= SNAP_SLACK
            if fits.any():
                best = int(np.argmin(np.where(fits, inner_b - inner_a, np.iinfo(np.int64).max)))
                a, b = min(a, int(inner_a[best])), max(b, int(inner_b[best]))
        if snapped and a <= snapped[-1][1]:
            a = snapped.pop()[0]
        snapped.append((a, b))
    return snapped


def _token_labels(tokens: Sequence[Token], spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """1 for a token at least half inside a gold span."""
    y = np.zeros(len(tokens), dtype=np.int8)
    if not spans:
        return y
    starts = np.array([t.start for t in tokens])
    ends = np.array([t.end for t in tokens])
    for gs, ge in spans:
        overlap = np.minimum(ends, ge) - np.maximum(starts, gs)
        y[overlap * 2 >= (ends - starts)] = 1
    return y


def _training_mask(table: TokenTable, y: np.ndarray, negative_keep: float, rng: np.random.Generator) -> np.ndarray:
    """Keep every token near an insertion or odd for its host (another script, a word the host does not
    know): those are the clean tokens the model must learn to leave alone. Sample the plain rest."""
    near = np.zeros(y.shape, dtype=bool)
    for i in np.flatnonzero(y).tolist():
        near[max(0, i - 6) : i + 7] = True
    odd = table.foreign_script | (table.known_state == 0) | (table.known_state == 3) | table.rejoin_inside
    return near | odd | (rng.random(y.shape) < negative_keep)


def _indicator_matrix(indices: np.ndarray, n_bits: int):
    from scipy.sparse import csr_matrix

    n_rows = indices.shape[0]
    indptr = np.arange(0, (n_rows + 1) * N_TEMPLATES, N_TEMPLATES)
    data = np.ones(indices.size, dtype=np.float64)
    matrix = csr_matrix((data, indices.ravel(), indptr), shape=(n_rows, 1 << n_bits))
    matrix.sum_duplicates()
    return matrix


def default_model_path() -> Path:
    """The shipped model: inside the installed package, or ``models/default`` of a source checkout."""
    packaged = Path(__file__).resolve().parent / "models" / "default"
    if (packaged / CONFIG_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "models" / "default"


def load(path: str | Path | None = None) -> Detector:
    """Load a detector: the shipped default model, or the model directory at ``path``."""
    return Detector.load(default_model_path() if path is None else path)
