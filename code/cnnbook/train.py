r"""The chapter's training loop: mini-batch SGD on the cross-entropy loss.

For a mini-batch :math:`B` of :math:`|B| = 64` images the loss is the mean
cross-entropy of the 10 scores :math:`z` against the labels,

.. math::  L(w) = \frac{1}{|B|} \sum_{(x, y) \in B} -\log \frac{e^{z_y(x; w)}}{\sum_{k} e^{z_k(x; w)}},

and one step of stochastic gradient descent moves every weight against its
gradient, :math:`w \leftarrow w - \alpha \nabla_w L`, with learning rate :math:`\alpha`.

It is the loop a student writes, made fast by plain choices that leave the
recipe (batch 64, SGD, :math:`\alpha = 0.1`, 20 epochs) untouched:

* the images are decoded once into one tensor, and each batch is a slice of
  it by shuffled indices (no PIL image, no ``ToTensor``, no ``DataLoader``);
* the model and its activations use the channels-last memory layout, in
  which PyTorch's CPU convolutions (oneDNN) run faster (for LeNet-5 on a
  2-core CPU, a training step takes about 10% less time);
* validation and testing run under ``torch.inference_mode`` in batches of
  256 (larger batches are no faster on a CPU: the activations of 256 images
  still fit in its cache);
* the best weights so far (lowest validation error, ties broken by the lower
  validation loss) are kept as a copy of the model's ``state_dict``, 61,706
  numbers, only when a validation improves on them: the selected checkpoint;
* a GPU is used when there is one, with all the data moved to it once.

A finished run can be kept in a training cache (``train_lenet(..., cache=True)``):
a file under the repository's ignored ``data/train_cache/`` folder holding the
final weights and the whole ``History``. Its name is a hash of everything that
determines the result: the recipe (learning rate, epochs, batch size,
validation interval, seed), the exact training and validation tensors, the
source of this module and of ``model.py``, the torch version, the device type
and the number of CPU threads. Running the same recipe again on the same data
with the same code loads the run instead of repeating it, bit for bit the same;
changing any of these parts trains anew. An installed copy of the package (no
checkout, as on Colab) has no cache folder and always trains.
"""
import copy
import hashlib
import io
import json
import random
import time
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from .checks import as_int
from .files import checkout_root, write_bytes
from .model import LeNet5


def pick_device(device=None):
    """``device`` if given, else CUDA when present, else the CPU."""
    if device is not None:
        return torch.device(device)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def seed_everything(seed):
    """Fix the seeds of Python, numpy and torch, so that a run can be repeated.

    On a GPU it also asks cuDNN for its deterministic algorithms (a little
    slower), so that a run repeats there too.
    """
    seed = as_int("seed", seed, 0)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False


def to_device(model, device):
    """Move ``model`` to ``device`` in the channels-last layout (N, H, W, C in memory)."""
    return model.to(device=device, memory_format=torch.channels_last)


@dataclass
class History:
    """What a run leaves for plotting.

    ``train_loss[i]`` is the loss of step ``i + 1``. At each validation step
    ``val_step[j]`` we keep ``val_loss[j]``, ``val_error[j]`` and
    ``train_loss_avg[j]``, the mean training loss of the steps since the last validation.
    ``best_step`` is the selected check: the one with the lowest validation error,
    ``best_val_error``, and among equal errors the lowest validation loss,
    ``best_val_loss``; ``best_state`` holds the model's weights at that step (a
    ``state_dict`` on the CPU). ``cached`` is True when the run was loaded from the
    training cache rather than trained (``seconds`` is then the original run's time).
    """

    lr: float
    batch_size: int
    steps_per_epoch: int
    train_loss: list = field(default_factory=list)
    val_step: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_error: list = field(default_factory=list)
    train_loss_avg: list = field(default_factory=list)
    best_step: int = 0
    best_val_error: float = float("inf")
    best_val_loss: float = float("inf")
    best_state: dict = field(default=None, repr=False)
    seconds: float = 0.0
    cached: bool = False

    @property
    def epochs(self):
        return len(self.train_loss) / self.steps_per_epoch


@torch.inference_mode()
def predict(model, x, batch_size=256, device=None):
    """The model's scores for all images ``x``, in batches of ``batch_size``, returned on the CPU."""
    device = device or next(model.parameters()).device
    model.eval()
    out = [model(x[i:i + batch_size].to(device)).float().cpu() for i in range(0, len(x), batch_size)]
    return torch.cat(out)


def evaluate(model, x, y, batch_size=256):
    """Mean cross-entropy and misclassification rate of ``model`` on ``(x, y)``: a pair of floats."""
    scores = predict(model, x, batch_size)
    y = y.cpu()
    loss = F.cross_entropy(scores, y).item()
    error = (scores.argmax(1) != y).float().mean().item()
    return loss, error


def train(model, data, lr=0.1, epochs=20, batch_size=64, val_every=100, seed=0,
          device=None, progress=True):
    """Train ``model`` with mini-batch SGD on ``data["train"]``; validate on ``data["val"]``
    every ``val_every`` updates and after the last one, keeping in ``History.best_state`` the
    weights with the lowest validation error (ties: the lower validation loss). Returns a ``History``.

    ``data`` maps ``"train"`` and ``"val"`` to pairs ``(x, y)`` of tensors, as
    ``cnnbook.data.mnist_tensors`` gives them.
    """
    if not (isinstance(lr, (int, float)) and lr > 0):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    epochs = as_int("epochs", epochs, 1)
    batch_size = as_int("batch_size", batch_size, 1)
    val_every = as_int("val_every", val_every, 1)
    device = pick_device(device)
    model = to_device(model, device)
    x_train, y_train = (t.to(device) for t in data["train"])
    x_val, y_val = (t.to(device) for t in data["val"])
    n = len(y_train)
    steps_per_epoch = -(-n // batch_size)  # the last batch of an epoch may be smaller
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    shuffle = torch.Generator().manual_seed(seed)
    history = History(lr=lr, batch_size=batch_size, steps_per_epoch=steps_per_epoch)
    since_val = []  # training losses since the last validation

    start = time.perf_counter()
    bar = tqdm(total=epochs * steps_per_epoch, desc=f"lr={lr:g}", unit="step", disable=not progress)
    step = 0
    for epoch in range(epochs):
        order = torch.randperm(n, generator=shuffle).to(device)  # a new shuffle every epoch
        for i in range(0, n, batch_size):
            batch = order[i:i + batch_size]  # the indices of this mini-batch
            model.train()
            loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
            optimizer.zero_grad()
            loss.backward()  # the gradient of the loss with respect to every weight
            optimizer.step()  # w <- w - lr * gradient

            step += 1
            history.train_loss.append(loss.item())
            since_val.append(history.train_loss[-1])
            bar.update(1)
            if step % val_every == 0 or step == epochs * steps_per_epoch:
                val_loss, val_error = evaluate(model, x_val, y_val)
                history.val_step.append(step)
                history.val_loss.append(val_loss)
                history.val_error.append(val_error)
                history.train_loss_avg.append(sum(since_val) / len(since_val))
                since_val = []
                if (val_error, val_loss) < (history.best_val_error, history.best_val_loss):
                    # fewer validation mistakes, or as many at a lower loss: keep these weights
                    history.best_step, history.best_val_error, history.best_val_loss = step, val_error, val_loss
                    history.best_state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
                bar.set_postfix(epoch=epoch + 1, train=f"{history.train_loss_avg[-1]:.3f}",
                                val=f"{val_loss:.3f}", refresh=False)
    bar.close()
    history.seconds = time.perf_counter() - start
    return history


# The files whose source decides what a training run computes (part of the cache key).
CODE_FILES = (Path(__file__), Path(__file__).with_name("model.py"))


def default_cache():
    """``data/train_cache`` at the top of the checkout, or None in an installed copy (no cache)."""
    top = checkout_root()
    return top / "data" / "train_cache" if top else None


def _tensor_digest(t):
    t = t.detach().cpu().contiguous()
    h = hashlib.sha256(f"{t.dtype} {tuple(t.shape)}".encode())
    h.update(t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b"")
    return h.hexdigest()


def cache_key(data, recipe, device):
    """The training cache's key for ``recipe`` (a dict of ``train_lenet``'s settings) on ``data``:
    ``(hex digest, the parts it hashes)``. Every part that can change the result is in it."""
    parts = {
        "recipe": dict(sorted(recipe.items())),
        "data": {part: [_tensor_digest(t) for t in data[part]] for part in ("train", "val")},
        "code": {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in CODE_FILES},
        "torch": torch.__version__,
        "device": torch.device(device).type,
        "threads": torch.get_num_threads(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest(), parts


def _save_run(path, parts, model, history):
    state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
    record = {f.name: getattr(history, f.name) for f in fields(History) if f.name != "cached"}
    buffer = io.BytesIO()
    torch.save({"key": json.dumps(parts, sort_keys=True), "state": state, "history": record}, buffer)
    write_bytes(path, buffer.getvalue())


def _load_run(path, parts):
    """The saved ``(state_dict, History)`` at ``path``, or None when it is missing, unreadable or
    holds another key."""
    if not Path(path).is_file():
        return None
    try:
        saved = torch.load(path, map_location="cpu", weights_only=True)
    except Exception:  # a damaged file, or one another torch cannot read: train again and overwrite it
        return None
    if not isinstance(saved, dict) or saved.get("key") != json.dumps(parts, sort_keys=True):
        return None
    history = History(**saved["history"])
    history.cached = True
    return saved["state"], history


def train_lenet(data, lr=0.1, epochs=20, batch_size=64, val_every=100, seed=0, device=None, progress=True,
                cache=False):
    """The chapter's recipe: a freshly seeded ``LeNet5`` trained with ``train``; returns ``(model, history)``.

    ``cache``: False (train), True (the checkout's ``data/train_cache``; none in an installed copy)
    or a folder. With a cache, a run whose key (``cache_key``) is there is loaded instead of
    trained (``history.cached`` is then True), and a run that was trained is saved there.
    """
    device = pick_device(device)
    seed_everything(seed)
    model = LeNet5()
    folder = default_cache() if cache is True else (Path(cache) if cache else None)
    if folder is not None:
        recipe = {"model": "LeNet5", "lr": lr, "epochs": epochs, "batch_size": batch_size,
                  "val_every": val_every, "seed": seed}
        digest, parts = cache_key(data, recipe, device)
        path = folder / f"lenet5-{digest[:32]}.pt"
        loaded = _load_run(path, parts)
        if loaded is not None:
            state, history = loaded
            model.load_state_dict(state)
            return to_device(model, device), history
    history = train(model, data, lr=lr, epochs=epochs, batch_size=batch_size, val_every=val_every,
                    seed=seed, device=device, progress=progress)
    if folder is not None:
        _save_run(path, parts, model, history)
    return model, history


def best_checkpoint(model, history):
    """A copy of ``model`` with the weights of ``history.best_state``, the selected check (the lowest
    validation error, ties broken by the lower validation loss), on the same device; ``model``
    itself is left as it is."""
    if history.best_state is None:
        raise ValueError("history has no best_state: it comes from train(), which validates at least once")
    best = copy.deepcopy(model)
    best.load_state_dict(history.best_state)
    return best.eval()


def confusion_matrix(labels, predictions, classes=10):
    """``M[i, j]`` = how many images of true class ``i`` were predicted as ``j`` (a numpy int array)."""
    classes = as_int("classes", classes, 1)
    labels = torch.as_tensor(labels).long().cpu()
    predictions = torch.as_tensor(predictions).long().cpu()
    if labels.shape != predictions.shape:
        raise ValueError(f"labels and predictions must have one shape, got {tuple(labels.shape)} "
                         f"and {tuple(predictions.shape)}")
    for name, t in (("labels", labels), ("predictions", predictions)):
        if len(t) and (t.min() < 0 or t.max() >= classes):
            raise ValueError(f"{name} must be integers in 0..{classes - 1}, got values {t.min()}..{t.max()}")
    counts = torch.bincount(labels * classes + predictions, minlength=classes * classes)
    return counts.reshape(classes, classes).numpy()


def most_confident_mistakes(scores, labels, k=10):
    """Indices of the ``k`` wrong predictions made with the highest probability, most confident first,
    and those probabilities."""
    k = as_int("k", k, 1)
    probs = torch.softmax(torch.as_tensor(scores).float(), dim=1)
    confidence, predicted = probs.max(1)
    wrong = (predicted != torch.as_tensor(labels)).nonzero().flatten()
    order = confidence[wrong].argsort(descending=True)[:k]
    return wrong[order], confidence[wrong[order]]
