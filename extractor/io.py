"""Reading inputs and writing records: files, folders, stdin; JSON, JSONL, CSV.

Bad input never raises past `read_document`: it returns a `DocumentError` with a
one-line reason (empty, binary, too large, not text, not a Form 4).
"""
from __future__ import annotations

import codecs
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .record import Record

MAX_BYTES = 5_000_000
_BINARY_SIGNATURES = {b"\x89PNG": "a PNG image", b"PK\x03\x04": "a zip archive", b"%PDF": "a PDF file",
                      b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"\x1f\x8b": "a gzip file",
                      b"\x7fELF": "an executable"}


class DocumentError(ValueError):
    """An input that is not a readable Form 4 text; the message says why, in one line."""


@dataclass(frozen=True)
class Source:
    """One input: a path (or '-' for stdin) and the name its output takes. `taken` holds the
    names of other inputs of the batch that this input's later forms must not take (a file
    'x-form2.txt' beside a file 'x.txt' that holds two forms)."""
    path: str
    name: str
    taken: frozenset[str] = frozenset()

    def form_name(self, k: int) -> str:
        """The output name of the k-th Form 4 in this input: 'x', then 'x-form2' ..."""
        return self.name if k == 1 else _unique(f"{self.name}-form{k}", self.taken)


def _unique(name: str, taken: frozenset[str]) -> str:
    """`name`, or the first of 'name-2', 'name-3' ... not in `taken`."""
    candidates = itertools.chain([name], (f"{name}-{k}" for k in itertools.count(2)))
    return next(n for n in candidates if n not in taken)


def discover(inputs: Iterable[str]) -> list[Source]:
    """Files as given, folders searched recursively for *.txt, '-' for stdin; output names
    are the input stems, made unique ('x', 'x-2') where stems repeat, and never one that
    another input's stem or name holds, so that no output overwrites another."""
    paths: list[str] = []
    for item in inputs:
        if item == "-":
            paths.append("-")
            continue
        path = Path(item)
        if path.is_dir():
            paths.extend(str(p) for p in sorted(path.rglob("*.txt")))
        else:
            paths.append(str(path))
    stems = ["stdin" if p == "-" else Path(p).stem for p in paths]
    names: list[str] = []
    numbers: dict[str, Iterator[int]] = {}   # stem -> the numbers left for its repeats
    used: set[str] = set(stems)   # a repeated stem's name avoids every stem: 'x-2.txt' keeps its own
    for stem in stems:
        if stem in numbers:
            name = next(n for k in numbers[stem] if (n := f"{stem}-{k}") not in used)
        else:
            name, numbers[stem] = stem, itertools.count(2)
        used.add(name)
        names.append(name)
    forms: dict[str, set[str]] = {}   # 'x' -> the names 'x-form...' that x's later forms must avoid
    for name in names:
        for cut in re.finditer("-form", name):
            forms.setdefault(name[:cut.start()], set()).add(name)
    return [Source(p, name, frozenset(forms.get(name, ()))) for p, name in zip(paths, names)]


def decode(data: bytes, max_bytes: int = MAX_BYTES) -> tuple[str, list[str]]:
    """Bytes -> text and warnings; raises DocumentError for what is not text."""
    if len(data) > max_bytes:
        raise DocumentError(f"too large: {len(data) / 1e6:.1f} MB (limit {max_bytes / 1e6:.1f} MB)")
    for magic, what in _BINARY_SIGNATURES.items():
        if data.startswith(magic):
            raise DocumentError(f"not text: {what}")
    warnings = []
    utf16 = _utf16(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
        warnings.append("read as UTF-16 (as Windows tools save text)")
    elif b"\x00" in data[:4096]:
        raise DocumentError("not text: binary data (NUL bytes)")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            warnings.append("not valid UTF-8: read as Windows-1252/Latin-1")
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f\v")
    if controls > 0.01 * max(1, min(len(text), 20000)):
        raise DocumentError("not text: control characters throughout")
    if not text.strip():
        raise DocumentError("empty document" if not text else "empty document (whitespace only)")
    return text, warnings


def _utf16(data: bytes) -> str | None:
    """The codec of UTF-16 text (Notepad's 'Unicode', Windows PowerShell's `>`): by its
    byte-order mark, or, without one, by NUL high bytes of Latin text in every other byte."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:4096]
    if len(head) < 16:
        return None
    for codec, nul_at in (("utf-16-le", 1), ("utf-16-be", 0)):
        if head[nul_at::2].count(0) > 0.9 * len(head) // 2 and head[1 - nul_at::2].count(0) == 0:
            return codec
    return None


def read_source(source: Source, max_bytes: int = MAX_BYTES, stdin=None) -> tuple[str, list[str]]:
    if source.path == "-":
        import sys
        data = (stdin or sys.stdin.buffer).read()
    else:
        try:
            data = Path(source.path).read_bytes()
        except FileNotFoundError:
            raise DocumentError("no such file (gone before it was read)") from None
        except IsADirectoryError:
            raise DocumentError("is a directory") from None
        except OSError as exc:
            raise DocumentError(f"cannot read: {exc.strerror or exc}") from None
    return decode(data, max_bytes)


# --- outputs ---------------------------------------------------------------------------

def record_json(record: Record) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False, indent=2) + "\n"


def write_record(folder: Path, name: str, record: Record) -> Path:
    """DIR/<name>.json, written whole (temporary file, then rename)."""
    path = folder / f"{name}.json"
    tmp = folder / f".{name}.json.tmp"
    tmp.write_text(record_json(record), encoding="utf-8")
    tmp.replace(path)
    return path


# a row's columns in the form's order (Table II's own columns empty on Table I's rows)
CSV_COLUMNS = ["document", "table", "row", "owner", "issuer", "ticker", "security_title",
               "conversion_or_exercise_price", "transaction_date", "deemed_execution_date",
               "transaction_code", "shares", "price_per_share", "acquired_disposed", "exercise_date",
               "expiration_date", "underlying_security_title", "underlying_shares",
               "shares_owned_following", "direct_or_indirect", "nature_of_ownership", "footnotes",
               "min_confidence"]


def csv_rows(name: str, record: Record) -> Iterator[dict]:
    """One line per transaction or holding row, with document and owner columns."""
    owners = "; ".join(o.name for o in record.reporting_owners if o.name)
    conf: dict[str, float] = {}
    for f in record.fields:
        m = re.match(r"^(\w+\[\d+\])\.", f.path)
        if m:
            conf[m.group(1)] = min(conf.get(m.group(1), 1.0), f.confidence)
    for table in ("non_derivative_transactions", "non_derivative_holdings",
                  "derivative_transactions", "derivative_holdings"):
        for i, row in enumerate(getattr(record, table)):
            out = {"document": name, "table": table, "row": i, "owner": owners,
                   "issuer": record.issuer.name, "ticker": record.issuer.ticker,
                   "min_confidence": conf.get(f"{table}[{i}]")}
            for key in CSV_COLUMNS[6:-1]:
                value = getattr(row, key, None)
                if isinstance(value, float) and value == int(value):
                    value = int(value)
                out[key] = ";".join(value) if isinstance(value, tuple) else (
                    value.isoformat() if hasattr(value, "isoformat") else value)
            yield out


def write_csv(rows: list[dict], handle) -> None:
    import pandas as pd

    # object columns keep each value as read: a column with an empty cell would otherwise
    # turn float and write every count of it as '200000.0'
    pd.DataFrame(rows, columns=CSV_COLUMNS, dtype=object).to_csv(handle, index=False)
