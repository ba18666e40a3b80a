"""Build the site with both editions: ``python3 _ext/build_site.py [--all]`` (``make build`` runs it).

The Hebrew edition (``_config.yml``) is built into ``_build/html``, the English
one (``en/_config.yml``) into ``_build/en/_build/html`` and then copied to
``_build/html/en``, so the site is one folder with the English edition under
``en/`` (``cnnbook.files.EDITIONS``). Both builds treat warnings as errors
(``--warningiserror --nitpick``); ``--all`` rebuilds every page.
Returns (exits with) 0 only when both builds succeeded. jupyter-book runs under the
Python that runs this script, never one found on PATH.
"""
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
EN_OUTPUT = ROOT / "_build" / "en"  # jupyter-book's --path-output: it builds into <that>/_build/html
STRICT = ["--warningiserror", "--nitpick", "--keep-going"]


# jupyter-book through the Python that runs this script (``make build PYTHON=venv/bin/python``
# works without an activated venv: its jupyter-book need not be on PATH). jupyter_book has no
# ``__main__``, so its command-line entry point is called the way its console script does.
JUPYTER_BOOK = [sys.executable, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main(prog_name='jupyter-book'))"]


def jupyter_book(*args):
    return [*JUPYTER_BOOK, "build", *args]


REDIRECT = re.compile(r'^\s*<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*$')


def complete_redirect(site, config):
    """Make jupyter-book's bare redirect ``index.html`` (one ``<meta>`` line) a whole page.

    The bare line has no language and no icon, so a browser asks the server's root for
    ``/favicon.ico``: a request that fails, and that leaves the sub-path the book is served
    from. The page written instead names its language and direction, links the book's icon,
    and holds a plain link to the opening page for a browser that does not follow the refresh.
    """
    index = Path(site) / "index.html"
    found = REDIRECT.match(index.read_text(encoding="utf-8")) if index.exists() else None
    if not found:
        return False
    settings = yaml.safe_load(Path(config).read_text(encoding="utf-8"))
    lang = ((settings.get("sphinx") or {}).get("config") or {}).get("language", "en")
    title = html.escape(str(settings.get("title", "")))
    target = html.escape(found.group(1))
    page = (f'<!DOCTYPE html>\n<html lang="{lang}" dir="{"rtl" if lang == "he" else "ltr"}">\n<head>\n'
            f'<meta charset="utf-8">\n<title>{title}</title>\n<link rel="icon" href="_static/favicon.svg">\n'
            f'<meta http-equiv="Refresh" content="0; url={target}">\n</head>\n'
            f'<body><p><a href="{target}">{title}</a></p></body>\n</html>\n')
    handle, temporary = tempfile.mkstemp(dir=index.parent, prefix=".index-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(page)
    os.replace(temporary, index)
    return True


def build(rebuild_all=False, run=subprocess.run, **run_options):
    """Build both editions; return ``[(edition, CompletedProcess)]`` (stop after a failed Hebrew build)."""
    extra = ["--all"] if rebuild_all else []
    # The Hebrew build post-processes every page under its output folder: leave it only its own.
    shutil.rmtree(SITE / "en", ignore_errors=True)
    results = [("he", run(jupyter_book(str(ROOT), *extra, *STRICT), **run_options))]
    if results[-1][1].returncode != 0:
        return results
    complete_redirect(SITE, ROOT / "_config.yml")
    results.append(("en", run(jupyter_book(str(ROOT / "en"), "--path-output", str(EN_OUTPUT), *extra, *STRICT), **run_options)))
    if results[-1][1].returncode == 0:
        complete_redirect(EN_OUTPUT / "_build" / "html", ROOT / "en" / "_config.yml")
        shutil.copytree(EN_OUTPUT / "_build" / "html", SITE / "en")
    return results


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    results = build(rebuild_all="--all" in argv)
    failed = [edition for edition, result in results if result.returncode != 0]
    if failed:
        print(f"build_site: the {', '.join(failed)} edition's build failed (see above)", file=sys.stderr)
        return 1
    print(f"Both editions are in {SITE.relative_to(ROOT)}: open index.html (Hebrew) or en/index.html (English).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
