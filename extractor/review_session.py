"""The interactive review session (terminal UI over `ReviewQueue`).

One value at a time: the document's name, the field path, the proposed value and its
confidence, and the lines around its span with the span highlighted. The reviewer
accepts, types a corrected value, marks the value absent, skips, undoes the last
decision, or quits. Input and output are injected callables, so tests can drive it.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from .review import Item, ReviewError, ReviewQueue

PROMPT = "[a]ccept  [c]orrect  [x] absent  [s]kip  [u]ndo  [q]uit > "
_HIGHLIGHT = ("\x1b[7m", "\x1b[0m")
_PLAIN = ("[[", "]]")


def context(item: Item, lines: int = 2, ansi: bool = False) -> str:
    """The lines around the item's span, the span highlighted, with line numbers."""
    text = item.text
    if item.start is None or item.end is None:
        return "    (the value was inferred, not read: no span in the text)"
    first = text.rfind("\n", 0, item.start)
    for _ in range(lines):
        if first <= 0:
            break
        first = text.rfind("\n", 0, first)
    last = item.end
    for _ in range(lines + 1):
        nxt = text.find("\n", last + 1)
        last = len(text) if nxt < 0 else nxt
    on, off = _HIGHLIGHT if ansi else _PLAIN
    start = first + 1
    snippet = text[start:item.start] + on + text[item.start:item.end] + off + text[item.end:last]
    number = text.count("\n", 0, start) + 1
    out = []
    for k, line in enumerate(snippet.split("\n")):
        out.append(f"{number + k:6d} | {line[:200]}")
    return "\n".join(out)


def parse_value(path: str, typed: str):
    """What a reviewer typed, as the leaf's type (numbers, ISO or M/D/Y dates, yes/no)."""
    key = path.rsplit(".", 1)[-1]
    typed = typed.strip()
    if key.startswith("is_"):
        return typed.lower() in ("y", "yes", "true", "x", "1")
    if key in ("shares", "price_per_share", "shares_owned_following", "underlying_shares",
               "conversion_or_exercise_price"):
        return float(typed.replace(",", "").replace("$", ""))
    if "date" in key or key == "period_of_report":
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", typed)
        day = dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2))) if m else dt.date.fromisoformat(typed)
        return day.isoformat()
    if key == "footnotes":
        return [f.strip() for f in typed.split(",") if f.strip()]
    return typed


def run_session(queue: ReviewQueue, reviewer: str, read: Callable[[str], str] = input,
                write: Callable[[str], None] = print, ansi: bool = False, lines: int = 2,
                find_span=None) -> int:
    """Review until the queue is empty or the reviewer quits; returns decisions made."""
    made = 0
    while True:
        item = queue.next_item(reviewer)
        if item is None:
            write("Nothing left to review.")
            return made
        write("")
        if item.value is None and item.confidence == 0:
            write(f"[{queue.remaining()} left]  {item.document}  {item.path}: not found "
                  "(c: type it; x: the document has none)")
        else:
            write(f"[{queue.remaining()} left]  {item.document}  {item.path} = {item.value!r}  "
                  f"(confidence {item.confidence:.2f})")
        write(context(item, lines, ansi))
        try:
            answer = read(PROMPT).strip().lower()
        except EOFError:
            answer = "q"
        if answer in ("q", "quit"):
            write(f"Stopped; {queue.remaining()} values left.")
            return made
        if answer in ("a", "accept", ""):
            queue.decide(item.id, "accept", reviewer, item.value, (item.start, item.end))
        elif answer in ("x", "absent"):
            queue.decide(item.id, "absent", reviewer)
        elif answer in ("s", "skip"):
            queue.decide(item.id, "skip", reviewer)
        elif answer in ("u", "undo"):
            try:
                queue.undo(reviewer)
                write("Undone: that value is back in your queue.")
            except ReviewError as exc:
                write(str(exc).capitalize() + ".")
            continue
        elif answer in ("c", "correct"):
            try:
                typed = read("corrected value > ")
                value = parse_value(item.path, typed)
            except EOFError:
                continue
            except ValueError as exc:
                write(f"Not a value for {item.path}: {exc}. Nothing saved.")
                continue
            span = find_span(item.text, item.path, value, item.start) if find_span else None
            if span is None:
                write("Not found in the text: saved without a span.")
            else:
                write(f"Found in the text at line {item.text.count(chr(10), 0, span[0]) + 1}.")
            queue.decide(item.id, "correct", reviewer, value, span)
        else:
            write("Type a, c, x, s, u or q.")
            continue
        made += 1
