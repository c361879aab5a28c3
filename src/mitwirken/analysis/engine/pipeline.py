"""The whole method on a list of texts: what the workspace's job and the command line
both call.

``prepare`` is the per-text part (language, lemmas, sentence vector) that the platform
runs once at submission; ``analyse`` is the corpus part (term model, combined vectors,
clusters and their names) that the job runs on what was prepared."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import cluster as clustering
from .embed import Embedder, default_embedder
from .similar import SimilarityIndex
from .text import detect_language, lemmas
from .vectors import combine, space


@dataclass
class Prepared:
    language: str
    lemmas: list[str]
    vector: np.ndarray | None = None


def prepare(
    texts: list[str],
    *,
    default_language: str = "de",
    embedder: Embedder | None = None,
    embed: bool = True,
) -> list[Prepared]:
    languages = [detect_language(text, default_language) for text in texts]
    vectors = (embedder or default_embedder()).encode(list(texts)) if embed else None
    return [
        Prepared(
            language=language,
            lemmas=lemmas(text, language),
            vector=None if vectors is None else vectors[i],
        )
        for i, (text, language) in enumerate(zip(texts, languages, strict=True))
    ]


@dataclass
class Analysis:
    vectors: np.ndarray
    labels: np.ndarray
    names: dict[int, list[str]]
    idf: dict[str, float]
    term_model: object = field(repr=False, default=None)

    def index(self, ids=None) -> SimilarityIndex:
        return SimilarityIndex(self.vectors, ids)


def topic_vectors(
    topics: dict[str, list[str]],
    term_model,
    *,
    embedder: Embedder | None,
    default_language: str = "de",
) -> np.ndarray:
    """The organiser's topics (name → key words) as vectors in the same space as the
    needs: the key words read as one short text."""
    texts = [" ".join([name, *words]) for name, words in topics.items()]
    term_block = term_model.transform([lemmas(text, default_language) for text in texts])
    sentence_block = embedder.encode(texts) if embedder is not None else None
    return combine(term_block, sentence_block)


def analyse(
    prepared: list[Prepared],
    *,
    k: int | None = None,
    topics: dict[str, list[str]] | None = None,
    method: str = "auto",
    embedder: Embedder | None = None,
    seed: int = 0,
    progress: Callable[[int, str], None] | None = None,
) -> Analysis:
    """Clusters of the prepared texts: ``k`` groups (``default_k`` if None), or one group
    per topic where ``topics`` are given (seeded mode)."""
    report = progress or (lambda percent, step: None)
    report(10, "terms")
    languages = [p.language for p in prepared]
    main = Counter(languages).most_common(1)[0][0] if languages else "de"
    have_vectors = prepared and all(p.vector is not None for p in prepared)
    sentence_block = np.vstack([p.vector for p in prepared]) if have_vectors else None
    term_model, vectors = space(
        [p.lemmas for p in prepared], sentence_block, languages, main, seed=seed
    )
    report(40, "groups")
    if topics:
        seed_embedder = (embedder or default_embedder()) if have_vectors else None
        seeds = topic_vectors(topics, term_model, embedder=seed_embedder)
        labels = clustering.seeded(vectors, seeds)
    else:
        labels = clustering.cluster(
            vectors, k or clustering.default_k(len(prepared)), seed=seed, method=method
        )
    report(85, "names")
    names = clustering.key_terms(term_model.tfidf, labels, term_model.vocabulary)
    report(100, "done")
    return Analysis(
        vectors=vectors,
        labels=np.asarray(labels),
        names=names,
        idf=term_model.idf,
        term_model=term_model,
    )
