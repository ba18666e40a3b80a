"""Checker for the max-pooling exercise (chapter 4), against :func:`cnnbook.max_pool2d`."""
import math

import numpy as np

from .. import conv2d, max_pool2d
from ._runner import Case, Mistake, run_cases, seeded
from ._conv1d import TRUNCATED

AVERAGE = "חישבתם ממוצע בכל חלון (average pooling); איגום מקסימום שומר את הערך הגדול ביותר."
MINIMUM = "שמרתם את הערך הקטן ביותר בכל חלון; איגום מקסימום שומר את הגדול ביותר."
ZERO_START = ("התחלתם את חיפוש המקסימום מ־0, ולכן חלון שכל ערכיו שליליים נתן 0. "
              "התחילו מהערך הראשון בחלון, או מ־-np.inf, או השתמשו ב־window.max().")
PARTIAL_WINDOW = ("כללתם חלון חלקי בשולי הקלט. חלון נחשב רק אם הוא נכנס כולו, "
                  "ולכן מספר היציאות בכל ציר הוא ⌊(n − k)/s⌋ + 1, ושורה או עמודה שנשארו בקצה נזרקות.")


def _stride_explained(case):
    if "stride" not in case.kwargs:
        return ("כשלא מעבירים stride, ברירת המחדל היא גודל החלון (חלונות שאינם חופפים), "
                "ואתם השתמשתם בצעד 1.")
    return "התעלמתם מהצעד (stride): הזזתם את החלון במקום אחד בכל פעם."


FIXED_DEFAULT = ("כשלא מעבירים stride, ברירת המחדל היא גודל החלון, kernel_size, ולא מספר קבוע: "
                 "כתבו s = kernel_size if stride is None else stride.")


def _fixed_default_two(c):
    if "stride" in c.kwargs or c.args["kernel_size"] == 2:
        return None  # the same as the right answer here
    return max_pool2d(c.args["x"], c.args["kernel_size"], 2)


def _stride(case):
    return case.kwargs.get("stride") or case.args["kernel_size"]


def _average(c):
    k, s = c.args["kernel_size"], _stride(c)
    return conv2d(c.args["x"], np.full((k, k), 1.0 / (k * k)), stride=s)


def _partial_windows(c):
    x, k, s = c.args["x"], c.args["kernel_size"], _stride(c)
    extra = [(math.ceil((n - k) / s) * s + k) - n for n in x.shape]
    if not any(extra):
        return None
    xp = np.pad(x, [(0, extra[0]), (0, extra[1])], constant_values=-np.inf)
    return max_pool2d(xp, k, s)


def pool_cases(seed=None):
    """Cases for ``fn(x, kernel_size, stride=None)`` with x of shape (H, W)."""
    a = np.array
    cases = [
        Case({"x": a([[1., 3., 2., 0.], [4., 2., 1., 5.], [0., 1., 3., 2.], [2., 6., 1., 1.]]), "kernel_size": 2},
             note="חלון 2×2 בלי stride: ברירת המחדל היא צעד בגודל החלון"),
        Case({"x": a([[-3., -1., 2., 0.], [-2., -5., 1., -1.], [-4., -2., -1., -3.], [-6., -1., -2., -2.]]),
              "kernel_size": 2}, {"stride": 2}, note="ערכים שליליים: בחלון שכולו שלילי המקסימום שלילי"),
        Case({"x": a([[1., 0., 2., 3., 1.], [4., 1., 0., 2., 2.], [3., 5., 1., 0., 4.], [0., 2., 2., 6., 1.],
                      [7., 1., 3., 0., 9.]]), "kernel_size": 2},
             note="מקרה קצה: קלט 5×5 וחלון 2 — השורה והעמודה האחרונות לא נכנסות לאף חלון"),
        Case({"x": a([[1., 5., 0., 2., 3., 1.], [2., 0., 4., 1., 0., 6.], [3., 1., 2., 2., 5., 0.],
                      [0., 4., 1., 3., 1., 2.]]), "kernel_size": 2}, {"stride": 2},
             note="קלט שאינו ריבועי, 4×6: גובה ורוחב שונים"),
        Case({"x": a([[1., 2., 0., 1., 3.], [0., 4., 1., 2., 0.], [2., 1., 5., 0., 1.], [3., 0., 1., 2., 2.],
                      [1., 2., 0., 3., 1.]]), "kernel_size": 3}, {"stride": 1},
             note="חלון 3×3 עם צעד 1: חלונות חופפים"),
        Case({"x": a([[0.5, 1.5, 2.25], [3.75, 0.25, 1.0], [2.5, 2.0, 0.75]]), "kernel_size": 2}, {"stride": 1},
             note="ערכים שאינם שלמים, חלון 2 וצעד 1"),
        Case({"x": a([[2., 0., 1., 4., 1., 0.], [1., 3., 2., 0., 2., 1.], [0., 1., 5., 1., 0., 3.],
                      [4., 2., 0., 2., 1., 1.], [1., 0., 3., 1., 6., 0.], [2., 2., 1., 0., 1., 2.],
                      [0., 3., 2., 4., 0., 1.]]), "kernel_size": 3}, {"stride": 2},
             note="קלט 7×6, חלון 3 וצעד 2"),
        Case({"x": a([[3., -1., 2.], [0., 7., 1.], [4., 2., -2.]]), "kernel_size": 3},
             note="מקרה קצה: חלון בגודל הקלט, פלט 1×1"),
        Case({"x": a([[1., 0.1, 2., 1 / 3, 0., 4., 1.], [0., 3., 1., 2., 5., 0., 2.], [2., 1., 0., 6., 1., 1., 0.],
                      [0., 2., 7., 1., 0., 3., 1.], [1., 0., 2., 0., 2., 1., 8.], [3., 1., 0., 1., 0., 2., 1.],
                      [0., 9., 1., 2., 1., 0., 1 / 3]]), "kernel_size": 3},
             note="חלון 3×3 בלי stride על קלט 7×7: ברירת המחדל היא צעד 3 (לא 2, ולא 1)"),
        Case({"x": a([[1, -2, 3, 0], [4, 5, -6, 2], [0, 1, 2, 3]]), "kernel_size": 2}, {"stride": 1},
             note="קלט של מספרים שלמים (dtype int)"),
    ]
    rng = seeded(107, seed)
    while len(cases) < 16:
        h, w, k = int(rng.integers(2, 9)), int(rng.integers(2, 9)), int(rng.integers(1, 4))
        if k > min(h, w):
            continue
        kwargs = {} if rng.random() < 0.3 else {"stride": int(rng.integers(1, 4))}
        cases.append(Case({"x": rng.integers(-5, 10, size=(h, w)).astype(float), "kernel_size": k}, kwargs,
                          note="מקרה אקראי"))
    return cases


def check_max_pool2d(fn, *, seed=None):
    """Check ``fn(x, kernel_size, stride=None)``: max pooling of an (H, W) array with a square window.

    ``stride`` defaults to ``kernel_size``; no padding. Output size per axis
    floor((n - k)/s) + 1, each value the largest in its window.
    ``check_max_pool2d(cnnbook.max_pool2d)`` passes.
    """
    mistakes = [
        Mistake(AVERAGE, _average),
        Mistake(MINIMUM, lambda c: -max_pool2d(-c.args["x"], c.args["kernel_size"], _stride(c))),
        Mistake(ZERO_START, lambda c: np.maximum(max_pool2d(c.args["x"], c.args["kernel_size"], _stride(c)), 0)),
        Mistake(_stride_explained, lambda c: max_pool2d(c.args["x"], c.args["kernel_size"], 1)),
        Mistake(FIXED_DEFAULT, _fixed_default_two),
        Mistake(PARTIAL_WINDOW, _partial_windows),
        Mistake(TRUNCATED, lambda c: np.trunc(max_pool2d(c.args["x"], c.args["kernel_size"], _stride(c)))),
    ]
    return run_cases("max_pool2d", fn, pool_cases(seed), max_pool2d, mistakes, axis_names=("גובה", "רוחב"),
                     length_rule="⌊(n − k)/s⌋ + 1",
                     done="בכל חלון נשמר המקסימום, והגודל נקבע לפי החלון והצעד.")
