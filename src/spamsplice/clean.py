"""Remove detected spans, repair a word the insertion split, and tidy the spacing left behind.

Edits go right to left so that earlier offsets stay valid (as Presidio's anonymizer does). Only the span
itself and the blank run touching it change: text outside the spans is never rewritten.
"""

from __future__ import annotations

import unicodedata
from typing import Callable, Sequence

from spamsplice.spans import merge_spans
from spamsplice.types import CleanResult, Span

# Scripts written without spaces: the text on both sides of a removed span closes up with nothing between.
_NO_SPACE_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "IDEOGRAPHIC", "HALFWIDTH", "FULLWIDTH")
_CLOSING = frozenset(",.;:!?।॥)]}»”’、。，：；！？）》」』،؛؟\u06d4…")
_OPENING = frozenset("([{«“‘（《「『")

Rejoiner = Callable[[str, str], bool]


def _is_blank(ch: str) -> bool:
    """Whitespace or an invisible format character (ZWSP, ZWJ, bidi controls...)."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LMN"


def _no_space_script(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(_NO_SPACE_SCRIPTS)


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and _is_word_char(text[start - 1]) and end - start < 64:
        start -= 1
    return text[start:end]


def _word_after(text: str, start: int) -> str:
    end = start
    while end < len(text) and _is_word_char(text[end]) and end - start < 64:
        end += 1
    return text[start:end]


def _joiner(text: str, a: int, start: int, end: int, b: int, rejoins: Rejoiner | None) -> str:
    """What replaces ``text[a:b]``: the span ``[start, end)`` and the blank runs around it."""
    before, after = text[a - 1], text[b]
    gap_left, gap_right = text[a:start], text[end:b]
    visible_left = [c for c in gap_left if not unicodedata.category(c) == "Cf"]
    visible_right = [c for c in gap_right if not unicodedata.category(c) == "Cf"]
    if after in _CLOSING or before in _OPENING:
        return ""
    if _no_space_script(before) and _no_space_script(after):
        return ""
    if not visible_left and not visible_right:
        return ""  # the insertion was glued on: closing up restores what was there
    if _is_word_char(before) and _is_word_char(after):
        if rejoins is not None and rejoins(_word_before(text, a), _word_after(text, b)):
            return ""
    newlines = max(gap_left.count("\n"), gap_right.count("\n"))
    if newlines:
        return "\n" * min(newlines, 2)
    spaces = visible_left + visible_right
    return " " if not spaces or " " in spaces else spaces[0]


def remove_spans(text: str, spans: Sequence[Span], rejoins: Rejoiner | None = None) -> CleanResult:
    """Remove ``spans`` from ``text`` right to left; return the new text and the merged removed spans.

    ``rejoins(left_piece, right_piece)`` decides whether the word pieces around a span are one word that
    the insertion split (``क`` + ``रती`` → ``करती``); the detector passes one backed by its word lists.
    Without it, pieces of a spaced script stay separate words unless nothing separated them.
    """
    merged = merge_spans(text, [s for s in spans if s.end > s.start])
    for span in merged:
        if span.end > len(text) or text[span.start : span.end] != span.text:
            raise ValueError(f"span {span.start}:{span.end} does not match the text it claims to cover")
    out = text
    for span in reversed(merged):
        a = span.start
        while a > 0 and _is_blank(out[a - 1]):
            a -= 1
        b = span.end
        while b < len(out) and _is_blank(out[b]):
            b += 1
        if a == 0:
            out = out[b:]
        elif b == len(out):
            trailing = out[span.end : b]
            out = out[:a] + ("\n" if "\n" in trailing else "")
        else:
            out = out[:a] + _joiner(out, a, span.start, span.end, b, rejoins) + out[b:]
    return CleanResult(out, tuple(merged))
