import json
import subprocess
import sys

import pytest

from spamsplice.cli import main

TEXT = "The museum opens early telegram database on weekends so that families can avoid the crowds.\n"


@pytest.fixture(scope="module")
def model_dir(tiny_detector, tmp_path_factory):
    return str(tiny_detector.save(tmp_path_factory.mktemp("model") / "m"))


@pytest.fixture()
def post(tmp_path):
    path = tmp_path / "post.txt"
    path.write_text(TEXT, encoding="utf-8")
    return str(path)


def test_detect_json(model_dir, post, capsys, tiny_detector):
    assert main(["detect", post, "--json", "--model", model_dir]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["input"] == post
    assert out["spans"] == tiny_detector.detect(TEXT).to_dict()["spans"]
    for span in out["spans"]:
        assert TEXT[span["start"] : span["end"]] == span["text"]


def test_detect_human_marks_spans_when_not_a_terminal(model_dir, post, capsys, tiny_detector):
    assert main(["detect", post, "--model", model_dir]) == 0
    out = capsys.readouterr().out
    spans = tiny_detector.detect(TEXT).spans
    assert out.startswith(f"{post}: ")
    for span in spans:
        assert f"⟦{span.text}⟧" in out
    assert "\x1b[" not in out


def test_clean_prints_the_cleaned_post(model_dir, post, capsys, tiny_detector):
    assert main(["clean", post, "--model", model_dir]) == 0
    assert capsys.readouterr().out == tiny_detector.clean(TEXT).text


def test_stdin_and_jsonl_with_text_field(model_dir, tmp_path):
    lines = [json.dumps({"id": 1, "body": TEXT}), "{broken", json.dumps({"id": 3, "body": 7})]
    result = subprocess.run(
        [sys.executable, "-m", "spamsplice", "detect", "-", "--text-field", "body", "--model", model_dir],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    assert records[0]["id"] == 1 and "score" in records[0]["spamsplice"]
    assert "_raw" in records[1] and "error" in records[1]["spamsplice"]
    assert "error" in records[2]["spamsplice"]


def test_missing_model_is_a_clear_error(post, tmp_path, capsys):
    assert main(["detect", post, "--model", str(tmp_path / "nope")]) == 2
    assert "no model at" in capsys.readouterr().err


def test_missing_input_is_a_clear_error(model_dir, tmp_path, capsys):
    assert main(["detect", str(tmp_path / "missing.txt"), "--model", model_dir]) == 2
    assert "error" in capsys.readouterr().err
