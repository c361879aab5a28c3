"""The vector of a need: two blocks, each of unit length, side by side.

- the *term block*: TF-IDF over lemmas, reduced by truncated SVD to ``LSA_DIMENSIONS``
  (latent semantic analysis) — what the words of this corpus say;
- the *sentence block*: the multilingual sentence vector (``embed``) — what the sentence
  means, across languages and synonyms.

Measured on German citizen contributions (SYNTHESIS-NOTES.md) the pair grouped and
matched better than either block alone. The term model is fitted on the corpus at hand
(in the clustering job, from the lemmas stored at submission); the sentence vectors are
made once, at submission."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from .embed import normalise

LSA_DIMENSIONS = 50
SENTENCE_WEIGHT = 1.0  # relative weight of the sentence block in the concatenation


def _identity(tokens):
    return tokens


@dataclass
class TermModel:
    """TF-IDF over lemmas and its SVD, fitted on one corpus."""

    vectoriser: TfidfVectorizer
    svd: TruncatedSVD | None
    tfidf: sparse.csr_matrix

    @property
    def vocabulary(self) -> np.ndarray:
        return self.vectoriser.get_feature_names_out()

    @property
    def idf(self) -> dict[str, float]:
        return dict(zip(self.vocabulary, self.vectoriser.idf_, strict=True))

    def block(self, tfidf: sparse.csr_matrix | None = None) -> np.ndarray:
        matrix = self.tfidf if tfidf is None else tfidf
        if self.svd is None:
            return normalise(matrix.toarray())
        return normalise(self.svd.transform(matrix))

    def transform(self, lemma_lists: list[list[str]]) -> np.ndarray:
        return self.block(self.vectoriser.transform(lemma_lists))


def fit_terms(
    lemma_lists: list[list[str]], *, dimensions: int = LSA_DIMENSIONS, seed: int = 0
) -> TermModel:
    n = len(lemma_lists)
    vectoriser = TfidfVectorizer(
        analyzer=_identity,
        sublinear_tf=True,
        min_df=2 if n >= 200 else 1,
        max_df=0.5 if n >= 50 else 1.0,
        dtype=np.float32,
    )
    try:
        tfidf = vectoriser.fit_transform(lemma_lists).tocsr()
    except ValueError:  # no term left (every text empty or only function words)
        vectoriser = TfidfVectorizer(analyzer=_identity, dtype=np.float32)
        tfidf = vectoriser.fit_transform([*lemma_lists, ["_"]])[:-1].tocsr()
    components = min(dimensions, tfidf.shape[1] - 1, max(n - 1, 1))
    svd = None
    if components >= 2:
        svd = TruncatedSVD(
            n_components=components, algorithm="randomized", n_iter=5, random_state=seed
        )
        svd.fit(tfidf)
    return TermModel(vectoriser=vectoriser, svd=svd, tfidf=tfidf)


def combine(
    term_block: np.ndarray,
    sentence_block: np.ndarray | None,
    sentence_weight: float = SENTENCE_WEIGHT,
) -> np.ndarray:
    """Both blocks side by side, the whole row of unit length again. Without sentence
    vectors (a data set given without them) the term block alone."""
    if sentence_block is None or sentence_block.shape[1] == 0:
        return normalise(term_block)
    return normalise(
        np.hstack([normalise(term_block), sentence_weight * normalise(sentence_block)])
    )


BRIDGE_NEIGHBOURS = 5


def bridge_languages(
    term_block: np.ndarray,
    sentence_block: np.ndarray | None,
    languages: list[str],
    main: str = "de",
) -> np.ndarray:
    """The term block of texts in another language than the corpus's main one, taken from
    the main-language texts nearest in meaning (by the multilingual sentence vector,
    weighted by similarity): their own words share nothing with the German vocabulary,
    so without this a Russian need would sit next to the other Russian needs (shared
    function words) instead of next to the German need that says the same."""
    if sentence_block is None or not len(languages):
        return term_block
    languages = np.asarray(languages)
    foreign = np.flatnonzero(languages != main)
    home = np.flatnonzero(languages == main)
    if not len(foreign) or not len(home):
        return term_block
    bridged = term_block.copy()
    sentences = normalise(sentence_block)
    scores = sentences[foreign] @ sentences[home].T
    k = min(BRIDGE_NEIGHBOURS, len(home))
    nearest = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    for row, (position, columns) in enumerate(zip(foreign, nearest, strict=True)):
        weights = np.clip(scores[row, columns], 0, None)
        if weights.sum() == 0:
            weights = np.ones_like(weights)
        bridged[position] = weights @ term_block[home[columns]]
    return normalise(bridged)


def home_lemmas(lemma_lists: list[list[str]], languages: list[str], main: str = "de"):
    """The lemma lists with those of other-language texts left empty, so that the term
    model (and the clusters' names) is the main language's."""
    return [
        lemmas if language == main else []
        for lemmas, language in zip(lemma_lists, languages, strict=True)
    ]


def space(
    lemma_lists: list[list[str]],
    sentence_block: np.ndarray | None,
    languages: list[str],
    main: str = "de",
    *,
    seed: int = 0,
):
    """(term model, combined vectors) of a corpus: what the job, the workspace and the
    command line all build."""
    if sentence_block is not None:
        lemma_lists = home_lemmas(lemma_lists, languages, main)
    terms = fit_terms(lemma_lists, seed=seed)
    term_block = bridge_languages(terms.block(), sentence_block, languages, main)
    return terms, combine(term_block, sentence_block)
