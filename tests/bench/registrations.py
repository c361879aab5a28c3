"""`make bench`'s registration round: people register for one event at concurrency 32
(wrk POSTs the form, each with a new address), then confirm their addresses at
concurrency 32 (the place is decided under a lock on the event row). The result is
counted from the database: never more confirmed than places, per event and workshop.

Usage: python tests/bench/registrations.py BASE_URL --duration 10 [--json FILE]
"""

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


def manage(*args: str) -> str:
    return subprocess.run(
        [PY, "manage.py", "bench_event", *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def csrf_cookie(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - localhost
        cookies = response.headers.get_all("Set-Cookie") or []
    for cookie in cookies:
        match = re.match(r"csrftoken=([^;]+)", cookie)
        if match:
            return match.group(1)
    raise SystemExit("no CSRF cookie on the registration form")


def wrk_post(base: str, path: str, csrf: str, workshops: list[int], run: str, c: int, d: int):
    env = {
        **os.environ,
        "BENCH_PATH": path,
        "BENCH_CSRF": csrf,
        "BENCH_RUN": run,
        **{f"BENCH_WORKSHOP_{i + 1}": str(pk) for i, pk in enumerate(workshops)},
    }
    out = subprocess.run(
        ["wrk", "-t1", f"-c{c}", f"-d{d}s", "--timeout", "10s", "-s", str(HERE / "post.lua"), base],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=d + 60,
    ).stdout
    values = dict(item.split("=") for item in re.search(r"RESULT (.*)", out).group(1).split())
    result = {key: float(value) for key, value in values.items()}
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def confirm_all(base: str, paths: list[str], csrf: str, concurrency: int) -> dict:
    host = urllib.parse.urlsplit(base)
    chunks = [paths[i::concurrency] for i in range(concurrency)]
    statuses: list[int] = []
    latencies: list[float] = []

    def worker(chunk: list[str]) -> None:
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        headers = {
            "Cookie": f"csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        for path in chunk:
            started = time.perf_counter()
            conn.request("POST", path, body="", headers=headers)
            response = conn.getresponse()
            response.read()
            latencies.append(time.perf_counter() - started)
            statuses.append(response.status)
        conn.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(worker, chunks))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "confirmations": len(statuses),
        "rps": len(statuses) / elapsed if elapsed else 0.0,
        "p50_ms": 1000 * latencies[len(latencies) // 2] if latencies else 0.0,
        "p95_ms": 1000 * latencies[int(len(latencies) * 0.95)] if latencies else 0.0,
        "non_redirect": sum(1 for s in statuses if s != 302),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    setup = json.loads(manage("--reset"))
    csrf = csrf_cookie(args.base_url + setup["path"])
    run = str(int(time.time()))
    wrk_post(args.base_url, setup["path"], csrf, setup["workshops"], run + "w", args.concurrency, 2)
    registered = wrk_post(
        args.base_url, setup["path"], csrf, setup["workshops"], run, args.concurrency, args.duration
    )
    with tempfile.NamedTemporaryFile("r", suffix=".txt", delete=False) as handle:
        tokens_file = handle.name
    manage("--tokens", tokens_file)
    paths = Path(tokens_file).read_text().split()
    os.unlink(tokens_file)
    confirmed = confirm_all(args.base_url, paths, csrf, args.concurrency)
    counts = json.loads(manage("--report"))
    print(
        f"registrations c={args.concurrency}: {registered['rps']:.1f} req/s  "
        f"p50 {registered['p50_ms']:.1f} ms  p95 {registered['p95_ms']:.1f} ms  "
        f"non-2xx/3xx {int(registered['non2xx'])}  errors {int(registered['errors'])}"
    )
    print(
        f"confirmations c={args.concurrency}: {confirmed['rps']:.1f} req/s  "
        f"p50 {confirmed['p50_ms']:.1f} ms  p95 {confirmed['p95_ms']:.1f} ms  "
        f"({confirmed['confirmations']} confirmed, {confirmed['non_redirect']} not answered 302)"
    )
    print(f"from the database: {json.dumps(counts)}")
    ok = counts["overbooked"] == 0 and counts["confirmed"] <= counts["capacity"]
    print("no overbooking" if ok else "OVERBOOKED")
    if args.json:
        with open(args.json, "a", encoding="utf-8") as handle:
            handle.write(
                json.dumps(
                    {
                        "label": "registration",
                        "register": registered,
                        "confirm": confirmed,
                        "counts": counts,
                    }
                )
                + "\n"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
