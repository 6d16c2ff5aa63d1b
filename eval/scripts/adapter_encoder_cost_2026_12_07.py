"""What the classifier's encoder pass costs against the bare encode, one torch thread, by this
process's CPU time (on a shared machine one thread's CPU time barely moves with the load, unlike
wall time or multi-threaded CPU time, which spin-waits inflate). Same 1,000 texts as `bench
analyse`, batch 64, interleaved repeats, minimum of each:

    python eval/scripts/adapter_encoder_cost_2026_12_07.py nlp/models/findings_classifier.encoder.safetensors \
        /tmp/adapter-data/models/adapter/findings_classifier.encoder.safetensors
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def main(paths: list[str], repeats: int = 3, n: int = 1000) -> dict:
    import torch

    torch.set_num_threads(1)
    from eval.bench import load_texts
    from nlp.classify.encoder import load_encoder
    from nlp.embed import get_embedder

    texts = load_texts(None, n)
    runs = {"bare encode": get_embedder()}
    runs.update({p: load_encoder(p) for p in paths})
    for fn in runs.values():
        fn(texts[:32])
    cpu = {k: [] for k in runs}
    for _ in range(repeats):
        for name, fn in runs.items():
            start = time.process_time()
            fn(texts)
            cpu[name].append(round(time.process_time() - start, 3))
    bare = min(cpu["bare encode"])
    out = {k: {"cpu_seconds": v, "min_ratio_to_bare": round(min(v) / bare, 3)} for k, v in cpu.items()}
    out["torch_threads"] = torch.get_num_threads()
    print(json.dumps(out, indent=1))
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
