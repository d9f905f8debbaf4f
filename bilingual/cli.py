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
from .errors import BilingualError

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
    click.echo(f"bilingual: error: {' '.join(message.split())}", err=True)
    raise click.exceptions.Exit(EXIT_ERROR)


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

MODEL_HELP = (
    "Encoder: a sentence-transformers model name or local folder (e.g. sentence-transformers/LaBSE). "
    "Default: the bundled multilingual Universal Sentence Encoder (offline)."
)


def _model_options(command):
    command = click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache.")(command)
    command = click.option("--model", default=None, metavar="NAME_OR_PATH", help=MODEL_HELP)(command)
    command = click.option(
        "--segmented", is_flag=True, help="Inputs are one sentence per line: no structure detection, no re-splitting."
    )(command)
    return command


def _encoder(model: str | None, no_cache: bool, config=None):
    from .pipeline import get_encoder

    cache: bool | str = not no_cache
    if config is not None and cache:
        cache = str(config.cache_dir) if config.cache_dir is not None else bool(config.cache)
    return get_encoder(model, cache=cache)


def _write_stdout(data: str | bytes) -> None:
    if isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        click.echo(data, nl=not data.endswith("\n"))


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="EN_FILE [KO_FILE]")
@_model_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: side-by-side report; json: one JSON object (schema in docs/align.md).",
)
@click.option("--max-merge", type=click.IntRange(1, 6), default=3, show_default=True,
              help="Largest number of sentences on one side of a link.")
@click.option("--skip", multiple=True, metavar="KIND", help="Finding kinds to leave out (repeatable).")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: when on a terminal).")
def align(files, segmented, model, no_cache, output_format, max_merge, skip, color) -> None:
    """Align EN_FILE and KO_FILE sentence by sentence (or one MIXED file) and report drift.

    Every link (1-1, 2-1, 1-2, 1-3, 3-1, 2-2, 1-0, 0-1) is shown with its similarity and the
    findings of the drift checks; a summary ends the report.
    """
    import shutil

    from .align import AlignConfig
    from .pipeline import align_files
    from .reports import render

    if len(files) > 2:
        raise click.UsageError("give one mixed file or an English and a Korean file")
    al = align_files(
        files[0],
        files[1] if len(files) == 2 else None,
        segmented=segmented,
        encoder=_encoder(model, no_cache),
        config=AlignConfig(max_merge=max_merge),
        skip=skip,
    )
    if output_format == "json":
        _write_stdout(render(al, "json"))
        return
    if color is None:
        color = sys.stdout.isatty()
    _write_stdout(render(al, "txt", color=color, width=shutil.get_terminal_size().columns))


def _looks_like_pair(paths: tuple[str, ...]) -> bool:
    """Two files that match no pairing pattern: an English and a Korean version, or two mixed files?

    Decided by content: the first has next to no Korean and the second next to no English.
    """
    from .pipeline import load

    docs = [load(p) for p in paths]

    def share(doc, lang):
        spans = [s for s in doc.spans if s.kind in ("title", "body")]
        total = sum(s.end - s.start for s in spans) or 1
        return sum(s.end - s.start for s in spans if s.lang == lang) / total

    return share(docs[0], "ko") < 0.2 and share(docs[1], "en") < 0.2


@main.command()
@click.argument("paths", nargs=-1, metavar="PATHS...")
@_model_options
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Exit 1 when a finding at or above this severity is found [config, else error].")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["lines", "text", "json"]),
    default="lines",
    show_default=True,
    help="lines: path:line: severity kind: message; text: full report; json: the align JSON.",
)
@click.option("--skip", multiple=True, metavar="KIND", help="Finding kinds to leave out (repeatable).")
@click.option("--baseline", "baseline_path", default=None, metavar="FILE",
              help="Baseline of accepted findings [config, else .bilingual-baseline.json].")
@click.option("--no-baseline", is_flag=True, help="Report accepted findings too.")
@click.option("--update-baseline", is_flag=True, help="Accept every current finding into the baseline.")
def check(paths, segmented, model, no_cache, fail_on, output_format, skip, baseline_path,
          no_baseline, update_baseline) -> None:
    """Check article pairs for translation drift, quietly (for pre-commit and CI).

    PATHS are EN and KO files, NAME.en.txt + NAME.ko.txt pairs (the partner of a changed side is
    found on disk), mixed files, or folders. Prints one `path:line: severity kind: message` per
    finding; exit 0 when nothing at or above --fail-on was found, 1 when something was, 2 on bad
    input or configuration.
    """
    from dataclasses import replace as _replace

    from .corpus import Baseline, Pair, drop_kinds, fails, load_config, pair_paths, update_baseline as _update
    from .pipeline import align_files
    from .reports import render

    if not paths:
        raise click.UsageError("give the files to check (or a folder)")
    config = load_config(".")
    if fail_on is None:
        fail_on = config.fail_on
    if model is None:
        model = config.model
    plan = pair_paths(list(paths), config)
    pairs = list(plan.pairs)
    if len(paths) == 2 and len(pairs) == 2 and all(p.mixed for p in pairs) and _looks_like_pair(paths):
        pairs = [Pair(name=f"{paths[0]}+{paths[1]}", en=paths[0], ko=paths[1])]

    failures = [issue.render() for issue in plan.issues]
    bad_input = False
    alignments = []
    encoder = None
    for pair in pairs:
        try:
            if encoder is None:  # models load only when there is something to check
                encoder = _encoder(model, no_cache, config)
            al = align_files(pair.en, None if pair.mixed else pair.ko, segmented=segmented, encoder=encoder)
        except BilingualError as exc:
            bad_input = True
            failures.append(f"{pair.en}:1: error input: {' '.join(str(exc).split())}")
            continue
        alignments.append(drop_kinds(al, tuple(config.skip) + tuple(skip)))

    baseline_file = baseline_path or config.baseline_path
    if update_baseline:
        baseline = Baseline.load(baseline_file)
        change = _update(baseline, alignments)
        baseline.save()
        click.echo(f"bilingual: baseline {baseline_file}: {change.added} accepted, {change.removed} removed", err=True)
    if not no_baseline:
        baseline = Baseline.load(baseline_file)
        alignments = [baseline.filter(al) for al in alignments]

    for line in failures:
        click.echo(line)
    if alignments:
        if output_format == "json":
            _write_stdout(render(alignments[0] if len(alignments) == 1 else alignments, "json"))
        else:
            out = render(alignments, "lines" if output_format == "lines" else "txt")
            if out:
                _write_stdout(out)
    if bad_input:
        raise click.exceptions.Exit(EXIT_ERROR)
    if plan.issues or fails(alignments, fail_on):
        raise click.exceptions.Exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="EN KO | MIXED | PATHS...")
@click.option("-o", "--output", "output", required=True, metavar="FILE",
              help="Output file; the format follows the extension: .csv .xlsx .tmx .tsv .json .txt")
@_model_options
@click.option("--bom/--no-bom", default=True, show_default=True,
              help="CSV: start with a UTF-8 BOM so Excel shows Hangul correctly.")
@click.option("--only-clean", is_flag=True, help="TMX/TSV: leave out pairs with warnings or errors.")
@click.option("--skip", multiple=True, metavar="KIND", help="Finding kinds to leave out (repeatable).")
def export(paths, output, segmented, model, no_cache, bom, only_clean, skip) -> None:
    """Export alignments for translators: a review table (.csv, .xlsx) or a memory (.tmx, .tsv).

    Give an English and a Korean file, one mixed file, or several NAME.en.txt/NAME.ko.txt pairs
    and folders (one row set per document). The output is written atomically; inputs are never
    touched.
    """
    from .corpus import Pair, drop_kinds, load_config, pair_paths
    from .io import write_atomic
    from .pipeline import align_files
    from .reports import format_for_path, render_bytes

    fmt = format_for_path(output)
    options = {}
    if fmt == "csv":
        options["bom"] = bom
    if fmt in ("tmx", "tsv"):
        options["only_clean"] = only_clean
    config = load_config(".")
    plan = pair_paths(list(paths), config)
    if plan.issues:
        raise BilingualError(plan.issues[0].render())
    pairs = list(plan.pairs)
    if len(paths) == 2 and len(pairs) == 2 and all(p.mixed for p in pairs) and _looks_like_pair(paths):
        pairs = [Pair(name=f"{paths[0]}+{paths[1]}", en=paths[0], ko=paths[1])]
    encoder = _encoder(model or config.model, no_cache, config)
    alignments = [
        drop_kinds(
            align_files(p.en, None if p.mixed else p.ko, segmented=segmented, encoder=encoder),
            tuple(config.skip) + tuple(skip),
        )
        for p in pairs
    ]
    data = render_bytes(alignments, fmt, **options)
    write_atomic(output, data, inputs=[path for p in pairs for path in p.paths])
    links = sum(len(al.links) for al in alignments)
    click.echo(f"bilingual: wrote {output} ({len(alignments)} document(s), {links} links)", err=True)


@main.command()
@click.argument("review", metavar="REVIEWED.csv")
@click.option("--baseline", "baseline_path", default=None, metavar="FILE",
              help="Baseline file [config, else .bilingual-baseline.json].")
def accept(review, baseline_path) -> None:
    """Record the findings of rows marked `accept` in a reviewed export into the baseline.

    `bilingual check` then no longer reports them, until the sentence they are about is edited.
    Decisions that count: accept, accepted, ok, yes, y, 승인, 수락 (any case).
    """
    from .corpus import Baseline, accept_from_csv, load_config

    config = load_config(".")
    baseline_file = baseline_path or config.baseline_path
    baseline = Baseline.load(baseline_file)
    counts = accept_from_csv(review, baseline)
    baseline.save()
    click.echo(
        f"bilingual: {counts.accepted_rows} of {counts.rows} rows accepted: {counts.added} finding(s) "
        f"added to {baseline_file}, {counts.already} already there"
    )


if __name__ == "__main__":  # python -m bilingual.cli
    main()
