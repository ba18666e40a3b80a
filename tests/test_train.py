"""cnnbook.train: the chapter's SGD loop, evaluation and the confusion matrix.

The loop is tested on a small synthetic task that LeNet-5 learns in seconds:
the class of an image is where a bright square sits on it.
"""
import math

import numpy as np
import pytest
import torch

from cnnbook.model import LeNet5
from cnnbook.train import (
    History,
    best_checkpoint,
    confusion_matrix,
    evaluate,
    most_confident_mistakes,
    pick_device,
    predict,
    train,
    train_lenet,
)


def squares(n, seed):
    """Images with a 6x6 bright square at one of 10 places (the label), plus noise."""
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 10, (n,), generator=g)
    x = 0.2 * torch.rand(n, 1, 28, 28, generator=g)
    for i, label in enumerate(y.tolist()):
        r, c = divmod(label, 5)
        x[i, 0, 4 + 12 * r: 10 + 12 * r, 2 + 5 * c: 8 + 5 * c] += 0.8
    return x, y


@pytest.fixture(scope="module")
def task():
    return {"train": squares(1000, 0), "val": squares(128, 1), "test": squares(256, 2)}


@pytest.fixture(scope="module")
def run(task):
    # a larger step than the chapter's 0.1 gets this small task learned in 64 steps
    return train_lenet(task, lr=0.3, epochs=2, batch_size=32, val_every=10, progress=False)


def test_history_has_every_step_and_every_check(run):
    _, h = run
    assert h.steps_per_epoch == math.ceil(1000 / 32) == 32  # the last batch holds 8 images
    assert len(h.train_loss) == 64 and h.epochs == 2
    assert h.val_step == [10, 20, 30, 40, 50, 60, 64]  # every 10 steps, and after the last one
    assert len(h.val_loss) == len(h.val_error) == len(h.train_loss_avg) == 7
    assert h.train_loss_avg[-1] == pytest.approx(np.mean(h.train_loss[60:64]))
    assert h.train_loss_avg[0] == pytest.approx(np.mean(h.train_loss[:10]))
    assert h.seconds > 0


def test_it_learns(run, task):
    model, h = run
    assert h.val_loss[-1] < 0.5 * h.val_loss[0]
    loss, error = evaluate(model, *task["test"])
    assert error < 0.1 and loss == pytest.approx(h.val_loss[-1], rel=0.5)


def test_a_run_can_be_repeated_exactly(run, task):
    _, h = run
    _, again = train_lenet(task, lr=0.3, epochs=2, batch_size=32, val_every=10, progress=False)
    assert again.train_loss == h.train_loss and again.val_loss == h.val_loss
    _, other = train_lenet(task, lr=0.3, epochs=2, batch_size=32, val_every=10, seed=1, progress=False)
    assert other.train_loss != h.train_loss


@pytest.mark.parametrize("kwargs, name", [
    ({"lr": 0}, "lr"), ({"lr": -0.1}, "lr"), ({"epochs": 0}, "epochs"),
    ({"batch_size": 0}, "batch_size"), ({"val_every": 1.5}, "val_every"),
])
def test_bad_settings_name_the_parameter(task, kwargs, name):
    with pytest.raises(ValueError, match=name):
        train(LeNet5(), task, **kwargs)


def test_evaluate_counts_the_mistakes():
    class Always(torch.nn.Module):  # always answers class 3
        def __init__(self):
            super().__init__()
            self.w = torch.nn.Parameter(torch.zeros(1))

        def forward(self, x):
            scores = torch.zeros(len(x), 10)
            scores[:, 3] = 1.0
            return scores + 0 * self.w

    y = torch.tensor([3, 3, 1, 2, 3, 0, 3, 3])
    loss, error = evaluate(Always(), torch.zeros(8, 1, 28, 28), y, batch_size=3)
    assert error == pytest.approx(3 / 8)
    p3 = math.e / (math.e + 9)
    assert loss == pytest.approx(-(5 * math.log(p3) + 3 * math.log((1 - p3) / 9)) / 8, rel=1e-5)


def test_predict_does_not_depend_on_the_batch_size(run, task):
    model, _ = run
    x = task["test"][0]
    assert torch.allclose(predict(model, x, batch_size=7), predict(model, x, batch_size=1000), atol=1e-5)


def test_confusion_matrix():
    m = confusion_matrix([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 0], classes=3)
    assert m.tolist() == [[1, 0, 0], [0, 1, 1], [1, 0, 2]]
    assert m.sum() == 6 and np.trace(m) == 4
    with pytest.raises(ValueError, match="labels"):
        confusion_matrix([0, 5], [0, 1], classes=3)
    with pytest.raises(ValueError, match="shape"):
        confusion_matrix([0, 1], [0], classes=3)


def test_most_confident_mistakes():
    scores = torch.tensor([[5.0, 0.0], [0.0, 1.0], [0.0, 9.0], [2.0, 0.0]])
    labels = torch.tensor([0, 0, 0, 1])
    idx, conf = most_confident_mistakes(scores, labels, k=5)
    assert idx.tolist() == [2, 3, 1]  # wrong ones, most confident first
    assert conf[0] == pytest.approx(torch.softmax(scores[2], 0).max().item())


def test_cuda_is_used_when_present():
    assert pick_device().type == ("cuda" if torch.cuda.is_available() else "cpu")
    assert pick_device("cpu").type == "cpu"


def test_history_epochs_is_steps_over_steps_per_epoch():
    h = History(lr=0.1, batch_size=64, steps_per_epoch=10, train_loss=[1.0] * 25)
    assert h.epochs == 2.5


def test_the_best_checkpoint_is_the_lowest_validation_error_then_loss(run, task):
    model, h = run
    j = min(range(len(h.val_step)), key=lambda i: (h.val_error[i], h.val_loss[i]))
    assert h.best_step == h.val_step[j]
    assert h.best_val_error == h.val_error[j] == min(h.val_error) and h.best_val_loss == h.val_loss[j]
    best = best_checkpoint(model, h)
    assert best is not model
    # evaluating the checkpoint again gives the validation loss recorded for it
    loss, error = evaluate(best, *task["val"])
    assert loss == pytest.approx(h.best_val_loss, rel=1e-4) and error == h.best_val_error
    if h.best_step != h.val_step[-1]:
        assert not torch.equal(best.C1.weight.cpu(), model.C1.weight.cpu())  # the model itself is untouched


def test_a_checkpoint_needs_a_history_from_train():
    with pytest.raises(ValueError, match="best_state"):
        best_checkpoint(LeNet5(), History(lr=0.1, batch_size=64, steps_per_epoch=1))


# ---- the training cache ----

@pytest.fixture(scope="module")
def tiny():
    return {"train": squares(96, 3), "val": squares(32, 4)}


TINY = {"lr": 0.3, "epochs": 1, "batch_size": 32, "val_every": 2, "progress": False}


def same_run(a, b):
    (model_a, h_a), (model_b, h_b) = a, b
    fields_a = {k: v for k, v in vars(h_a).items() if k not in ("best_state", "cached", "seconds")}
    fields_b = {k: v for k, v in vars(h_b).items() if k not in ("best_state", "cached", "seconds")}
    return (fields_a == fields_b
            and all(torch.equal(v, model_b.state_dict()[k]) for k, v in model_a.state_dict().items())
            and all(torch.equal(v, h_b.best_state[k]) for k, v in h_a.best_state.items()))


def test_a_cache_hit_returns_the_same_run(tiny, tmp_path):
    trained = train_lenet(tiny, cache=tmp_path, **TINY)
    assert not trained[1].cached and len(list(tmp_path.glob("*.pt"))) == 1
    loaded = train_lenet(tiny, cache=tmp_path, **TINY)
    assert loaded[1].cached and loaded[1].seconds == trained[1].seconds
    assert same_run(trained, loaded)
    assert evaluate(loaded[0], *tiny["val"]) == evaluate(trained[0], *tiny["val"])
    # and it is the run itself: training without the cache gives the same again
    assert same_run(train_lenet(tiny, **TINY), loaded)


def test_the_cache_key_covers_every_part(tiny, tmp_path, monkeypatch):
    import cnnbook.train as train_module

    recipe = {"model": "LeNet5", "lr": 0.3, "epochs": 1, "batch_size": 32, "val_every": 2, "seed": 0}
    key = train_module.cache_key(tiny, recipe, "cpu")[0]
    assert train_module.cache_key(tiny, dict(recipe), "cpu")[0] == key  # it is repeatable
    for name, value in (("lr", 0.2), ("epochs", 2), ("batch_size", 16), ("val_every", 3), ("seed", 1)):
        assert train_module.cache_key(tiny, {**recipe, name: value}, "cpu")[0] != key, name
    x, y = tiny["train"]
    flipped = y.clone()
    flipped[0] = (flipped[0] + 1) % 10
    assert train_module.cache_key({**tiny, "train": (x, flipped)}, recipe, "cpu")[0] != key
    nudged = x.clone()
    nudged[5, 0, 3, 3] += 1e-6
    assert train_module.cache_key({**tiny, "train": (nudged, y)}, recipe, "cpu")[0] != key
    assert train_module.cache_key({**tiny, "val": (tiny["val"][0][:16], tiny["val"][1][:16])}, recipe, "cpu")[0] != key
    assert train_module.cache_key(tiny, recipe, "cuda")[0] != key
    with monkeypatch.context() as m:
        m.setattr(torch, "__version__", "0.0.0-other")
        assert train_module.cache_key(tiny, recipe, "cpu")[0] != key
    with monkeypatch.context() as m:
        threads = torch.get_num_threads()
        m.setattr(torch, "get_num_threads", lambda: threads + 1)
        assert train_module.cache_key(tiny, recipe, "cpu")[0] != key
    source = tmp_path / "model.py"
    source.write_text("# one version of the code\n")
    with monkeypatch.context() as m:
        m.setattr(train_module, "CODE_FILES", (*train_module.CODE_FILES[:1], source))
        before = train_module.cache_key(tiny, recipe, "cpu")[0]
        source.write_text("# another version of the code\n")
        assert train_module.cache_key(tiny, recipe, "cpu")[0] != before


def test_a_change_misses_the_cache_and_trains(tiny, tmp_path, monkeypatch):
    import cnnbook.train as train_module

    first = train_lenet(tiny, cache=tmp_path, **TINY)
    other_seed = train_lenet(tiny, cache=tmp_path, seed=1, **TINY)
    assert not other_seed[1].cached and not same_run(first, other_seed)
    source = tmp_path / "changed.py"
    source.write_text("# the code changed\n")
    monkeypatch.setattr(train_module, "CODE_FILES", (*train_module.CODE_FILES, source))
    again = train_lenet(tiny, cache=tmp_path, **TINY)
    assert not again[1].cached and same_run(first, again)  # trained anew, to the same result
    assert len(list(tmp_path.glob("*.pt"))) == 3


def test_a_damaged_or_foreign_cache_file_is_not_trusted(tiny, tmp_path):
    import cnnbook.train as train_module

    trained = train_lenet(tiny, cache=tmp_path, **TINY)
    (path,) = tmp_path.glob("*.pt")
    path.write_bytes(b"not a torch file")
    again = train_lenet(tiny, cache=tmp_path, **TINY)
    assert not again[1].cached and same_run(trained, again)
    # a file under the right name whose stored key differs (a hash collision, a hand copy) is not used
    saved = torch.load(path, weights_only=True)
    saved["key"] = saved["key"].replace('"seed": 0', '"seed": 7')
    torch.save(saved, path)
    assert not train_lenet(tiny, cache=tmp_path, **TINY)[1].cached


def test_an_installed_copy_has_no_cache(monkeypatch):
    import cnnbook.train as train_module

    monkeypatch.setattr(train_module, "checkout_root", lambda: None)
    assert train_module.default_cache() is None
