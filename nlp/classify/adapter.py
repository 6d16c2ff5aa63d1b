"""A stance adapter that costs almost nothing beyond the base encode: attention pooling over
the base encoder's final (layer-6) token states.

Why: tuning copies of the top two layers lifted stance (0.790 -> 0.806 under grouped CV) but
runs two extra transformer layers per text, and the analysis must stay within 1.5x a bare
encode. The base pass already computes every token's layer-6 state; instead of a plain mean,
a few learned attention heads weigh the tokens (a small key projection, one learned query a
head, a masked softmax over the tokens), each head's weighted mean of the token states is
concatenated and projected to a 384-wide vector, layer-normed and L2-normalised. Per token
this is one 384 x key_dim product; the 384-wide projection runs once per sentence, not per
token. It starts as mean pooling (zero queries: uniform weights; the projection averages the
heads) and is trained with the "classify" loss the tuned layers use (class-balanced stance
cross-entropy x stance_weight + fundamentals BCE, through throw-away linear heads).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

DIM = 384
PREFIX = "pool."


def _module(torch, heads: int, key_dim: int):
    class PoolAdapter(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.key = torch.nn.Linear(DIM, key_dim)
            self.query = torch.nn.Parameter(torch.zeros(heads, key_dim))
            self.out = torch.nn.Linear(heads * DIM, DIM)
            self.norm = torch.nn.LayerNorm(DIM)
            with torch.no_grad():  # start as mean pooling: each head's mean, averaged
                self.out.weight.copy_(torch.eye(DIM).repeat(1, heads) / heads)
                self.out.bias.zero_()

        def forward(self, h, mask):
            """(batch, tokens, 384) states and (batch, tokens) mask -> (batch, 384), layer-normed."""
            scores = torch.tanh(self.key(h)) @ self.query.T            # (b, t, heads)
            scores = scores.masked_fill(mask.unsqueeze(-1) == 0, float("-inf"))
            weights = torch.softmax(scores, dim=1)                      # over the tokens
            pooled = torch.einsum("bth,btd->bhd", weights, h).reshape(h.shape[0], -1)
            return self.norm(self.out(pooled))

    return PoolAdapter()


def build(state: dict, meta: dict):
    """The adapter module from its saved weights (keys "pool.*") and meta (heads, key_dim)."""
    from nlp.classify.encoder import _torch

    torch = _torch()
    module = _module(torch, int(meta["heads"]), int(meta["key_dim"]))
    module.load_state_dict({k[len(PREFIX):]: v for k, v in state.items() if k.startswith(PREFIX)})
    module.eval()
    return module


def vectors(module, h, mask) -> np.ndarray:
    """L2-normalised adapter vectors (the scale the stance head reads, like the tuned vector)."""
    from nlp.classify.encoder import _torch

    torch = _torch()
    return torch.nn.functional.normalize(module(h, mask), p=2, dim=1).numpy()


def train_pool(states: Sequence[np.ndarray], stance: np.ndarray, fund: np.ndarray, heads: int = 4,
               key_dim: int = 64, epochs: int = 8, batch_size: int = 48, lr: float = 1e-3, seed: int = 0,
               stance_weight: float = 0.5, log=None) -> dict:
    """Train the adapter on cached layer-6 token states (unpadded, one array per text).
    The throw-away heads learn at 2x the adapter's rate. Returns {"pool.<name>": tensor}."""
    from nlp.classify.encoder import _classify_heads, _pad, _torch

    torch = _torch()
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    module = _module(torch, heads, key_dim)
    module.train()
    probe = _classify_heads(torch, stance, fund)
    opt = torch.optim.AdamW([{"params": list(module.parameters()), "lr": lr},
                             {"params": list(probe.parameters()), "lr": lr * 2}], weight_decay=0.01)
    states = list(states)
    n = len(states)
    steps = max(1, epochs * n // batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) *
                                              max(0.0, (steps - s) / steps))
    for step in range(steps):
        idx = rng.choice(n, size=min(batch_size, n), replace=False)
        h, mask = _pad([states[i] for i in idx])
        value = probe.loss(module(h, mask), idx, stance_weight)
        opt.zero_grad()
        value.backward()
        opt.step()
        sched.step()
        if log and (step % 100 == 0 or step == steps - 1):
            log(f"adapter step {step + 1}/{steps} loss {value.item():.4f}")
    module.eval()
    return {PREFIX + name: t.detach().clone() for name, t in module.state_dict().items()}


def encode_states(state: dict, meta: dict, states: Sequence[np.ndarray], batch_size: int = 64) -> np.ndarray:
    """Adapter vectors from cached layer-6 token states."""
    from nlp.classify.encoder import _pad, _torch

    torch = _torch()
    module = build(state, meta)
    out = np.zeros((len(states), DIM), np.float32)
    order = np.argsort([-len(s) for s in states], kind="stable")
    with torch.inference_mode():
        for s in range(0, len(order), batch_size):
            idx = order[s:s + batch_size]
            h, mask = _pad([states[i] for i in idx])
            out[idx] = vectors(module, h, mask)
    return out
