"""Writing output files safely: all or nothing, and never over an input file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable

from .errors import InputError


def write_atomic(
    path: str | os.PathLike, data: bytes, *, inputs: Iterable[str | os.PathLike] = ()
) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file or the new one.

    The bytes go to a temporary file in the same directory (``os.replace`` is only
    atomic within one file system), are flushed to disk, then renamed over ``path``.
    An existing file keeps its permission bits; a new one gets the usual umask default
    rather than the 0600 of a temporary file. ``inputs`` are the files the report was
    made from: writing over one of them is refused, because a report that replaces its
    own source destroys the translation it was checking.
    """
    path = os.fspath(path)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"write_atomic() takes bytes, got {type(data).__name__}")
    check_output_path(path, inputs=inputs)
    directory = os.path.dirname(os.path.abspath(path))

    mode = _target_mode(path)
    fd, tmp_path = tempfile.mkstemp(
        dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_path, mode)
        os.replace(tmp_path, path)
    except BaseException:
        try:
            os.unlink(tmp_path)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(directory)


def check_output_path(
    path: str | os.PathLike, *, inputs: Iterable[str | os.PathLike] = ()
) -> None:
    """Raise InputError when ``path`` cannot take an output: it is one of ``inputs``, its
    directory does not exist, or it is a directory. ``write_atomic`` checks this itself;
    callers with slow work to do first (loading a model) call it up front."""
    path = os.fspath(path)
    for source in inputs:
        if _same_file(path, os.fspath(source)):
            raise InputError(f"{path}: refusing to overwrite an input file")
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise InputError(f"{path}: directory {directory} does not exist")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        # One of them does not exist (yet): compare where the names point.
        return os.path.realpath(a) == os.path.realpath(b)


def _target_mode(path: str) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_directory(directory: str) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
