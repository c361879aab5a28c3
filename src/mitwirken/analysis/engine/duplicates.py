"""Duplicate suggestions: pairs of needs whose combined vectors are this close. The
threshold was set on hand-written duplicates and near misses (scripts/evaluate_synthesis.py,
docs/synthesis.md), not on the clusters."""

from __future__ import annotations

THRESHOLD = 0.65


def candidate_pairs(
    index, *, threshold: float = THRESHOLD, per_need: int = 5, rejected=frozenset()
) -> list[tuple]:
    """[(a, b, score)] with a < b, best first: every pair of needs at or above the
    threshold among each need's nearest neighbours, except the rejected pairs."""
    pairs: dict[tuple, float] = {}
    positions, scores = index.all_neighbours(per_need)
    ids = index.ids
    for row, (found, found_scores) in enumerate(zip(positions, scores, strict=True)):
        key = ids[row]
        for position, score in zip(found, found_scores, strict=True):
            if score < threshold:
                break
            other = ids[position]
            pair = (key, other) if key < other else (other, key)
            if pair not in rejected:
                pairs[pair] = max(float(score), pairs.get(pair, 0.0))
    return sorted(((a, b, s) for (a, b), s in pairs.items()), key=lambda x: -x[2])


def pairs_by_group(
    vectors, ids: list, groups: list[list[int]], *, workers: int = 2, **options
) -> list[tuple]:
    """``candidate_pairs`` within each group of rows (the needs of one field of action):
    the same need is raised in the same field, and comparing within fields keeps the work
    at n²/fields (100,000 needs: docs/benchmarks.md). A need's page still lists its
    similar needs from every field."""
    from concurrent.futures import ThreadPoolExecutor

    from .similar import SimilarityIndex

    def one(rows):
        index = SimilarityIndex(vectors[rows], [ids[i] for i in rows])
        return candidate_pairs(index, **options)

    found = []
    with ThreadPoolExecutor(max_workers=workers) as pool:  # BLAS releases the GIL
        for pairs in pool.map(one, [rows for rows in groups if len(rows) > 1]):
            found += pairs
    return sorted(found, key=lambda x: -x[2])
