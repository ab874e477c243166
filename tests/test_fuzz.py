"""A short run of every atheris fuzz target in fuzz/: replay the committed corpus, then a few mutations.

Each target runs in its own process (libFuzzer owns the process and exits it) with a fixed seed, so a
failure here reproduces with the command it prints. The long runs are documented in docs/security.md.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris (the fuzzing engine, in the test extra, Linux only) is not installed")

FUZZ_DIR = Path(__file__).resolve().parents[1] / "fuzz"
if not FUZZ_DIR.is_dir():
    pytest.skip(f"{FUZZ_DIR} not found: the fuzz targets ship with the repository, not the sdist", allow_module_level=True)
# Mutation runs after the corpus replay (-runs counts the replay too), sized so that the three targets
# together take about 20 s of CPU: the JSONL target runs four scan modes and the detector target the
# whole model several times per input, so they get far fewer runs than the tokenizer.
RUNS = {"tokenize": 2000, "jsonl": 200, "detector": 150}


@pytest.mark.parametrize("target", sorted(RUNS))
def test_fuzz_target_replays_its_corpus_and_survives_mutations(target, tmp_path):
    corpus = FUZZ_DIR / "corpus" / target
    corpus_files = [p for p in corpus.iterdir() if p.is_file()]
    assert corpus_files, f"{corpus} is empty"
    new_inputs = tmp_path / "new"  # libFuzzer writes what it finds to the FIRST folder: never the committed one
    new_inputs.mkdir()
    command = [
        sys.executable, str(FUZZ_DIR / f"fuzz_{target}.py"), str(new_inputs), str(corpus),
        f"-runs={len(corpus_files) + RUNS[target]}", "-seed=1", "-timeout=20", "-rss_limit_mb=2048",
        f"-artifact_prefix={tmp_path}/",
    ]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, errors="replace", timeout=300)
    log = done.stdout + done.stderr
    reproduce = " ".join(command)
    assert done.returncode == 0, f"fuzz target {target} failed; reproduce with:\n{reproduce}\n\n{log[-6000:]}"
    found = re.search(rf"(\d+) files found in {re.escape(str(corpus))}", log)
    assert found and int(found.group(1)) == len(corpus_files), log[-3000:]
    assert re.search(r"Done \d+ runs", log), log[-3000:]
