"""The benchmark command runs and ends with its one comparable line (its figures are not judged here)."""
import re
import subprocess
import sys

LINE = re.compile(
    r"^epochs=(\d+) ours=([\d.]+)s/epoch plain=([\d.]+)s/epoch ratio=([\d.]+)x "
    r"test_error=(0\.\d+) plain_test_error=(0\.\d+)$"
)


def test_bench_prints_the_summary_line():
    result = subprocess.run(
        [sys.executable, "-m", "cnnbook.bench", "--epochs", "1"], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    match = LINE.match(last)
    assert match, last
    epochs, ours, plain, ratio, error, plain_error = match.groups()
    assert epochs == "1"
    assert abs(float(plain) / float(ours) - float(ratio)) < 0.02
    # one epoch of LeNet-5 with the chapter's recipe already reads most digits
    assert float(error) < 0.05 and float(plain_error) < 0.05


def test_bench_rejects_bad_epochs():
    result = subprocess.run([sys.executable, "-m", "cnnbook.bench", "--epochs", "0"], capture_output=True, text=True)
    assert result.returncode != 0
    assert "--epochs must be an integer >= 1, got 0" in result.stderr
