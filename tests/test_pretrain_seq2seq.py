"""course.pretrain.seq2seq: the script runs (tiny settings) and writes what it promises; the committed checkpoints
are small and their recorded metrics are exactly what the chapter's evaluation measures on the CPU."""

import json

import pytest
import torch

from course.pretrain import __main__ as dispatcher
from course.pretrain import seq2seq as script
from utils.data import transduction as tr
from utils.pretrained import CHECKPOINT_DIR
from utils.pretrained import seq2seq as pretrained


def test_the_script_runs_briefly_and_records_everything(tmp_path):
    argv = ["seq2seq", "--models", "reverse_attention,dates", "--steps", "3", "--train-size", "128",
            "--per-bucket", "4", "--date-test", "8", "--out", str(tmp_path)]
    assert dispatcher.main(argv) == 0
    for name in ("reverse_attention", "dates"):
        weights, record_path = pretrained.checkpoint_paths(name, tmp_path)
        record = json.loads(record_path.read_text())
        assert record["command"] == "rnnbook pretrain seq2seq " + " ".join(argv[1:])
        assert record["steps"] == 3 and record["seed"] == 0 and record["torch"] == torch.__version__
        assert record["python"] and record["train_seconds"] >= 0 and len(record["history"]["loss"]) == 3
        model, _ = pretrained.load(name, tmp_path)
        assert record["metrics"] == pretrained.evaluate(name, model, per_bucket=4, date_test=8)
        assert record["size_bytes"] == weights.stat().st_size


def test_the_fixed_context_model_trains_with_its_length_curriculum(tmp_path):
    argv = ["seq2seq", "--models", "reverse_plain", "--steps", "10", "--train-size", "256", "--per-bucket", "2",
            "--out", str(tmp_path)]
    assert dispatcher.main(argv) == 0
    record = json.loads(pretrained.checkpoint_paths("reverse_plain", tmp_path)[1].read_text())
    start, fraction = script.DEFAULT_CURRICULUM["reverse_plain"]
    assert record["curriculum"] == {"first_max_len": start, "reaches_max_len_at_step": round(fraction * 10)}
    assert dispatcher.main([*argv, "--curriculum", "none"]) == 0
    assert json.loads(pretrained.checkpoint_paths("reverse_plain", tmp_path)[1].read_text())["curriculum"] is None
    assert script.curriculum_for("dates", 100, (10, 0.5)) is None  # the dates model never has one


def test_bad_arguments_are_rejected():
    with pytest.raises(SystemExit):
        script.main(["--models", "reverse_sideways"])
    with pytest.raises(ValueError, match="name must be one of"):
        pretrained.model_config("sideways")
    for bad in ("10", "10,2", "0,0.5", "ten,0.5"):
        with pytest.raises(SystemExit):
            script.main(["--models", "reverse_plain", "--curriculum", bad])


@pytest.mark.parametrize("name", pretrained.MODELS)
def test_committed_checkpoints_match_what_the_chapter_measures(name):
    weights, record_path = pretrained.checkpoint_paths(name)
    assert weights.parent == CHECKPOINT_DIR and weights.stat().st_size <= 3_000_000
    record = json.loads(record_path.read_text())
    assert record["command"].startswith("rnnbook pretrain seq2seq")
    assert record["steps"] == script.DEFAULT_STEPS[name]
    assert record["eval"] == {"per_bucket": 200, "date_test": 1000}
    model, _ = pretrained.load(name)
    assert pretrained.evaluate(name, model) == record["metrics"]


def test_the_length_curve_claims_hold_for_the_committed_checkpoints():
    attention = json.loads(pretrained.checkpoint_paths("reverse_attention")[1].read_text())["metrics"]
    plain = json.loads(pretrained.checkpoint_paths("reverse_plain")[1].read_text())["metrics"]
    assert attention["31-40"] >= 0.9 and attention["31-40"] >= plain["31-40"] + 0.3


def test_hard_date_tests_lie_outside_the_training_distribution():
    sets = pretrained.hard_date_examples(20)
    assert list(sets) == ["years 2100–2199", *pretrained.HARD_DATE_LOCALES]
    assert all(2100 <= int(iso[:4]) <= 2199 for _, iso, _ in sets["years 2100–2199"])
    assert all(source.split("/")[0] in tr.DATE_LOCALES for _, _, source in sets["years 2100–2199"])
    for locale in pretrained.HARD_DATE_LOCALES:
        assert locale not in tr.DATE_LOCALES and sets[locale]
        assert all(source.startswith(locale + "/") and 1900 <= int(iso[:4]) <= 2099 for _, iso, source in sets[locale])
    src_vocab, _ = tr.date_vocabularies()
    assert all(len(src_vocab.encode(text)) == len(text) for examples in sets.values() for text, _, _ in examples)
    assert pretrained.hard_date_examples(20) == sets  # fixed
