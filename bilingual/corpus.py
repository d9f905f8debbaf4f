"""The corpus layer: which files form a pair, the project configuration, accepted findings.

Everything here works on paths and finished ``Alignment`` records; nothing reads
articles or runs models. Three parts:

* pairing — ``pair_paths`` turns the paths given on the command line (or by
  pre-commit, which may pass only the side that changed) into document pairs;
* configuration — ``load_config`` reads ``[tool.bilingual]`` or ``bilingual.toml``;
* the baseline — a JSON file of findings a reviewer accepted, keyed by
  ``finding_key`` so that moving text around does not re-open them but editing
  the sentence does.

It also holds the accounting every report shares (``document_label``,
``link_status``, ``link_text``, ``rounded_score``, ``summarize``) so the report
writers agree with each other and with the exit code.
"""

from __future__ import annotations

import difflib
import hashlib
import io as _io
import json
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser as a package
    import tomli as tomllib

from .errors import ConfigError, InputError
from .io import write_atomic
from .model import SEVERITY_RANK, Alignment, Finding, Link, Side

# --------------------------------------------------------------------------- shared accounting

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

# The finding kinds the checks emit (see model.Finding); ``skip`` in the configuration
# must name one of these so that a typo does not silently skip nothing.
KNOWN_KINDS: tuple[str, ...] = (
    "missing",
    "added",
    "partial",
    "meaning",
    "number",
    "name",
    "title",
    "untranslated",
)


def as_alignments(alignments: Alignment | Iterable[Alignment]) -> list[Alignment]:
    """One alignment or several, as a list (every report accepts both)."""
    if isinstance(alignments, Alignment):
        return [alignments]
    return list(alignments)


def link_status(findings: Iterable[Finding]) -> str:
    """``ok``, ``warning`` or ``error``: the worst severity; info alone does not count."""
    worst = max((SEVERITY_RANK.get(f.severity, 0) for f in findings), default=0)
    if worst >= SEVERITY_RANK["error"]:
        return "error"
    if worst >= SEVERITY_RANK["warning"]:
        return "warning"
    return "ok"


def is_mixed(al: Alignment) -> bool:
    """True when both languages came from one file (an article followed by its translation)."""
    return al.en.doc.path == al.ko.doc.path


def link_text(side: Side, indices: Iterable[int]) -> str:
    """The sentences of one side of a link, joined by a space (how every report shows them)."""
    return " ".join(side.sentences[i].text for i in indices)


def rounded_score(score: float | None) -> float | None:
    """A link score as reports store it: four decimals, None when absent or not finite."""
    if score is None or not math.isfinite(score):
        return None
    return round(float(score), 4)


def evidence_side(finding: Finding) -> str:
    """Which side's text a finding points at: English for ``missing`` (the Korean side has
    nothing to point at), Korean for everything else; the other side when that one is empty."""
    preferred = "en" if finding.kind == "missing" else "ko"
    other = "ko" if preferred == "en" else "en"
    if getattr(finding, preferred) is None and getattr(finding, other) is not None:
        return other
    return preferred


def finding_location(al: Alignment, finding: Finding) -> tuple[str, int]:
    """(path, 1-based line) of a finding's evidence, for ``path:line:`` style output.

    Without evidence on either side, the first sentence of the link on the chosen
    side is used, and failing that line 1 of that side's file.
    """
    side_name = evidence_side(finding)
    side = al.en if side_name == "en" else al.ko
    evidence = getattr(finding, side_name)
    if evidence is not None:
        return side.doc.path, side.doc.line_of(evidence.start)
    if finding.link is not None and 0 <= finding.link < len(al.links):
        indices = getattr(al.links[finding.link], side_name)
        if indices:
            return side.doc.path, side.sentences[indices[0]].line
    return side.doc.path, 1


def pair_label(en_path: str, ko_path: str) -> str:
    """A name for a document pair: the two paths with the part that differs removed.

    ``news/a.en.txt`` + ``news/a.ko.txt`` -> ``news/a.txt``; ``en/a.md`` + ``ko/a.md``
    -> ``a.md``; a mixed file (one path) is its own name.
    """
    if en_path == ko_path:
        return en_path
    prefix = os.path.commonprefix([en_path, ko_path])
    rest_en, rest_ko = en_path[len(prefix) :], ko_path[len(prefix) :]
    suffix = os.path.commonprefix([rest_en[::-1], rest_ko[::-1]])[::-1]
    separators = "._-/"
    if prefix and suffix and prefix[-1] in separators and suffix[0] in separators:
        # Keep one separator where the language tag was: a directory slash wins over a dot.
        if prefix[-1] == "/":
            suffix = suffix[1:]
        else:
            prefix = prefix[:-1]
    label = prefix + suffix
    return label.lstrip("/") if not en_path.startswith("/") else label


def document_label(al: Alignment) -> str:
    """The document's name as the baseline knows it: the pair label, relative to the project
    root of its files (see ``project_root``), with forward slashes.

    Relative to the project root rather than to the working directory, so that a check
    run from a subdirectory or by pre-commit (from the repository root) finds the same
    accepted findings.
    """
    en_path, ko_path = al.en.doc.path, al.ko.doc.path
    if _is_pseudo_path(en_path) or _is_pseudo_path(ko_path):
        return pair_label(en_path, ko_path)
    root = project_root(os.path.dirname(os.path.abspath(en_path)))
    return pair_label(_relative_posix(en_path, root), _relative_posix(ko_path, root))


def _is_pseudo_path(path: str) -> bool:
    """``<stdin>`` and similar names of things that are not files."""
    return path.startswith("<") and path.endswith(">")


def _relative_posix(path: str, root: Path) -> str:
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()
    if relative.startswith(".."):
        return Path(absolute).as_posix()
    return Path(relative).as_posix()


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over one or more alignments, and the verdict they add up to."""

    documents: int
    links: int
    link_types: Mapping[str, int]
    by_severity: Mapping[str, int]
    by_kind: Mapping[str, Mapping[str, int]]  # kind -> severity -> count

    @property
    def errors(self) -> int:
        return self.by_severity.get("error", 0)

    @property
    def warnings(self) -> int:
        return self.by_severity.get("warning", 0)

    @property
    def infos(self) -> int:
        return self.by_severity.get("info", 0)

    @property
    def status(self) -> str:
        """``clean`` (nothing above info), ``review`` (warnings) or ``drift`` (errors)."""
        if self.errors:
            return "drift"
        if self.warnings:
            return "review"
        return "clean"

    @property
    def verdict(self) -> str:
        if self.errors:
            return f"drift ({_plural(self.errors, 'error')})"
        if self.warnings:
            return f"review ({_plural(self.warnings, 'warning')})"
        return "clean"

    def kinds_with(self, severity: str) -> dict[str, int]:
        """Kinds that have findings of ``severity``, with their counts, most frequent first."""
        counts = {kind: sev[severity] for kind, sev in self.by_kind.items() if sev.get(severity)}
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def to_dict(self) -> dict:
        return {
            "documents": self.documents,
            "links": self.links,
            "link_types": dict(self.link_types),
            "errors": self.errors,
            "warnings": self.warnings,
            "info": self.infos,
            "by_kind": {kind: dict(sev) for kind, sev in self.by_kind.items()},
            "status": self.status,
            "verdict": self.verdict,
        }


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summarize(alignments: Alignment | Iterable[Alignment]) -> Summary:
    """Count links by type and findings by severity and kind."""
    alignments = as_alignments(alignments)
    link_types: Counter[str] = Counter()
    by_severity: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
    by_kind: dict[str, dict[str, int]] = {}
    for al in alignments:
        link_types.update(link.type for link in al.links)
        for finding in al.all_findings():
            by_severity[finding.severity] = by_severity.get(finding.severity, 0) + 1
            kind_counts = by_kind.setdefault(finding.kind, {})
            kind_counts[finding.severity] = kind_counts.get(finding.severity, 0) + 1
    ordered_types = dict(sorted(link_types.items(), key=lambda item: _link_type_order(item[0])))
    return Summary(
        documents=len(alignments),
        links=sum(len(al.links) for al in alignments),
        link_types=ordered_types,
        by_severity=by_severity,
        by_kind=dict(sorted(by_kind.items())),
    )


def _link_type_order(link_type: str) -> tuple[int, int, int]:
    en_count, _, ko_count = link_type.partition("-")
    en, ko = int(en_count or 0), int(ko_count or 0)
    # 1-1 first, then merges (2-1, 1-2, ...), then the null links 1-0 / 0-1.
    return (1 if en == 0 or ko == 0 else 0, en + ko, -en)


def fails(alignments: Alignment | Iterable[Alignment], fail_on: str) -> bool:
    """True when some finding is at least as severe as ``fail_on`` (the exit-code rule)."""
    threshold = SEVERITY_RANK[fail_on]
    return any(
        SEVERITY_RANK.get(f.severity, 0) >= threshold
        for al in as_alignments(alignments)
        for f in al.all_findings()
    )


def drop_findings(al: Alignment, keep: Callable[[Finding, str], bool]) -> Alignment:
    """The alignment with only the findings for which ``keep(finding, key)`` is true."""
    keyed = dict(_keyed_ids(al))
    links = tuple(
        replace(link, findings=tuple(f for f in link.findings if keep(f, keyed[id(f)])))
        if link.findings
        else link
        for link in al.links
    )
    document_findings = tuple(f for f in al.findings if keep(f, keyed[id(f)]))
    return replace(al, links=links, findings=document_findings)


def drop_kinds(al: Alignment, kinds: Iterable[str]) -> Alignment:
    """The alignment without findings of the given kinds (the ``skip`` setting)."""
    skipped = frozenset(kinds)
    if not skipped:
        return al
    links = tuple(
        replace(link, findings=tuple(f for f in link.findings if f.kind not in skipped))
        for link in al.links
    )
    return replace(al, links=links, findings=tuple(f for f in al.findings if f.kind not in skipped))


# --------------------------------------------------------------------------- finding keys


def _normalise(text: str) -> str:
    """Text as a key component: compatibility-normalised, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def finding_key(finding: Finding, doc_label: str, context: str = "") -> str:
    """A stable id for a finding: ``KIND:HASH``.

    The hash covers the kind, the document label, the normalised evidence text on
    both sides and ``context`` (``link_context``: the text of the link's sentences).
    Offsets, line numbers, link numbers, severity and message are left out, so moving
    a paragraph or a new release rewording a message keeps an accepted finding
    accepted, while editing the sentence it is about re-opens it. The kind stays
    readable in front, which also keeps spreadsheets from reading the id as a number.
    """
    parts = [
        finding.kind,
        doc_label,
        _normalise(finding.en.text) if finding.en is not None else "",
        _normalise(finding.ko.text) if finding.ko is not None else "",
        _normalise(context),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{finding.kind}:{digest}"


def link_context(al: Alignment, link: Link) -> str:
    """The text of a link's sentences on both sides, the context part of a finding key."""
    return f"{link_text(al.en, link.en)}\x1f{link_text(al.ko, link.ko)}"


def finding_keys(al: Alignment) -> list[tuple[Finding, str]]:
    """Every finding of the alignment (link findings in link order, then document-level
    ones) with its ``finding_key``."""
    label = document_label(al)
    out: list[tuple[Finding, str]] = []
    for link in al.links:
        if link.findings:
            context = link_context(al, link)
            out.extend((f, finding_key(f, label, context)) for f in link.findings)
    out.extend((f, finding_key(f, label)) for f in al.findings)
    return out


def _keyed_ids(al: Alignment) -> list[tuple[int, str]]:
    # Findings are frozen dataclasses that may compare equal; key them by identity.
    return [(id(f), key) for f, key in finding_keys(al)]


# --------------------------------------------------------------------------- configuration

DEFAULT_PAIRS: tuple[str, ...] = ("{name}.{lang}.txt", "{name}.{lang}.md")
DEFAULT_BASELINE = ".bilingual-baseline.json"
CONFIG_FILE = "bilingual.toml"
PYPROJECT = "pyproject.toml"


@dataclass(frozen=True, slots=True)
class Config:
    """Project settings. ``root`` is the directory relative paths (``baseline``, ``cache``)
    are resolved against: where the configuration file was found, else the git root,
    else the start directory. ``source`` is the file read (None: defaults)."""

    fail_on: str = "error"
    skip: tuple[str, ...] = ()
    pairs: tuple[str, ...] = DEFAULT_PAIRS
    model: str | None = None
    baseline: str = DEFAULT_BASELINE
    cache: bool | str = True
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None

    @property
    def baseline_path(self) -> Path:
        return self.root / self.baseline

    @property
    def cache_dir(self) -> Path | None:
        """The cache directory when ``cache`` names one; None for on/off (use the default)."""
        if isinstance(self.cache, str):
            return self.root / self.cache
        return None


_CONFIG_KEYS = ("fail-on", "skip", "pairs", "model", "baseline", "cache")


def _find_config(start: Path) -> tuple[Path | None, dict | None, Path | None]:
    """Walk up from ``start``: (config file, its bilingual table, git root seen).

    Stops at the first directory with ``bilingual.toml`` or a ``pyproject.toml`` that
    has ``[tool.bilingual]``, or at the repository root (a directory holding ``.git``).
    """
    directory = start
    while True:
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return candidate, _read_toml(candidate), None
        candidate = directory / PYPROJECT
        if candidate.is_file():
            table = _read_toml(candidate).get("tool", {}).get("bilingual")
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError(f"{candidate}: [tool.bilingual] must be a table")
                return candidate, table, None
        if (directory / ".git").exists():
            return None, None, directory
        if directory.parent == directory:
            return None, None, None
        directory = directory.parent


def project_root(start: str | os.PathLike) -> Path:
    """The directory that anchors a project: where its configuration is, else its git root,
    else ``start`` itself."""
    start_path = Path(os.path.abspath(start))
    existing = start_path
    while not existing.is_dir() and existing.parent != existing:
        existing = existing.parent
    try:
        source, _, git_root = _find_config(existing)
    except ConfigError:
        # A broken configuration is reported by load_config; a label still needs a root.
        source, git_root = None, None
    if source is not None:
        return source.parent
    return git_root if git_root is not None else start_path


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def load_config(start_dir: str | os.PathLike = ".") -> Config:
    """Read the project configuration, searching upward from ``start_dir``.

    ``bilingual.toml`` (top-level keys) wins over ``pyproject.toml`` ``[tool.bilingual]``
    in the same directory; the nearest directory wins over its parents; the search stops
    at the git root. With no configuration file the defaults apply.
    """
    start = Path(os.path.abspath(start_dir))
    if not start.is_dir():
        raise ConfigError(f"{start}: not a directory")
    source, table, git_root = _find_config(start)
    if source is None or table is None:
        return Config(root=git_root or start)
    return _parse_config(table, source)


def _parse_config(table: dict, source: Path) -> Config:
    where = str(source)
    section = "[tool.bilingual] " if source.name == PYPROJECT else ""

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{where}: {section}{key}: {problem}")

    for key in table:
        if key not in _CONFIG_KEYS:
            close = difflib.get_close_matches(str(key), _CONFIG_KEYS, n=1)
            hint = (
                f" (did you mean {close[0]!r}?)"
                if close
                else f" (known: {', '.join(_CONFIG_KEYS)})"
            )
            raise fail(str(key), f"unknown key{hint}")

    settings: dict = {}
    if "fail-on" in table:
        value = table["fail-on"]
        if value not in SEVERITIES:
            raise fail("fail-on", f"must be one of error, warning, info, not {value!r}")
        settings["fail_on"] = value
    if "skip" in table:
        value = table["skip"]
        if isinstance(value, str) or not isinstance(value, list):
            raise fail("skip", 'must be a list of finding kinds, e.g. ["title"]')
        for kind in value:
            if kind not in KNOWN_KINDS:
                raise fail(
                    "skip", f"unknown finding kind {kind!r} (known: {', '.join(KNOWN_KINDS)})"
                )
        settings["skip"] = tuple(dict.fromkeys(value))
    if "pairs" in table:
        value = table["pairs"]
        if isinstance(value, str) or not isinstance(value, list) or not value:
            raise fail("pairs", 'must be a non-empty list of patterns like "{name}.{lang}.txt"')
        for pattern in value:
            problem = _pattern_problem(pattern)
            if problem:
                raise fail("pairs", problem)
        settings["pairs"] = tuple(dict.fromkeys(value))
    if "model" in table:
        value = table["model"]
        if not isinstance(value, str) or not value.strip():
            raise fail("model", "must be a non-empty string naming an encoder")
        settings["model"] = value.strip()
    if "baseline" in table:
        value = table["baseline"]
        if not isinstance(value, str) or not value.strip():
            raise fail("baseline", "must be a file path")
        settings["baseline"] = value
    if "cache" in table:
        value = table["cache"]
        if not isinstance(value, bool | str) or (isinstance(value, str) and not value.strip()):
            raise fail("cache", "must be true, false or a directory path")
        settings["cache"] = value
    return Config(root=source.parent, source=source, **settings)


def _pattern_problem(pattern: object) -> str | None:
    if not isinstance(pattern, str):
        return f"pattern {pattern!r} must be a string"
    fields = re.findall(r"\{([^{}]*)\}", pattern)
    if sorted(fields) != ["lang", "name"]:
        return f"pattern {pattern!r} must contain {{name}} and {{lang}} once each"
    if re.sub(r"\{(name|lang)\}", "", pattern).count("{") or re.sub(
        r"\{(name|lang)\}", "", pattern
    ).count("}"):
        return f"pattern {pattern!r} has a stray brace"
    return None


# --------------------------------------------------------------------------- pairing

LANG_TAGS = ("en", "ko")


@dataclass(frozen=True, slots=True)
class Pair:
    """One document to check: an English and a Korean file, or one mixed file (en == ko)."""

    name: str
    en: str
    ko: str

    @property
    def mixed(self) -> bool:
        return self.en == self.ko

    @property
    def paths(self) -> tuple[str, ...]:
        return (self.en,) if self.mixed else (self.en, self.ko)


@dataclass(frozen=True, slots=True)
class PairingIssue:
    """A path that could not be paired; reported like a finding, always an error."""

    path: str
    message: str

    def render(self) -> str:
        return f"{self.path}:1: error pairing: {self.message}"


@dataclass(frozen=True, slots=True)
class PairPlan:
    pairs: tuple[Pair, ...]
    issues: tuple[PairingIssue, ...] = ()

    def render_issues(self) -> str:
        return "".join(issue.render() + "\n" for issue in self.issues)


def _compile_pattern(pattern: str) -> re.Pattern[str]:
    """``{name}.{lang}.txt`` -> a regex over a whole path, with an optional directory prefix."""
    parts = re.split(r"(\{name\}|\{lang\})", pattern)
    body = ""
    for part in parts:
        if part == "{name}":
            body += r"(?P<name>.+)"
        elif part == "{lang}":
            body += r"(?P<lang>" + "|".join(LANG_TAGS) + ")"
        else:
            body += re.escape(part)
    return re.compile(r"(?P<prefix>(?:.*/)?)" + body + r"\Z", re.DOTALL)


def _side_of(path: str, patterns: Sequence[tuple[str, re.Pattern[str]]]):
    """(pattern, prefix, name, lang) for the first pattern ``path`` is a side of, else None."""
    posix = path.replace(os.sep, "/") if os.sep != "/" else path
    for pattern, regex in patterns:
        match = regex.match(posix)
        if match:
            return pattern, match["prefix"], match["name"], match["lang"]
    return None


def pair_paths(paths: Sequence[str], config: Config | None = None) -> PairPlan:
    """Group paths into document pairs by the configured naming patterns.

    A path that is one side of a pattern (``NAME.en.txt``) is paired with the other
    side, looked up on disk when it was not given (pre-commit passes only changed
    files); a side whose partner does not exist becomes a ``PairingIssue``. Paths that
    match no pattern are mixed files, checked on their own. Duplicates (also the two
    sides of one pair both given) collapse; order follows the first mention.

    A directory stands for the files under it that are a side of a pattern (in sorted
    order, hidden directories skipped); mixed files inside a directory must be named.
    """
    patterns = [(p, _compile_pattern(p)) for p in (config.pairs if config else DEFAULT_PAIRS)]
    pairs: list[Pair] = []
    issues: list[PairingIssue] = []
    seen: set[tuple[str, str]] = set()
    for path in _expand_directories(paths, patterns):
        side = _side_of(path, patterns)
        if side is None:
            key = (_identity(path), _identity(path))
            if key not in seen:
                seen.add(key)
                pairs.append(Pair(name=path, en=path, ko=path))
            continue
        pattern, prefix, name, lang = side
        partner_lang = "ko" if lang == "en" else "en"
        partner = prefix + pattern.replace("{name}", name).replace("{lang}", partner_lang)
        if os.sep != "/":
            partner = partner.replace("/", os.sep)
        en, ko = (path, partner) if lang == "en" else (partner, path)
        key = (_identity(en), _identity(ko))
        if key in seen:
            continue
        seen.add(key)
        if not os.path.isfile(partner):
            issues.append(PairingIssue(path, f"partner {partner} not found"))
            continue
        pairs.append(Pair(name=pair_label(en, ko), en=en, ko=ko))
    return PairPlan(pairs=tuple(pairs), issues=tuple(issues))


def _expand_directories(
    paths: Iterable[str], patterns: Sequence[tuple[str, re.Pattern[str]]]
) -> Iterable[str]:
    for path in paths:
        path = os.path.normpath(path) if path else path
        if not os.path.isdir(path):
            yield path
            continue
        for directory, subdirectories, files in os.walk(path):
            subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
            for name in sorted(files):
                candidate = os.path.join(directory, name)
                if _side_of(candidate, patterns) is not None:
                    yield candidate


def _identity(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


# --------------------------------------------------------------------------- baseline

BASELINE_VERSION = 1

# Decisions in a reviewed CSV/XLSX that accept a row's findings (compared case-insensitively
# after trimming). Anything else — empty, "fix", "reject", a comment — leaves them open.
ACCEPT_DECISIONS: frozenset[str] = frozenset(
    {"accept", "accepted", "ok", "yes", "y", "승인", "수락"}
)

FINDING_IDS_COLUMN = "finding_ids"
DECISION_COLUMN = "decision"
NOTE_COLUMN = "reviewer_note"
DOCUMENT_COLUMN = "document"


@dataclass(slots=True)
class Baseline:
    """Accepted findings: ``entries`` maps a finding key to what is known about it
    (document, kind, evidence, note). Saved as sorted, indented JSON so it diffs well."""

    path: Path
    entries: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | os.PathLike) -> Baseline:
        """Read a baseline file; a file that does not exist yet is an empty baseline."""
        path = Path(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read baseline: {exc.strerror}") from None
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(f"{path}: invalid baseline file: {exc}") from None
        accepted = data.get("accepted") if isinstance(data, dict) else None
        if not isinstance(accepted, dict) or not all(
            isinstance(k, str) and isinstance(v, dict) for k, v in accepted.items()
        ):
            raise ConfigError(
                f'{path}: invalid baseline file: expected {{"accepted": {{key: {{...}}}}}}'
            )
        version = data.get("version", BASELINE_VERSION)
        if version != BASELINE_VERSION:
            raise ConfigError(
                f"{path}: baseline version {version!r} is not supported (expected {BASELINE_VERSION})"
            )
        return cls(path, dict(accepted))

    def __len__(self) -> int:
        return len(self.entries)

    def contains(self, key: str) -> bool:
        return key in self.entries

    def add(
        self,
        keys: Iterable[str],
        note: str | None = None,
        details: Mapping[str, Mapping] | None = None,
    ) -> int:
        """Accept ``keys``; returns how many were new. ``details`` (key -> fields such as
        document, kind, en, ko) is stored alongside, to make the file reviewable."""
        added = 0
        for key in keys:
            entry = dict((details or {}).get(key, {}))
            if note:
                entry["note"] = note
            if key in self.entries:
                self.entries[key].update(entry)
            else:
                self.entries[key] = entry
                added += 1
        return added

    def remove(self, keys: Iterable[str]) -> int:
        removed = 0
        for key in keys:
            if self.entries.pop(key, None) is not None:
                removed += 1
        return removed

    def to_json(self) -> str:
        data = {"version": BASELINE_VERSION, "accepted": self.entries}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def save(self) -> None:
        """Write the file atomically (never a half-written baseline)."""
        write_atomic(self.path, self.to_json().encode("utf-8"))

    def filter(self, al: Alignment) -> Alignment:
        """The alignment without the findings this baseline accepts."""
        if not self.entries:
            return al
        return drop_findings(al, lambda _finding, key: key not in self.entries)


def finding_details(al: Alignment) -> dict[str, dict]:
    """key -> {document, kind, en, ko} for every finding: what the baseline file records."""
    label = document_label(al)
    details: dict[str, dict] = {}
    for finding, key in finding_keys(al):
        entry = {"document": label, "kind": finding.kind}
        if finding.en is not None:
            entry["en"] = finding.en.text
        if finding.ko is not None:
            entry["ko"] = finding.ko.text
        details[key] = entry
    return details


@dataclass(frozen=True, slots=True)
class BaselineChange:
    added: int
    removed: int


def update_baseline(
    baseline: Baseline, alignments: Alignment | Iterable[Alignment], note: str | None = None
) -> BaselineChange:
    """Accept every current finding of ``alignments``, and forget accepted findings of
    those same documents that no longer occur (fixed or edited). Entries for documents
    not in ``alignments`` are kept, so updating after checking a few files is safe.
    Call ``baseline.save()`` afterwards."""
    alignments = as_alignments(alignments)
    current: dict[str, dict] = {}
    labels: set[str] = set()
    for al in alignments:
        labels.add(document_label(al))
        current.update(finding_details(al))
    stale = [
        key
        for key, entry in baseline.entries.items()
        if entry.get("document") in labels and key not in current
    ]
    removed = baseline.remove(stale)
    added = baseline.add(current, note=note, details=current)
    return BaselineChange(added=added, removed=removed)


@dataclass(frozen=True, slots=True)
class AcceptCounts:
    """What ``accept_from_csv`` did: rows read, rows marked accepted, finding ids newly
    accepted, ids that were already in the baseline."""

    rows: int
    accepted_rows: int
    added: int
    already: int


def accept_from_csv(path: str | os.PathLike, baseline: Baseline) -> AcceptCounts:
    """Accept the findings of every row of a reviewed export whose ``decision`` is one of
    ``ACCEPT_DECISIONS`` (accept, accepted, ok, yes, y, 승인, 수락; any case).

    ``path`` is a CSV (UTF-8 with or without BOM, or CP949 as Excel on a Korean Windows
    saves it; comma, semicolon or tab separated) or an XLSX export. The row's
    ``reviewer_note`` is stored as the note. Call ``baseline.save()`` afterwards.
    """
    frame = _read_review(Path(path))
    missing = [c for c in (FINDING_IDS_COLUMN, DECISION_COLUMN) if c not in frame.columns]
    if missing:
        raise InputError(
            f"{path}: column {missing[0]!r} not found (expected a file exported by bilingual)"
        )
    rows = accepted_rows = added = already = 0
    has_notes = NOTE_COLUMN in frame.columns
    has_documents = DOCUMENT_COLUMN in frame.columns
    for row in frame.iter_rows(named=True):
        rows += 1
        decision = (row[DECISION_COLUMN] or "").strip().casefold()
        if decision not in ACCEPT_DECISIONS:
            continue
        accepted_rows += 1
        keys = (row[FINDING_IDS_COLUMN] or "").split()
        note = (row[NOTE_COLUMN] or "").strip() if has_notes else ""
        document = (row[DOCUMENT_COLUMN] or "").strip() if has_documents else ""
        details = {
            key: {"kind": key.partition(":")[0], **({"document": document} if document else {})}
            for key in keys
        }
        new = baseline.add(keys, note=note or None, details=details)
        added += new
        already += len(set(keys)) - new
    return AcceptCounts(rows=rows, accepted_rows=accepted_rows, added=added, already=already)


def _read_review(path: Path):
    import polars as pl

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        if not path.is_file():
            raise InputError(f"{path}: file not found")
        try:
            import fastexcel
        except ImportError:
            raise InputError(
                f"{path}: reading a workbook needs fastexcel (pip install fastexcel), "
                "or save the review as CSV"
            ) from None
        try:
            return pl.read_excel(path, infer_schema_length=0)
        except (fastexcel.FastExcelError, pl.exceptions.PolarsError, OSError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"{path}: cannot read workbook: {reason}") from None
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(f"{path}: not UTF-8 or CP949 text; save the review as CSV UTF-8")
    header = text.split("\n", 1)[0]
    separator = max((",", ";", "\t"), key=header.count)
    try:
        return pl.read_csv(
            _io.BytesIO(text.encode("utf-8")), separator=separator, infer_schema=False
        )
    except pl.exceptions.PolarsError as exc:
        raise InputError(
            f"{path}: not a review table exported by bilingual export "
            f"({str(exc).splitlines()[0]})"
        ) from None
