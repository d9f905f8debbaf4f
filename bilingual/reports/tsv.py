"""Two tab-separated columns, English then Korean, one translation unit per line.

The plain bitext format of LF Aligner and Okapi: no header, no quoting, so tabs and
line breaks inside the text become spaces. Links with an empty side are skipped
(they are not translation pairs); a merged link (2-1, 1-2) is one line with its
sentences joined by a space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..corpus import as_alignments, link_status, link_text
from ..model import Alignment

_BREAKS = re.compile(r"[\t\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def _cell(text: str) -> str:
    return _BREAKS.sub(" ", text).strip()


def render_tsv(alignments: Alignment | Iterable[Alignment], only_clean: bool = False) -> str:
    """``EN<TAB>KO`` lines for every non-null link; ``only_clean`` drops links with
    warning or error findings (for building a training corpus from checked text)."""
    lines: list[str] = []
    for al in as_alignments(alignments):
        for link in al.links:
            if not link.en or not link.ko:
                continue
            if only_clean and link_status(link.findings) != "ok":
                continue
            en = _cell(link_text(al.en, link.en))
            ko = _cell(link_text(al.ko, link.ko))
            lines.append(f"{en}\t{ko}\n")
    return "".join(lines)
