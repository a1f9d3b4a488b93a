"""course.pretrain.parallel: the script runs (tiny settings) and writes what it promises; the committed checkpoints
are small and their recorded metrics are exactly what the chapter's evaluation measures on the CPU."""

import json

import pytest
import torch

from course.pretrain import __main__ as dispatcher
from course.pretrain import parallel as script
from utils.pretrained import CHECKPOINT_DIR
from utils.pretrained import parallel as pretrained


def test_the_script_runs_briefly_and_records_everything(tmp_path):
    argv = ["parallel", "--tasks", "parity", "--seeds", "0,1", "--steps", "3", "--out", str(tmp_path)]
    assert dispatcher.main(argv) == 0
    weights, record_path = pretrained.checkpoint_paths("parity", tmp_path)
    record = json.loads(record_path.read_text())
    assert record["command"] == "rnnbook pretrain parallel " + " ".join(argv[1:])
    assert record["steps"] == 3 and record["seeds"] == [0, 1] and record["torch"] == torch.__version__
    assert record["size_bytes"] == weights.stat().st_size
    models, _ = pretrained.load("parity", tmp_path)
    assert set(models) == set(pretrained.KINDS["parity"])
    for kind in pretrained.KINDS["parity"]:
        assert [run["seed"] for run in record["runs"][kind]] == [0, 1]
        for run, model in zip(record["runs"][kind], models[kind], strict=True):
            assert len(run["history"]["loss"]) == 3 and run["train_seconds"] >= 0
            assert run["metrics"] == pretrained.evaluate("parity", model)
    assert dispatcher.main(["parallel", "--tasks", "parity", "--reevaluate", "--out", str(tmp_path)]) == 0
    again = json.loads(record_path.read_text())
    assert again["runs"] == record["runs"]
    assert again["reevaluated"]["command"].endswith("--reevaluate --out " + str(tmp_path))


def test_training_is_seeded_and_evaluation_leaves_the_model_as_it_was():
    first, _ = pretrained.train_one("parity", "signed", 0, 2)
    second, _ = pretrained.train_one("parity", "signed", 0, 2)
    assert all(torch.equal(p, q) for p, q in zip(first.parameters(), second.parameters(), strict=True))
    first.train()
    pretrained.evaluate("parity", first)
    assert first.training and next(first.parameters()).dtype == torch.float32


def test_bad_arguments_are_rejected():
    with pytest.raises(SystemExit):
        script.main(["--tasks", "sorting"])
    with pytest.raises(SystemExit):
        script.main(["--seeds", "zero"])
    with pytest.raises(ValueError, match="task must be one of"):
        pretrained.build("sorting", "lstm")
    with pytest.raises(ValueError, match="kind must be one of"):
        pretrained.build("copying", "lstm")


@pytest.mark.parametrize("task", pretrained.TASKS)
def test_committed_checkpoints_match_what_the_chapter_measures(task):
    weights, record_path = pretrained.checkpoint_paths(task)
    assert weights.parent == CHECKPOINT_DIR and weights.stat().st_size <= 3_000_000
    record = json.loads(record_path.read_text())
    assert record["command"] == "rnnbook pretrain parallel"
    assert record["steps"] == pretrained.SETTINGS[task]["steps"] and record["settings"] == pretrained.SETTINGS[task]
    assert record["seeds"] == list(pretrained.SEEDS)
    models, _ = pretrained.load(task)
    for kind in pretrained.KINDS[task]:
        for run, model in zip(record["runs"][kind], models[kind], strict=True):
            assert pretrained.evaluate(task, model) == run["metrics"], (task, kind, run["seed"])
