"""Sentence encoders: texts -> unit vectors in one multilingual space, plus the disk cache.

``get_encoder()`` is the entry point. Models are constructed once per process and
shared (the USE weights take ~1 s and ~100 MB to load, LaBSE far more); each call
returns a fresh ``CachedEncoder`` wrapper around the shared model, so cache
settings and hit/miss counters are per caller while the model is not.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from bilingual.encoders.base import Encoder, encoder_signature, l2_normalize
from bilingual.encoders.cache import (
    CachedEncoder,
    EmbeddingCacheWarning,
    EmbeddingStore,
    resolve_cache_dir,
)
from bilingual.encoders.use import USE_NAME, USEEncoder
from bilingual.errors import ModelError

DEFAULT_ENCODER = USE_NAME
USE_ALIASES = frozenset({"use", USE_NAME})

_loaded: dict[tuple[str, str | None], Encoder] = {}
_loading = threading.Lock()


def _model_key(spec: str | None, device: str | None) -> tuple[str, str | None]:
    if spec is None or spec.strip().lower() in USE_ALIASES:
        return USE_NAME, None  # numpy on the CPU: device does not apply
    spec = spec.strip()
    if not spec:
        raise ModelError("empty model name; leave it out for the default encoder")
    path = Path(spec).expanduser()
    # The same folder spelled two ways must not load twice.
    return (str(path.resolve()) if path.is_dir() else spec), device


def load_model(spec: str | None = None, *, device: str | None = None) -> Encoder:
    """The bare (uncached) encoder for ``spec``, built once per process and reused."""
    key = _model_key(spec, device)
    with _loading:
        model = _loaded.get(key)
        if model is None:
            if key[0] == USE_NAME:
                model = USEEncoder()
            else:
                from bilingual.encoders.sentence_transformers import load_sentence_transformer

                model = load_sentence_transformer(key[0], device=device)
            _loaded[key] = model
        return model


def get_encoder(
    spec: str | None = None,
    *,
    cache: bool | str | os.PathLike = True,
    device: str | None = None,
) -> CachedEncoder:
    """An encoder for ``spec`` with the on-disk embedding cache in front of it.

    ``spec``: None, ``"use"`` or ``"use-multilingual-v3"`` for the bundled default;
    anything else is a sentence-transformers model folder or hub id (for example
    ``sentence-transformers/LaBSE``). ``cache``: True for the default location
    (``$BILINGUAL_CACHE_DIR`` or the user cache folder), a folder, or False.
    ``device``: torch device for sentence-transformers models (default: CUDA if
    available, else CPU). Raises ModelError when the model cannot be loaded.
    """
    return CachedEncoder(load_model(spec, device=device), resolve_cache_dir(cache))


def clear_loaded_models() -> None:
    """Forget the models built so far (frees their memory once no caller holds them)."""
    with _loading:
        _loaded.clear()


__all__ = [
    "DEFAULT_ENCODER",
    "CachedEncoder",
    "EmbeddingCacheWarning",
    "EmbeddingStore",
    "Encoder",
    "ModelError",
    "USEEncoder",
    "clear_loaded_models",
    "encoder_signature",
    "get_encoder",
    "l2_normalize",
    "load_model",
    "resolve_cache_dir",
]
