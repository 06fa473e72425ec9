"""The confidence model's training data: values read from documents, marked right or wrong."""
from extractor.pipeline import Extractor
from extractor.training.calibrate import value_rows


def test_each_value_read_is_marked_right_or_wrong_by_the_shared_rules(seeds):
    extractor = Extractor.load()
    _, text, gold = seeds[0]
    rows = value_rows(extractor, text, gold.to_dict())
    assert len(rows) > 20 and all(ok for _, ok in rows)        # a seed comes back right

    other = gold.to_dict()
    other["issuer"]["name"] = "Another Issuer Inc"
    marked = value_rows(extractor, text, other)
    wrong = [features for features, ok in marked if not ok]
    assert len(marked) == len(rows) and len(wrong) == 1
    assert wrong[0]["kind=name"] == 1.0                           # the issuer's name, a name
