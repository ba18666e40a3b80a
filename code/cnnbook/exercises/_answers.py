"""Hand-computation exercises: ``check_answer(exercise_id, value)``.

Each exercise in :data:`QUESTIONS` states its givens (the same numbers as in the
chapter's text), computes the right answer with ``cnnbook`` (never typed in by
hand), and models the classic wrong answers, so that a wrong value is met with
the reason it is wrong, not just "wrong".
"""
import ast
import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .. import conv1d, conv1d_backward, conv2d, conv_output_size, conv_params, linear_params, max_pool2d
from ._report import ATOL, FAIL_MARK, OK_MARK, RTOL, Code, Message, _plain, first_difference, fmt, show

NUMBER, SHAPE, ARRAY = "number", "shape", "array"


@dataclass
class Question:
    """One hand-computation exercise."""

    chapter: str
    given: str  # the givens, code between backticks, e.g. "`x = (2, 0, -1)`, `w = (2, -1, 1)`"
    answer: Callable[[], object]  # the right answer, computed with cnnbook
    hint: str  # how to get it, shown on a wrong answer that matches no known mistake
    kind: str = NUMBER
    mistakes: list = field(default_factory=list)  # [(model: () -> value, Hebrew explanation)]


# ---------------------------------------------------------------- the givens
X1 = np.array([2., 0., -1., 3., 1., -2.])
W1 = np.array([2., -1., 1.])
FC_IN, FC_K = 256, 7
X2 = np.array([[1., -1., 2., 0.], [0., 3., -2., 1.]])
W2 = np.array([[[1., 2.], [-1., 1.]]])
B2 = np.array([-1.])
PSD = dict(L=17, K=4, p=4, s=2, d=3)
POOL_X = np.array([[1., 5., -2., 0.], [3., -1., 4., 2.], [-3., -4., 0., -1.], [-2., -6., 1., 3.]])
IMG5 = np.array([[1., 2., 0., 3.], [4., 1., 2., 0.], [0., 3., 1., 1.], [2., 0., 4., 2.]])
SOBEL_X = np.array([[1., 0., -1.], [2., 0., -2.], [1., 0., -1.]])
BP_X, BP_W, BP_G = np.array([1., 2., -1., 3.]), np.array([2., -1.]), np.array([1., 0., -2.])  # backprop


def _vec(v):
    """A 1D vector as the text writes it: (2, 0, -1)."""
    return "(" + ", ".join(fmt(float(t)) for t in v) + ")"


def _rows(m):
    """A matrix on one line, row by row: [[1, 2], [3, 4]]."""
    return "[" + ", ".join("[" + ", ".join(fmt(float(t)) for t in row) + "]" for row in m) + "]"


def _given(text):
    """The givens as message parts: what is between backticks is code (left to right)."""
    pieces = text.split("`")
    return [Code(p) if i % 2 else p.strip() for i, p in enumerate(pieces) if p.strip()]


def _relu(v):
    return np.maximum(v, 0)


def _same_padding(kernel_size, dilation, length=20):
    """The smallest padding that keeps the length (stride 1), found with conv_output_size."""
    return next(p for p in range(0, dilation * kernel_size + 1)
                if conv_output_size(length, kernel_size, p, 1, dilation) == length)


def _receptive_field(dilations, kernel_size=3, length=64):
    """How many input cells one output of stacked convolutions sees: push an impulse through them."""
    x = np.zeros(length)
    x[length // 2] = 1.0
    for d in dilations:
        x = conv1d(x, np.ones(kernel_size), padding=d * (kernel_size - 1) // 2, dilation=d)
    return int(np.count_nonzero(x))


def _layers_needed(samples, doubling=True, kernel_size=3):
    """The fewest stacked layers (d = 1, 2, 4, ... or all d = 1) whose receptive field covers ``samples``."""
    layers = 1
    while _receptive_field([2 ** i if doubling else 1 for i in range(layers)], kernel_size, 4 * samples) < samples:
        layers += 1
    return layers


def _lenet_rows():
    from ._lenet import lenet_reference

    return lenet_reference()


def _lenet_no_padding_side():
    n = 28
    for k, s in ((5, 1), (2, 2), (5, 1), (2, 2)):  # C1 (no padding), S2, C3, S4
        n = conv_output_size(n, k, 0, s)
    return n


def _conv2d_layer_shape(kernel=(3, 5), padding=(1, 2), stride=(2, 1)):
    """The output shape of the chapter-5 exercise layer on a (4, 32, 24) input."""
    return conv2d(np.zeros((4, 32, 24)), np.zeros((10, 4) + kernel), padding=padding, stride=stride).shape


def _psd(L, K, p, s, d):
    return conv_output_size(L, K, p, s, d)


QUESTIONS = {
    # chapter 1 ---------------------------------------------------------------
    "conv1d-length": Question(
        "01", f"`x = {_vec(X1)}`, `w = {_vec(W1)}`",
        lambda: len(conv1d(X1, W1)),
        "לקלט באורך L וגרעין באורך K יש L − K + 1 מקומות שבהם הגרעין נכנס כולו.",
        mistakes=[
            (lambda: len(X1) - len(W1), "שכחתם את ה־+1: גם המקום הראשון וגם האחרון נספרים, L − K + 1."),
            (lambda: len(X1), "לפלט אין אותו אורך כמו לקלט: בלי ריפוד הגרעין לא יכול לעמוד על הקצוות."),
            (lambda: len(np.convolve(X1, W1)), "זה האורך של הקונבולוציה המלאה (np.convolve עם mode=\"full\"), "
                                               "שבה הגרעין בולט מעבר לקצוות; שכבת קונבולוציה בלי ריפוד נותנת L − K + 1."),
        ]),
    "conv1d-y1": Question(
        "01", f"`x = {_vec(X1)}`, `w = {_vec(W1)}`, ומספור המקומות מתחיל ב־0",
        lambda: conv1d(X1, W1)[1],
        "y[1] = x[1]·w[0] + x[2]·w[1] + x[3]·w[2].",
        mistakes=[
            (lambda: conv1d(X1, W1[::-1])[1], "הגרעין הפוך: זו הקונבולוציה של עיבוד אותות. "
                                              "y[1] = x[1]·w[0] + x[2]·w[1] + x[3]·w[2], בלי היפוך."),
            (lambda: conv1d(X1, W1)[0], "זה y[0]: המספור מתחיל ב־0, ו־y[1] הוא החלון שמתחיל ב־x[1]."),
            (lambda: conv1d(X1, W1)[2], "זה y[2]: המספור מתחיל ב־0, ו־y[1] הוא החלון שמתחיל ב־x[1]."),
        ]),
    "conv1d-fc-params": Question(
        "01", f"אות באורך {FC_IN}, ושכבה מחוברת במלואה שנותנת פלט באורך של שכבת קונבולוציה עם `K = {FC_K}`",
        lambda: linear_params(FC_IN, conv_output_size(FC_IN, FC_K)),
        "N_in × N_out + N_out, כש־N_out = L − K + 1.",
        mistakes=[
            (lambda: FC_IN * conv_output_size(FC_IN, FC_K), "שכחתם את ההטיות: לכל אחת מ־N_out היציאות יש הטיה משלה."),
            (lambda: linear_params(FC_IN, FC_IN), f"אורך הפלט הוא L − K + 1 = {conv_output_size(FC_IN, FC_K)}, לא {FC_IN}."),
        ]),
    "conv1d-conv-params": Question(
        "01", f"שכבת קונבולוציה עם ערוץ אחד וגרעין באורך `K = {FC_K}`, על אות באורך {FC_IN}",
        lambda: conv_params(1, 1, (FC_K,)),
        "K משקלים והטיה אחת, בלי קשר לאורך הקלט.",
        mistakes=[
            (lambda: FC_K, "שכחתם את ההטיה: יש גם הטיה אחת."),
            (lambda: FC_K * conv_output_size(FC_IN, FC_K), "שיתוף משקלים: אותם K משקלים משמשים בכל היציאות, ולא סט לכל יציאה."),
            (lambda: (FC_K + 1) * conv_output_size(FC_IN, FC_K), "שיתוף משקלים: אותם K משקלים והטיה אחת משמשים בכל היציאות."),
        ]),
    # chapter 2 ---------------------------------------------------------------
    "channels-params": Question(
        "02", "`C_in = 3, C_out = 8, K = 5`",
        lambda: conv_params(3, 8, (5,)),
        "C_in × C_out × K + C_out.",
        mistakes=[
            (lambda: 3 * 8 * 5, "שכחתם את ההטיות: הטיה אחת לכל ערוץ פלט."),
            (lambda: 3 * 8 * 5 + 3, "יש הטיה אחת לכל ערוץ פלט (C_out), לא לכל ערוץ קלט."),
            (lambda: 8 * 5 + 8, "כל גרעין של ערוץ פלט משתרע על כל C_in ערוצי הקלט: C_in × C_out × K."),
            (lambda: 3 * 5 + 8, "אין שיתוף משקלים בין ערוצי הפלט: לכל ערוץ פלט גרעינים משלו."),
        ]),
    "channels-relu": Question(
        "02", f"`x_1 = {_vec(X2[0])}, x_2 = {_vec(X2[1])}, w_1 = {_vec(W2[0, 0])}, w_2 = {_vec(W2[0, 1])}, "
              f"b = {fmt(float(B2[0]))}`, ואחר כך ReLU",
        lambda: _relu(conv1d(X2, W2, B2))[0],
        "y[n] = ReLU(b + Σ_c Σ_m x[c, n+m]·w[0, c, m]) לכל n = 0, 1, 2.",
        kind=ARRAY,
        mistakes=[
            (lambda: conv1d(X2, W2, B2)[0], "שכחתם את ה־ReLU: ערך שלילי הופך ל־0."),
            (lambda: _relu(conv1d(X2, W2))[0], "שכחתם את ההטיה b לפני ה־ReLU."),
            (lambda: _relu(conv1d(X2, W2[..., ::-1], B2))[0], "הגרעינים הפוכים: בלי היפוך, w[0, c, m] פוגש את x[c, n+m]."),
            (lambda: _relu(conv1d(X2[:1], W2[:, :1], B2))[0], "השתמשתם רק בערוץ הקלט הראשון; סוכמים על שני הערוצים."),
        ]),
    # chapter 3 ---------------------------------------------------------------
    "psd-length": Question(
        "03", "`L = {L}, K = {K}, p = {p}, s = {s}, d = {d}`".format(**PSD),
        lambda: _psd(**PSD),
        "L_out = ⌊(L + 2p − d(K − 1) − 1)/s⌋ + 1.",
        mistakes=[
            (lambda: _psd(**{**PSD, "d": 1}), "התעלמתם מההתרחבות: הגרעין המורחב משתרע על d(K − 1) + 1 תאים."),
            (lambda: (PSD["L"] + PSD["p"] - PSD["d"] * (PSD["K"] - 1) - 1) // PSD["s"] + 1,
             "ריפוד בצד אחד בלבד: הריפוד מוסיף p תאים בכל צד, 2p בסך הכול."),
            (lambda: _psd(**PSD) - 1, "שכחתם את ה־+1 בסוף הנוסחה."),
            (lambda: _psd(**{**PSD, "s": 1}), "התעלמתם מהצעד: מחלקים ב־s (ומעגלים כלפי מטה)."),
            (lambda: _psd(**{**PSD, "p": 0}), "התעלמתם מהריפוד."),
            (lambda: -(-(PSD["L"] + 2 * PSD["p"] - PSD["d"] * (PSD["K"] - 1) - 1) // PSD["s"]) + 1,
             "עיגלתם כלפי מעלה; מעגלים כלפי מטה, כי חלון שלא נכנס כולו לא נותן יציאה."),
        ]),
    "same-padding": Question(
        "03", "`K = 5, d = 3, s = 1`; הפלט צריך להיות באורך הקלט",
        lambda: _same_padding(5, 3),
        "צריך ש־2p = d(K − 1), כלומר p = d(K − 1)/2.",
        mistakes=[
            (lambda: _same_padding(5, 1), "התעלמתם מההתרחבות: הגרעין המורחב ארוך יותר, d(K − 1) + 1 תאים."),
            (lambda: 3 * (5 - 1), "זה הריפוד הכולל משני הצדדים; p הוא מה שמוסיפים בכל צד."),
        ]),
    "receptive-field": Question(
        "03", "שכבות עם `K = 3` וצעד 1, בהתרחבות `d = 1, 2, 4, 8, ...`; שדה קליטה של 100 דגימות לפחות",
        lambda: _layers_needed(100),
        "כל שכבה מוסיפה d(K − 1) תאים לשדה הקליטה: אחרי n שכבות הוא 1 + 2(1 + 2 + ... + 2^(n−1)).",
        mistakes=[
            (lambda: _layers_needed(100) - 1, "עם שכבה אחת פחות שדה הקליטה עוד קטן מ־100."),
            (lambda: _layers_needed(100) + 1, "שכבה אחת מיותרת: כבר עם פחות שכבות שדה הקליטה מגיע ל־100."),
            (lambda: _layers_needed(100, doubling=False), "זה מספר השכבות בלי התרחבות (d = 1 בכל שכבה); "
                                                          "כאן ההתרחבות מוכפלת בכל שכבה."),
        ]),
    # chapter 4 ---------------------------------------------------------------
    "pool-output-shape": Question(
        "04", "קלט בצורה `(6, 27, 27)`, איגום מקסימום בחלון 3×3 וצעד 2",
        lambda: (6,) + max_pool2d(np.zeros((27, 27)), 3, 2).shape,
        "בכל ציר ⌊(n − k)/s⌋ + 1, ומספר הערוצים לא משתנה.",
        kind=SHAPE,
        mistakes=[
            (lambda: (6, 14, 14), "עיגלתם כלפי מעלה: חלון חלקי בשוליים לא נותן יציאה, ולכן מעגלים כלפי מטה."),
            (lambda: (6, 9, 9), "הצעד הוא 2, לא גודל החלון."),
            (lambda: (6, 25, 25), "התעלמתם מהצעד 2."),
            (lambda: max_pool2d(np.zeros((27, 27)), 3, 2).shape, "חסר מספר הערוצים: האיגום פועל על כל ערוץ לחוד, וכל ששת הערוצים נשארים."),
        ]),
    "pool-values": Question(
        "04", f"`X = {_rows(POOL_X)}`, חלון 2×2 וצעד 2",
        lambda: max_pool2d(POOL_X, 2),
        "בכל אחד מארבעת החלונות 2×2 שאינם חופפים שומרים את הערך הגדול ביותר.",
        kind=ARRAY,
        mistakes=[
            (lambda: _relu(max_pool2d(POOL_X, 2)), "בחלון שכל ערכיו שליליים המקסימום שלילי, לא 0."),
            (lambda: conv2d(POOL_X, np.full((2, 2), 0.25), stride=2), "חישבתם ממוצע; איגום מקסימום שומר את הערך הגדול."),
            (lambda: -max_pool2d(-POOL_X, 2), "שמרתם את הערך הקטן ביותר; איגום מקסימום שומר את הגדול."),
            (lambda: max_pool2d(POOL_X, 2, 1), "השתמשתם בצעד 1 (חלונות חופפים); כאן הצעד 2."),
        ]),
    # chapter 5 ---------------------------------------------------------------
    "conv2d-output-shape": Question(
        "05", "קלט `(4, 32, 24)`; `Conv2d(4, 10, kernel_size=(3, 5), padding=(1, 2), stride=(2, 1))`",
        lambda: _conv2d_layer_shape(),
        "מספר ערוצי הפלט, ואחריו ⌊(n + 2p − K)/s⌋ + 1 בכל ציר, עם הגרעין, הריפוד והצעד של אותו ציר.",
        kind=SHAPE,
        mistakes=[
            (lambda: (4,) + _conv2d_layer_shape()[1:], "מספר הערוצים בפלט הוא מספר ערוצי הפלט, 10, לא 4."),
            (lambda: (10, 17, 24), "עיגלתם כלפי מעלה; מעגלים כלפי מטה."),
            (lambda: _conv2d_layer_shape(padding=(0, 0)), "התעלמתם מהריפוד."),
            (lambda: _conv2d_layer_shape(stride=(1, 1)), "התעלמתם מהצעד 2 בציר הגובה."),
            (lambda: _conv2d_layer_shape(stride=(2, 2)), "הצעד (2, 1) הוא 2 בגובה ו־1 ברוחב: לא מחלקים את הרוחב ב־2."),
            (lambda: _conv2d_layer_shape(kernel=(5, 3)), "החלפתם בין הגובה לרוחב של הגרעין: (3, 5) הוא 3 שורות ו־5 עמודות."),
        ]),
    "conv2d-params": Question(
        "05", "`Conv2d(4, 10, kernel_size=(3, 5))`",
        lambda: conv_params(4, 10, (3, 5)),
        "C_in × C_out × K_h × K_w + C_out.",
        mistakes=[
            (lambda: 4 * 10 * 3 * 5, "שכחתם את ההטיות, אחת לכל ערוץ פלט."),
            (lambda: 10 * 3 * 5 + 10, "כל גרעין משתרע על כל ערוצי הקלט: כפלו גם ב־C_in."),
            (lambda: 4 * 10 * 3 + 10, "לגרעין דו־ממדי יש K_h × K_w משקלים לכל זוג ערוצים."),
            (lambda: 4 * 10 * 5 + 10, "לגרעין דו־ממדי יש K_h × K_w משקלים לכל זוג ערוצים."),
            (lambda: 4 * 10 * 3 * 5 + 4, "יש הטיה לכל ערוץ פלט, לא לכל ערוץ קלט."),
        ]),
    "conv2d-value": Question(
        "05", f"`X = {_rows(IMG5)}`, `w = {_rows(SOBEL_X)}` (Sobel x), בלי ריפוד; `y[0, 1]` (שורה 0, עמודה 1)",
        lambda: conv2d(IMG5, SOBEL_X)[0, 1],
        "y[0, 1] = Σ_u Σ_v X[u, 1 + v]·w[u, v]: החלון ששורתו העליונה 0 ועמודתו השמאלית 1.",
        mistakes=[
            (lambda: conv2d(IMG5, SOBEL_X[::-1, ::-1])[0, 1], "הגרעין הפוך: בקורלציה צולבת w[u, v] פוגש את X[i + u, j + v], בלי היפוך."),
            (lambda: conv2d(IMG5, SOBEL_X)[1, 0], "זה y[1, 0]: האינדקס הראשון הוא השורה והשני העמודה."),
            (lambda: conv2d(IMG5, SOBEL_X.T)[0, 1], "השתמשתם בגרעין משוחלף: w[u, v] היא השורה u והעמודה v של הגרעין."),
        ]),
    "separable-mults": Question(
        "05", "גרעין 5×5, לעומת שני מעברים: גרעין 5×1 ואחריו גרעין 1×5",
        lambda: (5 * 5, 5 + 5),
        "גרעין K×K דורש K² הכפלות לכל יציאה; שני מעברים חד־ממדיים דורשים K + K.",
        kind=SHAPE,
        mistakes=[
            (lambda: (10, 25), "הסדר הפוך: קודם הגרעין המלא, אחר כך שני המעברים."),
            (lambda: (25, 25), "במעבר חד־ממדי יש K הכפלות ליציאה, ושני מעברים נותנים 2K, לא K²."),
        ]),
    # chapter 7 ---------------------------------------------------------------
    "lenet-c1-as-fc": Question(
        "06", "שכבה מחוברת במלואה מהקלט `1×28×28` לפלט של C1, `6×28×28`",
        lambda: linear_params(28 * 28, int(np.prod(_lenet_rows()[0][1]))),
        "N_in × N_out + N_out, כש־N_in = 28·28 ו־N_out = 6·28·28.",
        mistakes=[
            (lambda: 28 * 28 * int(np.prod(_lenet_rows()[0][1])), "שכחתם את ההטיות: לכל אחת מ־N_out היציאות הטיה משלה."),
            (lambda: _lenet_rows()[0][2], "זה מספר הפרמטרים של C1 עצמה, שכבת הקונבולוציה; השאלה על שכבה מחוברת במלואה."),
            (lambda: linear_params(28 * 28, 6), "לשכבה יש 6·28·28 יציאות, לא 6: כל מפת מאפיינים היא 28×28 יציאות."),
        ]),
    "lenet-no-padding": Question(
        "06", "LeNet-5 על תמונה 28×28 בלי הריפוד 2 של C1: הגובה (והרוחב) של הפלט של S4",
        _lenet_no_padding_side,
        "הפעילו ⌊(n + 2p − K)/s⌋ + 1 ארבע פעמים: C1 (K = 5, p = 0), S2 (2, צעד 2), C3 (K = 5), S4 (2, צעד 2).",
        mistakes=[
            (lambda: 5, "זה הגודל עם הריפוד; בלי ריפוד C1 מקטינה את 28 ל־24."),
        ]),
    # backpropagation ---------------------------------------------------------
    "backprop-grad-w": Question(
        "backprop", f"`x = {_vec(BP_X)}`, `w = {_vec(BP_W)}`, `g = dL/dy = {_vec(BP_G)}`",
        lambda: conv1d_backward(BP_X, BP_W, BP_G).dw,
        "dL/dw[m] = Σ_n g[n]·x[n + m]: קורלציה צולבת של x עם g.",
        kind=ARRAY,
        mistakes=[
            (lambda: conv1d(BP_X, BP_G[::-1]), "הפכתם את g: dL/dw[m] = Σ g[n]·x[n + m], קורלציה צולבת בלי היפוך."),
            (lambda: BP_G[0] * BP_X[:2], "לקחתם רק את התרומה של y[0]; המשקל משותף לכל היציאות, וסוכמים את התרומות של כולן."),
            (lambda: BP_G[-1] * BP_X[2:], "לקחתם רק את התרומה של y[2]; המשקל משותף לכל היציאות, וסוכמים את התרומות של כולן."),
            (lambda: conv1d(BP_X, BP_G) / 3, "חישבתם ממוצע על שלוש היציאות; הגרדיאנט של משקל משותף הוא סכום."),
        ]),
    "backprop-grad-x": Question(
        "backprop", f"`x = {_vec(BP_X)}`, `w = {_vec(BP_W)}`, `g = dL/dy = {_vec(BP_G)}`",
        lambda: conv1d_backward(BP_X, BP_W, BP_G).dx,
        "dL/dx[i] = Σ_n g[n]·w[i − n]: קונבולוציה מלאה של g עם w, באורך הקלט.",
        kind=ARRAY,
        mistakes=[
            (lambda: conv1d(np.pad(BP_G, 1), BP_W), "לא הפכתם את הגרעין: התא x[i] נקרא בידי y[n] דרך w[i − n], "
                                                   "ולכן בקורלציה צולבת עם g המרופד משתמשים ב־w הפוך."),
            (lambda: conv1d(BP_G, BP_W[::-1]), "זו קונבולוציה 'תקפה' (valid); לגרדיאנט לפי הקלט יש אורך הקלט, 4."),
            (lambda: np.convolve(BP_G, BP_W)[::-1], "הסדר הפוך: dL/dx[0] = g[0]·w[0]."),
        ]),
}


def answer_ids(chapter=None):
    """The ids of the hand-computation exercises (of one chapter, e.g. ``"03"``)."""
    return [k for k, q in QUESTIONS.items() if chapter is None or q.chapter == chapter]


NUMBER_FORMAT = ("מספר אחד, למשל 64250 או 64,250 (פסיק או רווח רק בין קבוצות של שלוש ספרות), "
                 "שבר עשרוני עם נקודה (2.5) או חישוב כמו 8/2")
SHAPE_FORMAT = "צורה: מספרים שלמים, למשל (C, H, W) = (3, 10, 10), או 3x10x10"
ARRAY_FORMAT = "רשימה או מערך של מספרים, למשל [2, -1, 0.5]"
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:([ ,\u00a0\u202f])\d{3})(?:\1\d{3})*(?:\.\d+)?$")
_ARITH = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow, ast.Mod)


class BadFormat(ValueError):
    """An answer that cannot be read as the exercise's kind; ``str()`` is the Hebrew reason."""


def _arith(node):
    """The value of a small arithmetic expression tree: numbers, + − × / // ** %, brackets."""
    if isinstance(node, ast.Expression):
        return _arith(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        v = _arith(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp) and isinstance(node.op, _ARITH):
        left, right = _arith(node.left), _arith(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > 64:
            raise BadFormat("חזקה גדולה מדי")
        return {ast.Add: lambda: left + right, ast.Sub: lambda: left - right, ast.Mult: lambda: left * right,
                ast.Div: lambda: left / right, ast.FloorDiv: lambda: left // right, ast.Pow: lambda: left ** right,
                ast.Mod: lambda: left % right}[type(node.op)]()
    raise BadFormat("אפשר לכתוב רק מספרים ופעולות חשבון")


def _number_text(text):
    """A number typed as text: "64250", "64,250", "64 250", "2.5", "8/2", "3·8·5 + 8". Never "4,0" as 40."""
    t = text.strip().replace("_", "")
    if _GROUPED.match(t):
        return float(re.sub(r"[ ,\u00a0\u202f]", "", t))
    if "," in t:
        raise BadFormat("פסיק במספר הוא דו־משמעי (4,0 הוא ארבע או ארבעים?)")
    t = t.replace("×", "*").replace("·", "*").replace("÷", "/").replace("−", "-").replace("^", "**")
    try:
        value = _arith(ast.parse(t, mode="eval"))
    except (SyntaxError, ZeroDivisionError, OverflowError, ValueError, RecursionError):
        raise BadFormat("לא הצלחנו לקרוא את הטקסט כמספר") from None
    return float(value)


def _whole(v):
    """An entry of a shape as an int; 13.9 (or True, or text) is refused, never truncated."""
    if isinstance(v, (bool, np.bool_)):
        raise BadFormat("בצורה יש רק מספרים שלמים")
    if isinstance(v, str):
        v = v.strip()
        if not re.fullmatch(r"[+-]?\d+", v):
            raise BadFormat("בצורה יש רק מספרים שלמים")
        return int(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return int(v)
    raise BadFormat(f"בצורה יש רק מספרים שלמים, ו־{fmt(v)} אינו שלם")


def _shape_text(text):
    """A shape typed as text: "(6, 13, 13)", "[6, 13, 13]", "6x13x13", "6×13×13", "6 13 13"."""
    t = text.strip().strip("()[]").strip()
    parts = [p for p in re.split(r"\s*[x×X*,]\s*|\s+", t) if p != ""]
    if not parts:
        raise BadFormat("לא מצאנו מספרים בטקסט")
    return tuple(_whole(p) for p in parts)


def _array_text(text):
    """An array typed as text: "[1, 0, 4]", "[[5, 4], [-2, 3]]", "1 0 4"."""
    t = text.strip()
    try:
        value = ast.literal_eval(t)
    except (SyntaxError, ValueError, RecursionError):
        parts = [p for p in re.split(r"[\s,]+", t.strip("()[]")) if p]
        try:
            value = [_number_text(p) for p in parts]
        except BadFormat:
            raise BadFormat("לא הצלחנו לקרוא את הטקסט כרשימה של מספרים") from None
    return value


def _real_array(value):
    try:
        arr = np.asarray(_plain(value))
        kind = arr.dtype.kind
    except Exception:  # noqa: BLE001 - ragged lists, objects whose __array__ raises, ...
        raise BadFormat("זה לא מערך של מספרים") from None
    if kind == "c":
        raise BadFormat("מספרים מרוכבים (complex) אינם תשובה כאן")
    if kind not in "biuf" or arr.size == 0:
        raise BadFormat("זה לא מערך של מספרים")
    return arr.astype(float)


def reference_answer(exercise_id):
    """The right answer of a hand-computation exercise, computed with ``cnnbook`` (for instructors)."""
    if exercise_id not in QUESTIONS:
        raise ValueError(f"exercise_id must be one of {answer_ids()}, got {exercise_id!r}")
    return QUESTIONS[exercise_id].answer()


def _as_kind(value, kind):
    """The answer in a comparable form, or a Hebrew reason (with the expected format) why it is not one."""
    expected = {SHAPE: SHAPE_FORMAT, ARRAY: ARRAY_FORMAT}.get(kind, NUMBER_FORMAT)
    try:
        value = _plain(value)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if kind == SHAPE:
            if isinstance(value, str):
                return _shape_text(value), None
            if isinstance(value, np.ndarray):
                value = value.tolist()
            if not isinstance(value, (tuple, list)) and not hasattr(value, "__iter__"):
                raise BadFormat("צורה היא כמה מספרים, לא מספר אחד")
            return tuple(_whole(v) for v in value), None
        if kind == ARRAY:
            if isinstance(value, str):
                value = _array_text(value)
            return _real_array(value), None
        if isinstance(value, str):
            return _number_text(value), None
        if isinstance(value, (complex, np.complexfloating)):
            raise BadFormat("מספר מרוכב (complex) אינו תשובה כאן")
        arr = _real_array(value)
        if arr.size != 1:
            raise BadFormat(f"קיבלנו {arr.size} מספרים במקום אחד")
        return float(arr.reshape(-1)[0]), None
    except BadFormat as bad:
        return None, f"{bad}. התשובה צריכה להיות {expected}"
    except Exception:  # noqa: BLE001 - never raise for a wrong answer
        return None, f"לא הצלחנו לקרוא את התשובה. התשובה צריכה להיות {expected}"


def _equal(a, b, kind):
    if kind == ARRAY:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        return a.shape == b.shape and np.allclose(a, b, rtol=RTOL, atol=ATOL)
    if kind == NUMBER:
        return bool(np.isclose(a, b, rtol=1e-9, atol=1e-6))  # 3692641 is not 3692640
    return a == b


def check_answer(exercise_id, value):
    """Check a hand-computed answer; print a Hebrew report; return True or False.

    ``exercise_id`` is one of :func:`answer_ids` (an unknown id is a ValueError,
    as it is a mistake in the notebook, not in the answer). ``value`` is a number,
    a shape (tuple) or an array, as the exercise asks.
    """
    if exercise_id not in QUESTIONS:
        raise ValueError(f"exercise_id must be one of {answer_ids()}, got {exercise_id!r}")
    q = QUESTIONS[exercise_id]
    right, _ = _as_kind(q.answer(), q.kind)
    title = f"תרגיל {exercise_id}"
    if value is None or value is Ellipsis:
        return show(Message().line(FAIL_MARK, f"{title}: עוד אין תשובה; כתבו אותה במקום", Code("..."), "."), False)
    got, problem = _as_kind(value, q.kind)
    if problem:
        return show(Message().line(FAIL_MARK, f"{title}: {problem}; קיבלנו", Code(f"{type(value).__name__}: {fmt(value)}"), "."), False)
    if _equal(got, right, q.kind):
        return show(Message().line(OK_MARK, f"{title}: נכון!").line("הנתונים:", *_given(q.given), "."), True)
    m = Message().line(FAIL_MARK, f"{title}: התשובה", Code(got if q.kind != NUMBER or isinstance(value, str) else value),
                       "אינה נכונה.")
    m.line("הנתונים:", *_given(q.given), ".")
    if q.kind == ARRAY and got.shape != np.shape(right):
        m.line("לתשובה צורה", Code(got.shape), "במקום", Code(np.shape(right)), ".")
    elif q.kind == ARRAY:
        where = first_difference(got, right)
        m.line("הערך בתא", Code(where if len(where) > 1 else where[0]), "שגוי.")
    reasons = []
    for model, explain in q.mistakes:
        wrong, _ = _as_kind(model(), q.kind)
        if _equal(got, wrong, q.kind) and not _equal(wrong, right, q.kind):
            reasons.append(explain)
    for reason in reasons:
        m.line("אבחנה:", reason)
    if not reasons:
        m.line("רמז:", q.hint)
    return show(m, False)
