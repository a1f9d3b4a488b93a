"""Wrong answers and correct variants for assignment 06 (format: README.md in this folder)."""

# ruff: noqa: E501  (entries are code snippets, kept on one line each where that reads best)

from catalogue_helpers import quiz_mutants, task

MASK = '''def length_mask(lengths, max_len, padding_side="right"):
    t = torch.arange(max_len)[None, :]
    if padding_side == "left":
        return t >= max_len - lengths[:, None]
    return t < lengths[:, None]
'''
SIZES = '''def batch_sizes_from_lengths(lengths):
    return (torch.arange(int(lengths.max()))[:, None] < lengths[None, :]).sum(dim=1)
'''
LAST = '''def last_valid_output(output, lengths):
    index = (lengths - 1).to(output.device).view(-1, 1, 1).expand(-1, 1, output.shape[2])
    return output.gather(1, index).squeeze(1)
'''
CE = '''def masked_cross_entropy(logits, targets, lengths):
    T = logits.shape[1]
    mask = torch.arange(T, device=logits.device)[None, :] < lengths.to(logits.device)[:, None]
    return F.cross_entropy(logits[mask], targets[mask])
'''
MODEL = '''class PackedMeanClassifier(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, num_classes)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        output, _ = self.lstm(packed)
        padded, _ = pad_packed_sequence(output, batch_first=True)
        mean = padded.sum(dim=1) / lengths.to(padded.device, padded.dtype)[:, None]
        return self.head(mean)
'''


mask = task("length_mask", MASK, "test_length_mask")
sizes = task("batch_sizes_from_lengths", SIZES, "test_batch_sizes_from_lengths")
last = task("last_valid_output", LAST, "test_last_valid_output")
ce = task("masked_cross_entropy", CE, "test_masked_cross_entropy")
model = task("packed_mean_classifier", MODEL, "test_packed_mean_classifier")


CE_BODY = CE.split("\n", 1)[1]
POOL = "        mean = padded.sum(dim=1) / lengths.to(padded.device, padded.dtype)[:, None]\n"

MUTANTS = [
    mask("wrong", "t <= lengths (one step too many)", ("return t < lengths[:, None]", "return t <= lengths[:, None]")),
    mask("wrong", "padding_side ignored", ("    if padding_side == \"left\":\n        return t >= max_len - lengths[:, None]\n", "")),
    mask("wrong", "left mask off by one", ("t >= max_len - lengths[:, None]", "t > max_len - lengths[:, None]")),
    mask("wrong", "left mask measured from the longest sequence", ("t >= max_len - lengths[:, None]", "t >= lengths.max() - lengths[:, None]")),
    mask("wrong", "the chapter's width lengths.max() instead of max_len", ("    t = torch.arange(max_len)[None, :]\n", "    t = torch.arange(int(lengths.max()))[None, :]\n")),
    mask("wrong", "an int mask instead of bool", ("    return t < lengths[:, None]", "    return (t < lengths[:, None]).long()")),
    mask("wrong", "True and False swapped", ("    return t < lengths[:, None]", "    return t >= lengths[:, None]")),
    mask("correct", "left mask as the right mask flipped", ("        return t >= max_len - lengths[:, None]", "        return (t < lengths[:, None]).flip(1)")),
    mask("correct", "a loop over the batch", ("    t = torch.arange(max_len)[None, :]\n    if padding_side == \"left\":\n        return t >= max_len - lengths[:, None]\n    return t < lengths[:, None]",
                                             "    mask = torch.zeros(len(lengths), max_len, dtype=torch.bool)\n    for b, n in enumerate(lengths.tolist()):\n"
                                             "        if padding_side == 'left':\n            mask[b, max_len - n:] = True\n        else:\n            mask[b, :n] = True\n    return mask")),
    sizes("wrong", "calls pack_padded_sequence on a dummy batch (forbidden)", ("    return (torch.arange", "    x = torch.zeros(len(lengths), int(lengths.max()), 1)\n"
                                                                               "    return pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False).batch_sizes\n    (torch.arange")),
    sizes("wrong", "calls pack_sequence on dummy sequences (forbidden)", ("    return (torch.arange", "    from torch.nn.utils.rnn import pack_sequence\n"
                                                                          "    return pack_sequence([torch.zeros(n, 1) for n in lengths.tolist()], enforce_sorted=False).batch_sizes\n    (torch.arange")),
    sizes("wrong", "counts length >= t", ("[:, None] < lengths[None, :]", "[:, None] <= lengths[None, :]")),
    sizes("wrong", "counts length <= t", ("[:, None] < lengths[None, :]).sum", "[:, None] >= lengths[None, :]).sum")),
    sizes("wrong", "float counts", (".sum(dim=1)", ".sum(dim=1).float()")),
    sizes("wrong", "one step too many (T_max + 1 entries)", ("torch.arange(int(lengths.max()))", "torch.arange(int(lengths.max()) + 1)")),
    sizes("wrong", "sums over the wrong axis (one entry per sequence)", (".sum(dim=1)", ".sum(dim=0)")),
    sizes("correct", "bincount and reversed cumulative sum", ("    return (torch.arange(int(lengths.max()))[:, None] < lengths[None, :]).sum(dim=1)",
                                                              "    counts = torch.bincount(lengths - 1)\n    return counts.flip(0).cumsum(0).flip(0)")),
    sizes("correct", "a Python loop", ("    return (torch.arange(int(lengths.max()))[:, None] < lengths[None, :]).sum(dim=1)",
                                       "    return torch.tensor([int((lengths > t).sum()) for t in range(int(lengths.max()))], dtype=torch.int64)")),
    last("wrong", "output[:, -1]", ("    index = (lengths - 1).to(output.device).view(-1, 1, 1).expand(-1, 1, output.shape[2])\n    return output.gather(1, index).squeeze(1)",
                                    "    return output[:, -1]")),
    last("wrong", "index lengths (one past the end)", ("(lengths - 1)", "lengths.clamp(max=output.shape[1] - 1)")),
    last("wrong", "time and batch axes swapped", ("    index = (lengths - 1).to(output.device).view(-1, 1, 1).expand(-1, 1, output.shape[2])\n    return output.gather(1, index).squeeze(1)",
                                                  "    return output[lengths - 1, torch.arange(len(lengths))]")),
    last("wrong", "through NumPy (no gradient)", ("    return output.gather(1, index).squeeze(1)", "    return torch.from_numpy(output.gather(1, index).squeeze(1).detach().numpy())")),
    last("wrong", "the last step of the longest sequence for every row", ("(lengths - 1)", "(lengths * 0 + lengths.max() - 1)")),
    last("wrong", "the first step", ("(lengths - 1)", "(lengths * 0)")),
    last("correct", "advanced indexing", ("    index = (lengths - 1).to(output.device).view(-1, 1, 1).expand(-1, 1, output.shape[2])\n    return output.gather(1, index).squeeze(1)",
                                          "    return output[torch.arange(output.shape[0]), lengths - 1]")),
    last("correct", "a stacked list of rows", ("    index = (lengths - 1).to(output.device).view(-1, 1, 1).expand(-1, 1, output.shape[2])\n    return output.gather(1, index).squeeze(1)",
                                               "    return torch.stack([output[b, n - 1] for b, n in enumerate(lengths.tolist())])")),
    ce("wrong", "mean over all B*T positions", (CE_BODY, "    return F.cross_entropy(logits.transpose(1, 2), targets)\n")),
    ce("wrong", "mean of the per-sequence means", (CE_BODY, "    step = F.cross_entropy(logits.transpose(1, 2), targets, reduction='none')\n"
                                                             "    mask = torch.arange(logits.shape[1])[None] < lengths[:, None]\n"
                                                             "    return ((step * mask).sum(1) / lengths).mean()\n")),
    ce("wrong", "multiplies by the mask (nan times 0 is nan)", (CE_BODY, "    step = F.cross_entropy(logits.transpose(1, 2), targets, reduction='none')\n"
                                                                           "    mask = torch.arange(logits.shape[1])[None] < lengths[:, None]\n"
                                                                           "    return (step * mask).sum() / lengths.sum()\n")),
    {**ce("wrong", "torch.where after the loss (finite value, nan gradient)", (CE_BODY, "    step = F.cross_entropy(logits.transpose(1, 2), targets, reduction='none')\n"
                                                                                      "    mask = torch.arange(logits.shape[1])[None] < lengths[:, None]\n"
                                                                                      "    return torch.where(mask, step, 0.0).sum() / mask.sum()\n")),
     "crosscheck": True},
    ce("wrong", "boolean selection after the loss (finite value, nan gradient)", (CE_BODY, "    step = F.cross_entropy(logits.transpose(1, 2), targets, reduction='none')\n"
                                                                                           "    mask = torch.arange(logits.shape[1])[None] < lengths[:, None]\n"
                                                                                           "    return step[mask].mean()\n")),
    ce("wrong", "ignore_index on the padded targets (finite value, nan gradient)", (CE_BODY, "    mask = torch.arange(logits.shape[1])[None] < lengths[:, None]\n"
                                                                                             "    return F.cross_entropy(logits.transpose(1, 2), targets.masked_fill(~mask, -100), ignore_index=-100)\n")),
    ce("wrong", "mask of width lengths.max() (IndexError when T is longer)", ("    T = logits.shape[1]\n", "    T = int(lengths.max())\n")),
    ce("wrong", "divided by B*T", (CE_BODY, "    mask = torch.arange(logits.shape[1])[None] < lengths[:, None]\n"
                                            "    return F.cross_entropy(logits[mask], targets[mask], reduction='sum') / mask.numel()\n")),
    ce("correct", "per-sequence slices, summed and divided by the number of steps",
       (CE_BODY, "    total = sum(F.cross_entropy(logits[b, :n], targets[b, :n], reduction='sum') for b, n in enumerate(lengths.tolist()))\n"
                 "    return total / lengths.sum()\n")),
    ce("correct", "packed logits: pack_padded_sequence keeps the valid steps only",
       (CE_BODY, "    packed_logits = pack_padded_sequence(logits, lengths, batch_first=True, enforce_sorted=False).data\n"
                 "    packed_targets = pack_padded_sequence(targets, lengths, batch_first=True, enforce_sorted=False).data\n"
                 "    return F.cross_entropy(packed_logits, packed_targets)\n")),
    ce("correct", "log_softmax and gather on the selected steps", (CE_BODY, "    mask = torch.arange(logits.shape[1])[None] < lengths[:, None]\n"
                                                                            "    logp = torch.log_softmax(logits[mask], dim=-1)\n"
                                                                            "    return -logp.gather(1, targets[mask][:, None]).mean()\n")),
    model("wrong", "mean over all T steps (padding zeros included)", (POOL, "        mean = padded.mean(dim=1)\n")),
    model("wrong", "divided by the longest length", (POOL, "        mean = padded.sum(dim=1) / lengths.max()\n")),
    model("wrong", "h_n instead of the mean", ("        output, _ = self.lstm(packed)\n        padded, _ = pad_packed_sequence(output, batch_first=True)\n" + POOL + "        return self.head(mean)",
                                               "        _, (h_n, _) = self.lstm(packed)\n        return self.head(h_n[-1])")),
    model("wrong", "unpacked padded batch into the LSTM", ("        packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)\n        output, _ = self.lstm(packed)\n        padded, _ = pad_packed_sequence(output, batch_first=True)\n",
                                                           "        padded, _ = self.lstm(x)\n        padded = padded * (torch.arange(x.shape[1])[None, :, None] < lengths[:, None, None])\n")),
    model("wrong", "mask built with x's width T against the T_max-wide output", (POOL, "        valid = torch.arange(x.shape[1])[None, :] < lengths[:, None]\n"
                                                                                    "        mean = (padded * valid[..., None]).sum(1) / lengths[:, None]\n")),
    model("wrong", "detached mean (cannot train)", ("return self.head(mean)", "return self.head(mean.detach())")),
    model("wrong", "LSTM under torch.no_grad() (cannot train)", ("        output, _ = self.lstm(packed)\n", "        with torch.no_grad():\n            output, _ = self.lstm(packed)\n")),
    model("wrong", "float32 zero state (fails in float64)", ("        output, _ = self.lstm(packed)\n", "        z = torch.zeros(1, x.shape[0], self.lstm.hidden_size)\n        output, _ = self.lstm(packed, (z, z))\n")),
    model("correct", "total_length=T and a mask", ("        padded, _ = pad_packed_sequence(output, batch_first=True)\n" + POOL,
                                                                           "        padded, _ = pad_packed_sequence(output, batch_first=True, total_length=x.shape[1])\n"
                                                                           "        valid = (torch.arange(x.shape[1])[None, :] < lengths[:, None]).to(padded.dtype)\n"
                                                                           "        mean = (padded * valid[..., None]).sum(1) / valid.sum(1, keepdim=True)\n")),
    model("correct", "pad_packed_sequence's own lengths and a padding_value of 0", (POOL, "        _, lens = pad_packed_sequence(output, batch_first=True)\n"
                                                                                        "        mean = padded.sum(1) / lens[:, None].to(padded.dtype)\n")),
] + quiz_mutants({"q1": "b", "q2": "c", "q3": "d", "q4": "a", "q5": "c", "q6": "b", "q7": "a", "q8": "d"})
