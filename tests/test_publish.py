"""`make publish`: the built book becomes the gh-pages branch of a remote (ghp-import).

The target runs in a scratch git repository whose remote is a local bare
repository, never in this checkout, so no branch of this repository is touched.
"""
import os
import subprocess
import sys

import pytest

from cnnbook.files import ROOT


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def make_publish(work, remote):
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="book", GIT_AUTHOR_EMAIL="book@localhost",
        GIT_COMMITTER_NAME="book", GIT_COMMITTER_EMAIL="book@localhost",
    )
    return subprocess.run(
        ["make", "-f", str(ROOT / "Makefile"), "publish", f"PAGES_REMOTE={remote}", f"PYTHON={sys.executable}"],
        cwd=work, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture
def scratch(tmp_path):
    """An empty git working copy and a bare repository to publish into."""
    work, bare = tmp_path / "work", tmp_path / "site.git"
    work.mkdir()
    git("init", "-q", cwd=work)
    git("init", "-q", "--bare", str(bare), cwd=tmp_path)
    return work, bare


def test_make_publish_puts_the_site_on_gh_pages(built_book, scratch):
    work, bare = scratch
    (work / "_build").mkdir()
    (work / "_build" / "html").symlink_to(built_book, target_is_directory=True)
    result = make_publish(work, bare)
    assert result.returncode == 0, result.stdout + result.stderr

    published = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).split())
    site = {str(p.relative_to(built_book)) for p in built_book.rglob("*") if p.is_file()}
    assert {"index.html", ".nojekyll", "chapters/01_conv1d.html"} <= published
    assert published == site | {".nojekyll"}
    assert git("show", "gh-pages:index.html", cwd=bare) == (built_book / "index.html").read_text(encoding="utf-8")


def test_make_publish_without_a_built_book_says_what_to_do(scratch):
    work, bare = scratch
    result = make_publish(work, bare)
    assert result.returncode != 0
    assert "run make build first" in result.stderr
    assert git("branch", "--list", cwd=bare) == ""
