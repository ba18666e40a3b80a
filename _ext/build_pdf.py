"""Print the book: ``python3 _ext/build_pdf.py [--no-build] [--lang he|en] [--pages N]`` (``make pdf``).

Writes one PDF per edition, ``_build/pdf/cnn-book-he.pdf`` and
``_build/pdf/cnn-book-en.pdf`` (``book_pdf.pdf_name``), printed by Chromium
(Playwright, ``/usr/bin/chromium``) from the built site:

1. the site is built (``_ext/build_site.py``; ``--no-build`` uses the one in
   ``_build/html`` as it is);
2. a local HTTP server on 127.0.0.1 serves the site, and on the way out it
   turns every animation (a GIF in a data URI) into a still of its key frames
   (``cnnbook.animate.still_png``: numbered, right to left in Hebrew), so the
   paper shows the steps the animation plays;
3. each page of the edition's ``_toc.yml``, in order, is opened in light mode
   for print media (``_static/print.css``: no sidebars, buttons or players;
   code wraps), every folded block opened (hidden code cells and solutions:
   paper cannot unfold them), images loaded and MathJax finished, and printed
   to A4 with its headings as the PDF's outline; the explorer prints as it
   first draws itself, its sliders at their starting values;
4. a title page with the book's title and contents (each entry with its page
   number) goes in front, the pages are merged with their outlines
   (pypdf), and every page after the title page gets its number at the
   foot. Hebrew's PDF reads right to left (viewer preference ``/R2L``)
   and says its language (``/Lang``).
5. the site is built again, so that its pages link to the PDFs
   (``_ext/book_pdf.py``: a link appears only when the PDF exists).

``--pages N`` prints only the first N pages of the table of contents (the
tests print one or two).
"""
import argparse
import base64
import functools
import html
import io
import re
import sys
import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import book_editions  # noqa: E402  (the extensions' few words: "Solution")
import book_pdf  # noqa: E402  (the extension's names: where the PDFs go)
import build_site  # noqa: E402

from cnnbook import animate  # noqa: E402
from cnnbook.files import EDITIONS, ROOT, write_bytes  # noqa: E402
from cnnbook.lang import LANGUAGES, direction, msg, using  # noqa: E402

SITE = build_site.SITE
OUT = book_pdf.PDF_DIR
CHROMIUM = "/usr/bin/chromium"
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}
PAGE_LOAD_TIMEOUT_MS = 120_000  # generous: the machine may be busy
GIF_URI = re.compile(r'src="data:image/gif;base64,([A-Za-z0-9+/=]+)"')
WIDE_FRAME = 450  # px: frames wider than this go two to a row in a still, narrower ones three


# ------------------------------------------------------------------ the pages
def edition_dir(lang):
    """The folder of edition ``lang`` in the repository (its ``_config.yml`` and ``_toc.yml``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(map(repr, LANGUAGES))}, got {lang!r}")
    return Path(EDITIONS[lang])


def site_prefix(lang):
    """Where edition ``lang`` sits in the site: "" (the root) or "en/"."""
    rel = edition_dir(lang).resolve().relative_to(ROOT.resolve()).as_posix()
    return "" if rel == "." else rel + "/"


def toc_pages(lang):
    """The edition's pages in ``_toc.yml`` order, as paths of the site (``chapters/01_conv1d.html``)."""
    toc = yaml.safe_load((edition_dir(lang) / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [site_prefix(lang) + f + ".html" for f in files]


def book_title(lang):
    config = yaml.safe_load((edition_dir(lang) / "_config.yml").read_text(encoding="utf-8"))
    return config["title"], config.get("author", "")


# ------------------------------------------------------- animations as stills
@functools.lru_cache(maxsize=64)
def still_uri(gif_b64, rtl):
    data = base64.b64decode(gif_b64)
    width = Image.open(io.BytesIO(data)).size[0]
    png = animate.still_png(data, columns=3 if width <= WIDE_FRAME else 2, rtl=rtl)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def print_page_html(text):
    """A built page as it goes to the printer: every GIF becomes a still of its key frames."""
    rtl = ' dir="rtl"' in text[:2000]

    def still(match):
        return f'src="{still_uri(match.group(1), rtl)}" data-book-still="1"'

    return GIF_URI.sub(still, text)


class PrintHandler(SimpleHTTPRequestHandler):
    """Serves the site; HTML pages go through :func:`print_page_html`."""

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        target = Path(self.directory) / path.lstrip("/")
        if path.endswith(".html") and target.is_file():
            body = print_page_html(target.read_text(encoding="utf-8")).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format, *args):
        pass


class PrintServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A request the browser gave up on (it moved to the next page) is no error of ours."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextmanager
def serve(site):
    """The site at ``http://127.0.0.1:<port>/`` while the block runs."""
    server = PrintServer(("127.0.0.1", 0), functools.partial(PrintHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------ printing
READY = r"""async (solutionWord) => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  // A hidden cell's toggle ("Show the code") means nothing on paper: a solution's says "Solution", others go.
  document.querySelectorAll('details.above-input > summary, details.below-input > summary').forEach(s => {
    s.textContent = '';
    if (s.closest('.tag_solution')) {
      const title = document.createElement('p');
      title.className = 'admonition-title';
      title.textContent = solutionWord;
      s.appendChild(title);
    }
  });
  document.querySelectorAll('img[loading="lazy"]').forEach(img => { img.loading = 'eager'; });
  await Promise.all([...document.images].map(img => img.complete ? null :
    new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); })));
  if (document.querySelector('.math, mjx-container, script[type^="math/tex"]')) {
    for (let k = 0; k < 600 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); k++)
      await new Promise(r => setTimeout(r, 100));
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  }
  await document.fonts.ready;
  const text = h => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove());
                      return c.textContent.replace(/\s+/g, ' ').trim(); };
  // The theme prints its own copy of the title (unnumbered) over the page's contents, and hides the
  // page's heading: the copy gets the heading's words, chapter number included; the contents' title
  // is no heading of the book (it would be one in every chapter's outline).
  const printTitle = document.querySelector('#jb-print-docs-body > h1');
  const pageTitle = document.querySelector('article h1');
  if (printTitle && pageTitle) printTitle.textContent = text(pageTitle);
  document.querySelectorAll('#jb-print-toc h2').forEach(h => {
    const p = document.createElement('p');
    p.className = 'book-print-toc-title';
    p.textContent = h.textContent.trim();
    h.replaceWith(p);
  });
  const shown = h => h.getClientRects().length > 0;
  return [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')].filter(shown).map(text);
}"""


def print_page(page, url, solution_word):
    """Print one page of the site; returns (its headings in order, its PDF bytes).

    ``solution_word`` labels the opened solution cells (``book_editions``' "Solution").
    """
    page.goto(url, wait_until="load", timeout=PAGE_LOAD_TIMEOUT_MS)
    headings = page.evaluate(READY, solution_word)
    pdf = page.pdf(format="A4", margin=MARGIN, print_background=True, outline=True, tagged=True)
    return headings, pdf


def title_page_html(lang, contents):
    """The title page: the book's title, its author, and the contents as (heading, page number) pairs."""
    title, author = book_title(lang)
    with using(lang):
        edition, contents_title = msg("pdf.edition"), msg("pdf.contents")
        page_word = msg("pdf.page")
        dir_ = direction(lang)
    rows = "".join(
        f'<li><span class="t">{html.escape(h)}</span><span class="n" aria-label="{html.escape(page_word)}">{n}</span></li>'
        for h, n in contents
    )
    return f"""<!DOCTYPE html><html lang="{lang}" dir="{dir_}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
  body {{ font-family: "DejaVu Sans", sans-serif; color: #222; margin: 0; }}
  .cover {{ padding-top: 45mm; text-align: center; }}
  h1 {{ font-size: 30pt; margin: 0 0 6mm; }}
  .edition {{ font-size: 14pt; color: #555; margin: 0 0 3mm; }}
  .author {{ font-size: 12pt; color: #555; margin: 0 0 25mm; }}
  h2 {{ font-size: 14pt; border-bottom: 1px solid #999; padding-bottom: 2mm; }}
  ol {{ list-style: none; padding: 0; margin: 0; font-size: 12pt; }}
  li {{ display: flex; gap: 3mm; padding: 1.5mm 0; }}
  li .t {{ flex: 1; border-bottom: 1px dotted #aaa; }}
</style></head><body>
<div class="cover"><h1>{html.escape(title)}</h1><p class="edition">{html.escape(edition)}</p>
<p class="author">{html.escape(author)}</p></div>
<h2>{html.escape(contents_title)}</h2><ol>{rows}</ol></body></html>"""


def print_title_page(page, lang, contents):
    page.set_content(title_page_html(lang, contents), wait_until="load")
    return page.pdf(format="A4", margin=MARGIN, print_background=True)


# -------------------------------------------------------------- the document
def page_count(pdf_bytes):
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)


def number_pages(writer, first, font_size=9, bottom_mm=9):
    """Stamp each page's number, from page ``first`` (0-based) on, at the foot's centre (Helvetica digits)."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    for k in range(first, len(writer.pages)):
        page = writer.pages[k]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        label = str(k + 1)
        x = width / 2 - 0.278 * font_size * len(label)  # Helvetica's digits are 0.556 em wide
        y = bottom_mm / 25.4 * 72
        stamp = PageObject.create_blank_page(width=width, height=height)
        stamp[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/BookPageNumber"): font}),
        })
        stream = DecodedStreamObject()
        stream.set_data(f"q 0.35 g BT /BookPageNumber {font_size} Tf {x:.2f} {y:.2f} Td ({label}) Tj ET Q".encode("ascii"))
        stamp[NameObject("/Contents")] = writer._add_object(stream)
        page.merge_page(stamp)


def _letters(text):
    """The characters of ``text`` without white space, sorted: the same for a heading and its outline entry."""
    return sorted(re.sub(r"\s+", "", text))


def mend_outline(writer, headings):
    """Chromium's outline runs together the words on both sides of a line break in a heading
    ("One-dimensionalconvolution"), and in a right-to-left heading it puts a number where it is
    drawn (". קונבולוציה1"): give each entry its heading's own text (``headings``, all the pages'
    headings in order), matched in order by the characters they are made of."""
    from pypdf.generic import NameObject, TextStringObject

    headings = list(headings)
    at = 0

    def walk(item):
        nonlocal at
        while item is not None:
            item = item.get_object()
            title = _letters(str(item.get("/Title", "")))
            for k in range(at, len(headings)):
                if _letters(headings[k]) == title:
                    item[NameObject("/Title")] = TextStringObject(headings[k])
                    at = k + 1
                    break
            if "/First" in item:
                walk(item["/First"])
            item = item.get("/Next")

    root = writer._root_object.get("/Outlines")
    if root is not None:
        walk(root.get_object().get("/First"))


def merge(lang, title_pdf, page_pdfs, headings=()):
    """One PDF: the title page, then the pages with their outlines; numbered; with the edition's metadata."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(title_pdf)), import_outline=False)
    for pdf in page_pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)), import_outline=True)
    mend_outline(writer, headings)
    number_pages(writer, first=page_count(title_pdf))
    title, author = book_title(lang)
    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "cnnbook _ext/build_pdf.py (Chromium, pypdf)"})
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    writer.page_mode = "/UseOutlines"
    if direction(lang) == "rtl":
        writer.create_viewer_preferences()
        writer.viewer_preferences.direction = NameObject("/R2L")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_edition(browser, base_url, lang, pages=None, out=OUT, site=SITE):
    """Print edition ``lang`` (its first ``pages`` pages, or all) of the site in ``site``, served at
    ``base_url``, into ``out``; return the PDF's path."""
    paths = toc_pages(lang)
    if pages is not None:
        if not (isinstance(pages, int) and pages >= 1):
            raise ValueError(f"pages must be a whole number >= 1 (how many pages of _toc.yml to print), got {pages!r}")
        paths = paths[:pages]
    missing = [p for p in paths if not (Path(site) / p).is_file()]
    if missing:
        raise FileNotFoundError(f"the built site lacks {', '.join(missing)}: run `make build` first (or drop --no-build)")
    context = browser.new_context(color_scheme="light", locale="he-IL" if lang == "he" else "en-GB")
    try:
        page = context.new_page()
        page.emulate_media(media="print", color_scheme="light", reduced_motion="reduce")
        solution_word = book_editions.words(lang)["solution_title"]
        printed = [print_page(page, base_url + p, solution_word) for p in paths]
        starts, at = [], 0
        for _, pdf in printed:
            starts.append(at)
            at += page_count(pdf)
        front = 1
        while True:  # the contents' page numbers depend on how long the title page is
            contents = [(hs[0], front + s + 1) for (hs, _), s in zip(printed, starts) if hs]
            title_pdf = print_title_page(page, lang, contents)
            if page_count(title_pdf) == front:
                break
            front = page_count(title_pdf)
    finally:
        context.close()
    target = Path(out) / book_pdf.pdf_name(lang)
    headings = [h for hs, _ in printed for h in hs]
    write_bytes(target, merge(lang, title_pdf, [pdf for _, pdf in printed], headings))
    return target


def print_book(langs=LANGUAGES, pages=None, out=OUT, site=SITE, browser=None):
    """Print every edition in ``langs``; returns {lang: path}. ``browser``: a Playwright Chromium
    already running (the tests' own); without one, Chromium is started and closed here."""
    made = {}
    if browser is not None:
        with serve(site) as base_url:
            for lang in langs:
                made[lang] = print_edition(browser, base_url, lang, pages, out, site)
        return made

    from playwright.sync_api import sync_playwright

    with serve(site) as base_url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            for lang in langs:
                made[lang] = print_edition(browser, base_url, lang, pages, out, site)
        finally:
            browser.close()
    return made


def main(argv=None):
    parser = argparse.ArgumentParser(description="Print the book's editions to PDF (_build/pdf/).")
    parser.add_argument("--no-build", action="store_true", help="print the site in _build/html as it is")
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="only this edition (repeatable)")
    parser.add_argument("--pages", type=int, help="only the first N pages of _toc.yml")
    args = parser.parse_args(argv)
    if args.pages is not None and args.pages < 1:
        parser.error(f"--pages must be >= 1, got {args.pages}")
    if not args.no_build and build_site.main([]) != 0:
        return 1
    start = time.perf_counter()
    made = print_book(tuple(args.lang or LANGUAGES), args.pages)
    for lang, path in made.items():
        print(f"{lang}: {path.relative_to(ROOT)} ({page_count(path.read_bytes())} pages, {path.stat().st_size // 1024} kB)")
    print(f"build_pdf: printed in {time.perf_counter() - start:.0f} s")
    if not args.no_build:  # again, so that the pages link to the PDFs (_ext/book_pdf.py)
        return build_site.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
