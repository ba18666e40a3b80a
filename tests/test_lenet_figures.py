"""cnnbook.lenet_figures: the architecture PNG, the flow GIF and the chapter's plots."""
import base64
import io
import re

import numpy as np
import pytest
import torch
from matplotlib.figure import Figure
from PIL import Image

from cnnbook import animate, figures, lenet_figures
from cnnbook.lang import using
from cnnbook.model import LAYER_NAMES, LeNet5, layer_table
from cnnbook.train import History


HEBREW = re.compile("[\u0590-\u05ff]")


@pytest.fixture
def english():
    """The plots' words in English, for the duration of one test."""
    with using("en"):
        yield


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    return LeNet5()


@pytest.fixture(scope="module")
def digits():
    """Three 'digits' made of strokes, enough to flow through the network."""
    x = torch.zeros(3, 1, 28, 28)
    x[0, 0, 5:23, 13:16] = 1.0  # a 1
    x[1, 0, 6:9, 7:21] = 1.0  # a 7
    x[1, 0, 6:23, 18:21] = 1.0
    x[2, 0, 5:23, 8:11] = x[2, 0, 5:23, 18:21] = x[2, 0, 5:8, 8:21] = x[2, 0, 20:23, 8:21] = 1.0  # a 0
    return {"test": (x, torch.tensor([1, 7, 0]))}


def texts(fig):
    fig.canvas.draw()
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]


def test_the_architecture_shows_every_layer_with_its_shape_and_parameters(model, english):
    words = " | ".join(texts(lenet_figures.architecture_figure(model)))
    for row in layer_table(model):
        assert row["layer"] in words
        assert f"{row['params']:,} params" in words
    for shape in ("1@28x28", "6@28x28", "6@14x14", "16@10x10", "16@5x5", "120@1x1", "84", "10"):
        assert shape in words
    assert "61,706 learned parameters" in words


@pytest.mark.parametrize("lang", ["he", "en"])
def test_architecture_png_is_a_legible_palette_png(lang):
    with using(lang):
        blob = lenet_figures.architecture_png()
    im = Image.open(io.BytesIO(blob))
    assert im.format == "PNG" and im.mode == "P"
    assert 700 <= im.width <= 950 and 350 <= im.height <= 600  # shown at its own size in the book
    pixels = np.asarray(im.convert("L"))
    assert (pixels < 128).mean() > 0.005  # there is ink
    assert (pixels[:, -5:] > 240).all()  # and nothing runs off the right edge


def test_flow_frames_show_one_more_layer_each(model, digits):
    figs = lenet_figures.flow_figures(model, digits["test"][0][1])
    assert len(figs) == lenet_figures.FRAMES_PER_DIGIT == 1 + len(LAYER_NAMES)
    frames = animate.render(figs)
    changed = [np.any(a != b) for a, b in zip(frames, frames[1:])]
    assert all(changed)


def test_the_last_frame_names_the_models_prediction(model, digits, english):
    image = digits["test"][0][2]
    with torch.inference_mode():
        probs = torch.softmax(model(image[None]), 1)[0]
    last = lenet_figures.flow_figures(model, image)[-1]
    (line,) = [t for t in texts(last) if t.startswith("prediction")]
    assert line == f"prediction: {int(probs.argmax())}  (probability {float(probs.max()):.3f})"


def test_make_all_writes_both_files_in_both_languages(model, digits, tmp_path):
    paths = lenet_figures.make_all(tmp_path, model=model, data=digits)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in paths) == [
        "en/lenet.gif", "en/lenet_arch.png", "he/lenet.gif", "he/lenet_arch.png"]
    for lang in ("he", "en"):
        gif = tmp_path / lang / "lenet.gif"
        assert animate.frame_count(gif) == figures.entry("lenet.gif").frames == 3 * lenet_figures.FRAMES_PER_DIGIT
        with Image.open(gif) as im:
            assert im.format == "GIF" and im.mode == "P" and im.info.get("loop") == 0
            assert im.width <= 950  # legible at the book's width
        assert sorted(p.name for p in (tmp_path / lang).iterdir()) == ["lenet.gif", "lenet_arch.png"]  # no temporaries
    assert (tmp_path / "he" / "lenet.gif").read_bytes() != (tmp_path / "en" / "lenet.gif").read_bytes()
    assert lenet_figures.make_all(tmp_path / "one", model=model, data=digits, langs=("en",))[0].parent.name == "en"


def test_both_figures_are_in_the_catalogue_with_alt_text_and_caption_in_each_language():
    for name in ("lenet_arch.png", "lenet.gif"):
        assert HEBREW.search(figures.alt_text(name)) and HEBREW.search(figures.caption(name))
        with using("en"):
            assert not HEBREW.search(figures.alt_text(name) + figures.caption(name))
    assert figures.caption("lenet.gif").startswith("שלוש ספרות מבחן")  # what chapter 7 shows by default


def test_the_architecture_speaks_the_language_in_use():
    he = lenet_figures.architecture_png()
    with using("en"):
        en = lenet_figures.architecture_png()
    assert he != en
    (a,), (b,) = animate.read_frames(io.BytesIO(he)), animate.read_frames(io.BytesIO(en))
    assert a.shape[0] == b.shape[0]


def test_the_plots_speak_the_language_in_use(digits):
    x = torch.rand(20, 1, 28, 28)
    labels = torch.arange(20) % 10
    fig = lenet_figures.digit_grid(x, labels, labels)
    assert HEBREW.search(fig.axes[0].title.get_text())
    fig = lenet_figures.confusion_figure(np.eye(10, dtype=int))
    assert HEBREW.search(fig.axes[0].get_xlabel()) and HEBREW.search(fig.axes[0].get_title())
    with using("en"):
        assert lenet_figures.confusion_figure(np.eye(10, dtype=int)).axes[0].get_xlabel() == "predicted digit"


def test_show_embeds_the_file_with_its_alt_text(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "FIGS", tmp_path / "figs")
    monkeypatch.setattr(lenet_figures, "FIGS", tmp_path / "figs")
    monkeypatch.setenv("CNNBOOK_CACHE", str(tmp_path / "cache"))
    html = lenet_figures.show("lenet_arch.png").data  # no figs/: made into the cache first
    assert (figures.cache_dir() / "lenet_arch.png").is_file()
    blob = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1))
    assert blob == (figures.cache_dir() / "lenet_arch.png").read_bytes()
    assert figures.alt_text("lenet_arch.png")[:20] in html
    assert figures.caption("lenet_arch.png") in html  # the default caption: chapters need not pass one
    with using("en"):
        english = lenet_figures.show("lenet_arch.png").data
        assert (figures.cache_dir() / "lenet_arch.png").is_file() and figures.cache_dir().name == "en"
    assert figures.alt_text("lenet_arch.png")[:20] not in english and '<figcaption dir="ltr">' in english


def test_show_makes_the_gif_from_the_given_model(model, digits, tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "FIGS", tmp_path / "figs")
    monkeypatch.setattr(lenet_figures, "FIGS", tmp_path / "figs")
    monkeypatch.setenv("CNNBOOK_CACHE", str(tmp_path / "cache"))
    html = lenet_figures.show("lenet.gif", model=model, data=digits).data
    assert 'src="data:image/gif;base64,' in html
    assert animate.frame_count(figures.cache_dir() / "lenet.gif") == 3 * lenet_figures.FRAMES_PER_DIGIT


def test_show_rejects_other_names():
    with pytest.raises(ValueError, match="name must be"):
        lenet_figures.show("conv_layer.gif")


def test_digit_grid_marks_the_mistakes_red(digits, english):
    x = torch.rand(20, 1, 28, 28)
    labels = torch.arange(20) % 10
    preds = labels.clone()
    preds[[3, 11]] = 9
    fig = lenet_figures.digit_grid(x, labels, preds)
    assert isinstance(fig, Figure) and len(fig.axes) == 20
    red = [k for k, ax in enumerate(fig.axes) if ax.title.get_color() == lenet_figures.WRONG]
    assert red == [3, 11]
    assert fig.axes[3].title.get_text() == "pred 9\nlabel 3"
    with pytest.raises(ValueError, match="rows\\*cols"):
        lenet_figures.digit_grid(x[:5], labels[:5])


def history(lr):
    h = History(lr=lr, batch_size=64, steps_per_epoch=100, train_loss=[1.0] * 200)
    h.val_step, h.val_loss, h.train_loss_avg, h.val_error = [100, 200], [0.5, 0.3], [0.6, 0.4], [0.1, 0.05]
    return h


def test_the_loss_plots(english):
    fig = lenet_figures.learning_rate_panels([history(1.0), history(0.1), history(0.01)])
    assert [ax.get_title() for ax in fig.axes] == ["learning rate 1", "learning rate 0.1", "learning rate 0.01"]
    assert all(len(ax.lines) == 2 for ax in fig.axes)
    fig = lenet_figures.loss_curves(history(0.1))
    assert len(fig.axes) == 2 and fig.axes[0].get_yscale() == "log"
    assert fig.axes[1].get_xlabel() == "update" and fig.axes[1].get_ylabel() == "validation error (%)"
    (errors,) = [line for line in fig.axes[1].lines if line.get_label() == "validation"]
    assert list(errors.get_xdata()) == [100, 200] and list(errors.get_ydata()) == [10.0, 5.0]


def test_the_loss_curves_mark_the_lowest_loss_and_the_selected_checkpoint(english):
    h = history(0.1)
    h.val_step, h.val_loss, h.val_error, h.train_loss_avg = [100, 200, 300], [0.4, 0.3, 0.5], [0.03, 0.02, 0.01], [1, 1, 1]
    h.best_step, h.best_val_error, h.best_val_loss, h.best_state = 300, 0.01, 0.5, {}
    loss_ax, error_ax = lenet_figures.loss_curves(h).axes
    (circle,) = [line for line in loss_ax.lines if line.get_label().startswith("lowest validation loss")]
    assert list(circle.get_xdata()) == [200] and list(circle.get_ydata()) == [0.3]
    assert circle.get_label() == "lowest validation loss (update 200)"
    for ax, value in ((loss_ax, 0.5), (error_ax, 1.0)):
        (square,) = [line for line in ax.lines if line.get_label().startswith("selected")]
        assert list(square.get_xdata()) == [300] and list(square.get_ydata()) == [value]
        assert square.get_label() == "selected: lowest validation error (update 300)"


def test_confusion_figure_writes_the_counts():
    m = np.diag(np.arange(1, 11))
    m[4, 9] = 7
    words = texts(lenet_figures.confusion_figure(m))
    assert "7" in words and "10" in words and "0" not in words  # empty cells stay blank


def test_kernels_and_feature_maps(model, digits, english):
    fig = lenet_figures.kernels_figure(model)
    assert [ax.get_title() for ax in fig.axes[:6]] == [f"C1 kernel {k}" for k in range(6)]
    fig = lenet_figures.feature_maps_figure(model, digits["test"][0][0])
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] == "input" and "C1 map 5" in titles and "S2 map 0" in titles


def test_the_hebrew_run_title_uses_the_glossarys_word_for_epochs():
    with using("he"):
        title = lenet_figures.loss_curves(history(0.1)).axes[0].get_title()
    assert "אפוקים" in title and "תקופות" not in title
