// The moderator page: sends the pasted post to /v1/detect and /v1/clean and shows what came back.
// User text only ever reaches the page through textContent or a textarea's value, never as HTML.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const el = {
    status: $("service-status"), post: $("post"), charCount: $("char-count"),
    threshold: $("threshold"), thresholdValue: $("threshold-value"),
    keyRow: $("key-row"), apiKey: $("api-key"), check: $("check"), clear: $("clear"),
    error: $("error"), results: $("results"), elapsed: $("elapsed"), verdict: $("verdict"),
    scoreValue: $("score-value"), scoreBar: $("score-bar"), highlighted: $("highlighted"),
    spanBlock: $("span-block"), spanRows: $("span-rows"), cleaned: $("cleaned"),
    copy: $("copy"), copyStatus: $("copy-status"),
  };
  const KEY_STORE = "spamsplice-api-key";
  const service = { threshold: null, maxChars: null };
  let thresholdTouched = false;  // send a threshold only when the moderator chose one

  el.apiKey.value = sessionStorage.getItem(KEY_STORE) || "";
  if (el.apiKey.value) el.keyRow.hidden = false;

  function setStatus(text, kind) {
    el.status.textContent = text;
    el.status.className = `status status-${kind}`;
  }

  function showError(message) {
    el.error.textContent = message;
    el.error.hidden = !message;
  }

  async function loadServiceInfo() {
    try {
      const resp = await fetch("/readyz", { cache: "no-store" });
      const info = await resp.json();
      if (!resp.ok) {
        setStatus(`not ready: ${info.reason || resp.status}`, "bad");
        return;
      }
      service.threshold = info.threshold;
      service.maxChars = info.max_text_chars;
      el.threshold.value = String(info.threshold);
      el.thresholdValue.textContent = Number(info.threshold).toFixed(2);
      if (info.api_key_required) el.keyRow.hidden = false;
      setStatus(`ready · spamsplice ${info.version}`, "good");
    } catch (err) {
      setStatus("service unreachable", "bad");
    }
    updateCount();
  }

  function codePointLength(text) {
    let n = 0;
    for (const _ of text) n += 1;
    return n;
  }

  function updateCount() {
    const n = codePointLength(el.post.value);
    const limit = service.maxChars;
    el.charCount.textContent = limit ? `${n.toLocaleString()} / ${limit.toLocaleString()} characters`
                                     : `${n.toLocaleString()} characters`;
    el.charCount.classList.toggle("over", Boolean(limit && n > limit));
  }

  async function callApi(path, payload) {
    const headers = { "Content-Type": "application/json" };
    const key = el.apiKey.value.trim();
    if (key) headers["X-API-Key"] = key;
    const resp = await fetch(path, { method: "POST", headers, body: JSON.stringify(payload) });
    let data = null;
    try { data = await resp.json(); } catch (_) { data = null; }
    if (!resp.ok) {
      if (resp.status === 401) el.keyRow.hidden = false;
      const message = data && data.error ? data.error.message : `HTTP ${resp.status}`;
      throw new Error(message);
    }
    return data;
  }

  // Span offsets are code points; JavaScript strings index UTF-16 units, so slice an array of code points.
  function renderHighlighted(text, spans) {
    const points = Array.from(text);
    const parts = [];
    let cursor = 0;
    const ordered = [...spans].sort((a, b) => a.start - b.start);
    ordered.forEach((span, i) => {
      const start = Math.max(span.start, cursor);
      if (start >= span.end) return;
      if (start > cursor) parts.push(document.createTextNode(points.slice(cursor, start).join("")));
      const mark = document.createElement("mark");
      mark.textContent = points.slice(start, span.end).join("");
      mark.dataset.start = String(span.start);
      mark.dataset.end = String(span.end);
      mark.dataset.index = String(i + 1);
      mark.title = `insertion ${i + 1} · score ${span.score.toFixed(3)} · code points ${span.start}–${span.end}`;
      parts.push(mark);
      cursor = span.end;
    });
    if (cursor < points.length) parts.push(document.createTextNode(points.slice(cursor).join("")));
    el.highlighted.replaceChildren(...parts);
  }

  function renderSpans(spans) {
    const rows = spans.map((span, i) => {
      const row = document.createElement("tr");
      const cells = [String(i + 1), `${span.start}–${span.end}`, span.score.toFixed(3), span.text];
      cells.forEach((value, col) => {
        const cell = document.createElement("td");
        cell.textContent = value;
        if (col === 3) cell.className = "span-text";
        row.append(cell);
      });
      return row;
    });
    el.spanRows.replaceChildren(...rows);
    el.spanBlock.hidden = spans.length === 0;
  }

  function renderResult(text, detection, cleaned, millis) {
    const n = detection.spans.length;
    el.verdict.textContent = n ? `${n} insertion${n === 1 ? "" : "s"} found` : "No insertion found";
    el.verdict.className = `verdict ${n ? "verdict-spam" : "verdict-clean"}`;
    el.scoreValue.textContent = detection.score.toFixed(3);
    el.scoreBar.style.width = `${Math.round(Math.min(1, Math.max(0, detection.score)) * 100)}%`;
    el.scoreBar.classList.toggle("high", detection.score >= detection.threshold);
    el.elapsed.textContent = `threshold ${detection.threshold.toFixed(2)} · ${Math.round(millis)} ms`;
    renderHighlighted(text, detection.spans);
    renderSpans(detection.spans);
    el.cleaned.value = cleaned.text;
    el.copyStatus.textContent = "";
    el.results.hidden = false;
  }

  async function check() {
    const text = el.post.value;
    showError("");
    if (!text.trim()) {
      showError("Paste a post first.");
      return;
    }
    const payload = { text };
    if (thresholdTouched) payload.threshold = Number(el.threshold.value);
    el.check.disabled = true;
    el.check.classList.add("busy");
    const started = performance.now();
    try {
      const [detection, cleaned] = await Promise.all([callApi("/v1/detect", payload), callApi("/v1/clean", payload)]);
      renderResult(text, detection, cleaned, performance.now() - started);
      if (el.apiKey.value.trim()) sessionStorage.setItem(KEY_STORE, el.apiKey.value.trim());
    } catch (err) {
      showError(err.message);
    } finally {
      el.check.disabled = false;
      el.check.classList.remove("busy");
    }
  }

  async function copyCleaned() {
    const text = el.cleaned.value;
    try {
      await navigator.clipboard.writeText(text);
      el.copyStatus.textContent = "Copied to the clipboard";
    } catch (_) {
      // Clipboard API refused (older browser, or the page is not a secure context): select and copy.
      el.cleaned.focus();
      el.cleaned.select();
      const ok = document.execCommand && document.execCommand("copy");
      el.copyStatus.textContent = ok ? "Copied to the clipboard" : "Selected: press Ctrl+C to copy";
    }
  }

  el.threshold.addEventListener("input", () => {
    thresholdTouched = true;
    el.thresholdValue.textContent = Number(el.threshold.value).toFixed(2);
  });
  el.post.addEventListener("input", updateCount);
  el.post.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      check();
    }
  });
  el.check.addEventListener("click", check);
  el.copy.addEventListener("click", copyCleaned);
  el.clear.addEventListener("click", () => {
    el.post.value = "";
    el.results.hidden = true;
    showError("");
    updateCount();
    el.post.focus();
  });

  loadServiceInfo();
})();
