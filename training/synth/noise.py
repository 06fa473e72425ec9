"""Noise models, each switchable with a level in [0, 1], applied to a form's pieces
before layout so that every labelled span stays exact.

    ocr        character confusions (0/O, 1/l/I, 5/S, 8/B, rn/m ...)
    spaces     dropped or doubled spaces between words
    truncate   headings and static words cut short
    split      numbers and dates split across a cell boundary (often repeating a character)
    stray      stray characters (| ' ` ~ _) beside words
    dollar     lost '$' signs
    markers    footnote markers garbled the way OCR garbles them ('(1)' -> '()', '(l)', '@')
    lines      static lines dropped or repeated
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from .builder import Cell, Piece
from .form import Form, Table

NOISES = ("ocr", "spaces", "truncate", "split", "stray", "dollar", "markers", "lines")
_CONFUSIONS = {"0": "O", "O": "0", "1": "l", "l": "1", "I": "l", "5": "S", "S": "5", "8": "B",
               "B": "8", "m": "rn", "e": "c", "a": "o", "i": "l", ",": ".", ".": ",", "/": "l",
               "t": "f", "h": "b", "n": "u", "C": "(", "D": "O", "G": "6", "$": "5"}
_STRAYS = ["|", "'", "`", "~", "_", "‘", "’", ",", "[", "]", "{", "}"]
_MARKER_GARBLE = ["()", "(l)", "@", "@)", "®", "©", "(I)", "{1)", "(1", "1)", "G)", "«"]


@dataclass(frozen=True)
class Noise:
    levels: dict[str, float] = field(default_factory=dict)

    def level(self, name: str) -> float:
        return self.levels.get(name, 0.0)

    @classmethod
    def parse(cls, spec: str) -> "Noise":
        """'ocr=0.3,split=0.5' -> Noise; 'none' -> no noise."""
        levels = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            if part == "none":
                continue
            name, _, level = part.partition("=")
            if name not in NOISES:
                raise ValueError(f"unknown noise {name!r}; known: {', '.join(NOISES)}")
            levels[name] = float(level or 0.5)
        return cls(levels)


def _ocr(text: str, rate: float, rng: random.Random) -> str:
    out = []
    for c in text:
        if rng.random() < rate and c in _CONFUSIONS:
            out.append(_CONFUSIONS[c])
        else:
            out.append(c)
    return "".join(out)


def noisy_cell(cell: Cell, noise: Noise, rng: random.Random) -> Cell:
    out: Cell = []
    for p in cell:
        out.extend(_noisy_piece(p, noise, rng))
    return out


def _noisy_piece(p: Piece, noise: Noise, rng: random.Random) -> list[Piece]:
    if p.text in ("\n", ""):
        return [p]
    text = p.text
    if p.label == "fn_ref" and rng.random() < noise.level("markers") * 0.5:
        return [replace(p, text=rng.choice(_MARKER_GARBLE))]
    if p.label is None and text.strip() == "$" and rng.random() < noise.level("dollar"):
        return []
    if noise.level("ocr"):
        rate = 0.06 * noise.level("ocr") if p.label else 0.1 * noise.level("ocr")
        text = _ocr(text, rate, rng)
    if p.label is None and rng.random() < noise.level("truncate") * 0.3 and len(text) > 6:
        text = text[: rng.randint(3, len(text) - 2)]
    if " " in text and rng.random() < noise.level("spaces") * 0.3:
        words = text.split(" ")
        k = rng.randrange(len(words) - 1)
        words[k:k + 2] = [words[k] + ("" if rng.random() < 0.7 else "  ") + words[k + 1]]
        text = " ".join(words)
    pieces = [replace(p, text=text)]
    if p.label and p.label.endswith(("shares", "owned", "date", "price", "shares_a", "shares_d")) \
            and rng.random() < noise.level("split") * 0.4 and len(text) >= 4:
        pieces = _split(pieces[0], rng)
    if rng.random() < noise.level("stray") * 0.15:
        pieces.append(Piece(rng.choice(_STRAYS), glue=rng.random() < 0.5))
    if rng.random() < noise.level("stray") * 0.1:  # a border read as a character before a cell
        pieces.insert(0, Piece(rng.choice(["[", "|", "‘", "(", "{", "l", "J", "I"]), glue=p.glue))
        pieces[1] = replace(pieces[1], glue=True)
    if p.text in ("[", "]") and rng.random() < noise.level("ocr") * 0.5:
        pieces = [replace(pieces[0], text={"[": "(", "]": ")"}[p.text])]
    return pieces


def _split(p: Piece, rng: random.Random) -> list[Piece]:
    """'23,139' -> '23,13' + '39' (the cut repeats a character) or '5' + '047,398'."""
    cut = rng.randint(1, len(p.text) - 1)
    left, right = p.text[:cut], p.text[cut:]
    if rng.random() < 0.5:
        right = left[-1] + right
    return [replace(p, text=left), replace(p, text=right, glue=False, path=p.path)]


def apply(form: Form, noise: Noise, rng: random.Random) -> Form:
    """The form with noise on every cell (labels and paths kept)."""
    if not noise.levels:
        return form

    def cells(rows):
        return [[noisy_cell(c, noise, rng) for c in row] for row in rows]

    def table(t: Table | None) -> Table | None:
        if t is None:
            return None
        return Table(noisy_cell(t.heading, noise, rng),
                     [(noisy_cell(c, noise, rng), span) for c, span in t.heads],
                     [noisy_cell(c, noise, rng) for c in t.subheads], cells(t.rows))

    lines = noise.level("lines")
    title = [noisy_cell(c, noise, rng) for c in form.title if rng.random() >= lines * 0.3]
    boiler = []
    for c in form.boilerplate:
        if rng.random() < lines * 0.3:
            continue
        boiler.append(noisy_cell(c, noise, rng))
        if rng.random() < lines * 0.1:
            boiler.append(noisy_cell(c, noise, rng))
    return replace(form, title=title, header=cells(form.header), table1=table(form.table1),
                   table2=table(form.table2), owners=table(form.owners),
                   signatures=cells(form.signatures),
                   footnotes=[(m, noisy_cell(t, noise, rng)) for m, t in form.footnotes],
                   remarks=noisy_cell(form.remarks, noise, rng) if form.remarks else None,
                   boilerplate=boiler)
