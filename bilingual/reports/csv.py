"""One row per link, for reviewing in a spreadsheet and reading the decisions back.

The frame built here is shared by the CSV and XLSX writers. Sentence numbers are
1-based (as a reviewer counts); ``finding_ids`` holds the baseline keys of the
row's findings, space separated, so ``bilingual accept`` can read a reviewed file
back: rows whose ``decision`` says accept have their findings added to the baseline.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import polars as pl

from ..corpus import (
    DECISION_COLUMN,
    DOCUMENT_COLUMN,
    FINDING_IDS_COLUMN,
    NOTE_COLUMN,
    as_alignments,
    document_label,
    finding_keys,
    link_status,
    link_text,
    rounded_score,
)
from ..model import Alignment, Finding
from .lines import finding_line

COLUMNS: tuple[str, ...] = (
    DOCUMENT_COLUMN,
    "link",
    "en_sentences",
    "ko_sentences",
    "en_text",
    "ko_text",
    "score",
    "link_type",
    "status",
    "finding_kinds",
    "messages",
    DECISION_COLUMN,
    NOTE_COLUMN,
    FINDING_IDS_COLUMN,
)

SCHEMA: dict[str, pl.DataType] = {
    name: (pl.Int64() if name == "link" else pl.Float64() if name == "score" else pl.String())
    for name in COLUMNS
}

# The row that carries document-level findings (not tied to one link) has this link type.
DOCUMENT_ROW_TYPE = "document"


def sentence_numbers(indices: Sequence[int]) -> str:
    """0-based sentence indices as 1-based numbers: ``3``, ``3-4`` for a run, ``3,5`` otherwise."""
    if not indices:
        return ""
    numbers = [i + 1 for i in indices]
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}-{numbers[-1]}"
    return ",".join(str(n) for n in numbers)


def _findings_columns(findings: Iterable[Finding], keys: dict[int, str]) -> dict[str, object]:
    findings = list(findings)
    return {
        "status": link_status(findings),
        "finding_kinds": "; ".join(dict.fromkeys(f.kind for f in findings)),
        "messages": "\n".join(finding_line(f) for f in findings),
        FINDING_IDS_COLUMN: " ".join(dict.fromkeys(keys[id(f)] for f in findings)),
    }


def to_frame(alignments: Alignment | Iterable[Alignment]) -> pl.DataFrame:
    """One row per link of every alignment, plus one row per document with document-level
    findings (``link`` empty, ``link_type`` ``document``). ``decision`` and
    ``reviewer_note`` are empty, for the reviewer to fill in."""
    rows: list[dict[str, object]] = []
    for al in as_alignments(alignments):
        label = document_label(al)
        keys = {id(f): key for f, key in finding_keys(al)}
        for number, link in enumerate(al.links, start=1):
            rows.append(
                {
                    DOCUMENT_COLUMN: label,
                    "link": number,
                    "en_sentences": sentence_numbers(link.en),
                    "ko_sentences": sentence_numbers(link.ko),
                    "en_text": link_text(al.en, link.en),
                    "ko_text": link_text(al.ko, link.ko),
                    "score": rounded_score(link.score),
                    "link_type": link.type,
                    **_findings_columns(link.findings, keys),
                    DECISION_COLUMN: "",
                    NOTE_COLUMN: "",
                }
            )
        if al.findings:
            rows.append(
                {
                    DOCUMENT_COLUMN: label,
                    "link": None,
                    "en_sentences": "",
                    "ko_sentences": "",
                    "en_text": "",
                    "ko_text": "",
                    "score": None,
                    "link_type": DOCUMENT_ROW_TYPE,
                    **_findings_columns(al.findings, keys),
                    DECISION_COLUMN: "",
                    NOTE_COLUMN: "",
                }
            )
    return pl.DataFrame(rows, schema=SCHEMA)


def render_csv(alignments: Alignment | Iterable[Alignment], bom: bool = True) -> bytes:
    """The frame as CSV bytes: UTF-8, with a byte order mark by default because Excel
    reads a CSV without one in the system code page and garbles Hangul; CRLF row ends
    (RFC 4180) with LF kept inside quoted multi-line cells."""
    buffer = io.BytesIO()
    frame = to_frame(alignments)
    frame = frame.with_columns(
        [_defuse_formula(name) for name, dtype in frame.schema.items() if dtype == pl.String]
    )
    frame.write_csv(buffer, include_bom=bom, line_terminator="\r\n")
    return buffer.getvalue()


def _defuse_formula(name: str) -> pl.Expr:
    """Text that Excel would run as a formula (a cell starting with = + - @) gets a leading
    apostrophe, as spreadsheet tools recommend against CSV injection; article text only ever
    starts that way by accident ("-- Reuters"), and the .xlsx export writes text as text."""
    column = pl.col(name)
    risky = column.str.contains(r"^[=+\-@]")
    return pl.when(risky).then(pl.lit("'") + column).otherwise(column).alias(name)
