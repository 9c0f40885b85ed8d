"""A crash is not a failed check: an unexpected error exits 70, with one line asking for a report.

``check`` exits 1 when a claim misses, so a crash that also exited 1 (Python's code for an
uncaught exception) would read as "the paper is wrong". The failures here are injected: an
internal function is replaced by one that raises, in-process and through the console script.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import savingsmodel.engine.evaluation
from savingsmodel.cli import main
from savingsmodel.cli.main import EXIT_BAD_INPUT, EXIT_CLAIMS_MISS, EXIT_CRASH

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = str(ROOT / "scenarios" / "scs4-1-revised.toml")


def broken(*args: object, **kwargs: object) -> object:
    raise RuntimeError("injected failure")


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_the_crash_code_is_its_own() -> None:
    assert EXIT_CRASH == 70
    assert EXIT_CRASH not in (0, EXIT_CLAIMS_MISS, EXIT_BAD_INPUT)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", SCENARIO],
        ["run", SCENARIO],
        ["run", SCENARIO, "--format", "json"],
        ["explain", SCENARIO, "net_saving", "2016/17"],
        ["compare", SCENARIO, "--variant", "posts-leave-october"],
    ],
)
def test_an_unexpected_error_exits_70_with_one_line(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(savingsmodel.engine.evaluation, "evaluate", broken)
    monkeypatch.delenv("SAVINGSMODEL_TRACEBACK", raising=False)
    code, out, err = run(argv)
    assert code == EXIT_CRASH
    assert out == ""
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert err.startswith("savingsmodel: internal error (RuntimeError: injected failure)")
    assert "please report it" in err
    assert "input file" in err


def test_the_traceback_is_there_when_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(savingsmodel.engine.evaluation, "evaluate", broken)
    monkeypatch.setenv("SAVINGSMODEL_TRACEBACK", "1")
    code, _, err = run(["check", SCENARIO])
    assert code == EXIT_CRASH
    assert "Traceback" in err
    assert err.rstrip().splitlines()[-1].startswith("savingsmodel: internal error (RuntimeError")


def test_bad_input_still_exits_2_and_a_missed_claim_1() -> None:
    assert run(["check", str(ROOT / "scenarios" / "scs4-1-original.toml")])[0] == EXIT_CLAIMS_MISS
    code, _, err = run(["check", str(ROOT / "tests" / "data" / "invalid" / "yaml-alias-bomb.yaml")])
    assert code == EXIT_BAD_INPUT
    assert "Traceback" not in err


def test_an_interrupt_exits_130_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(savingsmodel.engine.evaluation, "evaluate", interrupted)
    code, _, err = run(["check", SCENARIO])
    assert code == 130
    assert err == "savingsmodel: interrupted\n"


def test_the_console_script_exits_70_on_a_crash(tmp_path: Path) -> None:
    """Through the installed script, a fresh process: a sitecustomize module injects the failure."""
    script = shutil.which("savingsmodel", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the console script is not installed beside this Python")
    (tmp_path / "sitecustomize.py").write_text(
        "import savingsmodel.engine.evaluation as evaluation\n"
        "def broken(*args, **kwargs):\n"
        "    raise RuntimeError('injected failure')\n"
        "evaluation.evaluate = broken\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    env.pop("SAVINGSMODEL_TRACEBACK", None)
    done = subprocess.run(  # noqa: S603 - our own console script
        [script, "check", SCENARIO], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == EXIT_CRASH
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("savingsmodel: internal error (RuntimeError: injected failure)")
    assert done.stderr.count("\n") == 1
