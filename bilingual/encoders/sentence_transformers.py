"""Any sentence-transformers model (LaBSE & co.) as an Encoder; GPU when there is one.

Needs the optional extra: ``pip install 'bilingual[st]'``. The library is imported
only when such a model is asked for, so the default path never pays for torch.

Where the model comes from, in order, and why:

1. ``spec`` is an existing folder: load it with no network access at all.
2. ``spec`` is a hub id already in the local Hugging Face cache: load that
   snapshot folder directly, again with no network access (sentence-transformers
   would otherwise ask the hub for the latest revision first).
3. Otherwise the hub is the only source. If ``HF_HUB_OFFLINE`` is set we fail at
   once; else one short metadata request (``HF_HUB_ETAG_TIMEOUT``, default 5 s
   here) decides between "no such model", "hub unreachable" and "download it",
   so an offline machine gets a clear error in seconds rather than a minute of
   retries inside the download code.

``version`` is the hub commit hash when known, else a fingerprint of the folder's
files, so the embedding cache never mixes vectors of two different models.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bilingual.encoders.base import empty_embeddings, l2_normalize, text_list
from bilingual.errors import ModelError

INSTALL_HINT = (
    "install the optional extra: pip install 'bilingual[st]' "
    "(and CPU torch first: pip install torch==2.13.0)"
)
HUB_ORGANIZATION = "sentence-transformers"  # bare names like "LaBSE" live here
DEFAULT_PROBE_TIMEOUT_S = 5.0
_SMALL_FILE = 1 << 20  # hashed whole; bigger files (weights) are sampled
_SAMPLE = 1 << 16


def _one_line(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _hub_offline() -> bool:
    # huggingface_hub reads HF_HUB_OFFLINE once at import; read the environment too
    # so setting it later in the process (tests, notebooks) still counts.
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(var, "").strip().lower() in ("1", "true", "yes", "on"):
            return True
    try:
        from huggingface_hub import constants

        return bool(constants.HF_HUB_OFFLINE)
    except ImportError:
        return False


def _probe_timeout() -> float:
    try:
        return float(os.environ["HF_HUB_ETAG_TIMEOUT"])
    except (KeyError, ValueError):
        return DEFAULT_PROBE_TIMEOUT_S


def folder_fingerprint(folder: Path) -> str:
    """A short hash of a model folder's files: names, sizes and (sampled) contents.

    Small files (configs, tokenizer) are hashed whole. Weight files are hashed from
    their size plus three 64 KiB samples: retrained weights differ everywhere, and
    reading a few hundred KiB keeps this to milliseconds even for a 2 GB model,
    while names+sizes alone would not tell a fine-tuned copy from its base.
    """
    digest = hashlib.sha256()
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.suffix.lower() != ".md"  # model cards do not change embeddings
    )
    for path in files:
        size = path.stat().st_size
        digest.update(f"{path.relative_to(folder).as_posix()}\0{size}\0".encode())
        with open(path, "rb") as handle:
            if size <= _SMALL_FILE:
                digest.update(handle.read())
            else:
                for offset in (0, size // 2, size - _SAMPLE):
                    handle.seek(offset)
                    digest.update(handle.read(_SAMPLE))
    return "files-" + digest.hexdigest()[:16]


@dataclass(frozen=True)
class ModelSource:
    """Where to load a model from and how to name it.

    Exactly one of ``folder`` (local, no network) and ``repo_id`` (download at
    ``revision``) is set.
    """

    name: str
    version: str
    folder: Path | None = None
    repo_id: str | None = None
    revision: str | None = None


def _hub_snapshot_identity(folder: Path) -> tuple[str, str] | None:
    """(repo id, commit) when ``folder`` is a snapshot inside a Hugging Face cache."""
    parts = folder.parts
    if len(parts) >= 3 and parts[-2] == "snapshots" and parts[-3].startswith("models--"):
        return parts[-3][len("models--") :].replace("--", "/"), parts[-1]
    return None


def _looks_like_path(spec: str) -> bool:
    return (
        spec.startswith((".", "~", "/"))
        or "\\" in spec
        or spec.count("/") > 1
        or (os.sep != "/" and os.sep in spec)
    )


def resolve_model_source(spec: str, cache_folder: str | None = None) -> ModelSource:
    """Decide where ``spec`` (a folder or a hub id) loads from; see the module docstring."""
    path = Path(spec).expanduser()
    if path.is_dir():
        folder = path.resolve()
        identity = _hub_snapshot_identity(folder)
        if identity is not None:
            return ModelSource(name=identity[0], version=identity[1], folder=folder)
        return ModelSource(name=folder.name, version=folder_fingerprint(folder), folder=folder)
    if path.exists():
        raise ModelError(f"model path {spec} is a file; pass the model's folder")
    if _looks_like_path(spec):
        raise ModelError(f"no model folder at {spec}")

    from huggingface_hub import snapshot_download

    candidates = [spec] if "/" in spec else [spec, f"{HUB_ORGANIZATION}/{spec}"]
    for repo_id in candidates:
        try:
            snapshot = Path(
                snapshot_download(repo_id, local_files_only=True, cache_dir=cache_folder)
            )
        except (OSError, ValueError):  # not cached, or not a valid repo id
            continue
        return ModelSource(name=repo_id, version=snapshot.name, folder=snapshot)

    fix = (
        f"download the model folder where you have internet (hf download {candidates[-1]} "
        f"--local-dir ./{candidates[-1].split('/')[-1]}) and pass its path, or go online"
    )
    if _hub_offline():
        raise ModelError(
            f"model {spec!r} is not a local folder nor in the Hugging Face cache and "
            f"HF_HUB_OFFLINE is set: {fix}"
        )

    from huggingface_hub import HfApi
    from huggingface_hub.errors import RepositoryNotFoundError

    for repo_id in candidates:
        try:
            info = HfApi().model_info(repo_id, timeout=_probe_timeout())
        except RepositoryNotFoundError:  # also private/gated repos without a token
            continue
        except ValueError as exc:  # huggingface_hub's repo-id validation
            raise ModelError(f"invalid model name {spec!r}: {_one_line(exc, 120)}") from None
        # The HTTP client's error types change across hub releases (requests, httpx):
        # anything else here means the hub could not be asked.
        except Exception as exc:  # noqa: BLE001
            raise ModelError(
                f"cannot reach the Hugging Face hub for model {spec!r} ({_one_line(exc, 120)}): "
                f"{fix}"
            ) from None
        return ModelSource(
            name=repo_id, version=info.sha or "unknown", repo_id=repo_id, revision=info.sha
        )
    raise ModelError(
        f"unknown model {spec!r}: not a folder and not a model on the Hugging Face hub "
        "(private and gated models need `hf auth login`)"
    )


def pick_device(device: str | None) -> str:
    """``device`` if usable, else CUDA when available, else CPU."""
    import torch

    if device is None:
        return "cuda" if torch.cuda.is_available() else "cpu"
    try:
        parsed = torch.device(device)
    except (RuntimeError, ValueError) as exc:
        raise ModelError(f"unknown device {device!r}: {_one_line(exc)}") from None
    if parsed.type == "cuda" and not torch.cuda.is_available():
        raise ModelError(f"device {device!r} requested but torch sees no CUDA GPU")
    return device


@contextlib.contextmanager
def _quiet_loading():
    """Silence transformers' per-load progress bars and info logs (no stage prints)."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        yield
        return
    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


class SentenceTransformerEncoder:
    """A loaded sentence-transformers model; rows come back unit-normalised."""

    def __init__(self, model, name: str, version: str, device: str, batch_size: int | None = None):
        self.model = model
        self.name = name
        self.version = version
        self.device = device
        # Bigger batches pay off on a GPU; on CPU 32 keeps padding waste and memory low.
        self.batch_size = batch_size or (128 if device.startswith("cuda") else 32)
        # get_embedding_dimension is the sentence-transformers >= 6 name.
        dim_of = getattr(model, "get_embedding_dimension", None)
        if dim_of is None:
            dim_of = model.get_sentence_embedding_dimension
        dim = dim_of()
        if dim is None:  # some custom modules do not declare it
            dim = int(self._run(["dimension probe"]).shape[1])
        self.dim = int(dim)

    def _run(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = text_list(texts)
        if not texts:
            return empty_embeddings(self.dim)
        return l2_normalize(self._run(texts))

    def __repr__(self) -> str:
        return f"SentenceTransformerEncoder({self.name!r}, version={self.version!r}, device={self.device!r})"


def load_sentence_transformer(
    spec: str, device: str | None = None, batch_size: int | None = None
) -> SentenceTransformerEncoder:
    """Load a sentence-transformers model from a folder or the hub; ModelError if impossible."""
    import importlib.util

    if importlib.util.find_spec("sentence_transformers") is None:
        raise ModelError(f"model {spec!r} needs sentence-transformers: {INSTALL_HINT}")
    # Find the model before importing torch (seconds): a bad name fails at once.
    cache_folder = os.environ.get("SENTENCE_TRANSFORMERS_HOME") or None
    source = resolve_model_source(spec, cache_folder)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # installed but broken, e.g. torch missing
        raise ModelError(
            f"model {spec!r} needs sentence-transformers ({_one_line(exc, 80)}): {INSTALL_HINT}"
        ) from None
    device = pick_device(device)
    try:
        with _quiet_loading():
            if source.folder is not None:
                model = SentenceTransformer(
                    str(source.folder), device=device, local_files_only=True
                )
            else:
                model = SentenceTransformer(
                    source.repo_id,
                    revision=source.revision,
                    device=device,
                    cache_folder=cache_folder,
                )
    # Loading runs arbitrary module code (configs, tokenizers, custom layers); whatever
    # breaks, the user needs one line naming the model, not a traceback.
    except Exception as exc:  # noqa: BLE001
        where = source.folder or source.repo_id
        raise ModelError(f"cannot load model {spec!r} from {where}: {_one_line(exc)}") from None
    model.eval()
    return SentenceTransformerEncoder(model, source.name, source.version, device, batch_size)
