"""Simulated projector screens and phones for `make bench`: N clients, each keeping one
HTTP/1.1 connection and asking every 3 s (from a random start within the first 3 s, as
real screens are not in step) whether the wall changed, with If-None-Match. Prints one
JSON line: requests, answers 304 and 200, errors, p50/p95/p99 latency in milliseconds.

Usage: python tests/bench/screens.py BASE_URL PATH --screens 500 --duration 40
"""

import argparse
import asyncio
import json
import random
import sys
import time
import urllib.parse


async def screen(host: str, port: int, path: str, every: float, until: float, stats: dict):
    await asyncio.sleep(random.uniform(0, every))  # noqa: S311 - load pattern
    etag = ""
    reader = writer = None
    while time.monotonic() < until:
        due = time.monotonic() + every
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n"
            if etag:
                request += f"If-None-Match: {etag}\r\n"
            started = time.perf_counter()
            writer.write((request + "\r\n").encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = {
                k.lower(): v for k, _s, v in (line.partition(": ") for line in lines[1:] if line)
            }
            length = int(headers.get("content-length", "0"))
            if length:
                await reader.readexactly(length)
            stats["latencies"].append(time.perf_counter() - started)
            stats[status] = stats.get(status, 0) + 1
            etag = headers.get("etag", etag)
            if headers.get("connection", "").lower() == "close":
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError):
            stats["errors"] += 1
            if writer is not None:
                writer.close()
            writer = None
        await asyncio.sleep(max(0.0, due - time.monotonic()))
    if writer is not None:
        writer.close()


async def main_async(args) -> dict:
    url = urllib.parse.urlsplit(args.base_url)
    stats = {"latencies": [], "errors": 0}
    until = time.monotonic() + args.duration
    await asyncio.gather(
        *(
            screen(url.hostname, url.port, args.path, args.every, until, stats)
            for _i in range(args.screens)
        )
    )
    latencies = sorted(stats.pop("latencies"))

    def pct(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(len(latencies) * p))], 1)

    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / args.duration, 1),
        "not_modified": stats.get(304, 0),
        "fresh": stats.get(200, 0),
        "errors": stats["errors"],
        "other": sum(v for k, v in stats.items() if isinstance(k, int) and k not in (200, 304)),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("path")
    parser.add_argument("--screens", type=int, default=500)
    parser.add_argument("--duration", type=float, default=40)
    parser.add_argument("--every", type=float, default=3.0)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main_async(args))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
