"""Hand-built alignments for tests of everything downstream of the aligner.

``sample_alignment()`` is a small English/Korean article pair aligned the way the
pipeline would align it, with links of every shape (1-1, 2-1, 1-0, 0-1) and findings
of several kinds and severities, so report and baseline tests need neither models
nor the aligner. The article text is written for these tests.
"""

from __future__ import annotations

from dataclasses import replace

from bilingual.model import Alignment, Document, Evidence, Finding, Link, Sentence, Side

# A faithful article pair in two files (CLI and pre-commit tests): no finding of any severity.
CLEAN_EN = """Seoul unveils housing plan

Seoul Mayor Oh Se-hoon on Monday announced a plan to build 80,000 homes by 2030. The plan will cost 12 trillion won.

Critics said the plan lacks detail.
"""
CLEAN_KO = """서울시, 주택 계획 발표

오세훈 서울시장은 월요일 2030년까지 주택 8만 호를 짓는 계획을 발표했다. 이 계획에는 12조 원이 든다.

비판론자들은 이 계획이 구체성이 부족하다고 말했다.
"""

EN_TEXT = (
    "Seoul mayor unveils housing plan\n"
    "\n"
    "Seoul Mayor Oh Se-hoon on Monday announced a plan to build 80,000 homes by 2030. "
    "The plan will cost 12 trillion won. Critics said it lacks detail.\n"
    "\n"
    "The city council has not yet approved the budget. "
    '"We will listen to residents," Oh said.\n'
)

KO_TEXT = (
    "서울시장, 주택 계획 발표\n"
    "\n"
    "오세훈 서울시장은 월요일 2030년까지 주택 9만 호를 짓는 계획을 발표했다. "
    "이 계획에는 12조 원이 들며, 비판론자들은 구체성이 부족하다고 말했다.\n"
    "\n"
    "시는 다음 달 공청회를 열 예정이다. "
    '"We will listen to residents," 오 시장이 말했다.\n'
)

EN_SENTENCES = (
    "Seoul mayor unveils housing plan",
    "Seoul Mayor Oh Se-hoon on Monday announced a plan to build 80,000 homes by 2030.",
    "The plan will cost 12 trillion won.",
    "Critics said it lacks detail.",
    "The city council has not yet approved the budget.",
    '"We will listen to residents," Oh said.',
)

KO_SENTENCES = (
    "서울시장, 주택 계획 발표",
    "오세훈 서울시장은 월요일 2030년까지 주택 9만 호를 짓는 계획을 발표했다.",
    "이 계획에는 12조 원이 들며, 비판론자들은 구체성이 부족하다고 말했다.",
    "시는 다음 달 공청회를 열 예정이다.",
    '"We will listen to residents," 오 시장이 말했다.',
)


def make_document(path: str, text: str, *, crlf: bool = False) -> Document:
    """A Document for ``text``; with ``crlf`` the file on disk had CRLF line ends, so
    ``source`` differs from ``text`` and ``offset_map`` maps between them."""
    if not crlf:
        return Document(path=path, text=text, encoding="utf-8")
    source = text.replace("\n", "\r\n")
    offsets = []
    position = 0
    for char in text:
        offsets.append(position)
        position += 2 if char == "\n" else 1
    offsets.append(position)
    return Document(
        path=path, text=text, encoding="utf-8", source=source, offset_map=tuple(offsets)
    )


def make_side(
    doc: Document, lang: str, sentences: tuple[str, ...], *, search_from: int = 0
) -> Side:
    """Sentences located in ``doc.text`` in order; the first one is the title."""
    out = []
    position = search_from
    for index, text in enumerate(sentences):
        start = doc.text.index(text, position)
        end = start + len(text)
        position = end
        out.append(
            Sentence(
                index=index,
                text=text,
                start=start,
                end=end,
                lang=lang,
                kind="title" if index == 0 else "body",
                paragraph=doc.text.count("\n\n", 0, start),
                line=doc.line_of(start),
            )
        )
    return Side(doc=doc, lang=lang, sentences=tuple(out))


def evidence(side: Side, sentence: int, fragment: str | None = None) -> Evidence:
    """Evidence for ``fragment`` inside sentence ``sentence`` (the whole sentence if None)."""
    sent = side.sentences[sentence]
    if fragment is None:
        return Evidence(sent.start, sent.end, sent.text)
    start = sent.start + sent.text.index(fragment)
    return Evidence(start, start + len(fragment), fragment)


def build_alignment(en: Side, ko: Side) -> Alignment:
    """Links and findings for the sample article, over whatever documents hold it."""
    links = [
        Link(
            en=(0,),
            ko=(0,),
            score=0.9132,
            findings=(
                Finding(
                    "title",
                    "info",
                    "headline drops the verb's nuance: 'unveils' became '발표' (announce)",
                    en=evidence(en, 0, "unveils"),
                    ko=evidence(ko, 0, "발표"),
                    link=0,
                ),
            ),
        ),
        Link(
            en=(1,),
            ko=(1,),
            score=0.8841,
            findings=(
                Finding(
                    "number",
                    "error",
                    "80,000 became 9만 (90,000)",
                    en=evidence(en, 1, "80,000"),
                    ko=evidence(ko, 1, "9만"),
                    link=1,
                ),
            ),
        ),
        Link(en=(2, 3), ko=(2,), score=0.8307),
        Link(
            en=(4,),
            ko=(),
            score=None,
            findings=(
                Finding(
                    "missing",
                    "error",
                    "English sentence 5 has no Korean translation",
                    en=evidence(en, 4),
                    link=3,
                ),
            ),
        ),
        Link(
            en=(),
            ko=(3,),
            score=None,
            findings=(
                Finding(
                    "added",
                    "warning",
                    "Korean sentence 4 is not in the English version",
                    ko=evidence(ko, 3),
                    link=4,
                ),
            ),
        ),
        Link(
            en=(5,),
            ko=(4,),
            score=0.6203,
            findings=(
                Finding(
                    "untranslated",
                    "warning",
                    "English left untranslated in the Korean text",
                    en=evidence(en, 5, '"We will listen to residents,"'),
                    ko=evidence(ko, 4, '"We will listen to residents,"'),
                    link=5,
                ),
            ),
        ),
    ]
    document_findings = (
        Finding(
            "partial",
            "warning",
            "the Korean version leaves out 1 of 6 English sentences",
            link=None,
        ),
    )
    signature = {
        "model": "test-encoder",
        "model_version": "1",
        "settings": {"window": 3, "max_merge": 2},
    }
    return Alignment(
        en=en, ko=ko, links=tuple(links), findings=document_findings, signature=signature
    )


def sample_alignment(
    en_path: str = "news/seoul-housing.en.txt",
    ko_path: str = "news/seoul-housing.ko.txt",
    *,
    crlf: bool = False,
) -> Alignment:
    """The sample article as a pair of files (``crlf``: both files had CRLF line ends)."""
    en_side = make_side(make_document(en_path, EN_TEXT, crlf=crlf), "en", EN_SENTENCES)
    ko_side = make_side(make_document(ko_path, KO_TEXT, crlf=crlf), "ko", KO_SENTENCES)
    return build_alignment(en_side, ko_side)


def sample_mixed_alignment(path: str = "news/seoul-housing.txt") -> Alignment:
    """The sample article as one mixed file: the English article, then its translation."""
    doc = make_document(path, EN_TEXT + "\n" + KO_TEXT)
    en_side = make_side(doc, "en", EN_SENTENCES)
    ko_side = make_side(doc, "ko", KO_SENTENCES, search_from=len(EN_TEXT))
    return build_alignment(en_side, ko_side)


def clean_alignment(path_stem: str = "news/clean") -> Alignment:
    """The sample article with every finding removed (a translation that passes)."""
    al = sample_alignment(f"{path_stem}.en.txt", f"{path_stem}.ko.txt")
    return replace(al, links=tuple(replace(link, findings=()) for link in al.links), findings=())
