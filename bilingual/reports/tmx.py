"""Translation memory export (TMX 1.4b) for CAT tools and corpus builders.

One ``<tu>`` per link with sentences on both sides (a merged 2-1 link is one unit
with its sentences joined by a space); links with an empty side are not translation
units and are skipped. A unit's findings travel with it as ``<note>`` elements, and
``x-`` properties record the document, link number, link type, score and status.
No creation date is written, so the same input always gives the same bytes.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from .. import __version__
from ..corpus import as_alignments, document_label, link_status, link_text
from ..model import Alignment
from .lines import finding_line

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Characters XML 1.0 does not allow at all (C0 controls other than tab/LF/CR, lone
# surrogates, U+FFFE/U+FFFF): escaping cannot save them, so they are removed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def render_tmx(alignments: Alignment | Iterable[Alignment], only_clean: bool = False) -> bytes:
    """The alignments as one TMX document (UTF-8). ``only_clean`` leaves out links that
    have warning or error findings, for a memory of checked translations only."""
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "bilingual",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "bilingual",
            "adminlang": "en",
            "srclang": "en",
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    for al in as_alignments(alignments):
        label = xml_safe(document_label(al))
        for number, link in enumerate(al.links, start=1):
            if not link.en or not link.ko:
                continue
            status = link_status(link.findings)
            if only_clean and status != "ok":
                continue
            tu = ET.SubElement(body, "tu", {"tuid": f"{label}#{number}"})
            properties = {
                "x-document": label,
                "x-link": str(number),
                "x-link-type": link.type,
                "x-status": status,
            }
            if link.score is not None and math.isfinite(link.score):
                properties["x-score"] = f"{float(link.score):.4f}"
            # TMX requires notes and props before the first tuv.
            for name, value in properties.items():
                ET.SubElement(tu, "prop", {"type": name}).text = value
            for finding in link.findings:
                ET.SubElement(tu, "note").text = xml_safe(finding_line(finding))
            for lang, side, indices in (("en", al.en, link.en), ("ko", al.ko, link.ko)):
                tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
                ET.SubElement(tuv, "seg").text = xml_safe(link_text(side, indices))
    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode")
    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    return (prolog + xml + "\n").encode("utf-8")
