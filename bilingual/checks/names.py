"""Name check: a person, place or organisation that is missing or different on one side.

Both sides are reduced to *name mentions*:

* English: the bilingual table (``data/names.tsv``: Kim Jong Un, North Korea, U.S.,
  Pyongyang, ...) is matched first, longest form wins; what is left of each run of
  capitalised words becomes an unknown name once titles, month names and other
  capitalised non-names (``data/not_names.tsv``) are taken out. A word that only starts
  a sentence is a name only if the document also capitalises it elsewhere; words in a
  dateline ("BAGHDAD, Iraq (CNN)") and title-case headlines give no unknown names;
  all-capital words are acronyms.
* Korean: Kiwi's proper nouns and Latin runs (``bilingual.korean.morphemes``), joined
  where Kiwi splits a name (폼페이 오) and looked up in the same table, plus table forms
  Kiwi missed (glued to a particle, cut into common nouns, written without spaces);
  compounds such as 한미 or 북미 stand for both countries; a Latin gloss after a
  Korean name (국제올림픽위원회(IOC)) is not a second name.

An English mention is found on the Korean side when they share a table entity, when
the Korean is the same Latin text, when it is the same Korean person (surname table +
given-name skeleton) or when its Hangul transliterates the English (consonant
skeletons, see ``romanize``). What is left decides the finding:

* error: the English names a known person or country and the Korean has, instead, a
  different known one (김정일 for Kim Jong Un, 부시 for Obama, 일본 for China); a
  warning for the same with cities, regions and organisations, which translators also
  add for context;
* warning: an English name with no trace on the Korean side, when the Korean has no
  other name, pronoun or title that could stand in its slot (translators legitimately
  write 그 or 대통령 for a repeated name: that, a dropped news source and an acronym
  the table does not know are info only);
* info: a known Korean name with no English counterpart.

Metonymy is part of the table (Pyongyang may be rendered 북한, Washington 미국), so a
capital standing for its government is not a drift.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..korean import Morpheme, morphemes
from ..model import Finding
from . import romanize as rz
from .base import LinkContext

# --- the bilingual table ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    """One row of ``data/names.tsv``."""

    id: str
    type: str  # person, country, city, state, region, org, media, group, event
    korean: tuple[str, ...]
    english: tuple[str, ...]
    adjectival: tuple[str, ...]
    related: frozenset[str]  # entities it may stand for (Pyongyang -> North Korea)


@dataclass(frozen=True, slots=True)
class NameTable:
    entities: dict[str, Entity]
    english: dict[tuple[str, ...], tuple[frozenset[str], bool]]  # key -> (ids, adjectival)
    korean: dict[str, frozenset[str]]  # Korean form without spaces -> ids
    # Korean forms that are also common words (인도 India / sidewalk, 수단 Sudan / means):
    # they count only where Kiwi tags them as proper nouns, never in a plain text search.
    ambiguous: frozenset[str]
    longest_english: int  # in key words
    acronyms: frozenset[tuple[str, ...]]  # keys whose every form is in capitals (WHO, U.S.)
    korean_abbreviations: dict[str, frozenset[str]]  # one-syllable country forms (미, 북, 中)


def _english_key(text: str) -> tuple[str, ...]:
    """Lower-case words of an English form: hyphens split, periods and possessives dropped."""
    text = re.sub(r"['’]s\b|['’]$", "", text)
    words = re.split(r"[\s\-‐‑]+", text.replace(".", " ").strip())
    return tuple(w.lower() for w in words if w)


def _korean_key(text: str) -> str:
    return re.sub(r"[\s·ㆍ・.\-]+", "", text)


@functools.lru_cache(maxsize=1)
def name_table() -> NameTable:
    """The bilingual table of frequent names, countries and organisations."""
    raw = resources.files("bilingual.checks").joinpath("data/names.tsv").read_text("utf-8")
    entities: dict[str, Entity] = {}
    english: dict[tuple[str, ...], tuple[set[str], bool]] = {}
    mixed_case_keys: set[tuple[str, ...]] = set()
    ambiguous: set[str] = set()
    korean: dict[str, set[str]] = {}
    for line_no, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        if len(cells) < 4:
            raise ValueError(f"names.tsv line {line_no}: expected at least 4 columns")
        cells += [""] * (6 - len(cells))
        ident, kind, ko_forms, en_forms, adj_forms, related = (c.strip() for c in cells[:6])

        def split(cell: str) -> tuple[str, ...]:
            return tuple(f.strip() for f in cell.split("|") if f.strip())

        korean_forms = split(ko_forms)
        ambiguous.update(_korean_key(f[:-1]) for f in korean_forms if f.endswith("*"))
        entity = Entity(
            ident, kind, tuple(f.rstrip("*") for f in korean_forms), split(en_forms),
            split(adj_forms), frozenset(split(related)),
        )
        if ident in entities:
            raise ValueError(f"names.tsv line {line_no}: duplicate id {ident!r}")
        entities[ident] = entity
        for form in entity.korean:
            korean.setdefault(_korean_key(form), set()).add(ident)
        for forms, adjectival in ((entity.english, False), (entity.adjectival, True)):
            for form in forms:
                key = _english_key(form)
                letters = re.sub(r"[^A-Za-z]", "", form)
                if not (letters.isupper() and len(letters) <= 6):
                    mixed_case_keys.add(key)
                ids, was_adjectival = english.get(key, (set(), True))
                ids.add(ident)
                english[key] = (ids, was_adjectival and adjectival)
    abbreviations = {
        form: frozenset(ids)
        for form, ids in korean.items()
        if len(form) == 1 and all(entities[i].type == "country" for i in ids)
    }
    return NameTable(
        entities=entities,
        english={k: (frozenset(v[0]), v[1]) for k, v in english.items()},
        korean={k: frozenset(v) for k, v in korean.items()},
        ambiguous=frozenset(ambiguous),
        longest_english=max(len(k) for k in english),
        acronyms=frozenset(k for k in english if k not in mixed_case_keys),
        korean_abbreviations=abbreviations,
    )


@functools.lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    raw = resources.files("bilingual.checks").joinpath("data/not_names.tsv").read_text("utf-8")
    words = set()
    for line in raw.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word.lower())
    return frozenset(words)


# --- mentions --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameMention:
    """A name in one side's text; ``start``/``end`` are offsets into that text.

    ``ids`` are the table entities it names (empty for a name the table does not know),
    ``related`` the entities it may stand for by metonymy. ``kind`` is ``table``,
    ``name`` (unknown capitalised name or Kiwi proper noun), ``acronym`` or ``latin``
    (a Latin-script run in Korean text). ``adjectival`` marks demonyms and other
    modifiers (North Korean, inter-Korean) that a translation may drop freely.
    """

    text: str
    start: int
    end: int
    ids: frozenset[str] = frozenset()
    related: frozenset[str] = frozenset()
    type: str = ""
    kind: str = "name"
    adjectival: bool = False

    def label(self) -> str:
        """The mention with its table entity when that says more (북한 -> 북한 (North Korea))."""
        if not self.ids:
            return self.text
        names = sorted(self.ids)
        if len(names) == 1 and _english_key(names[0]) == _english_key(self.text):
            return self.text
        return f"{self.text} ({' / '.join(names)})"


def _mention_for_ids(text: str, start: int, end: int, ids: frozenset[str], kind: str,
                     adjectival: bool = False) -> NameMention:
    table = name_table()
    related: set[str] = set()
    types = []
    for ident in sorted(ids):
        entity = table.entities[ident]
        related |= entity.related
        types.append(entity.type)
    return NameMention(text, start, end, ids, frozenset(related - ids), types[0] if types else "",
                       kind, adjectival)


# English ------------------------------------------------------------------------------------

_LETTER = "A-Za-zÀ-ÖØ-öø-ɏ"
_EN_TOKEN = re.compile(
    rf"(?:[A-Za-z]\.){{2,}}"  # U.S., U.N.
    rf"|[{_LETTER}]+(?:[\-‐‑](?![A-Z]\.)[{_LETTER}]+)*(?:['’]s\b|(?<=s)['’](?![{_LETTER}]))?"
)
# Lower-case words that may sit inside a name (Bank of Korea, Osama bin Laden).
_CONNECTORS = frozenset(
    ("of", "de", "van", "von", "der", "den", "bin", "al", "el", "da", "di", "du", "la", "le",
     "del", "y")
)
_SENTENCE_BREAK = set(".!?:;\"“”‘’'([—–")

# A dateline opens a wire story and is not translated: "WASHINGTON, Nov. 5 (Yonhap) --",
# "ATLANTA, Georgia (CNN)", "(CNN)", "TOKYO —". Its names are not looked for in the Korean.
_AGENCIES = "CNN|AP|AFP|Reuters|Yonhap|Xinhua|Kyodo|UPI|dpa|DPA|KCNA|NHK|BBC|IANS|PTI|Bloomberg"
_CAP_WORDS = r"[A-Z][A-Za-z.'’\-]*(?:[ \t]+[A-Z][A-Za-z.'’\-]*)*"
_DATELINE = re.compile(
    rf"^\s*(?:{_CAP_WORDS}(?:,\s*{_CAP_WORDS}(?:\s*\d{{1,2}})?)*\s*)?"
    rf"\((?:{_AGENCIES})\)\s*(?:--|—|–|-|:)?"
    rf"|^\s*[A-Z][A-Z.'’\-]+(?:[ \t]+[A-Z][A-Z.'’\-]+)*"
    rf"(?:,\s*{_CAP_WORDS}(?:\s*\d{{1,2}})?)?\s*(?:--|—|–)"
)


_AFTER_AGENCY = re.compile(rf"\((?:{_AGENCIES})\)$")


def _dateline_end(text: str) -> int:
    match = _DATELINE.match(text)
    return match.end() if match else 0


def looks_like_headline(text: str) -> bool:
    """Whether English text is in title case (most words capitalised), as headlines are.

    In title case a capital says nothing about a word being a name.
    """
    words = re.findall(r"[A-Za-z][A-Za-z'’\-]*", text)
    content = [w for w in words if w.lower() not in _HEADLINE_SMALL_WORDS]
    if len(content) < 3:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.9


_HEADLINE_SMALL_WORDS = frozenset((
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "by", "for", "with",
    "from", "as", "into", "over", "vs", "via",
))


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # without a possessive ending
    start: int
    end: int
    key: tuple[str, ...]
    capitalised: bool
    all_caps: bool
    sentence_initial: bool
    initial: bool  # a single capital followed by a period (George W. Bush)


def _tokenize_english(text: str) -> list[_Token]:
    """Word tokens of English text; those inside a leading dateline are left out."""
    tokens = []
    dateline_end = _dateline_end(text)
    for m in _EN_TOKEN.finditer(text, dateline_end):
        raw = m.group(0)
        if raw[-2:] in ("'s", "’s"):
            stripped = raw[:-2]
        elif raw[-1] in "'’":
            stripped = raw[:-1]
        else:
            stripped = raw
        start, end = m.start(), m.start() + len(stripped)
        letters = re.sub(r"[^A-Za-zÀ-ÖØ-öø-ɏ]", "", stripped)
        if not letters:
            continue
        first_letter = letters[0]
        # al-Maliki, el-Baradei: the name is capitalised after the article.
        is_arabic_article = stripped[:3].lower() in ("al-", "el-")
        lead_part = re.split(r"[\-‐‑]", stripped)[-1] if is_arabic_article else stripped
        capitalised = lead_part[:1].isupper()
        # RBIs, CDs: an acronym in the plural is still an acronym.
        acronym_letters = letters[:-1] if re.fullmatch(r"[A-Z]{2,}s", letters) else letters
        all_caps = acronym_letters.isupper() and len(acronym_letters) >= 2
        initial = len(letters) == 1 and first_letter.isupper() and text[end : end + 1] == "."
        sentence_initial = not tokens or _is_sentence_initial(text, start)
        tokens.append(
            _Token(stripped, start, end, _english_key(stripped), capitalised, all_caps,
                   sentence_initial, initial)
        )
    return tokens


def _is_sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i].isspace():
        if text[i] == "\n":
            return True  # a new line of a document starts a sentence (or a heading)
        i -= 1
    if i < 0:
        return True
    if text[i] == ")" and _AFTER_AGENCY.search(text, 0, i + 1):
        return True  # "(CNN) Sexually dysfunctional women ..."
    after_initial = i >= 1 and text[i - 1].isupper() and (i < 2 or not text[i - 2].isalpha())
    if text[i] == "." and after_initial:
        return False  # after an initial or an acronym (George W. Bush, U.S. President)
    if text[i] == "-" and i >= 1 and text[i - 1] == "-":
        return True  # dateline "WASHINGTON (CNN) -- Trump"
    return text[i] in _SENTENCE_BREAK


@functools.lru_cache(maxsize=16)
def _names_seen_mid_sentence(context: str) -> frozenset[str]:
    """Lower-cased words that appear capitalised away from a sentence start in ``context``.

    A capitalised word at the start of a sentence is a name only if it is also written
    with a capital elsewhere (Moon ... President Moon); otherwise it is just the first
    word of the sentence.
    """
    return frozenset(
        t.key[0] for t in _tokenize_english(context)
        if t.capitalised and not t.sentence_initial and not t.all_caps and t.key
    )


def english_names(text: str, context: str | None = None,
                  is_title: bool = False) -> list[NameMention]:
    """Names in English text: table entries, unknown capitalised names and acronyms.

    ``context`` is the whole document (defaults to ``text``): it tells a name that
    starts a sentence from an ordinary first word. In a title (``is_title``) every word
    is capitalised, so only table entries and acronyms count.
    """
    table = name_table()
    not_names = _not_names()
    tokens = _tokenize_english(text)
    is_title = is_title or looks_like_headline(text)
    mentions: list[NameMention] = []
    covered = [False] * len(tokens)

    i = 0
    while i < len(tokens):
        found = _table_match(text, tokens, i, table)
        if found is None:
            i += 1
            continue
        j, ids, adjectival = found
        start, end = tokens[i].start, tokens[j - 1].end
        mentions.append(_mention_for_ids(text[start:end], start, end, ids, "table", adjectival))
        for k in range(i, j):
            covered[k] = True
        i = j

    seen_mid_sentence = _names_seen_mid_sentence(context if context is not None else text)
    for run in _capitalised_runs(text, tokens, covered):
        groups = _split_on_non_names(run, text, not_names)
        if is_title:  # only the acronyms of a title-case run can be told to be names
            groups = [[t] for group in groups for t in group if t.all_caps]
        for group in groups:
            mention = _unknown_english_mention(text, group, seen_mid_sentence, is_title, not_names)
            if mention is not None:
                mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    return _attach_given_names(text, _mark_attributive_places(text, mentions, not_names))


def _mark_attributive_places(text: str, mentions: list[NameMention],
                             not_names: frozenset[str]) -> list[NameMention]:
    """Places that only name an event or institution (the Beijing Games) become adjectival.

    A translation may shorten "the Beijing Games" to 올림픽 without losing anything.
    """
    out = []
    for m in mentions:
        following = re.match(r"[ \t]+([A-Z][a-z]+)", text[m.end :])
        if (m.type in _PLACE_TYPES and not m.adjectival and following
                and following.group(1).lower() in not_names):
            m = NameMention(m.text, m.start, m.end, m.ids, m.related, m.type, m.kind, True)
        out.append(m)
    return out


def _attach_given_names(text: str, mentions: list[NameMention]) -> list[NameMention]:
    """Drop first names that belong to a following surname: Jill Biden, Joe and Jill Biden.

    Korean often keeps only the surname (바이든 내외), and the surname is checked.
    """
    out: list[NameMention] = []
    for n, m in enumerate(mentions):
        nxt = next((x for x in mentions[n + 1 :] if x.kind != "name" or " " in x.text), None)
        if m.kind == "name" and " " not in m.text and nxt is not None:
            between = text[m.end : nxt.start]
            is_person = nxt.type == "person" or (nxt.kind == "name" and " " in nxt.text)
            if is_person and re.fullmatch(r"[ \t]+(?:and[ \t]+[A-Z][a-z]+[ \t]+)?", between):
                continue
        out.append(m)
    return out


_PLACE_TYPES = frozenset({"country", "city", "state", "region"})


def _table_match(text: str, tokens: list[_Token], i: int, table: NameTable):
    """Longest table form starting at token ``i``: (end token, ids, adjectival) or None."""
    first = tokens[i]
    lowercase_start = not first.text[:1].isupper()
    # Table forms are proper names ("us" the pronoun must not become the U.S.), except
    # "inter-Korean" and the forms that start with "the" (the North, the Koreas).
    if lowercase_start and first.key[:1] not in (("inter",), ("the",)):
        return None
    best = None
    key: tuple[str, ...] = ()
    for j in range(i, min(len(tokens), i + table.longest_english)):
        if j > i and not _joined(text, tokens[j - 1], tokens[j]):
            break
        key = key + tokens[j].key
        if len(key) > table.longest_english:
            break
        # Keys are lower case, so datelines (LONDON, NEW YORK) match as well.
        entry = table.english.get(key)
        if entry is None:
            continue
        if key in table.acronyms and not all(t.all_caps for t in tokens[i : j + 1]):
            continue  # WHO the organisation, not "Who"; US, not "Us"
        if key[0] == "the" and j + 1 < len(tokens) and tokens[j + 1].capitalised and _joined(
            text, tokens[j], tokens[j + 1]
        ):
            continue  # "the North Atlantic ...", not the North
        best = (j + 1, entry[0], entry[1])
    return best


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """Whether two tokens belong to one name: only spaces (or an initial's period) between."""
    gap = text[left.end : right.start]
    if left.initial or left.text.endswith("."):
        gap = gap.lstrip(".")
    return gap.strip() == "" and "\n" not in gap and len(gap) <= 2


def _capitalised_runs(text: str, tokens: list[_Token], covered: list[bool]) -> list[list[_Token]]:
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    pending_connectors: list[_Token] = []
    for idx, tok in enumerate(tokens):
        if covered[idx]:
            if current:
                runs.append(current)
            current, pending_connectors = [], []
            continue
        if tok.capitalised:
            if current and _joined(text, (pending_connectors or current)[-1], tok):
                current.extend(pending_connectors)
                current.append(tok)
            else:
                if current:
                    runs.append(current)
                current = [tok]
            pending_connectors = []
        elif current and tok.key and tok.key[0] in _CONNECTORS and len(tok.key) == 1 and (
            _joined(text, (pending_connectors or current)[-1], tok)
        ):
            pending_connectors.append(tok)
        else:
            if current:
                runs.append(current)
            current, pending_connectors = [], []
    if current:
        runs.append(current)
    return runs


def _is_non_name(tok: _Token, text: str, not_names: frozenset[str]) -> bool:
    """Whether a capitalised token is a title, month or other listed non-name.

    Abbreviations are listed with their period (sen., gen.) so that Hun Sen stays a name.
    """
    word = tok.text.lower()
    if text[tok.end : tok.end + 1] == "." and word + "." in not_names:
        return True
    return word in not_names or bool(tok.key) and tok.key[0] in not_names


def _split_on_non_names(run: list[_Token], text: str,
                        not_names: frozenset[str]) -> list[list[_Token]]:
    """Pieces of a capitalised run left when title words and other non-names are removed."""
    groups: list[list[_Token]] = []
    current: list[_Token] = []
    for tok in run:
        if tok.capitalised and not _is_non_name(tok, text, not_names):
            current.append(tok)
        elif not tok.capitalised and current:
            continue  # a connector inside a name stays out of the name's words
        else:
            if current:
                groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


_ACRONYM_MAX = 6


def _unknown_english_mention(text: str, group: list[_Token], seen_mid_sentence: frozenset[str],
                             is_title: bool, not_names: frozenset[str]) -> NameMention | None:
    while group and group[-1].initial:
        group = group[:-1]
    if not group:
        return None
    start, end = group[0].start, group[-1].end
    span = text[start:end]
    letters = re.sub(r"[^A-Za-z]", "", span)
    if len(group) == 1 and group[0].all_caps:
        if len(letters) > _ACRONYM_MAX:
            return None  # a shouted word or a dateline the table does not know
        return NameMention(span, start, end, kind="acronym")
    if all(t.all_caps for t in group):
        return None  # a headline in capitals
    if is_title:
        return None
    if len(group) == 1 and group[0].sentence_initial and group[0].key[0] not in seen_mid_sentence:
        return None
    if len(letters) < 2:
        return None
    return NameMention(span, start, end, kind="name")


# Korean -------------------------------------------------------------------------------------

_KO_GAP = re.compile(r"^[\s·ㆍ・]{0,2}$")


def korean_names(text: str, morphs: list[Morpheme] | None = None) -> list[NameMention]:
    """Names in Korean text: Kiwi proper nouns and Latin runs, looked up in the table.

    Kiwi sometimes splits a transliterated name (``폼페이 오``, ``사우스 다코타``) or
    keeps a particle on one it does not know (``에리트레아도``): neighbouring tokens are
    joined when the joined form is in the table, a table name at the start of an
    unknown proper noun is taken, and table forms of three syllables or more are also
    found by a plain search that overrides Kiwi's guesses.
    """
    table = name_table()
    morphs = morphemes(text) if morphs is None else morphs
    mentions: list[NameMention] = []
    i = 0
    while i < len(morphs):
        m = morphs[i]
        if not _is_name_token(m, table):
            i += 1
            continue
        joined = _longest_korean_table_match(text, morphs, i, table)
        if joined is not None:
            j, ids = joined
            start, end = m.start, morphs[j - 1].end
            mentions.append(_mention_for_ids(text[start:end], start, end, ids, "table"))
            i = j
            continue
        if m.tag == "SL":
            i = _latin_run(text, morphs, i, table, mentions)
            continue
        if m.tag == "NNP":
            compound = _abbreviation_compound(m.form, table)
            prefix = _table_prefix(m.form, table)
            if compound:
                mentions.append(_mention_for_ids(m.form, m.start, m.end, compound, "table"))
            elif prefix:
                end = m.start + len(prefix)
                ids = table.korean[prefix]
                mentions.append(_mention_for_ids(prefix, m.start, end, ids, "table"))
            elif any(rz.is_hangul_syllable(c) for c in m.form):
                mentions.append(NameMention(m.form, m.start, m.end, kind="name"))
        i += 1
    found = _korean_table_search(text, table)
    # A table form found in the text wins over the unknown proper nouns Kiwi made of it.
    mentions = [
        m for m in mentions
        if not (m.kind == "name" and any(f.start < m.end and m.start < f.end for f in found))
    ]
    for hit in found:
        if not any(m.start < hit.end and hit.start < m.end for m in mentions):
            mentions.append(hit)
    mentions.extend(_table_names_in_stems(_korean_stems(text, morphs), mentions, table))
    mentions.sort(key=lambda mention: mention.start)
    return _drop_glosses(text, mentions)


def _drop_glosses(text: str, mentions: list[NameMention]) -> list[NameMention]:
    """Drop Latin glosses of a known Korean name: 국제올림픽위원회(IOC) is one mention.

    The gloss repeats the source's spelling; it is the Korean name that says what the
    translation calls the entity (a gloss that disagrees with it must not hide a swap).
    """
    glossed: list[tuple[int, int]] = []
    for m in mentions:
        if m.ids and not _is_latin(m.text):
            after = re.match(r"\s*\(([^()]*)\)", text[m.end :])
            if after:
                glossed.append((m.end + after.start(1), m.end + after.end(1)))
    return [
        m for m in mentions
        if not (_is_latin(m.text) and any(s <= m.start and m.end <= e for s, e in glossed))
    ]


def _latin_run(text: str, morphs: list[Morpheme], i: int, table: NameTable,
               mentions: list[NameMention]) -> int:
    """Append the Latin-script run starting at morpheme ``i`` (G20, ASCI White); next index."""
    j = i + 1
    while j < len(morphs):
        gap = text[morphs[j - 1].end : morphs[j].start]
        if morphs[j].tag == "SL" and re.fullmatch(r"[\s.&\-]{0,2}", gap):
            j += 1
        elif morphs[j].tag == "SN" and gap == "":
            j += 1  # G20, F16: Kiwi cuts the digits off
        else:
            break
    start, end = morphs[i].start, morphs[j - 1].end
    latin = text[start:end]
    entry = table.english.get(_english_key(latin))
    if entry is not None:
        mentions.append(_mention_for_ids(latin, start, end, entry[0], "latin"))
    else:
        mentions.append(NameMention(latin, start, end, kind="latin"))
    return j


def _is_name_token(m: Morpheme, table: NameTable) -> bool:
    if m.tag in ("NNP", "SL"):
        return True
    if m.tag == "SH":
        return m.form in table.korean
    return (m.tag == "NNG" and len(m.form) >= 3 and m.form in table.korean
            and m.form not in table.ambiguous)


def _longest_korean_table_match(text: str, morphs: list[Morpheme], i: int, table: NameTable):
    best = None
    for j in range(i, min(len(morphs), i + 4)):
        if j > i:
            gap = text[morphs[j - 1].end : morphs[j].start]
            if not _KO_GAP.match(gap):
                break
            tok = morphs[j]
            # A name continues with more nouns (프랑스 통신, 도미니카 공화국) or the stray
            # syllable Kiwi cuts off (폼페이 + 오/VV); the joined form must be in the table.
            if not (tok.tag.startswith(("N", "SL", "SH", "XSN"))
                    or (len(tok.form) == 1 and tok.tag[0] in "VM")):
                break
        key = _korean_key(text[morphs[i].start : morphs[j].end])
        ids = table.korean.get(key)
        if ids is None:
            continue
        proper = morphs[i].tag in ("NNP", "SH")
        if j == i and (key in table.ambiguous or len(key) == 1) and not proper:
            continue
        best = (j + 1, ids)
    return best


def _table_prefix(form: str, table: NameTable) -> str | None:
    """The longest table form of two syllables or more that ``form`` starts with.

    Forms that are also common words are left out: 인도 at the start of a proper noun
    says nothing about India.
    """
    for length in range(len(form) - 1, 1, -1):
        if form[:length] in table.korean and form[:length] not in table.ambiguous:
            return form[:length]
    return None


def _abbreviation_compound(form: str, table: NameTable) -> frozenset[str] | None:
    """Ids of a compound of one-syllable country names (한미, 미중, 북일), else None."""
    if not 2 <= len(form) <= 3:
        return None
    ids: set[str] = set()
    for syllable in form:
        part = table.korean_abbreviations.get(syllable)
        if part is None:
            return None
        ids |= part
    return frozenset(ids)


@functools.lru_cache(maxsize=1)
def _korean_search_pattern() -> re.Pattern | None:
    """Regex of the table's unambiguous Korean forms of three syllables or more.

    Spaces inside a form are optional (도미니카 공화국 / 도미니카공화국): Korean spacing
    varies, and the North Korean variant of the data writes words together.
    """
    table = name_table()
    forms = {
        form
        for entity in table.entities.values()
        for form in entity.korean
        if len(_korean_key(form)) >= 3 and _korean_key(form) not in table.ambiguous
        and all(rz.is_hangul_syllable(c) or c in " ·" for c in form)
    }
    if not forms:
        return None
    alternatives = sorted(forms, key=lambda f: len(_korean_key(f)), reverse=True)
    pattern = "|".join(r"[\s·]*".join(map(re.escape, form.replace(" ", "").replace("·", "")))
                       for form in alternatives)
    return re.compile(rf"(?<![가-힣])(?:{pattern})")


def _korean_table_search(text: str, table: NameTable) -> list[NameMention]:
    pattern = _korean_search_pattern()
    if pattern is None:
        return []
    out = []
    for match in pattern.finditer(text):
        start, end = match.span()
        ids = table.korean[_korean_key(match.group(0))]
        out.append(_mention_for_ids(match.group(0), start, end, ids, "table"))
    return out


# --- matching --------------------------------------------------------------------------------


def _name_words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-‐‑.]+", re.sub(r"['’]s\b", "", text)) if len(w) >= 2]


def _spellings(word: str) -> list[str]:
    """A name word and, for a plural (the McCanns, Kalashnikovs), its singular."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return [word, word[:-1]]
    return [word]


def _latin_letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _misspells_known_form(english: str, ids: frozenset[str]) -> bool:
    """Whether English text is a table form of the entities, its last word, or one letter off."""
    written = _latin_letters(english)
    table = name_table()
    for ident in ids:
        entity = table.entities[ident]
        for form in entity.english:
            letters = _latin_letters(form)
            words = _name_words(form)
            surname = _latin_letters(words[-1]) if entity.type == "person" and words else ""
            if written in (letters, surname):
                return True
            if len(written) >= 5 and abs(len(letters) - len(written)) <= 1 and (
                rz.edit_distance(written, letters, 2) <= 1
            ):
                return True
    return False


def _hangul_variant(written: str, form: str) -> bool:
    """Whether Hangul ``written`` is a variant spelling or a truncation of table ``form``."""
    if len(written) < 2 or not all(rz.is_hangul_syllable(c) for c in written + form):
        return False
    if form.startswith(written) or written.startswith(form):
        return True  # 폼페이 (Kiwi cut off 오), 매케인측
    a, b = _jamo(written), _jamo(form)
    allowed = max(1, len(b) // 4)
    return rz.edit_distance(a, b, allowed + 1) <= allowed


def _jamo(hangul: str) -> str:
    """Hangul syllables spelt out in jamo (other characters kept), for edit distances."""
    return "".join("".join(rz.decompose(c)) if rz.is_hangul_syllable(c) else c for c in hangul)


def _transliterates(hangul: str, latin: str) -> bool:
    """Whether Hangul (a whole name or any space-separated part) transliterates the Latin."""
    hangul_parts = [p for p in re.split(r"[\s·ㆍ]+", hangul) if p]
    hangul_options = {_korean_key(hangul), *hangul_parts}
    latin_words = _name_words(latin)
    latin_options = {spelling for w in latin_words for spelling in _spellings(w)}
    if len(latin_words) > 1:
        latin_options.add("".join(latin_words))
    for h in hangul_options:
        h_skeleton = rz.hangul_skeleton(h)
        if not h_skeleton:
            continue
        for word in latin_options:
            if any(rz.skeletons_match(h_skeleton, s) for s in rz.latin_skeletons(word)):
                return True
    return False


def _spelled_acronym(acronym: str) -> str:
    return "".join(_LETTER_NAMES.get(c, "?") for c in acronym.upper() if c.isalpha())


# How Korean spells Latin letters out (CNN -> 씨엔엔).
_LETTER_NAMES = {
    "A": "에이", "B": "비", "C": "씨", "D": "디", "E": "이", "F": "에프", "G": "지", "H": "에이치",
    "I": "아이", "J": "제이", "K": "케이", "L": "엘", "M": "엠", "N": "엔", "O": "오", "P": "피",
    "Q": "큐", "R": "알", "S": "에스", "T": "티", "U": "유", "V": "브이", "W": "더블유",
    "X": "엑스", "Y": "와이", "Z": "지",
}


def mentions_match(en: NameMention, ko: NameMention) -> bool:
    """Whether an English and a Korean mention name the same thing (table ids not related)."""
    if en.ids and ko.ids:
        return bool(en.ids & ko.ids)
    if ko.ids:
        # The Korean names a table entity the English did not match by its forms: only a
        # misspelling of one of its English forms (Tsvangarai), its surname (Wong for
        # Alex Wong) or a Korean person's surname (Moon for 문재인) is the same name. A
        # consonant likeness with the Korean (Fars / 벨라루스) is not.
        return _misspells_known_form(en.text, ko.ids) or (
            ko.type == "person" and rz.korean_name_matches(_korean_key(ko.text), en.text)
        )
    if ko.kind == "latin":
        en_letters, ko_letters = _latin_letters(en.text), _latin_letters(ko.text)
        if en_letters and en_letters == ko_letters:
            return True
        en_words = {w.lower() for w in _name_words(en.text)}
        return bool(en_words & {w.lower() for w in _name_words(ko.text)})
    if en.adjectival:
        return False
    hangul = ko.text
    if en.kind == "acronym" and _korean_key(hangul) == _spelled_acronym(en.text):
        return True
    if rz.korean_name_matches(_korean_key(hangul), en.text):
        return True
    if en.ids:
        # A known name has known Korean forms: the Korean must be one of them spelt a
        # little differently or cut short (폼페이 for 폼페이오, 매캐인 for 매케인). A mere
        # consonant likeness is not enough (타이탄스 is not 테네시), nor a first name
        # (시게오 in 후세인 시게오 is not 도쿠다 시게오).
        return any(_hangul_variant(_korean_key(hangul), _korean_key(form))
                   for ident in en.ids for form in name_table().entities[ident].korean)
    return _transliterates(hangul, en.text)


def names_match(en: str, ko: str) -> bool:
    """Whether an English name and a Korean name are the same (table, Latin, person, skeleton).

    >>> names_match("Kim Jong-un", "김정은"), names_match("Kim Jong Un", "김정일")
    (True, False)
    >>> names_match("Pompeo", "폼페이오"), names_match("Livermore", "리버모어")
    (True, True)
    """
    table = name_table()
    entry = table.english.get(_english_key(en))
    en_mention = (
        _mention_for_ids(en, 0, len(en), entry[0], "table") if entry
        else NameMention(en, 0, len(en), kind="acronym" if en.isupper() else "name")
    )
    ko_ids = table.korean.get(_korean_key(ko))
    if ko_ids is None and re.fullmatch(r"[A-Za-z .&\-]+", ko):
        latin_entry = table.english.get(_english_key(ko))
        ko_ids = latin_entry[0] if latin_entry else None
        kind = "latin"
    else:
        kind = "table" if ko_ids else "name"
    ko_mention = (
        _mention_for_ids(ko, 0, len(ko), ko_ids, kind) if ko_ids
        else NameMention(ko, 0, len(ko), kind=kind)
    )
    if mentions_match(en_mention, ko_mention):
        return True
    return bool((en_mention.ids | en_mention.related) & (ko_mention.ids | ko_mention.related))


# --- comparing two sides ---------------------------------------------------------------------

# Words a translator writes in place of a repeated name: pronouns, titles, and the
# ways Korean refers to a country or a side already named.
_PERSON_STAND_INS = frozenset((
    "그", "그녀", "그들", "이들", "자신", "본인", "당사자", "대통령", "부통령", "장관",
    "국무장관", "차관", "총리", "수상", "위원장", "부위원장", "의장", "대표", "대사", "의원",
    "상원의원", "하원의원", "주석", "국왕", "왕", "여왕", "왕자", "황태자", "공주", "총장",
    "사무총장", "대변인", "특사", "특별대표", "관리", "관계자", "당국자", "지도자", "후보",
    "감독", "선수", "씨", "박사", "교수", "회장", "사장", "소장", "시장", "지사", "주지사",
    "장군", "사령관", "총재", "판사", "검사", "변호사", "기자", "작가", "배우", "가수", "교황",
    "목사", "신부", "국무위원장", "외무상", "외상", "부장", "청장", "원장", "국장", "차장",
    "비서", "보좌관", "고문", "측근", "남편", "아내", "부인", "아들", "딸", "어머니", "아버지",
))
_PLACE_STAND_INS = frozenset((
    "양국", "양측", "자국", "본국", "정부", "당국", "현지", "이곳", "그곳", "이 나라", "그 나라",
    "북측", "남측", "미측", "한측", "중측", "일측", "국내", "해외", "국가", "나라", "측", "행정부",
    "백악관", "의회", "정권", "동맹", "양자",
))
_ORG_STAND_INS = frozenset((
    "단체", "회사", "기업", "기구", "조직", "당", "기관", "업체", "그룹", "방송", "신문", "통신",
    "대선", "구단", "팀",
))


@dataclass(frozen=True, slots=True)
class NameIssue:
    """One name that does not carry over; ``code`` is swapped, missing or added."""

    severity: str
    code: str
    message: str
    en: NameMention | None = None
    ko: NameMention | None = None


# Swapping one of these for another of the same type changes who or where the sentence
# is about: an error. Cities, regions and organisations are also added or dropped in
# translation for context (미국 민주당 대선후보, the Beijing Games held by the IOC in 로잔),
# so a substitution among them is a warning.
_SWAP_ERROR_TYPES = frozenset({"person", "country"})
# How far (characters) a Korean name may precede a matched name and still be read as
# its modifier: 미국 민주당 대선후보인 버락 오바마, 미국 텍사스주 댈러스.
_MODIFIER_REACH = 14
# Names a translator adds in front of another name to explain it (민주당 대선후보인 오바마,
# 휴먼라이츠워치의 니콜라스 베케린). Places are not among them: a place put in front of a
# name where the English has a different one (부시 브루나이 대통령, 미주리 주 볼더 for
# Boulder, Colorado) is a real swap.
_ADDED_CONTEXT_TYPES = frozenset({"org", "media"})


def compare(en_text: str, ko_text: str, *, en_context: str | None = None,
            is_title: bool = False) -> list[NameIssue]:
    """Names that differ between an English text and its Korean translation.

    ``en_context`` is the English document (or the sentences around ``en_text``); it
    tells names from ordinary capitalised first words. ``is_title`` relaxes the
    English side to table names and acronyms, as in a title every word is capitalised.
    """
    if not en_text.strip() or not ko_text.strip():
        return []
    table = name_table()
    morphs = morphemes(ko_text)
    en_mentions = english_names(en_text, context=en_context, is_title=is_title)
    ko_mentions = korean_names(ko_text, morphs)
    if not en_mentions and not ko_mentions:
        return []

    en_done = [False] * len(en_mentions)
    ko_used = [False] * len(ko_mentions)
    # English mention -> Korean mentions it was matched with (for the slot check below).
    partners: dict[int, list[int]] = {}

    # 1. Same table entity, or same name by spelling, transliteration or Korean surname.
    for i, e in enumerate(en_mentions):
        for j, k in enumerate(ko_mentions):
            if e.ids and k.ids and e.ids & k.ids:
                en_done[i] = ko_used[j] = True
                partners.setdefault(i, []).append(j)
    for i, e in enumerate(en_mentions):
        if en_done[i]:
            continue
        for prefer_unused in (True, False):
            for j, k in enumerate(ko_mentions):
                if prefer_unused == ko_used[j] or (e.ids and k.ids):
                    continue
                if mentions_match(e, k):
                    en_done[i] = ko_used[j] = True
                    partners.setdefault(i, []).append(j)
                    # A known name needs one counterpart; an unknown one of several words
                    # claims every free Korean word it transliterates (이그나시오 가르시아
                    # 베르세로), so that none is left over to pair with another name.
                    if e.ids or not prefer_unused:
                        break
            if en_done[i]:
                break

    # 2. Names Kiwi did not tag as proper nouns: a table entity's Korean forms anywhere
    #    in the text, an unknown name's transliteration as some Korean word.
    stems = _korean_stems(ko_text, morphs)
    for i, e in enumerate(en_mentions):
        if en_done[i]:
            continue
        if e.ids:
            en_done[i] = _korean_form_present(e.ids, ko_text, stems, table)
        elif not e.adjectival:
            en_done[i] = _transliteration_in_text(e, ko_text, stems)

    # 3. Metonymy between names of the same type, which are near-synonyms: Korea and
    #    한국 (South Korea), the Koreas and 남북.
    for i, e in enumerate(en_mentions):
        if en_done[i] or not e.related and not e.ids:
            continue
        for j, k in enumerate(ko_mentions):
            if k.type == e.type and _related(e, k):
                en_done[i] = ko_used[j] = True
                break

    issues: list[NameIssue] = []

    # 4. A known name replaced by a different known name of the same type. This runs
    #    before metonymy so that 그리스 마닐라 for "the Philippines" is a swap, not
    #    Manila standing for its country.
    for i, e in enumerate(en_mentions):
        if en_done[i] or not e.ids:
            continue
        for j, k in enumerate(ko_mentions):
            if ko_used[j] or not k.ids or k.type != e.type or _related(e, k):
                continue
            if (k.type in _ADDED_CONTEXT_TYPES and not e.adjectival
                    and _added_context(e, k, en_mentions, ko_mentions, ko_used, partners,
                                       morphs, en_text)):
                continue  # 민주당 in 민주당 대선주자인 버락 오바마: context the translator added
            en_done[i] = ko_used[j] = True
            severity = "error" if e.type in _SWAP_ERROR_TYPES else "warning"
            issues.append(NameIssue(
                severity, "swapped",
                f"'{e.label()}' is rendered as {k.label()}, a different {e.type}", e, k,
            ))
            break

    # 5. Metonymy: Pyongyang rendered 북한, Washington 미국 (a Korean name nothing else
    #    claimed first, then any: North Korea ... Pyongyang -> 북한 ... 북한).
    for i, e in enumerate(en_mentions):
        if en_done[i] or not (e.ids or e.related):
            continue
        for prefer_unused in (True, False):
            for j, k in enumerate(ko_mentions):
                if ko_used[j] == prefer_unused or not _related(e, k):
                    continue
                en_done[i] = ko_used[j] = True
                break
            if en_done[i]:
                break

    # 6. English names with no trace on the Korean side.
    leftover_korean_names = [k for j, k in enumerate(ko_mentions) if not ko_used[j]]
    reported: set[str] = set()
    for i, e in enumerate(en_mentions):
        if en_done[i] or e.adjectival:
            continue
        key = " ".join(_english_key(e.text))
        if key in reported:
            continue
        reported.add(key)
        issues.append(_missing_issue(e, leftover_korean_names, morphs, ko_text))

    # 7. Known Korean names with no English counterpart.
    english_ids: set[str] = set()
    for e in en_mentions:
        english_ids |= e.ids | e.related
    for j, k in enumerate(ko_mentions):
        if ko_used[j] or not k.ids or (k.ids | k.related) & english_ids:
            continue
        if _english_trace(k, en_text):
            continue
        key = _korean_key(k.text)
        if key in reported:
            continue
        reported.add(key)
        issues.append(NameIssue(
            "info", "added", f"{k.label()} in the Korean is not named in the English", None, k,
        ))
    return issues


def _missing_issue(e: NameMention, leftover_korean: list[NameMention], morphs: list[Morpheme],
                   ko_text: str) -> NameIssue:
    """How sure we are that an English name went missing, as a NameIssue."""
    if leftover_korean:
        names = ", ".join(k.label() for k in leftover_korean[:3])
        return NameIssue(
            "info", "missing",
            f"'{e.label()}' has no exact counterpart in the Korean (which names {names})", e,
        )
    if e.kind == "acronym":
        # An acronym the table does not know is often translated (KMA -> 기상청).
        return NameIssue("info", "missing", f"'{e.text}' does not appear in the Korean", e)
    if e.type == "media":
        # Wire copy names its source ("told CNN", "AP reported"); translations drop it.
        message = f"the source '{e.label()}' is not named in the Korean"
        return NameIssue("info", "missing", message, e)
    stand_in = _stand_in(e, morphs, ko_text)
    if stand_in:
        message = f"'{e.label()}' is not named in the Korean (rendered as '{stand_in}'?)"
        return NameIssue("info", "missing", message, e)
    return NameIssue("warning", "missing", f"'{e.label()}' is missing from the Korean", e)


def _related(e: NameMention, k: NameMention) -> bool:
    """Same entity, or one stands for the other (Pyongyang / 북한).

    Two names that merely stand for the same third one are not related: Beijing and
    상하이 are both in China but are different cities.
    """
    return bool(e.ids & (k.ids | k.related) or e.related & k.ids)


# Between a modifier and the name it describes there are only nouns, 의, and the copula
# of an apposition: 미국 민주당 대선후보인 버락 오바마, 미국 텍사스주 댈러스.
_APPOSITION_TAGS = frozenset({"NNG", "NNB", "NNP", "SN", "XSN", "JKG", "VCP", "ETM", "SH", "SL"})


def _added_context(e: NameMention, k: NameMention, en_mentions: list[NameMention],
                   ko_mentions: list[NameMention], ko_used: list[bool],
                   partners: dict[int, list[int]], morphs: list[Morpheme], en_text: str) -> bool:
    """Whether Korean ``k`` only qualifies a matched name that ``e`` has nothing to do with.

    민주당 대선주자인 버락 오바마 explains Obama; the English "CNN poll" it might be
    paired with is elsewhere in the sentence. But in "Yankees catcher Jorge Posada" ->
    하마스의 포수 호르헤 포사다 the English name stands right before the same person, so
    the Korean name is in its slot: a swap.
    """
    head = _modified_name(k, ko_mentions, ko_used, morphs)
    if head is None:
        return False
    for i, korean_partners in partners.items():
        if head in korean_partners:
            english_head = en_mentions[i]
            if e.end > english_head.start:
                continue
            gap = en_text[e.end : english_head.start]
            if len(gap) <= _MODIFIER_REACH * 3 and not re.search(r"[.;:!?]", gap):
                return False
    return True


def _modified_name(k: NameMention, ko_mentions: list[NameMention], ko_used: list[bool],
                   morphs: list[Morpheme]) -> int | None:
    """Index of the matched Korean name that ``k`` stands in front of as a modifier, if any."""
    for j, other in enumerate(ko_mentions):
        if not ko_used[j] or other.start < k.end or other.start - k.end > _MODIFIER_REACH:
            continue
        between = [m for m in morphs if m.end > k.end and m.start < other.start]
        if all(m.tag in _APPOSITION_TAGS for m in between):
            return j
    return None


def _korean_form_present(ids: frozenset[str], ko_text: str, stems: list[tuple[int, list[str]]],
                         table: NameTable) -> bool:
    """Whether a Korean form of the entities is in the text, tagged by Kiwi or not.

    Forms that are also common words (베일 veil / Bale) count only as the noun part of
    a word, not inside another word; a form of three syllables or more also counts when
    misspelt by a letter.
    """
    compact = _korean_key(ko_text)
    prefixes = {p for _start, stem in stems for p in stem}
    for ident in ids:
        for form in table.entities[ident].korean:
            key = _korean_key(form)
            if len(key) < 2 or _is_latin(key):
                continue
            if key in prefixes or key not in table.ambiguous and key in compact:
                return True
            # A misspelt long form (멕시고 for 멕시코) is still the name, unless the
            # misspelling is another name (김정일 is not a misspelt 김정은).
            if len(key) >= 3 and any(
                len(p) == len(key) and p not in table.korean
                and rz.edit_distance(_jamo(p), _jamo(key), 2) <= 1
                for p in prefixes
            ):
                return True
    return False


def _is_latin(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9.&\- ]+", text))


# Morphemes that end the name part of a Korean word: particles, endings, copula, suffixes.
_STEM_END_TAGS = ("J", "E", "XS", "V", "MAG", "MAJ", "IC")


def _korean_stems(ko_text: str, morphs: list[Morpheme]) -> list[tuple[int, list[str]]]:
    """Each Korean word's noun part: (start, its prefixes at morpheme boundaries).

    키퍼는 -> (i, ["키", "키퍼"]), “모술에 -> (i, ["모", "모술"]): Kiwi cuts unknown
    foreign names into common-noun pieces, so a name is looked for as a prefix of a
    word made of such pieces. Opening quotes and brackets are skipped.
    """
    stems: list[tuple[int, list[str]]] = []
    current: list[str] = []
    word_start = -1
    stopped = False
    previous_end = -1
    for m in morphs:
        after_space = m.start > previous_end and ko_text[previous_end : m.start].strip() == ""
        if previous_end < 0 or after_space:
            if current:
                stems.append((word_start, current))
            current, word_start, stopped = [], -1, False
        previous_end = m.end
        if stopped:
            continue
        if word_start < 0 and m.tag.startswith("S") and m.tag not in ("SL", "SH", "SN"):
            continue  # “모술에: the quote is not part of the name
        if m.tag.startswith(_STEM_END_TAGS) or not any(rz.is_hangul_syllable(c) for c in m.form):
            stopped = True
            continue
        if word_start < 0:
            word_start = m.start
        current.append(ko_text[word_start : m.end])
    if current:
        stems.append((word_start, current))
    return stems


def _table_names_in_stems(stems: list[tuple[int, list[str]]], ko_mentions: list[NameMention],
                          table: NameTable) -> list[NameMention]:
    """Table names of two syllables or more that start a word Kiwi did not tag (나토는, “모술에)."""
    found = []
    for start, prefixes in stems:
        for prefix in reversed(prefixes):
            ids = table.korean.get(prefix)
            end = start + len(prefix)
            if (ids and len(prefix) >= 2 and prefix not in table.ambiguous
                    and not any(m.start < end and start < m.end for m in ko_mentions)):
                found.append(_mention_for_ids(prefix, start, end, ids, "table"))
                break
    return found


# Korean heads of organisation and place names that follow a transliterated name in one
# word (벨연구소 Bell Laboratories, 포드재단 Ford Foundation, 벨사 the Bell company).
_GENERIC_HEADS = frozenset({
    "연구소", "연구원", "대학", "대학교", "재단", "그룹", "은행", "병원", "센터", "공항", "호텔",
    "항공", "전자", "자동차", "박물관", "미술관", "사", "시",
})


def _transliteration_in_text(e: NameMention, ko_text: str,
                             stems: list[tuple[int, list[str]]]) -> bool:
    """Whether some Korean word holds a transliteration of a word of the English name.

    Skeletons of three classes or more may match a word's prefix (리버모아연구소 at a
    morpheme boundary, 고담시 at a syllable boundary, exactly); shorter ones, which many
    unrelated words share, only a whole noun part (키퍼는).
    """
    if e.kind == "acronym":
        letters = _latin_letters(e.text)
        spelled = _spelled_acronym(e.text)
        return letters in _latin_letters(ko_text) or spelled in _korean_key(ko_text)
    wanted = {
        (skeleton, rz.leading_class(spelling))
        for word in _name_words(e.text)
        for spelling in _spellings(word)
        for skeleton in rz.latin_skeletons(spelling)
        if skeleton
    }
    if not wanted:
        return False
    for _start, prefixes in stems:
        whole = prefixes[-1]
        for prefix in prefixes:
            skeleton = rz.hangul_skeleton(prefix)
            if not skeleton:
                continue
            if len(skeleton) < 3:
                # Short: the whole noun part, starting with the same consonant (키퍼 for
                # Kiefer, but not 계획 for Walker read without its l and r), or the noun
                # part less a generic head (벨연구소 for Bell Laboratories).
                if (prefix == whole or whole[len(prefix):] in _GENERIC_HEADS) and any(
                    skeleton == w and skeleton[0] == lead for w, lead in wanted
                ):
                    return True
                continue
            if any(rz.skeletons_match(skeleton, w) for w, _lead in wanted):
                return True
        for length in range(2, len(whole)):
            skeleton = rz.hangul_skeleton(whole[:length])
            if len(skeleton) >= 3 and any(skeleton == w for w, _lead in wanted):
                return True
    return False


def _english_trace(k: NameMention, en_text: str) -> bool:
    """Whether the English mentions a Korean table name in lower case or as a word part."""
    table = name_table()
    lowered = en_text.lower()
    for ident in k.ids:
        for form in table.entities[ident].english + table.entities[ident].adjectival:
            if len(form) >= 3 and form.lower() in lowered:
                return True
    return False


def _stand_in(e: NameMention, morphs: list[Morpheme], ko_text: str) -> str | None:
    """A Korean pronoun, title or generic word that can stand for the missing name."""
    if e.type in ("country", "city", "state", "region"):
        words = _PLACE_STAND_INS
    elif e.type == "org":
        words = _ORG_STAND_INS | _PLACE_STAND_INS
    else:
        words = _PERSON_STAND_INS | _ORG_STAND_INS
    for m in morphs:
        if m.tag == "NP" or m.form in words:
            return m.form
    for phrase in words:
        if " " in phrase and phrase in ko_text:
            return phrase
    return None


# --- the check -------------------------------------------------------------------------------


def check_link(ctx: LinkContext) -> list[Finding]:
    """Name findings for one link of an alignment."""
    if not ctx.link.en or not ctx.link.ko:
        return []
    en_text, ko_text = ctx.en_text, ctx.ko_text
    issues = compare(en_text, ko_text, en_context=ctx.en_side.doc.text, is_title=ctx.is_title)
    findings = []
    for issue in issues:
        en_ev = ctx.en_evidence(issue.en.start, issue.en.end) if issue.en else None
        ko_ev = ctx.ko_evidence(issue.ko.start, issue.ko.end) if issue.ko else None
        findings.append(Finding(
            kind="name", severity=issue.severity, message=issue.message,
            en=en_ev, ko=ko_ev, link=ctx.index,
        ))
    return findings
