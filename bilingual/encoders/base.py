"""The encoder interface: texts in, L2-normalised float32 matrix out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """Anything that embeds sentences into one shared multilingual space.

    ``name`` and ``version`` identify the model exactly (they key the on-disk
    cache and are written into report signatures). ``encode`` returns an
    ``(len(texts), dim)`` float32 array whose rows have unit L2 norm.
    """

    name: str
    version: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def text_list(texts: Sequence[str]) -> list[str]:
    """``texts`` as a list, rejecting a bare string (a classic slip that embeds characters)."""
    if isinstance(texts, str):
        raise TypeError("encode() takes a sequence of strings, not one string")
    out = list(texts)
    for text in out:
        if not isinstance(text, str):
            raise TypeError(f"encode() takes strings, got {type(text).__name__}")
    return out


def empty_embeddings(dim: int) -> np.ndarray:
    return np.zeros((0, dim), dtype=np.float32)


def l2_normalize(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, as a C-contiguous float32 array.

    A zero row stays zero (there is no direction to keep) instead of becoming NaN.
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, np.float32(1e-12))


def encoder_signature(encoder: Encoder) -> dict[str, object]:
    """What a report records about the model that produced its scores."""
    return {"encoder": encoder.name, "encoder_version": encoder.version, "dim": encoder.dim}
