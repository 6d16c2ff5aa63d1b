"""The packaged encoder: a query (a few texts) is encoded on one torch thread and gives the
same vectors as the batch path; torch's own thread setting is back afterwards."""
import numpy as np
import torch

from nlp.embed import SMALL_CALL, get_embedder

TEXTS = ["Safety plans were updated after each missing episode.",
         "The child's wishes were recorded in their own words.",
         "Supervision was regular and reflective.",
         "Core group meetings were held on time.",
         "The pathway plan was written with the young person."]


def test_a_query_is_encoded_on_one_thread_and_the_setting_is_restored(monkeypatch):
    embed = get_embedder()
    seen = []
    encode = embed.model.encode
    monkeypatch.setattr(embed.model, "encode", lambda *a, **k: (seen.append(torch.get_num_threads()), encode(*a, **k))[1])
    before = torch.get_num_threads()
    single = embed(TEXTS[0])
    assert single.shape == (384,) and abs(np.linalg.norm(single) - 1) < 1e-5
    assert seen == [1] and torch.get_num_threads() == before
    embed(TEXTS * 2)  # a batch keeps torch's own setting
    assert seen[-1] == before


def test_the_one_thread_path_gives_the_batch_path_vectors():
    embed = get_embedder()
    assert len(TEXTS) > SMALL_CALL
    batch = embed(TEXTS)
    one_by_one = np.vstack([embed(t) for t in TEXTS])
    assert np.allclose(batch, one_by_one, atol=1e-5)
