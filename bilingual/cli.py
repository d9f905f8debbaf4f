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


if __name__ == "__main__":  # python -m bilingual.cli
    main()
