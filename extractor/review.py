"""The review queue: values under the review threshold, for a person to decide on.

SQLite, one file. Documents are stored once (by the SHA-256 of their text), with their
extracted record; every value under the threshold is an item, and so is every value a
row or the header must have but the model did not find (`REQUIRED`: confidence 0, no
value; a person can type it in). A reviewer claims a whole
document at a time (the one holding the least confident value), in one transaction, so
two reviewers never get the same item; a claim left by a crashed session expires after
`LEASE_MINUTES`. Each decision commits on its own: a crash or Ctrl-C loses nothing already
decided. Decisions keep who, when, and the model version that proposed the value.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .record import Record

DEFAULT_DB = Path("review.db")
LEASE_MINUTES = 30
ACTIONS = ("accept", "correct", "absent", "skip")
# what every row (and the header) of a Form 4 has: when the model found none, ask
REQUIRED = {
    "non_derivative_transactions": ("security_title", "transaction_date", "transaction_code", "shares",
                                    "acquired_disposed", "price_per_share", "shares_owned_following",
                                    "direct_or_indirect"),
    "non_derivative_holdings": ("security_title", "shares_owned_following", "direct_or_indirect"),
    "derivative_transactions": ("security_title", "transaction_date", "transaction_code", "shares",
                                "acquired_disposed", "underlying_security_title", "underlying_shares",
                                "shares_owned_following", "direct_or_indirect"),
    "derivative_holdings": ("security_title", "underlying_security_title", "underlying_shares",
                            "shares_owned_following", "direct_or_indirect"),
    "reporting_owners": ("name",),
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE NOT NULL, path TEXT NOT NULL, text TEXT NOT NULL,
    record TEXT NOT NULL, model TEXT, added TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id), path TEXT NOT NULL,
    value TEXT, confidence REAL NOT NULL, start INTEGER, end INTEGER,
    status TEXT NOT NULL DEFAULT 'pending', claimed_by TEXT, claimed_at TEXT,
    UNIQUE (doc_id, path));
CREATE INDEX IF NOT EXISTS items_pending ON items (status, confidence);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items(id), action TEXT NOT NULL,
    value TEXT, start INTEGER, end INTEGER, note TEXT, reviewer TEXT NOT NULL, decided_at TEXT NOT NULL,
    model TEXT, undone INTEGER NOT NULL DEFAULT 0);
"""


class ReviewError(ValueError):
    """A request the queue cannot honour (unknown item, nothing to undo ...)."""


@dataclass(frozen=True)
class Item:
    id: int
    doc_id: int
    document: str
    path: str
    value: object
    confidence: float
    start: int | None
    end: int | None
    text: str


def missing_values(record: Record) -> list[tuple[str, tuple[int | None, int | None]]]:
    """(path, where its row was read) of each `REQUIRED` value the record lacks; the
    issuer's name and ticker too."""
    found = {f.path for f in record.fields}
    out = [(f"issuer.{k}", (None, None)) for k in ("name", "ticker") if f"issuer.{k}" not in found]
    for table, keys in REQUIRED.items():
        for i, _ in enumerate(getattr(record, table)):
            prefix = f"{table}[{i}]."
            spans = [(f.start, f.end) for f in record.fields if f.path.startswith(prefix) and f.start is not None]
            where = (min(a for a, _ in spans), max(b for _, b in spans)) if spans else (None, None)
            out += [(prefix + k, where) for k in keys if prefix + k not in found]
    return out


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class ReviewQueue:
    def __init__(self, db: Path | str = DEFAULT_DB):
        self.db = Path(db)
        self.conn = sqlite3.connect(self.db, timeout=30, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.executescript(SCHEMA)

    def __enter__(self) -> "ReviewQueue":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _tx(self):
        return _Transaction(self.conn)

    # --- filling the queue ----------------------------------------------------------------
    def enqueue(self, path: str, record: Record, threshold: float, text: str | None = None,
                model: str | None = None, missing: bool = True) -> int:
        """Add a document's values under `threshold` (and, with `missing`, the required
        values it lacks); a document already queued (same text) gets no duplicate items.
        Returns the number of new items."""
        if text is None:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        with self._tx() as cur:
            cur.execute("INSERT OR IGNORE INTO documents (sha256, path, text, record, model, added) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (sha, str(path), text, json.dumps(record.to_dict()), model, _now()))
            doc_id = cur.execute("SELECT id FROM documents WHERE sha256 = ?", (sha,)).fetchone()[0]
            added = 0
            for f in record.fields:
                if f.confidence < threshold:
                    cur.execute("INSERT OR IGNORE INTO items (doc_id, path, value, confidence, start, end) "
                                "VALUES (?, ?, ?, ?, ?, ?)",
                                (doc_id, f.path, json.dumps(f.to_dict()["value"]), f.confidence, f.start, f.end))
                    added += cur.rowcount
            for path, (start, end) in missing_values(record) if missing else ():
                cur.execute("INSERT OR IGNORE INTO items (doc_id, path, value, confidence, start, end) "
                            "VALUES (?, ?, 'null', 0.0, ?, ?)", (doc_id, path, start, end))
                added += cur.rowcount
        return added

    # --- serving ------------------------------------------------------------------------------
    def claim_document(self, reviewer: str) -> int | None:
        """Claim all pending items of the document holding the least confident value (or
        this reviewer's own unfinished claim). None when nothing is left."""
        stale = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=LEASE_MINUTES)).isoformat(timespec="seconds")
        with self._tx() as cur:
            mine = cur.execute("SELECT doc_id FROM items WHERE status = 'claimed' AND claimed_by = ? "
                               "ORDER BY confidence LIMIT 1", (reviewer,)).fetchone()
            if mine:
                return mine[0]
            row = cur.execute("SELECT doc_id FROM items WHERE status = 'pending' OR "
                              "(status = 'claimed' AND claimed_at < ?) ORDER BY confidence, id LIMIT 1",
                              (stale,)).fetchone()
            if row is None:
                return None
            cur.execute("UPDATE items SET status = 'claimed', claimed_by = ?, claimed_at = ? "
                        "WHERE doc_id = ? AND (status = 'pending' OR (status = 'claimed' AND claimed_at < ?))",
                        (reviewer, _now(), row[0], stale))
            return row[0]

    def claimed_items(self, reviewer: str, doc_id: int) -> list[Item]:
        rows = self.conn.execute(
            "SELECT i.id, i.doc_id, d.path, i.path, i.value, i.confidence, i.start, i.end, d.text "
            "FROM items i JOIN documents d ON d.id = i.doc_id WHERE i.doc_id = ? AND i.status = 'claimed' "
            "AND i.claimed_by = ? ORDER BY i.confidence, i.id", (doc_id, reviewer)).fetchall()
        return [Item(r[0], r[1], r[2], r[3], json.loads(r[4]) if r[4] is not None else None,
                     r[5], r[6], r[7], r[8]) for r in rows]

    def next_item(self, reviewer: str) -> Item | None:
        """The next item for this reviewer, claiming a new document when needed."""
        doc_id = self.claim_document(reviewer)
        if doc_id is None:
            return None
        items = self.claimed_items(reviewer, doc_id)
        return items[0] if items else self.next_item(reviewer)

    def remaining(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM items WHERE status IN ('pending', 'claimed')").fetchone()[0]

    # --- deciding -----------------------------------------------------------------------------
    def decide(self, item_id: int, action: str, reviewer: str, value=None, span: tuple | None = None,
               note: str | None = None) -> None:
        if action not in ACTIONS:
            raise ReviewError(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
        with self._tx() as cur:
            row = cur.execute("SELECT i.status, d.model FROM items i JOIN documents d ON d.id = i.doc_id "
                              "WHERE i.id = ?", (item_id,)).fetchone()
            if row is None:
                raise ReviewError(f"no item {item_id}")
            start, end = span if span else (None, None)
            cur.execute("INSERT INTO decisions (item_id, action, value, start, end, note, reviewer, decided_at, "
                        "model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (item_id, action, json.dumps(value), start, end, note, reviewer, _now(), row[1]))
            cur.execute("UPDATE items SET status = ? WHERE id = ?",
                        ("skipped" if action == "skip" else "done", item_id))

    def undo(self, reviewer: str) -> int:
        """Take back this reviewer's last decision; its item is theirs to decide again."""
        with self._tx() as cur:
            row = cur.execute("SELECT id, item_id FROM decisions WHERE reviewer = ? AND undone = 0 "
                              "ORDER BY id DESC LIMIT 1", (reviewer,)).fetchone()
            if row is None:
                raise ReviewError("nothing to undo")
            cur.execute("UPDATE decisions SET undone = 1 WHERE id = ?", (row[0],))
            cur.execute("UPDATE items SET status = 'claimed', claimed_by = ?, claimed_at = ? WHERE id = ?",
                        (reviewer, _now(), row[1]))
            return row[1]

    # --- reading back -------------------------------------------------------------------------
    def decisions(self) -> list[dict]:
        rows = self.conn.execute(
            "SELECT x.id, x.item_id, d.path, i.path, x.action, x.value, x.start, x.end, x.note, x.reviewer, "
            "x.decided_at, x.model FROM decisions x JOIN items i ON i.id = x.item_id "
            "JOIN documents d ON d.id = i.doc_id WHERE x.undone = 0 ORDER BY x.id").fetchall()
        keys = ("id", "item", "document", "path", "action", "value", "start", "end", "note", "reviewer",
                "decided_at", "model")
        out = [dict(zip(keys, r)) for r in rows]
        for d in out:
            d["value"] = json.loads(d["value"]) if d["value"] is not None else None
        return out

    def stats(self) -> dict:
        counts = dict(self.conn.execute("SELECT status, COUNT(*) FROM items GROUP BY status").fetchall())
        actions = dict(self.conn.execute("SELECT action, COUNT(*) FROM decisions WHERE undone = 0 "
                                         "GROUP BY action").fetchall())
        docs = self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        return {"documents": docs, "items": sum(counts.values()), "by_status": counts, "decisions": actions}

    def list_items(self, status: str | None = None, limit: int = 50) -> list[dict]:
        query = ("SELECT i.id, d.path, i.path, i.value, i.confidence, i.status FROM items i "
                 "JOIN documents d ON d.id = i.doc_id")
        args: tuple = ()
        if status:
            query += " WHERE i.status = ?"
            args = (status,)
        query += " ORDER BY i.confidence, i.id LIMIT ?"
        rows = self.conn.execute(query, args + (limit,)).fetchall()
        return [{"id": r[0], "document": r[1], "path": r[2], "value": json.loads(r[3]) if r[3] else None,
                 "confidence": r[4], "status": r[5]} for r in rows]

    def reviewed_documents(self) -> list[tuple[int, str, str, dict, str | None]]:
        """(doc id, path, text, record, model) of documents with at least one decision."""
        rows = self.conn.execute(
            "SELECT DISTINCT d.id, d.path, d.text, d.record, d.model FROM documents d JOIN items i "
            "ON i.doc_id = d.id JOIN decisions x ON x.item_id = i.id WHERE x.undone = 0 ORDER BY d.id").fetchall()
        return [(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows]

    def all_documents(self) -> list[tuple[int, str, str, dict, str | None]]:
        rows = self.conn.execute("SELECT id, path, text, record, model FROM documents ORDER BY id").fetchall()
        return [(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows]


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT: writers queue instead of interleaving."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Cursor:
        self.cur = self.conn.cursor()
        self.cur.execute("BEGIN IMMEDIATE")
        return self.cur

    def __exit__(self, exc_type, exc, tb) -> None:
        self.cur.execute("ROLLBACK" if exc_type else "COMMIT")
