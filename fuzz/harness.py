"""What every fuzz target shares: turning fuzzer bytes into text, and starting atheris.

The targets run as scripts (``python fuzz/fuzz_tokenize.py CORPUS_DIR [libFuzzer flags]``), so this
module is imported from the script's own folder. Only the spamsplice modules are instrumented: coverage
of numpy, orjson or the ``regex`` engine would only dilute the signal the fuzzer steers by.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

FUZZ_DIR = Path(__file__).resolve().parent


def text_from_bytes(data: bytes) -> str:
    """Every input becomes some text, and a readable UTF-8 seed file becomes exactly its own text.

    ``surrogatepass`` lets a seed spell lone surrogates (``\\xed\\xa0\\x80`` is U+D800); bytes that are
    not UTF-8 at all decode with ``surrogateescape`` (byte 0xNN becomes U+DCNN), so mutated inputs are
    never thrown away and lone surrogates keep coming.
    """
    try:
        return data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return data.decode("utf-8", "surrogateescape")


def run(test_one_input: Callable[[bytes], None], dictionary: str) -> None:
    """Hand the command line to libFuzzer, adding ``-dict=fuzz/<dictionary>`` unless one was given.

    The dictionary holds the byte strings that matter to the code under test (invisible characters,
    entity and markup openers, JSON escapes), which random mutation would seldom produce.
    """
    import atheris

    argv = list(sys.argv)
    if not any(arg.startswith("-dict=") for arg in argv[1:]):
        argv.append(f"-dict={FUZZ_DIR / dictionary}")
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()
