"""The ``bilingual`` command: a thin click layer over the Python API.

Every command is registered on the ``main`` group, whose ``invoke`` turns a
``BilingualError`` (and an ``OSError`` while writing output) into one line on
stderr -- ``bilingual: error: <message>`` -- and exit status 2, with no traceback.
A new command needs nothing more than ``@main.command()``.
"""

from __future__ import annotations

import json
import os
import sys
from typing import NoReturn

import click

from . import __version__
from .errors import BilingualError, ConfigError, InputError

EXIT_ERROR = 2


class BilingualGroup(click.Group):
    """A click group that reports the errors a user can act on as one line, exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BilingualError as exc:
            fail(str(exc))
        except BrokenPipeError:
            # The reader of our output went away (`bilingual split x | head`): stop quietly,
            # and keep Python from complaining again when it flushes stdout at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(141)
        except KeyboardInterrupt:
            click.echo("bilingual: interrupted", err=True)
            ctx.exit(130)
        except OSError as exc:  # output that cannot be written: full disk, read-only dir
            fail(describe_os_error(exc))


def fail(message: str) -> NoReturn:
    """Print ``bilingual: error: <message>`` (one line) and exit with status 2."""
    click.echo(error_line(message), err=True)
    raise click.exceptions.Exit(EXIT_ERROR)


def error_line(message: str) -> str:
    """``bilingual: error: <message>`` with the message's whitespace collapsed to one line."""
    return f"bilingual: error: {' '.join(message.split())}"


def describe_os_error(exc: OSError) -> str:
    """``PATH: reason`` for an OSError (``reason`` alone when it names no file)."""
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename is not None else reason


@click.group(cls=BilingualGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="bilingual")
def main() -> None:
    """Align English and Korean versions of news articles and flag translation drift."""


@main.command()
@click.argument("file", metavar="FILE")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one segment per line; json: one JSON object with every segment.",
)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Also write STEM.en.txt and STEM.ko.txt (title, then one paragraph per block) here.",
)
def split(file: str, output_format: str, out_dir: str | None) -> None:
    """Show the structure, languages and sentences of FILE (- for stdin).

    Every segment is listed with its line, kind (title, meta, body, debris) and
    language (en, ko, other). With --out-dir the English and Korean text are written
    to separate files, atomically; a language with no text gets no file.
    """
    from .sentences import load, render_segments, split_record

    doc = load(file)
    if output_format == "json":
        click.echo(json.dumps(split_record(doc), ensure_ascii=False))
    else:
        click.echo(render_segments(doc))
    if out_dir is not None:
        write_language_files(doc, file, out_dir)


def write_language_files(doc, file: str, out_dir: str) -> list[str]:
    """Write STEM.en.txt / STEM.ko.txt for the languages that have text; return the paths."""
    from .io import write_atomic
    from .read import stem_for
    from .sentences import language_texts

    texts = language_texts(doc)
    if not texts:
        click.echo(f"bilingual: {doc.path}: no English or Korean text, nothing written", err=True)
        return []
    os.makedirs(out_dir, exist_ok=True)
    inputs = [] if file == "-" else [file]
    written = []
    for lang, text in texts.items():
        path = os.path.join(out_dir, f"{stem_for(doc.path)}.{lang}.txt")
        write_atomic(path, text.encode("utf-8"), inputs=inputs)
        click.echo(f"wrote {path}", err=True)
        written.append(path)
    return written


# --------------------------------------------------------------------------- align, check, export, accept
#
# The four commands below read the project configuration ([tool.bilingual] in pyproject.toml
# or bilingual.toml, searched upward from the working directory) through bilingual.corpus.
# Everything heavy (polars, Kiwi, the encoder) is imported inside the command that needs it,
# so `bilingual check` on a commit with nothing to check costs an interpreter start and no more.

MODEL_HELP = (
    "Encoder: a sentence-transformers model name or local folder (e.g. sentence-transformers/LaBSE) "
    "[config `model`, else the bundled multilingual Universal Sentence Encoder, offline]."
)


class OneLineCommand(click.Command):
    """A command whose usage errors (unknown option, bad choice, missing argument) are one
    ``bilingual: error: …`` line with exit status 2, like every other error."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            command = f"{parent.info_name} {info_name}" if parent is not None else info_name
            raise ConfigError(f"{exc.format_message()} (see '{command} --help')") from None


MODEL_OPTIONS = (
    click.option(
        "--segmented",
        is_flag=True,
        help="Inputs are one sentence per line (line i is sentence i): "
        "no structure detection, no re-splitting.",
    ),
    click.option("--model", default=None, metavar="NAME_OR_PATH", help=MODEL_HELP),
    click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache."),
)


def _model_options(command):
    for option in reversed(MODEL_OPTIONS):  # applied bottom-up, so --help lists them in order
        command = option(command)
    return command


def _skip_option(command):
    return click.option(
        "--skip",
        multiple=True,
        metavar="KIND",
        help="Finding kind to leave out, repeatable, added to config `skip` "
        "(missing, added, partial, meaning, number, name, title, untranslated).",
    )(command)


def _skipped_kinds(config, skip: tuple[str, ...]) -> frozenset[str]:
    """The configured kinds to skip plus those given with --skip (checked: a typo skips nothing)."""
    from .corpus import KNOWN_KINDS

    for kind in skip:
        if kind not in KNOWN_KINDS:
            raise ConfigError(
                f"--skip: unknown finding kind {kind!r} (known: {', '.join(KNOWN_KINDS)})"
            )
    return frozenset(config.skip) | frozenset(skip)


def _encoder(model: str | None, no_cache: bool, config):
    """The encoder for --model (else config ``model``) with the configured embedding cache."""
    from .korean import configure_cache
    from .pipeline import get_encoder

    cache: bool | str = False
    if not no_cache:
        cache = str(config.cache_dir) if config.cache_dir is not None else bool(config.cache)
    configure_cache(cache)  # Kiwi's results follow the same cache setting as the embeddings
    return get_encoder(model or config.model, cache=cache)


def _shown_path(path: str | os.PathLike) -> str:
    """``path`` relative to the working directory when it is under it (for messages)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return os.fspath(path)
    return os.fspath(path) if relative.startswith("..") else relative


def _write_stdout(data: str | bytes) -> None:
    if isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        click.echo(data, nl=not data.endswith("\n"))


@main.command(cls=OneLineCommand)
@click.argument("files", nargs=-1, required=True, metavar="EN_FILE [KO_FILE]")
@_model_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: side-by-side report; json: one JSON object (schema in docs/cli.md).",
)
@click.option(
    "--max-merge",
    type=click.IntRange(1, 6),
    default=3,
    show_default=True,
    help="Largest number of sentences on one side of a link.",
)
@_skip_option
@click.option(
    "--color/--no-color", default=None, help="Colour the text report (default: when on a terminal)."
)
def align(files, segmented, model, no_cache, output_format, max_merge, skip, color) -> None:
    """Align EN_FILE and KO_FILE sentence by sentence (or one MIXED file) and report drift.

    Every link (1-1, 2-1, 1-2, 1-3, 3-1, 2-2, 1-0, 0-1) is shown with its similarity and the
    findings of the drift checks; a summary ends the report. The exit status is 0 whatever
    was found (use `bilingual check` for a pass/fail verdict), 2 on bad input.
    """
    import shutil

    from .align import AlignConfig
    from .corpus import load_config
    from .pipeline import align_files
    from .reports import render

    if len(files) > 2:
        raise ConfigError(
            f"align takes one mixed file or an English and a Korean file, not {len(files)} files"
        )
    config = load_config(".")
    al = align_files(
        files[0],
        files[1] if len(files) == 2 else None,
        segmented=segmented,
        encoder=_encoder(model, no_cache, config),
        config=AlignConfig(max_merge=max_merge),
        skip=_skipped_kinds(config, skip),
    )
    if output_format == "json":
        _write_stdout(render(al, "json"))
        return
    if color is None:
        color = sys.stdout.isatty()
    _write_stdout(render(al, "txt", color=color, width=shutil.get_terminal_size().columns))


def _looks_like_pair(en_path: str, ko_path: str) -> bool:
    """Whether two files that no naming pattern pairs are an English and a Korean version
    (in that order) rather than two mixed files: the first has next to no Korean text and
    the second next to no English. Decided from structure and language labels only, which
    need neither Kiwi nor the encoder."""
    from .language import sections
    from .read import read_path

    def share(path: str, lang: str) -> float:
        doc = read_path(path)
        parts = [
            part
            for span in doc.spans
            if span.kind in ("title", "body")
            for part in sections(doc.text, span.start, span.end)
        ]
        total = sum(p.end - p.start for p in parts) or 1
        return sum(p.end - p.start for p in parts if p.lang == lang) / total

    return share(en_path, "ko") < 0.2 and share(ko_path, "en") < 0.2


def _plan_documents(paths: tuple[str, ...], config):
    """(pairs, pairing issues) for the paths of `check` / `export`.

    Paths named by a pairing pattern are paired with their partner on disk (see
    ``corpus.pair_paths``); other files are mixed files, except that exactly two files
    which the patterns do not pair with each other are taken as EN then KO when their
    content says so (`bilingual check en.txt ko.txt`). A path that does not exist is an
    input error, not a pairing issue: pre-commit never passes one.
    """
    from .corpus import Pair, pair_label, pair_paths

    for path in paths:
        if not os.path.exists(path):
            raise InputError(f"{path}: no such file or directory")
    plan = pair_paths(list(paths), config)
    if len(paths) == 2 and all(os.path.isfile(p) for p in paths):
        given = {os.path.realpath(p) for p in paths}
        paired = any({os.path.realpath(p.en), os.path.realpath(p.ko)} == given for p in plan.pairs)
        if not paired and _looks_like_pair(*paths):
            return [Pair(name=pair_label(*paths), en=paths[0], ko=paths[1])], []
    return list(plan.pairs), list(plan.issues)


@main.command(cls=OneLineCommand)
@click.argument("paths", nargs=-1, metavar="PATHS...")
@_model_options
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Exit 1 when a finding at or above this severity is left [config `fail-on`, else error].",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["lines", "text", "json"]),
    default="lines",
    show_default=True,
    help="lines: path:line: severity kind: message; text: the align report; json: the align JSON.",
)
@_skip_option
@click.option(
    "--baseline",
    "baseline_path",
    default=None,
    metavar="FILE",
    help="Baseline of accepted findings [config `baseline`, else .bilingual-baseline.json].",
)
@click.option("--no-baseline", is_flag=True, help="Report accepted findings too.")
@click.option(
    "--update-baseline",
    is_flag=True,
    help="Accept every current finding of these documents into the baseline (and forget fixed ones).",
)
def check(
    paths,
    segmented,
    model,
    no_cache,
    fail_on,
    output_format,
    skip,
    baseline_path,
    no_baseline,
    update_baseline,
) -> None:
    """Check article pairs for translation drift, quietly (for pre-commit and CI).

    PATHS are an EN and a KO file, NAME.en.txt / NAME.ko.txt sides (the partner of a changed
    side is found on disk), mixed files, or folders. Prints one `path:line: severity kind:
    message` per finding and nothing when clean; exit 0 when nothing at or above --fail-on is
    left, 1 when something is (or a side's partner is missing), 2 on bad input or configuration.
    """
    from .corpus import Baseline, fails, load_config
    from .corpus import update_baseline as record_all
    from .pipeline import align_files
    from .reports import render

    if not paths:
        raise ConfigError("give the files to check (or a folder)")
    config = load_config(".")
    fail_on = fail_on or config.fail_on
    skipped = _skipped_kinds(config, skip)
    baseline_file = baseline_path or config.baseline_path
    # Read the baseline before any model loads: a broken one should fail at once.
    baseline = Baseline.load(baseline_file) if update_baseline or not no_baseline else None
    pairs, issues = _plan_documents(paths, config)
    if not pairs and not issues:
        click.echo(f"bilingual: no article pairs found in {' '.join(paths)}", err=True)

    alignments = []
    unreadable: list[str] = []
    encoder = None
    for pair in pairs:
        if encoder is None:  # models load only when there is something to check
            encoder = _encoder(model, no_cache, config)
        try:
            al = align_files(
                pair.en,
                None if pair.mixed else pair.ko,
                segmented=segmented,
                encoder=encoder,
                skip=skipped,
            )
        except InputError as exc:  # one unreadable file: report it, still check the others
            unreadable.append(str(exc))
            continue
        alignments.append(al)

    if update_baseline:
        change = record_all(baseline, alignments)
        baseline.save()
        click.echo(
            f"bilingual: baseline {_shown_path(baseline_file)}: {change.added} finding(s) accepted, "
            f"{change.removed} no longer found and removed",
            err=True,
        )
    if baseline is not None and not no_baseline:
        alignments = [baseline.filter(al) for al in alignments]

    if output_format == "json":
        # stdout stays one JSON document; pairing issues go to stderr instead.
        for issue in issues:
            click.echo(issue.render(), err=True)
        _write_stdout(render(alignments[0] if len(alignments) == 1 else alignments, "json"))
    else:
        for issue in issues:
            click.echo(issue.render())
        if alignments:
            out = (
                render(alignments, "lines")
                if output_format == "lines"
                else render(alignments, "txt")
            )
            if out:
                _write_stdout(out)
    for message in unreadable:
        click.echo(error_line(message), err=True)
    if unreadable:
        raise click.exceptions.Exit(EXIT_ERROR)
    if issues or fails(alignments, fail_on):
        raise click.exceptions.Exit(1)


@main.command(cls=OneLineCommand)
@click.argument("paths", nargs=-1, required=True, metavar="EN KO | MIXED | PATHS...")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    metavar="FILE",
    help="Output file; the format follows the extension: .csv .xlsx .tmx .tsv (also .json .txt).",
)
@_model_options
@click.option(
    "--bom/--no-bom",
    default=None,
    help="CSV: start with a UTF-8 byte order mark so Excel shows Hangul correctly [default: --bom].",
)
@click.option(
    "--only-clean", is_flag=True, help="TMX/TSV: leave out links with warnings or errors."
)
@_skip_option
def export(paths, output, segmented, model, no_cache, bom, only_clean, skip) -> None:
    """Export alignments for translators: a review table (.csv, .xlsx) or a memory (.tmx, .tsv).

    Give an English and a Korean file, one mixed file, or several NAME.en.txt/NAME.ko.txt pairs
    and folders (one row set per document). The output is written atomically; inputs are never
    touched. Mark rows `accept` in the `decision` column and run `bilingual accept FILE`.
    """
    from .corpus import load_config
    from .io import check_output_path, write_atomic
    from .pipeline import align_files
    from .reports import format_for_path, render_bytes

    # Everything that can be wrong with the request is checked before any model loads.
    fmt = format_for_path(output)
    options: dict[str, bool] = {}
    if bom is not None:
        if fmt != "csv":
            raise ConfigError(f"--{'' if bom else 'no-'}bom applies to .csv output, not .{fmt}")
        options["bom"] = bom
    if only_clean:
        if fmt not in ("tmx", "tsv"):
            raise ConfigError(f"--only-clean applies to .tmx and .tsv output, not .{fmt}")
        options["only_clean"] = True
    check_output_path(output)
    config = load_config(".")
    skipped = _skipped_kinds(config, skip)
    pairs, issues = _plan_documents(paths, config)
    if issues:
        raise InputError(f"{issues[0].path}: {issues[0].message}")
    if not pairs:
        raise InputError(f"no article pairs found in {' '.join(paths)}")
    inputs = [path for pair in pairs for path in pair.paths]
    check_output_path(output, inputs=inputs)

    encoder = _encoder(model, no_cache, config)
    alignments = [
        align_files(
            p.en, None if p.mixed else p.ko, segmented=segmented, encoder=encoder, skip=skipped
        )
        for p in pairs
    ]
    # One document renders as the align JSON object, several as an array (as in `check`).
    documents = alignments[0] if len(alignments) == 1 else alignments
    write_atomic(output, render_bytes(documents, fmt, **options), inputs=inputs)
    links = sum(len(al.links) for al in alignments)
    findings = sum(len(al.all_findings()) for al in alignments)
    click.echo(
        f"bilingual: wrote {output} ({len(alignments)} document(s), {links} links, {findings} findings)",
        err=True,
    )


@main.command(cls=OneLineCommand)
@click.argument("review", metavar="REVIEWED.csv")
@click.option(
    "--baseline",
    "baseline_path",
    default=None,
    metavar="FILE",
    help="Baseline file [config `baseline`, else .bilingual-baseline.json].",
)
def accept(review, baseline_path) -> None:
    """Record the findings of rows marked accepted in a reviewed export into the baseline.

    REVIEWED is a .csv or .xlsx file written by `bilingual export`, with the `decision`
    column filled in; decisions that accept: accept, accepted, ok, yes, y, 승인, 수락 (any
    case). `bilingual check` then no longer reports those findings, until the sentences
    they are about are edited.
    """
    from .corpus import Baseline, accept_from_csv, load_config

    config = load_config(".")
    baseline_file = baseline_path or config.baseline_path
    baseline = Baseline.load(baseline_file)
    counts = accept_from_csv(review, baseline)
    if counts.accepted_rows:
        baseline.save()
    click.echo(
        f"bilingual: {counts.accepted_rows} of {counts.rows} rows accepted: {counts.added} finding(s) "
        f"added to {_shown_path(baseline_file)}, {counts.already} already there"
    )


if __name__ == "__main__":  # python -m bilingual.cli
    main()
