"""Hangul romanisation and consonant skeletons for matching names across scripts.

A name written in Hangul and the same name written in Latin letters rarely agree
letter for letter: 트럼프 is "teureompeu" in Revised Romanization, 김정은 is "Kim
Jong Un", "Kim Jong-un" or "Gim Jeong-eun", and Livermore comes out as 리버모어
or 리버모아. What survives every spelling is the order of consonant *classes*
(the vowels and the voiced/voiceless distinction do not), so both sides are
reduced to a skeleton such as ``PMP`` (Pompeo / 폼페이오) and compared with a
small edit tolerance.

Korean surnames are the exception: 이 is Lee, Yi or Rhee, 노 is Roh, whose
skeletons share nothing with the Hangul, so they come from the surname table
``data/surnames.tsv``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

HANGUL_FIRST = 0xAC00
HANGUL_LAST = 0xD7A3

# Jamo in Unicode order (initial 19, medial 21, final 28 with "" for none).
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINALS = ["", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ",
           "ㅀ", "ㅁ", "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"]

# Consonant classes of the skeleton: K (k g c q), T (t d), P (p b f v), S (s z j ch sh),
# L (l r), M, N. Korean has one letter for English f/p, v/b and for s/z/j/ch, so the
# classes are as coarse as Korean loanword spelling is.
_INITIAL_CLASS = {
    "ㄱ": "K", "ㄲ": "K", "ㅋ": "K", "ㄷ": "T", "ㄸ": "T", "ㅌ": "T", "ㅂ": "P", "ㅃ": "P",
    "ㅍ": "P", "ㅅ": "S", "ㅆ": "S", "ㅈ": "S", "ㅉ": "S", "ㅊ": "S", "ㄴ": "N", "ㅁ": "M",
    "ㄹ": "L", "ㅎ": "", "ㅇ": "",
}
# A final consonant is pronounced as its representative sound; in loanwords a final ㅅ
# stands for English t (로켓, 마거릿), and final ㅇ is "ng", which English spells n+g.
_FINAL_CLASS = {
    "": "", "ㄱ": "K", "ㄲ": "K", "ㄳ": "K", "ㄴ": "N", "ㄵ": "N", "ㄶ": "N", "ㄷ": "T",
    "ㄹ": "L", "ㄺ": "K", "ㄻ": "M", "ㄼ": "L", "ㄽ": "L", "ㄾ": "L", "ㄿ": "P", "ㅀ": "L",
    "ㅁ": "M", "ㅂ": "P", "ㅄ": "P", "ㅅ": "T", "ㅆ": "T", "ㅇ": "NK", "ㅈ": "T", "ㅊ": "T",
    "ㅋ": "K", "ㅌ": "T", "ㅍ": "P", "ㅎ": "",
}

# McCune-Reischauer without diacritics, the spelling of most North Korean and older
# South Korean names in English news (Kim Il Sung, Pak, Chon).
_MR_INITIAL = {
    "ㄱ": "k", "ㄲ": "kk", "ㄴ": "n", "ㄷ": "t", "ㄸ": "tt", "ㄹ": "r", "ㅁ": "m", "ㅂ": "p",
    "ㅃ": "pp", "ㅅ": "s", "ㅆ": "ss", "ㅇ": "", "ㅈ": "ch", "ㅉ": "tch", "ㅊ": "ch",
    "ㅋ": "k", "ㅌ": "t", "ㅍ": "p", "ㅎ": "h",
}
_MR_MEDIAL = {
    "ㅏ": "a", "ㅐ": "ae", "ㅑ": "ya", "ㅒ": "yae", "ㅓ": "o", "ㅔ": "e", "ㅕ": "yo",
    "ㅖ": "ye", "ㅗ": "o", "ㅘ": "wa", "ㅙ": "wae", "ㅚ": "oe", "ㅛ": "yo", "ㅜ": "u",
    "ㅝ": "wo", "ㅞ": "we", "ㅟ": "wi", "ㅠ": "yu", "ㅡ": "u", "ㅢ": "ui", "ㅣ": "i",
}
_MR_FINAL = {
    "": "", "ㄱ": "k", "ㄲ": "k", "ㄳ": "k", "ㄴ": "n", "ㄵ": "n", "ㄶ": "n", "ㄷ": "t",
    "ㄹ": "l", "ㄺ": "k", "ㄻ": "m", "ㄼ": "l", "ㄽ": "l", "ㄾ": "l", "ㄿ": "p", "ㅀ": "l",
    "ㅁ": "m", "ㅂ": "p", "ㅄ": "p", "ㅅ": "t", "ㅆ": "t", "ㅇ": "ng", "ㅈ": "t", "ㅊ": "t",
    "ㅋ": "k", "ㅌ": "t", "ㅍ": "p", "ㅎ": "",
}


def is_hangul_syllable(ch: str) -> bool:
    return HANGUL_FIRST <= ord(ch) <= HANGUL_LAST


def decompose(syllable: str) -> tuple[str, str, str]:
    """Initial, medial and final jamo of one precomposed Hangul syllable."""
    index = ord(syllable) - HANGUL_FIRST
    return (
        _INITIALS[index // (21 * 28)],
        _MEDIALS[(index % (21 * 28)) // 28],
        _FINALS[index % 28],
    )


def romanize(hangul: str) -> str:
    """Revised Romanization of ``hangul`` syllable by syllable, the way names are spelt.

    Uses koroman without its pronunciation rules: 김정은 -> ``gimjeongeun`` (a name is
    romanised letter by letter, not as it assimilates in speech).
    """
    import koroman

    return koroman.romanize(hangul, use_pronunciation_rules=False)


def romanize_mr(hangul: str) -> str:
    """McCune-Reischauer-like romanisation without breves or apostrophes (김정일 -> kimchongil)."""
    out = []
    for ch in hangul:
        if not is_hangul_syllable(ch):
            out.append(ch)
            continue
        initial, medial, final = decompose(ch)
        out.append(_MR_INITIAL[initial] + _MR_MEDIAL[medial] + _MR_FINAL[final])
    return "".join(out)


def hangul_skeleton(hangul: str) -> str:
    """Consonant-class skeleton of Hangul text; non-Hangul characters are ignored.

    >>> hangul_skeleton("폼페이오"), hangul_skeleton("평양")
    ('PMP', 'PNKNK')
    """
    classes = []
    for ch in hangul:
        if not is_hangul_syllable(ch):
            continue
        initial, _medial, final = decompose(ch)
        classes.append(_INITIAL_CLASS[initial])
        classes.append(_FINAL_CLASS[final])
    return _collapse("".join(classes))


_VOWELS = set("aeiouy")


def latin_skeletons(word: str) -> frozenset[str]:
    """Consonant-class skeletons of a Latin-script name, one per plausible reading.

    English spelling is ambiguous where Korean transliteration is not: soft or hard
    g (George 조지, Gibson 깁슨), th as t or s, and an r before a consonant that
    English-derived loanwords drop (Gordon 고든) but others keep (Erdogan 에르도안).
    Every combination of those readings is returned.
    """
    letters = "".join(c for c in _fold_accents(word).lower() if "a" <= c <= "z")
    return frozenset(_collapse(s) for s in _expand(letters, 0))


@functools.lru_cache(maxsize=4096)
def _expand(letters: str, i: int) -> tuple[str, ...]:
    """All skeleton readings of ``letters[i:]``."""
    if i >= len(letters):
        return ("",)
    options = _readings_at(letters, i)
    out: set[str] = set()
    for cls, step in options:
        for rest in _expand(letters, i + step):
            out.add(cls + rest)
            if len(out) > 64:  # a pathological spelling; enough readings to match on
                return tuple(out)
    return tuple(out)


def _readings_at(s: str, i: int) -> list[tuple[str, int]]:
    """(class, letters consumed) choices for the letter(s) starting at ``s[i]``."""
    c = s[i]
    nxt = s[i + 1] if i + 1 < len(s) else ""
    nxt2 = s[i + 2] if i + 2 < len(s) else ""
    if c in _VOWELS:
        # y before a vowel is a glide, elsewhere a vowel: neither is a consonant class.
        return [("", 1)]
    if c == "t" and nxt == "c" and nxt2 == "h":
        return [("S", 3)]
    if c == "s" and nxt == "c" and nxt2 == "h":
        return [("S", 3)]
    if c == "c" and nxt == "h":
        return [("S", 2), ("K", 2)]  # Chung 정 / Christopher 크리스토퍼
    if c == "s" and nxt == "h":
        return [("S", 2)]
    if c == "t" and nxt == "h":
        return [("T", 2), ("S", 2)]
    if c == "p" and nxt == "h":
        return [("P", 2)]
    if c == "g" and nxt == "h":
        return [("K", 2)] if i == 0 else [("", 2)]  # Ghana / Hugh, Leigh
    if c == "c" and nxt == "k":
        return [("K", 2)]
    if c == "q" and nxt == "u":
        return [("K", 2)]
    if c == "n" and nxt == "g":
        return [("NK", 2)]
    if c in "tdz" and nxt == "s" or c == "t" and nxt == "z":
        return [("TS", 2), ("S", 2)]  # Tsvangirai 츠방기라이, Leeds 리즈
    if c == "d" and nxt == "j":
        return [("S", 2)]
    if c == "d" and nxt == "g" and nxt2 in "eiy" and nxt2:
        return [("S", 2)]  # Judge, Hodges
    if c == "k" and nxt == "n" and i == 0:
        return [("N", 2)]
    if c == "x":
        return [("S", 1)] if i == 0 else [("KS", 1)]  # Xinhua 신화 / Alexander
    if c == "c":
        return [("S", 1)] if nxt in ("e", "i", "y") and nxt else [("K", 1)]
    if c == "g":
        if nxt in ("e", "i", "y") and nxt:
            return [("K", 1), ("S", 1)]
        return [("K", 1)]
    if c == "r":
        # Non-rhotic r: before a consonant, at the end, or before a silent final e
        # (Livermore 리버모어) English-derived transliterations drop it.
        before_consonant = not nxt or nxt not in _VOWELS or s[i + 1 :] in ("e", "es")
        if before_consonant:
            return [("", 1), ("L", 1)]
        return [("L", 1)]
    if c == "l" and nxt and nxt in "kdm" and i > 0 and s[i - 1] in "ao":
        return [("L", 1), ("", 1)]  # Walker 워커, Holmes 홈스
    return [(_LATIN_CLASS.get(c, ""), 1)]


def leading_class(word: str) -> str:
    """Consonant class of the first sounded consonant of a Latin-script word (Walker -> L).

    Unlike the later consonants, the first one is never dropped in transliteration,
    so short names can be checked against it.
    """
    letters = "".join(c for c in _fold_accents(word).lower() if "a" <= c <= "z")
    for i in range(len(letters)):
        if letters[i] in _VOWELS or letters[i] in "hw":
            continue
        for cls, _step in _readings_at(letters, i):
            if cls:
                return cls[0]
    return ""


_LATIN_CLASS = {
    "b": "P", "p": "P", "f": "P", "v": "P", "d": "T", "t": "T", "k": "K", "q": "K",
    "s": "S", "z": "S", "j": "S", "l": "L", "m": "M", "n": "N", "h": "", "w": "",
}


def _collapse(skeleton: str) -> str:
    """Drop repeated classes: doubled letters (Kelly) and ㄹㄹ (켈리) are one sound."""
    out = []
    for c in skeleton:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _fold_accents(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance of two short strings, capped at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) >= limit:
            return limit
        previous = current
    return min(previous[-1], limit)


def skeletons_match(a: str, b: str) -> bool:
    """Whether two skeletons are the same name allowing for transliteration slips.

    Short skeletons must agree exactly (one consonant off in ``PMP`` is another
    name); from four classes on one slip is allowed and from eight on two, which
    covers a dropped l (Walker 워커) or an extra epenthetic consonant.
    """
    if not a or not b:
        return False
    if a == b:
        return True
    shorter = min(len(a), len(b))
    if shorter >= 8:
        return edit_distance(a, b, 3) <= 2
    if shorter >= 4:
        return edit_distance(a, b, 2) <= 1
    return False


def hangul_matches_latin(hangul: str, latin: str) -> bool:
    """Whether Hangul text is a plausible transliteration of a Latin-script name."""
    target = hangul_skeleton(hangul)
    return any(skeletons_match(target, s) for s in latin_skeletons(latin))


# --- Korean surnames -------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def surname_table() -> dict[str, frozenset[str]]:
    """Hangul surname -> lower-case Latin spellings seen in English text (data/surnames.tsv)."""
    table: dict[str, set[str]] = {}
    text = resources.files("bilingual.checks").joinpath("data/surnames.tsv").read_text("utf-8")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        hangul, spellings = line.split("\t")[:2]
        table.setdefault(hangul, set()).update(
            s.strip().lower() for s in spellings.split("|") if s.strip()
        )
    return {k: frozenset(v) for k, v in table.items()}


def split_korean_name(hangul: str) -> tuple[str, str] | None:
    """(surname, given name) of a 2-4 syllable Korean personal name, or None.

    Two-syllable surnames (남궁, 제갈, 선우 ...) are tried first, as long as a given
    name of at least one syllable remains.
    """
    if not 2 <= len(hangul) <= 4 or not all(is_hangul_syllable(c) for c in hangul):
        return None
    table = surname_table()
    if len(hangul) >= 3 and hangul[:2] in table:
        return hangul[:2], hangul[2:]
    if hangul[0] in table:
        return hangul[0], hangul[1:]
    return None


def surname_spellings(hangul_surname: str) -> frozenset[str]:
    """Latin spellings of a Hangul surname: the table's plus RR and MR romanisations."""
    spellings = set(surname_table().get(hangul_surname, ()))
    spellings.add(romanize(hangul_surname).lower())
    spellings.add(romanize_mr(hangul_surname).lower())
    return frozenset(spellings)


_SPLIT_WORDS = re.compile(r"[\s\-‐‑]+")


def korean_name_matches(hangul: str, latin: str) -> bool:
    """Whether a Hangul personal name and a Latin spelling name the same Korean person.

    ``latin`` may be in Korean order (Kim Jong-un), Western order (Tongsun Park), or
    the surname alone (Moon, for 문재인 or 문 대통령). A lone Hangul surname matches a
    Latin name that has it as one of its words.
    """
    words = [w for w in _SPLIT_WORDS.split(latin.strip()) if w]
    if not words:
        return False
    lowered = [w.lower().strip(".") for w in words]
    if hangul in surname_table():  # a bare surname: 김 위원장, 박 대통령
        return any(w in surname_spellings(hangul) for w in lowered)
    parts = split_korean_name(hangul)
    if parts is None:
        return False
    surname, given = parts
    spellings = surname_spellings(surname)
    for position in (0, len(words) - 1):
        if lowered[position] not in spellings:
            continue
        rest = words[:position] + words[position + 1 :]
        if not rest:
            return True  # the surname alone names the person
        rest_text = "".join(rest)
        given_skeleton = hangul_skeleton(given)
        rest_skeletons = latin_skeletons(rest_text)
        if not given_skeleton:  # vowel-only given names (이혜아 -> Haye-ah): count syllables
            syllables = len(given)
            if len(rest) == syllables or _vowel_groups(rest_text) == syllables:
                return True
            continue
        if any(given_skeleton == s or skeletons_match(given_skeleton, s) for s in rest_skeletons):
            return True
    return False


def _vowel_groups(latin: str) -> int:
    """Number of vowel groups, a rough syllable count for comparing vowel-only names."""
    return len(re.findall(r"[aeiouy]+", latin.lower()))
