"""The filing record: frozen dataclasses in the shape of `shared/schema/README.md`.

Leaves are typed: dates are `datetime.date`, share counts and prices `float`, codes and
names `str`, relationship marks `bool`; a value the form leaves empty is `None`.
`Record.to_dict()` gives exactly the schema's JSON shape and `Record.from_dict()` reads it
back, so every gold file round-trips.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping

from .vocabulary import DATE_KEYS, NUMBER_KEYS

Leaf = str | float | bool | dt.date | tuple[str, ...] | None


class RecordError(ValueError):
    """A record dictionary that does not have the schema's shape."""


@dataclass(frozen=True)
class Field:
    """One extracted leaf: its record path, value, confidence and where it was read.

    `start`/`end` are end-exclusive character offsets into the raw input text, or None
    where the value was inferred rather than read.
    """
    path: str
    value: Leaf
    confidence: float
    start: int | None = None
    end: int | None = None
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "value": _leaf_to_json(self.path, self.value),
                "confidence": round(float(self.confidence), 4),
                "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Field":
        key = data["path"].rsplit(".", 1)[-1]
        return cls(path=data["path"], value=_leaf_from_json(key, data.get("value")),
                   confidence=float(data.get("confidence", 0.0)), start=data.get("start"),
                   end=data.get("end"), text=data.get("text"))


@dataclass(frozen=True)
class Issuer:
    name: str | None = None
    ticker: str | None = None


@dataclass(frozen=True)
class ReportingOwner:
    name: str | None = None
    street1: str | None = None
    street2: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    is_director: bool = False
    is_officer: bool = False
    is_ten_percent_owner: bool = False
    is_other: bool = False
    officer_title: str | None = None
    other_text: str | None = None


@dataclass(frozen=True)
class NonDerivativeTransaction:
    security_title: str | None = None
    transaction_date: dt.date | None = None
    deemed_execution_date: dt.date | None = None
    transaction_code: str | None = None
    shares: float | None = None
    price_per_share: float | None = None
    acquired_disposed: str | None = None
    shares_owned_following: float | None = None
    direct_or_indirect: str | None = None
    nature_of_ownership: str | None = None
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class NonDerivativeHolding:
    security_title: str | None = None
    shares_owned_following: float | None = None
    direct_or_indirect: str | None = None
    nature_of_ownership: str | None = None
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DerivativeTransaction:
    security_title: str | None = None
    conversion_or_exercise_price: float | None = None
    transaction_date: dt.date | None = None
    deemed_execution_date: dt.date | None = None
    transaction_code: str | None = None
    shares: float | None = None
    price_per_share: float | None = None
    acquired_disposed: str | None = None
    exercise_date: dt.date | None = None
    expiration_date: dt.date | None = None
    underlying_security_title: str | None = None
    underlying_shares: float | None = None
    shares_owned_following: float | None = None
    direct_or_indirect: str | None = None
    nature_of_ownership: str | None = None
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DerivativeHolding:
    security_title: str | None = None
    conversion_or_exercise_price: float | None = None
    exercise_date: dt.date | None = None
    expiration_date: dt.date | None = None
    underlying_security_title: str | None = None
    underlying_shares: float | None = None
    shares_owned_following: float | None = None
    direct_or_indirect: str | None = None
    nature_of_ownership: str | None = None
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Signature:
    name: str | None = None
    date: dt.date | None = None


Row = NonDerivativeTransaction | NonDerivativeHolding | DerivativeTransaction | DerivativeHolding


@dataclass(frozen=True)
class Record:
    document_type: str | None = "4"
    period_of_report: dt.date | None = None
    date_of_original_submission: dt.date | None = None
    issuer: Issuer = field(default_factory=Issuer)
    reporting_owners: tuple[ReportingOwner, ...] = ()
    non_derivative_transactions: tuple[NonDerivativeTransaction, ...] = ()
    non_derivative_holdings: tuple[NonDerivativeHolding, ...] = ()
    derivative_transactions: tuple[DerivativeTransaction, ...] = ()
    derivative_holdings: tuple[DerivativeHolding, ...] = ()
    footnotes: Mapping[str, str] = field(default_factory=dict)
    remarks: str | None = None
    signatures: tuple[Signature, ...] = ()
    fields: tuple[Field, ...] = ()
    unscored: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    ROW_TYPES: ClassVar[dict[str, type]] = {
        "reporting_owners": ReportingOwner,
        "non_derivative_transactions": NonDerivativeTransaction,
        "non_derivative_holdings": NonDerivativeHolding,
        "derivative_transactions": DerivativeTransaction,
        "derivative_holdings": DerivativeHolding,
        "signatures": Signature,
    }

    def to_dict(self, with_fields: bool = True) -> dict[str, Any]:
        """The schema's JSON shape; `fields`, `unscored` and `warnings` only when present."""
        out: dict[str, Any] = {
            "document_type": self.document_type,
            "period_of_report": _leaf_to_json("period_of_report", self.period_of_report),
            "date_of_original_submission": _leaf_to_json(
                "date_of_original_submission", self.date_of_original_submission),
            "issuer": _object_to_json(self.issuer),
        }
        for name in self.ROW_TYPES:
            if name != "signatures":
                out[name] = [_object_to_json(row) for row in getattr(self, name)]
        out["footnotes"] = dict(self.footnotes)
        out["remarks"] = self.remarks
        out["signatures"] = [_object_to_json(s) for s in self.signatures]
        if with_fields and self.fields:
            out["fields"] = [f.to_dict() for f in self.fields]
        if self.unscored:
            out["unscored"] = list(self.unscored)
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Record":
        if not isinstance(data, Mapping):
            raise RecordError(f"a record is a JSON object, not {type(data).__name__}")
        try:
            kwargs: dict[str, Any] = {
                "document_type": data.get("document_type"),
                "period_of_report": _leaf_from_json("period_of_report", data.get("period_of_report")),
                "date_of_original_submission": _leaf_from_json(
                    "date_of_original_submission", data.get("date_of_original_submission")),
                "issuer": _object_from_json(Issuer, data.get("issuer") or {}),
                "footnotes": {str(k): str(v) for k, v in (data.get("footnotes") or {}).items()},
                "remarks": data.get("remarks"),
                "fields": tuple(Field.from_dict(f) for f in data.get("fields") or ()),
                "unscored": tuple(data.get("unscored") or ()),
                "warnings": tuple(data.get("warnings") or ()),
            }
            for name, row_type in cls.ROW_TYPES.items():
                kwargs[name] = tuple(_object_from_json(row_type, r) for r in data.get(name) or ())
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise RecordError(f"not a Form 4 record: {exc}") from exc
        return cls(**kwargs)

    def leaves(self) -> dict[str, Leaf]:
        """Every leaf by its path (`non_derivative_transactions[0].shares`, `footnotes.F1`)."""
        out: dict[str, Leaf] = {
            "document_type": self.document_type, "period_of_report": self.period_of_report,
            "date_of_original_submission": self.date_of_original_submission,
            "issuer.name": self.issuer.name, "issuer.ticker": self.issuer.ticker,
            "remarks": self.remarks,
        }
        for name in self.ROW_TYPES:
            for i, row in enumerate(getattr(self, name)):
                for f in dataclasses.fields(row):
                    out[f"{name}[{i}].{f.name}"] = getattr(row, f.name)
        for fid, text in self.footnotes.items():
            out[f"footnotes.{fid}"] = text
        return out


def _object_to_json(obj: Any) -> dict[str, Any]:
    return {f.name: _leaf_to_json(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def _object_from_json(cls: type, data: Mapping[str, Any]) -> Any:
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise RecordError(f"{cls.__name__} has no keys {sorted(unknown)}")
    return cls(**{k: _leaf_from_json(k, v) for k, v in data.items()})


def _leaf_to_json(key: str, value: Leaf) -> Any:
    key = key.rsplit(".", 1)[-1].split("[", 1)[0]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not isinstance(value, bool):
        if math.isfinite(value) and value == int(value) and abs(value) < 2 ** 53:
            return int(value)
        return value
    if isinstance(value, tuple):
        return list(value)
    return value


def _leaf_from_json(key: str, value: Any) -> Leaf:
    if value is None:
        return None
    if key in DATE_KEYS:
        return dt.date.fromisoformat(str(value))
    if key in NUMBER_KEYS:
        if isinstance(value, bool):
            raise RecordError(f"{key} is a number, not a boolean")
        return float(value)
    if key == "footnotes":
        return tuple(str(v) for v in value)
    if key.startswith("is_"):
        return bool(value)
    return value
