"""Reader notebooks: the chapters as Jupyter and Colab show them, with no raw MyST.

The chapters are written in MyST for the book: ``{glue:text}`name``` for a
number computed by the notebook, ``{ref}`label``` for a cross-reference,
``(label)=`` lines above headings, ``:::{note}`` directives. Jupyter and Colab
do not render MyST, so a reader would see the markup instead of the numbers.
A reader notebook is the same notebook, outputs included, with the MyST
resolved the way the book resolves it:

- a glued value is replaced by its text, formatted as the book formats it
  (``myst_nb``'s own ``format_plain_text``), taken from the notebook's saved
  outputs, i.e. from the same run that the book shows;
- a cross-reference becomes a link to the book's page and section where
  ``html: baseurl:`` in ``_config.yml`` says where the book lives, otherwise the
  quoted name of the section (and of its chapter, when it is another one);
- label lines and MyST comments are removed; directives become plain
  markdown (a titled quote for an admonition, ``$$`` for math).

The words a reader copy adds (an admonition's title, "in the chapter ...")
are in the notebook's language (``[reader]`` in the catalogues), which its
set-up cell chooses (``cnnbook.notebook.language_of``).

``python -m cnnbook reader`` writes one for every chapter of both editions:
``notebooks/`` from ``chapters/`` (Hebrew) and ``en/notebooks/`` from
``en/chapters/`` (English); the Colab buttons open those, at the
``repository: ref:`` of ``_config.yml``;
the book build writes the page's downloadable ``.ipynb`` the same way
(``_ext/book_rtl.py``). ``myst_left`` finds whatever MyST is still left.
"""
import argparse
import json
import re
import sys
from pathlib import Path

from .files import EDITIONS, ROOT, edition_of, write_text
from .lang import check_language, msg
from .notebook import GLUE_PREFIX, drop_widget_views, language_of

READER_DIR = "notebooks"  # where the reader copies live, at the top of each edition (notebooks/, en/notebooks/)

LABEL_LINE = re.compile(r"^\(([^()\s]+)\)=[ \t]*$", re.M)
ROLE = re.compile(r"\{([A-Za-z][\w:.-]*)\}`([^`]*)`")
FENCE_OPEN = re.compile(r"^(\s*)(`{3,}|:{3,})\{([\w:.-]+)\}[ \t]*(.*)$")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
EQ_LABEL = re.compile(r"(\$\$)[ \t]*\(([^()\s]+)\)[ \t]*$", re.M)
MYST_COMMENT = re.compile(r"^%.*\n?", re.M)
# Admonitions with a title of their own words ([reader.admonition] in the catalogues), and those with none.
TITLED = ("note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error", "seealso")
UNTITLED = ("admonition", "dropdown", "topic", "sidebar", "margin")


def admonition_title(name, lang):
    """The default title of admonition ``name`` in ``lang`` ("" for one that has none)."""
    return msg(f"reader.admonition.{name}", lang) if name in TITLED else ""


def myst_left(text):
    """The pieces of raw MyST still in ``text`` (an empty list when it reads cleanly)."""
    found = [m.group(0) for m in ROLE.finditer(text)]
    found += [m.group(0) for m in LABEL_LINE.finditer(text)]
    found += [line.strip() for line in text.splitlines() if FENCE_OPEN.match(line)]
    found += [m.group(0).strip() for m in EQ_LABEL.finditer(text)]
    return found


# --- what the book knows: glued values, labels, pages --------------------------------------


def glued_values(nb):
    """Every glued value of notebook ``nb`` (a dict): name -> its mime bundle, prefix removed."""
    values = {}
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            record = out.get("metadata", {}).get("scrapbook")
            if record:
                n = len(record.get("mime_prefix", ""))
                values[record["name"]] = {k[n:]: v for k, v in out.get("data", {}).items()}
    return values


def _text(value):
    return "".join(value) if isinstance(value, list) else str(value)


def glued_texts(nb):
    """Every glued value of notebook ``nb`` with a plain-text form, as ``{glue:text}`` shows it."""
    from myst_nb.core.variables import format_plain_text

    return {name: format_plain_text(_text(bundle["text/plain"]), "")
            for name, bundle in glued_values(nb).items() if "text/plain" in bundle}


def _plain(markdown):
    """A heading's words without markdown marks (for a section name)."""
    markdown = ROLE.sub(lambda m: m.group(2).split("<")[0].strip(), markdown)
    return re.sub(r"[*_`]", "", markdown).strip()


def book_pages(root=ROOT):
    """The book's pages in the order of ``_toc.yml``: docname -> path of its source file."""
    import yaml

    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]
    for part in toc.get("parts", []):
        names += [c["file"] for c in part.get("chapters", [])]
    names += [c["file"] for c in toc.get("chapters", [])]
    pages = {}
    for name in names:
        for ext in (".ipynb", ".md"):
            if (Path(root) / f"{name}{ext}").is_file():
                pages[name] = Path(root) / f"{name}{ext}"
    return pages


def _markdown_texts(path):
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return [_text(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    return [path.read_text(encoding="utf-8")]


def labels(root=ROOT):
    """Every ``(label)=`` of the book: label -> (docname, section name, page title).

    The section name is the heading under the label (or the page's title where
    the label marks something else); the page title is its first heading.
    """
    found = {}
    for doc, path in book_pages(root).items():
        title = None
        for text in _markdown_texts(path):
            lines = text.splitlines()
            for i, line in enumerate(lines):
                h = HEADING.match(line)
                if h and title is None:
                    title = _plain(h.group(1))
            for i, line in enumerate(lines):
                m = LABEL_LINE.match(line)
                if m:
                    nxt = next((l for l in lines[i + 1:] if l.strip()), "")
                    h = HEADING.match(nxt)
                    found[m.group(1)] = [doc, _plain(h.group(1)) if h else None]
        for entry in found.values():
            if entry[0] == doc:
                entry.append(title or doc)
                entry[1] = entry[1] or entry[2]
    return {k: tuple(v) for k, v in found.items()}


def book_url(root=ROOT):
    """The book's web address (``html: baseurl:`` in ``_config.yml``), or None where it is not set."""
    import yaml

    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8"))
    url = ((config or {}).get("html") or {}).get("baseurl")
    return url.rstrip("/") + "/" if url else None


def anchor(label):
    """The HTML id that Sphinx gives ``label`` (docutils' ``make_id``)."""
    from docutils.nodes import make_id

    return make_id(label)


# --- resolving the MyST of one markdown cell ------------------------------------------------


class Resolver:
    """Turns the MyST of one notebook's markdown into plain markdown.

    ``doc`` is the notebook's docname (``chapters/01_conv1d``), ``glue`` its
    glued values, ``known`` the book's labels (:func:`labels`) and ``base`` the
    book's address (or None: cross-references become section names); the
    words it adds are in ``lang``.
    """

    def __init__(self, doc, glue, known, base=None, lang="he"):
        self.doc, self.glue, self.known, self.base = doc, glue, known, base
        self.lang = check_language(lang)

    def glued(self, key, kind):
        if "::" in key:
            raise ValueError(f"{self.doc}: a glue from another notebook ({key!r}) is not supported here")
        if kind == "text" or kind == "glue":
            name, _, fmt = key.partition(":") if kind == "text" else (key, "", "")
            if name not in self.glue:
                raise ValueError(f"{self.doc}: {{glue:text}}`{key}` names no glued value; glued: {sorted(self.glue)}")
            from myst_nb.core.variables import format_plain_text

            return format_plain_text(_text(self.glue[name]["text/plain"]), fmt)
        name = key.partition(":")[0]
        if name not in self.glue or "text/markdown" not in self.glue[name]:
            raise ValueError(f"{self.doc}: {{glue:md}}`{key}` names no glued markdown value")
        return _text(self.glue[name]["text/markdown"])

    def reference(self, label, text=None):
        if label not in self.known:
            raise ValueError(f"{self.doc}: the cross-reference {label!r} names no label of the book")
        doc, section, title = self.known[label]
        if self.base:
            return f"[{text or section}]({self.base}{doc}.html#{anchor(label)})"
        if text:
            return text
        if doc != self.doc:
            return (msg("reader.in_chapter", self.lang, section=section, title=title) if section != title
                    else msg("reader.chapter", self.lang, title=title))
        return f'"{section}"'

    def role(self, match):
        name, content = match.group(1), match.group(2)
        if name.startswith("glue"):
            return self.glued(content, name.partition(":")[2] or "glue")
        explicit = re.fullmatch(r"(.*?)\s*<([^<>]+)>", content, re.S)
        text, target = (explicit.group(1), explicit.group(2)) if explicit else (None, content)
        if name in ("ref", "numref"):
            return self.reference(target.strip(), text)
        if name == "doc":
            doc = str(Path(self.doc).parent / target) if not target.startswith("/") else target.lstrip("/")
            doc = re.sub(r"(^|/)[^/]+/\.\./", r"\1", doc)
            title = next((t for d, _, t in self.known.values() if d == doc), target)
            text = text or title
            return f"[{text}]({self.base}{doc}.html)" if self.base else f'"{text}"'
        if name == "math":
            return f"${content}$"
        if name == "eq":
            return f"({target})"
        return text or target  # term, abbr, sup, sub, kbd, ... : their words

    def directive(self, name, arg, body):
        name = name.lower()
        if name in ("math",):
            return "$$\n" + body.strip("\n") + "\n$$"
        if name in ("code-block", "code", "code-cell", "sourcecode"):
            return f"```{arg}\n{body.strip(chr(10))}\n```"
        if name.startswith("glue"):
            return self.glued(arg.strip(), "text")
        if name in ("figure", "image"):
            return f"*{body.strip() or arg}*" if body.strip() else ""
        if name in TITLED or name in UNTITLED or name.startswith("admonition") or name in ("exercise", "solution", "proof"):
            title = arg.strip() or admonition_title(name, self.lang)
            lines = ([f"**{title}**", ""] if title else []) + body.strip("\n").splitlines()
            return "\n".join(f"> {l}".rstrip() for l in lines)
        if name in ("toctree", "tableofcontents", "bibliography", "glossary"):
            return body.strip() if name == "glossary" else ""
        return body.strip("\n")

    def directives(self, text):
        """Replace every fenced directive (nested ones too) by plain markdown."""
        lines, out, i = text.split("\n"), [], 0
        while i < len(lines):
            m = FENCE_OPEN.match(lines[i])
            if not m:
                out.append(lines[i])
                i += 1
                continue
            indent, fence, name, arg = m.groups()
            body, j = [], i + 1
            while j < len(lines) and lines[j].strip() != fence:
                body.append(lines[j])
                j += 1
            # options: a YAML block between --- lines, or :key: value lines, at the top
            if body and body[0].strip() == "---":
                end = next((k for k in range(1, len(body)) if body[k].strip() == "---"), 0)
                body = body[end + 1:]
            while body and re.match(r"^\s*:[\w-]+:", body[0]):
                body = body[1:]
            inner = self.directives("\n".join(body))
            out.append(self.directive(name, arg, inner))
            i = j + 1
        return "\n".join(out)

    def markdown(self, text):
        text = LABEL_LINE.sub("", text)
        text = re.sub(r"\n{3,}(?=\S)", "\n\n", text)  # no double blank where a label line was
        text = MYST_COMMENT.sub("", text)
        text = self.directives(text)
        text = EQ_LABEL.sub(r"\1", text)
        text = re.sub(r"\[([^\]]+)\]\(#?([^()\s#]+)\)", self._link, text)
        return ROLE.sub(self.role, text)

    def _link(self, match):
        text, target = match.groups()
        if target in self.known:
            return self.reference(target, text)
        return match.group(0)


def reader_notebook(nb, doc, known=None, base=None, glue_from=None, lang=None):
    """A reader copy of notebook ``nb`` (a dict; not changed): MyST resolved, no widget views.

    ``doc`` is its docname; the glued values come from ``glue_from`` (default:
    ``nb`` itself); ``known`` defaults to the labels of ``nb``'s edition. The
    words it adds are in ``lang``, by default the language that ``nb``'s
    set-up cell chooses. Raises ValueError naming what cannot be resolved.
    """
    nb = json.loads(json.dumps(nb))
    lang = check_language(lang or language_of(nb))
    known = labels(EDITIONS[lang]) if known is None else known
    resolver = Resolver(doc, glued_values(glue_from or nb), known, base, lang)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = resolver.markdown(_text(cell["source"]))
            left = myst_left(cell["source"])
            if left:
                raise ValueError(f"{doc}: raw MyST left after resolving: {left}")
    drop_widget_views(nb)
    return nb


def dumps(nb):
    """A notebook as Jupyter writes it (one-space indent, a final new line)."""
    import nbformat

    return nbformat.writes(nbformat.from_dict(nb)) + "\n"


def edition_root(lang):
    """The folder of edition ``lang`` (``_toc.yml``, ``chapters/``): the top of the repository or ``en/``."""
    root = EDITIONS[check_language(lang)]
    if not (root / "_toc.yml").is_file():
        raise ValueError(f"the {lang!r} edition has no {root / '_toc.yml'}; its chapters are listed there")
    return root


def write_all(out=None, root=ROOT, lang=None):
    """Write the reader copy of every chapter notebook of the edition in ``root`` into ``out``; remove stale ones.

    ``out`` defaults to the edition's ``notebooks/``; ``lang`` (the words a copy
    adds) to the edition's language (``cnnbook.files.edition_of(root)``). Every
    notebook must be of that edition: its set-up cell chooses ``lang``.
    Returns the paths written.
    """
    root = Path(root)
    lang = check_language(lang or edition_of(root / "chapters" / "_.ipynb"))
    out, pages = Path(out or root / READER_DIR), book_pages(root)
    known, base = labels(root), book_url(root)
    written = []
    for doc, path in pages.items():
        if path.suffix != ".ipynb":
            continue
        nb = json.loads(path.read_text(encoding="utf-8"))
        if language_of(nb) != lang:
            raise ValueError(f"{path}: its set-up cell chooses {language_of(nb)!r}, but it belongs to the {lang!r} "
                             f"edition; run python -m cnnbook execute {path}")
        try:
            copy = reader_notebook(nb, doc, known, base, lang=lang)
        except ValueError as exc:
            raise ValueError(f"{path} ({lang}): {exc}; was it run? python -m cnnbook execute {path}") from None
        written.append(write_text(out / path.name, dumps(copy)))
    for old in out.glob("*.ipynb"):
        if old not in written:
            old.unlink()
    return written


def write_editions(langs=None):
    """Write the reader copies of every edition in ``langs`` (default: both) into its own ``notebooks/``.

    Checks first that each edition is there, so that nothing is written for a missing one.
    """
    roots = {lang: edition_root(lang) for lang in (langs or EDITIONS)}
    return [p for lang, root in roots.items() for p in write_all(root=root, lang=lang)]


def add_arguments(parser):
    """The options of ``python -m cnnbook reader``."""
    parser.add_argument("--lang", choices=sorted(EDITIONS),
                        help="one edition only: he (chapters/ -> notebooks/) or en (en/chapters/ -> en/notebooks/); "
                             "default: both")
    parser.add_argument("--out", help="output folder, with --lang only (default: the edition's notebooks/)")


def run(args, parser):
    """Carry out ``python -m cnnbook reader`` with parsed ``args``; returns the paths written."""
    if args.out and not args.lang:
        parser.error("--out needs --lang (he or en): each edition writes its own reader copies")
    try:
        if args.lang:
            return write_all(args.out, root=edition_root(args.lang), lang=args.lang)
        return write_editions()
    except ValueError as exc:
        raise SystemExit(f"reader: {exc}") from None


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m cnnbook reader", description=__doc__.splitlines()[0])
    add_arguments(parser)
    for p in run(parser.parse_args(argv), parser):
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
