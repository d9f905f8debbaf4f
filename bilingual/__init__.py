"""bilingual: align English and Korean versions of an article and flag translation drift."""

__version__ = "0.1.0"
