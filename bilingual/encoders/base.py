"""The encoder interface: texts in, L2-normalised float32 matrix out."""

from __future__ import annotations

from typing import Protocol, Sequence, runtime_checkable

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
