"""Offset-preserving, script-aware tokenizer.

Every later stage (features, model, spans, clean) speaks code-point offsets into the ORIGINAL text, so the
tokenizer never rewrites the text: each token keeps its original ``start``/``end`` and carries a separate
``norm`` (the folded form used for features). Folding undoes the disguises spammers use: zero-width
characters inside words, Cyrillic/Greek look-alike letters, fullwidth and mathematical letters, leetspeak
digits, HTML entities, and the several Unicode spellings of the same Indic or Arabic word.

Speed matters because this runs on every byte of multi-GB dumps. One pass of one compiled pattern cuts
the text into whitespace-free chunks (and whole markup tags); the result of tokenizing a chunk is cached
per distinct chunk, so a chunk seen before (most of them: `the`, `and,`, `है।`) costs a dictionary lookup.
A new chunk goes through the token pattern of the `regex` module (script properties, set operations) and
word normalization; the small domains (characters, punctuation, numbers) have ``functools.lru_cache``s of
their own. Every loop in the patterns is possessive or bounded, so no input makes matching super-linear.

Whitespace is never inside a token, with one exception: a markup tag keeps the spaces between its
attributes (``<a href="...">`` is one token), though never a line break.

>>> [(t.start, t.end, t.norm, t.kind) for t in tokenize("Call ph0ne 2024.")]
[(0, 4, 'call', 'word'), (5, 10, 'phone', 'word'), (11, 15, '2024', 'num'), (15, 16, '.', 'punct')]
"""

from __future__ import annotations

import gc
import html.entities
import re
import unicodedata
from collections import Counter
from contextlib import contextmanager
from functools import lru_cache, partial
from itertools import accumulate, islice
from operator import add
from typing import Any, Callable, Iterator, NamedTuple, Sequence

import regex

__all__ = ["KINDS", "SCRIPTS", "Token", "dominant_script", "tokenize"]

SCRIPTS = ("Latin", "Cyrillic", "Greek", "Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Oriya", "Tamil",
           "Telugu", "Kannada", "Malayalam", "Sinhala", "Arabic", "Hebrew", "Han", "Hiragana", "Katakana",
           "Hangul", "Thai", "Lao", "Khmer", "Myanmar", "Ethiopic", "Georgian", "Armenian", "Other", "Common")
KINDS = ("word", "num", "cjk", "punct", "sym", "url", "email", "emoji", "markup")


class Token(NamedTuple):
    """One token: original offsets (``text[start:end]`` is its surface) plus its folded form."""

    start: int
    end: int
    norm: str
    script: str
    kind: str


# --------------------------------------------------------------------------------------------------------
# Patterns. Pass 1 (stdlib `re`, the fastest engine for it) cuts the text into whitespace-free chunks and
# whole markup tags; pass 2 (the `regex` module: script properties, set operations, possessive loops)
# cuts one chunk into tokens and runs once per DISTINCT chunk, because its result is cached.
# --------------------------------------------------------------------------------------------------------

# Invisible format characters: never split a word, never a token on their own, removed from `norm`.
_INVISIBLE_CHARS = ("\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e"
                    "\u206f\ufeff")
_INV = r"\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
# Line breaks (str.splitlines) may not occur inside a markup token; spaces and tabs may.
_LINE_BREAK = r"\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
_BBCODE_TAGS = ("b|i|u|s|url|img|quote|code|colou?r|size|font|list|li|ul|ol|center|left|right|justify|email|"
                "youtube|video|media|spoiler|table|tr|td|th|h[1-6]|sub|sup|hr|align|indent|link|strike|pre|"
                r"attach|\*")
# Bounded attribute scans that stop at the next `[`/`<`: over the whole text, linear time.
_MARKUP = (rf"(?i:\[/?(?:{_BBCODE_TAGS})(?:[= ][^\[\]{_LINE_BREAK}]{{0,2000}})?\]"
           rf"|<(?:/?[a-z][a-z0-9:\-]{{0,31}}(?:[ \t/][^<>{_LINE_BREAK}]{{0,2000}})?"
           rf"|![a-z\-][^<>{_LINE_BREAK}]{{0,2000}})>)")
# `\s` of `re` is exactly str.isspace(): NBSP, thin and ideographic spaces and U+001C..U+001F included.
# `<` and `[` end a chunk: outside markup they are always a token of their own, so no token is cut.
_CHUNK_RE = re.compile(rf"[^\s<\[]+|{_MARKUP}|[<\[]")

# Letters of scripts written without spaces: one `cjk` token per grapheme (letter plus marks).
_NOSPACE = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\u30fc\uff70"
_NOSPACE_SCRIPTS = frozenset(("Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar"))
_CJK_RUN = rf"[{_NOSPACE}--[\p{{Nd}}\p{{M}}]][{_NOSPACE}\p{{M}}{_INV}--\p{{Nd}}]*+"
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_LETTER_OR_MARK = rf"[\p{{L}}\p{{M}}\p{{Nl}}--[{_NOSPACE}]]"
_WORD_CHAR = rf"[\p{{L}}\p{{M}}\p{{Nl}}\p{{Nd}}{_INV}--[{_NOSPACE}]]"
# A letter run: optional leading digits/invisibles, then letters, marks, digits, invisibles and HTML
# entities. The alternatives inside the loop start with disjoint characters and every loop is
# possessive (never gives back), so matching is linear whatever the input.
_RUN = rf"[\d{_INV}]*+(?:{_LETTER_OR_MARK}|{_ENTITY})(?:{_WORD_CHAR}|{_ENTITY})*+"
# A run directly followed by `.x`, `@x`, `-x`, `_x`, `://`... may start an e-mail, a domain or a URL: the
# guarded copy fails there so that those alternatives get their turn; ordinary words match at once.
_RUN_GUARDED = rf"{_RUN}(?![._%+@\-:][A-Za-z0-9/])"
_URL_CHAR = rf"[!#$%&()*+,\-./0-9:;=?@A-Z_a-z~[\p{{L}}\p{{M}}\p{{Nd}}--[{_NOSPACE}\p{{ASCII}}\p{{P}}]]]"
_URL_END = rf"[{_URL_CHAR}--[.,;:!?()]]"
# Greedy, then one backtracking pass to the last allowed end character: linear per match, and a URL
# start always succeeds, so no URL scan is ever repeated from the next position.
_URL_TAIL = rf"(?:{_URL_CHAR}*{_URL_END})?"
_URL = rf"(?i:(?:https?|ftp)://|www\.(?=[a-z0-9])){_URL_TAIL}"
_EMAIL = r"[A-Za-z0-9._%+\-]{1,64}+@(?:[A-Za-z0-9\-]{1,63}+\.){1,8}[A-Za-z]{2,24}+(?![A-Za-z0-9\-])"
# Bare domains only with TLDs that rarely appear glued to a following word in prose (no `in`, `it`, `is`,
# `to`, `me`, `at`, `be`...), so that `the end.In the` stays four tokens.
_TLDS = ("com net org info biz io co store online site shop xyz top app dev club pro live news blog tech space "
         "website link click today agency asia eu edu gov uk ru de fr cn jp br au ca nl pl vn kr pk bd np ir tk "
         "ml ga cc tv ly gl ai id ua su es ch se cz tr mx ar za ng ke ph my sg hk tw lk").split()


def _tld_alternation(tlds: Sequence[str]) -> str:
    """`c(?:om|o|...)|n(?:et|...)`: one branch per first letter is several times faster than a flat list."""
    by_first: dict[str, list[str]] = {}
    for tld in tlds:
        by_first.setdefault(tld[0], []).append(tld[1:])
    return "|".join(f"{first}(?:{'|'.join(sorted(rests, key=len, reverse=True))})"
                    for first, rests in sorted(by_first.items()))


_DOMAIN = (rf"(?i:(?:[a-z0-9][a-z0-9\-]{{0,62}}+\.){{1,4}}(?=[a-z]{{2}})(?:{_tld_alternation(_TLDS)})"
           rf"(?![a-z0-9\-])(?::[0-9]{{1,5}}+)?(?:[/?#]{_URL_TAIL})?)")
_KEYCAP = r"[0-9#*]\ufe0f?\u20e3"
_EMOJI = (r"(?:[\U0001F1E6-\U0001F1FF]{2}|\p{Emoji_Presentation}|\p{Extended_Pictographic}(?=\ufe0f))"
          r"(?:[\ufe0f\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]|\u200d\p{Extended_Pictographic})*+")
# Digits of any decimal system, single separators only between two digits (`1,000.50`, `2024-12-23`).
_NUM = rf"\d(?:[\d{_INV}]|[.,:/\-\u066b\u066c](?=\d))*+"
_OTHER = rf"[^{_INV}]\p{{M}}*+"

# (group name, pattern) in priority order; group numbers are their 1-based positions.
_ALTERNATIVES = (
    ("keycap", _KEYCAP),
    ("cjk", _CJK_RUN),
    ("run_guarded", _RUN_GUARDED),
    ("url", _URL),
    ("email", _EMAIL),
    ("domain", _DOMAIN),
    ("run", _RUN),
    ("num", _NUM),
    ("emoji", _EMOJI),
    ("invisible", rf"[{_INV}]++"),
    ("other", _OTHER),
)
(_G_KEYCAP, _G_CJK, _G_RUN_GUARDED, _G_URL, _G_EMAIL, _G_DOMAIN, _G_RUN, _G_NUM, _G_EMOJI, _G_INVISIBLE,
 _G_OTHER) = range(1, len(_ALTERNATIVES) + 1)


@lru_cache(maxsize=None)
def _token_re(with_email: bool, with_domain: bool) -> Any:
    """The token pattern, compiled on first use; e-mail and domain branches only where they can match.

    A chunk without `@` cannot hold an e-mail and one without `.` no domain: dropping those branches (an
    always-failing `(?!)` keeps the group numbers) saves their bounded scans at every word of a long
    hostile chunk such as `a-a-a-...`.
    """
    enabled = {"email": with_email, "domain": with_domain}
    return regex.compile("(?V1)" + "|".join(f"({pattern if enabled.get(name, True) else '(?!)'})"
                                            for name, pattern in _ALTERNATIVES))


_FIRST_SCRIPTED_RE = regex.compile(r"[^\p{sc=Common}\p{sc=Inherited}]")
# A chunk that is one entity-free letter run (most words): no need for the full token pattern.
_PLAIN_RUN_RE = regex.compile(rf"(?V1)[\d{_INV}]*+{_LETTER_OR_MARK}{_WORD_CHAR}*+")
_GRAPHEME_TAIL_RE = regex.compile(rf"[\p{{M}}{_INV}]")
_GRAPHEME_RE = regex.compile(rf"(?s).[\p{{M}}{_INV}]*+")
_SCRIPT_PROBE = regex.compile("|".join(f"(\\p{{sc={name}}})" for name in SCRIPTS[:26]))
_COMMON_OR_INHERITED = regex.compile(r"[\p{sc=Common}\p{sc=Inherited}]")
_ENTITY_RE = regex.compile(_ENTITY)
_MARKUP_NAME_RE = regex.compile(r"([\[<])(/?)([!*]|[A-Za-z][A-Za-z0-9:\-]*)")
_LEET_RE = regex.compile(r"(?<=\p{L})[013457]{1,2}(?=\p{L})")
_LETTER_RE = regex.compile(r"\p{L}")
_NON_ASCII_DIGIT_RE = regex.compile(r"(?V1)[\d--[0-9]]")

# --------------------------------------------------------------------------------------------------------
# Folding tables
# --------------------------------------------------------------------------------------------------------

_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))
_LEET = str.maketrans("013457", "oieast")
# Look-alikes keyed on the ORIGINAL case (lowercase `н` or `м` does not look like `h`/`m`, uppercase does).
_TO_LATIN = str.maketrans({
    # Cyrillic
    "а": "a", "е": "e", "ё": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ї": "i",
    "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ү": "y",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ү": "Y", "Ӏ": "I",
    # Greek
    "ο": "o", "ρ": "p", "α": "a", "ν": "v", "ι": "i", "κ": "k", "υ": "u", "χ": "x", "γ": "y", "τ": "t",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})
_LATIN_TO_CYRILLIC = str.maketrans({
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "j": "ј", "s": "ѕ",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р", "T": "Т",
    "X": "Х", "Y": "У", "I": "І", "J": "Ј", "S": "Ѕ",
})
_LATIN_TO_GREEK = str.maketrans({
    "o": "ο", "v": "ν", "u": "υ", "x": "χ",
    "A": "Α", "B": "Β", "E": "Ε", "Z": "Ζ", "H": "Η", "I": "Ι", "K": "Κ", "M": "Μ", "N": "Ν", "O": "Ο",
    "P": "Ρ", "T": "Τ", "Y": "Υ", "X": "Χ",
})
_HOMOGLYPH_TABLES = {"Latin": _TO_LATIN, "Cyrillic": _LATIN_TO_CYRILLIC, "Greek": _LATIN_TO_GREEK}
_HOMOGLYPH_FAMILY = frozenset(_HOMOGLYPH_TABLES)
# Arabic script: drop tatweel and harakat (incl. superscript alef and Quranic marks); unify yeh and kaf.
_ARABIC_FOLD = {0x0640: None, 0x0670: None, **dict.fromkeys(range(0x064B, 0x0660)),
                **dict.fromkeys(range(0x06D6, 0x06EE)), 0x0649: "\u064a", 0x06CC: "\u064a", 0x06A9: "\u0643"}
_INDIC_LANGUAGE = {"Devanagari": "hi", "Bengali": "bn", "Gurmukhi": "pa", "Gujarati": "gu", "Oriya": "or",
                   "Tamil": "ta", "Telugu": "te", "Kannada": "kn", "Malayalam": "ml"}
_NUM_SEPARATORS = {0x066B: ".", 0x066C: ","}

_LRU_SIZE = 1 << 15  # distinct strings remembered by each normalization cache


# --------------------------------------------------------------------------------------------------------
# Normalization (all cached per distinct string)
# --------------------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _indic_normalizer(language: str) -> Callable[[str], str]:
    """indic-nlp-library is imported on the first Indic word only: most texts never need it."""
    from indicnlp.normalize.indic_normalize import IndicNormalizerFactory

    return IndicNormalizerFactory().get_normalizer(language).normalize


def _nfkc(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def _ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    return _NON_ASCII_DIGIT_RE.sub(_ascii_digit, text)


def _ascii_digit(match: Any) -> str:
    """The regex module may know digits that this Python's Unicode database does not: keep those."""
    value = unicodedata.decimal(match.group(), None)
    return match.group() if value is None else str(value)


def _fold(text: str) -> str:
    """NFKC, casefold, NFKC again (casefolding can leave non-normalized sequences), invisibles dropped."""
    return _nfkc(_nfkc(text.translate(_DROP_INVISIBLE)).casefold())


def _norm_word(text: str, script: str) -> str:
    """Fold a word (entities already decoded) written in `script`; never returns an empty string.

    Not cached on its own: it runs for a chunk the chunk cache has not seen, so its word is almost always
    new too (0.2% hits on a stream of fresh posts), while a full garbage collection walks every entry of
    an lru_cache (unless ``gc.freeze`` took it out of sight, as the server's workers do).
    """
    folded = text.translate(_DROP_INVISIBLE)
    table = _HOMOGLYPH_TABLES.get(script)
    if table is not None:
        folded = folded.translate(table)
    if folded.isascii():
        folded = folded.lower()
    else:
        folded = _ascii_digits(_nfkc(_nfkc(folded).casefold()))
        if script in _INDIC_LANGUAGE:
            folded = _nfkc(_indic_normalizer(_INDIC_LANGUAGE[script])(folded))
        elif script == "Arabic":
            folded = folded.translate(_ARABIC_FOLD)
    if script == "Latin" and not folded.isalpha() and folded.isascii() and len(_LETTER_RE.findall(folded)) >= 2:
        folded = _LEET_RE.sub(_unleet, folded)  # ph0ne -> phone; digits at either end stay (mp3, 3mail)
    return folded or _fold(text) or text


def _unleet(match: Any) -> str:
    return match.group().translate(_LEET)


@lru_cache(maxsize=_LRU_SIZE)
def _num_info(surface: str) -> tuple[str, str]:
    """(norm, script) of a number: ASCII digits; script of the first non-ASCII digit, else Common."""
    norm = _ascii_digits(_fold(surface).translate(_NUM_SEPARATORS)) or surface
    for char in surface:
        if char.isdigit() and not char.isascii():
            return norm, _char_script(char) or "Common"
    return norm, "Common"


@lru_cache(maxsize=_LRU_SIZE)
def _char_script(char: str) -> str:
    """Script of a letter or scripted mark; '' for neutral characters (digits, inherited marks, Common)."""
    if char in _INVISIBLE_CHARS:  # U+061C ARABIC LETTER MARK has a script, but it is a format character
        return ""
    match = _SCRIPT_PROBE.match(char)
    if match is not None:
        return SCRIPTS[match.lastindex - 1]
    if char.isdigit():
        return ""
    if _COMMON_OR_INHERITED.match(char):
        if char.isalpha():  # mathematical / enclosed letters: the script of what NFKC makes of them
            folded = unicodedata.normalize("NFKC", char)
            if folded != char and folded[:1].isalpha():
                return _char_script(folded[0])
        return ""
    return "Other" if char.isalpha() or unicodedata.category(char).startswith("M") else ""


@lru_cache(maxsize=_LRU_SIZE)
def _cjk_info(grapheme: str) -> tuple[str, str, str]:
    """(norm, script, kind) of one grapheme of a script written without spaces."""
    first = grapheme[0]
    category = unicodedata.category(first)
    if category[0] == "P" or category[0] == "S":  # ๏ ၊ ។ and the Han radicals
        return (_fold(grapheme) or grapheme, "Common", "punct" if category[0] == "P" else "sym")
    return (_fold(grapheme) or grapheme, _char_script(first) or "Katakana", "cjk")  # ー and ｰ are Common


@lru_cache(maxsize=_LRU_SIZE)
def _other_info(surface: str) -> tuple[str, str]:
    """(norm, kind) of a lone punctuation or symbol character (plus any combining marks on it)."""
    kind = "punct" if unicodedata.category(surface[0]).startswith("P") else "sym"
    return _fold(surface) or surface, kind


@lru_cache(maxsize=_LRU_SIZE)
def _emoji_norm(surface: str) -> str:
    """Drop presentation selectors and skin tones: 👍🏽 and 👍 are the same feature."""
    return "".join(c for c in surface if c != "\ufe0f" and not "\U0001F3FB" <= c <= "\U0001F3FF") or surface


@lru_cache(maxsize=_LRU_SIZE)
def _markup_norm(surface: str) -> str:
    """`<a href="...">` -> `<a>`, `[url=...]` -> `[url]`: the tag, not its unbounded attributes."""
    match = _MARKUP_NAME_RE.match(surface)
    assert match is not None, surface  # _MARKUP only matches a bracket, an optional slash and a name
    opener, slash, name = match.groups()
    closer = "]" if opener == "[" else ">"
    self_closing = "/" if opener == "<" and surface.endswith("/>") else ""
    return f"{opener}{slash}{name.casefold()}{self_closing}{closer}"


def _decode_entity(entity: str) -> str | None:
    """Strict decoding of one `&...;` entity (html.unescape would also eat `&notit;` as `¬it;`)."""
    if entity[1] == "#":
        digits = entity[2:-1]
        code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
        return html.unescape(f"&#{code};") if code <= 0x10FFFF else "\ufffd"
    return html.entities.html5.get(entity[1:])


# --------------------------------------------------------------------------------------------------------
# Splitting a letter run by script
# --------------------------------------------------------------------------------------------------------

_Segment = tuple[int, int, str, str, str]  # (relative start, relative end, norm, script, kind)


class _Piece(NamedTuple):
    start: int
    end: int
    decoded: str
    script: str | None  # a script name; '' if neutral (digits, invisibles, inherited marks); None: alone


def _classify_decoded(decoded: str | None) -> str | None:
    """Script of an entity's decoded text, '' if neutral, None if it must stand as its own token."""
    if not decoded:
        return None
    scripts = set()
    for char in decoded:
        if not (char.isalnum() or char in _INVISIBLE_CHARS or unicodedata.category(char).startswith("M")):
            return None
        scripts.add(_char_script(char))
    scripts.discard("")
    if not scripts:
        return ""
    script = scripts.pop()
    return None if scripts or script in _NOSPACE_SCRIPTS else script


def _relabel_homoglyph_runs(runs: list[list[Any]]) -> None:
    """Merge look-alike letters into the neighbouring script (`phоne` with a Cyrillic о is Latin).

    First, Cyrillic/Greek runs made only of Latin look-alikes next to a Latin run become Latin; then
    Latin runs made only of look-alikes of a longer neighbouring Cyrillic/Greek run join that run.
    """
    for index, run in enumerate(runs):
        script = run[0]
        if script in ("Cyrillic", "Greek") and _all_mapped(run, _TO_LATIN):
            if any(runs[j][0] == "Latin" for j in (index - 1, index + 1) if 0 <= j < len(runs)):
                run[0] = "Latin"
    for index, run in enumerate(runs):
        if run[0] != "Latin":
            continue
        for j in (index - 1, index + 1):
            if 0 <= j < len(runs) and runs[j][0] in ("Cyrillic", "Greek"):
                neighbour = runs[j]
                if len(neighbour[3]) > len(run[3]) and _all_mapped(run, _HOMOGLYPH_TABLES[neighbour[0]]):
                    run[0] = neighbour[0]
                    break


def _all_mapped(run: list[Any], table: dict[int, Any]) -> bool:
    return all(ord(char) in table for char in run[3])


def _segments_of_stretch(pieces: list[_Piece], surface: str) -> list[_Segment]:
    """Split pieces (no breaking entity among them) into same-script words.

    Neutral pieces (digits, invisibles, inherited marks) join the word before them, or the first word.
    """
    # run = [script, first piece index, last piece index (exclusive), letters]
    runs: list[list[Any]] = []
    for index, piece in enumerate(pieces):
        if not piece.script:
            if runs:
                runs[-1][2] = index + 1
            continue
        if runs and runs[-1][0] == piece.script:
            runs[-1][2] = index + 1
            runs[-1][3].append(piece.decoded)
        else:
            first = index if runs else 0  # neutral pieces before the first letter join the first word
            runs.append([piece.script, first, index + 1, [piece.decoded]])
    if not runs:
        decoded = "".join(p.decoded for p in pieces)
        start, end = pieces[0].start, pieces[-1].end
        if any(c.isdigit() for c in decoded):
            return [(start, end, *_num_info(decoded), "num")]
        if any(c.isalpha() for c in decoded):
            return [(start, end, _norm_word(decoded, "Common"), "Common", "word")]
        return [(start, end, _fold(decoded) or surface[start:end].casefold(), "Common", "sym")]
    if len(runs) > 1 and sum(1 for run in runs if run[0] in _HOMOGLYPH_FAMILY) > 1:
        _relabel_homoglyph_runs(runs)
    merged: list[list[Any]] = []
    for run in runs:
        if merged and merged[-1][0] == run[0]:
            merged[-1][2] = run[2]
        else:
            merged.append(run)
    segments = []
    for position, run in enumerate(merged):
        end_index = run[2] if position + 1 < len(merged) else len(pieces)
        chunk = pieces[run[1]:end_index]
        decoded = "".join(p.decoded for p in chunk)
        segments.append((chunk[0].start, chunk[-1].end, _norm_word(decoded, run[0]), run[0], "word"))
    return segments


@lru_cache(maxsize=1 << 12)
def _split_run(surface: str) -> tuple[_Segment, ...]:
    """Cut a letter run at script changes and at entities that decode to non-letters.

    A small cache: a new chunk's runs are mostly new (6% hits on fresh posts), but a long unspaced chunk,
    which the chunk cache does not keep, can repeat the same runs many times (5x faster on such input).
    """
    if "&" not in surface:
        script = _single_script(surface)
        if script:
            return ((0, len(surface), _norm_word(surface, script), script, "word"),)
    return _split_run_by_script(surface)


def _split_run_by_script(surface: str) -> tuple[_Segment, ...]:
    """The general path of _split_run: classify every character and entity, then group them."""
    pieces: list[_Piece] = []
    position = 0
    for match in _ENTITY_RE.finditer(surface):
        pieces += _char_pieces(surface, position, match.start())
        decoded = _decode_entity(match.group())
        script = _classify_decoded(decoded)
        pieces.append(_Piece(match.start(), match.end(), decoded or "", script))
        position = match.end()
    pieces += _char_pieces(surface, position, len(surface))
    segments: list[_Segment] = []
    stretch: list[_Piece] = []
    for piece in pieces:
        if piece.script is None:  # an entity standing for punctuation, a space...: its own token
            if stretch:
                segments += _segments_of_stretch(stretch, surface)
                stretch = []
            segments.append(_entity_segment(surface[piece.start:piece.end], piece.start, piece.end))
        else:
            stretch.append(piece)
    if stretch:
        segments += _segments_of_stretch(stretch, surface)
    return tuple(segments)


def _char_pieces(surface: str, start: int, end: int) -> list[_Piece]:
    return [_Piece(i, i + 1, surface[i], _char_script(surface[i])) for i in range(start, end)]


def _single_script(run: str) -> str:
    """The script of a run whose letters all belong to one script (most words), else ''.

    Such a run needs no splitting: this answers it without the per-character work of the general path,
    and gives the same result (Common letters, which the general path may assign elsewhere, are excluded).
    """
    if run.isascii():
        return "Latin"  # an entity-free ASCII run holds at least one letter
    first = _FIRST_SCRIPTED_RE.search(run)
    if first is None:
        return ""
    script = _char_script(first.group())
    if not script or script == "Other" or _single_script_re(script).fullmatch(run) is None:
        return ""
    return script


@lru_cache(maxsize=None)
def _single_script_re(script: str) -> Any:
    neutral = r"\p{sc=Inherited}[\p{sc=Common}--\p{L}]"
    return regex.compile(rf"(?V1)[\p{{sc={script}}}{neutral}]++")


def _entity_segment(entity: str, start: int, end: int) -> _Segment:
    """An entity standing for punctuation or a symbol: `&amp;` is the token `&` (kind punct)."""
    decoded = _decode_entity(entity)
    if decoded and len(decoded) == 1 and decoded.isprintable() and not decoded.isspace():
        if _char_script(decoded) in _NOSPACE_SCRIPTS:
            return (start, end, *_cjk_info(decoded))
        norm, kind = _other_info(decoded)
        return (start, end, norm, "Common", kind)
    return (start, end, entity.casefold(), "Common", "sym")


# --------------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------------

# Chunks up to this length are cached: words with their punctuation recur; long no-space chunks
# (Chinese, Thai sentences) rarely do and would only churn the cache.
_CACHEABLE_CHUNK = 64
# With the normalization caches, about 45 MB once full: a worker process per core can afford that. On a
# stream of fresh documents in 23 languages, half the misses of a 65,536-chunk cache were chunks it had
# evicted; twice the size misses 18% fewer chunks.
_CHUNK_CACHE_SIZE = 1 << 17
# A full cache forgets its oldest 1/64 at a time: forgetting half at once stalled one document by 40-100 ms
# (a tail-latency spike for whichever requests waited behind it).
_CHUNK_EVICTION = 64
_chunk_cache: dict[str, tuple[Any, ...]] = {}
_new_tuple = tuple.__new__
_make_token = partial(tuple.__new__, Token)
# Punctuation that, at the edge of a chunk, is always a token of its own (no URL, number, e-mail or
# entity can end with the trailing ones or start with the leading ones), so `end.` reuses `end`.
_LEADING_PUNCT = "(\"'«“‘¿¡"
_TRAILING_PUNCT = ".,:!?)]}\"'»”’"


def _analyse_chunk(chunk: str, base: int) -> list[Token]:
    """Tokens of one whitespace-free chunk (or markup tag), with offsets shifted by `base`."""
    tokens: list[Token] = []
    append = tokens.append
    new = _new_tuple
    if len(chunk) > 1 and (chunk[0] == "<" or chunk[0] == "["):
        append(new(Token, (base, base + len(chunk), _markup_norm(chunk), "Common", "markup")))
        return tokens
    for match in _token_re("@" in chunk, "." in chunk).finditer(chunk):
        group = match.lastindex
        surface = match.group(group)
        start = match.start(group) + base
        if group == _G_CJK:  # one token per grapheme, built without a Python-level loop
            end = start + len(surface)
            if _GRAPHEME_TAIL_RE.search(surface) is None:
                graphemes: Any = surface
                bounds = zip(range(start, end), range(start + 1, end + 1))
            else:
                graphemes = _GRAPHEME_RE.findall(surface)
                ends = list(accumulate(map(len, graphemes), initial=start))
                bounds = zip(ends, ends[1:])
            tokens += map(_make_token, map(add, bounds, map(_cjk_info, graphemes)))
        elif group == _G_RUN_GUARDED or group == _G_RUN:
            for seg_start, seg_end, norm, script, kind in _split_run(surface):
                append(new(Token, (start + seg_start, start + seg_end, norm, script, kind)))
        elif group == _G_NUM:
            append(new(Token, (start, start + len(surface)) + _num_info(surface) + ("num",)))
        elif group == _G_OTHER:
            norm, kind = _other_info(surface)
            append(new(Token, (start, start + len(surface), norm, "Common", kind)))
        elif group == _G_URL or group == _G_DOMAIN:
            append(new(Token, (start, start + len(surface), surface.casefold(), "Common", "url")))
        elif group == _G_EMAIL:
            append(new(Token, (start, start + len(surface), surface.casefold(), "Common", "email")))
        elif group == _G_EMOJI or group == _G_KEYCAP:
            append(new(Token, (start, start + len(surface), _emoji_norm(surface), "Common", "emoji")))
        # _G_INVISIBLE: invisible characters standing alone are no token
    return tokens


def _cached_tokens(chunk: str) -> list[_Segment]:
    """Tokens of a short chunk relative to its start, as plain tuples, through the chunk cache."""
    entry = _chunk_cache.get(chunk)
    if entry is None:
        entry = _store(chunk)
    if len(entry) == 3:
        return [(0, len(chunk)) + entry]
    return list(entry[0]) if entry else []


def _store(chunk: str) -> tuple[Any, ...]:
    """Compute and cache the entry of a chunk.

    An entry is (norm, script, kind) for a chunk that is one token, (relative tokens,) otherwise, and ()
    for a chunk without tokens (invisible characters only). Entries are tuples all the way down: the
    garbage collector stops tracking tuples of strings and numbers, so a full cache costs it nothing.
    """
    if chunk.isascii() and chunk.isalpha():  # a plain ASCII word: what _chunk_tokens makes of it, directly
        entry: tuple[Any, ...] = (chunk.lower(), "Latin", "word")
    else:
        tokens = _chunk_tokens(chunk)
        if len(tokens) == 1 and tokens[0][0] == 0 and tokens[0][1] == len(chunk):
            entry = tokens[0][2:]
        else:
            entry = (tuple(map(tuple, tokens)),) if tokens else ()  # plain tuples: Token instances stay tracked
    if len(_chunk_cache) >= _CHUNK_CACHE_SIZE:  # forget the oldest (dicts keep insertion order), a little at a time
        for old_chunk in list(islice(_chunk_cache, max(1, _CHUNK_CACHE_SIZE // _CHUNK_EVICTION))):
            del _chunk_cache[old_chunk]
    _chunk_cache[chunk] = entry
    return entry


def _chunk_tokens(chunk: str) -> list[Token]:
    """Tokens of a short chunk; edge punctuation is peeled off so that the core's entry is shared."""
    if chunk[0] == "<" or chunk[0] == "[":  # a markup tag or a lone bracket
        return _analyse_chunk(chunk, 0)
    rest = chunk.lstrip(_LEADING_PUNCT)
    start = len(chunk) - len(rest)
    end = start + len(rest.rstrip(_TRAILING_PUNCT))
    if start and start < end and unicodedata.category(chunk[start])[0] == "M":
        start = 0  # a combining mark would attach to the punctuation before it
    if start or end < len(chunk):
        tokens = [_punct_token(chunk, i) for i in range(start)]
        if start < end:
            tokens += [_new_tuple(Token, (t[0] + start, t[1] + start) + t[2:])
                       for t in _cached_tokens(chunk[start:end])]
        tokens += [_punct_token(chunk, i) for i in range(end, len(chunk))]
        return tokens
    if "\u20e3" not in chunk and _PLAIN_RUN_RE.fullmatch(chunk):  # one letter run (and no keycap emoji)
        return [_new_tuple(Token, segment) for segment in _split_run(chunk)]
    return _analyse_chunk(chunk, 0)


def _clear_caches() -> None:
    """Forget every cached chunk and normalization (benchmarks measure cold runs; tests compare)."""
    _chunk_cache.clear()
    for cached in (_num_info, _char_script, _cjk_info, _other_info, _emoji_norm, _markup_norm, _split_run):
        cached.cache_clear()


def _punct_token(chunk: str, index: int) -> Token:
    norm, kind = _other_info(chunk[index])
    return _new_tuple(Token, (index, index + 1, norm, "Common", kind))


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens with original code-point offsets; whitespace is never part of one.

    >>> [(t.norm, t.kind) for t in tokenize("what\u200bsapp 手机")]
    [('whatsapp', 'word'), ('手', 'cjk'), ('机', 'cjk')]
    """
    return tokenize_chunks(text, None)[0]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a stretch of work that makes many short-lived objects
    and no reference cycles (restoring the caller's setting): a collection in the middle of it would
    traverse all of them while they are alive, one after the work only sees what stayed."""
    collector_was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collector_was_enabled:
            gc.enable()


def tokenize_chunks(
    text: str, chunks: list[tuple[str, int]] | None
) -> tuple[list[Token], list[tuple[str, int]] | None]:
    """``tokenize``, and when ``chunks`` is a list, append to it each whitespace-free chunk of the text
    with the number of tokens it gave, in order.

    A chunk's tokens depend on the chunk alone (the tokenizer's own cache relies on it), so callers can
    cache what they derive from tokens per chunk too.
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize() expects str, got {type(text).__name__}")
    # Millions of small tuples would trigger the cyclic garbage collector over and over (it doubled the
    # run time); tokens hold no reference cycles, so collection can safely wait until we are done.
    with collector_paused():
        return _tokenize(text, chunks), chunks


def _tokenize(text: str, chunks: list[tuple[str, int]] | None) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    lookup = _chunk_cache.get
    new = _new_tuple
    for match in _CHUNK_RE.finditer(text):
        chunk = match[0]
        before = len(tokens)
        entry = lookup(chunk)
        if entry is None and len(chunk) > _CACHEABLE_CHUNK:
            tokens += _analyse_chunk(chunk, match.start())
        else:
            if entry is None:
                entry = _store(chunk)
            if len(entry) == 3:
                append(new(Token, match.span() + entry))
            elif entry:
                base = match.start()
                for token in entry[0]:
                    append(new(Token, (token[0] + base, token[1] + base, token[2], token[3], token[4])))
        if chunks is not None:
            chunks.append((chunk, len(tokens) - before))
    return tokens


_LETTER_KINDS = frozenset(("word", "cjk"))


def dominant_script(tokens: Sequence[Token]) -> str:
    """The script with the most letter characters (word and cjk tokens); "Common" if there are none.

    Ties go to the script seen first, so the answer never depends on hash order.
    """
    counts: Counter[str] = Counter()
    for token in tokens:
        if token.kind in _LETTER_KINDS and token.script != "Common":
            counts[token.script] += token.end - token.start
    if not counts:
        return "Common"
    return max(counts, key=counts.__getitem__)  # Counter keeps first-seen order; max keeps the first tie
