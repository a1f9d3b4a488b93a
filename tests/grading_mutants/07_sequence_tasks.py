"""Wrong answers and correct variants for assignment 07 (format: README.md in this folder)."""

# ruff: noqa: E501  (entries are code snippets, kept on one line each where that reads best)

from catalogue_helpers import quiz_mutants

LOSS_HEAD = "def sequence_mean_cross_entropy(logits, targets, lengths):\n"
MASK = "    B, T, C = logits.shape\n    mask = torch.arange(T)[None, :] < lengths[:, None]\n"


def entry(cell, head):
    """A maker of entries for the answer cell ``cell``: its code is ``head`` followed by a body."""
    def make(kind, description, body):
        return {"cell": cell, "code": head + body, "kind": kind, "targets": f"test_{cell}", "description": description}
    return make


loss = entry("sequence_mean_cross_entropy", LOSS_HEAD)


SUMMARY_HEAD = "def bidirectional_summary(output, lengths):\n    H = output.shape[-1] // 2\n    rows = torch.arange(output.shape[0])\n"

summary = entry("bidirectional_summary", SUMMARY_HEAD)


MODEL_HEAD = '''class PackedBiLSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embed_size, hidden_size, num_classes, num_layers=1, dropout=0.0):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_size, padding_idx=0)
        self.lstm = nn.LSTM(embed_size, hidden_size, num_layers=num_layers, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(2 * hidden_size, num_classes)

    def forward(self, ids, lengths):
        x = self.dropout(self.embed(ids))
'''
PACK = "        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)\n"
model = entry("packed_bilstm_classifier", MODEL_HEAD)


MUTANTS = [
    # --- task 1: the per-sequence-mean loss ---------------------------------------------------------------------
    loss("wrong", "the token mean over all valid steps (chapter 06's loss)", MASK + "    return F.cross_entropy(logits[mask], targets[mask])\n"),
    loss("wrong", "multiplied by the mask (0 * nan = nan)", MASK + "    step = F.cross_entropy(logits.transpose(1, 2), targets.clamp(min=0), reduction='none')\n    return ((step * mask).sum(1) / lengths).mean()\n"),
    loss("wrong", "torch.where on the step losses: right value, nan gradient", MASK + "    step = F.cross_entropy(logits.transpose(1, 2), targets.clamp(min=0), reduction='none')\n    return (torch.where(mask, step, 0.0).sum(1) / lengths).mean()\n"),
    loss("wrong", "the mean over all B*T positions", MASK + "    return F.cross_entropy(logits.transpose(1, 2), targets.clamp(min=0))\n"),
    loss("wrong", "each sequence divided by T instead of its length", MASK + "    step = F.cross_entropy(logits[mask], targets[mask], reduction='none')\n    seq = torch.arange(B)[:, None].expand(B, T)[mask]\n    return (torch.zeros(B, dtype=logits.dtype).index_add(0, seq, step) / T).mean()\n"),
    loss("wrong", "the sum of the per-sequence means", "    return torch.stack([F.cross_entropy(logits[b, :lengths[b]], targets[b, :lengths[b]]) for b in range(len(lengths))]).sum()\n"),
    loss("wrong", "nan_to_num on the step losses: right value, nan gradient", MASK + "    step = F.cross_entropy(logits.transpose(1, 2), targets.clamp(min=0), reduction='none').nan_to_num(0.0, 0.0, 0.0)\n    return ((step * mask).sum(1) / lengths).mean()\n"),
    loss("wrong", "the loss is detached (no gradient)", "    return torch.stack([F.cross_entropy(logits[b, :lengths[b]], targets[b, :lengths[b]]) for b in range(len(lengths))]).mean().detach()\n"),
    loss("wrong", "one step too few: each sequence's last valid step left out", "    return torch.stack([F.cross_entropy(logits[b, :lengths[b] - 1], targets[b, :lengths[b] - 1]) if lengths[b] > 1 else F.cross_entropy(logits[b, :1], targets[b, :1]) for b in range(len(lengths))]).mean()\n"),
    dict(loss("wrong", "float64 loss for float32 logits (computed in float64 throughout)", "    return torch.stack([F.cross_entropy(logits[b, :lengths[b]].double(), targets[b, :lengths[b]]) for b in range(len(lengths))]).mean()\n"), visible=True),
    dict(loss("wrong", "cleans only the nan and +inf it saw, then times the mask: -inf at a padded target class gives 0 * inf", MASK + "    clean = torch.where(torch.isnan(logits) | torch.isposinf(logits), torch.zeros_like(logits), logits)\n    step = F.cross_entropy(clean.transpose(1, 2), targets.clamp(min=0), reduction='none')\n    return ((step * mask).sum(1) / lengths).mean()\n"), visible=True),
    loss("wrong", "copy-constructs the lengths (a warning) and then raises (a float index): the note does not save it", MASK + "    lengths_f = torch.tensor(lengths, dtype=logits.dtype)\n    last = targets.gather(1, lengths_f[:, None] - 1)\n    return F.cross_entropy(logits[mask], targets[mask]) + 0 * last.sum()\n"),
    loss("correct", "divides by torch.tensor(lengths, dtype=logits.dtype) (a copy-construct UserWarning: a note, no points lost)", MASK + "    step = F.cross_entropy(logits[mask], targets[mask], reduction='none')\n    seq = torch.arange(B)[:, None].expand(B, T)[mask]\n    sums = torch.zeros(B, dtype=logits.dtype).index_add(0, seq, step)\n    return (sums / torch.tensor(lengths, dtype=logits.dtype)).mean()\n"),
    loss("correct", "nan_to_num on the logits (nan and both infinities made finite), then the step losses times the mask", MASK + "    clean = logits.nan_to_num(nan=0.0)\n    step = F.cross_entropy(clean.transpose(1, 2), targets.clamp(min=0), reduction='none')\n    return ((step * mask).sum(1) / lengths).mean()\n"),
    loss("correct", "a loop over the sequences, slicing each one's valid steps", "    return torch.stack([F.cross_entropy(logits[b, :lengths[b]], targets[b, :lengths[b]]) for b in range(len(lengths))]).mean()\n"),
    loss("correct", "the double where: clean the logits first, then where on the step losses", MASK + "    safe = torch.where(mask[..., None], logits, torch.zeros_like(logits))\n    safe_targets = torch.where(mask, targets, torch.zeros_like(targets))\n    step = F.cross_entropy(safe.transpose(1, 2), safe_targets, reduction='none')\n    step = torch.where(mask, step, torch.zeros_like(step))\n    return (step.sum(1) / lengths.to(logits.dtype)).mean()\n"),
    loss("correct", "log_softmax and gather on the selected steps, weighted by 1 / (B L_b)", MASK + "    logp = F.log_softmax(logits[mask], dim=-1)\n    nll = -logp.gather(1, targets[mask][:, None])[:, 0]\n    weights = (1.0 / lengths.to(logits.dtype))[:, None].expand(B, T)[mask]\n    return (nll * weights).sum() / B\n"),

    # --- task 2: the bidirectional summary from output ---------------------------------------------------------
    summary("wrong", "output[:, -1]", "    return output[:, -1]\n"),
    summary("wrong", "output at the last valid step, both halves", "    return output[rows, lengths - 1]\n"),
    summary("wrong", "output[:, 0], both halves", "    return output[:, 0]\n"),
    summary("wrong", "halves swapped (backward first)", "    return torch.cat([output[:, 0, H:], output[rows, lengths - 1, :H]], dim=1)\n"),
    summary("wrong", "forward half one step past the end", "    return torch.cat([output[rows, lengths.clamp(max=output.shape[1] - 1), :H], output[:, 0, H:]], dim=1)\n"),
    summary("wrong", "backward half read at the last valid step", "    return torch.cat([output[rows, lengths - 1, :H], output[rows, lengths - 1, H:]], dim=1)\n"),
    summary("wrong", "forward half at output[:, -1]", "    return torch.cat([output[:, -1, :H], output[:, 0, H:]], dim=1)\n"),
    summary("wrong", "detached (no gradient into output)", "    return torch.cat([output[rows, lengths - 1, :H], output[:, 0, H:]], dim=1).detach()\n"),
    summary("correct", "torch.gather along time for the forward half", "    index = (lengths - 1).view(-1, 1, 1).expand(-1, 1, H)\n    return torch.cat([output[..., :H].gather(1, index).squeeze(1), output[:, 0, H:]], dim=1)\n"),
    summary("correct", "a loop over the batch with torch.stack", "    return torch.stack([torch.cat([output[b, lengths[b] - 1, :H], output[b, 0, H:]]) for b in range(output.shape[0])])\n"),

    # --- task 3: the packed bidirectional classifier --------------------------------------------------------------
    model("wrong", "h_n[-1] alone (only the backward half; the head expects 2H)", PACK + "        _, (h_n, _) = self.lstm(packed)\n        return self.head(torch.cat([h_n[-1], h_n[-1]], dim=1))\n"),
    dict(model("wrong", "directions concatenated in the wrong order", PACK + "        _, (h_n, _) = self.lstm(packed)\n        return self.head(torch.cat([h_n[-1], h_n[-2]], dim=1))\n"), visible=True),
    dict(model("wrong", "the first layer's states h_n[0], h_n[1]", PACK + "        _, (h_n, _) = self.lstm(packed)\n        return self.head(torch.cat([h_n[0], h_n[1]], dim=1))\n"), visible=True),
    model("wrong", "output[:, -1] after pad_packed_sequence", PACK + "        output, _ = self.lstm(packed)\n        output, _ = pad_packed_sequence(output, batch_first=True)\n        return self.head(output[:, -1])\n"),
    model("wrong", "the padded batch unpacked into the LSTM", "        _, (h_n, _) = self.lstm(x)\n        return self.head(torch.cat([h_n[-2], h_n[-1]], dim=1))\n"),
    dict(model("wrong", "the cell states c_n", PACK + "        _, (_, c_n) = self.lstm(packed)\n        return self.head(torch.cat([c_n[-2], c_n[-1]], dim=1))\n"), visible=True),
    model("wrong", "h_n re-permuted with sorted_indices", PACK + "        _, (h_n, _) = self.lstm(packed)\n        h_n = h_n[:, packed.sorted_indices]\n        return self.head(torch.cat([h_n[-2], h_n[-1]], dim=1))\n"),
    model("wrong", "h_n[-2:] reshaped to (B, 2H) (mixes the batch)", PACK + "        _, (h_n, _) = self.lstm(packed)\n        return self.head(h_n[-2:].reshape(h_n.shape[1], -1))\n"),
    model("wrong", "the embeddings detached (no gradient to the embedding)", "        x = x.detach()\n" + PACK + "        _, (h_n, _) = self.lstm(packed)\n        return self.head(torch.cat([h_n[-2], h_n[-1]], dim=1))\n"),
    dict(model("wrong", "F.dropout(x, p=self.dropout.p) on the embeddings: on in eval() too (training defaults to True)", "        x = F.dropout(self.embed(ids), p=self.dropout.p)\n" + PACK + "        _, (h_n, _) = self.lstm(packed)\n        return self.head(torch.cat([h_n[-2], h_n[-1]], dim=1))\n"), visible=True),
    dict(model("wrong", "F.dropout(summary, p=self.dropout.p): on in eval() too", PACK + "        _, (h_n, _) = self.lstm(packed)\n        return self.head(F.dropout(torch.cat([h_n[-2], h_n[-1]], dim=1), p=self.dropout.p))\n"), visible=True),
    model("correct", "F.dropout with training=self.training on the summary", PACK + "        _, (h_n, _) = self.lstm(packed)\n        return self.head(F.dropout(torch.cat([h_n[-2], h_n[-1]], dim=1), p=self.dropout.p, training=self.training))\n"),
    model("correct", "the chapter's pattern, dropout on the summary", PACK + "        _, (h_n, _) = self.lstm(packed)\n        return self.head(self.dropout(torch.cat([h_n[-2], h_n[-1]], dim=1)))\n"),
    model("correct", "h_n viewed as (layers, 2, B, H), top layer's directions", PACK + "        _, (h_n, _) = self.lstm(packed)\n        top = h_n.view(self.lstm.num_layers, 2, h_n.shape[1], -1)[-1]\n        return self.head(torch.cat([top[0], top[1]], dim=1))\n"),
    model("correct", "read from the unpacked output: forward at L_b - 1, backward at 0", PACK + "        output, _ = self.lstm(packed)\n        output, _ = pad_packed_sequence(output, batch_first=True)\n        H = output.shape[-1] // 2\n        forward = output[torch.arange(output.shape[0]), lengths - 1, :H]\n        return self.head(torch.cat([forward, output[:, 0, H:]], dim=1))\n"),
]

MUTANTS += quiz_mutants({"q1": "c", "q2": "b", "q3": "b", "q4": "b", "q5": "c", "q6": "b", "q7": "b"})
