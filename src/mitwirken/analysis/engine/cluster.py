"""Grouping needs: spectral clustering on a nearest-neighbour graph of the combined
vectors, k-means where the corpus is too large for it, and a seeded mode in which the
organiser names the topics with a few key words.

No automatic choice of k agreed with people in the measurements of SYNTHESIS-NOTES.md, so
k is the organiser's, with ``default_k`` as the starting point."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from sklearn.cluster import KMeans, SpectralClustering
from sklearn.neighbors import NearestNeighbors

from .embed import normalise

SPECTRAL_LIMIT = 20_000  # above this, k-means on the same vectors (measured: docs/benchmarks.md)
NEIGHBOURS = 15
LOBPCG_FROM = 5_000

Progress = Callable[[int, str], None]


def default_k(n: int) -> int:
    """A starting number of groups: about one per 12 needs, at least 2, at most 30."""
    if n < 4:
        return 1
    return max(2, min(30, round(math.sqrt(n / 2)), round(n / 12) or 2))


def cluster(vectors: np.ndarray, k: int, *, seed: int = 0, method: str = "auto") -> np.ndarray:
    """Labels 0..k-1, one per row of ``vectors`` (unit rows). ``method`` is "spectral",
    "kmeans" or "auto" (spectral up to SPECTRAL_LIMIT rows)."""
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=int)
    k = max(1, min(k, n))
    if k == 1:
        return np.zeros(n, dtype=int)
    if method == "auto":
        method = "spectral" if n <= SPECTRAL_LIMIT else "kmeans"
    if method == "spectral" and n > k + 2:
        graph = knn_graph(vectors, min(NEIGHBOURS, n - 1))
        model = SpectralClustering(
            n_clusters=k,
            affinity="precomputed",
            assign_labels="cluster_qr",
            random_state=seed,
            # ARPACK is exact and quick on a few thousand needs; on 10,000 and more it can
            # take minutes where LOBPCG takes seconds (measured: docs/benchmarks.md)
            eigen_solver="arpack" if n < LOBPCG_FROM else "lobpcg",
        )
        return model.fit_predict(graph)
    model = KMeans(n_clusters=k, n_init=3 if n <= SPECTRAL_LIMIT else 1, random_state=seed)
    return model.fit_predict(vectors)


def knn_graph(vectors: np.ndarray, neighbours: int):
    """A symmetric graph: each need joined to its nearest neighbours, weighted by cosine
    similarity (clipped at zero)."""
    index = NearestNeighbors(n_neighbors=neighbours + 1, metric="euclidean").fit(vectors)
    graph = index.kneighbors_graph(vectors, mode="distance")
    # unit vectors: cosine = 1 - d²/2
    graph.data = np.clip(1.0 - graph.data**2 / 2.0, 0.0, 1.0)
    graph.setdiag(0)
    graph.eliminate_zeros()
    return graph.maximum(graph.T).tocsr()


def seeded(vectors: np.ndarray, seed_vectors: np.ndarray) -> np.ndarray:
    """Each row to the nearest seed (the organiser's topics as vectors): labels are the
    seeds' positions."""
    if len(vectors) == 0:
        return np.zeros(0, dtype=int)
    scores = normalise(vectors) @ normalise(seed_vectors).T
    return scores.argmax(axis=1)


def key_terms(tfidf, labels: np.ndarray, vocabulary, *, top: int = 4) -> dict[int, list[str]]:
    """Each cluster's terms: those weighing most in its members compared with the whole
    corpus (class-based TF-IDF), so a cluster is named by what sets it apart."""
    labels = np.asarray(labels)
    overall = np.asarray(tfidf.mean(axis=0)).ravel()
    names: dict[int, list[str]] = {}
    for label in np.unique(labels):
        if label < 0:
            continue
        rows = tfidf[labels == label]
        inside = np.asarray(rows.mean(axis=0)).ravel()
        present = np.asarray((rows > 0).sum(axis=0)).ravel()
        score = inside * np.log1p(inside / (overall + 1e-9)) * (present >= min(2, rows.shape[0]))
        best = np.argsort(-score)[:top]
        names[int(label)] = [str(vocabulary[i]) for i in best if score[i] > 0]
    return names


def cluster_groups(
    vectors: np.ndarray,
    groups: dict,
    k_of: Callable[[int], int],
    *,
    seed: int = 0,
    workers: int = 2,
) -> dict:
    """Clusters each group of rows (e.g. the needs of one field of action) on its own:
    {group: labels}. Groups run side by side in threads: the work is in BLAS and sparse
    code that releases the GIL, so two cores cluster two fields at once."""
    from concurrent.futures import ThreadPoolExecutor

    def one(item):
        key, rows = item
        return key, cluster(vectors[rows], k_of(len(rows)), seed=seed)

    items = list(groups.items())
    if workers <= 1 or len(items) < 2:
        return dict(map(one, items))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(one, items))
