"""Answer boxes: every hand-computed exercise of the book can be checked in the page, without a kernel.

The exercises are found in the notebooks themselves, when the book is built: a code cell
that calls ``check_answer("id", answer)`` (the solution cell, see ``cnnbook.assign``) gets,
right after it, a box with a labelled answer field, a Check button, a Reset button and a
verdict region (``role="status"``, read out by screen readers). The box carries its
exercise's data as inline JSON, made by ``cnnbook.exercises._web.answer_box_data`` in the
edition's language from the package's one catalogue and list of exercises: the right answer,
the classic wrong answers and their diagnoses, the tolerance and the report's sentences.
``_static/answer-box.js`` reads the typed answer as ``check_answer`` does and shows the same
report; ``_static/answer-box.css`` styles the box (right to left in Hebrew, the field left
to right, dark mode, phones). Nothing is fetched: the box works offline and from any sub-path.
The box is ``hidden`` until the script has set it up, so a page without scripts (or a print-out)
shows no dead form.

The box's own words (title, label, buttons) are the ``[answer_box]`` table of the catalogues.
"""
import html
import json
import re
from pathlib import Path

from docutils import nodes

import cnnbook.exercises._web
from cnnbook.exercises import answer_ids
from cnnbook.exercises._web import answer_box_data
from cnnbook.lang import check_language, direction, ltr_runs, msg

CALL = re.compile(r"""\bcheck_answer\(\s*["']([A-Za-z0-9_-]+)["']""")


def exercises_in(source):
    """The ids of the ``check_answer("id", ...)`` calls in a cell's source, in order."""
    return CALL.findall(source)


def _script_json(data):
    """JSON that can sit inside ``<script>``: no ``</`` and no ``<!--`` in it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def box_html(exercise_id, lang, number=1):
    """The HTML of the answer box of ``exercise_id`` in ``lang`` (``number`` tells apart two boxes of one exercise on a page)."""
    lang = check_language(lang)
    if exercise_id not in answer_ids():
        raise ValueError(f"exercise_id must be one of {answer_ids()}, got {exercise_id!r}")
    data = answer_box_data(exercise_id, lang)
    uid = f"answer-box-{exercise_id}" + (f"-{number}" if number > 1 else "")
    words = {key: html.escape(msg(f"answer_box.{key}", lang, expected=data["text"]["expected"]))
             for key in ("title", "label", "check", "reset")}
    # a formula inside a Hebrew sentence, "(C, H, W) = (3, 10, 10)", is set left to right as a whole
    words["format"] = "".join(
        f'<bdi dir="ltr">{html.escape(piece)}</bdi>' if ltr and direction(lang) == "rtl" else html.escape(piece)
        for piece, ltr in ltr_runs(msg("answer_box.format", lang, expected=data["text"]["expected"])))
    return (
        f'<section class="answer-box" id="{uid}" data-exercise="{html.escape(exercise_id)}" data-edition="{lang}" '
        f'lang="{lang}" dir="{direction(lang)}" aria-labelledby="{uid}-title" hidden>\n'
        f'<p class="answer-box-title" id="{uid}-title">{words["title"]} <code dir="ltr" class="answer-box-short">{html.escape(exercise_id)}</code></p>\n'
        f'<form class="answer-box-form" novalidate>\n'
        f'<label class="answer-box-label" for="{uid}-input">{words["label"]}</label>\n'
        f'<div class="answer-box-row">'
        f'<input class="answer-box-input" id="{uid}-input" name="answer" type="text" dir="ltr" autocomplete="off" '
        f'autocapitalize="off" spellcheck="false" aria-describedby="{uid}-format">'
        f'<button class="answer-box-check" type="submit">{words["check"]}</button>'
        f'<button class="answer-box-reset" type="button">{words["reset"]}</button>'
        f'</div>\n'
        f'<p class="answer-box-format" id="{uid}-format">{words["format"]}</p>\n'
        f'</form>\n'
        f'<div class="answer-box-verdict" role="status" aria-live="polite"></div>\n'
        f'<script type="application/json" class="answer-box-data">{_script_json(data)}</script>\n'
        f'</section>'
    )


def _cell_source(cell):
    block = next(iter(cell.findall(nodes.literal_block)), None)
    return block.astext() if block is not None else ""


def add_answer_boxes(app, doctree):
    """After each code cell that calls ``check_answer``, the exercise's answer box."""
    if app.builder.format != "html":
        return
    lang = app.config.language
    seen = {}
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        ids = exercises_in(_cell_source(cell))
        if not ids:
            continue
        parent, at = cell.parent, cell.parent.index(cell)
        for offset, exercise_id in enumerate(ids, start=1):
            seen[exercise_id] = seen.get(exercise_id, 0) + 1
            raw = nodes.raw("", box_html(exercise_id, lang, seen[exercise_id]), format="html")
            parent.insert(at + offset, raw)
    if seen:  # a page with boxes is built again when the exercises or the catalogue change
        for source in _data_sources(lang):
            app.env.note_dependency(str(source))


def _data_sources(lang):
    """The files the boxes' data comes from: the catalogue of ``lang`` and the exercises' modules."""
    package = Path(cnnbook.exercises._web.__file__).resolve().parent
    return [package.parent / "messages" / f"{lang}.toml", package / "_answers.py", package / "web.py"]


def setup(app):
    app.connect("doctree-read", add_answer_boxes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
