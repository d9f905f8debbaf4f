"""What every per-link check receives, and how it points back into the documents."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Evidence, Link, Sentence, Side

# Sentences of one side of a link are joined with this separator into the text a check reads.
JOIN = " "


@dataclass(frozen=True, slots=True)
class LinkContext:
    """One link of an alignment, with the joined text of each side.

    ``en_text``/``ko_text`` are the link's sentences joined with ``JOIN``; a check that
    finds something at local offsets [a, b) of ``en_text`` calls ``en_evidence(a, b)``
    to get Evidence with offsets into the English Document.text (same for Korean).
    ``similarity`` is the cosine of the two sides' embeddings when the caller had them.
    """

    index: int
    link: Link
    en_side: Side
    ko_side: Side
    similarity: float | None = None

    @property
    def en(self) -> list[Sentence]:
        return [self.en_side.sentences[i] for i in self.link.en]

    @property
    def ko(self) -> list[Sentence]:
        return [self.ko_side.sentences[i] for i in self.link.ko]

    @property
    def en_text(self) -> str:
        return JOIN.join(s.text for s in self.en)

    @property
    def ko_text(self) -> str:
        return JOIN.join(s.text for s in self.ko)

    @property
    def is_title(self) -> bool:
        return any(s.kind == "title" for s in self.en + self.ko)

    def en_evidence(self, start: int | None = None, end: int | None = None) -> Evidence | None:
        return _evidence(self.en, start, end)

    def ko_evidence(self, start: int | None = None, end: int | None = None) -> Evidence | None:
        return _evidence(self.ko, start, end)


def _evidence(sentences: list[Sentence], start: int | None, end: int | None) -> Evidence | None:
    """Map [start, end) of the joined text of ``sentences`` to document offsets.

    With no start/end the evidence is the whole of the link's side. Offsets that fall
    in a separator are clamped to the neighbouring sentence.
    """
    if not sentences:
        return None
    joined = JOIN.join(s.text for s in sentences)
    if start is None:
        start = 0
    if end is None:
        end = len(joined)
    text = joined[start:end]

    def to_doc(local: int) -> int:
        pos = 0
        for sent in sentences:
            if local <= pos + len(sent.text):
                return sent.start + max(0, local - pos)
            pos += len(sent.text) + len(JOIN)
        return sentences[-1].end

    return Evidence(to_doc(start), to_doc(end), text)
