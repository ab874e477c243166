#!/usr/bin/env python3
"""Coverage-guided fuzz target: ``spamsplice.tokenize.tokenize`` on arbitrary Unicode.

Every stage after the tokenizer trusts its offsets, so a wrong offset here becomes a span that points
at the wrong text or a ``clean`` that cuts a word in half. Checked for every input:

- no exception;
- ``0 <= start < end <= len(text)``, tokens in order and not overlapping;
- ``text[start:end]`` is what the token covers: no whitespace inside (a markup tag may hold spaces, never
  a line break), and every character outside all tokens is whitespace or an invisible format character
  (nothing visible is silently skipped);
- a non-empty ``norm``, a known ``kind`` and ``script``;
- the same tokens again from the warm caches, and the same tokens as analysing each chunk uncached
  (the chunk cache and edge-punctuation shortcut must not change results);
- tokens do not depend on where the text starts (a padded copy gives shifted offsets).

Run: ``python fuzz/fuzz_tokenize.py NEW_DIR fuzz/corpus/tokenize -max_total_time=600`` (see docs/security.md).
"""

from __future__ import annotations

import atheris

from harness import run, text_from_bytes

with atheris.instrument_imports(include=["spamsplice"]):
    from spamsplice import tokenize as tokenize_module
    from spamsplice.tokenize import KINDS, SCRIPTS, Token, tokenize

INVISIBLES = frozenset(tokenize_module._INVISIBLE_CHARS)
PADDING = " \n"


def check_tokens(text: str, tokens: list[Token]) -> None:
    previous_end = 0
    covered = bytearray(len(text))
    for token in tokens:
        start, end = token.start, token.end
        assert type(start) is int and type(end) is int, token
        assert previous_end <= start < end <= len(text), (previous_end, token, len(text))
        surface = text[start:end]
        assert isinstance(token.norm, str) and token.norm, token
        assert token.kind in KINDS and token.script in SCRIPTS, token
        if token.kind == "markup":
            assert len(surface.splitlines()) == 1, ("line break inside a markup token", token)
        else:
            assert not any(char.isspace() for char in surface), ("whitespace inside a token", token)
        covered[start:end] = b"\1" * (end - start)
        previous_end = end
    for index, char in enumerate(text):
        if not covered[index]:
            assert char.isspace() or char in INVISIBLES, ("visible character in no token", index, char)


def test_one_input(data: bytes) -> None:
    text = text_from_bytes(data)
    tokens = tokenize(text)
    check_tokens(text, tokens)
    assert tokenize(text) == tokens, "a second run (warm caches) gave other tokens"
    uncached: list[Token] = []
    for match in tokenize_module._CHUNK_RE.finditer(text):
        uncached += tokenize_module._analyse_chunk(match[0], match.start())
    assert uncached == tokens, "the chunk cache or edge-punctuation shortcut changed the tokens"
    shift = len(PADDING)
    padded = [(t.start - shift, t.end - shift, *t[2:]) for t in tokenize(PADDING + text)]
    assert padded == [tuple(t) for t in tokens], "tokens depend on where the text starts"


if __name__ == "__main__":
    run(test_one_input, "tokenize.dict")
