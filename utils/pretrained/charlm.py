"""Chapter 09's checkpoint: a character LSTM trained on the Python documentation (by ``rnnbook pretrain charlm``,
``course/pretrain/charlm.py``): loading it, and measuring it against the compressors on the chapter's split.

``checkpoints/charlm.pt`` holds the weights, the model configuration and the vocabulary's tokens;
``checkpoints/charlm.json`` the command, seed, Python and torch versions, corpus fingerprint, training time and
the metrics measured on the saved weights.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

from ..charlm import STREAM_SPECIALS, CharLSTM, evaluate_bpc
from ..compressors import COMPRESSORS, compressed_bpc
from ..data.python_docs import split_heldout
from ..data.vocab import Vocab
from . import CHECKPOINT_DIR

NAME = "charlm"


def load_checkpoint(directory: Path = CHECKPOINT_DIR) -> tuple[CharLSTM, Vocab, dict]:
    """(model in eval mode on the CPU, its vocabulary, its JSON record) from ``directory``."""
    saved = torch.load(Path(directory) / f"{NAME}.pt", map_location="cpu", weights_only=True)
    model = CharLSTM(**saved["config"])
    model.load_state_dict(saved["state_dict"])
    record = json.loads((Path(directory) / f"{NAME}.json").read_text())
    return model.eval(), Vocab.from_tokens(saved["chars"], STREAM_SPECIALS, "<unk>"), record


def measure(model: CharLSTM, vocab: Vocab, text: str) -> dict:
    """Held-out bits per character of ``model`` and of the compressors, on the split of ``text`` the chapter uses."""
    train, heldout = split_heldout(text, 0.1)
    ids = vocab.encode(heldout)
    out = {"heldout_chars": len(heldout), "heldout_unk": int((ids == vocab.unknown_id).sum()),
           "model_bpc": evaluate_bpc(model, ids, int(vocab.encode(train[-1])[0]))}
    for name in COMPRESSORS:
        out[f"{name}_bpc"] = compressed_bpc(heldout, name)
    out["lzma_with_context_bpc"] = compressed_bpc(heldout, "lzma", context=train)
    return out


def save_checkpoint(model: CharLSTM, vocab: Vocab, record: dict, out: Path) -> None:
    """Write ``charlm.pt`` (configuration, the vocabulary's tokens, weights) and ``charlm.json`` (``record``)."""
    out.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    torch.save({"config": model.config, "chars": vocab.tokens, "state_dict": state}, out / f"{NAME}.pt")
    (out / f"{NAME}.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
