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
    assert abs(float(plain) / float(ours) - float(ratio)) < 0.02 * float(ratio) + 0.01
    assert abs(float(ours) / float(floor) - float(overhead)) < 0.02 * float(overhead) + 0.01
    # one line per seed, each with its two test errors, and seed 0's are the summary's
    seed_lines = [line for line in lines if line.startswith("ours seed=")]
    assert [line.split(":")[0] for line in seed_lines] == ["ours seed=0", "ours seed=1"]
    assert seed_lines[0].endswith(f"test error last {error} early-stopped {best_error}")
    # 40 updates on 1,280 images already beat chance (90% error) by far
    assert float(error) < 0.8 and float(plain_error) < 0.8


def test_bench_rejects_bad_arguments():
    for flag in ("--epochs", "--seeds", "--limit"):
        result = bench(flag, "0")
        assert result.returncode != 0
        assert f"{flag} must be an integer >= 1, got 0" in result.stderr
