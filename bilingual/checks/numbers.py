"""The number check: numbers, amounts, percentages, dates and years that disagree.

Both sides are read into :class:`Quantity` records (value, kind, unit, offsets).
Each quantity is broken into comparable *atoms* (``Nov. 5`` is a month atom 11
and a day atom 5; ``1950-53`` is two year atoms) and the atoms of the two sides
are matched as multisets of normalised values, so a value written in different
notation on the two sides (``$1.1 billion`` / ``11억 달러``, ``two-thirds`` /
``3분의 2``, ``Sept. 11`` / ``9·11``, ``83 miles`` / ``134km``) is not a finding.
What is left over becomes a :class:`Mismatch`:

* an unmatched English quantity and an unmatched Korean one in the same slot
  (both dollar amounts, both years, both percentages ...) are one changed number:
  ``error``;
* a number written with digits that has no counterpart: ``warning``;
* a spelled-out number (``five``, ``first``, ``세 번``) without a counterpart:
  ``info``, because translators drop and rephrase those legitimately; the same
  holds for forms that are usually a rephrasing rather than drift: a Korean day of
  the month standing for an English weekday (``29일`` / ``Tuesday``), ``6·25``
  standing for "the Korean War", a currency conversion in parentheses on one side,
  a number the other side repeats, model names and codes (``F-35``).

Regular expressions, not Kiwi, read the Korean side: every form the check needs
(``1억2천만``, ``3분의 2``, ``세 번``) is a short surface pattern, and reading
them this way costs nothing on long documents.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from ..model import Finding
from .base import LinkContext

# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------

# cardinal: a count or measure, possibly with a unit (``83 miles``, ``3천 명``)
# money: a currency amount (unit is a currency code); percent: in percent (50% is 50)
# fraction: a ratio (two-thirds is 0.666...); ordinal: ``65th``, ``제65``, ``두 번째``
# year; decade: ``1990s`` / ``1990년대``; date: month and/or day (and year)
# time: clock hour (and minute); range: two values joined by a dash or tilde
# literal: a code with digits (``F-35``, ``G20``, ``COVID-19``, phone numbers)
QUANTITY_KINDS = (
    "cardinal", "money", "percent", "fraction", "ordinal", "year", "decade", "date", "time",
    "range", "literal",
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number as written in a text; ``start``/``end`` are offsets into that text.

    ``values`` holds the normalised value(s): one value for most kinds, (low, high)
    for a range, (hour, minute) for a time, and for a date the components that
    ``date_parts`` names, e.g. ``("month", "day")``. Money is in units of its
    currency (``$110 million`` is 110,000,000 with unit ``USD``).

    ``spelled`` marks numbers written in words (``five``, ``first``, ``세 번``);
    ``approximate`` numbers hedged by ``about``/``약``/``여`` (the other side may
    round them); ``scaled`` numbers written with a scale word (``million``, ``억``).
    ``soft`` is the reason why this quantity,
    when the other side lacks it, is only worth an ``info`` (empty: not soft), and
    ``match_only`` marks words such as ``처음`` (first) that may match an English
    number but are never reported on their own.
    """

    kind: str
    values: tuple[float, ...]
    text: str
    start: int
    end: int
    unit: str | None = None
    spelled: bool = False
    approximate: bool = False
    scaled: bool = False
    date_parts: tuple[str, ...] = ()
    key: str = ""  # literals: letters and digits of the code, upper-cased
    soft: str = ""
    match_only: bool = False

    @property
    def value(self) -> float:
        return self.values[0]


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A quantity without counterpart (the other side None) or two that disagree."""

    en: Quantity | None
    ko: Quantity | None
    severity: str
    message: str


# ---------------------------------------------------------------------------
# Numeric helpers
# ---------------------------------------------------------------------------

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"


def _to_float(digits: str) -> float:
    return float(digits.replace(",", ""))


def _precision(value: float) -> float:
    """Place value of the last non-zero digit (110e6 -> 1e7, 30.45 -> 0.01)."""
    if value == 0 or not math.isfinite(value):
        return 1.0
    text = f"{abs(value):.6f}".rstrip("0").rstrip(".")
    if "." in text:
        return 10.0 ** -len(text.split(".")[1])
    return 10.0 ** (len(text) - len(text.rstrip("0")))


def _significant_digits(value: float) -> int:
    if value == 0:
        return 1
    return max(1, round(math.log10(abs(value) / _precision(value))) + 1)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------

_UNIT_FAMILY = {
    "USD": "currency", "KRW": "currency", "JPY": "currency", "EUR": "currency",
    "CNY": "currency", "GBP": "currency", "RUB": "currency",
    "mile": "length", "km": "length", "m": "length", "ft": "length", "inch": "length",
    "cm": "length", "mm": "length", "yard": "length",
    "kg": "mass", "lb": "mass", "ton": "mass", "g": "mass", "oz": "mass",
    "acre": "area", "ha": "area", "sqmile": "area", "sqkm": "area", "sqft": "area",
    "sqm": "area",
    "gallon": "volume", "liter": "volume", "barrel": "volume",
    "F": "temperature", "C": "temperature", "degree": "temperature",
    "%": "percent",
    "year": "duration", "month": "duration", "week": "duration", "day": "duration",
    "hour": "duration", "minute": "duration", "second": "duration",
    "age": "age",
}
# Korean 킬로 is either kilometres or kilograms; it takes the family of the other side.
_KILO = "kilo"

# (from, to, factor): a value in ``from`` times factor is the value in ``to`` —
# the conversions translators make into the metric units Korean text uses.
_CONVERSIONS = (
    ("mile", "km", 1.609344),
    ("ft", "m", 0.3048),
    ("yard", "m", 0.9144),
    ("inch", "cm", 2.54),
    ("inch", "mm", 25.4),
    ("lb", "kg", 0.45359237),
    ("oz", "g", 28.349523),
    ("acre", "ha", 0.40468564),
    ("sqmile", "sqkm", 2.58998811),
    ("gallon", "liter", 3.78541178),
    ("ton", "kg", 907.18474),
    ("sqft", "sqm", 0.09290304),
    ("day", "hour", 24.0),
    ("week", "day", 7.0),
    ("year", "month", 12.0),
)
_CONVERSION_TOLERANCE = 0.05
# A hedged number ("about 1.2 million") matches a precise one within this relative distance.
_ROUNDING_TOLERANCE = 0.02


def _units_conflict(unit_a: str | None, unit_b: str | None) -> bool:
    """Two known, different currencies: the same figure in won and in dollars is drift."""
    if not unit_a or not unit_b or unit_a == unit_b:
        return False
    return _UNIT_FAMILY.get(unit_a) == "currency" and _UNIT_FAMILY.get(unit_b) == "currency"


def _converted_match(value_a: float, unit_a: str | None, value_b: float,
                     unit_b: str | None) -> bool:
    """The two measures are one amount in different units (within ~5%)."""
    if not unit_a or not unit_b or unit_a == unit_b:
        return False
    for v_from, u_from, v_to, u_to in ((value_a, unit_a, value_b, unit_b),
                                       (value_b, unit_b, value_a, unit_a)):
        if not v_to:
            continue
        for src, dst, factor in _CONVERSIONS:
            target_ok = u_to == dst or (u_to == _KILO and dst in ("km", "kg"))
            close = abs(v_from * factor - v_to) <= _CONVERSION_TOLERANCE * abs(v_to)
            if u_from == src and target_ok and close:
                return True
        if u_from in ("F", "degree") and u_to in ("C", "degree"):
            celsius = (v_from - 32) * 5 / 9
            if abs(celsius - v_to) <= max(1.0, _CONVERSION_TOLERANCE * abs(v_to)):
                return True
    return False


# ---------------------------------------------------------------------------
# Spans already read
# ---------------------------------------------------------------------------


class _Reader:
    """Collects quantities; later, less specific patterns skip text an earlier one read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quantities: list[Quantity] = []
        self._taken: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in self._taken)

    def take(self, start: int, end: int) -> None:
        self._taken.append((start, end))

    def add(self, quantity: Quantity) -> None:
        self.quantities.append(quantity)
        self.take(quantity.start, quantity.end)

    def result(self) -> list[Quantity]:
        return sorted(self.quantities, key=lambda q: (q.start, q.end))


# Text that is not prose: HTML character references, URLs, query strings.
_NOISE = re.compile(r"&#?\w+;|\S*(?:https?://|www\.|\.html?|\.asp|=)\S*")


def _literal(token: str, start: int, end: int) -> Quantity:
    digits = re.findall(r"\d+", token)
    key = re.sub(r"[^A-Za-z0-9]", "", token).upper()
    if len(key) > 1 and key.endswith("S") and key[-2].isdigit():
        key = key[:-1]  # "B-52s" is the plural of B-52
    value = float(digits[-1]) if digits else 0.0
    return Quantity("literal", (value,), token, start, end, key=key, soft="code or name")


# Tokens mixing Latin letters and digits; shared by both sides (Korean text keeps them).
_LITERAL = re.compile(
    r"(?<![A-Za-z0-9$-])(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])"
    r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"
)
_NOT_LITERAL = re.compile(
    rf"^{_DIGITS}(?:st|nd|rd|th|s|am|pm|AM|PM|AD|BC|km|kg|cm|mm|m|ft|mi|mph|lb|lbs|bn|mln|mn|tn|"
    rf"k|g|oz|ha|km2|m2)$|^{_DIGITS}-[a-z]"
)
_PHONE = re.compile(r"(?<![\w-])\d{2,4}(?:-\d{2,4}){2,}(?![\w-])")


def _read_literals(reader: _Reader) -> None:
    for m in _NOISE.finditer(reader.text):
        reader.take(m.start(), m.end())
    for m in _PHONE.finditer(reader.text):
        if reader.free(m.start(), m.end()):
            reader.add(_literal(m.group(0), m.start(), m.end()))
    for m in _LITERAL.finditer(reader.text):
        token = m.group(0)
        if _NOT_LITERAL.match(token) or not reader.free(m.start(), m.end()):
            continue
        reader.add(_literal(token, m.start(), m.end()))


def _date(parts: list[tuple[str, float]], text: str, start: int, end: int,
          spelled: bool = False, soft: str = "") -> Quantity:
    order = {"year": 0, "month": 1, "day": 2}
    parts = sorted(parts, key=lambda p: order[p[0]])
    return Quantity("date", tuple(v for _, v in parts), text[start:end], start, end,
                    spelled=spelled, date_parts=tuple(name for name, _ in parts), soft=soft)


# ---------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------

_EN_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_EN_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}
_EN_DENOMINATORS = {
    "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH_NAMES = [
    "", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]
# An English weekday or relative day, which Korean news turns into a day of the month.
_EN_RELATIVE_DAY = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|"
    r"tomorrow|tonight|this week|last week|next week|earlier this|later this|weekend|"
    r"last month|this month|next month|recently|earlier)\b",
    re.IGNORECASE,
)

_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|"
    r"Jan|Feb|Apr|Aug|Sept|Oct|Nov|Dec)"
)
_EN_MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\d,.]\d)(?!\s*%)"
    rf"(?:,?\s+(?P<year>1\d{{3}}|20\d{{2}})\b)?"
)
_EN_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_RE})(?!\w)"
    rf"(?:,?\s+(?P<year>1\d{{3}}|20\d{{2}})\b)?"
)
_EN_MONTH_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH_RE}),?\s+(?:of\s+)?(?P<year>1\d{{3}}|20\d{{2}})\b"
)
_EN_MONTH_ALONE = re.compile(rf"\b(?P<month>{_MONTH_RE})(?![\w-])")
# Months that are also ordinary words ("May", "March") count alone only after these.
_EN_MONTH_CUE = re.compile(
    r"\b(?:in|on|since|until|till|by|last|next|this|early|late|mid|from|through|before|"
    r"after|of|during|between|and|to|or)[\s-]+$",
    re.IGNORECASE,
)
_EN_AMBIGUOUS_MONTHS = {"may", "march"}

_EN_TIME = re.compile(
    r"\b(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b|"
    r"o'clock\b)|\b(?P<hour2>\d{1,2}):(?P<minute2>\d{2})\b(?!:)"
)
# Hedges that make a number approximate. Bounds ("more than", "up to", "at least")
# are not among them: "more than 2,000" and "2,000여 명" give the same number.
_EN_APPROX_BEFORE = re.compile(
    r"\b(?:about|around|approximately|nearly|almost|roughly|some|an estimated|estimated|"
    r"close to|just over|just under|upwards of)\s+(?:US\$|\$|€|£|¥)?$",
    re.IGNORECASE,
)
_EN_CURRENCY_SYMBOL = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW"}
_EN_CURRENCY_WORDS = (
    (r"(?:U\.?S\.?\s+)?dollars?", "USD"),
    (r"won", "KRW"),
    (r"yen", "JPY"),
    (r"euros?", "EUR"),
    (r"yuan|renminbi", "CNY"),
    (r"rubles?|roubles?", "RUB"),
    (r"pounds?\s+sterling", "GBP"),
    (r"cents?", "USD"),
)
_EN_UNIT_WORDS = (
    (r"square\s+miles?", "sqmile"),
    (r"square[\s-]+(?:feet|foot)|sq\.?\s?ft", "sqft"),
    (r"square\s+(?:meters?|metres?)", "sqm"),
    (r"miles\s+(?:per|an)\s+hour|mph", "mile"),
    (r"km/h|kph|kilometers\s+per\s+hour", "km"),
    (r"square\s+(?:kilometers?|kilometres?|km)", "sqkm"),
    (r"miles?", "mile"),
    (r"kilometers?|kilometres?|km", "km"),
    (r"meters?|metres?|m", "m"),
    (r"feet|foot|ft", "ft"),
    (r"yards?", "yard"),
    (r"inches|inch", "inch"),
    (r"centimeters?|centimetres?|cm", "cm"),
    (r"millimeters?|millimetres?|mm", "mm"),
    (r"kilograms?|kilogrammes?|kilos?|kg", "kg"),
    (r"pounds?|lbs?", "lb"),
    (r"ounces?|oz", "oz"),
    (r"grams?|g", "g"),
    (r"tons?|tonnes?", "ton"),
    (r"acres?", "acre"),
    (r"hectares?|ha", "ha"),
    (r"gallons?", "gallon"),
    (r"liters?|litres?", "liter"),
    (r"barrels?", "barrel"),
    (r"degrees?\s+(?:Fahrenheit|F)|°\s?F", "F"),
    (r"degrees?\s+(?:Celsius|centigrade|C)|°\s?C", "C"),
    (r"degrees?|°", "degree"),
    (r"years?[\s-]+olds?", "age"),
    (r"decades?", "decade"),
    # Poll margins: "a 6-point lead" is 6%포인트 in Korean.
    ((r"percentage[\s-]+points?|points?(?=\s+(?:lead|margin|gap|advantage|edge|deficit|drop|"
      r"fall|rise|gain|increase|decrease|cut|hike))"), "%"),
    (r"years?", "year"),
    (r"months?", "month"),
    (r"weeks?", "week"),
    (r"days?", "day"),
    (r"hours?", "hour"),
    (r"minutes?", "minute"),
    (r"seconds?", "second"),
)


def _alternation(pairs: tuple[tuple[str, str], ...], prefix: str) -> str:
    return "|".join(f"(?P<{prefix}{i}>{pattern})" for i, (pattern, _) in enumerate(pairs))


_EN_PERCENT_AFTER = re.compile(r"\s?(?:%|percent\b|per\s+cent\b|percentage[\s-]+points?\b)",
                               re.IGNORECASE)
_EN_CURRENCY_AFTER = re.compile(
    r"\s?(?:" + _alternation(_EN_CURRENCY_WORDS, "c") + r")(?![A-Za-z])", re.IGNORECASE
)
_EN_UNIT_AFTER = re.compile(
    r"(?:\s|-|\s-\s)?(?:" + _alternation(_EN_UNIT_WORDS, "u") + r")(?![A-Za-z])"
)

_EN_DIGIT_NUMBER = re.compile(
    # Only ASCII letters block a number on its left: "¢æ114" is a mangled euro sign.
    r"(?P<cur>US\$|\$|€|£|¥|₩)?\s?(?<![A-Za-z0-9_.,/:])(?<![A-Za-z]-)"
    rf"(?P<num>{_DIGITS}|\.\d+)"
    r"(?:(?P<ord>st|nd|rd|th)\b|(?P<dec>'?s)\b)?"
    r"(?:[\s-](?P<scale>hundred|thousand|million|billion|trillion)\b"
    r"|(?P<abbr>mln|mn|bn|tn|m|b|k)\b)?"
)
_EN_SHORT_DECADE = re.compile(r"(?<!\w)['’](?P<num>\d0)['’]?s\b")
_EN_VAGUE_AFTER = re.compile(r"\s*of\s+(?:hundreds|thousands|millions|billions)\b", re.IGNORECASE)
_EN_NUMBER_WORD = "|".join(
    sorted(list(_EN_SMALL) + list(_EN_TENS) + list(_EN_SCALES) + ["dozen"], key=len,
           reverse=True)
)
_EN_ORDINAL_WORD = "|".join(sorted(_EN_ORDINAL_WORDS, key=len, reverse=True))
_EN_SPELLED = re.compile(
    rf"\b(?:an?\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?"
    rf"(?P<words>(?:{_EN_NUMBER_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_EN_NUMBER_WORD})(?![\w]))*"
    rf"(?:-(?:{_EN_ORDINAL_WORD}))?|(?:{_EN_ORDINAL_WORD}))(?![\w])",
    re.IGNORECASE,
)
_EN_SPELLED_FRACTION = re.compile(
    r"\b(?P<num>a|one|two|three|four|five|six|seven|eight|nine)[\s-]"
    r"(?P<den>thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)"
    r"\b(?P<of>\s+of\b)?",
    re.IGNORECASE,
)
_EN_SLASH = re.compile(r"(?<![\w/.,$€£¥])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?![\w/]|[.,]\d)")
_EN_YEAR_RANGE = re.compile(
    r"(?<![\w$.,])(?P<a>1\d{3}|20\d{2})\s?[-–—]\s?(?P<b>1\d{3}|20\d{2}|\d{2})(?![\w%]|[.,]\d)"
)
# Words for two that Korean writes as 2 or leaves out: they only ever support a match.
_EN_IMPLIED_TWO = re.compile(r"\b(?:both|(?:a\s+)?couple(?:\s+of)?)\b", re.IGNORECASE)
_EN_TWICE = re.compile(r"\btwice\b", re.IGNORECASE)
_EN_HALF_POINT = re.compile(r"\bhalf[\s-](?:a\s+)?(?:percentage[\s-]+)?point\b", re.IGNORECASE)
_EN_HALF_HOUR = re.compile(r"\bhalf\s+an\s+hour\b", re.IGNORECASE)
_EN_HALF = re.compile(r"\b(?:a\s+|one\s+)?half\b(?!-)", re.IGNORECASE)
_EN_MILITARY_TIME = re.compile(
    r"(?<![\d,.])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)(?=\s*(?:GMT|UTC|hours\b|hrs\b|local\b|"
    r"ET\b|EST\b|EDT\b|KST\b|JST\b|\())|(?<![\d,.])(?P<h0>0\d)(?P<m0>[0-5]\d)(?![\d,.])"
)
# "No. 1": a rank, which Korean writes 1위 or words as "the top".
_EN_NUMBER_SIGN = re.compile(r"\bNo\.\s?(?P<n>\d{1,3})\b")
_EN_ROMAN_WAR = re.compile(r"\bWorld\s+War\s+(?P<n>I{1,2})\b")
_EN_ONE_UNIT = re.compile(r"\b(?:a|an|one)\s+(?P<unit>year|month|week|day|hour|decade)\b",
                          re.IGNORECASE)
_EN_ONE_ONLY = re.compile(r"^(?:an?\s+)?(?:one|hundred|thousand|million|billion|trillion)$",
                          re.IGNORECASE)


def _en_spelled_value(words: str) -> tuple[float, bool] | None:
    """Value of a run of English number words, and whether it ends in an ordinal."""
    total = current = 0.0
    seen = ordinal = False
    for token in re.split(r"[\s-]+", words.lower()):
        if token in ("and", "a", "an"):
            continue
        if token in _EN_SMALL:
            current += _EN_SMALL[token]
        elif token in _EN_TENS:
            current += _EN_TENS[token]
        elif token == "dozen":
            current = (current or 1) * 12
        elif token == "hundred":
            current = (current or 1) * 100
        elif token in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[token]
            current = 0
        elif token in _EN_ORDINAL_WORDS:
            if token == "hundredth":
                current = (current or 1) * 100
            else:
                current += _EN_ORDINAL_WORDS[token]
            ordinal = True
        else:
            return None
        seen = True
    return (total + current, ordinal) if seen else None


@dataclass(frozen=True, slots=True)
class _After:
    """What follows a number: its unit, where the quantity ends, a kind it implies."""

    unit: str | None
    end: int
    kind: str | None = None
    factor: float = 1.0  # "15 cents" is 0.15 dollars, "five decades" 50 years


def _en_after(text: str, pos: int) -> _After:
    """Unit, currency or percent right after a number."""
    rest = text[pos:]
    m = _EN_PERCENT_AFTER.match(rest)
    if m:
        return _After("%", pos + m.end(), "percent")
    m = _EN_CURRENCY_AFTER.match(rest)
    if m:
        for i, (_, code) in enumerate(_EN_CURRENCY_WORDS):
            if m.group(f"c{i}"):
                factor = 0.01 if m.group(0).strip().lower().startswith("cent") else 1.0
                return _After(code, pos + m.end(), "money", factor)
    m = _EN_UNIT_AFTER.match(rest)
    if m:
        for i, (_, unit) in enumerate(_EN_UNIT_WORDS):
            if m.group(f"u{i}"):
                if unit == "decade":
                    return _After("year", pos + m.end(), None, 10.0)
                if unit == "%":
                    return _After("%", pos + m.end(), "percent")
                return _After(unit, pos + m.end())
    return _After(None, pos)


def _en_approximate(text: str, start: int) -> bool:
    return bool(_EN_APPROX_BEFORE.search(text[max(0, start - 24) : start]))


# Set phrases written with numbers that state no quantity: "a 9-to-5 job", "a former 9 to 5
# travel agent", "open 24/7" (group ``idiom``; "the vote was 9 to 5" is a score).
_EN_NUMBER_IDIOMS = re.compile(
    r"(?P<idiom>\b(?:9|nine)-to-(?:5|five)\b|\b24\s*/\s*7\b|\b24-7\b)"
    r"|\b(?:a|an|former|typical|his|her|their|my|your)\s+"
    r"(?P<idiom2>(?:9|nine)\s+to\s+(?:5|five))\s+(?!%|percent|per\b|[ap]\.?m\b|o'clock)[a-z]",
    re.IGNORECASE,
)


def english_quantities(text: str) -> list[Quantity]:
    """Every number of an English text, in order of position."""
    reader = _Reader(text)
    for m in _EN_NUMBER_IDIOMS.finditer(text):
        group = "idiom" if m.group("idiom") else "idiom2"
        reader.take(m.start(group), m.end(group))
    for m in _EN_ROMAN_WAR.finditer(text):
        reader.add(Quantity("ordinal", (float(len(m.group("n"))),), m.group("n"),
                            m.start("n"), m.end("n")))
    _read_literals(reader)
    for m in _EN_NUMBER_SIGN.finditer(text):
        if reader.free(m.start(), m.end()):
            reader.add(Quantity("ordinal", (float(m.group("n")),), m.group(0), m.start(),
                                m.end()))
    _read_en_dates(reader)
    _read_en_times(reader)
    for m in _EN_YEAR_RANGE.finditer(text):
        if not reader.free(m.start(), m.end()):
            continue
        low, high = int(m.group("a")), m.group("b")
        high_value = int(high) if len(high) == 4 else (low // 100) * 100 + int(high)
        if not 0 < high_value - low <= 100:
            continue
        reader.add(Quantity("range", (float(low), float(high_value)), m.group(0), m.start(),
                            m.end(), unit="year"))
    for m in _EN_SLASH.finditer(text):
        if not reader.free(m.start(), m.end()):
            continue
        a, b = int(m.group("a")), int(m.group("b"))
        separator = m.group(0)[len(m.group("a"))]
        if separator == "/" and 0 < a < b <= 10:
            reader.add(Quantity("fraction", (a / b,), m.group(0), m.start(), m.end()))
        elif (separator == "/" or (a, b) == (9, 11)) and 1 <= a <= 12 and 1 <= b <= 31:
            # "9/11" (and "9.11", as some writers put it) is a date, month first.
            reader.add(_date([("month", float(a)), ("day", float(b))], text, m.start(),
                             m.end()))
    for m in _EN_SPELLED_FRACTION.finditer(text):
        if not reader.free(m.start(), m.end()):
            continue
        numerator_word, denominator_word = m.group("num").lower(), m.group("den").lower()
        if numerator_word == "a" and not m.group("of"):
            continue  # "a third term" is an ordinal, "a quarter" is often a fiscal quarter
        if denominator_word.startswith("quarter") and numerator_word in ("a", "one"):
            continue
        numerator = 1 if numerator_word in ("a", "one") else _EN_SMALL[numerator_word]
        value = numerator / _EN_DENOMINATORS[denominator_word]
        reader.add(Quantity("fraction", (value,), text[m.start() : m.end("den")], m.start(),
                            m.end("den"), spelled=True))
    for m in _EN_SHORT_DECADE.finditer(text):
        if reader.free(m.start(), m.end()):
            reader.add(Quantity("decade", (float(m.group("num")),), m.group(0), m.start(),
                                m.end()))
    _read_en_digit_numbers(reader)
    _read_en_words(reader)
    _read_en_spelled_numbers(reader)
    return _en_elided_scales(reader.result(), text)


# How far (characters) a bare number may follow a scaled one and still share its scale.
_ELIDED_SCALE_REACH = 60
_SENTENCE_BREAK_IN = re.compile(r"[.!?;]\s")


def _en_elided_scales(quantities: list[Quantity], text: str) -> list[Quantity]:
    """A bare integer soon after a scaled amount may leave out the scale word: "a 150
    million euros offer and tomorrow it will be 200" means 200 million euros (Korean
    writes "2억 유로"). Such a number keeps its own reading and gains the scaled one."""
    out: list[Quantity] = []
    scaled: Quantity | None = None  # the last scaled amount, and its scale (1e6 for million)
    scale = 0.0
    for q in quantities:
        if q.scaled and q.kind in ("money", "cardinal") and not q.spelled:
            written = re.search(_DIGITS, q.text)
            digits = _to_float(written.group(0)) if written else 0.0
            scale = q.value / digits if digits else 0.0
            scaled = q if scale >= 1e3 else None
        elif (
            scaled is not None
            and q.kind == "cardinal"
            and q.unit is None
            and not q.scaled
            and not q.spelled
            and re.fullmatch(r"\d+", q.text)
            and q.start - scaled.end <= _ELIDED_SCALE_REACH
            and not _SENTENCE_BREAK_IN.search(text, scaled.end, q.start)
        ):
            q = Quantity(
                scaled.kind,
                (q.value, q.value * scale),
                q.text,
                q.start,
                q.end,
                unit=scaled.unit,
            )
        out.append(q)
    return out


def _read_en_words(reader: _Reader) -> None:
    """Words that are numbers without being number words: twice, half, both."""
    text = reader.text
    readings = (
        (_EN_HALF_POINT, "percent", 0.5, "%", False),
        (_EN_HALF_HOUR, "cardinal", 30.0, "minute", False),
        (_EN_TWICE, "cardinal", 2.0, None, False),
        (_EN_HALF, "fraction", 0.5, None, False),
        (_EN_IMPLIED_TWO, "cardinal", 2.0, None, True),
    )
    for pattern, kind, value, unit, match_only in readings:
        for m in pattern.finditer(text):
            if reader.free(m.start(), m.end()):
                reader.add(Quantity(kind, (value,), m.group(0), m.start(), m.end(), unit=unit,
                                    spelled=True, match_only=match_only))


def _read_en_dates(reader: _Reader) -> None:
    text = reader.text
    for pattern in (_EN_MONTH_DAY, _EN_DAY_MONTH, _EN_MONTH_YEAR):
        for m in pattern.finditer(text):
            if not reader.free(m.start(), m.end()):
                continue
            groups = m.groupdict()
            parts = [("month", float(_EN_MONTHS[m.group("month").rstrip(".").lower()]))]
            if groups.get("year"):
                parts.append(("year", float(groups["year"])))
            if groups.get("day"):
                if not 1 <= int(groups["day"]) <= 31:
                    continue
                parts.append(("day", float(groups["day"])))
            reader.add(_date(parts, text, m.start(), m.end()))
    for m in _EN_MONTH_ALONE.finditer(text):
        if not reader.free(m.start(), m.end()):
            continue
        word = m.group("month").rstrip(".").lower()
        if word in _EN_AMBIGUOUS_MONTHS and not _EN_MONTH_CUE.search(
            text[max(0, m.start() - 20) : m.start()]
        ):
            continue
        reader.add(_date([("month", float(_EN_MONTHS[word]))], text, m.start(), m.end(),
                         spelled=True))


def _read_en_times(reader: _Reader) -> None:
    for m in _EN_MILITARY_TIME.finditer(reader.text):
        hour = m.group("h") or m.group("h0")
        minute = m.group("m") or m.group("m0")
        if reader.free(m.start(), m.end()):
            reader.add(Quantity("time", (float(hour), float(minute)), m.group(0), m.start(),
                                m.end()))
    for m in _EN_TIME.finditer(reader.text):
        if not reader.free(m.start(), m.end()):
            continue
        hour = int(m.group("hour") or m.group("hour2"))
        minute = m.group("minute") or m.group("minute2")
        if hour > 24 or (minute and int(minute) > 59):
            continue
        ampm = (m.group("ampm") or "").lower()
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0  # 12:26 a.m. is 0시 26분
        values = (float(hour),) + ((float(minute),) if minute else ())
        reader.add(Quantity("time", values, m.group(0), m.start(), m.end()))


def _read_en_digit_numbers(reader: _Reader) -> None:
    text = reader.text
    for m in _EN_DIGIT_NUMBER.finditer(text):
        if not reader.free(m.start("num"), m.end("num")):
            continue
        start = m.start("cur") if m.group("cur") else m.start("num")
        raw = m.group("num")
        value = _to_float(raw)
        end = m.end()
        kind, unit, scaled = "cardinal", None, False
        if m.group("scale"):
            value *= _EN_SCALES[m.group("scale").lower()]
            scaled = True
        elif m.group("abbr"):
            abbr = m.group("abbr").lower()
            if not m.group("cur") and abbr in ("m", "b", "k"):
                end = m.end("num")  # "100m" without a currency sign is metres
            else:
                value *= {"mln": 1e6, "mn": 1e6, "m": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12,
                          "k": 1e3}[abbr]
                scaled = True
        if _EN_VAGUE_AFTER.match(text, end):
            continue
        if m.group("cur"):
            kind, unit = "money", _EN_CURRENCY_SYMBOL[m.group("cur")]
        elif m.group("ord"):
            kind = "ordinal"
        elif m.group("dec"):
            if value % 10:
                end = m.end("num")  # "747s" is a plural, not a decade
            else:
                kind = "decade"
        if kind == "cardinal":
            after = _en_after(text, end)
            unit, end, kind, value = after.unit, after.end, after.kind or kind, value * after.factor
            if kind == "cardinal" and unit is None and re.fullmatch(r"1\d{3}|20\d{2}", raw):
                kind = "year"
        reader.add(Quantity(kind, (value,), text[start:end], start, end, unit=unit,
                            approximate=_en_approximate(text, start), scaled=scaled))


def _read_en_spelled_numbers(reader: _Reader) -> None:
    text = reader.text
    for m in _EN_ONE_UNIT.finditer(text):
        if reader.free(m.start(), m.end()):
            # "for a year" is 1년 in Korean as often as it is not written at all.
            unit = m.group("unit").lower()
            value, unit = (10.0, "year") if unit == "decade" else (1.0, unit)
            reader.add(Quantity("cardinal", (value,), m.group(0), m.start(), m.end(), unit=unit,
                                spelled=True, match_only=True))
    for m in _EN_SPELLED.finditer(text):
        if not reader.free(m.start(), m.end()):
            continue
        surface = m.group(0)
        if _EN_ONE_ONLY.match(surface):
            # "one" is mostly a pronoun or an article and "a hundred" alone an idiom:
            # they may match a Korean number but are never reported missing.
            reader.add(Quantity("cardinal", (_en_spelled_value(surface)[0],), surface,
                                m.start(), m.end(), spelled=True, match_only=True))
            continue
        lower = m.group("words").lower()
        if lower == "second" and re.search(r"\b(?:per|a|every|each|split)\s+$",
                                           text[max(0, m.start() - 8) : m.start()], re.IGNORECASE):
            continue  # "per second": the unit of time
        parsed = _en_spelled_value(m.group("words"))
        if parsed is None or _EN_VAGUE_AFTER.match(text, m.end()):
            continue
        value, ordinal = parsed
        end, unit, kind = m.end(), None, "ordinal" if ordinal else "cardinal"
        if not ordinal:
            after = _en_after(text, end)
            unit, end, kind, value = after.unit, after.end, after.kind or kind, value * after.factor
        scaled = any(word in lower for word in ("thousand", "million", "billion", "trillion"))
        reader.add(Quantity(kind, (value,), text[m.start() : end], m.start(), end, unit=unit,
                            spelled=True, approximate=_en_approximate(text, m.start()),
                            scaled=scaled))


# ---------------------------------------------------------------------------
# Korean
# ---------------------------------------------------------------------------

_KO_UNIT_VALUE = {"십": 10, "백": 100, "천": 1000}
_KO_BIG_VALUE = {"만": 1e4, "억": 1e8, "조": 1e12}
_KO_CHUNK = re.compile(rf"(?P<d>{_DIGITS})(?P<u>[십백천]?)(?P<b>[만억조]?)")
# Left edge of a Korean number: Hangul may touch it (NK spacing, 코로나19), Latin may not.
_KO_NUMBER_START = re.compile(r"(?<![0-9A-Za-z.,·])(?<![A-Za-z]-)\d")
_KO_APPROX_BEFORE = re.compile(r"(?:약|대략|거의|근|줄잡아)\s*(?:US\$|\$|미화\s*)?$")
_KO_APPROX_AFTER = re.compile(r"\s?(?:여|가량|정도|남짓|안팎|내외|가까이|쯤)")
_KO_CURRENCY_BEFORE = re.compile(r"(?:US\$|\$|미화\s?|￦|₩)$")

_KO_SUFFIXES = (
    # (pattern, kind, unit); tried in order right after the number (and its 여).
    (r"\s?(?:%|％|퍼센트|프로)(?:\s?포인트)?", "percent", "%"),
    (r"\s?(?:퍼센트|%)?포인트", "percent", "%"),
    (r"\s?(?:달러|불(?![가-힣]))", "money", "USD"),
    (r"\s?센트", "money", "USD"),
    # 원 after a number is the won unless it starts a word (원자, 원인, 원칙 ...).
    ((r"\s?원(?!자|인|칙|전|래|정|조|유|고|장|로|본|작|산|수|하|한|했|해|형|활|년|들|소|리|심|"
      r"주|내|외|국|단|점|택|두|탁|서|격|금|가|회|칭|천|색|만|숭|문)"), "money", "KRW"),
    (r"\s?엔(?![가-힣])", "money", "JPY"),
    (r"\s?유로", "money", "EUR"),
    (r"\s?위안", "money", "CNY"),
    (r"\s?루블", "money", "RUB"),
    (r"\s?년대", "decade", None),
    (r"\s?개월", "cardinal", "month"),
    (r"\s?년\s?(?:간|동안)", "cardinal", "year"),
    (r"\s?년", "year", None),
    (r"\s?월(?!드|급|간|세|요)", "month", None),
    (r"\s?일\s?째", "ordinal", None),
    (r"\s?일\s?(?:간|동안|만에|만|후|뒤|전|이\s?더)", "cardinal", "day"),
    (r"\s?일(?!본|반|부[^터]|대|어|으|원|자리|치|환|보|제|련|관|단|선|류|등)", "day", None),
    (r"\s?주(?:간|일|째)", "cardinal", "week"),
    (r"\s?시간", "cardinal", "hour"),
    (r"\s?시(?!즌|장|민|청|의회|내|정|리|간|도|작|절|설|위|점|기|행|각|스템|험|사)", "hour", None),
    (r"\s?분(?!의|야|기|석|쟁|노|열|단|명|위|리|포|량|배|류|할)", "cardinal", "minute"),
    (r"\s?분기", "ordinal", None),
    (r"\s?초(?!반|기|순|과|등|대|청|선|강|고|점|안)", "cardinal", "second"),
    (r"\s?세기", "cardinal", None),
    (r"\s?(?:세|살)(?!대|계|금|력|관|균|입|출|무|제|기|종|션|미나|르)", "cardinal", "age"),
    (r"\s?(?:주년|번째|째|위(?!원|해|한|협|기|성|치|안|반|험|헌|상|조|층|로|장))", "ordinal", None),
    (r"\s?차(?!례|관|량|이|원|기|단|례|별|선|세대|종|트)", "ordinal", None),
    (r"\s?(?:평방|제곱)\s?(?:킬로미터|km)|\s?㎢|\s?km2", "cardinal", "sqkm"),
    (r"\s?(?:평방|제곱)\s?마일", "cardinal", "sqmile"),
    (r"\s?(?:평방|제곱)\s?미터|\s?㎡|\s?m²|\s?m2(?![0-9])", "cardinal", "sqm"),
    (r"\s?마일", "cardinal", "mile"),
    (r"\s?(?:킬로미터|km|㎞)", "cardinal", "km"),
    (r"\s?(?:킬로그램|kg|㎏)", "cardinal", "kg"),
    (r"\s?킬로(?!바이트|와트|칼로리)", "cardinal", _KILO),
    (r"\s?(?:센티미터|센티|cm|㎝)", "cardinal", "cm"),
    (r"\s?(?:밀리미터|mm|㎜)", "cardinal", "mm"),
    (r"\s?(?:미터|m(?![A-Za-z]))", "cardinal", "m"),
    (r"\s?피트", "cardinal", "ft"),
    (r"\s?인치", "cardinal", "inch"),
    (r"\s?야드", "cardinal", "yard"),
    (r"\s?파운드", "cardinal", "lb"),
    (r"\s?온스", "cardinal", "oz"),
    (r"\s?(?:그램|g(?![A-Za-z]))", "cardinal", "g"),
    (r"\s?톤", "cardinal", "ton"),
    (r"\s?에이커", "cardinal", "acre"),
    (r"\s?(?:헥타르|ha(?![A-Za-z]))", "cardinal", "ha"),
    (r"\s?갤런", "cardinal", "gallon"),
    (r"\s?리터", "cardinal", "liter"),
    (r"\s?배럴", "cardinal", "barrel"),
    (r"\s?(?:도|℃)(?![가-힣])|\s?도(?=[의에는가를까로였이와까])", "cardinal", "degree"),
    # Counters: no unit to compare, but they belong to the quantity's surface text.
    (r"\s?(?:명|개국|개|대|배|척|마리|곳|건|권|편|발|채|차례|번|회|가지|쌍|그루|가구|표|석|호|단계)",
     "cardinal", None),
)
_KO_SUFFIX_RES = tuple((re.compile(p), kind, unit) for p, kind, unit in _KO_SUFFIXES)
_KO_FRACTION = re.compile(rf"(?P<den>{_DIGITS})\s?분의\s?(?P<num>{_DIGITS})")
_KO_SLASH = re.compile(r"(?<![0-9A-Za-z/.,])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![0-9A-Za-z/]|[.,]\d)")
_KO_DOT_DATE = re.compile(
    r"(?<![\d.,])(?P<m>\d{1,2})\s?[·・‧ㆍ∙]\s?(?P<d>\d{1,2})(?![\d])"
    r"|(?<![\d.,])(?P<m2>\d{1,2})\.(?P<d2>\d{1,2})(?=\s?(?:전쟁|동란|사변|테러|사태|민주|항쟁|"
    r"선언|공동선언|남북|광복|선거|조치))"
)
_KO_ARTICLE_BEFORE = re.compile(r"(?:헌법|법|조약|협정|규정|강령|헌장|협약|조항)\s*$")
_KO_ARTICLE_AFTER = re.compile(r"\s?\d+항")
# 2할6푼8리: a batting average (.268).
_KO_BATTING = re.compile(r"(?<![\d.])(?P<h>\d)할(?:\s?(?P<p>\d)푼)?(?:\s?(?P<r>\d)리)?")
# 2005.10 at the end of a Korean news line is the page's date stamp, not prose.
_KO_DATE_STAMP = re.compile(
    r"(?<![\d.])(?P<y>19\d{2}|20\d{2})\.\s?(?P<m>0?[1-9]|1[0-2])"
    r"(?:\.\s?(?P<d>[0-2]?\d|3[01]))?\.?(?![\d%])(?!\s?(?:퍼센트|%))"
)
_KO_DAY_WORDS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7,
                 "여드레": 8, "열흘": 10, "보름": 15}
_KO_DAYS = re.compile(r"(?<![가-힣])(?P<word>" + "|".join(_KO_DAY_WORDS) + r")")
_KO_HALF = re.compile(r"(?<![가-힣])절반")
_KO_TEMPERATURE_BEFORE = re.compile(r"(섭씨|화씨)\s*(?:영하\s*)?$")

# Native Korean numerals (attributive forms, which precede a counter).
_KO_NATIVE_TENS = {"열": 10, "스무": 20, "스물": 20, "서른": 30, "마흔": 40, "쉰": 50,
                   "예순": 60, "일흔": 70, "여든": 80, "아흔": 90}
_KO_NATIVE_UNITS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7,
                    "여덟": 8, "아홉": 9}
# Counters after a native numeral. Those in the second list may follow it without a
# space; the rest need a space because "세대", "한편", "열차" are ordinary words.
_KO_COUNTERS_SPACED = ("명", "번째", "번", "차례", "개국", "개월", "개", "가지", "살", "달",
                       "시간", "척", "대", "마리", "권", "곳", "건", "편", "발", "채", "쌍",
                       "배", "사람", "나라", "해", "주", "차", "군데", "분", "표", "석")
_KO_COUNTERS_TIGHT = ("명", "번째", "차례", "개국", "개월", "개", "가지", "마리", "군데", "살")
_KO_NATIVE = re.compile(
    r"(?<![가-힣])(?P<num>(?P<tens>" + "|".join(_KO_NATIVE_TENS) + r")?(?P<units>"
    + "|".join(sorted(_KO_NATIVE_UNITS, key=len, reverse=True)) + r")?)"
    r"(?P<space>\s?)(?P<counter>" + "|".join(sorted(set(_KO_COUNTERS_SPACED), key=len,
                                                   reverse=True)) + r")"
)
_KO_NATIVE_ORDINAL = re.compile(r"(?<![가-힣])(?P<word>첫째|둘째|셋째|넷째|다섯째)")
# "first" in Korean: 첫, 처음, 최초. They match an English "first"; a Korean one
# alone is never reported (처음 also means "the beginning").
_KO_FIRST = re.compile(r"(?<![가-힣])첫|처음|최초")
# "both"/"the two" (양국, 양측): matches an English "two" and is never reported alone.
_KO_BOTH = re.compile(r"(?<![가-힣])(?:양국|양측|양자|양당|양사|양팀|양 정상|양 정상|쌍방)")
_KO_SINO_DIGIT = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_KO_SINO = re.compile(
    r"(?<![가-힣])(?P<num>(?:[일이삼사오육칠팔구]?천)?(?:[일이삼사오육칠팔구]?백)?"
    r"(?:[일이삼사오육칠팔구]?십)?[일이삼사오육칠팔구]?(?:만|억|조)?)"
    r"(?=\s?(?:명|년|개|세기|퍼센트|배|달러|원|번째|주년|위|차|여)|[^가-힣]|$)"
)


def _ko_chunks_value(chunks: list[re.Match[str]]) -> tuple[float, bool]:
    total = 0.0
    scaled = False
    for chunk in chunks:
        value = _to_float(chunk.group("d"))
        if chunk.group("u"):
            value *= _KO_UNIT_VALUE[chunk.group("u")]
            scaled = True
        if chunk.group("b"):
            value *= _KO_BIG_VALUE[chunk.group("b")]
            scaled = True
        total += value
    return total, scaled


def _chunk_magnitude(chunk: re.Match[str]) -> float:
    unit = _KO_UNIT_VALUE.get(chunk.group("u"), 1)
    big = _KO_BIG_VALUE.get(chunk.group("b"), 1)
    return unit * big


def _ko_number_at(text: str, pos: int) -> tuple[float, int, bool] | None:
    """Read a Korean number (``1억2천만``, ``2만5천``, ``1억 1천만``) at ``pos``."""
    first = _KO_CHUNK.match(text, pos)
    if not first:
        return None
    chunks = [first]
    end = first.end()
    while chunks[-1].group("u") or chunks[-1].group("b"):
        # A following group continues the number only if it is smaller: 1억 2천만, not 2만 3억.
        gap = re.compile(r"\s?" if chunks[-1].group("b") else "").match(text, end)
        nxt = _KO_CHUNK.match(text, gap.end()) if gap else None
        if not nxt or _chunk_magnitude(nxt) >= _chunk_magnitude(chunks[-1]):
            break
        chunks.append(nxt)
        end = nxt.end()
    if not chunks[-1].group("u") and not chunks[-1].group("b") and len(chunks) == 1:
        end = first.end("d")
    value, scaled = _ko_chunks_value(chunks)
    return value, end, scaled


def korean_quantities(text: str) -> list[Quantity]:
    """Every number of a Korean text, in order of position."""
    reader = _Reader(text)
    _read_literals(reader)
    for m in _KO_DATE_STAMP.finditer(text):
        parts = [("year", float(m.group("y"))), ("month", float(m.group("m")))]
        if m.group("d"):
            parts.append(("day", float(m.group("d"))))
        reader.add(_date(parts, text, m.start(), m.end(), soft="date stamp"))
    for m in _KO_BATTING.finditer(text):
        if reader.free(m.start(), m.end()):
            value = int(m.group("h")) / 10 + int(m.group("p") or 0) / 100 + int(
                m.group("r") or 0) / 1000
            reader.add(Quantity("cardinal", (value,), m.group(0), m.start(), m.end()))
    for m in _KO_DOT_DATE.finditer(text):
        month = int(m.group("m") or m.group("m2"))
        day = int(m.group("d") or m.group("d2"))
        if 1 <= month <= 12 and 1 <= day <= 31 and reader.free(m.start(), m.end()):
            # 6·25, 9·11, 5·18: dates that name an event; English often names the event.
            reader.add(_date([("month", float(month)), ("day", float(day))], text, m.start(),
                             m.end(), soft="date naming an event"))
    for m in _KO_FRACTION.finditer(text):
        if reader.free(m.start(), m.end()):
            den, num = _to_float(m.group("den")), _to_float(m.group("num"))
            if den:
                reader.add(Quantity("fraction", (num / den,), m.group(0), m.start(), m.end()))
    for m in _KO_SLASH.finditer(text):
        if not reader.free(m.start(), m.end()):
            continue
        a, b = int(m.group("a")), int(m.group("b"))
        if 0 < a < b <= 10:
            reader.add(Quantity("fraction", (a / b,), m.group(0), m.start(), m.end()))
        elif 1 <= a <= 12 and 1 <= b <= 31:
            reader.add(_date([("month", float(a)), ("day", float(b))], text, m.start(), m.end()))
    for m in _KO_NUMBER_START.finditer(text):
        if reader.free(m.start(), m.start() + 1):
            quantity = _ko_digit_quantity(text, m.start())
            if quantity is not None:
                reader.add(quantity)
    _read_ko_words(reader)
    quantities = _ko_ranges(reader.result(), text)
    return _ko_times(_ko_dates(quantities, text), text)


def _ko_times(quantities: list[Quantity], text: str) -> list[Quantity]:
    """Join ``오전 0시 26분`` into one clock time; 오후 counts the hours from noon."""
    out: list[Quantity] = []
    for q in quantities:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.kind == "time" and len(prev.values) == 1
            and q.kind == "cardinal" and q.unit == "minute" and q.value < 60
            and not text[prev.end : q.start].strip()
        ):
            out[-1] = Quantity("time", (prev.value, q.value), text[prev.start : q.end],
                               prev.start, q.end)
            continue
        out.append(q)
    result = []
    for q in out:
        if q.kind == "time":
            before = text[max(0, q.start - 4) : q.start]
            hour = q.value
            if "오후" in before and hour < 12:
                hour += 12
            elif "오전" in before and hour == 12:
                hour = 0
            q = Quantity("time", (hour,) + q.values[1:], q.text, q.start, q.end)
        result.append(q)
    return result


def _ko_ordinal_prefix(before: str) -> int:
    """Length of a 제 (ordinal prefix) right before a number, 0 when there is none."""
    for prefix in ("제", "제 "):
        if before.endswith(prefix):
            rest = before[: -len(prefix)]
            if not rest or not _is_hangul(rest[-1]):
                return len(prefix)
    return 0


def _is_hangul(char: str) -> bool:
    return "가" <= char <= "힣"


def _ko_digit_quantity(text: str, start: int) -> Quantity | None:
    before = text[max(0, start - 12) : start]
    prefix = _ko_ordinal_prefix(before)
    read = _ko_number_at(text, start)
    if read is None:
        return None
    value, end, scaled = read
    raw = text[start:end]
    article = re.fullmatch(r"\d+조", raw) and (
        _KO_ARTICLE_BEFORE.search(before) or _KO_ARTICLE_AFTER.match(text, end) or prefix
    )
    if prefix or article:
        # 제3조, 헌법 9조: an ordinal or an article number, not three trillion.
        digits = re.compile(_DIGITS).match(text, start)
        value, end, scaled = _to_float(digits.group(0)), digits.end(), False
        if article:
            end += 1
        raw = text[start:end]
    approximate = bool(_KO_APPROX_BEFORE.search(before))
    currency = _KO_CURRENCY_BEFORE.search(before)
    q_start = start - len(currency.group(0)) if currency and not prefix else start - prefix
    m = _KO_APPROX_AFTER.match(text, end)
    if m:
        approximate = True
        if m.group(0).strip() == "여":
            end = m.end()
    kind, unit = "cardinal", None
    if prefix or article:
        kind = "ordinal"
    elif currency:
        kind, unit = "money", "USD"
    for pattern, suffix_kind, suffix_unit in _KO_SUFFIX_RES:
        m = pattern.match(text, end)
        if not m:
            continue
        if kind == "ordinal":
            # 제8호, 제2차: the counter belongs to the ordinal's text.
            if suffix_kind in ("ordinal", "cardinal") and suffix_unit is None:
                end = m.end()
            break
        if kind == "money":
            if suffix_kind == "money":
                end = m.end()
            break
        kind, unit = suffix_kind, suffix_unit
        if m.group(0).strip() == "센트":
            value *= 0.01
        end = m.end()
        break
    if kind == "year" and not re.fullmatch(r"1\d{3}|20\d{2}", raw):
        kind, unit = "cardinal", "year"
        if re.fullmatch(r"\d{2}", raw):
            # "92년" is often 1992 written short; keep both readings.
            return Quantity("year", (value, (1900 if value > 30 else 2000) + value),
                            text[q_start:end], q_start, end, unit="short",
                            approximate=approximate)
    if kind == "month" and not 1 <= value <= 12:
        kind, unit = "cardinal", None
    if kind == "day" and not 1 <= value <= 31:
        kind, unit = "cardinal", "day"
    if kind == "hour" and value > 24:
        kind, unit = "cardinal", None
    if unit == "degree":
        temperature = _KO_TEMPERATURE_BEFORE.search(text[max(0, q_start - 8) : q_start])
        if temperature:
            unit = "C" if temperature.group(1) == "섭씨" else "F"
    if kind == "month":
        return _date([("month", value)], text, q_start, end)
    if kind == "day":
        return _date([("day", value)], text, q_start, end)
    if kind == "hour":
        return Quantity("time", (value,), text[q_start:end], q_start, end)
    if kind == "cardinal" and unit is None and re.fullmatch(r"1\d{3}|20\d{2}", raw):
        kind = "year"
    return Quantity(kind, (value,), text[q_start:end], q_start, end, unit=unit,
                    approximate=approximate, scaled=scaled)


def _read_ko_words(reader: _Reader) -> None:
    text = reader.text
    for m in _KO_NATIVE.finditer(text):
        if not (m.group("tens") or m.group("units")):
            continue
        counter, tight = m.group("counter"), not m.group("space")
        if tight and counter not in _KO_COUNTERS_TIGHT:
            continue
        if m.group("num") == "한" and counter in ("해", "번", "편", "대", "주", "차", "분"):
            continue  # 한 해, 한 번, 한 편: "a year", "once", "one side" — idiom, not count
        if not reader.free(m.start(), m.end()):
            continue
        value = _KO_NATIVE_TENS.get(m.group("tens") or "", 0) + _KO_NATIVE_UNITS.get(
            m.group("units") or "", 0)
        kind = "ordinal" if counter == "번째" else "cardinal"
        reader.add(Quantity(kind, (float(value),), m.group(0), m.start(), m.end(), spelled=True))
    for m in _KO_NATIVE_ORDINAL.finditer(text):
        if reader.free(m.start(), m.end()):
            value = {"첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4, "다섯째": 5}[m.group("word")]
            reader.add(Quantity("ordinal", (float(value),), m.group(0), m.start(), m.end(),
                                spelled=True))
    for m in _KO_SINO.finditer(text):
        word = m.group("num")
        if len(word) < 2 or not any(c in word for c in "십백천") or not reader.free(
            m.start(), m.end("num")
        ):
            continue
        value = _ko_sino_value(word)
        if value:
            reader.add(Quantity("cardinal", (value,), word, m.start(), m.end("num"),
                                spelled=True, scaled=True))
    for m in _KO_DAYS.finditer(text):
        if reader.free(m.start(), m.end()):
            value = float(_KO_DAY_WORDS[m.group("word")])
            reader.add(Quantity("cardinal", (value,), m.group(0), m.start(), m.end(), unit="day",
                                spelled=True))
    for m in _KO_HALF.finditer(text):
        if reader.free(m.start(), m.end()):
            reader.add(Quantity("fraction", (0.5,), m.group(0), m.start(), m.end(), spelled=True))
    for m in _KO_FIRST.finditer(text):
        if reader.free(m.start(), m.end()):
            reader.add(Quantity("ordinal", (1.0,), m.group(0), m.start(), m.end(), spelled=True,
                                match_only=True))
    for m in _KO_BOTH.finditer(text):
        if reader.free(m.start(), m.end()):
            reader.add(Quantity("cardinal", (2.0,), m.group(0), m.start(), m.end(), spelled=True,
                                match_only=True))


def _ko_sino_value(word: str) -> float:
    total = 0.0
    section = 0.0
    digit = 0.0
    for char in word:
        if char in _KO_SINO_DIGIT:
            digit = _KO_SINO_DIGIT[char]
        elif char in _KO_UNIT_VALUE:
            section += (digit or 1) * _KO_UNIT_VALUE[char]
            digit = 0
        elif char in _KO_BIG_VALUE:
            total += (section + digit or 1) * _KO_BIG_VALUE[char]
            section = digit = 0
    return total + section + digit


_KO_RANGE_GAP = re.compile(r"\s?[~∼〜\-–]\s?")


_KO_VAGUE_PAIR_GAP = re.compile(r",\s?")


def _ko_ranges(quantities: list[Quantity], text: str) -> list[Quantity]:
    """Join ``1950~1953년``, ``1950-53년``, ``24~26일``, ``10~15명`` into range quantities,
    and ``2, 3년`` (two or three years) into one vague count.

    Only the second number carries the suffix, so the pair takes its kind from it.
    """
    out: list[Quantity] = []
    for q in quantities:
        prev = out[-1] if out else None
        joinable = q.kind in ("cardinal", "year", "date", "money", "percent") and (
            len(q.values) == 1 or q.unit == "short"
        )
        gap = text[prev.end : q.start] if prev is not None else ""
        if (
            prev is not None
            and prev.kind == "cardinal"
            and prev.unit is None
            and q.kind == "cardinal"
            and q.unit is not None  # "2, 3년", not the list "2, 3, 5"
            and len(q.values) == 1
            and _KO_VAGUE_PAIR_GAP.fullmatch(gap)
            and q.value == prev.value + 1
            and prev.value < 10
        ):
            # "2, 3년" is "two or three years", a vague count ("a couple of years"):
            # either value matches, and it is not worth more than an info when missing.
            out[-1] = Quantity(
                "cardinal",
                (prev.value, q.value),
                text[prev.start : q.end],
                prev.start,
                q.end,
                unit=q.unit,
                approximate=True,
                soft="a vague count (two or three)",
            )
            continue
        if (
            prev is not None
            and prev.kind in ("cardinal", "year")
            and prev.unit is None
            and joinable
            and _KO_RANGE_GAP.fullmatch(gap)
            # A dash joins years (1950-53년); between other numbers it is a score (6-3).
            and ("-" not in gap and "–" not in gap or prev.kind == "year")
        ):
            low, high, unit = prev.value, q.value, q.unit
            if q.kind == "year":
                if q.unit == "short" and prev.kind == "year":
                    high = (low // 100) * 100 + q.value
                elif q.unit == "short":
                    high = q.values[1]
                unit = "year"
            elif q.kind == "date":
                if q.date_parts != ("day",):
                    out.append(q)
                    continue
                unit = "day"
            if high <= low:
                out.append(q)
                continue
            out[-1] = Quantity("range", (low, high), text[prev.start : q.end], prev.start,
                               q.end, unit=unit, approximate=q.approximate)
            continue
        out.append(q)
    return out


def _ko_dates(quantities: list[Quantity], text: str) -> list[Quantity]:
    """Join ``2018년 6월 12일`` (year, month, day next to each other) into one date."""
    out: list[Quantity] = []
    for q in quantities:
        prev = out[-1] if out else None
        part = _date_part(q)
        if (
            prev is not None
            and part is not None
            and not text[prev.end : q.start].strip()
            and _date_part(prev) is not None
            and part[0] not in _date_parts_of(prev)
            and _order(part[0]) > max(_order(p) for p in _date_parts_of(prev))
        ):
            parts = [*zip(_date_parts_of(prev), _date_values_of(prev), strict=True), part]
            out[-1] = _date(parts, text, prev.start, q.end)
            continue
        out.append(q)
    return out


def _order(part: str) -> int:
    return {"year": 0, "month": 1, "day": 2}[part]


def _date_part(q: Quantity) -> tuple[str, float] | None:
    if q.kind == "year" and q.unit is None:
        return ("year", q.value)
    if q.kind == "date" and len(q.date_parts) == 1 and not q.soft:
        return (q.date_parts[0], q.value)
    return None


def _date_parts_of(q: Quantity) -> tuple[str, ...]:
    return ("year",) if q.kind == "year" else q.date_parts


def _date_values_of(q: Quantity) -> tuple[float, ...]:
    return (q.value,) if q.kind == "year" else q.values


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------

_MEASURE_FAMILIES = ("length", "mass", "area", "volume", "temperature")


@dataclass(slots=True)
class _Atom:
    """One comparable value of a quantity (a date has up to three)."""

    quantity: int  # index into its side's quantity list
    dim: str  # number | month | hour | decade | fraction | literal
    slot: str  # what an unmatched atom pairs with on the other side
    values: tuple[float, ...]  # acceptable readings
    unit: str | None = None
    key: str = ""
    loose: bool = False  # hedged ("about", "약", "여"): the other side may round it
    spelled: bool = False
    match_only: bool = False
    matched: bool = False
    restated_units: tuple[str, ...] = ()  # units of the same amount given beside it


def _atoms(q: Quantity, index: int) -> list[_Atom]:
    # Only a hedged number may be rounded; "$110 million" and "1억2천만 달러" differ.
    loose = q.approximate and _significant_digits(q.value) <= 3

    def atom(dim: str, slot: str, values: tuple[float, ...], unit: str | None = None,
             may_round: bool = False) -> _Atom:
        return _Atom(index, dim, slot, values, unit, q.key, loose and may_round, q.spelled,
                     q.match_only)

    if q.kind == "literal":
        prefix = re.sub(r"[^A-Z]", "", q.key)[:3]
        return [atom("literal", f"literal:{prefix}", q.values)]
    if q.kind == "date":
        out = []
        for part, value in zip(q.date_parts, q.values, strict=True):
            # A day of the month pairs with days of the month, not with "three days".
            slot = "dayofmonth" if part == "day" else part
            out.append(atom("month" if part == "month" else "number", slot, (value,)))
        return out
    if q.kind == "time":
        out = [atom("hour", "hour", (q.values[0],))]
        if len(q.values) > 1:
            out.append(atom("number", "minute", (q.values[1],)))
        return out
    if q.kind == "range":
        slot = q.unit if q.unit in ("year", "day") else "count"
        return [atom("number", slot, (v,), q.unit if slot == "count" else None) for v in q.values]
    if q.kind == "decade":
        return [atom("decade", "decade", q.values)]
    if q.kind == "fraction":
        return [atom("fraction", "share", q.values)]
    if q.kind == "percent":
        return [atom("number", "share", q.values, "%", may_round=True)]
    if q.kind == "money":
        return [atom("number", f"money:{q.unit}", q.values, q.unit, may_round=True)]
    if q.kind == "ordinal":
        return [atom("number", "ordinal", q.values)]
    if q.kind == "year":
        return [atom("number", "year", q.values)]
    family = _UNIT_FAMILY.get(q.unit or "", "")
    if q.unit == _KILO or family in _MEASURE_FAMILIES:
        slot = "measure"
    elif family in ("duration", "age"):
        slot = q.unit or "count"
    else:
        slot = "count"
    return [atom("number", slot, q.values, q.unit, may_round=True)]


def _agree(a: _Atom, b: _Atom, tolerant: bool) -> bool:
    """Whether two atoms of opposite sides can be the same number."""
    if a.dim == "literal" and b.dim == "literal":
        if a.key == b.key:
            return True
        return tolerant and re.sub(r"\D", "", a.key) == re.sub(r"\D", "", b.key)
    if "literal" in (a.dim, b.dim):
        other = b if a.dim == "literal" else a
        return other.dim == "number" and _close(a.values[0], b.values[0])
    if a.dim == "month" or b.dim == "month":
        return a.dim == b.dim and _close(a.values[0], b.values[0])
    if a.dim == "hour" or b.dim == "hour":
        if {a.dim, b.dim} - {"hour", "number"}:
            return False
        if a.dim != b.dim:
            return _close(a.values[0], b.values[0])
        # One side may count the hours from noon: 3 p.m. and 오후 3시 / 15시.
        return any(_close(x % 12, y % 12) for x in a.values for y in b.values)
    if a.dim == "decade" or b.dim == "decade":
        if {a.dim, b.dim} - {"decade", "number"}:
            return False
        return any(_close(x % 100, y % 100) if a.dim == b.dim else _close(x, y)
                   for x in a.values for y in b.values)
    if a.dim == "fraction" or b.dim == "fraction":
        if a.dim == b.dim:
            return abs(a.values[0] - b.values[0]) < 0.01
        other, share = (b, a) if a.dim == "fraction" else (a, b)
        return other.unit == "%" and abs(share.values[0] * 100 - other.values[0]) < 1.0
    if _units_conflict(a.unit, b.unit):
        return False
    if any(_close(x, y) for x in a.values for y in b.values):
        return True
    if not tolerant:
        return False
    # "36 inches (900 mm)" against "906mm": the 900 mm is the number to compare, so the
    # inches may not match the Korean millimetres by conversion.
    if b.unit not in a.restated_units and a.unit not in b.restated_units and _converted_match(
        a.values[0], a.unit, b.values[0], b.unit
    ):
        return True
    for rounded_side, other in ((a, b), (b, a)):
        if rounded_side.loose:
            hedged, exact = rounded_side.values[0], other.values[0]
            step = _precision(hedged)
            if _close(round(exact / step) * step, hedged) and (
                abs(exact - hedged) <= _ROUNDING_TOLERANCE * abs(hedged)
            ):
                return True
    return False


def _match(en_atoms: list[_Atom], ko_atoms: list[_Atom]) -> None:
    # Exact readings first, so that rounding and unit conversion cannot steal an atom
    # that has an exact partner. Match-only words come last: an English "one" or
    # "a year" may then take any Korean 1 left over, while Korean words that only imply
    # a number (처음 "first", 양국 "both countries") may take only a spelled-out English
    # number, so they never hide a changed digit.
    # Within each, a partner of the same slot (a duration for a duration, a day of the
    # month for a day of the month) is preferred to any other.
    for tolerant, same_slot in ((False, True), (False, False), (True, True), (True, False)):
        for a in en_atoms:
            if a.matched or a.match_only:
                continue
            for b in ko_atoms:
                if b.matched or b.match_only or (same_slot and a.slot != b.slot):
                    continue
                if _agree(a, b, tolerant):
                    a.matched = b.matched = True
                    break
    for a in en_atoms:
        if a.matched:
            continue
        for b in ko_atoms:
            if b.matched or a.match_only == b.match_only:
                continue
            if (a.match_only or a.spelled) and _agree(a, b, True):
                a.matched = b.matched = True
                break


def _format_number(value: float) -> str:
    if _close(value, round(value)):
        return f"{round(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def describe(q: Quantity) -> str:
    """The normalised value of a quantity as a translator reads it: ``110,000,000``."""
    if q.kind == "date":
        parts = dict(zip(q.date_parts, q.values, strict=True))
        month = int(parts["month"]) if "month" in parts else None
        day = int(parts["day"]) if "day" in parts else None
        year = int(parts["year"]) if "year" in parts else None
        if month and day:
            text = f"{_MONTH_NAMES[month]} {day}"
        elif month:
            text = _MONTH_NAMES[month]
        elif day:
            text = f"day {day}"
        else:
            text = ""
        if year:
            text = f"{text}, {year}" if day else f"{text} {year}".strip()
        return text
    if q.kind == "time":
        minute = int(q.values[1]) if len(q.values) > 1 else 0
        return f"{int(q.values[0])}:{minute:02d}"
    if q.kind == "range":
        return "–".join(_format_number(v) for v in q.values)
    if q.kind == "fraction":
        fraction = Fraction(q.value).limit_denominator(12)
        if abs(float(fraction) - q.value) < 1e-6:
            return f"{fraction.numerator}/{fraction.denominator}"
        return _format_number(q.value)
    if q.kind == "percent":
        return f"{_format_number(q.value)}%"
    if q.kind == "ordinal":
        n = int(q.value)
        return f"{n}{_ordinal_suffix(n)}"
    if q.kind == "decade":
        return f"{int(q.value)}s"
    if q.kind == "year":
        if len(q.values) > 1:
            return f"{int(q.values[0])} or {int(q.values[1])}"
        return f"{int(q.value)}" if _close(q.value, round(q.value)) else _format_number(q.value)
    if q.kind == "literal":
        return q.key
    text = _format_number(q.value)
    if q.kind == "money" and q.unit and q.unit != "USD":
        return f"{text} {q.unit}"
    if q.unit and _UNIT_FAMILY.get(q.unit) in _MEASURE_FAMILIES + ("area",) or q.unit == _KILO:
        return f"{text} {q.unit}"
    return text


def _quote(language: str, q: Quantity) -> str:
    return f'{language} "{q.text}" ({describe(q)})'


def compare(en_text: str, ko_text: str) -> list[Mismatch]:
    """The numbers of an English and a Korean text that do not correspond."""
    en_quantities = english_quantities(en_text)
    ko_quantities = korean_quantities(ko_text)
    return _compare_quantities(en_text, ko_text, en_quantities, ko_quantities)


def _open(quantities: list[Quantity], atoms: list[_Atom]) -> list[int]:
    """Indexes of quantities with an unmatched atom, in order of position."""
    indexes = sorted({a.quantity for a in atoms if not a.matched and not a.match_only})
    return [i for i in indexes if not quantities[i].match_only]


def _compare_quantities(en_text: str, ko_text: str, en_quantities: list[Quantity],
                        ko_quantities: list[Quantity]) -> list[Mismatch]:
    en_atoms = [a for i, q in enumerate(en_quantities) for a in _atoms(q, i)]
    ko_atoms = [a for i, q in enumerate(ko_quantities) for a in _atoms(q, i)]
    for quantities, atoms, text in ((en_quantities, en_atoms, en_text),
                                    (ko_quantities, ko_atoms, ko_text)):
        for a in atoms:
            partner = _restated_partner(quantities[a.quantity], quantities, text)
            if partner is not None and partner.unit:
                a.restated_units = (partner.unit,)
    _match(en_atoms, ko_atoms)
    en_open = _open(en_quantities, en_atoms)
    ko_open = _open(ko_quantities, ko_atoms)

    def open_slots(atoms: list[_Atom], index: int) -> set[str]:
        return {a.slot for a in atoms if a.quantity == index and not a.matched}

    mismatches: list[tuple[int, Mismatch]] = []
    paired_ko: set[int] = set()
    unpaired_en: list[int] = []
    for i in en_open:
        slots = open_slots(en_atoms, i)
        partner = next((j for j in ko_open if j not in paired_ko
                        and ko_quantities[j].soft not in _UNPAIRED
                        and slots & open_slots(ko_atoms, j)), None)
        if en_quantities[i].soft in _UNPAIRED:
            partner = None
        if partner is None:
            unpaired_en.append(i)
            continue
        paired_ko.add(partner)
        en_q, ko_q = en_quantities[i], ko_quantities[partner]
        severity = "error"
        message = f"number differs: {_quote('English', en_q)} vs {_quote('Korean', ko_q)}"
        mismatches.append((en_q.start, Mismatch(en_q, ko_q, severity, message)))

    for i in unpaired_en:
        q = en_quantities[i]
        reason = _soft_reason(q, i, en_quantities, en_atoms, en_text, ko_text, "en")
        severity = "info" if reason else "warning"
        message = f"number missing from the Korean: {_quote('English', q)}"
        if reason:
            message += f" ({reason})"
        mismatches.append((q.start, Mismatch(q, None, severity, message)))
    for j in ko_open:
        if j in paired_ko:
            continue
        q = ko_quantities[j]
        if _event_named(q, en_text):
            continue  # 6·25 전쟁 for "the Korean War": the same thing, named as English does
        reason = _soft_reason(q, j, ko_quantities, ko_atoms, ko_text, en_text, "ko")
        severity = "info" if reason else "warning"
        message = f"number missing from the English: {_quote('Korean', q)}"
        if reason:
            message += f" ({reason})"
        # Korean-only findings sort after the English ones they sit near.
        mismatches.append((len(en_text) + q.start, Mismatch(None, q, severity, message)))
    return [m for _, m in sorted(mismatches, key=lambda pair: pair[0])]


# Korean names events by their date (month·day); English names the same events in words.
_DATE_NAMED_EVENTS: dict[tuple[int, int], re.Pattern[str]] = {
    (6, 25): re.compile(r"\bKorean War\b", re.IGNORECASE),
    (5, 18): re.compile(r"\bGwangju\b|\bKwangju\b", re.IGNORECASE),
    (8, 15): re.compile(r"\bLiberation Day\b|\bindependence from Japan", re.IGNORECASE),
    (3, 1): re.compile(r"\bMarch (?:1st|First) (?:Independence )?Movement\b|\bSamil\b", re.IGNORECASE),
    (4, 19): re.compile(r"\bApril (?:19 )?Revolution\b", re.IGNORECASE),
    (9, 11): re.compile(r"\b9/11\b|\bSept(?:ember|\.)? 11\b", re.IGNORECASE),
}


def _event_named(q: Quantity, other_text: str) -> bool:
    """A date naming an event (6·25) whose event the English names in words (the Korean War)."""
    if q.soft != "date naming an event" or len(q.values) < 2:
        return False
    month, day = int(q.values[0]), int(q.values[1])
    pattern = _DATE_NAMED_EVENTS.get((month, day))
    return bool(pattern and pattern.search(other_text))


# Quantities that are not a slot another number could have been changed from.
_UNPAIRED = ("date stamp",)
_OPEN_PARENTHESIS = re.compile(r"\s*\(\s*(?:about|approx\.?|approximately|or|약|미화|US)?\s*")
_KO_TALKS_NAME = re.compile(r"\s?자\s?회담")
_FIRST_PLACE = re.compile(r"1\s?(?:위|등)$|^No\.\s?1$|^1st$")
_ONE_COUNTER = re.compile(r"\d\s?(?:명|대|개|척|건|곳|발|마리|채|권|편)")


def _restated(q: Quantity, quantities: list[Quantity], text: str) -> bool:
    """``15 meters (49 feet)``, ``$158.4 million (about 160 billion won)``: one amount twice."""
    return _restated_partner(q, quantities, text) is not None


def _restated_partner(q: Quantity, quantities: list[Quantity], text: str) -> Quantity | None:
    """The quantity that gives the same amount as ``q`` in parentheses beside it."""
    for other in quantities:
        if other is q:
            continue
        if other.end <= q.start:
            first, second = other, q
        elif q.end <= other.start:
            first, second = q, other
        else:
            continue
        if not _OPEN_PARENTHESIS.fullmatch(text[first.end : second.start]):
            continue
        if first.kind == "money" or second.kind == "money" or first.kind == second.kind == "time":
            return other
        family_first = _UNIT_FAMILY.get(first.unit or "")
        family_second = _UNIT_FAMILY.get(second.unit or "")
        if first.unit == _KILO or second.unit == _KILO:
            return other
        if family_first and family_first == family_second and first.unit != second.unit:
            return other
    return None


def _soft_reason(q: Quantity, index: int, quantities: list[Quantity], atoms: list[_Atom],
                 text: str, other_text: str, side: str) -> str:
    """Why a quantity the other side lacks is probably a rephrasing (empty: it is not)."""
    if q.soft:
        return q.soft
    if q.spelled:
        return "spelled-out numbers are often rephrased"
    own = [a for a in atoms if a.quantity == index]
    unmatched = [a for a in own if not a.matched]
    if len(unmatched) < len(own):
        return "rest of the date matches" if q.kind == "date" else "partly matches"
    if _restated(q, quantities, text):
        return "the same amount in another unit, given on one side only"
    if side == "ko" and (q.kind == "date" and q.date_parts == ("day",)
                         or q.kind == "range" and q.unit == "day"):
        # Korean news gives the day of the month where English says "Monday" or
        # "yesterday", often in a neighbouring sentence.
        return "a day of the month, as Korean news writes for a weekday"
    if (
        side == "ko"
        and q.kind == "date" and "year" not in q.date_parts
        and _EN_RELATIVE_DAY.search(other_text)
    ):
        return "a date for an English weekday or relative day"
    if side == "ko" and _KO_TALKS_NAME.match(text, q.end):
        return "part of a name (6자회담: six-party talks)"
    if q.kind == "ordinal" and q.value == 1 and _FIRST_PLACE.search(q.text):
        return "first place is often worded differently"
    if side == "ko" and q.kind == "cardinal" and q.value == 1 and _ONE_COUNTER.match(q.text):
        return "1 often stands for an English article"
    # The same number written the same way again ("15일 ... 15일 동안") where the other
    # side says it once.
    repeated = {
        v for a in atoms if a.matched and a.quantity != index
        and (quantities[a.quantity].kind, quantities[a.quantity].unit) == (q.kind, q.unit)
        for v in a.values
    }
    if all(any(_close(v, r) for v in a.values for r in repeated) for a in unmatched):
        return "repeats a number that matches"
    return ""


def check_link(ctx: LinkContext) -> list[Finding]:
    """Number findings for one link (nothing when a side is empty: that is a missing link)."""
    en_text, ko_text = ctx.en_text, ctx.ko_text
    if not en_text.strip() or not ko_text.strip():
        return []
    findings = []
    for mismatch in compare(en_text, ko_text):
        en = (ctx.en_evidence(mismatch.en.start, mismatch.en.end) if mismatch.en
              else ctx.en_evidence())
        ko = (ctx.ko_evidence(mismatch.ko.start, mismatch.ko.end) if mismatch.ko
              else ctx.ko_evidence())
        findings.append(Finding("number", mismatch.severity, mismatch.message, en=en, ko=ko,
                                link=ctx.index))
    return findings
