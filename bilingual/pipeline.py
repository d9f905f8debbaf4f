"""The Python API the CLI is a thin layer over: read -> segment -> embed -> align -> check.

    >>> import bilingual
    >>> from bilingual.reports import render_text
    >>> al = bilingual.align_files("article.en.txt", "article.ko.txt")
    >>> print(render_text(al))

Everything heavy (Kiwi, the encoder) is loaded lazily, once per process, and reused.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .errors import InputError
from .model import Alignment, Document, Side

if TYPE_CHECKING:  # imported lazily at run time: they pull numpy, Kiwi, the encoder
    from .align import AlignConfig
    from .encoders.base import Encoder


def load(path: str) -> Document:
    """Read a file (``-`` for stdin) and label its structure, languages and sentences."""
    from .sentences import load as _load

    return _load(path)


def sides_from_mixed(doc: Document, *, segmented: bool = False) -> tuple[Side, Side]:
    """The English and Korean sides of one document that holds both languages."""
    from .sentences import side, side_from_lines

    make_side = side_from_lines if segmented else side
    return make_side(doc, "en"), make_side(doc, "ko")


def sides_from_pair(en_doc: Document, ko_doc: Document, *, segmented: bool = False) -> tuple[Side, Side]:
    """The English side of one file and the Korean side of another.

    Each file's sentences are taken whatever language they were detected as, so a
    Korean file with an English sentence left in it keeps that sentence (the
    untranslated check reports it) instead of silently losing it.
    """
    from .sentences import side, side_from_lines

    make_side = side_from_lines if segmented else side
    return make_side(en_doc, "en", all_languages=True), make_side(ko_doc, "ko", all_languages=True)


def load_sides(en_path: str, ko_path: str | None = None, *, segmented: bool = False) -> tuple[Side, Side]:
    """Sides from two files (English, Korean) or from one mixed file (``ko_path`` None)."""
    from .read import read_path
    from .sentences import segment

    def doc_of(path: str) -> Document:
        # --segmented input is one sentence per line: no structure detection or re-splitting.
        return read_path(path) if segmented else segment(read_path(path))

    if ko_path is None:
        en, ko = sides_from_mixed(doc_of(en_path), segmented=segmented)
        if not en.sentences and not ko.sentences:
            raise InputError(f"{en_path}: no English or Korean sentences found")
        if not en.sentences:
            raise InputError(f"{en_path}: no English text found (give the English version as a second file?)")
        if not ko.sentences:
            raise InputError(f"{en_path}: no Korean text found (give the Korean version as a second file?)")
        return en, ko
    en, ko = sides_from_pair(doc_of(en_path), doc_of(ko_path), segmented=segmented)
    for side, path in ((en, en_path), (ko, ko_path)):
        if not side.sentences:
            raise InputError(f"{path}: no sentences found")
    # A Korean file given as the English one would be "aligned" as such, every sentence
    # reported as untranslated. (Korean left in English is kept below half the text.)
    if _korean_share(en) > 0.5:
        raise InputError(
            f"{en_path}: the English version is mostly Korean "
            f"(give the English file first, then the Korean one)"
        )
    return en, ko


def _korean_share(side: Side) -> float:
    """The share of a side's sentence characters detected as Korean."""
    total = sum(len(s.text) for s in side.sentences)
    korean = sum(len(s.text) for s in side.sentences if s.lang == "ko")
    return korean / total if total else 0.0


def get_encoder(model: str | None = None, *, cache: bool | str = True) -> Encoder:
    """The encoder for ``model`` (None: the bundled multilingual USE), loaded once per process."""
    from .encoders import get_encoder as _get

    return _get(model, cache=cache)


def align_sides(
    en: Side,
    ko: Side,
    *,
    encoder: Encoder | None = None,
    model: str | None = None,
    config: AlignConfig | None = None,
    check: bool = True,
    skip: Iterable[str] = (),
) -> Alignment:
    """Align two sides and (unless ``check`` is False) run every drift check on the result."""
    from .align import align as _align
    from .checks import run_checks
    from .encoders.base import encoder_signature

    encoder = encoder or get_encoder(model)
    links = _align(en, ko, encoder, config)
    if check:
        return run_checks(en, ko, links, encoder, skip=frozenset(skip))
    # The same signature run_checks records, so reports look alike with or without checks.
    return Alignment(en=en, ko=ko, links=links, signature=encoder_signature(encoder))


def align_files(
    en_path: str,
    ko_path: str | None = None,
    *,
    segmented: bool = False,
    encoder: Encoder | None = None,
    model: str | None = None,
    config: AlignConfig | None = None,
    check: bool = True,
    skip: Iterable[str] = (),
) -> Alignment:
    """Read, split, align and check an article pair (or one mixed file)."""
    en, ko = load_sides(en_path, ko_path, segmented=segmented)
    return align_sides(en, ko, encoder=encoder, model=model, config=config, check=check, skip=skip)

