"""Tests for spamsplice.tokenize: offsets, scripts, kinds, folding, and linear time on hostile input."""

from __future__ import annotations

import gc
import signal
import sys
import unicodedata
from contextlib import contextmanager
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spamsplice import tokenize as tokenize_module
from spamsplice.tokenize import KINDS, SCRIPTS, Token, dominant_script, tokenize, tokenize_chunks

INVISIBLES = set(tokenize_module._INVISIBLE_CHARS)


def surfaces(text: str) -> list[str]:
    return [text[t.start:t.end] for t in tokenize(text)]


def norms(text: str) -> list[str]:
    return [t.norm for t in tokenize(text)]


def only(text: str) -> Token:
    tokens = tokenize(text)
    assert len(tokens) == 1, tokens
    return tokens[0]


def expected_offsets(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Offsets of `pieces` found left to right in `text`: an oracle independent of the tokenizer."""
    spans, position = [], 0
    for piece in pieces:
        start = text.index(piece, position)
        spans.append((start, start + len(piece)))
        position = start + len(piece)
    return spans


# ---------------------------------------------------------------------------------------------------------
# API shape
# ---------------------------------------------------------------------------------------------------------

def test_public_api_names_and_token_fields():
    assert Token._fields == ("start", "end", "norm", "script", "kind")
    assert SCRIPTS[0] == "Latin" and SCRIPTS[-2:] == ("Other", "Common") and len(SCRIPTS) == 28
    assert KINDS == ("word", "num", "cjk", "punct", "sym", "url", "email", "emoji", "markup")
    token = tokenize("hello")[0]
    assert isinstance(token, Token) and token.start == 0 and token.end == 5


def test_rejects_non_string_input_with_a_clear_error():
    with pytest.raises(TypeError, match="expects str"):
        tokenize(b"bytes")  # type: ignore[arg-type]


def test_empty_and_whitespace_only_text_have_no_tokens():
    assert tokenize("") == []
    assert tokenize(" \n\t\u00a0\u2009\u3000\u202f ") == []


# ---------------------------------------------------------------------------------------------------------
# The seed patterns
# ---------------------------------------------------------------------------------------------------------

def test_hindi_with_nepali_insertion_offsets():
    text = "प्रभावित क अपडेट गरिएको २०२४ मोबाइल फोन नम्बर डाटा रती हैं।"
    pieces = ["प्रभावित", "क", "अपडेट", "गरिएको", "२०२४", "मोबाइल", "फोन", "नम्बर", "डाटा", "रती", "हैं", "।"]
    tokens = tokenize(text)
    assert [(t.start, t.end) for t in tokens] == expected_offsets(text, pieces)
    assert [text[t.start:t.end] for t in tokens] == pieces
    assert (tokens[1].start, tokens[1].end) == (9, 10)  # the split-off `क` of करती
    assert tokens[4] == Token(24, 28, "2024", "Devanagari", "num")
    assert tokens[-1].kind == "punct" and tokens[-1].start == 58
    assert all(t.script == "Devanagari" and t.kind == "word" for t in tokens[:4])
    assert dominant_script(tokens) == "Devanagari"


def test_english_seed_words():
    text = "Formats iceland phone number list may vary locally"
    assert norms(text) == text.lower().split()
    assert {t.script for t in tokenize(text)} == {"Latin"}


def test_chinese_seed_one_token_per_character():
    text = "提高营 手机号码清单 销效率"
    tokens = tokenize(text)
    assert [text[t.start:t.end] for t in tokens] == [c for c in text if c != " "]
    assert [t.start for t in tokens] == [i for i, c in enumerate(text) if c != " "]
    assert {(t.kind, t.script) for t in tokens} == {("cjk", "Han")}
    assert dominant_script(tokens) == "Han"


# ---------------------------------------------------------------------------------------------------------
# Words and scripts
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, script", [
    ("नेपाली भाषामा लेखिएको", "Devanagari"),
    ("বাংলা ভাষায় লেখা", "Bengali"),
    ("தமிழ் மொழியில் எழுதப்பட்ட", "Tamil"),
    ("ਪੰਜਾਬੀ ਭਾਸ਼ਾ", "Gurmukhi"),
    ("русский текст", "Cyrillic"),
    ("ελληνικό κείμενο", "Greek"),
    ("نص عربي قصير", "Arabic"),
    ("یہ اردو ہے", "Arabic"),
    ("עברית קצרה", "Hebrew"),
    ("한국어 문장", "Hangul"),
    ("ქართული ენა", "Georgian"),
])
def test_words_of_spaced_scripts_are_whole_tokens(text, script):
    tokens = tokenize(text)
    assert [text[t.start:t.end] for t in tokens] == text.split()
    assert {(t.kind, t.script) for t in tokens} == {("word", script)}


def test_indic_words_keep_marks_viramas_nuktas_and_joiners():
    for word in ("क्षत्रिय", "ज़िंदगी", "क्\u200dष", "র‍্যাব", "ਖ਼ਬਰ", "ஸ்ரீ"):
        assert surfaces(word) == [word]


def test_script_change_without_space_splits_the_run():
    assert surfaces("CXकी") == ["CX", "की"]
    assert [t.script for t in tokenize("CXकी")] == ["Latin", "Devanagari"]
    assert surfaces("iPhoneтелефон") == ["iPhone", "телефон"]
    assert surfaces("हिंदीবাংলা") == ["हिंदी", "বাংলা"]


def test_latin_word_with_cyrillic_or_greek_homoglyphs_stays_one_latin_word():
    for disguised in ("ph\u043ene", "\u0440h\u043ene", "ph\u03bfne"):  # Cyrillic о, р; Greek ο
        token = only(disguised)
        assert (token.norm, token.script, token.kind) == ("phone", "Latin", "word")
    assert only("Wh\u0430tsApp").norm == "whatsapp"


def test_cyrillic_word_with_a_latin_lookalike_stays_cyrillic():
    token = only("M\u043e\u0441\u043a\u0432\u0430")  # Latin M + Cyrillic осква
    assert (token.script, token.norm) == ("Cyrillic", "москва")
    assert only("Москва").norm == "москва"


def test_digits_inside_words_and_leetspeak_folding():
    assert norms("ph0ne l1st d4ta") == ["phone", "list", "data"]
    assert norms("3mail mp3 win10 b2b") == ["3mail", "mp3", "win10", "b2b"]
    assert [t.kind for t in tokenize("ph0ne mp3 3mail")] == ["word"] * 3


def test_fullwidth_and_mathematical_letters_fold_to_ascii():
    assert norms("ＷｈａｔｓＡｐｐ 𝐝𝐚𝐭𝐚 𝔡𝔞𝔱𝔞") == ["whatsapp", "data", "data"]
    assert tokenize("𝐝𝐚𝐭𝐚")[0].script == "Latin"


def test_casefold():
    assert norms("STRASSE Straße ΣΊΣΥΦΟΣ") == ["strasse", "strasse", "σίσυφοσ"]


# ---------------------------------------------------------------------------------------------------------
# Scripts written without spaces
# ---------------------------------------------------------------------------------------------------------

def test_japanese_kana_and_kanji_are_single_character_tokens_with_their_script():
    text = "カタカナーとひらがな、漢字。"
    tokens = tokenize(text)
    assert [text[t.start:t.end] for t in tokens] == list(text)
    by_char = {text[t.start:t.end]: (t.script, t.kind) for t in tokens}
    assert by_char["カ"] == ("Katakana", "cjk") and by_char["ー"] == ("Katakana", "cjk")
    assert by_char["ひ"] == ("Hiragana", "cjk") and by_char["漢"] == ("Han", "cjk")
    assert by_char["、"] == ("Common", "punct") and by_char["。"] == ("Common", "punct")


def test_thai_graphemes_keep_their_marks():
    text = "ก่อนไป"
    assert surfaces(text) == ["ก่", "อ", "น", "ไ", "ป"]
    assert {t.script for t in tokenize(text)} == {"Thai"}


def test_latin_and_digits_glued_to_chinese_are_split_out():
    text = "用iPhone手机2024年"
    assert surfaces(text) == ["用", "iPhone", "手", "机", "2024", "年"]
    assert [t.kind for t in tokenize(text)] == ["cjk", "word", "cjk", "cjk", "num", "cjk"]


def test_halfwidth_katakana_folds_to_fullwidth():
    assert norms("ｶﾀｶﾅ") == ["カ", "タ", "カ", "ナ"]


# ---------------------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, pieces", [
    ("1,000.50", ["1,000.50"]),
    ("10:28", ["10:28"]),
    ("2024-12-23", ["2024-12-23"]),
    ("23, 2024", ["23", ",", "2024"]),
    ("in 2024.", ["in", "2024", "."]),
    ("12.5kg", ["12.5", "kg"]),
    ("1..2", ["1", ".", ".", "2"]),
])
def test_number_boundaries(text, pieces):
    assert surfaces(text) == pieces


def test_numbers_in_any_digit_system_fold_to_ascii_with_their_script():
    assert only("२०२४")[2:] == ("2024", "Devanagari", "num")
    assert only("২০২৪")[2:] == ("2024", "Bengali", "num")
    assert only("٢٠٢٤")[2:] == ("2024", "Arabic", "num")
    assert only("۱۴۰۳")[2:] == ("1403", "Arabic", "num")
    assert only("2०24")[2:] == ("2024", "Devanagari", "num")
    assert only("1,000")[2:] == ("1,000", "Common", "num")
    assert only("١٢٫٥")[2] == "12.5"


# ---------------------------------------------------------------------------------------------------------
# URLs, e-mail, emoji, markup, punctuation
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, url", [
    ("see https://example.com/a?b=1.", "https://example.com/a?b=1"),
    ("(http://acme.io/x)", "http://acme.io/x"),
    ("visit www.example.org, now", "www.example.org"),
    ("buy at acme-data.store today", "acme-data.store"),
    ("example.com/path!", "example.com/path"),
    ("HTTPS://Example.COM", "HTTPS://Example.COM"),
])
def test_urls_exclude_trailing_punctuation(text, url):
    tokens = [t for t in tokenize(text) if t.kind == "url"]
    assert [text[t.start:t.end] for t in tokens] == [url]
    assert tokens[0].norm == url.casefold()


def test_prose_with_a_missing_space_is_not_a_domain():
    assert "url" not in {t.kind for t in tokenize("the end.In the file.py index.html")}


def test_email_addresses():
    text = "mail john.doe+x@mail.example.co.uk or 12345@qq.com."
    emails = [text[t.start:t.end] for t in tokenize(text) if t.kind == "email"]
    assert emails == ["john.doe+x@mail.example.co.uk", "12345@qq.com"]
    assert tokenize(text)[-1].norm == "."


@pytest.mark.parametrize("emoji", [
    "👨\u200d👩\u200d👧\u200d👦", "👍🏽", "🇮🇳", "❤\ufe0f", "1\ufe0f\u20e3", "🏳\ufe0f\u200d🌈", "😀",
])
def test_emoji_sequences_are_single_tokens(emoji):
    token = only(f"{emoji}")
    assert (token.kind, token.start, token.end) == ("emoji", 0, len(emoji))
    glued = f"ok {emoji}ok" if emoji[0].isdigit() else f"ok{emoji}ok"  # a keycap digit glued to a word is a digit
    assert surfaces(glued) == ["ok", emoji, "ok"]


def test_emoji_norm_ignores_skin_tone_and_presentation_selector():
    assert only("👍🏽").norm == only("👍").norm
    assert only("❤\ufe0f").norm == "❤"


@pytest.mark.parametrize("tag, norm", [
    ("[url=http://spam.example/x?a=1]", "[url]"),
    ("[/url]", "[/url]"),
    ("[B]", "[b]"),
    ('<a href="https://x.example/">', "<a>"),
    ("</a>", "</a>"),
    ("<br/>", "<br/>"),
    ('<img src="x.png" alt="Telegram Database">', "<img>"),
])
def test_markup_tags_are_whole_tokens(tag, norm):
    text = f"before{tag}after"
    tokens = tokenize(text)
    assert [text[t.start:t.end] for t in tokens] == ["before", tag, "after"]
    assert (tokens[1].kind, tokens[1].norm) == ("markup", norm)


def test_brackets_that_are_not_markup():
    assert surfaces("[1] a<b <3 [sic]") == ["[", "1", "]", "a", "<", "b", "<", "3", "[", "sic", "]"]


def test_each_punctuation_character_is_its_own_token():
    text = "हाँ।। क्या؟ نعم، 好。，、「」 wait..."
    tokens = tokenize(text)
    puncts = [text[t.start:t.end] for t in tokens if t.kind == "punct"]
    assert puncts == ["।", "।", "؟", "،", "。", "，", "、", "「", "」", ".", ".", "."]


def test_symbols():
    assert [(t.norm, t.kind) for t in tokenize("© + $ ™")] == [
        ("©", "sym"), ("+", "sym"), ("$", "sym"), ("tm", "sym")]


# ---------------------------------------------------------------------------------------------------------
# Invisible characters and whitespace
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("invisible", sorted(INVISIBLES))
def test_invisible_characters_inside_a_word_do_not_split_it(invisible):
    text = f"what{invisible}sapp"
    token = only(text)
    assert (token.start, token.end, token.norm) == (0, len(text), "whatsapp")


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u200e"])
def test_invisible_characters_standing_alone_are_no_token(invisible):
    text = f"a {invisible} b {invisible * 3} c"
    assert surfaces(text) == ["a", "b", "c"]


def test_invisible_characters_attached_to_a_word_belong_to_its_span():
    text = "\u200bhidden\u200d phrase\u2060."
    assert surfaces(text) == ["\u200bhidden\u200d", "phrase\u2060", "."]
    assert norms(text) == ["hidden", "phrase", "."]


def test_persian_and_urdu_zwnj_stays_inside_the_word():
    text = "می\u200cخواهم"
    token = only(text)
    assert (token.end, token.script, token.norm) == (len(text), "Arabic", "ميخواهم")


def test_unicode_spaces_and_newlines_separate_tokens():
    text = "one\u00a0two\u2009three\u3000four\u202ffive\nsix\r\nseven\u2028eight\x1cnine"
    assert surfaces(text) == ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


# ---------------------------------------------------------------------------------------------------------
# Folding: HTML entities, Indic and Arabic normalization
# ---------------------------------------------------------------------------------------------------------

def test_html_entities_inside_a_word_are_decoded():
    assert only("what&#115;app").norm == "whatsapp"
    assert only("&#119;hats&#x61;pp").norm == "whatsapp"
    assert only("caf&eacute;").norm == "café"
    assert only("what&zwnj;sapp").norm == "whatsapp"


def test_html_entities_of_punctuation_stand_alone():
    assert [(t.norm, t.kind) for t in tokenize("&amp;")] == [("&", "punct")]
    assert surfaces("AT&amp;T") == ["AT", "&amp;", "T"]
    assert [t.norm for t in tokenize("AT&amp;T")] == ["at", "&", "t"]
    assert [t.norm for t in tokenize("foo&nbsp;bar")] == ["foo", "&nbsp;", "bar"]


@pytest.mark.parametrize("composed, decomposed", [
    ("\u095b", "\u091c\u093c"),        # Devanagari za
    ("\u0958", "\u0915\u093c"),        # Devanagari qa
    ("\u09dc", "\u09a1\u09bc"),        # Bengali rra
    ("\u0a5b", "\u0a1c\u0a3c"),        # Gurmukhi za
    ("\u0b5c", "\u0b21\u0b3c"),        # Oriya rra
])
def test_nukta_composed_and_decomposed_give_the_same_norm(composed, decomposed):
    assert norms(composed) == norms(decomposed)
    assert norms(f"{composed}ा {composed}") == norms(f"{decomposed}ा {decomposed}")


def test_indic_words_fold_joiners_and_vowel_sign_spellings():
    assert norms("कर\u200dती") == ["करती"]
    assert norms("ক\u200cর") == ["কর"]
    # a two-part vowel sign typed as its two halves folds like the single code point
    assert norms("ক\u09c7\u09be") == norms("ক\u09cb")
    assert norms("க\u0bc6\u0bbe") == norms("க\u0bca")


def test_indic_nlp_normalizer_is_used_for_indic_scripts():
    from indicnlp.normalize.indic_normalize import IndicNormalizerFactory

    # DevanagariNormalizer maps the Devanagari chandra-less forms; compare with the library directly
    word = "क़िला"
    expected = unicodedata.normalize("NFKC", IndicNormalizerFactory().get_normalizer("hi").normalize(
        unicodedata.normalize("NFKC", word)))
    assert only(word).norm == expected


def test_arabic_folding_drops_tatweel_and_harakat_and_unifies_yeh_and_kaf():
    assert only("مُحَمَّد").norm == only("محمد").norm == "محمد"
    assert only("كـــتاب").norm == "كتاب"
    assert only("کتاب").norm == only("كتاب").norm
    assert only("علی").norm == only("علي").norm == only("على").norm


# ---------------------------------------------------------------------------------------------------------
# dominant_script
# ---------------------------------------------------------------------------------------------------------

def test_dominant_script_counts_letter_characters():
    assert dominant_script(tokenize("यह हिंदी वाक्य है with English")) == "Devanagari"
    assert dominant_script(tokenize("mostly English text with एक")) == "Latin"
    assert dominant_script(tokenize("2024 — 10:28 !!! https://x.com")) == "Common"
    assert dominant_script([]) == "Common"
    assert dominant_script(tokenize("日本語のテキスト")) in {"Han", "Hiragana", "Katakana"}


def test_dominant_script_breaks_ties_by_first_appearance():
    assert dominant_script(tokenize("abc где")) == "Latin"
    assert dominant_script(tokenize("где abc")) == "Cyrillic"


# ---------------------------------------------------------------------------------------------------------
# Robustness
# ---------------------------------------------------------------------------------------------------------

def test_odd_input_never_raises():
    for text in ("\u0301\u0301abc", "\u093f", "\ud800\udfff\ud800x", "\x00\x01\x7f\x9f", "\ufffe\uffff",
                 "&#0; &#xD800; &#99999999; &#x110000;", "\U000e0001", "\u20e3", "a\u0301" * 3):
        for token in tokenize(text):
            assert token.norm and token.kind in KINDS and token.script in SCRIPTS


def test_lone_combining_marks_at_the_start_are_kept():
    assert surfaces("\u0301abc \u093f") == ["\u0301abc", "\u093f"]


def test_chunk_cache_stays_bounded_and_evicts_without_changing_results(monkeypatch):
    text = " ".join(f"w{i}x, ({i})" for i in range(50))
    expected = tokenize(text)
    tokenize_module._clear_caches()
    monkeypatch.setattr(tokenize_module, "_CHUNK_CACHE_SIZE", 8)
    assert tokenize(text) == expected
    assert len(tokenize_module._chunk_cache) <= 8


def test_a_full_chunk_cache_forgets_its_oldest_entries_a_few_at_a_time(monkeypatch):
    """Forgetting half of a full cache at once stalled one document by 40-100 ms."""
    tokenize_module._clear_caches()
    monkeypatch.setattr(tokenize_module, "_CHUNK_CACHE_SIZE", 256)
    for i in range(1000):
        tokenize(f"w{i}x")
        assert len(tokenize_module._chunk_cache) >= min(i + 1, 256 - 256 // tokenize_module._CHUNK_EVICTION)
    assert "w999x" in tokenize_module._chunk_cache and "w0x" not in tokenize_module._chunk_cache


def test_cached_chunks_are_left_alone_by_the_garbage_collector():
    """Cache entries hold plain tuples of strings and numbers, which the collector stops tracking; Token
    instances (a tuple subclass) would stay tracked, and full collections over a full cache cost an
    eighth of detection time on fresh text."""
    tokenize_module._clear_caches()
    tokenize("(ph0ne) नम्बर, word.")
    for _ in range(3):  # each collection stops tracking one level of nesting (the outer tuple is made first)
        gc.collect()
    entries = list(tokenize_module._chunk_cache.values())
    assert any(len(entry) == 1 for entry in entries)  # some chunk gave several tokens
    assert not any(gc.is_tracked(entry) for entry in entries)


@pytest.mark.parametrize("word", ["the", "Survey", "WhatsApp", "NUMBER", "x", "ABCdefGHI", "phone"])
def test_plain_ascii_words_take_a_shortcut_to_the_general_result(word):
    tokenize_module._clear_caches()
    general = tokenize_module._chunk_tokens(word)
    assert general == [Token(0, len(word), word.lower(), "Latin", "word")]
    tokenize_module._clear_caches()
    assert tokenize_module._store(word) == tuple(general[0][2:])


def test_results_do_not_depend_on_the_cache():
    text = "Call ph0ne now! नम्बर डाटा, 手机号码 (end). what&#115;app ÅÅ"
    warm = tokenize(text)
    tokenize_module._clear_caches()
    assert tokenize(text) == warm


# ---------------------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------------------

FRAGMENTS = [
    "word", "Word", "ph0ne", "phоne", "नम्बर", "क", "रती", "हैं", "।", "२०२४", "মোবাইল", "手机", "号码", "カタカナ",
    "ภาษา", "москва", "كتاب", "می\u200cخواهم", "தமிழ்", "2024", "1,000.50", "10:28", "https://x.example/a",
    "www.example.com", "acme-data.store", "a@b.co", "👍🏽", "🇮🇳", "[url=x]", "[/url]", "<a href='x'>", "</a>",
    "&amp;", "&#115;", ".", ",", "(", ")", "-", "_", "@", ":", "/", "[", "<", "\u200b", "\u200d", "\u00ad",
    "\ufeff", "\u0301", "\u093c", "\u0e48", " ", "  ", "\n", "\u00a0", "\u3000", "\t",
]
realistic_text = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
any_text = st.text(alphabet=st.characters(blacklist_categories=()), max_size=200)
texts = st.one_of(realistic_text, any_text)


def check_invariants(text: str, tokens: list[Token]) -> None:
    previous_end = 0
    covered = [False] * len(text)
    for token in tokens:
        assert 0 <= previous_end <= token.start < token.end <= len(text)
        surface = text[token.start:token.end]
        assert token.norm
        assert token.kind in KINDS and token.script in SCRIPTS
        if token.kind == "markup":  # tags may hold spaces between attributes, never a line break
            assert len(surface.splitlines()) == 1
        else:
            assert not any(c.isspace() for c in surface), (surface, token)
        for i in range(token.start, token.end):
            covered[i] = True
        previous_end = token.end
    for i, char in enumerate(text):
        if not covered[i]:
            assert char.isspace() or char in INVISIBLES, (i, char, tokens)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_property_offsets_coverage_and_norms(text):
    check_invariants(text, tokenize(text))


@settings(max_examples=150, deadline=None)
@given(texts)
def test_property_deterministic_and_cache_independent(text):
    first = tokenize(text)
    assert tokenize(text) == first
    # the per-chunk cache and edge-punctuation peeling must give exactly what analysing each chunk does
    reference = []
    for match in tokenize_module._CHUNK_RE.finditer(text):
        reference += tokenize_module._analyse_chunk(match[0], match.start())
    assert first == reference


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS + ["a", "о", "ο", "𝐚", "١", "7", "\u061c", "&#1086;", "&lt;"]),
                max_size=12).map("".join))
def test_property_single_script_shortcut_agrees_with_the_general_path(text):
    run_pattern = tokenize_module.regex.compile("(?V1)" + tokenize_module._RUN)
    for match in run_pattern.finditer(text):
        run = match.group()
        assert tokenize_module._split_run(run) == tokenize_module._split_run_by_script(run), run


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=20).map("".join))
def test_property_tokens_of_a_padded_text_shift_with_the_padding(text):
    shifted = [(t.start + 3, t.end + 3, t.norm, t.script, t.kind) for t in tokenize(text)]
    assert [tuple(t) for t in tokenize("   " + text)] == shifted


# ---------------------------------------------------------------------------------------------------------
# Hostile input: linear time (not timed: a generous deadline turns a quadratic regression into a failure)
# ---------------------------------------------------------------------------------------------------------

MB = 1_000_000
HOSTILE = {
    "1 MB without a space": "x" * MB,
    "no space, many scripts": "wordслово शब्द词".replace(" ", "") * (MB // 60),
    "10,000 combining marks on one letter": ("a" + "\u0301" * 10_000 + " ") * 20,
    "10,000 viramas on one letter": ("क" + "\u094d" * 10_000 + " ") * 20,
    "1 MB of digits": "7" * MB,
    "digits and separators": "1," * (MB // 4),
    "[[[[": "[" * (MB // 4),
    "<<<<": "<" * (MB // 4),
    "unclosed tags": "<a href=" * (MB // 32) + "x" * MB,
    "http:// without end": "http://" + "a" * MB,
    "http:// then dots": "http://" + "." * (MB // 8),
    "many dots": "." * (MB // 4),
    "a.a.a.a": "a." * (MB // 8),
    "near-emails": ("a." * 30 + "@") * (MB // 488),
    "invisible characters": "\u200b" * MB + "1",
    "entities": "&#49;" * (MB // 10),
    "homoglyph soup": "аaοb" * (MB // 32),
}


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):
        pytest.skip("needs SIGALRM")

    def expire(signum, frame):
        raise TimeoutError(f"did not finish within {seconds} s: super-linear time?")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGALRM is POSIX only")
@pytest.mark.parametrize("name", list(HOSTILE))
def test_worst_case_inputs_complete(name):
    text = HOSTILE[name]
    with deadline(20):
        tokens = tokenize(text)
    assert tokens and tokens[-1].end <= len(text)


def test_random_unicode_with_surrogates_never_raises():
    import random

    generator = random.Random(1234)
    text = "".join(chr(generator.randrange(0x110000)) for _ in range(20_000))
    text += "\ud800 \udfff\ud83d x\ud800\u0301"  # lone surrogates, as decoded with 'surrogatepass'
    with deadline(20):
        check_invariants(text, tokenize(text))


def test_tokenize_chunks_gives_the_same_tokens_and_each_chunks_count():
    text = "Hello, world!  नमस्ते२०२४ 手机号码 https://x.example/a?b=1 " + "长" * 80
    tokens, chunks = tokenize_chunks(text, [])
    assert tokens == tokenize(text)
    assert [chunk for chunk, _count in chunks] == text.split()
    position = 0
    for chunk, count in chunks:  # a chunk's tokens are the chunk's own tokens, shifted
        start = text.index(chunk, tokens[position].start if count else 0)
        own = [(t.start + start, t.end + start, t.norm, t.script, t.kind) for t in tokenize(chunk)]
        assert [tuple(t) for t in tokens[position : position + count]] == own
        position += count
    assert tokenize_chunks(text, None) == (tokens, None)
