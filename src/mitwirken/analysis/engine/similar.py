"""The most similar needs of a need, and why.

Cosine similarity on the combined vectors. Up to ``EXACT_LIMIT`` rows every row is
compared; above it a projection to ``COARSE_DIMENSIONS`` (PCA) picks ``CANDIDATES`` rows
which are then ranked exactly — about 1.5 ms at 100,000 needs instead of 5–9 ms
(docs/benchmarks.md), with the recall measured in ``make bench``."""

from __future__ import annotations

import numpy as np
from sklearn.decomposition import PCA

from .embed import normalise

EXACT_LIMIT = 20_000
COARSE_DIMENSIONS = 128
CANDIDATES = 200


class SimilarityIndex:
    def __init__(self, vectors: np.ndarray, ids: list | None = None, *, seed: int = 0):
        self.vectors = normalise(vectors)
        self.ids = list(range(len(vectors))) if ids is None else list(ids)
        self.position = {key: i for i, key in enumerate(self.ids)}
        self.coarse = None
        n, dimensions = self.vectors.shape
        if n > EXACT_LIMIT and dimensions > COARSE_DIMENSIONS:
            self.pca = PCA(
                n_components=COARSE_DIMENSIONS, svd_solver="randomized", random_state=seed
            ).fit(self.vectors[:: max(1, n // 20_000)])
            self.coarse = np.ascontiguousarray(self.pca.transform(self.vectors), np.float32)

    def __len__(self) -> int:
        return len(self.ids)

    def query(self, vector: np.ndarray, top: int = 10, *, exclude=()) -> list[tuple]:
        """[(id, cosine)], best first, without the ids in ``exclude``."""
        if not self.ids:
            return []
        vector = normalise(np.asarray(vector, dtype=np.float32).reshape(1, -1))[0]
        skip = {self.position[key] for key in exclude if key in self.position}
        wanted = top + len(skip)
        if self.coarse is not None:
            rough = self.coarse @ self.pca.transform(vector.reshape(1, -1))[0].astype(np.float32)
            candidates = np.argpartition(-rough, min(CANDIDATES, len(rough) - 1))[:CANDIDATES]
            scores = self.vectors[candidates] @ vector
            order = candidates[np.argsort(-scores)]
            scores = np.sort(scores)[::-1]
        else:
            all_scores = self.vectors @ vector
            wanted = min(wanted, len(all_scores))
            best = np.argpartition(-all_scores, wanted - 1)[:wanted]
            order = best[np.argsort(-all_scores[best])]
            scores = all_scores[order]
        out = []
        for position, score in zip(order, scores, strict=False):
            if position in skip:
                continue
            out.append((self.ids[position], float(score)))
            if len(out) == top:
                break
        return out

    def all_neighbours(self, top: int = 5, block: int = 512) -> tuple[np.ndarray, np.ndarray]:
        """Every row's ``top`` nearest other rows at once, in blocks of matrix products
        (what the duplicate suggestions need for a whole field): (positions, cosines),
        each of shape (n, top), best first."""
        n = len(self.ids)
        top = min(top, n - 1)
        if top < 1:
            return np.zeros((n, 0), dtype=int), np.zeros((n, 0), dtype=np.float32)
        positions = np.empty((n, top), dtype=np.int64)
        scores = np.empty((n, top), dtype=np.float32)
        for start in range(0, n, block):
            stop = min(start + block, n)
            part = self.vectors[start:stop] @ self.vectors.T
            part[np.arange(stop - start), np.arange(start, stop)] = -np.inf  # not itself
            kth = part.shape[1] - top
            best = np.argpartition(part, kth, axis=1)[:, kth:]
            best_scores = np.take_along_axis(part, best, axis=1)
            order = np.argsort(-best_scores, axis=1)
            positions[start:stop] = np.take_along_axis(best, order, axis=1)
            scores[start:stop] = np.take_along_axis(best_scores, order, axis=1)
        return positions, scores

    def neighbours(self, key, top: int = 10) -> list[tuple]:
        return self.query(self.vectors[self.position[key]], top, exclude=(key,))


def shared_terms(a: list[str], b: list[str], idf: dict[str, float], top: int = 6) -> list[str]:
    """The lemmas two texts share, rarest first: the reason shown beside a suggestion."""
    common = set(a) & set(b)
    return sorted(common, key=lambda term: (-idf.get(term, 0.0), term))[:top]
