"""The intent data sets in ../shared (the bench's default data): they must be there.

These tests fail, never skip, when ../shared/data/intents is missing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from guichet.triage.evaluation import evaluate
from guichet.triage.training import train_classifier

ROOT = Path(__file__).resolve().parents[3]
INTENTS = ROOT.parent / "shared" / "data" / "intents"


def bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_triage", ROOT / "bench" / "triage.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_default_data_sets_are_present() -> None:
    for name in ("banking77", "clinc150"):
        assert (INTENTS / name / "train.csv").is_file(), f"missing {INTENTS / name}"
        assert (INTENTS / name / "test.csv").is_file(), f"missing {INTENTS / name}"


def test_text_only_model_learns_a_slice_of_banking77() -> None:
    # Given 15 of the 77 intents (text features only, to stay fast)
    read = bench_module().read_split
    texts, labels = read(INTENTS / "banking77" / "train.csv")
    test_texts, test_labels = read(INTENTS / "banking77" / "test.csv")
    kept = sorted(set(labels))[:15]
    train = [(t, lab) for t, lab in zip(texts, labels, strict=True) if lab in kept]
    test = [(t, lab) for t, lab in zip(test_texts, test_labels, strict=True) if lab in kept]

    # When the product's training service learns them
    classifier = train_classifier([t for t, _ in train], [lab for _, lab in train]).classifier

    # Then it recognises unseen utterances
    predicted = [p.label for p in classifier.predict([t for t, _ in test])]
    assert evaluate([lab for _, lab in test], predicted)["accuracy"] >= 0.85


def test_clinc150_has_out_of_scope_examples() -> None:
    _, labels = bench_module().read_split(INTENTS / "clinc150" / "val.csv")
    assert labels.count("oos") == 100


def test_bench_reads_texts_with_newlines(tmp_path: Path) -> None:
    (tmp_path / "train.csv").write_text(
        'text,label\n"ligne 1\nligne 2",a\nsimple,b\n', encoding="utf-8"
    )

    texts, labels = bench_module().read_split(tmp_path / "train.csv")

    assert texts == ["ligne 1\nligne 2", "simple"] and labels == ["a", "b"]
