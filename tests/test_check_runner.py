"""The check runner: findings attached to the right links, sorting, skip, one encode call,
signature, document-level findings and the handling of family modules."""

from __future__ import annotations

import sys
import types

import pytest
from test_check_coverage import (
    OTHER_FAMILIES,
    PAIRS,
    ConceptEncoder,
    concepts,  # noqa: F401  (fixture)
    make_side,
    one_to_one,
)

from bilingual import checks
from bilingual.checks import CheckConfig, load_families, run_checks
from bilingual.errors import ConfigError
from bilingual.model import SEVERITY_RANK, Finding, Link


def _mixed_document():
    """Links: 0 good, 1 English only, 2 unrelated Korean with an English clause, 3 good."""
    en = make_side([PAIRS[0][0], PAIRS[1][0], PAIRS[2][0], PAIRS[3][0]], "en")
    ko = make_side(
        [
            PAIRS[0][1],
            "경찰은 차량을 훔친 혐의로 the two men were arrested yesterday 체포했다.",
            PAIRS[3][1],
        ],
        "ko",
    )
    links = (Link((0,), (0,)), Link((1,), ()), Link((2,), (1,)), Link((3,), (2,)))
    return en, ko, links


def test_findings_are_attached_to_their_links_and_sorted(concepts):  # noqa: F811
    al = run_checks(*_mixed_document(), concepts, skip=OTHER_FAMILIES)
    assert [len(link.findings) for link in al.links] == [0, 1, 2, 0]
    assert al.links[1].findings[0].kind == "missing"
    assert [(f.kind, f.severity) for f in al.links[2].findings] == [
        ("meaning", "error"),
        ("untranslated", "warning"),
    ]
    for index, link in enumerate(al.links):
        assert all(f.link == index for f in link.findings)
        ranks = [-SEVERITY_RANK[f.severity] for f in link.findings]
        assert ranks == sorted(ranks)
    assert al.findings == ()
    # links keep their sentences and scores
    assert [(l.en, l.ko) for l in al.links] == [(l.en, l.ko) for l in _mixed_document()[2]]


def test_skip_leaves_out_kinds_and_their_embedding_work(concepts):  # noqa: F811
    # missing/added also come from the members of merged links, which need embeddings
    skip = OTHER_FAMILIES | {"partial", "meaning", "title", "missing", "added"}
    al = run_checks(*_mixed_document(), concepts, skip=skip)
    assert concepts.calls == 0  # nothing left that needs embeddings
    assert sorted(f.kind for f in al.all_findings()) == ["untranslated"]
    assert al.signature["checks"]["skip"] == sorted(skip)
    al = run_checks(*_mixed_document(), concepts, skip=OTHER_FAMILIES | {"partial", "meaning"})
    assert sorted(f.kind for f in al.all_findings()) == ["missing", "untranslated"]
    al = run_checks(*_mixed_document(), concepts, skip=OTHER_FAMILIES | {"missing", "untranslated"})
    assert sorted(f.kind for f in al.all_findings()) == ["meaning"]


def test_all_embeddings_come_from_one_encode_call(concepts):  # noqa: F811
    en_texts = [e for e, _ in PAIRS]
    ko_texts = [k for _, k in PAIRS]
    ko_texts[6] = "그 회사는 지난해 사상 최대 이익을 냈다."  # partial: its parts get embedded too
    run_checks(*one_to_one(en_texts, ko_texts), concepts, skip=OTHER_FAMILIES)
    assert concepts.calls == 1
    assert len(concepts.texts) == len(set(concepts.texts)) > 2 * len(PAIRS)


def test_unknown_skip_kind_is_a_config_error(concepts):  # noqa: F811
    with pytest.raises(ConfigError, match="unknown check kind.*meanings"):
        run_checks(*_mixed_document(), concepts, skip=frozenset({"meanings"}))


def test_the_families_emit_exactly_the_known_kinds():
    # `skip` is validated against corpus.KNOWN_KINDS (light enough for the CLI to import);
    # a family with a kind missing there could never be skipped.
    emitted = [kind for kinds in checks.FAMILIES.values() for kind in kinds]
    assert sorted(emitted) == sorted(checks.KNOWN_KINDS)


def test_check_config_is_validated():
    with pytest.raises(ConfigError):
        CheckConfig(calibration="magic")
    with pytest.raises(ConfigError):
        CheckConfig(meaning_warning=0.2, meaning_error=0.3)
    with pytest.raises(ConfigError):
        CheckConfig(meaning_warning=2.0)


def test_signature_records_encoder_config_and_calibration(concepts):  # noqa: F811
    config = CheckConfig(meaning_error=0.1)
    al = run_checks(*_mixed_document(), concepts, skip=OTHER_FAMILIES, config=config)
    sig = al.signature
    assert (sig["encoder"], sig["encoder_version"], sig["dim"]) == ("test-concepts", "1", 64)
    assert sig["checks"]["config"] == config.as_dict()
    assert sig["checks"]["calibration"]["meaning_error"] == 0.1
    assert sig["checks"]["calibration"]["source"] == "test"
    assert sig["checks"]["families"][:3] == ["coverage", "title", "untranslated"]


def test_model_without_calibration_on_a_short_document():
    encoder = ConceptEncoder()  # not calibrated, and two links are too few to estimate
    en, ko, links = one_to_one([PAIRS[0][0], PAIRS[1][0]], [PAIRS[0][1], PAIRS[4][1]])
    al = run_checks(en, ko, links, encoder, skip=OTHER_FAMILIES)
    assert all(not link.findings for link in al.links)
    (note,) = al.findings
    assert (note.kind, note.severity, note.link) == ("meaning", "info", None)
    assert "no stored calibration" in note.message
    assert al.signature["checks"]["calibration"] is None


def _numbers_only(en_text, ko_text, encoder):
    en, ko, links = one_to_one([en_text], [ko_text])
    skip = frozenset(checks.KNOWN_KINDS) - {"number", "meaning"}
    (link,) = run_checks(en, ko, links, encoder, skip=skip).links
    return [(f.kind, f.severity) for f in link.findings], link


def test_a_number_only_the_korean_adds_is_info_when_the_rest_matches(concepts):  # noqa: F811
    findings, link = _numbers_only(
        "Police arrested men suspected of stealing cars on Monday.",
        "경찰은 월요일 차량을 훔친 혐의로 남성 3명을 체포했다.",
        concepts,
    )
    assert findings == [("number", "info")]
    assert "3명" in link.findings[0].message and "otherwise read as a translation" in (
        link.findings[0].message
    )


def test_a_korean_only_number_stays_a_warning_when_it_could_be_a_changed_one(
    concepts,  # noqa: F811
):
    # the English has a count of its own: the Korean count may have been changed from it
    findings, _ = _numbers_only(
        "Police arrested men suspected of stealing 40 cars.",
        "경찰은 차량 40대를 훔친 혐의로 남성 3명을 체포했다.",
        concepts,
    )
    assert findings == [("number", "warning")]
    # the sides do not read as a translation: nothing to say the number is mere detail
    findings, _ = _numbers_only(
        PAIRS[0][0], "경찰은 차량을 훔친 혐의로 남성 3명을 체포했다.", concepts
    )
    assert ("number", "warning") in findings and ("meaning", "error") in findings


def test_check_document_findings_go_to_links_or_the_document(concepts, monkeypatch):  # noqa: F811
    family = types.ModuleType("fake_family_for_runner_test")
    family.check_link = lambda ctx: []
    family.check_document = lambda en, ko, links, contexts: [
        Finding("untranslated", "warning", "about link 3", link=3),
        Finding("untranslated", "info", "about the whole document"),
    ]
    monkeypatch.setitem(sys.modules, family.__name__, family)
    monkeypatch.setitem(checks.FAMILIES, family.__name__, ("untranslated",))
    al = run_checks(*_mixed_document(), concepts, skip=OTHER_FAMILIES | {"meaning", "missing"})
    assert [f.message for f in al.links[3].findings] == ["about link 3"]
    assert [f.message for f in al.findings] == ["about the whole document"]


def test_family_modules_under_construction(monkeypatch, tmp_path):
    monkeypatch.setattr(
        checks, "UNDER_CONSTRUCTION", frozenset({"not_written_yet_family", "broken_family_x"})
    )
    # a family still being written is skipped while its module does not exist ...
    assert load_families(["not_written_yet_family"]) == []
    # ... but a missing module that is not expected to be missing is an error,
    with pytest.raises(ModuleNotFoundError):
        load_families(["never_listed_family"])
    # and so is an import error inside a module that exists
    (tmp_path / "broken_family_x.py").write_text("import a_dependency_that_is_not_installed_xyz\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="a_dependency_that_is_not_installed_xyz"):
        load_families(["broken_family_x"])


def test_real_families_all_load():
    names = [m.__name__ for m in load_families()]
    assert names[:3] == [
        "bilingual.checks.coverage",
        "bilingual.checks.title",
        "bilingual.checks.untranslated",
    ]
