"""safe-session: get ready for a private online therapy session, and clean up after it."""

__version__ = "0.1.0"
