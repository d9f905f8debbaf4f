"""bilingual: align English and Korean versions of an article and flag translation drift.

The public API (what the ``bilingual`` command calls)::

    import bilingual
    doc = bilingual.load("004.txt")                         # read + structure + language + sentences
    al = bilingual.align_files("a.en.txt", "a.ko.txt")      # + embed + align + check
    al = bilingual.align_files("004.txt")                   # one mixed file
    for finding in al.all_findings(): ...

Submodules are imported lazily so ``import bilingual`` stays cheap (pre-commit runs it often).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "load": "pipeline",
    "load_sides": "pipeline",
    "sides_from_mixed": "pipeline",
    "sides_from_pair": "pipeline",
    "get_encoder": "pipeline",
    "align_sides": "pipeline",
    "align_files": "pipeline",
    "Alignment": "model",
    "Document": "model",
    "Finding": "model",
    "Link": "model",
    "Sentence": "model",
    "Side": "model",
    "Span": "model",
    "BilingualError": "errors",
}

__all__ = [
    "Alignment",
    "BilingualError",
    "Document",
    "Finding",
    "Link",
    "Sentence",
    "Side",
    "Span",
    "__version__",
    "align_files",
    "align_sides",
    "get_encoder",
    "load",
    "load_sides",
    "sides_from_mixed",
    "sides_from_pair",
]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'bilingual' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
