"""The model's answer cache in the store's llm_cache table, read and written by worker
processes directly (each answer one INSERT of its own), apart from the store's report writes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path


class SqliteCache:
    """The model's validated answers, kept in the store's llm_cache table.

    Each get and put opens its own short connection, so worker processes and threads can
    share one database file; a put is a single INSERT, whole or absent.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        return conn

    def get(self, key: str) -> dict | None:
        conn = self._connect()
        try:
            row = conn.execute("SELECT * FROM llm_cache WHERE key = ?", [key]).fetchone()
        finally:
            conn.close()
        return dict(row) if row else None

    def put(self, key: str, entry: dict) -> None:
        row = {"key": key, **entry, "created_at": datetime.now(UTC).isoformat(timespec="seconds")}
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        conn = self._connect()
        try:
            conn.execute(
                f"INSERT OR REPLACE INTO llm_cache ({cols}) VALUES ({marks})", list(row.values())
            )
        finally:
            conn.close()
