import pytest

from cnnbook.files import atomic_path, write_text


def test_write_is_atomic_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "a.txt"
    write_text(target, "שלום")
    assert target.read_text(encoding="utf-8") == "שלום"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_checkout_is_recognised():
    from cnnbook.files import ROOT, checkout_root

    assert checkout_root() == ROOT and (ROOT / "code" / "cnnbook").is_dir()
