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


def test_the_best_checkpoint_is_the_lowest_validation_loss(run, task):
    model, h = run
    j = int(np.argmin(h.val_loss))
    assert h.best_step == h.val_step[j] and h.best_val_loss == h.val_loss[j] == min(h.val_loss)
    best = best_checkpoint(model, h)
    assert best is not model
    # evaluating the checkpoint again gives the validation loss recorded for it
    assert evaluate(best, *task["val"])[0] == pytest.approx(h.best_val_loss, rel=1e-4)
    if h.best_step != h.val_step[-1]:
        assert not torch.equal(best.C1.weight.cpu(), model.C1.weight.cpu())  # the model itself is untouched


def test_a_checkpoint_needs_a_history_from_train():
    with pytest.raises(ValueError, match="best_state"):
        best_checkpoint(LeNet5(), History(lr=0.1, batch_size=64, steps_per_epoch=1))
