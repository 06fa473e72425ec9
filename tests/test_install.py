"""What `pip install` (not an editable checkout) gives a user: a wheel that holds the shipped
model and the data files, and an installed package that finds and runs them."""
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from extractor.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy of the sources, so that no earlier build's files get in."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("extractor", "training", "models"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "candidate"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
                   check=True, capture_output=True)
    (path,) = out.glob("form4_extractor-*.whl")
    return path


@pytest.mark.slow
def test_the_wheel_holds_the_shipped_model_and_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"extractor/models/default/{p.name}" for p in (ROOT / "models" / "default").iterdir()}
    assert {"extractor/models/default/meta.json", "extractor/models/default/tagger.npz"} <= shipped <= names
    assert "extractor/data/us_places.tsv" in names
    # the training code goes inside the package: no top-level 'training' of an installed copy
    assert "extractor/training/train.py" in names and "extractor/training/synth/__init__.py" in names
    assert not any(name.startswith("training/") for name in names)


@pytest.mark.slow
def test_an_installed_copy_extracts_with_its_own_model(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    example = ROOT / "examples" / "form4-tab-separated.txt"
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); "
            "from extractor.pipeline import DEFAULT_MODEL, Extractor; "
            "record = Extractor.load().extract(open(sys.argv[2]).read()); "
            "print(DEFAULT_MODEL); print(json.dumps(record.to_dict()))")
    # run from elsewhere, so that the checkout is not what gets imported
    done = subprocess.run([sys.executable, "-c", code, str(site), str(example)], cwd=tmp_path,
                          capture_output=True, text=True, check=True)
    model, record = done.stdout.split("\n")[:2]
    assert Path(model) == site / "extractor" / "models" / "default"
    assert json.loads(record) == Extractor.load().extract(example.read_text()).to_dict()
