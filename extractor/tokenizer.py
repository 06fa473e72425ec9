"""Raw Form 4 text -> spaCy `Doc` with exact character offsets and layout attributes.

The raw text is never moved: `doc.text == text` but for line ends and spaces, unified at
the same length (Windows' '\\r\\n' as ' \\n', a no-break space as ' '), and every token's `idx` and
`idx + len(token)` are end-exclusive offsets into it. Markup that the converters leave in
the text (HTML tags, markdown footnote links, backslash escapes, superscript markers) is
kept whole in one token whose normalised form (`token._.norm`) says what it means.
Layout attributes (line, cell, section, column heading ...) come from `extractor.layout`.
"""
from __future__ import annotations

import re
from contextlib import ExitStack
from functools import lru_cache

import spacy
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from . import layout as _layout

# Token kinds, tried in this order at each position. Every pattern is non-empty and
# never contains whitespace, so tokens and the whitespace between them tile the text.
_PATTERNS = (
    ("tag", r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>\n]{0,300})?/?>|<!--[^<>\n]{0,300}-->"),
    ("link", r"\[[^\[\]\n]{1,40}\]\(#[^()\s]{0,40}\)"),
    ("fnmark", r"\(\d{1,2}\)|⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}⁾|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2}(?![\d⁰¹²³⁴⁵⁶⁷⁸⁹])"),
    ("date", r"\d{1,2}/\d{1,2}/\d{2,5}(?![\d/])"),
    ("number", r"\d{1,60}(?:[.,]\d{1,60}){0,20}"),
    ("underline", r"(?:\\_){1,100}|_{1,200}"),
    ("escape", r"\\[^\sA-Za-z0-9]"),
    ("rule", r":?-{3,200}:?|={3,200}"),
    ("word", r"[^\W\d_]{1,200}(?:\d{1,20}[^\W\d_]{0,200}){0,5}"),
    ("other", r"\S"),
)
_TOKEN_RE = re.compile("|".join(f"(?P<{kind}{i}>{p})" for i, (kind, p) in enumerate(_PATTERNS)))
_KIND_OF_GROUP = {f"{kind}{i}": kind for i, (kind, _) in enumerate(_PATTERNS)}
_WS_RE = re.compile(r"\s+")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789", "⁽⁾")
_CHECKED_RE = re.compile(r"\bchecked\b", re.I)
_TAG_NAME_RE = re.compile(r"<\s*(/?)\s*([A-Za-z!]+)")
_LINK_RE = re.compile(r"\[([^\]]*)\]")
CHECK_MARK = "[x]"
EMPTY_BOX = "[ ]"
_MARK_GLYPHS = {"☒": CHECK_MARK, "☑": CHECK_MARK, "✓": CHECK_MARK, "✔": CHECK_MARK,
                "✗": CHECK_MARK, "✘": CHECK_MARK, "☐": EMPTY_BOX, "□": EMPTY_BOX}

MAX_TOKEN_CHARS = 1000  # a whitespace-free run longer than this is split (pathological input)


class TokenizerError(ValueError):
    """Text that cannot be represented as a Doc (for example lone surrogates)."""


def split(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every non-whitespace token, in order; offsets end-exclusive."""
    out = []
    pos, n = 0, len(text)
    match_ws, match_tok = _WS_RE.match, _TOKEN_RE.match
    while pos < n:
        ws = match_ws(text, pos)
        if ws:
            pos = ws.end()
            continue
        m = match_tok(text, pos)
        end = min(m.end(), pos + MAX_TOKEN_CHARS)
        out.append((pos, end, _KIND_OF_GROUP[m.lastgroup]))
        pos = end
    return out


def normalise(text: str, kind: str) -> str:
    """What a token means with the converter's markup taken off."""
    if kind == "tag":
        if text[1:6].lower() == "input":
            return CHECK_MARK if _CHECKED_RE.search(text) else EMPTY_BOX
        m = _TAG_NAME_RE.match(text)
        return f"<{m.group(1)}{m.group(2).lower()}>" if m else text
    if kind == "link":
        m = _LINK_RE.match(text)
        inner = m.group(1) if m else text
        return inner.replace("\\", "")
    if kind == "fnmark":
        digits = text.translate(_SUPERSCRIPT).strip("()")
        return f"({digits})"
    if kind in ("escape", "underline"):
        return text.replace("\\", "")
    if kind == "other":
        return _MARK_GLYPHS.get(text, text)
    return text


@lru_cache(maxsize=1)
def shared_vocab() -> Vocab:
    return spacy.blank("en").vocab


class VocabZones:
    """spaCy's vocabulary keeps a lexeme and a string for every token text it has seen: over
    a long batch of OCR'd documents, each with its own numbers, names and junk, it grows by
    about 8 MB a thousand documents, without end. A batch reads its documents inside spaCy
    memory zones (`Vocab.memory_zone`), each closed after `every` documents, which frees the
    words first seen inside it. A Doc made in a zone must not be used after it closes: a
    batch keeps records and texts, never Docs.

        zones = VocabZones()
        for text in texts:
            zones.tick()          # before each document
            ...
        zones.close()
    """

    def __init__(self, every: int = 500, vocab: Vocab | None = None):
        self.every = every
        self.vocab = vocab or shared_vocab()
        self._zone: ExitStack | None = None
        self._read = 0

    def tick(self) -> None:
        if self._zone is None or self._read >= self.every:
            self.close()
            self._zone = ExitStack()
            self._zone.enter_context(self.vocab.memory_zone())
        self._read += 1

    def close(self) -> None:
        if self._zone is not None:
            self._zone.close()
        self._zone, self._read = None, 0


def _register_extensions() -> None:
    def array_getter(name):
        return lambda token: token.doc.user_data["layout"][name][token.i]

    for name in _layout.TOKEN_ATTRIBUTES:
        Token.set_extension(name, getter=array_getter(name), force=True)


_register_extensions()


# spaces that are spaces to a reader: no-break (HTML's &nbsp;), figure, thin, narrow no-break
_ODD_SPACE_RE = re.compile("[\u00a0\u2007\u2009\u202f]")


def unify_whitespace(text: str) -> str:
    """Windows' line ends ('\\r\\n') as ' \\n', old Macs' lone '\\r' as '\\n', and no-break
    and other narrow spaces as ' ': a text saved or copied either way reads as the same
    text, and keeps its length, so offsets into it are offsets into `text`."""
    if "\r" in text:
        text = text.replace("\r\n", " \n").replace("\r", "\n")
    return _ODD_SPACE_RE.sub(" ", text)


def make_doc(text: str, vocab: Vocab | None = None) -> Doc:
    """Tokenise `text` into a Doc whose text is `text` (whitespace unified), with layout
    attributes.

    Whitespace between tokens is kept as spaCy whitespace tokens (`is_space`), so offsets
    never drift. Layout attributes are on `token._.<name>` (see `layout.TOKEN_ATTRIBUTES`).
    """
    if not isinstance(text, str):
        raise TokenizerError(f"text must be str, not {type(text).__name__}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise TokenizerError(f"text is not valid Unicode: {exc.reason}") from exc
    text = unify_whitespace(text)
    pieces = split(text)
    words: list[str] = []
    spaces: list[bool] = []
    kinds: list[str] = []
    starts: list[int] = []
    pos = 0
    for start, end, kind in pieces:
        if start > pos:
            _add_whitespace(text, pos, start, words, spaces, kinds, starts)
        words.append(text[start:end])
        spaces.append(False)
        kinds.append(kind)
        starts.append(start)
        pos = end
    if pos < len(text):
        _add_whitespace(text, pos, len(text), words, spaces, kinds, starts)
    doc = Doc(vocab or shared_vocab(), words=words, spaces=spaces)
    norms = [normalise(w, k) if k != "space" else w for w, k in zip(words, kinds)]
    doc.user_data["layout"] = _layout.compute(text, words, starts, kinds, norms, doc.user_data)
    doc.user_data["text"] = text
    return doc


def doc_text(doc) -> str:
    """The raw text of a Doc made by `make_doc` (spaCy's `Doc.text` rebuilds it from
    every token on each call)."""
    return doc.user_data.get("text") or doc.text


def _add_whitespace(text: str, pos: int, end: int, words: list[str], spaces: list[bool],
                    kinds: list[str], starts: list[int]) -> None:
    # One plain space after a token is spaCy's trailing space; anything else is a token.
    if words and kinds[-1] != "space" and not spaces[-1] and text[pos] == " ":
        spaces[-1] = True
        pos += 1
    if pos < end:
        words.append(text[pos:end])
        spaces.append(False)
        kinds.append("space")
        starts.append(pos)
