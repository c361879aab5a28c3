"""Duplicate suggestions: pairs of needs whose combined vectors are this close. The
threshold was set on hand-written duplicates and near misses (scripts/evaluate_synthesis.py,
docs/synthesis.md), not on the clusters."""

from __future__ import annotations

THRESHOLD = 0.65


def candidate_pairs(
    index, *, threshold: float = THRESHOLD, per_need: int = 5, rejected: set[tuple] = frozenset()
) -> list[tuple]:
    """[(a, b, score)] with a < b, best first: every pair of needs at or above the
    threshold among each need's nearest neighbours, except the rejected pairs."""
    pairs: dict[tuple, float] = {}
    for key in index.ids:
        for other, score in index.neighbours(key, per_need):
            if score < threshold:
                break
            pair = (key, other) if key < other else (other, key)
            if pair not in rejected:
                pairs[pair] = max(score, pairs.get(pair, 0.0))
    return sorted(((a, b, s) for (a, b), s in pairs.items()), key=lambda x: -x[2])
