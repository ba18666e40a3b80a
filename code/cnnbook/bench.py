"""Speed benchmark: the chapter's training loop against the lecture's plain loop.

    python -m cnnbook.bench [--epochs N] [--data DIR] [--seed S]

Both loops train ``LeNet5`` with the same recipe (batch 64, SGD, learning rate
0.1, validation on the same 1,024 images every 100 steps) on the same MNIST
files, in this one process, one after the other. The plain loop is the one the
original lecture used: ``torchvision.datasets.MNIST`` with ``ToTensor``, so
every step turns 64 PIL images into tensors again, and ``DataLoader`` with
``SubsetRandomSampler``. The last line printed has a fixed form, for comparing runs::

    epochs=<N> ours=<seconds>s/epoch plain=<seconds>s/epoch ratio=<x>x test_error=<fraction> plain_test_error=<fraction>
"""
import argparse
import time

import torch
import torch.nn.functional as F

from .data import VALIDATION_SIZE, load_mnist, mnist_tensors, split_indices
from .model import LeNet5
from .train import evaluate, pick_device, seed_everything, train_lenet


def plain_loop(root=None, epochs=20, lr=0.1, batch_size=64, val_every=100, seed=0, device=None):
    """Train LeNet-5 the lecture's way; return ``(model, seconds of training, val_losses)``."""
    from torch.utils.data import DataLoader, SubsetRandomSampler
    from torchvision.transforms import ToTensor

    device = pick_device(device)
    train_set, _ = load_mnist(root)
    train_set.transform = ToTensor()
    train_idx, val_idx = split_indices(len(train_set), VALIDATION_SIZE, seed)
    train_loader = DataLoader(train_set, batch_size=batch_size, sampler=SubsetRandomSampler(train_idx.tolist()))
    val_loader = DataLoader(train_set, batch_size=batch_size, sampler=SubsetRandomSampler(val_idx.tolist()))

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
                model.eval()
                total, count = 0.0, 0
                with torch.no_grad():
                    for xv, yv in val_loader:
                        xv, yv = xv.to(device), yv.to(device)
                        total += F.cross_entropy(model(xv), yv, reduction="sum").item()
                        count += len(yv)
                val_losses.append(total / count)
    return model, time.perf_counter() - start, val_losses


def plain_test_error(model, root=None, batch_size=64):
    """Test misclassification rate measured the plain way (DataLoader over ToTensor images)."""
    from torch.utils.data import DataLoader
    from torchvision.transforms import ToTensor

    _, test_set = load_mnist(root)
    test_set.transform = ToTensor()
    device = next(model.parameters()).device
    wrong = 0
    model.eval()
    with torch.no_grad():
        for x, y in DataLoader(test_set, batch_size=batch_size):
            wrong += (model(x.to(device)).argmax(1).cpu() != y).sum().item()
    return wrong / len(test_set)


def run(epochs=20, root=None, seed=0, device=None, out=print):
    """Run both loops; print a report ending with the one-line summary; return the numbers as a dict."""
    device = pick_device(device)
    out(f"device={device} torch={torch.__version__} threads={torch.get_num_threads()} epochs={epochs}")

    start = time.perf_counter()
    data = mnist_tensors(root, seed=seed)
    decode = time.perf_counter() - start
    model, history = train_lenet(data, epochs=epochs, seed=seed, device=device, progress=False)
    ours = history.seconds / epochs
    _, test_error = evaluate(model, *data["test"])
    out(f"ours:  {ours:.2f} s/epoch ({history.seconds:.1f} s in all, plus {decode:.2f} s decoding MNIST once), "
        f"final validation loss {history.val_loss[-1]:.4f}, test error {test_error:.4f}")

    plain_model, seconds, val_losses = plain_loop(root, epochs=epochs, seed=seed, device=device)
    plain = seconds / epochs
    plain_error = plain_test_error(plain_model, root)
    out(f"plain: {plain:.2f} s/epoch ({seconds:.1f} s in all), "
        f"final validation loss {val_losses[-1]:.4f}, test error {plain_error:.4f}")

    result = {"epochs": epochs, "ours": ours, "plain": plain, "ratio": plain / ours,
              "test_error": test_error, "plain_test_error": plain_error}
    out(f"epochs={epochs} ours={ours:.2f}s/epoch plain={plain:.2f}s/epoch ratio={plain / ours:.2f}x "
        f"test_error={test_error:.4f} plain_test_error={plain_error:.4f}")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m cnnbook.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=20, help="epochs for each loop (default 20)")
    parser.add_argument("--data", default=None, help="MNIST root folder (default: data/ at the repository top)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the split, the weights and the shuffling")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    args = parser.parse_args(argv)
    if args.epochs < 1:
        parser.error(f"--epochs must be an integer >= 1, got {args.epochs}")
    run(epochs=args.epochs, root=args.data, seed=args.seed, device=args.device)


if __name__ == "__main__":
    main()
