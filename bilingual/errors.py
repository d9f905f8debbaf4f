"""Errors a user sees as one line on stderr and exit code 2 (never a traceback)."""


class BilingualError(Exception):
    """Bad input, bad configuration or a missing model: reported as one line, exit 2."""


class InputError(BilingualError):
    """A file that cannot be read as text: missing, binary, undecodable, empty."""


class ConfigError(BilingualError):
    """Invalid configuration in pyproject.toml / bilingual.toml or on the command line."""


class ModelError(BilingualError):
    """An encoder that cannot be loaded (unknown name, offline hub, broken folder)."""
