"""Latency and throughput of `spamsplice serve` on loopback, with forum-post-sized texts.

Starts the real server (1 and 2 workers), drives it from a separate load process over keep-alive
connections (1, 10 and 50 at a time) and prints p50/p95/p99 latency, requests/s and errors per setting.
Texts are 0.5-4 KB slices of the clean host corpora in ../shared/corpora; 5% carry a spliced-in phrase
from ``spamsplice.synth``. Every load level is bounded in requests and in seconds; nothing leaves loopback.

    python benchmarks/bench_serve.py                       # shipped model, the full grid
    python benchmarks/bench_serve.py --workers 2 --concurrency 50 --requests 3000
"""

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
MIN_BYTES, MAX_BYTES = 512, 4096
SPAM_SHARE = 0.05


def build_texts(corpora: Path, count: int, seed: int) -> tuple[list[str], int, int]:
    """Forum-post-sized slices of host text (many languages), SPAM_SHARE of them with an insertion."""
    from spamsplice.synth import TEMPLATES, Injector

    rng = random.Random(seed)
    files = sorted(corpora.glob("*/*.jsonl"))
    if not files:
        raise SystemExit(f"no corpora under {corpora} (pass --corpora)")
    rng.shuffle(files)
    injector = Injector(TEMPLATES, seed=seed, spam_fraction=1.0)
    texts, spiked, langs = [], 0, set()
    per_file = 2 * (count // len(files) + 1)  # small files give fewer; larger ones make up the count
    for path in files:
        buffer, taken = "", 0
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                buffer = f"{buffer}\n{record['text']}" if buffer else record["text"]
                target = rng.randint(MIN_BYTES, MAX_BYTES)
                if len(buffer.encode("utf-8")) < target:
                    continue
                text = buffer.encode("utf-8")[:target].decode("utf-8", "ignore")
                buffer = ""
                if rng.random() < SPAM_SHARE:
                    host = {"id": f"bench-{len(texts)}", "lang": record.get("lang", "und"), "text": text}
                    text = injector.make_doc(host).text
                    spiked += 1
                texts.append(text)
                langs.add(path.parent.name)
                taken += 1
                if taken >= per_file or len(texts) >= count:
                    break
        if len(texts) >= count:
            break
    rng.shuffle(texts)
    return texts, spiked, len(langs)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, model: str | None, log_path: Path, access_log: bool) -> subprocess.Popen:
    command = [sys.executable, "-m", "spamsplice.server", "--port", str(port), "--workers", str(workers)]
    command += ["--model", model] if model else []
    command += [] if access_log else ["--no-access-log"]
    env = {k: v for k, v in os.environ.items() if k != "SPAMSPLICE_API_KEY"}
    log = log_path.open("w")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO)


def wait_ready(port: int, process: subprocess.Popen, workers: int, timeout_s: float = 180.0) -> None:
    """Ready once /readyz has answered 200 often enough that every worker has most likely warmed up."""
    deadline, ready = time.monotonic() + timeout_s, 0
    while time.monotonic() < deadline and ready < 4 * workers:
        if process.poll() is not None:
            raise SystemExit("the server exited during start-up; see its log")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                ready += response.status == 200
        except OSError:
            time.sleep(0.2)
    if ready < 4 * workers:
        raise SystemExit("the server did not become ready in time")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- the load process ----------------------------------------------------------------------------------


async def _one_connection(port: int, bodies: list[bytes], state: dict, results: list[float], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while state["next"] < state["limit"] and time.perf_counter() < state["deadline"]:
            body = bodies[state["next"] % len(bodies)]
            state["next"] += 1
            request = (
                b"POST %s HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                % (state["path"], len(body), body)
            )
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            results.append(time.perf_counter() - started)
            if status != 200:
                errors.append(f"HTTP {status}")
            if b"connection: close" in head.lower():
                break
    except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        writer.close()


async def _drive(port: int, bodies: list[bytes], path: str, concurrency: int, limit: int, max_seconds: float) -> dict:
    results: list[float] = []
    errors: list[str] = []
    state = {"next": 0, "limit": limit, "deadline": time.perf_counter() + max_seconds, "path": path.encode()}
    started = time.perf_counter()
    await asyncio.gather(*(_one_connection(port, bodies, state, results, errors) for _ in range(concurrency)))
    return {"latencies": results, "errors": errors, "seconds": time.perf_counter() - started}


def load_main(argv: list[str]) -> None:
    port, payload_file, path, concurrency, limit, max_seconds = argv
    bodies = [line.encode("utf-8") for line in Path(payload_file).read_text(encoding="utf-8").splitlines()]
    outcome = asyncio.run(_drive(int(port), bodies, path, int(concurrency), int(limit), float(max_seconds)))
    print(json.dumps(outcome))


def run_load(port: int, payload_file: Path, path: str, concurrency: int, limit: int, max_seconds: float) -> dict:
    command = [sys.executable, __file__, "--load", str(port), str(payload_file), path]
    command += [str(concurrency), str(limit), str(max_seconds)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=max_seconds + 60, check=True)
    return json.loads(done.stdout)


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="model directory (default: the shipped model)")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--texts", type=int, default=600, help="distinct posts to cycle through")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--requests", type=int, default=2000, help="requests per setting, at most")
    parser.add_argument("--max-seconds", type=float, default=20.0, help="seconds per setting, at most")
    parser.add_argument("--endpoint", default="/v1/detect", choices=["/v1/detect", "/v1/clean"])
    parser.add_argument("--access-log", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    model_config = Path(args.model or REPO / "models" / "default") / "config.json"
    if not model_config.exists():
        raise SystemExit(f"no model at {model_config.parent}: train it first (spamsplice train) or pass --model")
    texts, spiked, n_langs = build_texts(args.corpora, args.texts, args.seed)
    sizes = sorted(len(t.encode("utf-8")) for t in texts)
    median = sizes[len(sizes) // 2]
    print(
        f"{len(texts)} posts in {n_langs} languages, {sizes[0]}-{sizes[-1]} bytes (median {median}), {spiked} with "
        f"an insertion; {args.endpoint}; access log {'on' if args.access_log else 'off'}; {os.cpu_count()} CPUs"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="spamsplice-bench-") as tmp:
        payload_file = Path(tmp) / "payloads.jsonl"
        payloads = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
        payload_file.write_text(payloads, encoding="utf-8")
        for workers in args.workers:
            port = free_port()
            log_path = Path(tmp) / f"server-{workers}.log"
            process = start_server(port, workers, args.model, log_path, args.access_log)
            try:
                wait_ready(port, process, workers)
                run_load(port, payload_file, args.endpoint, 4, 200, 30)  # warm every worker's caches
                for concurrency in args.concurrency:
                    outcome = run_load(port, payload_file, args.endpoint, concurrency, args.requests, args.max_seconds)
                    latencies = sorted(outcome["latencies"])
                    rows.append(
                        {
                            "workers": workers,
                            "connections": concurrency,
                            "requests": len(latencies),
                            "errors": len(outcome["errors"]),
                            "rps": len(latencies) / outcome["seconds"],
                            "p50": percentile(latencies, 0.50) * 1000,
                            "p95": percentile(latencies, 0.95) * 1000,
                            "p99": percentile(latencies, 0.99) * 1000,
                            "first_error": outcome["errors"][0] if outcome["errors"] else "",
                        }
                    )
                    row = rows[-1]
                    print(
                        f"  workers={workers} connections={concurrency}: {row['requests']} requests, "
                        f"{row['rps']:.0f}/s, p99 {row['p99']:.1f} ms, errors {row['errors']}",
                        file=sys.stderr,
                    )
            finally:
                stop_server(process)
    print()
    print("| workers | connections | requests | errors | requests/s | p50 ms | p95 ms | p99 ms |")
    print("|--:|--:|--:|--:|--:|--:|--:|--:|")
    for row in rows:
        print(
            f"| {row['workers']} | {row['connections']} | {row['requests']} | {row['errors']} | {row['rps']:.0f} | "
            f"{row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} |"
        )
    for row in rows:
        if row["first_error"]:
            print(f"workers={row['workers']} connections={row['connections']}: first error: {row['first_error']}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--load":
        load_main(sys.argv[2:])
    else:
        main()
