"""`make bench`'s wall round: SCREENS projector screens and phones poll a workshop's wall
every 3 s (wrk, one connection each, If-None-Match) while guests send CARDS cards per
second (a second wrk). Prints p50/p95 of the poll and of the card, and the cards the
server confirmed as created beside the cards stored (they must be equal).

Usage: python tests/bench/live.py BASE_URL [--screens 500] [--cards 50] [--duration 20]
"""

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from registrations import csrf_cookie  # noqa: E402


def manage(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", "bench_workshop", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def parse(out: str) -> dict:
    values = dict(item.split("=") for item in re.search(r"RESULT (.*)", out).group(1).split())
    result = {key: float(value) for key, value in values.items()}
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def send_cards(args, code: str, board: int, setup: dict, csrf: str) -> dict:
    """Guests send cards at ``args.cards`` per second for the duration, from 10 threads
    (each waits for its answer): every card sent is counted, and every answer."""
    import http.client
    import threading
    import urllib.parse
    import uuid
    from concurrent.futures import ThreadPoolExecutor

    host = urllib.parse.urlsplit(args.base_url)
    total = args.cards * args.duration
    lock, latencies, statuses = threading.Lock(), [], []
    started = time.perf_counter()

    def send(number: int) -> None:
        due = started + number / args.cards
        time.sleep(max(0.0, due - time.perf_counter()))
        guest = setup["guests"][number % len(setup["guests"])]
        body = urllib.parse.urlencode(
            {
                "title": f"Karte {number}",
                "field_of_action": setup["field"],
                "key": str(uuid.uuid4()),
            }
        )
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        begin = time.perf_counter()
        conn.request(
            "POST",
            f"/w/{code}/cards/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "Cookie": f"csrftoken={csrf}; mw_guest_{board}={guest}",
                "X-CSRFToken": csrf,
            },
        )
        response = conn.getresponse()
        response.read()
        conn.close()
        with lock:
            latencies.append(time.perf_counter() - begin)
            statuses.append(response.status)

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(send, range(total)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "sent": total,
        "created": statuses.count(201),
        "other": len(statuses) - statuses.count(201),
        "rps": total / elapsed,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p95_ms": 1000 * latencies[int(len(latencies) * 0.95)],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("--screens", type=int, default=500)
    parser.add_argument("--cards", type=int, default=50, help="cards per second")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    setup = json.loads(manage("--reset", "--guests", "300"))
    code, board = setup["code"], setup["board"]
    csrf = csrf_cookie(f"{args.base_url}/w/{code}/")
    poll = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "screens.py"),
            args.base_url,
            f"/w/{code}/wall/live/",
            "--screens",
            str(args.screens),
            "--duration",
            str(args.duration),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    sent = send_cards(args, code, board, setup, csrf)
    polled = json.loads(poll.communicate(timeout=args.duration + 120)[0])
    stored = json.loads(manage("--report"))["cards"]
    # Then a quiet phase: no cards, so the screens' questions are answered 304.
    quiet = json.loads(
        subprocess.run(
            [
                sys.executable,
                str(HERE / "screens.py"),
                args.base_url,
                f"/w/{code}/wall/live/",
                "--screens",
                str(args.screens),
                "--duration",
                "12",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    print(
        f"wall polls ({args.screens} screens, every 3 s): {polled['rps']:.1f} req/s  "
        f"p50 {polled['p50_ms']:.1f} ms  p95 {polled['p95_ms']:.1f} ms  "
        f"p99 {polled['p99_ms']:.1f} ms  304 {polled['not_modified']}  200 {polled['fresh']}  "
        f"errors {polled['errors']}  other answers {polled['other']}"
    )
    print(
        f"cards ({args.cards}/s wanted): {sent['rps']:.1f} cards/s  p50 {sent['p50_ms']:.1f} ms  "
        f"p95 {sent['p95_ms']:.1f} ms  answered 201: {sent['created']}  other: {sent['other']}"
    )
    print(
        f"wall polls, no new cards: {quiet['rps']:.1f} req/s  p50 {quiet['p50_ms']:.1f} ms  "
        f"p95 {quiet['p95_ms']:.1f} ms  p99 {quiet['p99_ms']:.1f} ms  "
        f"304 {quiet['not_modified']}  200 {quiet['fresh']}  errors {quiet['errors']}"
    )
    print(f"cards sent: {sent['sent']}, cards stored: {stored}")
    ok = sent["sent"] == stored == sent["created"]
    print("cards sent = cards stored" if ok else "MISMATCH between sent and stored cards")
    if args.json:
        with open(args.json, "a", encoding="utf-8") as handle:
            row = {"label": "wall", "poll": polled, "quiet": quiet, "cards": sent, "stored": stored}
            handle.write(json.dumps(row) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
