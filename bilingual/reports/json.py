"""The whole result as JSON, for scripts and other tools.

Sentence indices in ``links`` are 0-based positions in the ``en``/``ko`` arrays.
Evidence offsets (``start``/``end``) are character offsets into the decoded file
text as it was on disk (``Document.source_offset``), so an editor integration can
highlight them without re-normalising the file; ``line`` is 1-based.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..corpus import (
    as_alignments,
    document_label,
    finding_keys,
    finding_location,
    is_mixed,
    link_status,
    rounded_score,
    summarize,
)
from ..model import Alignment, Document, Evidence, Finding


def _evidence_obj(evidence: Evidence | None, doc: Document) -> dict | None:
    if evidence is None:
        return None
    return {
        "start": doc.source_offset(evidence.start),
        "end": doc.source_offset(evidence.end),
        "text": evidence.text,
        "line": doc.line_of(evidence.start),
    }


def _finding_obj(al: Alignment, finding: Finding, key: str) -> dict:
    path, line = finding_location(al, finding)
    return {
        "id": key,
        "kind": finding.kind,
        "severity": finding.severity,
        "message": finding.message,
        "path": path,
        "line": line,
        "en": _evidence_obj(finding.en, al.en.doc),
        "ko": _evidence_obj(finding.ko, al.ko.doc),
    }


def to_json_obj(al: Alignment) -> dict:
    """One alignment as a JSON-ready dict."""
    keys = {id(f): key for f, key in finding_keys(al)}
    return {
        "document": document_label(al),
        "files": {
            "en": al.en.doc.path,
            "ko": al.ko.doc.path,
            "mixed": is_mixed(al),
            "encoding": {"en": al.en.doc.encoding, "ko": al.ko.doc.encoding},
        },
        "en": al.en.texts,
        "ko": al.ko.texts,
        "links": [
            {
                "en": list(link.en),
                "ko": list(link.ko),
                "type": link.type,
                "score": rounded_score(link.score),
                "status": link_status(link.findings),
                "findings": [_finding_obj(al, f, keys[id(f)]) for f in link.findings],
            }
            for link in al.links
        ],
        "findings": [_finding_obj(al, f, keys[id(f)]) for f in al.findings],
        "summary": summarize(al).to_dict(),
        "signature": al.signature,
    }


def render_json(alignments: Alignment | Iterable[Alignment], indent: int | None = 2) -> str:
    """One alignment as a JSON object; a list of alignments as a JSON array of them.
    Non-ASCII text (Hangul) is written as is, not as ``\\u`` escapes."""
    if isinstance(alignments, Alignment):
        data: object = to_json_obj(alignments)
    else:
        data = [to_json_obj(al) for al in as_alignments(alignments)]
    # Signatures may carry paths or numpy scalars from other stages.
    return json.dumps(data, ensure_ascii=False, indent=indent, default=_jsonable) + "\n"


def _jsonable(value: object) -> object:
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        try:
            return item()
        except (TypeError, ValueError):
            pass
    return str(value)
