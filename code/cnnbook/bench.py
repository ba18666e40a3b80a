"""Speed benchmark: the chapter's training loop against the compute floor and a plain loop.

    python -m cnnbook.bench [--epochs N] [--seeds K] [--limit N] [--data DIR] [--seed S] [--device D]

Three loops train ``LeNet5`` with the same recipe (batch 64, SGD, learning rate
0.1) on the same MNIST files, in this one process, one after the other:

* **ours**, ``cnnbook.train.train``: the chapter's loop, which also validates on
  1,024 images every 100 updates and keeps the weights of the check with the
  lowest validation error (the selected checkpoint);
* **floor**: the same model and batch size on batches sliced once, before the
  clock starts, and kept in memory; each update is the forward pass, the
  backward pass and the SGD step, nothing else. No loop that trains this model
  with this recipe on this machine can be much faster, so ``overhead =
  ours / floor`` says how close ours comes to what the machine can do;
* **plain**: a loop as it is often first written, ``torchvision.datasets.MNIST``
  with ``ToTensor``, so every update turns 64 PIL images into tensors again, and
  ``DataLoader`` with ``SubsetRandomSampler``, validating on the same 1,024
  images every 100 updates (``ratio = plain / ours``).

Ours reports the model it selects on validation alone: the checkpoint with the
lowest validation error (ties broken by the lower validation loss), chosen before
the test set is touched; its test error is ``best_test_error``. The last model
is tested too, for comparison (``test_error``); it is not a choice made on the
test set. ``--seeds K`` trains ours with
seeds 0..K-1 (the split into training and validation images stays that of
``--seed``) and reports every seed's test errors; the times and the summary
come from seed 0. ``--limit N`` trains and tests on the first N images only, for
a quick check that the command runs. The last line has a fixed form::

    epochs=<N> ours=<s>s/epoch plain=<s>s/epoch ratio=<x>x floor=<s>s/epoch overhead=<ours/floor>x test_error=<f> best_test_error=<f> plain_test_error=<f>
"""
import argparse
import time

import torch
import torch.nn.functional as F

from .data import VALIDATION_SIZE, load_mnist, mnist_tensors, split_indices
from .model import LeNet5
from .train import best_checkpoint, evaluate, pick_device, seed_everything, to_device, train_lenet


def floor_loop(data, epochs=20, lr=0.1, batch_size=64, seed=0, device=None):
    """Forward, backward and SGD step only, on batches sliced in memory before timing starts;
    return seconds of training."""
    device = pick_device(device)
    seed_everything(seed)
    model = to_device(LeNet5(), device)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    x, y = data["train"]
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))
    batches = [(x[order[i:i + batch_size]].to(device).contiguous(memory_format=torch.channels_last),
                y[order[i:i + batch_size]].to(device)) for i in range(0, len(y), batch_size)]
    model.train()
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(epochs):
        for xb, yb in batches:
            loss = F.cross_entropy(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start


def plain_loop(root=None, epochs=20, lr=0.1, batch_size=64, val_every=100, seed=0, device=None, limit=None):
    """Train LeNet-5 the plain way; return ``(model, seconds of training, val_losses)``.

    It validates every ``val_every`` updates and after the last one, as ours does.
    """
    from torch.utils.data import DataLoader, SubsetRandomSampler
    from torchvision.transforms import ToTensor

    device = pick_device(device)
    train_set, _ = load_mnist(root)
    train_set.transform = ToTensor()
    train_idx, val_idx = split_indices(len(train_set), VALIDATION_SIZE, seed)
    if limit is not None:
        train_idx = train_idx[:limit]
    train_loader = DataLoader(train_set, batch_size=batch_size, sampler=SubsetRandomSampler(train_idx.tolist()))
    val_loader = DataLoader(train_set, batch_size=batch_size, sampler=SubsetRandomSampler(val_idx.tolist()))

    def validate():
        model.eval()
        total, count = 0.0, 0
        with torch.no_grad():
            for xv, yv in val_loader:
                xv, yv = xv.to(device), yv.to(device)
                total += F.cross_entropy(model(xv), yv, reduction="sum").item()
                count += len(yv)
        val_losses.append(total / count)

    seed_everything(seed)
    model = LeNet5().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    val_losses = []
    step = 0
    start = time.perf_counter()
    for epoch in range(epochs):
        for x, y in train_loader:
            model.train()
            x, y = x.to(device), y.to(device)
            loss = F.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            if step % val_every == 0:
                validate()
    if step % val_every:
        validate()
    return model, time.perf_counter() - start, val_losses


def plain_test_error(model, root=None, batch_size=64, limit=None):
    """Test misclassification rate measured the plain way (DataLoader over ToTensor images)."""
    from torch.utils.data import DataLoader, Subset
    from torchvision.transforms import ToTensor

    _, test_set = load_mnist(root)
    test_set.transform = ToTensor()
    if limit is not None:
        test_set = Subset(test_set, range(min(limit, len(test_set))))
    device = next(model.parameters()).device
    wrong = 0
    model.eval()
    with torch.no_grad():
        for x, y in DataLoader(test_set, batch_size=batch_size):
            wrong += (model(x.to(device)).argmax(1).cpu() != y).sum().item()
    return wrong / len(test_set)


def _limited(data, limit):
    """``data`` with only the first ``limit`` training and test images (validation unchanged)."""
    if limit is None:
        return data
    return {part: (x[:limit], y[:limit]) if part in ("train", "test") else (x, y) for part, (x, y) in data.items()}


def run(epochs=20, root=None, seed=0, device=None, seeds=None, limit=None, out=print):
    """Run the three loops; print a report ending with the one-line summary; return the numbers as a dict.

    ``seeds``: train ours with seeds 0..seeds-1 (default: ``seed`` only).
    """
    device = pick_device(device)
    out(f"device={device} torch={torch.__version__} threads={torch.get_num_threads()} epochs={epochs}"
        + (f" limit={limit}" if limit is not None else ""))

    start = time.perf_counter()
    data = _limited(mnist_tensors(root, seed=seed), limit)
    decode = time.perf_counter() - start
    x_test, y_test = data["test"]

    runs = []
    for s in (range(seeds) if seeds else [seed]):
        model, history = train_lenet(data, epochs=epochs, seed=s, device=device, progress=False)
        _, last_error = evaluate(model, x_test, y_test)
        _, best_error = evaluate(best_checkpoint(model, history), x_test, y_test)
        runs.append((s, history, last_error, best_error))
        out(f"ours seed={s}: {history.seconds / epochs:.2f} s/epoch, "
            f"validation error last {history.val_error[-1]:.4f} selected {history.best_val_error:.4f} "
            f"(update {history.best_step:,} of {len(history.train_loss):,}, {len(history.val_step)} checks), "
            f"test error last {last_error:.4f} selected {best_error:.4f}")
    _, history, test_error, best_error = runs[0]
    ours = history.seconds / epochs
    out(f"ours:  {ours:.2f} s/epoch ({history.seconds:.1f} s in all, plus {decode:.2f} s decoding MNIST once)")
    if len(runs) > 1:
        out("test error by seed, last model:   " + " ".join(f"{e:.4f}" for _, _, e, _ in runs))
        out("test error by seed, selected:      " + " ".join(f"{e:.4f}" for _, _, _, e in runs))

    seconds = floor_loop(data, epochs=epochs, seed=runs[0][0], device=device)
    floor = seconds / epochs
    out(f"floor: {floor:.2f} s/epoch ({seconds:.1f} s in all): forward, backward and step on batches in memory")

    plain_model, seconds, val_losses = plain_loop(root, epochs=epochs, seed=seed, device=device, limit=limit)
    plain = seconds / epochs
    plain_error = plain_test_error(plain_model, root, limit=limit)
    out(f"plain: {plain:.2f} s/epoch ({seconds:.1f} s in all), "
        f"final validation loss {val_losses[-1]:.4f}, test error {plain_error:.4f}")

    result = {"epochs": epochs, "ours": ours, "plain": plain, "ratio": plain / ours, "floor": floor,
              "overhead": ours / floor, "test_error": test_error, "best_test_error": best_error,
              "plain_test_error": plain_error,
              "seeds": {s: {"test_error": e, "best_test_error": b} for s, _, e, b in runs}}
    out(f"epochs={epochs} ours={ours:.2f}s/epoch plain={plain:.2f}s/epoch ratio={plain / ours:.2f}x "
        f"floor={floor:.2f}s/epoch overhead={ours / floor:.2f}x "
        f"test_error={test_error:.4f} best_test_error={best_error:.4f} plain_test_error={plain_error:.4f}")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m cnnbook.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=20, help="epochs for each loop (default 20)")
    parser.add_argument("--seeds", type=int, default=None,
                        help="train ours with seeds 0..K-1 and report each test error (default: --seed only)")
    parser.add_argument("--limit", type=int, default=None,
                        help="train and test on the first N images only (a quick check; default: all)")
    parser.add_argument("--data", default=None, help="MNIST root folder (default: data/ at the repository top)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the split, the weights and the shuffling")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    args = parser.parse_args(argv)
    if args.epochs < 1:
        parser.error(f"--epochs must be an integer >= 1, got {args.epochs}")
    if args.seeds is not None and args.seeds < 1:
        parser.error(f"--seeds must be an integer >= 1, got {args.seeds}")
    if args.limit is not None and args.limit < 1:
        parser.error(f"--limit must be an integer >= 1, got {args.limit}")
    run(epochs=args.epochs, root=args.data, seed=args.seed, device=args.device, seeds=args.seeds, limit=args.limit)


if __name__ == "__main__":
    main()
