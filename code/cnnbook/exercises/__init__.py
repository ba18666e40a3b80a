"""Checkers for the book's exercises: immediate feedback in the reader's language, True/False for graders.

Every coding exercise has its checker; hand computations share ``check_answer``::

    from cnnbook.exercises import check_conv1d
    check_conv1d(my_conv1d)        # prints what is right or wrong, returns True/False

A checker runs the student's function on fixed and seeded random cases against
the reference in ``cnnbook``. On a failure it says, in the language chosen by the
notebook's set-up cell (``cnnbook.set_language``: Hebrew by default, or English), on which input,
what was expected and what came back (shape and values), and names the classic
mistake when the output is the one that mistake gives (a flipped kernel, an
off-by-one length, padding on one side, stride on the input, dilation ignored,
...). It never raises because of a wrong answer, also when the student's code
raises (that is reported, with the exception's text), so an autograder can
simply ``assert check_conv1d(my_conv1d)``. It never raises at all, in fact: not for
text, complex numbers or objects that cannot become arrays, not for ``sys.exit()``
in the student's code, and an infinite loop is stopped after a few seconds
(``_report.TIME_LIMIT``) with a message, in Jupyter and Colab alike.
Every checker takes ``seed=`` to draw other random cases (hidden tests).

Every word of the feedback lives in the catalogue (``[checker.*]`` of
``cnnbook/messages/he.toml`` and ``en.toml``) and is looked up when the report is
shown, so ``cnnbook.set_language("en")`` (or ``cnnbook.lang.using("en")``) gives the
same diagnoses in English; the HTML report reads right to left in Hebrew and left
to right in English (``cnnbook.lang.direction()``).

Only the checkers (and ``answer_ids``, ``reference_answer``) are public; the
modules that hold them are private (``_conv1d``, ``_answers``, ...).

=============================  =========  ===========================================
checker                        chapter    the student's function
=============================  =========  ===========================================
check_conv1d                   1          ``fn(x, w)``, one channel, no padding
check_conv_matrix              1          ``fn(w, L)`` -> the (L-K+1, L) matrix
check_conv1d_multichannel      2          ``fn(x, w, b)``, x (C_in, L), w (C_out, C_in, K)
check_merge_kernels            2          ``fn(w1, w2)`` -> one kernel for two layers
check_conv1d_stride_dilation   3          ``fn(x, w, *, padding, stride, dilation)``
check_conv1d_full              3          the whole signature of ``cnnbook.conv1d``
check_max_pool2d               4          ``fn(x, kernel_size, stride=None)``, x (H, W)
check_conv2d_multichannel      5          ``fn(x, w, b=None, *, padding, stride)``
check_conv1d_grad_input        backprop   ``fn(g, w)`` -> dL/dx of ``conv1d(x, w)``
check_conv1d_grad_kernel       backprop   ``fn(x, g)`` -> dL/dw of ``conv1d(x, w)``
check_max_pool1d_backward      backprop   ``fn(x, g, kernel_size, stride=None)`` -> dL/dx
check_lenet_shapes             6          ``fn()`` -> [(layer, shape, params), ...]
check_accuracy                 6          ``fn(scores, labels)`` -> a number in [0, 1]
check_answer                   all        ``check_answer(exercise_id, value)``
reference_answer               all        the right answer of a hand computation
=============================  =========  ===========================================
"""
from ._backward import check_conv1d_grad_input, check_conv1d_grad_kernel, check_max_pool1d_backward
from ._answers import answer_ids, check_answer, reference_answer
from ._conv1d import (
    check_conv1d,
    check_conv1d_full,
    check_conv1d_multichannel,
    check_conv1d_stride_dilation,
    check_conv_matrix,
    check_merge_kernels,
)
from ._conv2d import check_conv2d_multichannel
from ._lenet import check_accuracy, check_lenet_shapes
from ._pool import check_max_pool2d

__all__ = [
    "answer_ids",
    "check_accuracy",
    "check_answer",
    "check_conv1d",
    "check_conv1d_full",
    "check_conv1d_multichannel",
    "check_conv1d_stride_dilation",
    "check_conv2d_multichannel",
    "check_conv1d_grad_input",
    "check_conv1d_grad_kernel",
    "check_max_pool1d_backward",
    "check_conv_matrix",
    "check_lenet_shapes",
    "check_max_pool2d",
    "check_merge_kernels",
    "reference_answer",
]
