"""Command line of the book: ``python -m cnnbook COMMAND``.

    python -m cnnbook figures [--skip-lenet] [--lang he|en]   remake figs/he/ and figs/en/
    python -m cnnbook execute NOTEBOOK ...     run notebooks top to bottom, in place (en/... in English)
    python -m cnnbook fork URL [--branch B]    point the book at its fork (_config.yml, set-up cells)
    python -m cnnbook reader [--lang L]        write the reader copies that Colab and downloads open
                                               (notebooks/, en/notebooks/)

This module sits above all layers: it is the one place that may call both the
figure catalogue and the training code.
"""
import argparse
import sys
import time
from pathlib import Path

from .files import ROOT, checkout_root, write_text


def execute(paths, timeout=1200):
    """Execute each notebook in a fresh kernel, in its own folder, and save it in place.

    Before the run, the set-up cell is re-rendered from ``_config.yml`` and the
    standard kernelspec written (``notebook.standardize``); after it, widget
    views are dropped from the saved outputs (``notebook.drop_widget_views``).
    """
    import nbformat
    from nbclient import NotebookClient

    from .files import edition_of
    from .notebook import drop_widget_views, standardize

    for path in map(Path, paths):
        if not path.is_file():
            raise SystemExit(f"notebook not found: {path}")
        start = time.perf_counter()
        nb = standardize(nbformat.read(path, as_version=4), lang=edition_of(path))
        # No widget state in the saved notebook: the book would load widget
        # scripts from outside for it, and every live demo carries a static picture.
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            store_widget_state=False,
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
        drop_widget_views(nb)
        write_text(path, nbformat.writes(nb) + "\n")
        print(f"executed {path} in {time.perf_counter() - start:.1f} s")


def fork(url, branch=None):
    from . import fork as forking

    try:
        root = forking.repository_root()  # the clone it is run in, not where cnnbook is installed from
        changed = forking.fork(url, branch, root)
    except ValueError as exc:
        raise SystemExit(f"fork: {exc}\nNothing was changed.") from None
    for path in changed:
        print(f"changed {path.relative_to(root)}")
    print("nothing to change: the book already points at it" if not changed else f"the book now points at {forking.repository_web_url(url)}")


def figures(out_dir, skip_lenet=False, langs=None):
    from . import figures as catalogue
    from .lang import LANGUAGES

    langs = tuple(langs or LANGUAGES)
    start = time.perf_counter()
    catalogue.make_all(out_dir, langs=langs)
    if not skip_lenet:
        from . import lenet_figures

        lenet_figures.make_all(out_dir, langs=langs)
    print(f"made every figure in {', '.join(str(Path(out_dir) / lang) for lang in langs)} "
          f"in {time.perf_counter() - start:.1f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m cnnbook", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    fig = sub.add_parser("figures", help="remake every figure in figs/")
    here = checkout_root()
    fig.add_argument("--out", default=here and str(here / "figs"), required=here is None,
                     help="output folder (default in a checkout: figs/; required in an installed copy)")
    fig.add_argument("--skip-lenet", action="store_true", help="skip the figures that need a trained LeNet-5")
    fig.add_argument("--lang", choices=("he", "en"), action="append",
                     help="make only this language's figures (default: both, into figs/he/ and figs/en/)")
    ex = sub.add_parser("execute", help="execute notebooks top to bottom and save their outputs")
    ex.add_argument("notebooks", nargs="+")
    fk = sub.add_parser("fork", help="point the book at its fork: repository URL in _config.yml (and en/_config.yml) "
                                   "and every set-up cell of both editions")
    fk.add_argument("url", help="the fork's git URL, e.g. https://github.com/OWNER/REPO")
    fk.add_argument("--branch", help="the branch the book is built from (default: keep _config.yml's)")
    rd = sub.add_parser("reader", help="write the reader notebooks (MyST resolved) that Colab and downloads open, "
                                       "of both editions (notebooks/, en/notebooks/)")
    from . import reader

    reader.add_arguments(rd)
    args = parser.parse_args(argv)
    if args.command == "figures":
        figures(Path(args.out), args.skip_lenet, args.lang)
    elif args.command == "fork":
        fork(args.url, args.branch)
    elif args.command == "reader":
        for path in reader.run(args, rd):
            print(f"wrote {path}")
    else:
        execute(args.notebooks)


if __name__ == "__main__":
    sys.exit(main())
