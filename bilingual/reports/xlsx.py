"""The review spreadsheet: the CSV frame as an Excel table made for reading.

Header row frozen, long text wrapped, columns sized for their content, rows with
errors in red and rows with warnings in amber, and a drop-down on ``decision``
suggesting ``accept`` (free text is still allowed). Cell text is written as text:
a sentence starting with ``=`` stays a sentence, not a formula, and URLs are not
turned into hyperlinks.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import polars as pl
import xlsxwriter

from ..corpus import DECISION_COLUMN
from ..model import Alignment
from .csv import COLUMNS, to_frame

# Excel refuses longer cell text.
_MAX_CELL = 32_767

# Column widths in pixels; the sentence columns get the room.
_WIDTHS = {
    "document": 160,
    "link": 45,
    "en_sentences": 60,
    "ko_sentences": 60,
    "en_text": 360,
    "ko_text": 360,
    "score": 55,
    "link_type": 70,
    "status": 65,
    "finding_kinds": 110,
    "messages": 320,
    "decision": 80,
    "reviewer_note": 200,
    "finding_ids": 140,  # read back by `bilingual accept`; keep it intact
}
_WRAPPED = ("document", "en_text", "ko_text", "finding_kinds", "messages", "reviewer_note")

DECISION_CHOICES = ["accept", "fix", "later"]


def _column_letter(index: int) -> str:
    return xlsxwriter.utility.xl_col_to_name(index)


def render_xlsx(alignments: Alignment | Iterable[Alignment]) -> bytes:
    """The review workbook as bytes (one sheet, ``alignment``)."""
    frame = to_frame(alignments).with_columns(
        pl.col(name).str.slice(0, _MAX_CELL) for name in ("en_text", "ko_text", "messages")
    )
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    worksheet = workbook.add_worksheet("alignment")
    text_format = {"text_wrap": True, "valign": "top"}
    frame.write_excel(
        workbook=workbook,
        worksheet=worksheet,
        table_style="Table Style Light 1",
        table_name="alignment",
        column_formats={
            **{name: dict(text_format) for name in _WRAPPED},
            **{
                name: {"valign": "top"}
                for name in COLUMNS
                if name not in _WRAPPED and name != "score"
            },
            "score": {"num_format": "0.00", "valign": "top"},
        },
        header_format={"bold": True, "text_wrap": True, "valign": "top"},
        column_widths=_WIDTHS,
        freeze_panes=(1, 0),
        autofilter=True,
    )
    rows = frame.height
    if rows:
        last_column = _column_letter(len(COLUMNS) - 1)
        status = _column_letter(COLUMNS.index("status"))
        data_range = f"A2:{last_column}{rows + 1}"
        for value, colours in (
            ("error", {"bg_color": "#F8CBAD", "font_color": "#7F1D1D"}),
            ("warning", {"bg_color": "#FFE699", "font_color": "#5C4400"}),
        ):
            worksheet.conditional_format(
                data_range,
                {
                    "type": "formula",
                    "criteria": f'=${status}2="{value}"',
                    "format": workbook.add_format(colours),
                },
            )
        decision = _column_letter(COLUMNS.index(DECISION_COLUMN))
        worksheet.data_validation(
            f"{decision}2:{decision}{rows + 1}",
            {
                "validate": "list",
                "source": DECISION_CHOICES,
                "show_error": False,  # a suggestion list, not a restriction
                "input_title": "Decision",
                "input_message": "accept: add this row's findings to the baseline",
            },
        )
    workbook.close()
    return buffer.getvalue()
