"""Sentence splitting and the sides of a document.

``segment`` turns the paragraph-level spans of ``bilingual.read`` into sentence-sized
spans: each paragraph is cut into language sections (``bilingual.language``) and each
section is split with the splitter of its language -- pysbd's rule-based English
segmenter (plus two repairs, below) for English and other Latin-script text, Kiwi for
Korean. Title, meta and debris spans are kept as they are.

Kiwi is accurate but costs about a millisecond per call plus ~20 µs per character,
so it is not run on what punctuation already settles: a Korean section is first cut
after Hangul + ``.``/``?``/``!`` + whitespace outside quotation marks (always a
sentence end in Korean prose), and only the pieces that could still hold a boundary
-- a full stop or a sentence-final ending (``…했다``, ``…니다``) followed by more
text, e.g. an unpunctuated ``발사했다 그러나``, or a sentence quoted inside a
sentence -- go to Kiwi. ``benchmarks/split.py`` measures how often this gives exactly
Kiwi's own split of the whole paragraph.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .language import Section, sections, sentence_lang
from .model import Document, Lang, Run, Sentence, Side, Span
from .read import read_bytes, read_path, strip_span, structure

# --- public API ---------------------------------------------------------------------------


def load(path: str) -> Document:
    """Read ``path`` (``-`` for stdin) and segment it into sentence-sized spans."""
    return segment(read_path(path))


def load_bytes(data: bytes, path: str = "<bytes>") -> Document:
    """Decode ``data`` and segment it into sentence-sized spans."""
    return segment(read_bytes(data, path))


def segment(doc: Document) -> Document:
    """The document with sentence-sized spans, in text order and non-overlapping.

    Each title and each body sentence is its own Span with its language (and its
    runs when it mixes languages); meta and debris spans stay one per line. A body
    "sentence" that is only a short parenthesised credit -- ``(Yonhap)``, ``(END)``,
    ``(File)`` -- is labelled meta. ``paragraph`` is the paragraph number of
    ``bilingual.read``.
    """
    spans = doc.spans or structure(doc.text)
    out: list[Span] = []
    for span in spans:
        if span.kind != "body":
            out.append(span)
            continue
        for section in sections(doc.text, span.start, span.end):
            for start, end in split_section(doc.text, section):
                out.append(_sentence_span(doc.text, section, start, end, span.paragraph))
    return doc.with_spans(tuple(out))


def side(doc: Document, lang: Lang, *, all_languages: bool = False) -> Side:
    """The ``lang`` side of a segmented document: its title and body sentences in order.

    With ``all_languages`` every title/body sentence is taken whatever its language
    (for a file that is one side of a pair: an English sentence left untranslated in
    the Korean file must stay visible); each Sentence keeps its detected language.
    """
    sentences: list[Sentence] = []
    for span in doc.spans:
        if span.kind not in ("title", "body") or not (all_languages or span.lang == lang):
            continue
        sentences.append(
            Sentence(
                index=len(sentences),
                text=span.text,
                start=span.start,
                end=span.end,
                lang=span.lang,
                kind=span.kind,
                paragraph=span.paragraph,
                line=doc.line_of(span.start),
            )
        )
    return Side(doc=doc, lang=lang, sentences=tuple(sentences))


def side_from_lines(doc: Document, lang: Lang, *, all_languages: bool = False) -> Side:
    """The ``lang`` side of already segmented text: every non-empty line is one sentence.

    No structure detection and no re-splitting: for a one-language file line *i*
    (blank lines skipped) is sentence *i* when ``all_languages`` is set. Without it,
    only lines detected as ``lang`` are taken (a mixed file with the two languages on
    alternate lines). ``paragraph`` counts blank-line separated blocks.
    """
    text = doc.text
    sentences: list[Sentence] = []
    paragraph = 0
    pending_blank = False
    pos = 0
    line_no = 1
    while pos <= len(text):
        nl = text.find("\n", pos)
        if nl == -1:
            nl = len(text)
        start, end = strip_span(text, pos, nl)
        if start == end:
            pending_blank = bool(sentences)
        else:
            if pending_blank:
                paragraph += 1
                pending_blank = False
            detected = sentence_lang(text[start:end])
            if all_languages or detected == lang:
                sentences.append(
                    Sentence(
                        len(sentences),
                        text[start:end],
                        start,
                        end,
                        detected,
                        "body",
                        paragraph,
                        line_no,
                    )
                )
        pos = nl + 1
        line_no += 1
    return Side(doc=doc, lang=lang, sentences=tuple(sentences))


def split_section(text: str, section: Section) -> list[tuple[int, int]]:
    """Sentence offsets (into ``text``) of one language section."""
    if section.lang == "ko":
        return korean_sentences(text, section.start, section.end)
    if section.lang == "other" and _CJK_STOP.search(text, section.start, section.end):
        return _cjk_sentences(text, section.start, section.end)
    return english_sentences(text, section.start, section.end)


# --- English ------------------------------------------------------------------------------

_CLOSERS = "\"'’”)]"
# Somewhere a sentence could end inside the stretch (and not at its very end).
_EN_CANDIDATE = re.compile(r"[.!?…][\"'’”)\]]*\s+\S")
_CLOCK_END = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_CLOCK_NEXT = re.compile(
    r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|^(?:local|[A-Z]{2,4}T\b|KST|GMT|UTC)"
)
_segmenter = None


def english_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """English sentences of ``text[start:end]``.

    pysbd's rules decide, but it costs about a millisecond per sentence, so the
    stretch is first cut where no rule could object -- a full stop after a lowercase
    word that is not an abbreviation, before a capital (``… said Tuesday. The …``) --
    and only pieces that still hold a possible sentence end (``U.S. President``,
    ``3 p.m. Sunday``, ``"Why?" he asked``) go to pysbd. Two repairs follow pysbd:
    a piece that starts in lowercase continues the one before, and a clock time is
    not a sentence end before a weekday or time zone. Line breaks inside a stretch
    (a paragraph joined across lines) are read as spaces.
    """
    start, end = strip_span(text, start, end)
    if start == end:
        return []
    if not _EN_CANDIDATE.search(text, start, end):
        return [(start, end)]
    out: list[tuple[int, int]] = []
    for s, e in _english_pieces(text, start, end):
        if _EN_CANDIDATE.search(text, s, e):
            out.extend(_pysbd_sentences(text, s, e))
        else:
            out.append((s, e))
    return out


# A full stop (or ? !) after two lowercase letters, then whitespace and a capital.
_EN_SURE_END = re.compile(r"([A-Za-z]*[a-z]{2})[.!?]+[\"'’”)\]]*(?=\s+[\"'‘“(\[]?[A-Z])")


def _english_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in _EN_SURE_END.finditer(text, start, end):
        if m.group(1).lower() in _EN_ABBREVIATIONS:
            continue
        pieces.append((pos, m.end()))
        pos, _ = strip_span(text, m.end(), end)
    if pos < end:
        pieces.append((pos, end))
    return pieces


# Abbreviations of two or more lowercase letters that a capital often follows.
_EN_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev hon pres st jr sr "  # noqa: SIM905
    "corp inc ltd bros jan feb mar apr jun jul aug sep sept oct nov dec vs etc approx "
    "dept univ est fig mt ft no nos vol".split()
)


def _pysbd_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    chunk = text[start:end].replace("\n", " ")
    pieces: list[list[int]] = []
    cursor = 0
    for sentence in _get_segmenter().segment(chunk):
        stripped = sentence.strip()
        if not stripped:
            continue
        found = chunk.find(stripped, cursor)
        if found == -1:  # pysbd altered the text: keep what we have, end at the stretch end
            break
        s, e = found, found + len(stripped)
        cursor = e
        first = stripped.lstrip("\"'‘“([")[:1]
        if pieces and (
            first.islower()
            or (_CLOCK_END.search(chunk, 0, pieces[-1][1]) and _CLOCK_NEXT.match(stripped))
        ):
            pieces[-1][1] = e
        else:
            pieces.append([s, e])
    if not pieces:
        return [(start, end)]
    pieces[-1][1] = len(chunk.rstrip())
    return [(start + s, start + e) for s, e in pieces]


def _get_segmenter():
    global _segmenter
    if _segmenter is None:
        import pysbd

        _segmenter = pysbd.Segmenter(language="en", clean=False)
    return _segmenter


# --- Korean -------------------------------------------------------------------------------

# Hangul, then sentence punctuation (and closing quotes), then whitespace: a sentence end
# in Korean prose unless it is inside quotation marks.
_KO_SURE_END = re.compile(r"[\uac00-\ud7a3][.!?]+[\"'’”)\]]*(?=\s)")
# ...unless what follows is a quotative particle or ending: "…했다.” 고 말했다".
_QUOTATIVE = re.compile(r"\s+(?:고|라고|이라고|하고|며|라며|면서|라는|란|는)(?=\s|$)")
# What only Kiwi can judge: a full stop or a sentence-final ending with more text after,
# or a long piece with no punctuation at all (headlines run together, "…열려 2007년 …").
_KO_CANDIDATE = re.compile(r"(?:[.!?…]|다|요|죠|까)[\"'’”)\]]*\s+\S")
_KO_LONG_PIECE = 200


def korean_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Korean sentences of ``text[start:end]``: punctuation first, Kiwi for the rest."""
    out: list[tuple[int, int]] = []
    for s, e in _korean_pieces(text, start, end):
        if e - s > _KO_LONG_PIECE or _KO_CANDIDATE.search(text, s, e):
            out.extend(_kiwi_sentences(text, s, e))
        else:
            out.append((s, e))
    return out


def _korean_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut after every sure sentence end that is not inside double quotation marks."""
    start, end = strip_span(text, start, end)
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in _KO_SURE_END.finditer(text, start, end):
        cut = m.end()
        if cut >= end or not _quotes_closed(text, pos, cut) or _QUOTATIVE.match(text, cut, end):
            continue
        pieces.append((pos, cut))
        pos, _ = strip_span(text, cut, end)
    if pos < end:
        pieces.append((pos, end))
    return pieces


def _quotes_closed(text: str, start: int, end: int) -> bool:
    piece = text[start:end]
    return piece.count('"') % 2 == 0 and piece.count("“") == piece.count("”")


def _kiwi_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    from .korean import sentence_spans

    chunk = text[start:end].replace("\n", " ")
    out: list[tuple[int, int]] = []
    cursor = 0
    for s, e in sentence_spans(chunk):
        s, e = strip_span(chunk, max(s, cursor), e)
        if s < e:
            out.append((start + s, start + e))
            cursor = e
    if not out:
        return [(start, end)]
    # Whatever Kiwi left out (stray punctuation at the end) stays with the last sentence.
    out[-1] = (out[-1][0], end)
    return out


# --- other scripts ------------------------------------------------------------------------

_CJK_STOP = re.compile(r"[。！？]")
_CJK_END = re.compile(r"[。！？]+[」』”’)）]*")


def _cjk_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    for m in _CJK_END.finditer(text, start, end):
        s, e = strip_span(text, pos, m.end())
        if s < e:
            out.append((s, e))
        pos = m.end()
    s, e = strip_span(text, pos, end)
    if s < e:
        out.append((s, e))
    return out


# --- spans --------------------------------------------------------------------------------

# A sentence that is only an agency credit or a caption marker: "(Yonhap)", "(END)", "(File)".
_CREDIT = re.compile(
    r"^[(\[](?:[A-Z][\w.&'’-]*(?:\s+[\w.&'’-]+){0,3}|끝|[가-힣]+\s*=\s*[가-힣]+)[)\]]$"
)


def _sentence_span(text: str, section: Section, start: int, end: int, paragraph: int) -> Span:
    sentence = text[start:end]
    kind = "meta" if _CREDIT.match(sentence) else "body"
    return Span(
        start, end, kind, section.lang, sentence, paragraph, _clip_runs(section.runs, start, end)
    )


def _clip_runs(runs: tuple[Run, ...], start: int, end: int) -> tuple[Run, ...]:
    """The runs of a section that fall inside one of its sentences, or () when the
    sentence is one language throughout."""
    clipped = [
        replace(run, start=max(run.start, start), end=min(run.end, end))
        for run in runs
        if run.end > start and run.start < end
    ]
    if len({run.lang for run in clipped}) < 2:
        return ()
    return tuple(clipped)


# --- what `bilingual split` shows and writes ------------------------------------------------


def split_record(doc: Document) -> dict:
    """The segments of a segmented document as plain data (``bilingual split --format json``).

    ``start``/``end`` (of segments and runs) are character offsets into the decoded
    file text, and ``text`` is that slice of it, so they stay right for CRLF or NFD
    files; ``line`` is 1-based.
    """
    source = doc.source if doc.source is not None else doc.text
    segments = []
    for span in doc.spans:
        start, end = doc.source_offset(span.start), doc.source_offset(span.end)
        segments.append(
            {
                "lang": span.lang,
                "start": start,
                "end": end,
                "kind": span.kind,
                "text": source[start:end],
                "line": doc.line_of(span.start),
                "paragraph": span.paragraph,
                "runs": [
                    {
                        "start": doc.source_offset(run.start),
                        "end": doc.source_offset(run.end),
                        "lang": run.lang,
                    }
                    for run in span.runs
                ],
            }
        )
    return {"file": doc.path, "encoding": doc.encoding, "segments": segments}


def render_segments(doc: Document) -> str:
    """A readable listing of the segments: line, kind, language, text (one per line)."""
    kinds: dict[str, int] = {}
    langs: dict[str, int] = {}
    for span in doc.spans:
        kinds[span.kind] = kinds.get(span.kind, 0) + 1
        if span.kind in ("title", "body"):
            langs[span.lang] = langs.get(span.lang, 0) + 1
    summary = ", ".join(
        f"{k} {kinds[k]}" for k in ("title", "meta", "body", "debris") if k in kinds
    )
    sentences = ", ".join(f"{k} {n}" for k, n in sorted(langs.items())) or "none"
    lines = [
        (
            f"{doc.path} ({doc.encoding}): {len(doc.spans)} segments ({summary}); "
            f"title and body sentences by language: {sentences}"
        ),
        f"{'line':>5}  {'kind':<6}  {'lang':<5}  text",
    ]
    for span in doc.spans:
        text = " ".join(span.text.split())
        mixed = f"  [runs: {' '.join(run.lang for run in span.runs)}]" if span.runs else ""
        lines.append(f"{doc.line_of(span.start):>5}  {span.kind:<6}  {span.lang:<5}  {text}{mixed}")
    return "\n".join(lines)


def language_texts(doc: Document) -> dict[str, str]:
    """For each of ``en`` and ``ko`` that has any title or body text: the title, then
    one paragraph per block (its sentences joined by a space), blank-line separated.
    Meta and debris are left out."""
    out: dict[str, str] = {}
    for lang in ("en", "ko"):
        titles: list[str] = []
        paragraphs: dict[int, list[str]] = {}
        for span in doc.spans:
            if span.lang != lang:
                continue
            if span.kind == "title":
                titles.append(" ".join(span.text.split()))
            elif span.kind == "body":
                paragraphs.setdefault(span.paragraph, []).append(" ".join(span.text.split()))
        blocks = [" ".join(titles)] if titles else []
        blocks.extend(" ".join(sentences) for _, sentences in sorted(paragraphs.items()))
        if blocks:
            out[lang] = "\n\n".join(blocks) + "\n"
    return out
