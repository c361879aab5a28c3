"""Drives `make bench`: loads pages of a running gunicorn with wrk from a second process
and prints requests/s and p50/p95 latency per page beside the minimal view (the ceiling).

Usage: python tests/bench/run.py BASE_URL LABEL [--duration 10] [--only list]
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS = [
    "Wohnung",
    "Sprachkurs",
    "Kinderbetreuung",
    "Beratung",
    "Pflege",
    "Ausbildung",
    "Jobcenter",
    "Dolmetschen",
    "Schule",
    "Verein",
]
FIELDS = [
    "sprache",
    "beratung",
    "bildung",
    "arbeit",
    "wohnen",
    "gesundheit",
    "teilhabe",
    "oeffnung",
]
REGIONS = [
    "15001",
    "15002",
    "15003",
    "15081",
    "15082",
    "15083",
    "15084",
    "15085",
    "15086",
    "15087",
    "15088",
    "15089",
    "15090",
    "15091",
]


def scenarios(need_ids: list[int]) -> dict[str, list[str]]:
    rng = random.Random(2019)
    base = "/processes/bench/needs/"
    return {
        "minimal view (ceiling)": ["/_bench/minimal"],
        "needs list, unfiltered": [f"{base}?page={n}" for n in range(1, 51)],
        "needs list, field + region": [
            f"{base}?field={f}&region={r}" for f in FIELDS for r in REGIONS
        ],
        "needs list, text search": [f"{base}?q={w}" for w in WORDS]
        + [f"{base}?q={w}&page=2" for w in WORDS],
        "process page": ["/processes/bench/"],
        "need page": [f"{base}{pk}/" for pk in rng.sample(need_ids, min(500, len(need_ids)))],
        # The open-data interface: 100 needs a page, deep pages and pages beyond the end
        # (clamped to the last) - no request may run unbounded.
        "API needs, 100 a page": [
            f"/api/v1/processes/bench/needs?page_size=100&page={n}"
            for n in [*range(1, 41), 200, 500, 999, 10**6, 10**12]
        ],
    }


def run_wrk(url: str, paths: list[str], connections: int, duration: int, cookie: str = "") -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "-s",
                str(HERE / "paths.lua"),
                *(["-H", f"Cookie: {cookie}"] if cookie else []),
                url,
            ],
            env={**os.environ, "BENCH_PATHS": handle.name},
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 60,
        ).stdout
    finally:
        os.unlink(handle.name)
    match = re.search(r"RESULT (.*)", out)
    values = dict(item.split("=") for item in match.group(1).split())
    result = {key: float(value) for key, value in values.items()}
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("label")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--need-ids", required=True, help="file with one need id per line")
    parser.add_argument("--only", default="", help="run only scenarios containing this text")
    parser.add_argument("--json", default="", help="append results to this JSON-lines file")
    parser.add_argument("--cookie", default="", help="send this Cookie header (a session)")
    parser.add_argument("--skip-minimal", action="store_true", help="do not load the ceiling")
    args = parser.parse_args()
    need_ids = [int(x) for x in Path(args.need_ids).read_text().split()]
    rows = []
    for name, paths in scenarios(need_ids).items():
        if "minimal" in name and args.skip_minimal:
            continue
        if args.only and args.only not in name and "minimal" not in name:
            continue
        for connections in (8, 32):
            run_wrk(args.base_url, paths[:5], connections, 2, args.cookie)  # warm-up
            result = run_wrk(args.base_url, paths, connections, args.duration, args.cookie)
            rows.append({"label": args.label, "page": name, "c": connections, **result})
            print(
                f"{args.label:10} {name:28} c={connections:<3} {result['rps']:8.1f} req/s  "
                f"p50 {result['p50_ms']:7.1f} ms  p95 {result['p95_ms']:7.1f} ms  "
                f"non-2xx {int(result['non2xx'])}  errors {int(result['errors'])}",
                flush=True,
            )
    if args.json:
        with open(args.json, "a", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
