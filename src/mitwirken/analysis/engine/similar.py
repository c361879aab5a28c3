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

    def neighbours(self, key, top: int = 10) -> list[tuple]:
        return self.query(self.vectors[self.position[key]], top, exclude=(key,))


def shared_terms(a: list[str], b: list[str], idf: dict[str, float], top: int = 6) -> list[str]:
    """The lemmas two texts share, rarest first: the reason shown beside a suggestion."""
    common = set(a) & set(b)
    return sorted(common, key=lambda term: (-idf.get(term, 0.0), term))[:top]
