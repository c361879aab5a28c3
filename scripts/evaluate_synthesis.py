"""Measure the synthesis engine against human labels: adjusted Rand index and normalised
mutual information of the clusters, precision@5 of similar texts sharing a fine label,
and the precision of duplicate suggestions on hand-written duplicates — each beside a
plain TF-IDF + k-means baseline.

    .venv/bin/python scripts/evaluate_synthesis.py            # the demo data
    .venv/bin/python scripts/evaluate_synthesis.py FILE.csv --text-column text \\
        --label-column topic [--fine-column label] [--k 8]     # any labelled CSV

The figures go to docs/synthesis.md by hand; nothing here is tuned on them."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from mitwirken.analysis.engine import cluster as clustering  # noqa: E402
from mitwirken.analysis.engine.embed import default_embedder, normalise  # noqa: E402
from mitwirken.analysis.engine.pipeline import analyse, prepare  # noqa: E402
from mitwirken.analysis.engine.similar import SimilarityIndex  # noqa: E402
from mitwirken.analysis.engine.vectors import combine, fit_terms  # noqa: E402

DEMO = ROOT / "src/mitwirken/demo/data"
DUPLICATES = ROOT / "src/mitwirken/analysis/evaluation/duplicates_de.json"


def precision_at(vectors: np.ndarray, labels: list, top: int = 5) -> float:
    index = SimilarityIndex(vectors)
    hits = total = 0
    labels = list(labels)
    for i in range(len(labels)):
        for j, _ in index.neighbours(i, top):
            hits += labels[j] == labels[i]
            total += 1
    return hits / total if total else 0.0


def baseline_vectors(texts: list[str]) -> np.ndarray:
    return normalise(TfidfVectorizer(sublinear_tf=True).fit_transform(texts).toarray())


def scores(labels_true, labels_pred) -> tuple[float, float]:
    return (
        adjusted_rand_score(labels_true, labels_pred),
        normalized_mutual_info_score(labels_true, labels_pred),
    )


def evaluate_clusters(texts, labels, k, fine=None, topics=None) -> list[tuple]:
    rows = []
    started = time.perf_counter()
    base = baseline_vectors(texts)
    base_labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(base)
    rows.append(
        (
            "TF-IDF + k-means (baseline)",
            *scores(labels, base_labels),
            precision_at(base, fine) if fine else None,
            time.perf_counter() - started,
        )
    )
    started = time.perf_counter()
    prepared = prepare(texts)
    prep_time = time.perf_counter() - started
    term_model = fit_terms([p.lemmas for p in prepared])
    lsa = term_model.block()
    sentences = np.vstack([p.vector for p in prepared])
    both = combine(lsa, sentences)
    for name, vectors in (
        ("lemmas LSA-50", lsa),
        ("USE-multilingual", sentences),
        ("LSA-50 + USE", both),
    ):
        for method in ("kmeans", "spectral"):
            started = time.perf_counter()
            predicted = clustering.cluster(vectors, k, method=method)
            rows.append(
                (
                    f"{name}, {method}",
                    *scores(labels, predicted),
                    precision_at(vectors, fine) if fine else None,
                    time.perf_counter() - started + prep_time,
                )
            )
    started = time.perf_counter()
    result = analyse(prepared, k=k)
    rows.append(
        (
            "engine default (analyse)",
            *scores(labels, result.labels),
            precision_at(result.vectors, fine) if fine else None,
            time.perf_counter() - started + prep_time,
        )
    )
    if topics:
        result = analyse(prepared, topics=topics)
        rows.append(
            (
                "engine seeded (field titles and descriptions)",
                *scores(labels, result.labels),
                None,
                time.perf_counter() - started + prep_time,
            )
        )
    return rows


def print_rows(title, rows):
    print(f"\n{title}\n")
    print("| method | ARI | NMI | P@5 fine | seconds |")
    print("|---|---|---|---|---|")
    for name, ari, nmi, p5, seconds in rows:
        p5 = "–" if p5 is None else f"{p5:.3f}"
        print(f"| {name} | {ari:.3f} | {nmi:.3f} | {p5} | {seconds:.1f} |")


def evaluate_duplicates(needs: list[dict]) -> None:
    """Hand-written duplicates (and near misses) are added to the demo needs; a suggestion
    is the best match of an added text when its score reaches the engine's duplicate
    threshold. Precision: suggestions pointing at the right original; recall: duplicates
    that got one; near misses suggested are false alarms."""
    from mitwirken.analysis.engine.duplicates import THRESHOLD

    data = json.loads(DUPLICATES.read_text(encoding="utf-8"))
    by_title = {need["title"]: i for i, need in enumerate(needs)}
    texts = [f"{n['title']}. {n['text']}" for n in needs]
    added = []
    for kind in ("duplicates", "near_misses"):
        for item in data[kind]:
            added.append((kind, by_title[item["original"]]))
            texts.append(f"{item['title']}. {item['text']}")
    prepared = prepare(texts)
    result = analyse(prepared, k=1)
    index = SimilarityIndex(result.vectors)
    base_index = SimilarityIndex(baseline_vectors(texts))
    n = len(needs)
    print(
        "\nDuplicate suggestions on hand-written duplicates "
        f"({len(data['duplicates'])} duplicates, {len(data['near_misses'])} near misses, "
        f"among {n} demo needs)\n"
    )
    print(
        "| vectors | threshold | suggested | right | precision | recall | near misses suggested |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, idx, thresholds in (
        ("engine (LSA-50 + USE)", index, (THRESHOLD, 0.6, 0.7, 0.8)),
        ("TF-IDF baseline", base_index, (0.2, 0.3, 0.4)),
    ):
        for threshold in thresholds:
            suggested = right = alarms = 0
            for offset, (kind, original) in enumerate(added):
                best, score = idx.query(
                    idx.vectors[n + offset], 1, exclude=[j for j in range(n, len(texts))]
                )[0]
                if score < threshold:
                    continue
                if kind == "duplicates":
                    suggested += 1
                    right += best == original
                else:
                    alarms += 1
            total = len(data["duplicates"])
            precision = right / (suggested + alarms) if suggested + alarms else 0.0
            print(
                f"| {name} | {threshold:.2f} | {suggested + alarms} | {right} | "
                f"{precision:.3f} | {right / total:.3f} | {alarms} |"
            )


def demo() -> None:
    needs = json.loads((DEMO / "needs.json").read_text(encoding="utf-8"))
    texts = [f"{n['title']}. {n['text']}" for n in needs]
    fields = [n["field"] for n in needs]
    # Seeded mode: the topics are what an organiser has at hand, the fields' titles and
    # one-line descriptions (demo/data/fields.json), not words picked from the needs.
    topics = {
        f["title"]: [w.strip(" .") for w in f["description"].split(",")]
        for f in json.loads((DEMO / "fields.json").read_text(encoding="utf-8"))
    }
    print_rows(
        f"Demo needs ({len(texts)}) against their fields of action (k = 10)",
        evaluate_clusters(texts, fields, 10, topics=topics),
    )
    cards = json.loads((DEMO / "workshop_cards.json").read_text(encoding="utf-8"))
    texts, fields, fine = [], [], []
    for field, workshop in cards.items():
        for card in workshop["cards"]:
            texts.append(f"{card['title']}. {card['text']}".strip(" ."))
            fields.append(field)
            fine.append(f"{field}:{card['cluster']}")
    print_rows(
        f"Workshop cards ({len(texts)}) against their fields (k = {len(set(fields))}); "
        "P@5 against the facilitators' groups",
        evaluate_clusters(texts, fields, len(set(fields)), fine=fine),
    )
    if DUPLICATES.exists():
        evaluate_duplicates(needs)


def from_file(args) -> None:
    with open(args.input, encoding="utf-8-sig", newline="") as handle:
        rows = list(
            csv.DictReader(
                handle, dialect=csv.Sniffer().sniff(handle.read(10000)) if False else csv.excel
            )
        )
    texts = [row[args.text_column] for row in rows]
    labels = [row[args.label_column] for row in rows]
    fine = [row[args.fine_column] for row in rows] if args.fine_column else None
    k = args.k or len(set(labels))
    print_rows(
        f"{args.input}: {len(texts)} texts, k = {k}", evaluate_clusters(texts, labels, k, fine=fine)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", nargs="?")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--label-column", default="label")
    parser.add_argument("--fine-column")
    parser.add_argument("--k", type=int)
    args = parser.parse_args()
    default_embedder()
    if args.input:
        from_file(args)
    else:
        demo()


if __name__ == "__main__":
    main()
