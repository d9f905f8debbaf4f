"""Which language each stretch of text is in: English, Korean or something else.

Script decides almost everything. A word with a Hangul letter in it is Korean
(``CNN이``, ``White로``: a Korean particle glued to a Latin name is Korean grammar);
a word of Latin letters is English unless the stretch turns out to be another
Latin-script language, which is the one question left to langdetect (seeded, and
only for Latin stretches long enough for it to be reliable and with too few English
function words to settle it). Text without letters is ``other``.

Words are then grouped into *sections*: stretches that belong to one sentence-level
unit of one language. A change of script starts a new section only where a sentence
can end there -- after terminal punctuation, at a line break, after a Korean
sentence-final ending followed by a capitalised Latin word, or where both sides are
long stretches of running text. Elsewhere the change is a name, an acronym or a
quoted word inside a sentence of the other language (``UN 안보리는 …``, ``He said
"감사합니다."``), and the section takes the language that carries most of it, with
Latin names and acronyms counting for less than English running text.

Inside a section, a stretch of the other language that is long enough to be text
rather than a name (three words or more) is reported as a run of its own, so a
Korean sentence that glosses ``(Joint Typhoon Warning Center, JTWC)`` keeps its
language (ko) and still shows where the English is.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
from dataclasses import dataclass

from .model import Lang, Run

# --- character classes ------------------------------------------------------------------

_HANGUL_CHARS = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff"
_LATIN_CHARS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

_HANGUL = re.compile(f"[{_HANGUL_CHARS}]")
_LATIN = re.compile(f"[{_LATIN_CHARS}]")
_HAN = re.compile(f"[{_HAN_CHARS}]")
_LETTER = re.compile(r"[^\W\d_]")
# A letter of any other script (kana, Chinese characters, Cyrillic, Arabic …).
_OTHER_LETTER = re.compile(f"[^\\W\\d_{_HANGUL_CHARS}{_LATIN_CHARS}]")

_TOKEN = re.compile(r"\S+")
# A word glued to the next sentence by its full stop: "sex.대학생", "Katrina.부시", "했다.The".
_GLUED_SENTENCE = re.compile(
    f"(?<=[{_LATIN_CHARS}][.!?])(?=[{_HANGUL_CHARS}])|(?<=[{_HANGUL_CHARS}][.!?])(?=[{_LATIN_CHARS}])"
)
# Tokens that are addresses or measurements, not words of a language.
_NOT_A_WORD = re.compile(
    r"^[(\[<\"']*(?:https?://|www\.)\S*$|^\S+@\S+\.[A-Za-z]{2,}\W*$|^\W*\d[\d,.]*[A-Za-z]{1,3}\W*$"
)

_OPENERS = "\"'‘“([<«「『"
_CLOSERS = "\"'’”)]>»」』"
_CLOSING_ONLY = "’”)]>»」』"
_STRIP_CHARS = _OPENERS + _CLOSERS + ".,:;!?-—–"
_TERMINAL = re.compile(r"(?:[.!?]|…|。|！|？)[" + re.escape(_CLOSERS) + r"]*$")
_KO_FINAL = re.compile(f"(?:다|요|죠|까|니다|음|함)[.!?…]*[{re.escape(_CLOSERS)}]*$")
# Abbreviations whose full stop does not end a sentence (initials, titles, months, U.S.).
_ABBREVIATION_WORDS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep st jr sr co corp inc ltd
    no nos vol jan feb mar apr jun jul aug sep sept oct nov dec vs etc approx dept univ
    est fig mt ft rev hon pres""".split()  # noqa: SIM905
)
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?\.?$")

# Words that only English uses among the Latin-script languages a news file might hold;
# a Latin stretch with enough of them is English without asking langdetect.
_EN_FUNCTION_WORDS = frozenset(
    """the of and to that with for from this these those have has had said says will would
    which who whom whose were been being its their they them he she his her it is are was be
    by not but or if than then there when where while what how why about after into over
    under against between during before because could should can may might must shall our
    we us you your my me i an a in on at as also just only more most very up out new one""".split()  # noqa: SIM905
)

Weight = float


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    script: str  # "ko", "lat", "han", "oth" (another script) or "neu" (no letters)
    weight: Weight  # how much this word says about the language of its sentence
    terminal: bool  # ends with sentence-final punctuation that is not an abbreviation
    ko_final: bool  # Korean word ending in a sentence-final ending (했다, 합니다, 까?)
    latin_text: bool  # a lowercase word or an English function word: running text, not a name


@dataclass(frozen=True, slots=True)
class Section:
    """A sentence-level stretch of one language, with the runs inside it when it mixes."""

    start: int
    end: int
    lang: Lang
    runs: tuple[Run, ...] = ()  # empty unless another language has a long enough run inside


# --- public API ---------------------------------------------------------------------------


def runs(text: str, start: int = 0, end: int | None = None) -> list[Run]:
    """Language runs of ``text[start:end]``, offsets into ``text``, in order.

    Sections that hold one language give one run each; a section with a long enough
    stretch of another language inside gives its pieces. Whitespace between sections
    belongs to no run; adjacent runs of one language are merged.
    """
    out: list[Run] = []
    for section in sections(text, start, end):
        pieces = section.runs or (Run(section.start, section.end, section.lang),)
        for piece in pieces:
            if out and out[-1].lang == piece.lang:
                out[-1] = Run(out[-1].start, piece.end, piece.lang)
            else:
                out.append(piece)
    return out


def sentence_lang(text: str) -> Lang:
    """The language of a sentence (or any short text): ``en``, ``ko`` or ``other``."""
    single = _single_script(text, 0, len(text))
    if single is not None:
        return single.lang
    tokens = _tokens(text, 0, len(text))
    if not tokens:
        return "other"
    totals: dict[str, float] = {}
    for lo, hi in _section_bounds(text, tokens):
        lang, weight = _section_language(text, tokens, lo, hi)
        totals[lang] = totals.get(lang, 0.0) + weight
    return max(totals, key=lambda lang: (totals[lang], lang == "ko"))  # type: ignore[return-value]


def script_lang(text: str) -> Lang:
    """A fast guess from script alone: ``ko`` with Hangul, ``en`` with Latin letters."""
    if _HANGUL.search(text):
        return "ko"
    if _LATIN.search(text):
        return "en"
    return "other"


def sections(text: str, start: int = 0, end: int | None = None) -> list[Section]:
    """Split ``text[start:end]`` into sentence-level sections of one language each.

    A section boundary is always a place where a sentence may end, so sentence
    splitting can run inside each section with the splitter of its language.
    """
    end = len(text) if end is None else end
    cache = _section_cache(text)
    cached = cache.get((start, end))
    if cached is not None:
        return list(cached)
    single = _single_script(text, start, end)
    if single is not None:
        out = [single] if single.end > single.start else []
        cache[(start, end)] = tuple(out)
        return out
    tokens = _tokens(text, start, end)
    out = []
    for lo, hi in _section_bounds(text, tokens):
        lang, _ = _section_language(text, tokens, lo, hi)
        s, e = tokens[lo].start, tokens[hi - 1].end
        out.append(Section(s, e, lang, _inner_runs(text, s, e, lang)))
    cache[(start, end)] = tuple(out)
    return out


# read.structure() and then sentences.segment() need the sections of each paragraph of
# the same document: they are kept for the most recent text (by identity) of each thread.
_local = threading.local()


def _section_cache(text: str) -> dict:
    if getattr(_local, "text", None) is not text:
        _local.text = text
        _local.sections = {}
    return _local.sections


def _single_script(text: str, start: int, end: int) -> Section | None:
    """The one section of a stretch written in one script, found without tokenising
    (most paragraphs: this is what keeps reading a 5 MB file fast); None when the
    stretch mixes Hangul, Latin or other letters and needs the full analysis."""
    hangul = _HANGUL.search(text, start, end) is not None
    latin = _LATIN.search(text, start, end) is not None
    if hangul and latin or _OTHER_LETTER.search(text, start, end):
        return None
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if hangul:
        return Section(start, end, "ko")
    if latin:
        return Section(start, end, latin_lang(text[start:end]))
    return Section(start, end, "other")


# --- tokens -------------------------------------------------------------------------------


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    out: list[_Token] = []
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.span()
        word = m.group()
        if _HANGUL.search(word) and _LATIN.search(word):
            cuts = [c.start() for c in _GLUED_SENTENCE.finditer(word)]
            if cuts:
                bounds = [0, *cuts, len(word)]
                for a, b in itertools.pairwise(bounds):
                    out.append(_make_token(word[a:b], s + a, s + b))
                continue
        out.append(_make_token(word, s, e))
    _resolve_han(out)
    return out


_END_CHARS = frozenset(".!?…。！？" + _CLOSERS)
_ADDRESS_HINT = re.compile(r"[@/]|www\.|^\W*\d")


def _make_token(word: str, start: int, end: int) -> _Token:
    terminal = (
        word[-1] in _END_CHARS and bool(_TERMINAL.search(word)) and not _is_abbreviation(word)
    )
    if _HANGUL.search(word):
        return _Token(start, end, "ko", 1.5, terminal, bool(_KO_FINAL.search(word)), False)
    if _LATIN.search(word):
        if _ADDRESS_HINT.search(word) and _NOT_A_WORD.match(word):
            return _Token(start, end, "neu", 0.0, terminal, False, False)
        bare = word.strip(_STRIP_CHARS)
        if bare.lower() in _EN_FUNCTION_WORDS:
            weight, running = 1.5, True
        elif bare[:1].islower():
            weight, running = 1.0, True
        else:  # Capitalised or all-caps: a name or acronym as often as running text
            weight, running = 0.5, False
        return _Token(start, end, "lat", weight, terminal, False, running)
    if _HAN.search(word) and not any(_LETTER.match(c) and not _HAN.match(c) for c in word):
        return _Token(start, end, "han", 1.0, terminal, False, False)
    if _LETTER.search(word):
        return _Token(start, end, "oth", 1.5, terminal, False, False)
    return _Token(start, end, "neu", 0.0, terminal, False, False)


def _is_abbreviation(word: str) -> bool:
    bare = word.rstrip(_CLOSERS).lstrip(_OPENERS)
    if not bare.endswith(".") or bare.endswith(".."):
        return False
    if _INITIALS.match(bare):  # U.S., N., p.m., U.N.
        return True
    return bare[:-1].lower() in _ABBREVIATION_WORDS


def _resolve_han(tokens: list[_Token]) -> None:
    """Chinese characters take the script of their neighbours: hanja in Korean text
    (``에너지省``) is Korean; on their own or beside kana they are another language."""
    for i, tok in enumerate(tokens):
        if tok.script != "han":
            continue
        neighbours = [
            _neighbour_script(tokens, i, -1),
            _neighbour_script(tokens, i, +1),
        ]
        if "ko" in neighbours:
            script = "ko"
        elif neighbours == ["lat", "lat"]:
            script = "lat"
        else:
            script = "oth"
        tokens[i] = _Token(tok.start, tok.end, script, 0.5, tok.terminal, False, False)


def _neighbour_script(tokens: list[_Token], i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(tokens):
        if tokens[j].script not in ("neu", "han"):
            return tokens[j].script
        j += step
    return None


# --- sections -----------------------------------------------------------------------------

_LONG_STRETCH = 4  # words for a stretch to be running text of its own, not a name or a word


def _section_bounds(text: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """Token index ranges [lo, hi) of the sections of ``tokens``.

    Two passes. First, every change of script where a sentence visibly ends (line
    break, terminal punctuation, a Korean sentence-final ending before a capitalised
    Latin word) is cut. Then, between two *anchors* of different languages -- long
    stretches of running text -- that are still in one section, a cut is forced at the
    last sentence end between them, or just before the second one: a long English
    stretch and a long Korean one are never one sentence, whatever short words (a
    vocabulary gloss, a name) lie between them.
    """
    if not tokens:
        return []
    # Stretches: maximal runs of tokens of one script (neutral tokens never start one).
    stretches: list[list[int]] = []  # [script, first index, last index] per stretch
    for i, tok in enumerate(tokens):
        if tok.script == "neu":
            continue
        if stretches and stretches[-1][0] == tok.script:
            stretches[-1][2] = i
        else:
            stretches.append([tok.script, i, i])  # type: ignore[list-item]
    if not stretches:
        return [(0, len(tokens))]

    cuts: set[int] = set()  # token indices where a new section starts
    for prev, nxt in itertools.pairwise(stretches):
        cut = _boundary(text, tokens, prev, nxt)
        if cut is not None:
            cuts.add(cut)
    anchors = [st for st in stretches if _is_anchor(text, tokens, st)]
    for a, b in itertools.pairwise(anchors):
        if a[0] != b[0] and not any(a[2] < c <= b[1] for c in cuts):
            cuts.add(_anchor_cut(text, tokens, a, b))
    bounds = [0, *sorted(cuts), len(tokens)]
    return [(lo, hi) for lo, hi in itertools.pairwise(bounds) if hi > lo]


def _boundary(text: str, tokens: list[_Token], a: list, b: list) -> int | None:
    """Where a new section starts between stretch ``a`` and the next stretch ``b``
    (token index), or None when nothing there shows a sentence end."""
    a_last, b_first = a[2], b[1]
    # A line break between the two stretches: cut after the last token on a's line.
    for i in range(a_last, b_first):
        if "\n" in text[tokens[i].end : tokens[i + 1].start]:
            return i + 1
    terminal = _last_terminal(tokens, a, b)
    if terminal is not None:
        return terminal
    # "… 발사했다 The launch came …": a Korean sentence ended without a full stop.
    if a[0] == "ko" and b[0] == "lat" and tokens[a_last].ko_final and a[2] > a[1]:
        first = text[tokens[b_first].start : tokens[b_first].end].lstrip(_OPENERS)
        if first[:1].isupper():
            return _gap_start(text, tokens, a_last, b_first)
    return None


def _last_terminal(tokens: list[_Token], a: list, b: list) -> int | None:
    """The token after the last sentence end between stretch ``a`` and stretch ``b``.

    The search starts in the gap before ``b`` and may go back over a short tail of
    ``a`` made of names and acronyms, which open Korean sentences as often as they
    close English ones ("… reported. NBC 인터테인먼트의").
    """
    for i in range(b[1] - 1, a[1] - 1, -1):
        if tokens[i].terminal:
            return i + 1
        if i <= a[2] and (tokens[i].latin_text or a[2] - i >= 3 or b[0] != "ko"):
            return None
    return None


def _anchor_cut(text: str, tokens: list[_Token], a: list, b: list) -> int:
    """Where to cut between two anchors of different languages with no cut between."""
    for i in range(b[1] - 1, a[2], -1):  # the last sentence end between them
        if tokens[i].terminal:
            return i + 1
    terminal = _last_terminal(tokens, a, [b[0], a[2] + 1, a[2] + 1])
    if terminal is not None:
        return terminal
    return _gap_start(text, tokens, a[2], b[1])


def _is_anchor(text: str, tokens: list[_Token], stretch: list) -> bool:
    """A long stretch of running text in its own right (not a name, not a gloss)."""
    if stretch[2] - stretch[1] + 1 < _LONG_STRETCH:
        return False
    if stretch[0] == "lat":
        if not _is_running_text(tokens, stretch):
            return False
        # A stretch with a sentence end inside it is English sentences, whatever it is
        # glued to at its end (a headline run into its Korean translation).
        whole_sentences = any(tokens[i].terminal for i in range(stretch[1], stretch[2]))
        return whole_sentences or not _embedded(text, tokens, stretch)
    return stretch[0] in ("ko", "oth") and not _in_brackets(text, tokens[stretch[1]].start)


def _in_brackets(text: str, position: int) -> bool:
    """Whether a bracket opened earlier on the same line is still open at ``position``."""
    before = text[max(0, position - 300) : position]
    opened = before.rfind("(")
    return opened > before.rfind(")") and "\n" not in before[opened:]


def _gap_start(text: str, tokens: list[_Token], a_last: int, b_first: int) -> int:
    """Where the second section starts when nothing in the gap ends a sentence: at the
    first opening bracket or quote in the gap, else at the second stretch itself --
    neutral tokens (numbers, dashes) more often open a sentence than trail one."""
    for i in range(a_last + 1, b_first):
        if text[tokens[i].start] in _OPENERS:
            return i
    return b_first


def _is_running_text(tokens: list[_Token], stretch: list) -> bool:
    """A Latin stretch with lowercase words is text; all capitalised words are a name."""
    return any(tokens[i].latin_text for i in range(stretch[1], stretch[2] + 1))


def _embedded(text: str, tokens: list[_Token], stretch: list) -> bool:
    """A Latin stretch that is a constituent of a Korean sentence: a gloss in brackets
    (``하와이(Talula Does the Hula …)``) or a phrase glued to the Korean word after it
    (``Korea'라고``, ``"Deep Blue"보다``)."""
    first_tok = tokens[stretch[1]]
    first = text[first_tok.start]
    if first in "([":
        return True
    if _in_brackets(text, first_tok.start):
        return True
    prev = stretch[1] - 1
    if prev >= 0 and tokens[prev].script == "ko" and tokens[prev].end == first_tok.start - 1:
        tail = text[tokens[prev].end - 1]
        if _LATIN.match(tail) or tail in _OPENERS:
            return True
    nxt = stretch[2] + 1
    if nxt < len(tokens) and tokens[nxt].script == "ko":
        lead = text[tokens[nxt].start]
        if _LATIN.match(lead) or lead in _CLOSING_ONLY:
            return True
        if lead == first and lead in "\"'":  # the quote the stretch opened, closed
            return True
    return False


def _section_language(text: str, tokens: list[_Token], lo: int, hi: int) -> tuple[Lang, float]:
    """The language of the section ``tokens[lo:hi]`` and the weight of the evidence for it."""
    weights = {"ko": 0.0, "lat": 0.0, "oth": 0.0}
    ko_tokens = 0
    i = lo
    while i < hi:
        tok = tokens[i]
        if tok.script == "lat":
            j = i
            while j + 1 < hi and tokens[j + 1].script in ("lat", "neu"):
                j += 1
            while tokens[j].script == "neu":
                j -= 1
            weight = sum(t.weight for t in tokens[i : j + 1] if t.script == "lat")
            if _embedded(text, tokens, [tok.script, i, j]):
                # A quote or gloss glued to a Korean particle is one noun phrase of the
                # Korean sentence, however many English words it has.
                weight = min(weight, 1.5)
            weights["lat"] += weight
            i = j + 1
            continue
        if tok.script in weights:
            weights[tok.script] += tok.weight
            ko_tokens += tok.script == "ko"
        i += 1
    # A Korean predicate at the end is Korean grammar framing whatever is quoted inside.
    last = next((t for t in reversed(tokens[lo:hi]) if t.script != "neu"), None)
    if last is not None and last.script == "ko" and ko_tokens >= 2:
        weights["ko"] += 2.0
    if not any(weights.values()):
        return "other", 0.0
    best = max(weights, key=lambda k: (weights[k], k == "ko"))
    if best == "ko":
        return "ko", weights["ko"]
    if best == "oth":
        return "other", weights["oth"]
    words = [text[t.start : t.end] for t in tokens[lo:hi] if t.script == "lat"]
    return latin_lang(" ".join(words)), weights["lat"]


def latin_lang(text: str) -> Lang:
    """English or another language, for text in Latin script.

    English function words settle it for nearly every English sentence; short
    stretches without them (names, headings, acronyms) are English because English is
    the only Latin-script language of this tool's inputs, and so are names in title
    case. Only long Latin text without English function words goes to langdetect,
    which must be sure before it says another language.
    """
    words = [w.lower() for w in re.findall(f"[{_LATIN_CHARS}]+", text)]
    if not words:
        return "other"
    function_words = sum(w in _EN_FUNCTION_WORDS for w in words)
    if function_words >= 3 or function_words / len(words) >= 0.15:
        return "en"
    if sum(map(len, words)) < 40:
        return "en"
    capitalised = len(re.findall(f"(?<![{_LATIN_CHARS}])[A-Z]", text))
    if capitalised * 2 >= len(words):  # a name in title case: "Farm Food Quality Service"
        return "en"
    return _langdetect_lang(text)


@functools.lru_cache(maxsize=4096)
def _langdetect_lang(text: str) -> Lang:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect is random without a seed
    try:
        guesses = detect_langs(text)
    except LangDetectException:
        return "en"
    top = guesses[0]
    if top.lang == "en" or top.prob < 0.9:
        return "en"
    return "ko" if top.lang == "ko" else "other"


# --- runs inside a section ----------------------------------------------------------------

_LATIN_STRETCH = re.compile(f"[{_LATIN_CHARS}][{_LATIN_CHARS}0-9'’.,:;&/\\- ]*[{_LATIN_CHARS}]")
_HANGUL_STRETCH = re.compile(f"[{_HANGUL_CHARS}][{_HANGUL_CHARS}0-9,.·'’\" ]*[{_HANGUL_CHARS}]")
_MIN_INNER_WORDS = 3


def _inner_runs(text: str, start: int, end: int, lang: Lang) -> tuple[Run, ...]:
    """Runs of a section that holds a long enough stretch of another language."""
    if lang == "ko":
        pattern, other = _LATIN_STRETCH, None
    elif lang == "en":
        pattern, other = _HANGUL_STRETCH, "ko"
    else:
        return ()
    inner: list[Run] = []
    for m in pattern.finditer(text, start, end):
        if len(m.group().split()) < _MIN_INNER_WORDS:
            continue
        inner_lang = other or latin_lang(m.group())
        inner.append(Run(m.start(), m.end(), inner_lang))  # type: ignore[arg-type]
    if not inner:
        return ()
    out: list[Run] = []
    pos = start
    for run in inner:
        if run.start > pos and text[pos : run.start].strip():
            out.append(Run(pos, _rstrip(text, pos, run.start), lang))
        out.append(run)
        pos = _lstrip(text, run.end, end)
    if pos < end:
        out.append(Run(pos, end, lang))
    return tuple(out)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _lstrip(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start
