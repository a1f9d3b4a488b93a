"""utils.scratch.attention: the three score functions, the masked softmax and the context vector, checked against
loops over positions, torch.nn.functional.scaled_dot_product_attention and utils.seq2seq.Attention."""

import math

import numpy as np
import pytest
import torch

from utils import seq2seq
from utils.scratch import attention as att


def _inputs(B=3, S=5, Hd=4, He=4, A=6, seed=0):
    rng = np.random.default_rng(seed)
    query, keys = rng.normal(size=(B, Hd)), rng.normal(size=(B, S, He))
    lengths = np.array([S, 2, 4][:B])
    mask = np.arange(S)[None, :] < lengths[:, None]
    params = {"W": rng.normal(size=(Hd, He)), "W_d": rng.normal(size=(Hd, A)), "W_e": rng.normal(size=(He, A)),
              "v": rng.normal(size=A)}
    return query, keys, mask, params


def _loop_scores(kind, query, keys, params, scale=None):
    B, S, _ = keys.shape
    out = np.zeros((B, S))
    for b in range(B):
        for j in range(S):
            q, k = query[b], keys[b, j]
            if kind == "dot":
                out[b, j] = sum(q[h] * k[h] for h in range(len(q))) / (scale or 1.0)
            elif kind == "general":
                out[b, j] = sum(q[i] * params["W"][i, e] * k[e] for i in range(len(q)) for e in range(len(k)))
            else:
                a = [math.tanh(sum(q[i] * params["W_d"][i, m] for i in range(len(q)))
                               + sum(k[e] * params["W_e"][e, m] for e in range(len(k))))
                     for m in range(len(params["v"]))]
                out[b, j] = sum(params["v"][m] * a[m] for m in range(len(a)))
    return out


def _loop_attention(scores, keys, mask):
    B, S, He = keys.shape
    weights, context = np.zeros((B, S)), np.zeros((B, He))
    for b in range(B):
        valid = [j for j in range(S) if mask[b, j]]
        top = max(scores[b, j] for j in valid)
        total = sum(math.exp(scores[b, j] - top) for j in valid)
        for j in valid:
            weights[b, j] = math.exp(scores[b, j] - top) / total
            context[b] += weights[b, j] * keys[b, j]
    return context, weights


@pytest.mark.parametrize("kind", att.SCORE_KINDS)
def test_each_form_matches_a_loop_over_positions(kind):
    query, keys, mask, params = _inputs()
    kind_params = {"dot": {}, "general": {"W": params["W"]},
                   "additive": {k: params[k] for k in ("W_d", "W_e", "v")}}[kind]
    scores = {"dot": att.dot_scores, "general": att.general_scores, "additive": att.additive_scores}[kind](
        query, keys, **kind_params)
    np.testing.assert_allclose(scores, _loop_scores(kind, query, keys, params), rtol=1e-12, atol=1e-12)
    context, weights = att.attend(query, keys, mask, kind, **kind_params)
    ref_context, ref_weights = _loop_attention(scores, keys, mask)
    np.testing.assert_allclose(weights, ref_weights, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(context, ref_context, rtol=1e-12, atol=1e-12)
    assert (weights[~mask] == 0).all() and np.allclose(weights.sum(axis=1), 1)


def test_scaled_dot_matches_torch_sdpa():
    query, keys, mask, _ = _inputs()
    scale = math.sqrt(keys.shape[-1])
    context, weights = att.attend(query, keys, mask, "dot", scale=scale)
    q, k = torch.from_numpy(query)[:, None, :], torch.from_numpy(keys)  # (B, 1, H) one query per batch row
    ref = torch.nn.functional.scaled_dot_product_attention(q, k, k, attn_mask=torch.from_numpy(mask)[:, None, :],
                                                           scale=1 / scale)
    np.testing.assert_allclose(context, ref[:, 0].numpy(), rtol=1e-10, atol=1e-12)
    unscaled, _ = att.attend(query, keys, mask, "dot")
    ref1 = torch.nn.functional.scaled_dot_product_attention(q, k, k, attn_mask=torch.from_numpy(mask)[:, None, :],
                                                            scale=1.0)
    np.testing.assert_allclose(unscaled, ref1[:, 0].numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kind", att.SCORE_KINDS)
def test_numpy_matches_the_torch_module_with_copied_weights(kind):
    query, keys, mask, _ = _inputs(Hd=4, He=4, A=6, seed=1)
    torch.manual_seed(0)
    module = seq2seq.Attention(kind, 4, 4, attn_size=6).double()
    params = {}
    if kind == "general":
        params["W"] = module.W.weight.detach().numpy()  # nn.Linear(He -> Hd): its weight (Hd, He) is W itself
    if kind == "additive":
        with torch.no_grad():
            module.W_e.bias.zero_()  # the NumPy form has no bias; the module's is checked separately below
        params = {"W_d": module.W_d.weight.detach().numpy().T, "W_e": module.W_e.weight.detach().numpy().T,
                  "v": module.v.weight.detach().numpy()[0]}
    context, weights = att.attend(query, keys, mask, kind, **params)
    with torch.no_grad():
        t_context, t_weights = module(torch.from_numpy(query), torch.from_numpy(keys), torch.from_numpy(mask))
    np.testing.assert_allclose(weights, t_weights.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(context, t_context.numpy(), rtol=1e-10, atol=1e-12)


def test_padding_values_do_not_matter():
    query, keys, mask, params = _inputs()
    changed = keys.copy()
    changed[~mask] = 1e6  # huge values at padded positions
    for kind, p in (("dot", {}), ("general", {"W": params["W"]})):
        a = att.attend(query, keys, mask, kind, **p)
        b = att.attend(query, changed, mask, kind, **p)
        np.testing.assert_allclose(a[0], b[0], rtol=1e-12)
        np.testing.assert_allclose(a[1], b[1], rtol=1e-12)


def test_bad_inputs_are_rejected_with_clear_messages():
    query, keys, mask, params = _inputs()
    with pytest.raises(ValueError, match="dot scores need equal sizes"):
        att.dot_scores(query[:, :3], keys)
    with pytest.raises(ValueError, match=r"keys must have shape \(B, S, He\)"):
        att.dot_scores(query, keys[:2])
    with pytest.raises(TypeError, match="query must be a NumPy array"):
        att.dot_scores(torch.zeros(3, 4), keys)
    with pytest.raises(ValueError, match=r"W must have shape \(Hd, He\)"):
        att.general_scores(query, keys, params["W"][:3])
    with pytest.raises(ValueError, match=r"v must have shape \(A,\)"):
        att.additive_scores(query, keys, params["W_d"], params["W_e"], params["v"][:2])
    with pytest.raises(TypeError, match="mask must be a boolean NumPy array"):
        att.masked_softmax(np.zeros((3, 5)), mask.astype(int))
    with pytest.raises(ValueError, match=r"mask must have shape \(B, S\)"):
        att.masked_softmax(np.zeros((3, 5)), mask[:, :4])
    with pytest.raises(ValueError, match="at least one True"):
        att.masked_softmax(np.zeros((3, 5)), np.zeros((3, 5), dtype=bool))
    with pytest.raises(ValueError, match="kind must be one of"):
        att.attend(query, keys, mask, "cosine")
    with pytest.raises(ValueError, match=r"values must have shape \(B, S, He\)"):
        att.attention_context(np.ones((3, 5)) / 5, keys[:, :4])
