"""Checks on a record's titles and natures of ownership: a security title or a nature read
in part, cut short or with a table border glued on is the document's one fuller reading of
it, and one read over from or into another row's cell loses that row's words; an
underlying security not read is the one Table I lists. See `checks` for the notes
each leaves and the checks on numbers, codes and dates.
"""
from __future__ import annotations

import re
from collections import Counter

from rapidfuzz.distance import Levenshtein

from .draft import Draft
from .values import BORDER_GLYPHS
from .vocabulary import TABLES


def check_titles(draft: Draft, rows: dict[str, list]) -> None:
    """A title that is another row's with a table border glued to its front, as OCR reads
    it ('Iclass A Common Stock' beside 'Class A Common Stock'), is that title: the
    holdings chain then links the rows of one security. One read over from or into
    another row's cell (`_cut_run_ons`), or with a word twice running, loses the repeat;
    then cut and partial titles are completed."""
    paths = [f"{table}[{i}].{key}" for table in TABLES for i in range(len(rows[table]))
             for key in ("security_title", "underlying_security_title")]
    titles = [t for t in (draft.values.get(p) for p in paths) if isinstance(t, str)]
    for p in paths:
        title = draft.values.get(p)
        if isinstance(title, str) and len(title) > 2 and title[0] in BORDER_GLYPHS:
            bare = [t for t in titles if t.casefold() == title[1:].casefold()]
            if bare:
                draft.repair(p, max(bare, key=bare.count), "title")
    _cut_run_ons(draft, paths, "title_run_on")
    for p in paths:   # a word twice running ('Class A Common Stock Stock'): no gold title has one
        title = draft.values.get(p)
        if isinstance(title, str):
            words = title.split()
            kept = [w for k, w in enumerate(words) if k == 0 or w.casefold() != words[k - 1].casefold()]
            if len(kept) < len(words):
                draft.repair(p, " ".join(kept), "title_run_on")
    _complete_cut_titles(draft, paths)
    # a title read in part ('..., par value $0.0001 per' of '... per share') among the
    # titles of its own column: no gold title is part of another of its column in one
    # filing, but the underlying 'Common Stock' of an option is part of Table I's 'Common
    # Stock (restricted stock units)' (h005, the one such pair of 168 distinct titles)
    for tables, key in ((TABLES[:2], "security_title"), (TABLES[2:], "security_title"),
                        (TABLES[2:], "underlying_security_title")):
        _complete_parts(draft, [f"{table}[{i}].{key}" for table in tables for i in range(len(rows[table]))],
                        "title_part")


CUT_TITLE_END = "common"   # no security title ends so (0 of 491 in train, dev and the seeds)


def _complete_cut_titles(draft: Draft, paths: list[str]) -> None:
    """A title ending in 'Common' lost its last word: OCR and pdftotext put the 'Stock' of a
    title wrapped beside other cells on another line ('Class A Common' + 'Stock'). It is
    the document's one whole title that holds it word for word with more after it (Table
    I's 'Class A Common Stock' for an underlying 'Common'; for an underlying title, only
    up to the word after the cut), else it with 'Stock'."""
    titles = {t: word_list(t) for t in (draft.values.get(p) for p in paths) if isinstance(t, str)}
    whole = [(t, words) for t, words in titles.items() if words[-1:] != [CUT_TITLE_END]]
    for p in paths:
        title = draft.values.get(p)
        cut = titles.get(title, [])
        if cut[-1:] != [CUT_TITLE_END]:
            continue
        fuller = {t for t, words in whole
                  if any(words[k:k + len(cut)] == cut for k in range(len(words) - len(cut)))}
        value = fuller.pop() if len(fuller) == 1 else title.rstrip(" ,.;:") + " Stock"
        # an underlying security is a class of stock, no more (all 74 gold ones): Table
        # I's 'Common Stock (restricted stock units)' gives 'Common' its 'Stock' alone
        if p.endswith("underlying_security_title") and \
                (through := re.search(re.escape(title.rstrip(" ,.;:")) + r"\s+[^\s,;(]+", value, re.I)):
            value = value[:through.end()]
        draft.repair(p, value, "title_cut")


SEE_FOOTNOTE = ["see", "footnote"]


def check_natures(draft: Draft, rows: dict[str, list]) -> None:
    """A nature of ownership read in part ('See' or 'footnote' of 'See footnote', 'See
    Footno', 'Venture Fund XV, L.P.'; the tagger leaves out a wrapped cell's line above or
    below the row) is the document's one other nature that holds it (`_complete_parts`).
    No nature is part of another in one filing (0 of 153 distinct natures of train, dev
    and the seeds). With no such nature, a part of 'See footnote', or the phrase
    misspelt or with OCR's stray letters beside it ('footnote ae'), is 'See footnote'."""
    by_table = [[f"{table}[{i}].nature_of_ownership" for i in range(len(rows[table]))] for table in TABLES]
    for table_paths in by_table:
        _tails_before_by(draft, table_paths)
    paths = [p for table_paths in by_table for p in table_paths]
    _cut_run_ons(draft, paths, "nature_run_on")
    _complete_parts(draft, paths, "nature_cut")
    # with no fuller reading in the document, a part of the form's phrase for a nature
    # given in a note, or the phrase misspelt by OCR ('Sce footnofe', 'SeeFootnotc'), is
    # that phrase: the gold records write it so every time (115 of 115 natures with the
    # word 'footnote')
    for p in paths:
        value = draft.values.get(p)
        part = word_list(value) if isinstance(value, str) else []
        if not part or part == SEE_FOOTNOTE:
            continue
        if (len(part[-1]) >= 3 and _holds(SEE_FOOTNOTE, part)) \
                or Levenshtein.distance("".join(part), "".join(SEE_FOOTNOTE)) <= 2 \
                or _footnote_and_strays(part):
            draft.repair(p, "See footnote", "nature_cut")


def _tails_before_by(draft: Draft, paths: list[str]) -> None:
    """'By' opens a nature or is not in it (59 and 222 of the 281 gold natures): a nature
    read with 'By' after its first word ('Fund (Q), LP By Sequoia Capital ...', -layout's
    natures wrapped down their column, the row above's last lines read into this row's)
    begins there, and the words before it end the row above's nature."""
    for above, path in zip(paths, paths[1:]):
        value, before = draft.values.get(path), draft.values.get(above)
        words = value.split() if isinstance(value, str) else []
        at = next((k for k, w in enumerate(words) if k and w == "By"), None)
        if at is None or not isinstance(before, str):
            continue
        draft.repair(above, f"{before} {' '.join(words[:at])}", "nature_run_on")
        draft.repair(path, " ".join(words[at:]), "nature_run_on")


def _footnote_and_strays(words: list[str]) -> bool:
    """'footnote' (or OCR's misspelling of it) with nothing but words of three letters or
    fewer beside it: OCR's strays ('footnote ae') or its 'See' ('Sce')."""
    near = [len(w) >= 6 and Levenshtein.distance(w, "footnote") <= 2 for w in words]
    return sum(near) == 1 and all(hit or len(w) <= 3 for hit, w in zip(near, words))


def _cut_run_ons(draft: Draft, paths: list[str], check: str) -> None:
    """A value read over into the next row's cell or out of the row before's ('See
    Footnote See', 'Stock Class B Common Stock', a title read five times over) ends with
    the words it opens with; no title or nature of the 402 gold records does (0 of
    3,493). The repeated words go: a value said several times over is said once; else its
    end, where those words open another value of `paths` (the next row's), else its
    start, where they end one (the row before's). A repair: confidence drops."""
    values = {p: draft.values.get(p) for p in paths}
    keys = {p: v.casefold().split() for p, v in values.items() if isinstance(v, str)}
    for p, key in keys.items():
        n = len(key)
        k = next((k for k in range(n // 2, 0, -1) if key[-k:] == key[:k]), 0)
        if not k:
            continue
        words = values[p].split()
        unit = next(u for u in range(1, n + 1) if n % u == 0 and key == key[:u] * (n // u))
        others = [o for q, o in keys.items() if q != p]
        if unit < n:
            words = words[:unit]
        elif any(o[:k] == key[-k:] for o in others):
            words = words[:-k]
        elif any(o[-k:] == key[:k] for o in others):
            words = words[k:]
        else:
            continue
        draft.repair(p, " ".join(words), check)


def _complete_parts(draft: Draft, paths: list[str], check: str) -> None:
    """A text value read in part is the one other value of `paths` that holds it word for
    word, its last word perhaps cut short, where that one is read at least as often. It
    is a repair: the value's confidence drops."""
    read = Counter(v for v in (draft.values.get(p) for p in paths) if isinstance(v, str) and word_list(v))
    values = {v: word_list(v) for v in read}
    for p in paths:
        value = draft.values.get(p)
        part = values.get(value)
        if not part:
            continue
        # a fuller reading holds a word the part has not ('Trust Trust' is no fuller 'Trust'),
        # and no other fuller reading ('See footnote See', read over into the next cell,
        # is none of 'footnote' beside 'See footnote')
        fuller = {v for v, words in values.items() if set(words) - set(part) and _holds(words, part)}
        least = [v for v in fuller if not any(u != v and _holds(values[v], values[u]) for u in fuller)]
        if len(least) == 1 and read[least[0]] >= read[value]:
            draft.repair(p, least[0], check)


def _holds(words: list[str], part: list[str]) -> bool:
    """`part` is a run of `words`, its last word perhaps only the start of one."""
    n = len(part)
    return any(words[k:k + n - 1] == part[:-1] and words[k + n - 1].startswith(part[-1])
               for k in range(len(words) - n + 1))


def check_underlying_title(draft: Draft, rows: dict[str, list]) -> None:
    """A derivative row's underlying security not read is the issuer's stock that Table I
    lists, where it lists one (51 of 53 such derivative rows in train, dev and the seeds),
    marked inferred; one read without its first words ('Common Stock' of 'Class A Common
    Stock', the cell's first line lost) is that stock too. (The two other gold rows read
    'Common Stock' beside Table I's 'Common Stock (restricted stock units)': its first
    words, not its last.)"""
    titles = {draft.values.get(f"{table}[{i}].security_title")
              for table in TABLES[:2] for i in range(len(rows[table]))} - {None}
    if len(titles) != 1:
        return
    title = next(iter(titles))
    words = word_list(title)
    for table in TABLES[2:]:      # the derivative tables
        for i in range(len(rows[table])):
            p = f"{table}[{i}].underlying_security_title"
            read = draft.values.get(p)
            part = word_list(read)
            if read is None:
                draft.repair(p, title, "underlying", inferred=True)
            elif 0 < len(part) < len(words) and words[-len(part):] == part:
                draft.repair(p, title, "underlying")


def word_list(value) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", str(value or "").casefold()).split()
