"""hedui (核对): ingest, verify, store, search and review Chinese public-finance reports."""

__version__ = "0.1.0"
