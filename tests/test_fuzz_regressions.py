"""Regression tests for what the fuzz targets in fuzz/ found, one per finding, smallest input first."""

from __future__ import annotations

import pytest

from spamsplice.features import TokenCache
from spamsplice.tokenize import tokenize
from spamsplice.vocab import build_vocabulary

# The same surface is a different token in another context: a native digit split off a Latin run is a
# `word` token, alone it is a `num`; a Cyrillic `е` after a Greek-relabelled run is Latin, alone it is
# Cyrillic. (earlier document, later document)
SAME_SURFACE_OTHER_TOKEN = [("ab\u0968", "\u0968"), ("\u03b1\u03b2\u03b3x\u0435", "\u0435")]


@pytest.mark.parametrize("earlier, later", SAME_SURFACE_OTHER_TOKEN)
def test_the_surfaces_really_tokenize_differently_in_the_two_documents(earlier, later):
    """Guards the premise of the test below: if this fails, pick new pairs there."""
    attributes = {text: {text[t.start:t.end]: t[2:] for t in tokenize(text)} for text in (earlier, later)}
    assert attributes[earlier][later] != attributes[later][later]


@pytest.mark.parametrize("earlier, later", SAME_SURFACE_OTHER_TOKEN)
def test_token_cache_rows_do_not_depend_on_earlier_documents(earlier, later):
    vocab = build_vocabulary([("xx", [earlier, later], [False, False])])
    warm = TokenCache()
    warm.rows(earlier, tokenize(earlier), vocab)
    tokens = tokenize(later)
    assert warm.rows(later, tokens, vocab).tolist() == TokenCache().rows(later, tokens, vocab).tolist()
