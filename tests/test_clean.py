import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spamsplice.clean import remove_spans
from spamsplice.types import Span


def span_of(text: str, piece: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(piece, start + 1)
    return Span(start, start + len(piece), piece, 0.9)


def test_split_devanagari_word_is_repaired_when_the_pieces_rejoin():
    text = "प्रतिष्ठा को प्रभावित क अपडेट गरिएको २०२४ मोबाइल फोन नम्बर डाटा रती हैं।"
    span = span_of(text, "अपडेट गरिएको २०२४ मोबाइल फोन नम्बर डाटा")
    result = remove_spans(text, [span], rejoins=lambda left, right: left + right == "करती")
    assert result.text == "प्रतिष्ठा को प्रभावित करती हैं।"
    assert result.removed == (span,)


def test_pieces_stay_apart_without_rejoin_evidence():
    text = "Formats iceland phone number list may vary locally."
    result = remove_spans(text, [span_of(text, "iceland phone number list")], rejoins=lambda a, b: False)
    assert result.text == "Formats may vary locally."


def test_chinese_closes_up_without_a_space():
    text = "提高营 手机号码清单 销效率。"
    assert remove_spans(text, [span_of(text, "手机号码清单")]).text == "提高营销效率。"


def test_a_line_of_its_own_leaves_one_line_break():
    text = "Heading\nTelegram Database\nThe paragraph starts here."
    assert remove_spans(text, [span_of(text, "Telegram Database")]).text == "Heading\nThe paragraph starts here."


def test_no_space_before_closing_punctuation():
    text = "We compared the Peru phone list, and the rest."
    assert remove_spans(text, [span_of(text, "Peru phone list")]).text == "We compared the, and the rest."


def test_span_at_start_and_end():
    text = "Telegram Database The survey ends whatsapp data\n"
    spans = [span_of(text, "Telegram Database"), span_of(text, "whatsapp data")]
    assert remove_spans(text, spans).text == "The survey ends\n"


def test_glued_latin_insertion_closes_up():
    text = "good markeBULKSMSting today"
    assert remove_spans(text, [span_of(text, "BULKSMS")]).text == "good marketing today"


def test_invisible_characters_around_the_span_go_with_it():
    text = "tells you \u200bwhatsapp\u200b data\u2066 the general location"
    start = text.index("whatsapp")
    end = text.index(" the general")
    span = Span(start, end, text[start:end], 0.8)
    assert remove_spans(text, [span]).text == "tells you the general location"


def test_overlapping_spans_are_merged_and_reported_once():
    text = "one two three four five"
    result = remove_spans(text, [Span(4, 13, "two three", 0.6), Span(8, 18, "three four", 0.7)])
    assert result.text == "one five"
    assert result.removed == (Span(4, 18, "two three four", 0.7),)


def test_a_span_that_does_not_match_the_text_is_refused():
    with pytest.raises(ValueError):
        remove_spans("abc def", [Span(0, 3, "xyz", 0.5)])


def _strip_blanks(s: str) -> str:
    return "".join(c for c in s if not (c.isspace() or unicodedata.category(c) == "Cf"))


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=80), st.data())
def test_clean_only_removes_inside_spans(text, data):
    n_spans = data.draw(st.integers(0, 3))
    spans = []
    for _ in range(n_spans):
        a = data.draw(st.integers(0, len(text)))
        b = data.draw(st.integers(a, len(text)))
        spans.append(Span(a, b, text[a:b], 0.5))
    result = remove_spans(text, spans)
    keep, cursor = [], 0
    for span in result.removed:
        keep.append(text[cursor : span.start])
        cursor = span.end
    keep.append(text[cursor:])
    # Every visible character outside the spans survives, in order; only blank runs next to spans change.
    assert _strip_blanks(result.text) == _strip_blanks("".join(keep))
    assert len(result.text) <= len(text)
