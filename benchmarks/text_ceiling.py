"""How much of a gold record a document's text holds at all: the best field F1 a reader of
the text could score under exact match, reading what is there and guessing nothing.

    python benchmarks/text_ceiling.py --out benchmarks/results/text_ceiling.json

A value counts as in the text when, leniently:
- a number: one of its usual renderings ('1,386', '1386', '$0', '0.00' ...) is a token of the
  text (split at spaces and table borders);
- a date: one of its renderings (03/05/2025, 3/5/2025, 03/05/25, 2025-03-05) occurs;
- a note or the remarks (prose): its words, in order, in the text's words (punctuation, line
  breaks and a word broken at a line's hyphen aside), with at most GAP other words between
  two of them (a marker or a page's footer that the converter put inside the note);
- another text (a title, a name, a nature): every word of it occurs somewhere in the text, in
  any order and place (a cell wrapped around its row or interleaved with others still counts);
- a row's footnote ids: each id's marker '(n)' is read in the text more often than the rows
  before it and the note itself have used up (a marker OCR garbled, '@)' for '(2)', is
  not read);
- a check box: always (not judged).
The checks are lenient (a one-letter code or D/I is always somewhere in the text), so the
ceiling is an upper bound. The ceiling record is the gold record without the values that fail; it is scored against
the gold record with the shared ruler, so its F1 is the most a reader could score when it
reads every value that is in the text exactly and infers none of the others. OCR is where
values go missing: a scan misread 'Irrevocable' as 'Irevacable', so a note that holds it
cannot be read exactly without guessing the word. (Inference can go past the ceiling: a
garbled marker's number follows from the order notes are numbered in, say.)
"""
from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(SHARED / "eval"))

import score  # noqa: E402  (the shared ruler)

GAP = 12
_WORD_RE = re.compile(r"[^\W_]+")
_TOKEN_SPLIT_RE = re.compile(r"[\s|\[\]{}()]+")


def family(renderer: str) -> str:
    if "tesseract" in renderer:
        return "OCR (tesseract)"
    if "pdftotext" in renderer:
        return "pdftotext -layout" if "-layout" in renderer else "pdftotext"
    return "markdown / html"


def number_forms(value: float | int) -> set[str]:
    if float(value).is_integer():
        n = int(value)
        forms = {f"{n:,}", str(n)}
        if n == 0:
            forms |= {"0.00", "-0-"}
    else:
        forms = {str(value), f"{value:,}"}
    return forms | {"$" + f for f in forms}


def date_forms(value: str) -> set[str]:
    d = dt.date.fromisoformat(value)
    return {d.strftime("%m/%d/%Y"), f"{d.month}/{d.day}/{d.year}", d.strftime("%m/%d/%y"), value}


class Text:
    def __init__(self, text: str):
        self.text = text
        self.tokens = {t.rstrip(".,;") for t in _TOKEN_SPLIT_RE.split(text)} | set(_TOKEN_SPLIT_RE.split(text))
        self.stream = [w.casefold() for w in _WORD_RE.findall(re.sub(r"-\n\s*", "", text))]
        self.words = set(self.stream) | {w.casefold() for w in _WORD_RE.findall(text)}
        self.at: dict[str, list[int]] = defaultdict(list)
        for k, w in enumerate(self.stream):
            self.at[w].append(k)

    def in_order(self, words: list[str]) -> bool:
        """`words` one after another in the text, up to GAP other words between two."""
        if not words:
            return True
        for start in self.at.get(words[0], []):
            k = start
            for w in words[1:]:
                nxt = next((j for j in self.at.get(w, []) if k < j <= k + 1 + GAP), None)
                if nxt is None:
                    break
                k = nxt
            else:
                return True
        return False

    def holds(self, value, prose: bool = False) -> bool:
        if value is None or isinstance(value, (bool, list)):
            return True
        if isinstance(value, (int, float)):
            return bool(number_forms(value) & self.tokens)
        if re.fullmatch(r"\d{4}-\d\d-\d\d", str(value)):
            return any(f in self.text for f in date_forms(str(value)))
        words = [w.casefold() for w in _WORD_RE.findall(str(value))]
        if prose:
            return self.in_order(words)
        return all(w in self.words for w in words)


def ceiling_record(gold: dict, text: Text) -> tuple[dict, int, int]:
    """The gold record without the values `text` does not hold; (record, values, dropped)."""
    out = copy.deepcopy(gold)
    counts = [0, 0]
    markers = defaultdict(int)      # '(n)' read in the text, less the notes' own
    for number in re.findall(r"\((\d{1,2})\)", text.text):
        markers[f"F{int(number)}"] += 1
    for fid in gold.get("footnotes") or {}:
        markers[fid] -= 1

    def keep(value, prose: bool = False) -> bool:
        if value is None or value == [] or isinstance(value, (bool, list)):
            return True
        counts[0] += 1
        held = text.holds(value, prose)
        counts[1] += not held
        return held

    for key in ("period_of_report", "date_of_original_submission", "remarks"):
        if not keep(out.get(key), prose=key == "remarks"):
            out[key] = None
    for key, value in (out.get("issuer") or {}).items():
        if not keep(value):
            out["issuer"][key] = None
    for group in ["reporting_owners", "signatures", *score.ROW_KEYS]:
        for row in out.get(group) or []:
            for key, value in row.items():
                if key == "footnotes" and value:
                    counts[0] += 1
                    if all(markers[fid] > 0 for fid in value):
                        for fid in value:
                            markers[fid] -= 1
                    else:
                        counts[1] += 1
                        row[key] = []
                elif not keep(value):
                    row[key] = None
    notes = out.get("footnotes") or {}
    out["footnotes"] = {fid: note for fid, note in notes.items() if keep(note, prose=True)}
    return out, counts[0], counts[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["dev", "train"])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    result = {}
    for name in args.sets:
        folder = SHARED / "real" / name
        tallies: dict[str, score.Tally] = defaultdict(score.Tally)
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in csv.DictReader(open(folder / "manifest.csv")):
            gold = json.loads((folder / "gold" / f"{row['id']}.json").read_text())
            text = Text((folder / "docs" / f"{row['id']}.txt").read_text(encoding="utf-8"))
            best, values, dropped = ceiling_record(gold, text)
            for key in ("all", family(row["renderer"])):
                score.score_document(gold, best, tallies[key])
                counts[key][0] += values
                counts[key][1] += dropped
        result[name] = {key: {"values": counts[key][0], "not_in_text": counts[key][1],
                              "ceiling_f1": round(tallies[key].prf()[2], 4)} for key in sorted(tallies)}
        print(f"{name}:")
        for key, row in result[name].items():
            print(f"  {key:20} values {row['values']:5d}  not in the text {row['not_in_text']:4d}  "
                  f"ceiling field F1 {row['ceiling_f1']:.4f}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
