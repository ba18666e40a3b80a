"""The printable edition (make pdf): _ext/build_pdf.py, the print styles, and the book's link to the PDF (_ext/book_pdf.py).

The first tests need no browser. The last ones print the first two pages of
each edition's table of contents (the opening page and chapter 1) from the
built site, read the PDFs back with PDFium (pypdfium2), and compare them with
the pages they were printed from: Hebrew paragraphs come out in logical order,
every picture of the article is there (each animation as a still of its key
frames), every code line is there in full, the outline holds the pages'
headings, and each page after the title page carries its number at its foot.
"""
import base64
import io
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from cnnbook import animate
from cnnbook.files import ROOT
from cnnbook.lang import msg, using

sys.path.insert(0, str(ROOT / "_ext"))
import book_pdf  # noqa: E402
import build_pdf  # noqa: E402

pypdf = pytest.importorskip("pypdf")
pdfium = pytest.importorskip("pypdfium2")

HEBREW = re.compile(r"[\u0590-\u05ff]")


def squeeze(text):
    return re.sub(r"\s+", "", text)


def letters(text):
    return re.sub(r"[\W\d_]+", "", text)


def words(text):
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- no browser
@pytest.mark.parametrize("lang, prefix", [("he", ""), ("en", "en/")])
def test_the_pages_come_in_the_order_of_the_table_of_contents(lang, prefix):
    pages = build_pdf.toc_pages(lang)
    chapters = sorted(p.name for p in (ROOT / prefix / "chapters").glob("[0-9][0-9]_*.ipynb"))
    assert pages[0] == prefix + "intro.html"
    assert pages[1:-1] == [f"{prefix}chapters/{Path(name).stem}.html" for name in chapters]
    assert pages[-1] == prefix + "glossary.html"


def test_a_bad_edition_is_named():
    with pytest.raises(ValueError, match="lang"):
        build_pdf.toc_pages("fr")
    with pytest.raises(ValueError, match="lang"):
        book_pdf.pdf_name("fr")


def test_printing_names_what_is_wrong_before_it_starts_a_browser(tmp_path):
    with pytest.raises(ValueError, match="pages"):
        build_pdf.print_edition(None, "http://127.0.0.1:1/", "he", pages=0, out=tmp_path, site=tmp_path)
    with pytest.raises(FileNotFoundError, match="make build"):
        build_pdf.print_edition(None, "http://127.0.0.1:1/", "en", pages=1, out=tmp_path, site=tmp_path)


def test_the_link_to_the_pdf_is_relative_so_the_site_works_from_a_sub_path():
    assert book_pdf.pdf_href("intro", "he") == "pdf/cnn-book-he.pdf"
    assert book_pdf.pdf_href("chapters/01_conv1d", "en") == "../pdf/cnn-book-en.pdf"


def fake_app(lang, present):
    return SimpleNamespace(config=SimpleNamespace(language=lang, book_pdf_present=present))


@pytest.mark.parametrize("lang", ["he", "en"])
def test_a_page_links_to_the_pdf_only_when_it_was_built(lang, tmp_path, monkeypatch):
    monkeypatch.setattr(book_pdf, "PDF_DIR", tmp_path)
    config = SimpleNamespace(language=lang, book_pdf_present=None)
    book_pdf.note_the_pdf(None, config)
    assert config.book_pdf_present is False
    context = {}
    book_pdf.pdf_link(fake_app(lang, False), "chapters/05_conv2d", "page.html", context, None)
    assert "book_pdf" not in context

    (tmp_path / book_pdf.pdf_name(lang)).write_bytes(b"%PDF-1.4\n")
    book_pdf.note_the_pdf(None, config)
    assert config.book_pdf_present is True
    context = {"header_buttons": [{"type": "group", "label": "download-buttons", "buttons": [{"label": "x"}]}]}
    book_pdf.pdf_link(fake_app(lang, True), "chapters/05_conv2d", "page.html", context, None)
    with using(lang):
        assert context["book_pdf"] == {
            "href": f"../pdf/cnn-book-{lang}.pdf",
            "text": msg("pdf.link"),
            "title": msg("pdf.link_title"),
        }
        # and the same link in the theme's download menu (what a narrow phone shows)
        item = context["header_buttons"][0]["buttons"][-1]
        assert (item["url"], item["text"], item["tooltip"]) == (f"../pdf/cnn-book-{lang}.pdf", msg("pdf.link"), msg("pdf.link_title"))


def small_gif():
    frames = []
    for k in range(4):
        f = np.full((30, 40, 3), 255, np.uint8)
        f[:, 8 * k : 8 * k + 4] = (214, 39, 40)
        frames.append(f)
    return animate.gif_bytes(frames)


@pytest.mark.parametrize("rtl", [False, True])
def test_a_page_goes_to_the_printer_with_each_animation_as_a_still(rtl):
    gif = small_gif()
    uri = "data:image/gif;base64," + base64.b64encode(gif).decode("ascii")
    direction = ' dir="rtl"' if rtl else ""
    page = f'<html lang="he"{direction}><body><figure><img src="{uri}" alt="a"></figure></body></html>'
    printed = build_pdf.print_page_html(page)
    assert "image/gif" not in printed
    src = re.search(r'src="data:image/png;base64,([^"]+)" data-book-still="1"', printed)
    assert src, printed[:300]
    assert base64.b64decode(src.group(1)) == animate.still_png(gif, columns=3, rtl=rtl)


def test_page_numbers_are_stamped_from_the_first_page_after_the_title():
    writer = pypdf.PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    build_pdf.number_pages(writer, first=1)
    texts = [page.extract_text().strip() for page in writer.pages]
    assert texts == ["", "2", "3"]


def test_the_outline_gets_back_the_spaces_and_the_order_of_its_headings():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    top = writer.add_outline_item(title="One-dimensionalconvolution", page_number=0)
    writer.add_outline_item(title="1.1Why convolution?", page_number=0, parent=top)
    writer.add_outline_item(title="Not a heading of the page", page_number=0)
    writer.add_outline_item(title=". קונבולוציה חד־ממדית1", page_number=0)
    build_pdf.mend_outline(writer, ["One-dimensional convolution", "1.1 Why convolution?", "1. קונבולוציה חד־ממדית"])
    reader = pypdf.PdfReader(io.BytesIO(write(writer)))
    assert outline_titles(reader.outline) == [
        "One-dimensional convolution", ["1.1 Why convolution?"], "Not a heading of the page", "1. קונבולוציה חד־ממדית"
    ]


def write(writer):
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def outline_titles(outline):
    return [outline_titles(item) if isinstance(item, list) else item.title for item in outline]


@pytest.mark.parametrize("lang, direction", [("he", "rtl"), ("en", "ltr")])
def test_the_title_page_lists_the_contents_in_the_editions_language(lang, direction):
    page = build_pdf.title_page_html(lang, [("Chapter <one>", 3), ("Two", 12)])
    title, _ = build_pdf.book_title(lang)
    assert f'lang="{lang}" dir="{direction}"' in page
    assert title in page
    with using(lang):
        assert msg("pdf.contents") in page and msg("pdf.edition") in page
    assert "Chapter &lt;one&gt;</span>" in page and ">12</span>" in page


# ------------------------------------------------------------- with a browser
PAGES = 2  # the opening page and chapter 1 of each edition


@pytest.fixture(scope="module")
def printed(built_book, browser, tmp_path_factory):
    """{lang: (the PDF's path, the HTML of the printed pages)}, printed with the tests' own Chromium
    (a second Playwright in the same process cannot start while the first one runs)."""
    out = tmp_path_factory.mktemp("pdf")
    made = build_pdf.print_book(pages=PAGES, out=out, site=built_book, browser=browser)
    return {
        lang: (path, [(built_book / p).read_text(encoding="utf-8") for p in build_pdf.toc_pages(lang)[:PAGES]])
        for lang, path in made.items()
    }


def pdf_texts(path):
    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[k].get_textpage().get_text_range() for k in range(len(doc))]
    finally:
        doc.close()


def article(page_html):
    return BeautifulSoup(page_html, "html.parser").find("article")


HEBREW_SENTENCE = re.compile(r"[\u05d0-\u05ea][\u05d0-\u05ea\u05be ,]*[\u05d0-\u05ea]")  # letters, maqaf, spaces, commas


def hebrew_sentences(pages):
    """The pages' sentences of Hebrew words alone, 6 words or more: no Latin, digits, math, quotes or brackets,
    whose places in a right-to-left line are the bidirectional algorithm's choice, not the writer's."""
    out = []
    for page in pages:
        for p in article(page).find_all("p"):
            if p.find(class_="math") or p.find_parent(["figure", "details", "pre"]):
                continue
            if p.find_parent(class_="answer-box"):  # the answer boxes are for the screen, not for paper
                continue
            for sentence in re.split(r"[.:;?!]\s", words(p.get_text()) + " "):
                sentence = sentence.strip()
                if HEBREW_SENTENCE.fullmatch(sentence) and len(sentence.split()) >= 6:
                    out.append(sentence)
    return out


def test_hebrew_comes_out_in_logical_order(printed):
    path, pages = printed["he"]
    text = words(" ".join(pdf_texts(path)))
    sentences = hebrew_sentences(pages)
    assert len(sentences) >= 5
    for sentence in sentences:
        assert sentence in text  # as it is written, first word first, across the printed lines
        assert sentence[::-1] not in text


@pytest.mark.parametrize("lang", ["he", "en"])
def test_every_picture_of_the_pages_is_printed_and_each_animation_as_its_still(printed, lang):
    import pypdfium2.raw as raw

    path, pages = printed[lang]
    imgs = [img for page in pages for img in article(page).find_all("img")]
    gifs = [img for img in imgs if img["src"].startswith("data:image/gif")]
    assert gifs, "chapter 1 has an animation"
    doc = pdfium.PdfDocument(str(path))
    sizes = []
    for k in range(len(doc)):
        for obj in doc[k].get_objects(max_depth=5):
            if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                sizes.append(tuple(obj.get_px_size()))
    doc.close()
    assert len(sizes) == len(imgs)
    for img in gifs:
        still = animate.still_png(base64.b64decode(img["src"].split(",", 1)[1]), columns=3, rtl=lang == "he")
        assert Image.open(io.BytesIO(still)).size in sizes


@pytest.mark.parametrize("lang", ["he", "en"])
def test_no_code_line_is_cut_off(printed, lang):
    path, pages = printed[lang]
    # pypdf reads the glyphs in the order Chromium drew them, which for a left-to-right code line is its
    # own order even on a right-to-left page (PDFium reorders the words of such a line there).
    text = squeeze(" ".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages))
    lines = [line for page in pages for pre in article(page).find_all("pre") for line in pre.get_text().splitlines()]
    lines = [line for line in lines if line.strip() and not HEBREW.search(line)]
    assert max(len(line) for line in lines) > 100  # wider than the paper: it has to wrap
    missing = [line for line in lines if squeeze(line) not in text]
    assert missing == []


@pytest.mark.parametrize("lang", ["he", "en"])
def test_the_pdf_opens_with_a_title_page_an_outline_and_page_numbers(printed, lang):
    path, pages = printed[lang]
    reader = pypdf.PdfReader(str(path))
    titles = outline_titles(reader.outline)
    h1s = []
    for page in pages:
        h1 = article(page).find("h1")
        for link in h1.find_all(class_="headerlink"):
            link.decompose()
        h1s.append(words(h1.get_text()))
    assert [t for t in titles if isinstance(t, str)] == h1s
    assert reader.metadata.title == build_pdf.book_title(lang)[0]
    assert reader.trailer["/Root"]["/Lang"] == lang
    if lang == "he":
        assert reader.trailer["/Root"]["/ViewerPreferences"]["/Direction"] == "/R2L"

    texts = pdf_texts(path)
    with using(lang):
        assert msg("pdf.contents") in texts[0]
    for h1 in h1s:  # the contents list every page (its letters in order: the reader places digits and
        # punctuation between a Hebrew and a Latin run where it likes, "-5LeNet")
        assert letters(h1) in letters(texts[0])
    doc = pdfium.PdfDocument(str(path))
    for k in range(1, len(doc)):
        width = doc[k].get_width()
        foot = doc[k].get_textpage().get_text_bounded(left=0, bottom=0, right=width, top=40)
        assert foot.strip() == str(k + 1), k
    doc.close()


def test_print_styles_wrap_a_long_code_line_instead_of_cutting_it(browser, tmp_path):
    """A line three times the paper's width, in the book's own code markup, printed with print.css alone."""
    line = "result = " + " + ".join(f"weights_{k:03d} * inputs_{k:03d}" for k in range(12))
    css = (ROOT / "_static" / "print.css").read_text(encoding="utf-8")
    page_html = (
        f"<!DOCTYPE html><html><head><style>{css}</style></head><body>"
        f'<div class="highlight"><pre style="white-space: pre; overflow-x: auto">{line}</pre></div></body></html>'
    )
    page = browser.new_page()
    try:
        page.set_content(page_html)
        pdf = page.pdf(format="A4", margin=build_pdf.MARGIN)
    finally:
        page.close()
    path = tmp_path / "line.pdf"
    path.write_bytes(pdf)
    text = pdf_texts(path)[0]
    assert len(line) > 300 and squeeze(line) in squeeze(text)
    assert len(text.strip().splitlines()) >= 3  # it wrapped
