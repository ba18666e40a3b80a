"""The benchmark command runs and ends with its one comparable line (its figures are not judged here).

It trains on a small subset (``--limit``) so that it takes seconds even on a busy machine.
"""
import re
import subprocess
import sys

LINE = re.compile(
    r"^epochs=(\d+) ours=([\d.]+)s/epoch plain=([\d.]+)s/epoch ratio=([\d.]+)x "
    r"floor=([\d.]+)s/epoch overhead=([\d.]+)x "
    r"test_error=([01]\.\d+) best_test_error=([01]\.\d+) plain_test_error=([01]\.\d+)$"
)


def consistent_quotient(numerator, denominator, quotient, places=2):
    """Whether ``quotient`` can be the rounded quotient of the two unrounded numbers that were
    printed, rounded to ``places`` decimals, as ``numerator`` and ``denominator`` (all three strings)."""
    half = 0.5 * 10 ** -places
    n, d, q = float(numerator), float(denominator), float(quotient)
    low = max(n - half, 0) / (d + half)
    high = (n + half) / (d - half) if d > half else float("inf")
    return low - half <= q <= high + half


def test_consistent_quotient_allows_the_rounding_and_no_more():
    assert consistent_quotient("0.16", "0.09", "1.83")  # 0.164 / 0.0895 = 1.83, printed as 0.16 and 0.09
    assert consistent_quotient("0.16", "0.09", "1.78")
    assert not consistent_quotient("0.16", "0.09", "2.20")
    assert not consistent_quotient("0.16", "0.09", "1.50")
    assert consistent_quotient("1.00", "0.00", "250.00")  # a denominator that rounds to 0: no upper bound


def bench(*args):
    return subprocess.run([sys.executable, "-m", "cnnbook.bench", *args], capture_output=True, text=True, timeout=600)


def test_bench_prints_the_summary_line():
    result = bench("--epochs", "2", "--limit", "1280", "--seeds", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    match = LINE.match(lines[-1])
    assert match, lines[-1]
    epochs, ours, plain, ratio, floor, overhead, error, best_error, plain_error = match.groups()
    assert epochs == "2"
    # the ratios are computed from the unrounded times: only the rounding can separate them
    assert consistent_quotient(plain, ours, ratio), lines[-1]
    assert consistent_quotient(ours, floor, overhead), lines[-1]
    # one line per seed, each with its two test errors, and seed 0's are the summary's
    seed_lines = [line for line in lines if line.startswith("ours seed=")]
    assert [line.split(":")[0] for line in seed_lines] == ["ours seed=0", "ours seed=1"]
    assert seed_lines[0].endswith(f"test error last {error} selected {best_error}")
    # 40 updates on 1,280 images already beat chance (90% error) by far
    assert float(error) < 0.8 and float(plain_error) < 0.8


def test_bench_rejects_bad_arguments():
    for flag in ("--epochs", "--seeds", "--limit"):
        result = bench(flag, "0")
        assert result.returncode != 0
        assert f"{flag} must be an integer >= 1, got 0" in result.stderr
