"""The terminal report: link by link, English beside Korean, findings under their link.

Hangul (and other East Asian wide characters) take two terminal cells, so wrapping
and column padding measure display width, not ``len()``. Below ``SIDE_BY_SIDE_MIN``
columns the two languages are stacked instead of placed side by side.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import zip_longest

from ..corpus import Summary, as_alignments, is_mixed, link_status, summarize
from ..model import Alignment, Finding, Side
from .lines import finding_line

DEFAULT_WIDTH = 100
SIDE_BY_SIDE_MIN = 72
_COLUMN_GAP = " │ "
_INDENT = "  "
_FINDING_INDENT = "    "
_NO_SENTENCE = "—"

_COLOURS = {
    "error": "\x1b[1;31m",
    "warning": "\x1b[33m",
    "info": "\x1b[36m",
    "ok": "\x1b[32m",
    "clean": "\x1b[1;32m",
    "review": "\x1b[1;33m",
    "drift": "\x1b[1;31m",
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
}
_RESET = "\x1b[0m"


# --------------------------------------------------------------------------- display width


def char_width(char: str) -> int:
    """Terminal cells taken by one character: 2 for wide/fullwidth (Hangul syllables,
    CJK), 0 for combining marks, format characters and conjoining Hangul vowels/finals."""
    code = ord(char)
    if 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:
        return 0  # medial vowels / final consonants join the preceding jamo
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` display cells."""
    return text + " " * max(0, width - display_width(text))


def wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most ``width`` display cells, at spaces where
    possible (Korean separates words with spaces too); a word wider than a line is
    cut between characters. Runs of whitespace collapse to one space."""
    width = max(1, width)
    lines: list[str] = []
    current, current_width = "", 0
    for word in text.split():
        word_width = display_width(word)
        if current and current_width + 1 + word_width <= width:
            current, current_width = f"{current} {word}", current_width + 1 + word_width
            continue
        if current:
            lines.append(current)
            current, current_width = "", 0
        while word_width > width:
            head, head_width = _cut(word, width)
            lines.append(head)
            word, word_width = word[len(head) :], word_width - head_width
        current, current_width = word, word_width
    if current or not lines:
        lines.append(current)
    return lines


def _cut(word: str, width: int) -> tuple[str, int]:
    used = 0
    for position, char in enumerate(word):
        cells = char_width(char)
        if used + cells > width and position > 0:
            return word[:position], used
        used += cells
    return word, used


def _printable(text: str) -> str:
    """Control characters from the input must not reach the terminal (escape sequences
    could rewrite the screen); line breaks and tabs become spaces."""
    out = []
    for char in text:
        if char in "\t\n\r\v\f":
            out.append(" ")
        elif unicodedata.category(char) == "Cc":
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out)


# --------------------------------------------------------------------------- pieces


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, name: str, text: str) -> str:
        if not self.color or name not in _COLOURS:
            return text
        return f"{_COLOURS[name]}{text}{_RESET}"


def _side_lines(
    side: Side, indices: Sequence[int], tag: str, number_width: int, width: int
) -> list[str]:
    """``EN 3  text`` with continuation lines under the text, for one side of a link."""
    label_width = len(tag) + 1 + number_width + 2
    if not indices:
        return [pad(tag, label_width) + _NO_SENTENCE]
    lines = []
    for index in indices:
        label = pad(f"{tag} {index + 1}", label_width)
        for line_number, line in enumerate(
            wrap(_printable(side.sentences[index].text), width - label_width)
        ):
            lines.append((label if line_number == 0 else " " * label_width) + line)
    return lines


def _hanging(text: str, width: int, indent: str = "", hang: str = "  ") -> list[str]:
    """``text`` wrapped to ``width`` with ``indent`` before the first line and ``indent +
    hang`` before the continuation lines."""
    first_width = width - len(indent)
    words = wrap(text, first_width)
    lines = [indent + words[0]]
    if len(words) > 1:
        rest = " ".join(words[1:])
        lines.extend(indent + hang + line for line in wrap(rest, first_width - len(hang)))
    return lines


def _styled_prefix(lines: list[str], prefix: str, styled: str) -> list[str]:
    """Colour ``prefix`` where the first line starts with it (after its indent); colour
    codes go in after wrapping so they never count towards the width."""
    stripped = lines[0].lstrip(" ")
    if prefix and stripped.startswith(prefix):
        indent = lines[0][: len(lines[0]) - len(stripped)]
        lines[0] = indent + styled + stripped[len(prefix) :]
    return lines


def _finding_lines(finding: Finding, width: int, style: _Style, indent: str) -> list[str]:
    lines = _hanging(_printable(finding_line(finding)), width, indent)
    return _styled_prefix(lines, finding.severity, style(finding.severity, finding.severity))


def _link_header(number: int, link, style: _Style) -> str:
    parts = [style("bold", f"#{number}"), link.type]
    if link.score is not None and math.isfinite(link.score):
        parts.append(f"score {float(link.score):.2f}")
    status = link_status(link.findings)
    if status != "ok":
        parts.append(style(status, status))
    return "  ".join(parts)


def _flatten(value: object, prefix: str = "") -> list[str]:
    if isinstance(value, dict):
        out: list[str] = []
        for key, item in value.items():
            out.extend(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, (list, tuple)):
        shown = json.dumps(list(value), ensure_ascii=False, default=str)
    else:
        shown = str(value)
    return [f"{prefix}={shown}"]


def _signature_line(signature: dict) -> str:
    """One line saying what produced the report (the JSON report carries every setting)."""
    if not signature:
        return "Signature: (none)"
    checks = signature.get("checks") or {}
    calibration = checks.get("calibration") or {}
    if "encoder" not in signature or not isinstance(checks, dict):
        ordered = dict(signature)
        model = ordered.pop("model", None)
        items = ([f"model={model}"] if model is not None else []) + _flatten(ordered)
        return "Signature: " + ", ".join(items)
    parts = [f"encoder {signature['encoder']} {signature.get('encoder_version', '')}".rstrip()]
    if calibration:
        parts.append(
            f"calibration {calibration.get('source', '?')} (meaning warning < "
            f"{calibration.get('meaning_warning')}, error < {calibration.get('meaning_error')})"
        )
    if checks:
        parts.append("skipped " + (", ".join(checks.get("skip") or []) or "nothing"))
    else:
        parts.append("drift checks not run")
    return "Signature: " + " | ".join(parts)


def _summary_lines(summary: Summary, style: _Style, width: int) -> list[str]:
    types = ", ".join(f"{count} {kind}" for kind, count in summary.link_types.items())
    noun = "link" if summary.links == 1 else "links"
    text = f"Summary: {summary.links} {noun}" + (f" ({types})" if types else "")
    lines = _styled_prefix(_hanging(text, width), "Summary:", style("bold", "Summary:"))
    for severity in ("error", "warning", "info"):
        count = summary.by_severity.get(severity, 0)
        if not count:
            continue
        kinds = ", ".join(f"{kind} {n}" for kind, n in summary.kinds_with(severity).items())
        label = f"{count} {severity}" + ("s" if count != 1 and severity != "info" else "")
        severity_lines = _hanging(f"{label}: {kinds}", width, _INDENT)
        lines.extend(_styled_prefix(severity_lines, label, style(severity, label)))
    lines.extend(_verdict_lines("Verdict:", summary, style, width))
    return lines


def _verdict_lines(label: str, summary: Summary, style: _Style, width: int) -> list[str]:
    lines = _hanging(f"{label} {summary.verdict}", width)
    if len(lines) == 1:
        return [style("bold", label) + " " + style(summary.status, summary.verdict)]
    return _styled_prefix(lines, label, style("bold", label))


# --------------------------------------------------------------------------- report


def _render_one(al: Alignment, style: _Style, width: int) -> list[str]:
    if is_mixed(al):
        title = f"{al.en.doc.path} (English and Korean in one file)"
    else:
        title = f"{al.en.doc.path} ↔ {al.ko.doc.path}"
    out = [style("bold", line) for line in wrap(_printable(title), width)] + [""]
    number_width = len(str(max(len(al.en.sentences), len(al.ko.sentences), 1)))
    side_by_side = width >= SIDE_BY_SIDE_MIN
    column = (width - len(_INDENT) - len(_COLUMN_GAP)) // 2
    for number, link in enumerate(al.links, start=1):
        out.append(_link_header(number, link, style))
        if side_by_side:
            en_lines = _side_lines(al.en, link.en, "EN", number_width, column)
            ko_lines = _side_lines(al.ko, link.ko, "KO", number_width, column)
            for en_line, ko_line in zip_longest(en_lines, ko_lines, fillvalue=""):
                row = pad(en_line, column) + _COLUMN_GAP + ko_line
                out.append((_INDENT + row).rstrip())
        else:
            text_width = width - len(_INDENT)
            for line in _side_lines(al.en, link.en, "EN", number_width, text_width) + _side_lines(
                al.ko, link.ko, "KO", number_width, text_width
            ):
                out.append(_INDENT + line)
        for finding in link.findings:
            out.extend(_finding_lines(finding, width, style, _FINDING_INDENT))
        out.append("")
    if al.findings:
        out.append(style("bold", "Document:"))
        for finding in al.findings:
            out.extend(_finding_lines(finding, width, style, _INDENT))
        out.append("")
    out.extend(_summary_lines(summarize(al), style, width))
    out.extend(_hanging(_printable(_signature_line(al.signature)), width))
    return out


def render_text(
    alignments: Alignment | Iterable[Alignment], *, color: bool = False, width: int = DEFAULT_WIDTH
) -> str:
    """The report for one alignment, or for several one after another with an overall
    verdict at the end. ``width`` is the terminal width in columns; ``color`` adds ANSI
    colours (the caller decides, e.g. only when writing to a terminal)."""
    alignments = as_alignments(alignments)
    style = _Style(color)
    width = max(20, width)
    blocks = ["\n".join(_render_one(al, style, width)) for al in alignments]
    if len(alignments) > 1:
        total = summarize(alignments)
        label = f"Overall: {total.documents} documents,"
        blocks.append("\n".join(_verdict_lines(label, total, style, width)))
    separator = "\n" + "─" * min(width, 40) + "\n\n" if len(blocks) > 1 else ""
    return separator.join(blocks) + "\n"
