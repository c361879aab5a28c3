"""Measures the synthesis engine at 10,000 and 100,000 needs: clustering (time and peak
memory, from vectors made at submission), the similar needs of one need (p50/p99), and
preparing one need at submission (language, lemmas, sentence vector).

    .venv/bin/python tests/bench/synthesis.py [--sizes 10000 100000] [--json FILE]

The corpus is resampled from the demo's needs (sentences of needs of one field of action
recombined, with a region named), so it has the demo's vocabulary and ten fields of
action. Preparing it (what submission does, need by need) takes about a minute for
100,000 needs the first time; it is kept in var/bench/ for later runs. Each size is
clustered in a fresh process, so that its peak memory (ru_maxrss) is its own.
"""

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
CACHE = ROOT / "var" / "bench"
REGIONS = [
    "Magdeburg",
    "Halle (Saale)",
    "Dessau-Roßlau",
    "Stendal",
    "Salzwedel",
    "Wernigerode",
    "Bernburg",
    "Köthen",
    "Wittenberg",
    "Merseburg",
    "Zeitz",
    "Burg",
    "Genthin",
]


def corpus(n: int, seed: int = 7) -> tuple[list[str], list[str]]:
    data = ROOT / "src/mitwirken/demo/data"
    needs = json.loads((data / "needs.json").read_text(encoding="utf-8"))
    pools: dict[str, list[str]] = {}
    for need in needs:
        parts = [need["title"]] + [s.strip() for s in need["text"].split(". ") if s.strip()]
        pools.setdefault(need["field"], []).extend(parts)
    fields = sorted(pools)
    rng = random.Random(seed)
    texts, labels = [], []
    for _ in range(n):
        field = rng.choice(fields)
        parts = rng.sample(pools[field], k=min(3, len(pools[field])))
        texts.append(f"{'. '.join(parts)}. In {rng.choice(REGIONS)}.")
        labels.append(field)
    return texts, labels


def prepared(n: int):
    """(lemma lists, sentence vectors, labels) of n needs, as stored at submission."""
    path = CACHE / f"synthesis-{n}.npz"
    if path.exists():
        stored = np.load(path, allow_pickle=True)
        return list(stored["lemmas"]), stored["vectors"], list(stored["labels"])
    from mitwirken.analysis.engine.pipeline import prepare

    texts, labels = corpus(n)
    started = time.perf_counter()
    items = prepare(texts)
    print(
        f"   prepared {n} needs in {time.perf_counter() - started:.0f} s (cached in {path})",
        file=sys.stderr,
    )
    lemmas = np.empty(n, dtype=object)
    lemmas[:] = [item.lemmas for item in items]
    vectors = np.vstack([item.vector for item in items]).astype(np.float16)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, lemmas=lemmas, vectors=vectors, labels=np.array(labels))
    return list(lemmas), vectors, labels


def cluster_round(n: int) -> dict:
    """In a fresh process: the job's work on n prepared needs (term model, combined
    vectors, clusters per field of action with their names) and the similar-needs
    index; returns times and the peak memory."""
    from mitwirken.analysis.engine import cluster as clustering
    from mitwirken.analysis.engine.duplicates import pairs_by_group
    from mitwirken.analysis.engine.similar import SimilarityIndex
    from mitwirken.analysis.engine.vectors import combine, fit_terms

    lemmas, sentence, labels = prepared(n)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    terms = fit_terms(lemmas)
    vectors = combine(terms.block(), sentence.astype(np.float32))
    fitted = time.perf_counter()
    labels = np.array(labels)
    groups = {field: np.flatnonzero(labels == field) for field in sorted(set(labels))}
    found = clustering.cluster_groups(vectors, groups, clustering.default_k)
    clusters = 0
    for field, rows in groups.items():
        clustering.key_terms(terms.tfidf[rows], found[field], terms.vocabulary)
        clusters += len(set(found[field].tolist()))
    clustered = time.perf_counter()
    pairs = pairs_by_group(vectors, list(range(n)), [list(rows) for rows in groups.values()])
    paired = time.perf_counter()
    index = SimilarityIndex(vectors)
    indexed = time.perf_counter()
    rng = np.random.default_rng(1)
    for i in rng.integers(0, n, 50):  # warm up (first calls allocate)
        index.neighbours(int(i), 10)
    latencies = []
    for i in rng.integers(0, n, 2000):
        t = time.perf_counter()
        index.neighbours(int(i), 10)
        latencies.append((time.perf_counter() - t) * 1000)
    exact = SimilarityIndex.__new__(SimilarityIndex)
    exact.vectors, exact.ids, exact.coarse = index.vectors, index.ids, None
    exact.position = index.position
    recall = np.mean(
        [
            len(
                {j for j, _ in index.neighbours(int(i), 10)}
                & {j for j, _ in exact.neighbours(int(i), 10)}
            )
            / 10
            for i in rng.integers(0, n, 100)
        ]
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "bench": "synthesis-clusters",
        "needs": n,
        "clusters": clusters,
        "terms_and_vectors_s": round(fitted - started, 2),
        "clusters_s": round(clustered - fitted, 2),
        "duplicates_s": round(paired - clustered, 2),
        "duplicate_pairs": len(pairs),
        "job_s": round(paired - started, 2),
        "index_build_s": round(indexed - paired, 2),
        "similar_p50_ms": round(float(np.percentile(latencies, 50)), 2),
        "similar_p99_ms": round(float(np.percentile(latencies, 99)), 2),
        "similar_recall_at_10": round(float(recall), 3),
        "peak_rss_mb": round(peak / 1024),
        "rss_before_job_mb": round(base / 1024),
    }


def submission_round() -> dict:
    from mitwirken.analysis.engine.embed import default_embedder
    from mitwirken.analysis.engine.pipeline import prepare

    texts, _ = corpus(300, seed=11)
    embedder = default_embedder()
    prepare(texts[:2], embedder=embedder)  # the model loads once per worker
    times = []
    for text in texts:
        t = time.perf_counter()
        prepare([text], embedder=embedder)
        times.append((time.perf_counter() - t) * 1000)
    return {
        "bench": "synthesis-submission",
        "needs": len(texts),
        "prepare_p50_ms": round(float(np.percentile(times, 50)), 2),
        "prepare_p99_ms": round(float(np.percentile(times, 99)), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--json")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(cluster_round(args.child)))
        return
    rows = [submission_round()]
    for n in args.sizes:
        prepared(n)  # build the cache outside the measured process
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(n)],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    for row in rows:
        print(json.dumps(row))
        if args.json:
            with open(args.json, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
