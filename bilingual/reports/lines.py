"""One line per finding, ``path:line: severity kind: message``, like a linter.

Editors and CI annotators that understand ``path:line:`` jump straight to the
evidence: the Korean file for most kinds, the English file for ``missing`` (the
Korean side has nothing to point at). Output is empty when there are no findings.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..corpus import as_alignments, finding_location
from ..model import Alignment, Finding


def finding_line(finding: Finding) -> str:
    """``severity kind: message`` on one line (shared by every report that lists findings).

    It lives here, in the lightest writer, so that ``bilingual check`` can print findings
    without importing polars (which the CSV/XLSX writers need).
    """
    message = " ".join(finding.message.split())
    return f"{finding.severity} {finding.kind}: {message}"


def render_lines(alignments: Alignment | Iterable[Alignment]) -> str:
    """Every finding of every alignment, sorted by path then line (stable otherwise)."""
    entries: list[tuple[str, int, int, str]] = []
    for al in as_alignments(alignments):
        for finding in al.all_findings():
            path, line = finding_location(al, finding)
            entries.append((path, line, len(entries), finding_line(finding)))
    entries.sort()
    return "".join(f"{path}:{line}: {text}\n" for path, line, _, text in entries)
