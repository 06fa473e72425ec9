import datetime as dt
import json

import pytest

from extractor.record import Field, NonDerivativeTransaction, Record, RecordError

from .conftest import DATA, shared_gold_files

GOLD_FILES = sorted(DATA.glob("*/gold/*.json")) + shared_gold_files()


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_gold_round_trips(path):
    data = json.loads(path.read_text())
    record = Record.from_dict(data)
    assert record.to_dict() == data
    assert list(record.to_dict()) == list(data)  # same keys in the schema's order


def test_leaves_are_typed():
    data = json.loads((DATA / "seeds/gold/000_bf81ea8f41d8316e.json").read_text())
    record = Record.from_dict(data)
    row = record.non_derivative_transactions[0]
    assert isinstance(row, NonDerivativeTransaction)
    assert row.transaction_date == dt.date(2024, 11, 1)
    assert isinstance(row.shares, float) and row.shares == 3052
    assert row.footnotes == ("F1",)
    assert record.reporting_owners[0].is_officer is True
    assert record.leaves()["non_derivative_transactions[0].price_per_share"] == 120.34


def test_fields_carry_confidence_and_span():
    field = Field("non_derivative_transactions[0].shares", 3052.0, 0.97, 1834, 1839, "3,052")
    record = Record(fields=(field,))
    out = record.to_dict()
    assert out["fields"] == [{"path": "non_derivative_transactions[0].shares", "value": 3052,
                              "confidence": 0.97, "start": 1834, "end": 1839, "text": "3,052"}]
    assert Record.from_dict(out).fields == (field,)
    assert "fields" not in record.to_dict(with_fields=False)


@pytest.mark.parametrize("bad", [[], {"issuer": {"nme": "x"}},
                                 {"period_of_report": "yesterday"},
                                 {"non_derivative_transactions": [{"shares": True}]}])
def test_malformed_records_raise_a_typed_error(bad):
    with pytest.raises(RecordError):
        Record.from_dict(bad)
