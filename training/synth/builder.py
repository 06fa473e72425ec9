"""Text with labels by construction: pieces of text, some carrying a field label.

A `Piece` is a word or phrase of the form (static text, or a value with its label and
record path). The `Builder` appends text and records the exact span of every labelled
piece; labelled pieces of the same path separated only by whitespace merge into one span,
as the aligner would give them for real text.
"""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Piece:
    text: str
    label: str | None = None
    path: str | None = None
    row: str | None = None
    glue: bool = False          # no space before this piece (a marker glued on: '3,638(1)')

    def words(self) -> list["Piece"]:
        """The piece cut at spaces, each word keeping the label (for wrapping)."""
        parts = self.text.split(" ")
        return [replace(self, text=w, glue=self.glue if k == 0 else False)
                for k, w in enumerate(parts) if w]


Cell = list[Piece]
UNMERGED = frozenset({"fn_ref"})   # each footnote marker is a span of its own


def static(text: str) -> Piece:
    return Piece(text)


class Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.spans: list[dict] = []
        self._open: dict | None = None     # the last span, while only whitespace follows it

    def write(self, text: str) -> None:
        """Static text (or whitespace) with no label."""
        if not text:
            return
        self.parts.append(text)
        self.pos += len(text)
        if text.strip():
            self._open = None

    def piece(self, piece: Piece) -> None:
        if not piece.text:
            return
        if piece.label is None:
            self.write(piece.text)
            return
        start = self.pos
        self.parts.append(piece.text)
        self.pos += len(piece.text)
        last = self._open
        if last is not None and last["path"] == piece.path and last["label"] == piece.label \
                and piece.label not in UNMERGED:
            last["end"] = self.pos
        else:
            span = {"start": start, "end": self.pos, "label": piece.label, "row": piece.row,
                    "path": piece.path}
            self.spans.append(span)
            self._open = span

    def cell(self, pieces: Cell, sep: str = " ") -> None:
        for k, p in enumerate(pieces):
            if k and not p.glue:
                self.write(sep)
            self.piece(p)

    def text(self) -> str:
        return "".join(self.parts)
