"""End to end: `spamsplice serve` with the shipped model, and the moderator page in headless Chromium.

A moderator pastes the Hindi seed post (a Nepali phone-list insertion splits the word करती, twice), sees
both insertions highlighted, and copies the cleaned text. Nothing is downloaded: Debian's chromium is
driven by the playwright package.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_server import free_port, wait_until_ready

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install spamsplice[server]")
playwright_sync = pytest.importorskip("playwright.sync_api", reason="playwright is missing: pip install playwright")

REPO = Path(__file__).resolve().parents[1]
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_fe12e7d134c2a4e5.txt"
MODEL_CONFIG = REPO / "models" / "default" / "config.json"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSERTION = "अपडेट गरिएको २०२४ मोबाइल फोन नम्बर डाटा"  # Nepali, spliced into करती
REJOINED = "प्रभावित करती हैं"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"),
    pytest.mark.skipif(not MODEL_CONFIG.exists(), reason=f"the shipped model is missing: {MODEL_CONFIG}"),
    pytest.mark.skipif(not SEED.exists(), reason=f"../shared not found: {SEED}"),
]


@pytest.fixture(scope="module")
def base_url():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("SPAMSPLICE_API_KEY", "SPAMSPLICE_SERVE_SETTINGS")}
    process = subprocess.Popen(
        [sys.executable, "-m", "spamsplice", "serve", "--port", str(port), "--no-access-log"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_ready(port, process, timeout_s=120)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser():
    with playwright_sync.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    found, start = [], text.find(phrase)
    while start != -1:
        found.append((start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return found


def test_moderator_highlights_both_insertions_and_copies_the_cleaned_text(base_url, browser, tmp_path):
    post = SEED.read_text(encoding="utf-8")
    gold = _occurrences(post, INSERTION)
    assert len(gold) == 2, "the seed post is expected to carry the insertion twice"

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page = context.new_page()
    requested, console_errors = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)

    page.goto(base_url + "/")
    page.wait_for_selector("#service-status.status-good")
    page.fill("#post", post)
    page.click("#check")
    page.wait_for_selector("#results:not([hidden])")

    marks = page.eval_on_selector_all(
        "#highlighted mark", "marks => marks.map(m => [Number(m.dataset.start), Number(m.dataset.end), m.textContent])"
    )
    for start, end, text in marks:
        assert post[start:end] == text, "a highlight shows other characters than its offsets say"
    for gold_start, gold_end in gold:
        covered = sum(max(0, min(end, gold_end) - max(start, gold_start)) for start, end, _ in marks)
        assert covered >= 0.8 * (gold_end - gold_start), f"insertion at {gold_start} is not highlighted: {marks}"
    shown = page.inner_text("#highlighted")
    assert shown.replace("\n", "") == post.replace("\n", ""), "the highlighted view must show the whole post"
    assert page.inner_text("#verdict").startswith(f"{len(marks)} insertion")

    page.click("#copy")
    # A selector, not wait_for_function: polling a string predicate needs eval, which the page's CSP forbids.
    page.wait_for_selector("#copy-status:has-text('Copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.input_value("#cleaned")
    assert INSERTION not in copied and "मोबाइल फोन नम्बर" not in copied
    assert copied.count(REJOINED) == 2, "removing the insertion should rejoin the split word करती"

    page.screenshot(path=str(tmp_path / "moderator.png"), full_page=True)
    assert all(url.startswith(base_url) for url in requested), [u for u in requested if not u.startswith(base_url)]
    assert console_errors == []
    context.close()


def test_moderator_page_shows_service_errors_as_text(base_url, browser):
    page = browser.new_page()
    page.goto(base_url + "/")
    page.wait_for_selector("#service-status.status-good")
    hostile = "<img src=x onerror=alert(1)>" + "x" * 200_000
    page.fill("#post", hostile)
    page.click("#check")
    page.wait_for_selector("#error:not([hidden])")
    assert "limit" in page.inner_text("#error")
    assert page.locator("img[src=x]").count() == 0
    page.close()


def test_readyz_reports_the_shipped_model(base_url):
    import urllib.request

    with urllib.request.urlopen(base_url + "/readyz", timeout=5) as response:
        info = json.loads(response.read())
    assert info["status"] == "ready" and 0 < info["threshold"] < 1
