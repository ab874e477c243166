import numpy as np
import pytest

from spamsplice.features import COMMON, KNOWN, N_TEMPLATES, TokenCache, build_table, feature_indices
from spamsplice.model import _vocabulary_documents
from spamsplice.tokenize import tokenize, tokenize_chunks
from spamsplice.vocab import build_vocabulary

HINDI = [
    "वह अपने काम की प्रशंसा करती है और सबकी मदद करती है।",
    "कंपनी अपने ग्राहकों की सेवा करती है और उनकी बात सुनती है।",
    "यह योजना लोगों को प्रभावित करती है।",
]
NEPALI = ["सरकारले नयाँ नियम लागू गरिएको छ र सबैलाई जानकारी गरिएको छ।"] * 2
CHINESE = ["公司提高营销效率。", "营销团队提高了效率。", "我们的营销计划很好。"]
ENGLISH = ["The report explains how the survey was run.", "The survey was run by the team."]


def _vocab():
    docs = [("hi", t) for t in HINDI] * 2 + [("ne", t) for t in NEPALI] + [("zh", t) for t in CHINESE] * 2
    docs += [("en", t) for t in ENGLISH] * 2
    return build_vocabulary(_vocabulary_documents(docs))


def _table(text, vocab=None):
    return build_table(text, tokenize(text), vocab or _vocab(), TokenCache())


def test_host_language_is_the_best_covering_word_list():
    assert _table("कंपनी अपने ग्राहकों की सेवा करती है।").host_lang == "hi"
    assert _table("公司的营销效率").host_lang == "zh"
    assert _table("The survey was run.").host_lang == "en"
    assert _table("12 34").host_lang == ""


def test_split_devanagari_word_marks_the_stretch_between_its_pieces():
    text = "यह योजना लोगों को प्रभावित क अपडेट गरिएको डाटा रती है।"
    table = _table(text)
    surfaces = [text[t.start : t.end] for t in table.tokens]
    inside = [s for s, flag in zip(surfaces, table.rejoin_inside) if flag]
    edges = [s for s, flag in zip(surfaces, table.rejoin_edge) if flag]
    assert inside == ["अपडेट", "गरिएको", "डाटा"]
    assert edges == ["क", "रती"]


def test_split_chinese_word_marks_the_stretch_between_its_pieces():
    text = "公司提高营 phone list 销效率。"
    table = _table(text)
    surfaces = [text[t.start : t.end] for t in table.tokens]
    assert [s for s, flag in zip(surfaces, table.rejoin_inside) if flag] == ["phone", "list"]
    assert [s for s, flag in zip(surfaces, table.rejoin_edge) if flag] == ["营", "销"]


def test_words_of_another_language_are_known_elsewhere_only():
    table = _table("यह योजना गरिएको लोगों को प्रभावित करती है।")
    surfaces = [t.norm for t in table.tokens]
    assert table.known_state[surfaces.index("गरिएको")] == 3
    assert table.known_state[surfaces.index("योजना")] in (1, 2)


def test_feature_indices_are_deterministic_and_in_range():
    table = _table("The report explains how the iceland phone list survey was run.")
    a = feature_indices(table, 18)
    b = feature_indices(_table("The report explains how the iceland phone list survey was run."), 18)
    assert a.shape == (len(table.tokens), N_TEMPLATES)
    assert (a >= 0).all() and (a < 2**18).all()
    assert np.array_equal(a, b)


def test_empty_text_has_no_features():
    table = _table("")
    assert feature_indices(table, 16).shape == (0, N_TEMPLATES)


def test_a_full_cache_gives_the_same_rows_as_an_empty_one():
    text = "The report explains how the survey was run by the team."
    tokens = tokenize(text)
    vocab = _vocab()
    small = TokenCache(max_size=len(tokens) + 2)
    small.rows("unrelated words fill the cache first", tokenize("unrelated words fill the cache first"), vocab)
    assert np.array_equal(small.rows(text, tokens, vocab), TokenCache().rows(text, tokens, vocab))


def test_the_row_table_grows_for_a_document_with_many_new_words():
    """More distinct tokens than the table's first allocation, in one document and then in a second one:
    each row must still be the one a fresh cache computes for that token alone."""
    vocab = _vocab()
    cache = TokenCache()
    first = " ".join(f"w{i}x" for i in range(5000))
    second = " ".join(f"v{i}y the survey" for i in range(3000))
    for text in (first, second):
        tokens = tokenize(text)
        rows = cache.rows(text, tokens, vocab)
        assert rows.shape == (len(tokens), COMMON + 1)
        for i in (0, 1, len(tokens) // 2, len(tokens) - 1):
            alone = TokenCache().rows(text, tokens[i : i + 1], vocab)[0]
            assert np.array_equal(rows[i], alone)


def test_cached_rows_follow_the_vocabulary_they_were_built_with():
    """The rows hold the vocabulary's masks: a cache handed another vocabulary must not serve stale ones."""
    text = "the survey was run"
    tokens = tokenize(text)
    empty = build_vocabulary([])
    cache = TokenCache()
    with_words = cache.rows(text, tokens, _vocab())
    assert with_words[:, KNOWN].any()
    assert not cache.rows(text, tokens, empty)[:, KNOWN].any()


def test_rows_by_chunk_equal_rows_by_token_across_documents_and_cache_clears():
    """The per-chunk shortcut must give exactly the per-token rows, also when the cache fills up and is
    cleared between (or because of) documents."""
    vocab = _vocab()
    texts = [
        "The report, explains: how the survey was run.",
        "नमस्ते दुनिया २०२४ (test) — ok!",
        "回到 美国手机号码清单 故乡。The report again.",
        "The survey was run; the report explains it.",
    ]
    for max_size in (8, 40, 300_000):
        chunked, plain = TokenCache(max_size=max_size, max_chunks=5), TokenCache(max_size=max_size)
        for text in texts * 2:
            tokens, chunks = tokenize_chunks(text, [])
            assert sum(count for _chunk, count in chunks) == len(tokens)
            by_chunk = chunked.rows(text, tokens, vocab, chunks)
            assert np.array_equal(by_chunk, plain.rows(text, tokens, vocab))
            assert np.array_equal(by_chunk, TokenCache().rows(text, tokens, vocab))


def test_chunks_that_do_not_match_the_tokens_are_refused():
    text = "the survey was run"
    tokens = tokenize(text)
    with pytest.raises(ValueError, match="chunks hold"):
        TokenCache().rows(text, tokens, _vocab(), [("the", 1)])


def test_joined_word_hashes_equal_hashing_the_joined_string():
    from spamsplice.features import HASH, NORM_BYTES, _joined_hashes
    from spamsplice.vocab import hash_str

    rng = np.random.default_rng(5)
    alphabet = list("abcXyz09") + list("करतीहै") + list("营销数据") + ["\U0001F600", "\u200d"]
    words = ["".join(rng.choice(alphabet, size=rng.integers(1, 12))) for _ in range(60)]
    words += ["क" * 90, "x" * 254, "y" * 255, "ж" * 130]  # one token each: 270, 254, 255 and 260 UTF-8 bytes
    text = " ".join(words)
    tokens = tokenize(text)
    rows = TokenCache().rows(text, tokens, _vocab())
    left = rng.integers(0, len(tokens), size=400)
    right = np.concatenate([rng.integers(0, len(tokens), size=396), np.arange(len(tokens) - 4, len(tokens))])
    assert [tokens[i].end - tokens[i].start for i in range(len(tokens) - 4, len(tokens))] == [90, 254, 255, 130]
    joined = _joined_hashes(tokens, left, right, rows[:, HASH], rows[:, NORM_BYTES])
    expected = [hash_str(tokens[i].norm + tokens[j].norm) for i, j in zip(left.tolist(), right.tolist())]
    assert joined.tolist() == expected


def test_digits_inside_a_word_without_case_have_their_own_shape():
    from spamsplice.features import LOWER, NO_CASE, UNCASED_WITH_DIGITS, UPPER, _shape

    assert _shape("बी२बी") == UNCASED_WITH_DIGITS  # native digits
    assert _shape("বি2বি") == UNCASED_WITH_DIGITS
    assert _shape("2025년") == UNCASED_WITH_DIGITS
    assert _shape("बीबी") == NO_CASE
    assert _shape("b2b") == LOWER and _shape("B2B") == UPPER  # cased scripts keep their casing
