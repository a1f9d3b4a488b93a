"""course.pretrain.charlm: the script runs (a tiny, short run) and the committed checkpoint's record is what the
chapter measures."""

import json
import math

import pytest
import torch

from course.pretrain import charlm as script
from utils.charlm import evaluate_bpc
from utils.compressors import compressed_bpc
from utils.data.python_docs import corpus_fingerprint, load_python_docs, split_heldout
from utils.pretrained import CHECKPOINT_DIR
from utils.pretrained import charlm as pretrained

TINY = ["--steps", "4", "--eval-every", "4", "--hidden-size", "16", "--embed-dim", "8", "--num-layers", "1",
        "--batch-size", "8", "--bptt", "16", "--seed", "3"]


def test_a_short_run_writes_a_checkpoint_whose_record_matches_a_fresh_measurement(tmp_path):
    assert script.main([*TINY, "--out", str(tmp_path)]) == 0
    record = json.loads((tmp_path / "charlm.json").read_text())
    assert record["command"].startswith("rnnbook pretrain charlm --steps 4")
    assert record["steps_done"] == record["best_step"] == 4 and record["args"]["seed"] == 3
    assert record["torch"] == torch.__version__ and record["corpus"] == corpus_fingerprint(load_python_docs())
    model, vocab, loaded = pretrained.load_checkpoint(tmp_path)
    assert loaded == record and model.config["hidden_size"] == 16 and not model.training
    text = load_python_docs()
    train, heldout = split_heldout(text, 0.1)
    measured = evaluate_bpc(model, vocab.encode(heldout), int(vocab.encode(train[-1])[0]))
    assert measured == pytest.approx(record["metrics"]["model_bpc"], abs=1e-6)
    assert math.log2(len(vocab)) - 1 < measured < math.log2(len(vocab)) + 1  # 4 steps: still near uniform


def test_the_committed_checkpoint_is_small_and_measures_as_recorded():
    assert (CHECKPOINT_DIR / "charlm.pt").stat().st_size <= 3 * 2**20
    model, vocab, record = pretrained.load_checkpoint()
    for key in ("command", "python", "torch", "train_minutes", "best_step", "parameters", "metrics", "corpus"):
        assert key in record, f"charlm.json lacks {key!r}"
    assert record["parameters"] == sum(p.numel() for p in model.parameters())
    text = load_python_docs()
    assert record["corpus"]["sha256"] == corpus_fingerprint(text)["sha256"]  # the same text on every Python
    train, heldout = split_heldout(text, 0.1)
    metrics = record["metrics"]
    measured = evaluate_bpc(model, vocab.encode(heldout), int(vocab.encode(train[-1])[0]))
    assert measured == pytest.approx(metrics["model_bpc"], abs=1e-4)
    for name in ("gzip", "bz2", "lzma"):
        assert compressed_bpc(heldout, name) == pytest.approx(metrics[f"{name}_bpc"], abs=1e-12)
    assert compressed_bpc(heldout, "lzma", context=train) == pytest.approx(metrics["lzma_with_context_bpc"], abs=1e-12)
    assert measured < min(metrics["gzip_bpc"], metrics["bz2_bpc"], metrics["lzma_bpc"])  # the chapter's claim
