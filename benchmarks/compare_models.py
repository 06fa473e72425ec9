"""The candidate taggers side by side on the same data, in one run.

    python benchmarks/compare_models.py --synthetic 300 --out benchmarks/results/models.json

Candidates: (a) the linear tagger over hashed layout features (softmax logistic
regression), single and stacked; (b) spaCy's own NER trained with `spacy train` (the
way a spaCy user would: tok2vec + ner over our Docs); (c) a linear-chain CRF over the
same features, with BIO tags (sklearn-crfsuite) and with IO tags (python-crfsuite, the
shipped `extractor.crf.CrfTagger`). Each is trained on real/train +
generated documents, then measured on ../shared/seeds and ../shared/real/dev per renderer:
token F1 (against aligned gold), field F1 (the shared ruler's rules, through the same
assembly), training time, tokens and documents per second when tagging, model size, and
peak memory. Each candidate runs in its own process so peak memory is its own.
`--candidates crf-bio,spacy-ner` reruns some and keeps the others' results in --out;
the table goes to stdout and beside --out as .md.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
CANDIDATES = ("crf-io", "linear", "linear-stacked", "crf-bio", "spacy-ner")


def load_data(synthetic: int):
    from extractor.training.annotate import annotate_folder
    from extractor.training.data import example_from_line, load_examples
    from extractor.training.synth import generate

    train = list(load_examples([ROOT / "annotations" / "real-train.jsonl"]))
    train += [example_from_line(line) for line in generate(synthetic, 0)]
    evals = {}
    for name, folder in (("seeds", SHARED / "seeds"), ("dev", SHARED / "real" / "dev")):
        evals[name] = [example_from_line(line) for line in annotate_folder(folder / "docs", folder / "gold")]
    return train, evals


# --- adapters: every candidate as a tagger with predict_proba(doc) -> (idx, proba) ----------

class _Decoded:
    """spans(doc) as the extractor's taggers give it: decoded spans and a document score."""

    def spans(self, doc):
        from extractor.decode import decoded
        return decoded(doc, *self.predict_proba(doc))


class SpacyNer(_Decoded):
    def __init__(self, nlp):
        self.nlp = nlp

    @classmethod
    def train(cls, examples, folder: Path, steps: int):
        import spacy
        from spacy.tokens import DocBin

        from extractor.features import content_tokens

        bins = {"train": DocBin(), "dev": DocBin()}
        for k, e in enumerate(examples):
            doc = e.doc.copy()
            idx = content_tokens(doc)
            ents, p = [], 0
            while p < len(e.tags):
                if e.tags[p].startswith("B-"):
                    q = p + 1
                    while q < len(e.tags) and e.tags[q] == "I-" + e.tags[p][2:]:
                        q += 1
                    last = doc[idx[q - 1]]
                    ents.append(doc.char_span(doc[idx[p]].idx, last.idx + len(last), label=e.tags[p][2:]))
                    p = q
                else:
                    p += 1
            doc.ents = [s for s in ents if s is not None]
            bins["dev" if k % 10 == 0 else "train"].add(doc)
        for name, b in bins.items():
            b.to_disk(folder / f"{name}.spacy")
        config = folder / "config.cfg"
        subprocess.run([sys.executable, "-m", "spacy", "init", "config", str(config), "--lang", "en",
                        "--pipeline", "ner", "--optimize", "efficiency", "--force"], check=True,
                       capture_output=True)
        subprocess.run([sys.executable, "-m", "spacy", "train", str(config), "--output", str(folder / "out"),
                        "--paths.train", str(folder / "train.spacy"), "--paths.dev", str(folder / "dev.spacy"),
                        "--training.max_epochs", "0", "--training.patience", "0",
                        "--training.seed", "0", "--system.seed", "0", "--nlp.batch_size", "64",
                        "--training.max_steps", str(steps)],
                       check=True, capture_output=True)
        return cls(spacy.load(folder / "out" / "model-last"))

    def predict_proba(self, doc):
        from extractor.features import content_tokens
        from extractor.vocabulary import BIO_TAGS

        idx = content_tokens(doc)
        ner = self.nlp.get_pipe("ner")
        doc = ner(self.nlp.get_pipe("tok2vec")(doc) if "tok2vec" in self.nlp.pipe_names else doc)
        proba = np.zeros((len(idx), len(BIO_TAGS)))
        proba[:, 0] = 1.0
        pos = {i: p for p, i in enumerate(idx)}
        for ent in doc.ents:
            first = True
            for token in ent:
                p = pos.get(token.i)
                if p is None:
                    continue
                proba[p, 0] = 0.0
                proba[p, BIO_TAGS.index(("B-" if first else "I-") + ent.label_)] = 1.0
                first = False
        return idx, proba


class Crf(_Decoded):
    def __init__(self, model):
        self.model = model

    @staticmethod
    def _seq(doc):
        from extractor.features import doc_features
        idx, feats = doc_features(doc)
        return idx, [{f: 1.0 for f in row} for row in feats]

    @classmethod
    def train(cls, examples, folder: Path, iterations: int):
        import sklearn_crfsuite
        X, y = [], []
        for e in examples:
            X.append(cls._seq(e.doc)[1])
            y.append(e.tags)
        model = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.05, c2=0.01, max_iterations=iterations,
                                     model_filename=str(folder / "crf.crfsuite"))
        model.fit(X, y)
        return cls(model)

    def predict_proba(self, doc):
        from extractor.vocabulary import BIO_TAGS
        idx, seq = self._seq(doc)
        if not idx:
            return idx, np.zeros((0, len(BIO_TAGS)))
        marginals = self.model.predict_marginals_single(seq)
        proba = np.array([[m.get(t, 0.0) for t in BIO_TAGS] for m in marginals])
        return idx, proba


# --- one candidate, measured ---------------------------------------------------------------

def run_candidate(name: str, synthetic: int) -> dict:
    from extractor.evaluate import score_records
    from extractor.pipeline import Extractor
    from extractor.training.annotate import renderer_family
    from extractor.training.train import TrainConfig, fit_tagger, token_scores

    train, evals = load_data(synthetic)
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    started = time.perf_counter()
    if name in ("linear", "linear-stacked"):
        tagger = fit_tagger(train, TrainConfig(model="linear", stacked=name == "linear-stacked"))
        tagger.save(folder / "model")
    elif name == "crf-io":
        tagger = fit_tagger(train, TrainConfig(model="crf"))
        tagger.save(folder / "model")
    elif name == "spacy-ner":
        tagger = SpacyNer.train(train, folder, steps=1500)
    else:
        tagger = Crf.train(train, folder, iterations=60)
    train_seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.suffix not in (".spacy", ".cfg"))
    extractor = Extractor(tagger)
    out = {"candidate": name, "train_seconds": round(train_seconds, 1), "model_bytes": size}
    tokens = docs = 0
    started = time.perf_counter()
    for examples in evals.values():
        for e in examples:
            idx, _ = tagger.predict_proba(e.doc)
            tokens += len(idx)
            docs += 1
    tag_seconds = time.perf_counter() - started
    out["tokens_per_second"] = round(tokens / tag_seconds)
    started = time.perf_counter()
    for name_, examples in evals.items():
        groups: dict[str, list] = {}
        token_groups: dict[str, list] = {}
        for e in examples:
            family = "all" if name_ == "seeds" else renderer_family(e.meta["renderer"])
            pred = extractor.extract(e.doc.text).to_dict()
            groups.setdefault(family, []).append((e.id, e.meta["record"], pred))
            token_groups.setdefault(family, []).append(e)
        if name_ == "dev":
            groups["all"] = [x for v in groups.values() for x in v]
            token_groups["all"] = [x for v in token_groups.values() for x in v]
        out[name_] = {g: {"field_f1": score_records(pairs)["field_f1"],
                          "token_f1": token_scores(tagger, token_groups[g])["micro"]["f1"],
                          "documents": len(pairs)} for g, pairs in sorted(groups.items())}
    out["documents_per_second"] = round(docs / (time.perf_counter() - started), 1)
    out["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def table(results: list[dict]) -> str:
    lines = ["| candidate | train s | model MB | tokens/s | docs/s (full pipeline) | peak MB | seeds field F1 | "
             "dev token F1 | dev field F1 |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['candidate']} | {r['train_seconds']} | {r['model_bytes'] / 1e6:.1f} | "
                     f"{r['tokens_per_second']} | {r['documents_per_second']} | {r['peak_memory_mb']} | "
                     f"{r['seeds']['all']['field_f1']:.4f} | {r['dev']['all']['token_f1']:.4f} | "
                     f"{r['dev']['all']['field_f1']:.4f} |")
    families = sorted({f for r in results for f in r["dev"] if f != "all"})
    lines += ["", "dev field F1 / token F1 per renderer:", "",
              "| renderer | " + " | ".join(r["candidate"] for r in results) + " |",
              "|---|" + "---|" * len(results)]
    for f in families:
        cells = [f"{r['dev'][f]['field_f1']:.3f} / {r['dev'][f]['token_f1']:.3f}" if f in r["dev"] else "-"
                 for r in results]
        lines.append(f"| {f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=300)
    parser.add_argument("--candidates", default=",".join(CANDIDATES))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "models.json")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_candidate(args.one, args.synthetic)))
        return
    names = args.candidates.split(",")
    # a run of some candidates replaces theirs and keeps the others' results
    kept = json.loads(args.out.read_text()) if args.out.exists() else []
    results = [r for r in kept if r["candidate"] not in names]
    for name in names:
        done = subprocess.run([sys.executable, __file__, "--one", name, "--synthetic", str(args.synthetic)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{name} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{name}: done", file=sys.stderr)
    results.sort(key=lambda r: CANDIDATES.index(r["candidate"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(table(results) + "\n")
    print(table(results))


if __name__ == "__main__":
    main()
