"""Report writers: a finished Alignment (or several) in, text or bytes out.

No writer prints or touches files; the CLI writes the result to stdout or with
``bilingual.io.write_atomic``. ``FORMATS`` maps a format name, which is also the
output file extension, to its writer; ``render`` dispatches on it.

========  =====================================================  ======  =================
format    what                                                   type    options
========  =====================================================  ======  =================
txt       terminal report, EN beside KO, findings, verdict       str     color, width
json      everything, offsets into the files on disk             str     indent
lines     ``path:line: severity kind: message`` per finding      str
csv       one row per link, for review in a spreadsheet          bytes   bom
xlsx      the same as an Excel workbook, highlighted             bytes
tmx       TMX 1.4b translation memory                            bytes   only_clean
tsv       ``EN<TAB>KO`` bitext (LF Aligner / Okapi)              str     only_clean
========  =====================================================  ======  =================
"""

from __future__ import annotations

import importlib
import inspect
import os
from collections.abc import Callable, Iterable, Iterator, Mapping

from ..errors import ConfigError
from ..model import Alignment

Writer = Callable[..., "str | bytes"]

# format -> (module, writer function). The modules are imported on first use: the CSV and
# XLSX writers pull in polars and xlsxwriter (about half a second), which `bilingual check`,
# printing lines, must not pay for on every commit.
_WRITERS: dict[str, tuple[str, str]] = {
    "txt": ("text", "render_text"),
    "json": ("json", "render_json"),
    "lines": ("lines", "render_lines"),
    "csv": ("csv", "render_csv"),
    "xlsx": ("xlsx", "render_xlsx"),
    "tmx": ("tmx", "render_tmx"),
    "tsv": ("tsv", "render_tsv"),
}

# Everything else this package exports, by the module that defines it.
_OTHER_EXPORTS: dict[str, str] = {"to_frame": "csv", "to_json_obj": "json"}


def _load(module: str, name: str):
    return getattr(importlib.import_module(f".{module}", __name__), name)


class _Writers(Mapping):
    """format name -> writer, importing a writer's module only when it is looked up."""

    def __getitem__(self, name: str) -> Writer:
        module, function = _WRITERS[name]
        return _load(module, function)

    def __contains__(self, name: object) -> bool:
        return name in _WRITERS  # without importing the writer

    def __iter__(self) -> Iterator[str]:
        return iter(_WRITERS)

    def __len__(self) -> int:
        return len(_WRITERS)


FORMATS: Mapping[str, Writer] = _Writers()


def __getattr__(name: str):
    for module, function in _WRITERS.values():
        if function == name:
            return _load(module, function)
    if name in _OTHER_EXPORTS:
        return _load(_OTHER_EXPORTS[name], name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Other names accepted for a format (``--format text``).
ALIASES: dict[str, str] = {"text": "txt"}

# Formats whose writer returns bytes (write them with write_atomic / stdout.buffer).
BINARY_FORMATS = frozenset({"csv", "xlsx", "tmx"})


def format_name(name: str) -> str:
    """The canonical format name for ``name`` (case-insensitive, aliases resolved)."""
    key = name.strip().lower().lstrip(".")
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise ConfigError(f"unknown report format {name!r} (known: {known})")
    return key


def format_for_path(path: str | os.PathLike) -> str:
    """The format an output path asks for, from its extension (``out.xlsx`` -> ``xlsx``)."""
    extension = os.path.splitext(os.fspath(path))[1]
    if not extension:
        raise ConfigError(f"{os.fspath(path)}: no file extension to choose a report format from")
    try:
        return format_name(extension)
    except ConfigError:
        known = ", ".join(f".{name}" for name in sorted(FORMATS) if name != "lines")
        raise ConfigError(
            f"{os.fspath(path)}: unknown report extension {extension!r} (known: {known})"
        ) from None


def render(alignments: Alignment | Iterable[Alignment], fmt: str, **options) -> str | bytes:
    """Render with the writer for ``fmt``; ``options`` go to that writer (see the table)."""
    name = format_name(fmt)
    writer = FORMATS[name]
    accepted = list(inspect.signature(writer).parameters)[1:]
    for option in options:
        if option not in accepted:
            takes = ", ".join(accepted) or "no options"
            raise ConfigError(f"report format {name!r} does not take {option!r} (takes: {takes})")
    if not isinstance(alignments, Alignment):
        alignments = list(alignments)
    return writer(alignments, **options)


def render_bytes(alignments: Alignment | Iterable[Alignment], fmt: str, **options) -> bytes:
    """``render`` as bytes (text formats encoded as UTF-8), ready for ``write_atomic``."""
    out = render(alignments, fmt, **options)
    return out.encode("utf-8") if isinstance(out, str) else out


__all__ = [
    "ALIASES",
    "BINARY_FORMATS",
    "FORMATS",
    "format_for_path",
    "format_name",
    "render",
    "render_bytes",
    "render_csv",
    "render_json",
    "render_lines",
    "render_text",
    "render_tmx",
    "render_tsv",
    "render_xlsx",
    "to_frame",
    "to_json_obj",
]
