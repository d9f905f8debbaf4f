"""Reading a file into a Document: decoding, normalising and labelling its structure.

Decoding tries, in order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32), strict
UTF-8, Korean legacy encodings (EUC-KR, then its superset CP949), and only then
charset-normalizer. The decoded text is kept as ``Document.source``; ``Document.text``
is the same text with CRLF/CR turned into LF and Unicode NFC applied (macOS writes
Hangul file contents decomposed into jamo, NFD), and ``Document.offset_map`` maps
every position of ``text`` back to ``source``.

Structure: every line is labelled ``title``, ``meta`` (bylines, datelines, dates,
agency markers such as ``(LEAD)``/``(END)``/``(ATTN: …)``, e-mail signatures,
publisher notes), ``debris`` (page furniture: ``Advertisement``, ``print PRINT``,
share links, bulleted navigation, section labels) or ``body``. Body lines are grouped
into paragraphs (a sentence broken across lines or across a blank line is joined),
one Span per paragraph; ``bilingual.sentences.segment`` splits them into sentences.

An empty or whitespace-only file is an InputError ("no text"): every command needs
some text, and an empty file is almost always a wrong path or a failed export.
"""

from __future__ import annotations

import bisect
import codecs
import os
import re
import sys
import unicodedata
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import InputError
from .language import Section, script_lang, sections, sentence_lang
from .model import Document, Lang, Run, Span, SpanKind

# --- decoding -----------------------------------------------------------------------------

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# C0 controls other than tab, LF, VT, FF, CR (and ESC, which some terminals' logs keep).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def read_path(path: str) -> Document:
    """Read and label a file; ``-`` reads standard input (bytes)."""
    if path == "-":
        return read_bytes(sys.stdin.buffer.read(), "<stdin>")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise InputError(f"cannot read {path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"cannot read {path}: it is a directory") from None
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return read_bytes(data, path)


def read_bytes(data: bytes, path: str = "<bytes>") -> Document:
    """Decode, normalise and label ``data``; ``path`` names it in messages and reports."""
    source, encoding = decode(data, path)
    if not source.strip():
        raise InputError(
            f"{path}: no text (the file is {'empty' if not data else 'only whitespace'})"
        )
    text, offset_map = normalise(source)
    doc = Document(
        path=path,
        text=text,
        encoding=encoding,
        source=source,
        offset_map=offset_map,  # type: ignore[arg-type]  # an OffsetMap is a Sequence[int]
    )
    return doc.with_spans(structure(text))


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """The decoded text of ``data`` and the name of its encoding."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path}: starts with a {name} byte-order mark but is not valid {name} "
                    f"(byte {exc.start + len(bom)})"
                ) from None
            _refuse_binary(text, path)
            return text, name
    if b"\x00" in data[:65536] or b"\x00" in data[-65536:]:
        raise InputError(
            f"{path}: binary file (NUL bytes), not text; UTF-16 text needs a byte-order mark"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_binary(text, path)
        return text, "utf-8"
    korean = _decode_korean(data)
    if korean is not None:
        _refuse_binary(korean[0], path)
        return korean
    return _decode_fallback(data, path)


def _decode_korean(data: bytes) -> tuple[str, str] | None:
    """EUC-KR or CP949 text, or None when the bytes are not plausibly Korean.

    CP949 decodes some non-Korean byte streams without error (its extension area
    takes ASCII letters as trail bytes), so a CP949-only decoding is accepted only
    when characters outside EUC-KR (KS X 1001) are a small minority of its Hangul.
    """
    try:
        return data.decode("euc-kr"), "euc-kr"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    counts = Counter(c for c in text if ord(c) > 0x7F)
    outside = 0
    for char, n in counts.items():
        try:
            char.encode("euc-kr")
        except UnicodeEncodeError:
            outside += n
    hangul = sum(n for c, n in counts.items() if "\uac00" <= c <= "\ud7a3")
    if hangul and outside <= 0.05 * hangul:
        return text, "cp949"
    return None


def _decode_fallback(data: bytes, path: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(
            f"{path}: cannot decode: not UTF-8, UTF-16, EUC-KR/CP949 or other known text"
        )
    text = str(best)
    _refuse_binary(text, path)
    return text, best.encoding


def _refuse_binary(text: str, path: str) -> None:
    if "\x00" in text:
        raise InputError(f"{path}: binary file (NUL characters), not text")
    controls = len(_CONTROL.findall(text, 0, 200_000))
    if controls > max(2, 0.01 * min(len(text), 200_000)):
        raise InputError(f"{path}: binary file ({controls} control characters), not text")


# --- normalising --------------------------------------------------------------------------


class OffsetMap(Sequence):
    """For each position of the normalised text (and one past its end), the position in
    the decoded source. Stored as breakpoints of a piecewise shift, so a 5 MB file with
    CRLF line ends costs one entry per line, not one per character."""

    __slots__ = ("_length", "_source_pos", "_text_pos")

    def __init__(self, text_pos: array, source_pos: array, length: int):
        self._text_pos = text_pos
        self._source_pos = source_pos
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset out of range")
        i = bisect.bisect_right(self._text_pos, index) - 1
        return self._source_pos[i] + (index - self._text_pos[i])

    def __eq__(self, other) -> bool:
        if isinstance(other, OffsetMap):
            return (self._length, self._text_pos, self._source_pos) == (
                other._length,
                other._text_pos,
                other._source_pos,
            )
        if isinstance(other, Sequence):
            return len(other) == self._length and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._length, self._text_pos.tobytes(), self._source_pos.tobytes()))

    def __repr__(self) -> str:
        return f"OffsetMap({len(self._text_pos)} breakpoints, {self._length} positions)"


_CR = re.compile(r"\r\n?")
_NON_ASCII_OR_CR = re.compile(r"(\r\n?)|([^\r\n]?[^\x00-\x7f]+)")
# Hangul medial vowels and final consonants compose with the jamo before them although
# their combining class is 0, so they never start a composition cluster.
_HANGUL_VT = re.compile(r"[\u1161-\u1175\u11a8-\u11c2]")


def normalise(source: str) -> tuple[str, OffsetMap | tuple[()]]:
    """``source`` with LF line ends and NFC, and the map back (empty when unchanged)."""
    has_cr = "\r" in source
    is_nfc = unicodedata.is_normalized("NFC", source)
    if not has_cr and is_nfc:
        return source, ()
    pieces: list[str] = []
    text_pos = array("q", [0])
    source_pos = array("q", [0])
    out_len = 0
    last = 0
    pattern = _CR if is_nfc else _NON_ASCII_OR_CR

    def breakpoint(t: int, s: int) -> None:
        if text_pos[-1] == t:
            source_pos[-1] = s
        else:
            text_pos.append(t)
            source_pos.append(s)

    for m in pattern.finditer(source):
        start, end = m.span()
        pieces.append(source[last:start])
        out_len += start - last
        if m.group()[0] == "\r":
            pieces.append("\n")
            out_len += 1
            breakpoint(out_len, end)
        else:
            chunk = m.group()
            if unicodedata.is_normalized("NFC", chunk):
                pieces.append(chunk)
                out_len += len(chunk)
            else:
                out_len = _normalise_chunk(chunk, start, out_len, pieces, breakpoint)
                breakpoint(out_len, end)
        last = end
    pieces.append(source[last:])
    out_len += len(source) - last
    return "".join(pieces), OffsetMap(text_pos, source_pos, out_len + 1)


def _normalise_chunk(
    chunk: str, chunk_start: int, out_len: int, pieces: list[str], breakpoint
) -> int:
    """NFC one chunk cluster by cluster, recording where each cluster starts."""
    clusters: list[tuple[int, int]] = []
    begin = 0
    for i in range(1, len(chunk)):
        c = chunk[i]
        if unicodedata.combining(c) == 0 and not _HANGUL_VT.match(c):
            clusters.append((begin, i))
            begin = i
    clusters.append((begin, len(chunk)))
    for a, b in clusters:
        composed = unicodedata.normalize("NFC", chunk[a:b])
        breakpoint(out_len, chunk_start + a)
        for j in range(1, len(composed)):  # rare: a cluster that stays several characters
            breakpoint(out_len + j, chunk_start + a + min(j, b - a - 1))
        pieces.append(composed)
        out_len += len(composed)
    return out_len


# --- structure ----------------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH},?(?:\s+\d{{4}})?"
    r"|\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}\.?"
    r"|\d{4}년\s*\d{1,2}월(?:\s*\d{1,2}일)?"
    r"|\d{4}\.\d{1,2})"
)
_TIME = r"(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:KST|GMT|UTC|ET|EST|EDT|JST))?)"
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?"
_DATE_LINE = re.compile(
    rf"^(?:{_WEEKDAY}\s*)?{_DATE}(?:\s*(?:[-–—,|]\s*)?{_TIME})?\s*$|^{_TIME}\s*$",
    re.IGNORECASE,
)
_STAMP_LINE = re.compile(
    r"^(?:published|updated|posted|last updated|modified|created|first published|"
    r"입력|수정|등록|기사입력|최종수정|송고시간)\s*(?:on|at)?\s*[:：]?\s*"
    rf"(?:{_WEEKDAY}\s*)?(?:{_DATE}|{_TIME})",
    re.IGNORECASE,
)
_DATE_PREFIX = re.compile(rf"^(?:date|dated)\s*[:：]?\s*{_DATE}\s*", re.IGNORECASE)
_ARTICLE_FROM = re.compile(
    r"^this (?:article|story|report) (?:is|was) (?:from|published)\b", re.IGNORECASE
)
_EMAIL_LINE = re.compile(r"^(?:[\w가-힣 ]{0,20}\s)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
_BYLINE = re.compile(
    r"^[Bb][Yy]\s+(?:[A-Z][\w.'’-]*,?|[A-Z]{2,}|and|&|,|\d[\d.\s]*|"
    + _MONTH
    + r")(?:\s+(?:[A-Z][\w.'’-]*,?|and|&|de|van|der|von|bin|al|,|\d[\d.,:]*|[ap]\.m\.|"
    + _MONTH
    + r"))*\s*$",
)
_KO_BYLINE = re.compile(
    r"^(?:[가-힣]{2,4}\s*)+(?:기자|특파원|객원기자|논설위원)(?:\s*=|\s+\S+@\S+)?\s*$"
)
# Markers of news agencies at the start of a line: (LEAD), (URGENT), (2nd LD), (News Focus).
_AGENCY_MARKER = re.compile(
    r"^\((?:LEAD|URGENT|FLASH|BULLETIN|UPDATE[DS]?|CORRECTED|REFILE|BREAKING|"
    r"\d+(?:st|nd|rd|th) LD|News (?:Focus|Analysis)|Yonhap (?:Interview|Feature)|"
    r"Feature|Profile|Interview|Analysis|Commentary|Editorial)(?:[^()\n]|\([^()\n]*\))*\)\s*"
)
_PAREN_LINE = re.compile(r"^\(((?:[^()]|\([^()]*\)){1,300})\)$")
_PAREN_EDITORIAL = re.compile(
    r"^(?:[A-Z]{3,}\b.*:|END$|.*\b(?:edit(?:ed|ing|or)|reporting|writing|syndicated|copyright|"
    r"all rights reserved|staff|photo|graphic|AP|AFP|Reuters|Yonhap|Kyodo|Xinhua|CNN)\b)",
    re.IGNORECASE,
)
# Datelines opening a story: "WASHINGTON, Nov. 5 (Yonhap) --", "TOKYO —", "Washington (CNN)".
_AGENCY = r"\((?:Yonhap|CNN|AP|AFP|Reuters|Kyodo|Xinhua|UPI|dpa|Bloomberg|[A-Z][A-Za-z]+ News)\)"
_DATELINE = re.compile(
    r"^(?:"
    rf"[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Z.'-]+)*(?:,\s*(?:{_MONTH}\s*\d{{1,2}}|[A-Z][a-z]+))?\s*(?:{_AGENCY})?\s*(?:--|—|–|-|:)\s+"
    rf"|[A-Z][a-z]+(?:[ ,]+[A-Z][a-z]+){{0,2}}(?:,\s*{_MONTH}\s*\d{{1,2}})?\s*{_AGENCY}\s*(?:--|—|–|-|:)?\s*"
    r")"
)
_DATELINE_ONLY = re.compile(
    rf"^[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Za-z.'-]+)*\s*(?:{_AGENCY})?\s*[:—–-]+\s*$"
)
_KO_DATELINE = re.compile(
    r"^[(\[]\s*[가-힣A-Za-z ]+\s*=\s*[가-힣A-Za-z ]+[)\]]\s*(?:[가-힣]{2,4}\s+(?:기자|특파원)\s*=\s*)?"
)
_KO_META = re.compile(
    r"^(?:<\s*)?(?:저작권자|Copyright|ⓒ|©|\(c\)).*$|^\[(?:사진|그래픽|연합뉴스 자료사진|자료사진)[^\]]*\]$",
    re.IGNORECASE,
)

_DEBRIS_WORDS = frozenset(
    """advertisement advertisements advertising ad ads sponsored print share shares email e-mail
    mail tweet twitter facebook linkedin whatsapp kakaotalk kakao reddit pinterest telegram
    line comment comments save bookmark subscribe subscribed follow us on read more related
    article articles stories story news video videos photo photos gallery click here sign up
    log login logout in menu home top back to next previous prev copy link url font size
    listen close open search skip content newsletter app download report this page view
    all most popular viewed trending latest recommended see also x
    광고 공유 인쇄 댓글 기사 추천 스크랩 구독 닫기 더보기 목록 이전 다음 보내기 카카오톡
    페이스북 트위터 이메일 링크 복사 글자 크기 관련기사 많이 본 뉴스 기사보내기 기사공유""".split()  # noqa: SIM905
)
_SECTION_LABELS = frozenset(
    """world politics business economy markets finance sports sport opinion nation national
    asia asia-pacific americas europe tech technology science health culture entertainment
    lifestyle life travel defense diplomacy society north korea south korea korea news
    top stories latest breaking video photos
    정치 경제 사회 국제 북한 문화 스포츠 연예 세계 전국 오피니언 산업 증권 부동산 IT""".lower().split()
)
_BULLET = re.compile(r"^[•·▪◦‣∙●■□▶►▸◆◇※]\s*|^[-*]\s+")
_TERMINAL_END = re.compile(r"(?:[.!?…。]|다|요|까|죠)[\"'’”)\]]*$")
_TITLE_MAX_CHARS = 200
# Bylines, datelines, notes and page furniture are short; a longer line is article text.
_LONGEST_NON_BODY_LINE = 300
_TITLE_MAX_WORDS = 30


@dataclass
class _Piece:
    """A stretch of one line with its provisional label (``text`` = title or body)."""

    start: int
    end: int
    kind: str
    line: int  # 0-based line index
    block: int  # blank-line separated block
    lang: Lang = "other"


def structure(text: str) -> tuple[Span, ...]:
    """Title/meta/debris spans (one per line or prefix) and body spans (one per paragraph)."""
    pieces = _label_lines(text)
    wrapped = _wrapped_blocks(text, pieces)
    _mark_section_labels(text, pieces)
    _mark_titles(text, pieces, wrapped)
    return tuple(_spans(text, pieces, wrapped))


def _label_lines(text: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    block = 0
    pos = 0
    previous_blank = False
    line_no = 0
    length = len(text)
    while pos <= length:
        nl = text.find("\n", pos)
        if nl == -1:
            nl = length
        start, end = strip_span(text, pos, nl)
        if start == end:
            previous_blank = True
        else:
            if previous_blank and pieces:
                block += 1
            previous_blank = False
            for s, e, kind in _classify_line(text, start, end):
                pieces.append(_Piece(s, e, kind, line_no, block))
        pos = nl + 1
        line_no += 1
    return pieces


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) narrowed to leave out surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _classify_line(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Label one non-blank line; meta prefixes (date, agency marker, dateline) come
    out as pieces of their own before the rest of the line."""
    line = text[start:end]
    whole = _whole_line_kind(line)
    if whole is not None:
        return [(start, end, whole)]
    out: list[tuple[int, int, str]] = []
    while True:
        m = (
            _DATE_PREFIX.match(line)
            or _AGENCY_MARKER.match(line)
            or _DATELINE.match(line)
            or _KO_DATELINE.match(line)
        )
        if m is None or m.end() == 0:
            break
        if not line[m.end() :].strip():  # the prefix is all there is: a meta line
            out.append((start, end, "meta"))
            return out
        s, e = strip_span(text, start, start + m.end())
        out.append((s, e, "meta"))
        start, end = strip_span(text, start + m.end(), end)
        line = text[start:end]
    whole = _whole_line_kind(line) if out else None
    out.append((start, end, whole or "text"))
    return out


def _whole_line_kind(line: str) -> str | None:
    """``meta`` or ``debris`` when the whole line is one, else None."""
    if len(line) > _LONGEST_NON_BODY_LINE:
        return None
    bullet = _BULLET.match(line)
    if bullet:
        content = line[bullet.end() :].strip(" ,")
        if len(content.split()) < 8 or not _TERMINAL_END.search(content):
            return "meta" if _is_meta(content) or _has_date_or_time(content) else "debris"
        return None
    if _is_meta(line):
        return "meta"
    if _is_debris(line):
        return "debris"
    return None


def _is_meta(line: str) -> bool:
    if (
        _DATE_LINE.match(line)
        or _STAMP_LINE.match(line)
        or _ARTICLE_FROM.match(line)
        or _EMAIL_LINE.match(line)
        or _KO_BYLINE.match(line)
        or _KO_META.match(line)
        or _DATELINE_ONLY.match(line)
    ):
        return True
    if (
        re.match(r"^by\s", line, re.IGNORECASE)
        and len(line.split()) <= 8
        and _BYLINE.match(line[:1].upper() + line[1:])
    ):
        return True
    paren = _PAREN_LINE.match(line)
    if paren and (len(paren.group(1).split()) <= 6 or _PAREN_EDITORIAL.match(paren.group(1))):
        return True
    return bool(_KO_DATELINE.match(line) and _KO_DATELINE.match(line).end() == len(line))


def _has_date_or_time(text: str) -> bool:
    return bool(re.search(_DATE, text, re.IGNORECASE) or re.search(_TIME, text))


def _is_debris(line: str) -> bool:
    if _URL_LINE.match(line):
        return True
    words = re.findall(r"[^\W\d_][\w'’-]*|[가-힣]+", line.lower())
    if not words or len(words) > 6 or _TERMINAL_END.search(line.rstrip(" |")) and len(words) > 2:
        return False
    return all(w in _DEBRIS_WORDS for w in words)


def _mark_section_labels(text: str, pieces: list[_Piece]) -> None:
    """Short labels next to page debris ("Advertisement" / "World") are debris too, and a
    line that is exactly a news section name is debris wherever it stands."""
    for i, piece in enumerate(pieces):
        if piece.kind != "text":
            continue
        line = text[piece.start : piece.end]
        words = line.split()
        if (
            len(words) > 3
            or _TERMINAL_END.search(line)
            or not line[:1].isupper()
            and not _has_hangul(line)
        ):
            continue
        if line.lower() in _SECTION_LABELS:
            piece.kind = "debris"
            continue
        neighbours = [
            p for p in pieces[max(0, i - 1) : i + 2] if p is not piece and p.block == piece.block
        ]
        if any(p.kind == "debris" for p in neighbours):
            piece.kind = "debris"


def _has_hangul(line: str) -> bool:
    return script_lang(line) == "ko"


_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]")


def _wrapped_blocks(text: str, pieces: list[_Piece]) -> set[int]:
    """Blocks of hard-wrapped text: three or more lines, all but the last filling most
    of a line of at most 100 columns, several of them stopping mid-sentence."""
    lines: dict[int, dict[int, tuple[int, int]]] = {}
    for p in pieces:
        block = lines.setdefault(p.block, {})
        first = block.get(p.line, (p.start, p.end))
        block[p.line] = (min(first[0], p.start), max(first[1], p.end))
    wrapped: set[int] = set()
    for block, extents in lines.items():
        if len(extents) < 3:
            continue
        ordered = [text[s:e] for _, (s, e) in sorted(extents.items())]
        widths = [len(line) + len(_WIDE.findall(line)) for line in ordered]
        widest = max(widths)
        if not 40 <= widest <= 100 or min(widths[:-1]) < 0.75 * widest:
            continue
        open_ended = sum(not _ends_sentence(line) for line in ordered[:-1])
        if open_ended * 2 >= len(ordered) - 1:
            wrapped.add(block)
    return wrapped


def _mark_titles(text: str, pieces: list[_Piece], wrapped: set[int]) -> None:
    """The first text line of each language is its title when it reads like a headline:
    short, not ending in a full stop, and not running on into the next line."""
    seen: set[str] = set()
    for i, piece in enumerate(pieces):
        if piece.kind != "text":
            continue
        line = text[piece.start : piece.end]
        # Script settles one-script lines; only lines with Hangul and Latin need weighing.
        lang = script_lang(line)
        if (
            lang == "ko"
            and re.search("[A-Za-z]", line)
            or lang == "en"
            and not re.search("[A-Za-z]{2}", line)
        ):
            lang = sentence_lang(line)
        piece.lang = lang
        if lang in seen or lang == "other":
            continue
        seen.add(lang)
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if _title_like(line) and not (nxt is not None and _continues(text, piece, nxt, wrapped)):
            piece.kind = "title"


def _title_like(line: str) -> bool:
    if len(line) > _TITLE_MAX_CHARS or len(line.split()) > _TITLE_MAX_WORDS:
        return False
    if (
        not line[:1].isupper()
        and not line[:1].isdigit()
        and not _has_hangul(line[:1])
        and line[:1] not in "\"'‘“"
    ):
        return False
    stripped = line.rstrip("\"'’”)]")
    return not stripped.endswith((".", ",", ":", ";")) or stripped.endswith("...")


def _ends_sentence(line: str) -> bool:
    return bool(_TERMINAL_END.search(line))


def _continues(text: str, prev: _Piece, nxt: _Piece, wrapped: set[int]) -> bool:
    """Whether ``nxt`` continues the sentence ``prev`` left open.

    Across a blank line only a clear continuation counts (lowercase or a digit next,
    in the same script: "to the\\n\\n1950-53 Korean War"); within a block, a line that
    stops without closing its sentence runs on into a same-script next line that
    starts lowercase or with a digit, or into any same-script line of a hard-wrapped
    block.
    """
    if nxt.kind != "text" or nxt.line != prev.line + 1 and nxt.block == prev.block:
        return False
    line = text[prev.start : prev.end]
    if _ends_sentence(line):
        return False
    following = text[nxt.start : nxt.end]
    if script_lang(line[-40:]) != script_lang(following[:40]):
        return False
    first = following.lstrip("\"'‘“([")[:1]
    if first.islower() or first.isdigit():
        return True
    return nxt.block == prev.block and prev.block in wrapped


def _spans(text: str, pieces: list[_Piece], wrapped: set[int]) -> list[Span]:
    out: list[Span] = []
    paragraph = -1
    previous: _Piece | None = None
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if previous is None or piece.line != previous.line:
            paragraph += 1
        if piece.kind in ("meta", "debris"):
            out.append(_span(text, piece.start, piece.end, piece.kind, paragraph))  # type: ignore[arg-type]
        elif piece.kind == "title":
            for section in sections(text, piece.start, piece.end):
                out.append(_section_span(text, section, "title", paragraph))
        else:
            j = i
            while (
                j + 1 < len(pieces)
                and pieces[j].kind == "text"
                and _continues(text, pieces[j], pieces[j + 1], wrapped)
            ):
                j += 1
            out.append(_body_span(text, piece.start, pieces[j].end, paragraph))
            i = j
            piece = pieces[j]
        previous = piece
        i += 1
    return out


def _span(text: str, start: int, end: int, kind: SpanKind, paragraph: int) -> Span:
    return Span(start, end, kind, sentence_lang(text[start:end]), text[start:end], paragraph)


def _section_span(text: str, section: Section, kind: SpanKind, paragraph: int) -> Span:
    return Span(
        section.start,
        section.end,
        kind,
        section.lang,
        text[section.start : section.end],
        paragraph,
        section.runs,
    )


def _body_span(text: str, start: int, end: int, paragraph: int) -> Span:
    """One paragraph: its language is the one with most text, its runs the sections."""
    parts = sections(text, start, end)
    size: dict[str, int] = {}
    runs: list[Run] = []
    for section in parts:
        size[section.lang] = size.get(section.lang, 0) + section.end - section.start
        for run in section.runs or (Run(section.start, section.end, section.lang),):
            if runs and runs[-1].lang == run.lang:
                runs[-1] = Run(runs[-1].start, run.end, run.lang)
            else:
                runs.append(run)
    lang: Lang = max(size, key=lambda k: size[k]) if size else "other"  # type: ignore[assignment]
    mixed = len({r.lang for r in runs}) > 1
    return Span(start, end, "body", lang, text[start:end], paragraph, tuple(runs) if mixed else ())


def stem_for(path: str) -> str:
    """The file name without directory and last extension (``<stdin>`` -> ``stdin``)."""
    name = os.path.basename(path).strip("<>") or "document"
    return os.path.splitext(name)[0] or name
