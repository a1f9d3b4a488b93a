"""Wrong answers and correct variants for assignment 02 (format: README.md in this folder)."""

# ruff: noqa: E501  (entries are code snippets, kept on one line each where that reads best)

from catalogue_helpers import quiz_mutants, task

BACKWARD = '''def rnn_backward(dh, x, h0, h, W_ih, W_hh):
    B, T, D = x.shape
    dx = np.zeros_like(x)
    dW_ih, dW_hh, db = np.zeros_like(W_ih), np.zeros_like(W_hh), np.zeros(W_hh.shape[0])
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = h[:, t - 1] if t > 0 else h0
        da = (dh[:, t] + dh_next) * (1 - h[:, t] ** 2)
        dx[:, t] = da @ W_ih
        dW_ih += da.T @ x[:, t]
        dW_hh += da.T @ h_prev
        db += da.sum(axis=0)
        dh_next = da @ W_hh
    return dx, dh_next, dW_ih, dW_hh, db
'''
CLIP = '''def clip_by_global_norm(grads, max_norm, norm_type=2.0):
    if norm_type == np.inf:
        total_norm = float(max(np.max(np.abs(g)) for g in grads))
    else:
        total_norm = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
    scale = min(1.0, max_norm / (total_norm + 1e-6))
    return [g * scale for g in grads], total_norm
'''
DIAGNOSE = '''def diagnose_gradient_curve(norms):
    norms = np.asarray(norms, dtype=float)
    if not np.all(np.isfinite(norms)):
        return "exploding", np.inf
    if np.any(norms == 0):
        return "vanishing", 0.0
    slope = np.polyfit(np.arange(len(norms)), np.log(norms), 1)[0]
    rate = float(np.exp(slope))
    if rate < 0.95:
        return "vanishing", rate
    if rate > 1.05:
        return "exploding", rate
    return "stable", rate
'''


backward = task("rnn_backward", BACKWARD, "test_rnn_backward")
clip = task("clip_by_global_norm", CLIP, "test_clip_by_global_norm")
diagnose = task("diagnose_gradient_curve", DIAGNOSE, "test_diagnose_gradient_curve")


MUTANTS = [
    backward("wrong", "the tanh' factor is missing", ("* (1 - h[:, t] ** 2)", "")),
    backward("wrong", "tanh' taken at the previous state", ("(1 - h[:, t] ** 2)", "(1 - h_prev ** 2)")),
    backward("wrong", "tanh' computed as 1 - tanh(h)**2", ("(1 - h[:, t] ** 2)", "(1 - np.tanh(h[:, t]) ** 2)")),
    backward("wrong", "weight gradients overwritten instead of accumulated",
             ("dW_ih += da.T @ x[:, t]", "dW_ih = da.T @ x[:, t]"), ("dW_hh += da.T @ h_prev", "dW_hh = da.T @ h_prev")),
    backward("wrong", "the gradient from step t + 1 is not carried", ("(dh[:, t] + dh_next)", "dh[:, t]")),
    backward("wrong", "sent back with W_hh.T", ("dh_next = da @ W_hh", "dh_next = da @ W_hh.T")),
    backward("wrong", "dW_hh transposed", ("dW_hh += da.T @ h_prev", "dW_hh += h_prev.T @ da")),
    backward("wrong", "dx with the chapter's layout (W_ih.T)", ("dx[:, t] = da @ W_ih", "dx[:, t] = da @ W_ih.T")),
    backward("wrong", "h_prev at t = 0 taken as h[:, -1] (wraps around)", ("h[:, t - 1] if t > 0 else h0", "h[:, t - 1]")),
    backward("wrong", "dh0 returned as zeros", ("return dx, dh_next,", "return dx, np.zeros_like(h0),")),
    backward("correct", "accumulates into the caller's dh in place",
             ("        da = (dh[:, t] + dh_next) * (1 - h[:, t] ** 2)",
              "        dh[:, t] += dh_next\n        da = dh[:, t] * (1 - h[:, t] ** 2)")),
    backward("correct", "pre-activation gradients first, weight gradients with einsum at the end",
             ("        dW_ih += da.T @ x[:, t]\n        dW_hh += da.T @ h_prev\n        db += da.sum(axis=0)\n",
              "        das[:, t] = da\n"),
             ("    dh_next = np.zeros_like(h0)\n", "    dh_next = np.zeros_like(h0)\n    das = np.zeros_like(h)\n"),
             ("    return dx, dh_next, dW_ih, dW_hh, db",
              "    prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)\n"
              "    return dx, dh_next, np.einsum('bth,btd->hd', das, x), np.einsum('bth,btk->hk', das, prev), das.sum((0, 1))")),
    clip("wrong", "per-tensor clipping",
         ("    scale = min(1.0, max_norm / (total_norm + 1e-6))\n    return [g * scale for g in grads], total_norm",
          "    return [g * min(1.0, max_norm / (np.linalg.norm(g) + 1e-6)) for g in grads], total_norm")),
    clip("wrong", "square root missing", ("np.sqrt(sum(np.sum(np.square(g)) for g in grads))", "sum(np.sum(np.square(g)) for g in grads)")),
    clip("wrong", "always rescaled (scaled up too)", ("min(1.0, max_norm / (total_norm + 1e-6))", "max_norm / (total_norm + 1e-6)")),
    clip("wrong", "clipping by value", ("    return [g * scale for g in grads], total_norm",
                                       "    return [np.clip(g, -max_norm, max_norm) for g in grads], total_norm")),
    clip("wrong", "divides by the norm without a guard: ZeroDivisionError for all-zero gradients",
         ("min(1.0, max_norm / (total_norm + 1e-6))", "min(1.0, max_norm / total_norm)")),
    {**clip("correct", "NumPy division by a zero norm: inf, then min(1, inf) = 1 — right, with a RuntimeWarning shown as a note",
            ("min(1.0, max_norm / (total_norm + 1e-6))", "np.minimum(1.0, max_norm / np.float64(total_norm))")),
     "crosscheck": True},  # the real nbgrader must agree that a note on stdout costs nothing
    clip("correct", "np.where(norm > max_norm, g * max_norm / norm, g): 0 / 0 evaluated for zero gradients (a RuntimeWarning) but not chosen",
         ("    scale = min(1.0, max_norm / (total_norm + 1e-6))\n    return [g * scale for g in grads], total_norm",
          "    norm = np.float64(total_norm)\n    return [np.where(norm > max_norm, g * max_norm / norm, g) for g in grads], total_norm")),
    clip("wrong", "g / norm * min(norm, max_norm) in NumPy floats: 0 / 0 = nan for all-zero gradients (a RuntimeWarning, and wrong)",
         ("    scale = min(1.0, max_norm / (total_norm + 1e-6))\n    return [g * scale for g in grads], total_norm",
          "    norm = np.float64(total_norm)\n    return [g / norm * min(norm, max_norm) for g in grads], total_norm")),
    clip("wrong", "norm_type ignored (always Euclidean)", ("    if norm_type == np.inf:", "    if False:")),
    clip("wrong", "max norm taken over signed entries (max, not max |.|)", ("np.max(np.abs(g))", "np.max(g)")),
    clip("wrong", "returns the norm after clipping", ("return [g * scale for g in grads], total_norm",
                                                    "return [g * scale for g in grads], min(total_norm, max_norm)")),
    clip("correct", "no 1e-6, clipped only when over the limit",
         ("    scale = min(1.0, max_norm / (total_norm + 1e-6))\n    return [g * scale for g in grads], total_norm",
          "    if total_norm > max_norm:\n        return [g * (max_norm / total_norm) for g in grads], total_norm\n"
          "    return [g.copy() for g in grads], total_norm")),
    clip("correct", "np.linalg.norm of all entries concatenated, with ord",
         ("    if norm_type == np.inf:\n        total_norm = float(max(np.max(np.abs(g)) for g in grads))\n    else:\n"
          "        total_norm = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))\n",
          "    total_norm = float(np.linalg.norm(np.concatenate([g.ravel() for g in grads]), ord=norm_type))\n")),
    clip("correct", "in place on the given arrays", ("    return [g * scale for g in grads], total_norm",
                                                   "    for g in grads:\n        g *= scale\n    return grads, total_norm")),
    diagnose("wrong", "rate is the slope itself", ("rate = float(np.exp(slope))", "rate = float(slope)")),
    diagnose("wrong", "log10 slope exponentiated with e", ("np.log(norms), 1)", "np.log10(norms), 1)")),
    diagnose("wrong", "curve read backwards", ("rate = float(np.exp(slope))", "rate = float(np.exp(-slope))")),
    diagnose("wrong", "rate from the first and last entries only",
             ("rate = float(np.exp(slope))", "rate = float((norms[-1] / norms[0]) ** (1 / (len(norms) - 1)))")),
    diagnose("wrong", "rule 2 before rule 1 (0 checked before inf/nan)",
             ("    if not np.all(np.isfinite(norms)):\n        return \"exploding\", np.inf\n    if np.any(norms == 0):\n"
              "        return \"vanishing\", 0.0\n",
              "    if np.any(norms == 0):\n        return \"vanishing\", 0.0\n    if not np.all(np.isfinite(norms)):\n"
              "        return \"exploding\", np.inf\n")),
    diagnose("wrong", "only inf checked, nan slips through", ("if not np.all(np.isfinite(norms)):", "if np.any(np.isinf(norms)):")),
    diagnose("wrong", "thresholds swapped", ("if rate < 0.95:", "if rate > 1.05:"), ("if rate > 1.05:\n        return \"exploding\"",
                                                                              "if rate < 0.95:\n        return \"exploding\"")),
    diagnose("correct", "the logs taken before the checks: np.log(0) warns (a RuntimeWarning shown as a note)",
             ("    norms = np.asarray(norms, dtype=float)\n", "    norms = np.asarray(norms, dtype=float)\n    logs = np.log(norms)\n"),
             ("np.log(norms), 1)", "logs, 1)")),
    diagnose("correct", "np.linalg.lstsq fit", ("slope = np.polyfit(np.arange(len(norms)), np.log(norms), 1)[0]",
                                                "k = np.arange(len(norms))\n    A = np.stack([k, np.ones_like(k)], 1).astype(float)\n"
                                                "    slope = np.linalg.lstsq(A, np.log(norms), rcond=None)[0][0]")),
    diagnose("correct", "closed-form least-squares slope", ("slope = np.polyfit(np.arange(len(norms)), np.log(norms), 1)[0]",
                                                           "k = np.arange(len(norms), dtype=float)\n    y = np.log(norms)\n"
                                                           "    slope = np.sum((k - k.mean()) * (y - y.mean())) / np.sum((k - k.mean()) ** 2)")),
] + quiz_mutants({"q1": "b", "q2": "b", "q3": "c", "q4": "b", "q5": "c", "q6": "a", "q7": "b", "q8": "b"})
