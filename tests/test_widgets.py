"""The live demos: moving a control recomputes the result (checked against torch),
and a demo displays as one output with the widget, a PNG and a note, in the language in use."""
import base64

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnbook import widgets as W
from cnnbook.lang import using

HEBREW = __import__("re").compile("[\u0590-\u05ff]")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def torch_params(layer):
    return sum(p.numel() for p in layer.parameters())


@pytest.mark.parametrize("demo_class", [W.ParameterCountDemo, W.PoolingDemo, W.KernelDemo])
def test_one_output_with_widget_png_and_hebrew_note(demo_class):
    demo = demo_class()
    bundle = demo._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "text/html", "image/png", "text/plain"}
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == demo.widget.model_id
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(PNG_SIGNATURE)
    note = bundle["text/plain"]
    assert any("\u05d0" <= ch <= "\u05ea" for ch in note), "the note is in Hebrew"
    assert "Colab" in note and "Jupyter" in note
    assert "0x" not in note and "model_id" not in note  # deterministic for nbval
    again = demo_class()
    assert again._repr_mimebundle_()["text/plain"] == note
    assert again.still == demo.still, "the default picture is the same on every run"


def test_still_keeps_the_default_state_after_the_controls_move():
    demo = W.PoolingDemo()
    still = demo.still
    demo.controls["size"].value = 3
    assert demo.picture.value != still
    assert demo.still == still
    assert base64.b64decode(demo._repr_mimebundle_()["image/png"]) == still


@pytest.mark.parametrize("c_in,c_out,k,length", [(1, 1, 1, 16), (3, 8, 5, 32), (16, 64, 15, 256), (2, 7, 4, 50)])
def test_parameter_count_demo_recomputes_and_matches_torch(c_in, c_out, k, length):
    demo = W.ParameterCountDemo()
    before = demo.picture.value
    for name, value in dict(c_in=c_in, c_out=c_out, k=k, length=length).items():
        demo.controls[name].value = value
    r = demo.result
    l_out = torch.nn.Conv1d(c_in, c_out, k)(torch.zeros(1, c_in, length)).shape[-1]
    assert r["l_out"] == l_out
    assert r["conv"] == torch_params(torch.nn.Conv1d(c_in, c_out, k))
    assert r["fc"] == torch_params(torch.nn.Linear(c_in * length, c_out * l_out))
    assert r["ratio"] == pytest.approx(r["fc"] / r["conv"])
    assert f"= {r['conv']:,}" in demo.message.value and f"= {r['fc']:,}" in demo.message.value
    if (c_in, c_out, k, length) != (3, 8, 5, 32):  # the default state draws the default picture
        assert demo.picture.value != before


def test_parameter_count_demo_defaults():
    demo = W.ParameterCountDemo()
    assert demo.values() == {"c_in": 3, "c_out": 8, "k": 5, "length": 32}
    assert demo.result["conv"] == 3 * 8 * 5 + 8


@pytest.mark.parametrize("size,stride", [(1, 1), (2, 2), (2, 1), (3, 2), (2, 3), (4, 4), (3, 4)])
def test_pooling_demo_recomputes_and_matches_torch(size, stride):
    demo = W.PoolingDemo()
    demo.controls["size"].value = size
    demo.controls["stride"].value = stride
    expected = F.max_pool2d(torch.tensor(demo.grid)[None], size, stride)[0].numpy()
    np.testing.assert_array_equal(demo.result, expected)
    assert f"→ {expected.shape[0]}×{expected.shape[1]}" in demo.message.value
    # the grey cells: rows (and columns) that no window reaches
    n = demo.grid.shape[0]
    used = {i * stride + m for i in range(expected.shape[0]) for m in range(size)}
    assert (~demo.covered()).sum() == n * n - len(used) ** 2


def test_pooling_demo_default_is_size_2_stride_2_on_an_8x8_grid():
    demo = W.PoolingDemo()
    assert demo.grid.shape == (8, 8) and demo.result.shape == (4, 4)
    np.testing.assert_array_equal(demo.result, demo.grid.reshape(4, 2, 4, 2).max(axis=(1, 3)))


def torch_conv(image, kernel):
    x = torch.tensor(image, dtype=torch.float64)[None, None]
    k = torch.tensor(kernel, dtype=torch.float64)[None, None]
    return F.conv2d(x, k)[0, 0].numpy()


@pytest.mark.parametrize("name", list(W.KERNELS))
def test_kernel_demo_presets_recompute_and_match_torch(name):
    demo = W.KernelDemo()
    demo.preset.value = name
    np.testing.assert_allclose(demo.kernel, W.KERNELS[name], rtol=1e-3)  # through the 4-digit text
    assert demo.preset.value == name, "choosing a preset keeps it selected"
    np.testing.assert_allclose(demo.result, torch_conv(demo.image, demo.kernel), atol=1e-9)


def test_kernel_demo_typed_values():
    demo = W.KernelDemo()
    demo.text.value = "0 1; -1 0"
    assert demo.preset.value == W.TYPED
    assert demo.kernel.shape == (2, 2)
    assert demo.result.shape == (27, 27)
    np.testing.assert_allclose(demo.result, torch_conv(demo.image, [[0, 1], [-1, 0]]), atol=1e-12)
    assert "27×27" in demo.message.value
    demo.relu.value = True
    np.testing.assert_allclose(demo.result, np.maximum(torch_conv(demo.image, [[0, 1], [-1, 0]]), 0))
    assert demo.result.min() >= 0 and demo.result.max() > 0


def test_kernel_demo_bad_text_keeps_the_last_map_and_says_why():
    demo = W.KernelDemo()
    good = demo.result.copy()
    demo.text.value = "1 2; 3"
    assert "same length" in demo.message.value
    np.testing.assert_array_equal(demo.result, good)
    demo.text.value = "1 2; 3 4"
    assert demo.error is None and demo.result.shape == (27, 27)


def test_kernel_demo_on_its_own_image():
    image = np.arange(36.0).reshape(6, 6)
    demo = W.KernelDemo(image=image, kernel="sharpen")
    np.testing.assert_allclose(demo.result, torch_conv(image, W.KERNELS["sharpen"]))


@pytest.mark.parametrize(
    "text,message",
    [("", "empty"), ("1 a; 2 3", "numbers only"), ("1 2; 3", "same length"), ("1 " * 8, "at most")],
)
def test_parse_kernel_rejects_bad_text(text, message):
    with pytest.raises(ValueError, match=message):
        W.parse_kernel(text)


def test_parse_and_format_kernel_round_trip():
    kernel = np.array([[1, 0, -1], [2, 0.5, -2]])
    np.testing.assert_array_equal(W.parse_kernel(W.format_kernel(kernel)), kernel)
    np.testing.assert_array_equal(W.parse_kernel("1, 2\n3 4"), [[1, 2], [3, 4]])


def test_sample_image_has_edges_in_every_direction():
    img = W.sample_image()
    assert img.shape == (28, 28) and img.min() == 0 and img.max() == 1
    for kernel in ("sobel_x", "sobel_y"):
        assert np.abs(torch_conv(img, W.KERNELS[kernel])).max() >= 2


@pytest.mark.parametrize("demo_class", [W.ParameterCountDemo, W.PoolingDemo, W.KernelDemo])
def test_the_picture_has_a_visible_hebrew_caption_live_and_in_the_book(demo_class):
    """The built book shows text/html (the widget view is dropped): the still picture, and the caption under it."""
    import html
    import re

    demo = demo_class()
    assert any("\u05d0" <= ch <= "\u05ea" for ch in demo.caption)
    page = demo._repr_mimebundle_()["text/html"]
    assert page.startswith('<figure class="cnnbook-figure"><img src="data:image/png;base64,')
    assert base64.b64decode(re.search(r"base64,([^\"]+)", page).group(1)) == demo.still
    assert html.unescape(re.search(r'alt="([^"]*)"', page).group(1)) == demo.note
    assert page.endswith(f'<figcaption dir="rtl">{html.escape(demo.caption)}</figcaption></figure>')
    live = demo.widget.children
    assert live[-2] is demo.picture and demo.caption in html.unescape(live[-1].value), "caption under the live picture"


def test_a_demo_without_a_caption_is_refused():
    class Bare(W.PoolingDemo):
        caption_key = ""

    with pytest.raises(ValueError, match="Bare.caption must be a non-empty caption"):
        Bare()


def test_kernels_have_ascii_ids_and_names_in_each_language():
    assert list(W.KERNELS) == ["sobel_x", "sobel_y", "blur", "sharpen"]
    assert W.kernel_label("sobel_x") == "קצה אנכי (Sobel x)"
    with using("en"):
        assert W.kernel_label("sobel_x") == "vertical edge (Sobel x)"
        assert W.kernel_label(W.TYPED) == "typed values"
        assert not any(HEBREW.search(W.kernel_label(k)) for k in W.KERNELS)
    with pytest.raises(ValueError, match="key must be one of"):
        W.kernel_label("קצה")


@pytest.mark.parametrize("demo_class", [W.ParameterCountDemo, W.PoolingDemo, W.KernelDemo])
def test_a_demo_made_in_english_speaks_english_left_to_right(demo_class):
    import html

    with using("en"):
        demo = demo_class()
    he = demo_class()
    bundle = demo._repr_mimebundle_()
    words = [demo.note, demo.caption, demo.message.value] + [c.description for c in demo.controls.values()]
    assert not any(HEBREW.search(w) for w in words), words
    assert "Colab" in demo.note and demo.note != he.note and demo.caption != he.caption
    assert bundle["text/plain"] == demo.note
    assert bundle["text/html"].endswith(f'<figcaption dir="ltr">{html.escape(demo.caption)}</figcaption></figure>')
    assert 'dir="ltr"' in demo.caption_line.value
    assert demo.still != he.still, "the picture's words are English too"


def test_the_kernel_dropdown_shows_names_and_keeps_ids():
    with using("en"):
        demo = W.KernelDemo()
    assert demo.preset.options[0] == ("vertical edge (Sobel x)", "sobel_x") if isinstance(demo.preset.options[0], tuple) \
        else demo.preset.label == "vertical edge (Sobel x)"
    assert demo.preset.value == "sobel_x" and demo.preset.label == "vertical edge (Sobel x)"
    demo.text.value = "0 1; -1 0"
    assert demo.preset.value == W.TYPED and demo.preset.label == "typed values"
