import pytest

from cnnbook.notebook import repository_url, rtl_problem, setup_cell_source

GOOD = '<div dir="rtl">\n\n(intro)=\n# כותרת\n\nטקסט עם $x^2$.\n\n</div>'


def test_good_cell_passes():
    assert rtl_problem(GOOD) is None
    assert rtl_problem("English only, no wrapper needed") is None


@pytest.mark.parametrize(
    "source, reason",
    [
        ("# כותרת\nטקסט", "must start with"),
        ('<div dir="rtl">\n(intro)=\n# כותרת\n\n</div>', "blank line must follow"),
        ('<div dir="rtl">\n\nטקסט\n</div>', "blank line must come before"),
        ('<div dir="rtl">\n\nטקסט', "must end with"),
        ('<div dir="rtl">\n\n# כותרת\n\n</div>', "needs an ASCII label"),
        ('<div dir="rtl">\n\n(כותרת)=\n# כותרת\n\n</div>', "needs an ASCII label"),
        ('<div dir="rtl">\n\nא\n\n</div>\n<div dir="rtl">\n\nב\n\n</div>', "must appear once"),
    ],
)
def test_badly_wrapped_cells_are_caught(source, reason):
    assert reason in rtl_problem(source)


def test_setup_cell_uses_the_configured_repository(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("title: x\nrepository:\n  url: https://example.org/a/b\n  branch: main\n")
    assert repository_url(config) == "https://example.org/a/b"
    assert "git+https://example.org/a/b" in setup_cell_source("https://example.org/a/b")


def test_missing_repository_is_reported(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("title: x\n")
    with pytest.raises(ValueError, match="repository: url"):
        repository_url(config)

