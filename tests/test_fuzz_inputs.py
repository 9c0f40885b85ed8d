"""Fuzzing the front door: generated and damaged scenario files, in-process and through the command line.

Whatever a file holds, reading it gives a proposal or an ``InputError`` whose every problem names
its file and line; a proposal then evaluates, reconciles, runs its checks and renders in every
format without any other exception; and every input is answered within a time and a memory bound.
The command line answers with exit 0, 1 or 2 and never a traceback.

CI runs a modest number of examples (the ``ci`` profile, derandomized). A deeper search, at least
100,000 inputs, is one command (``docs/quality.md``)::

    SAVINGSMODEL_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz_inputs.py -p no:cacheprovider

Each of the seven in-process tests then draws that many examples (140,000 inputs, 40,000 of
them through ``main``), and the console script checks about 6,000 damaged files in 200 runs.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from savingsmodel import InputError, SavingsModelError, evaluate, reconcile
from savingsmodel.checks.registry import run_checks
from savingsmodel.cli import main
from savingsmodel.files import dumps, loads, yaml_format
from savingsmodel.files.toml_format import toml_document
from savingsmodel.files.writing import _plain
from savingsmodel.model.proposal import Proposal
from savingsmodel.outputs.report import render_run
from savingsmodel.testing import proposals

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("SAVINGSMODEL_FUZZ_EXAMPLES", "0")) or None
#: Every input is answered within these, however it is made (the issue's bounds: 5 s, 1 GB).
SECONDS = 5.0
MAX_RSS_BYTES = 1024**3

SEEDS = {
    "toml": [
        *(
            path.read_text(encoding="utf-8")
            for path in sorted(p for p in (ROOT / "scenarios").glob("*.toml") if not p.name.startswith("plan-"))
        ),
        (ROOT / "tests" / "data" / "every-section.toml").read_text(encoding="utf-8"),
    ],
}
SEEDS["yaml"] = [dumps(loads(text, source="seed.toml", format="toml").proposal, "yaml") for text in SEEDS["toml"]]

# Values an attacker or a careless hand would put where a value belongs.
HOSTILE_VALUES = [
    "",
    "-1",
    "0",
    "-0",
    "1e999999999999999999999",
    "1.0e+999999999",
    "1e-400",
    "9" * 4301,
    "9" * 120,
    "0x1F",
    "1_000",
    "inf",
    "-nan",
    "true",
    "yes",
    "2016-13-01",
    "0001-01-01",
    "9999-12-31T23:59:59.999999Z",
    "[]",
    "{}",
    "[[[[[[[[1]]]]]]]]",
    "[" * 200 + "]" * 200,
    '"£٤٨٠٠٠"',
    '"４８０００"',
    '"4,8,0,0,0"',
    '"£1.2.3m"',
    '"(£5k"',
    '"1bn"',
    '"99999999999999999999bn"',
    '"2099/00"',
    '"\\u001b[2J"',
    '"a\\rb"',
    '"\\u202e"',
    '"x\\ny"',
    '"' + "x" * 5000 + '"',
    # Odd but well-formed: these reach validation, the variants and the engine.
    '"48k"',
    '"£0.5bn"',
    "0.5",
    "12",
    "100000",
    "2016-10-01",
    '"2017/18"',
    '"posts_released"',
    '"days"',
    '"x"',
    '"Watch Manager"',
    '"13.8%"',
    "[1, 2]",
    "{fte = 2}",
]
YAML_VALUES = [
    "!!float abc",
    "!!int abc",
    "!!bool abc",
    "!!timestamp abc",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!python/object/apply:os.system ['echo hi']",
    "!!str",
    "!!null x",
    "&a [*a]",
    "*nowhere",
    "&x {a: 1}",
    "<<: 5",
    "1:2:3:4:5:6:7:8:9:1:2:3:4:5:6:7:8:9",
    "? [a, b]\n  : c",
    "|\n  two\n  lines",
    "'\u0085'",
    '"\\x1b"',
]


def alias_bomb(levels: int, width: int) -> str:
    rows = ["a0: &a0 [" + ",".join(['"lol"'] * width) + "]"]
    rows += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "bomb:\n" + "".join(f"  {row}\n" for row in rows)


@st.composite
def damaged(draw: st.DrawFn, file_format: str) -> bytes:
    """A scenario file (bundled or generated) with one to five kinds of damage."""
    if draw(st.integers(0, 3)) == 0:
        text = dumps(draw(proposals(max_lines=3)), file_format)  # type: ignore[arg-type]
    else:
        text = draw(st.sampled_from(SEEDS[file_format]))
    lines = text.splitlines()
    separator = " = " if file_format == "toml" else ": "
    values = HOSTILE_VALUES + (YAML_VALUES if file_format == "yaml" else [])
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 2, 3, 5]))):
        index = draw(st.integers(0, max(0, len(lines) - 1)))
        action = draw(
            st.sampled_from(["token", "token", "drop", "duplicate", "swap", "text", "nest", "indent", "append"])
        )
        if not lines:
            lines = [""]
        line = lines[index]
        if action == "token" and separator in line:
            key = line.split(separator, 1)[0]
            lines[index] = f"{key}{separator}{draw(st.sampled_from(values))}"
        elif action == "drop":
            del lines[index]
        elif action == "duplicate":
            size = draw(st.integers(1, 8))
            lines[index:index] = lines[index : index + size] * draw(st.integers(1, 3))
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], line
        elif action == "text":
            lines[index] = line[: draw(st.integers(0, len(line)))] + draw(st.text(max_size=20))
        elif action == "nest" and separator in line:
            key, value = line.split(separator, 1)
            depth = draw(st.sampled_from([2, 31, 33, 900]))
            lines[index] = f"{key}{separator}{'[' * depth}{value}{']' * depth}"
        elif action == "indent":
            lines[index] = " " * draw(st.integers(1, 6)) + line
        elif action == "append":
            extra = draw(
                st.sampled_from(
                    [
                        f"huge{separator}[" + ", ".join(["1"] * 20_000) + "]",
                        f"deep{separator}" + "[" * 40 + "1" + "]" * 40,
                        f"number{separator}" + "9" * 5000,
                    ]
                    + ([alias_bomb(8, 9), alias_bomb(3, 3), "loop: &l [*l]"] if file_format == "yaml" else [])
                    + (["[[lines]]\n" * 300, "a." * 3000 + "b = 1"] if file_format == "toml" else [])
                )
            )
            lines.append(extra)
    raw = "\n".join(lines).encode("utf-8")
    if draw(st.integers(0, 9)) == 0:  # damage the bytes themselves: invalid UTF-8, NUL, a stray BOM
        at = draw(st.integers(0, len(raw)))
        raw = (
            raw[:at] + draw(st.sampled_from([b"\xff", b"\x00", b"\xef\xbb\xbf", b"\xc3", b"\r", b"\x1b[2J"])) + raw[at:]
        )
    return raw


# Values of every shape, put where the model expects another: the TypeError class of crash lived here.
ODD_DATA: list[Any] = [
    None,
    5,
    -1,
    0,
    True,
    "ab",
    "",
    "\x1b[2J",
    [],
    [1, "a", None],
    {},
    {"a": {"b": {"c": 1}}},
    date(2016, 1, 1),
    Decimal("1e20"),
    Decimal("0.00000000001"),
    Decimal("-0.5"),
    "£٤٨٠٠٠",
    "1e5",
    "2016/17",
    {"fte": 2, "unit_cost": "50k"},
]


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into nested tables and lists, the containers themselves included."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _leaves(value, (*path, index))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {**data, head: _replace(data[head], rest, value)}
    copy = list(data)
    copy[head] = _replace(copy[head], rest, value)
    return copy


@st.composite
def restructured(draw: st.DrawFn, file_format: str) -> str:
    """A generated proposal's data with a few values (or whole tables) replaced by values of another shape."""
    proposal = draw(proposals(max_lines=3))
    data: Any = _plain(proposal)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _leaves(data) if p]
        if not paths:
            break
        target = draw(st.sampled_from(paths))
        if draw(st.integers(0, 4)) == 0 and isinstance(data, dict):
            data = {
                **data,
                draw(st.sampled_from(["kind", "variants", "lines", "grades", "horizon", "x"])): draw(
                    st.sampled_from(ODD_DATA)
                ),
            }
        else:
            data = _replace(data, target, draw(st.sampled_from(ODD_DATA)))
    try:
        return toml_document(data) if file_format == "toml" else yaml_format.dump(data)
    except (TypeError, ValueError):  # TOML cannot hold None: write it as YAML's null instead
        return yaml_format.dump(data) if file_format == "yaml" else toml_document(_no_none(data))


def _no_none(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _no_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_no_none(v) for v in data if v is not None]
    return data


def bounded(action: Callable[[], Any]) -> Any:
    """``action()``, which must finish within SECONDS and leave the process under MAX_RSS_BYTES."""
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS, f"took {elapsed:.1f} s"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux
    assert rss < MAX_RSS_BYTES, f"the process reached {rss / 2**20:.0f} MB"
    return result


def answers_cleanly(raw: bytes | str, file_format: str) -> None:
    """A proposal that goes all the way through, or problems that each name the file and a line."""
    source = f"fuzzed.{file_format}"

    def whole_way() -> None:
        try:
            scenario = loads(raw, source=source, format=file_format)  # type: ignore[arg-type]
        except InputError as error:
            problems = error.problems
        else:
            event("read: a proposal, evaluated and rendered")
            through(scenario.proposal)
            for variant in scenario.proposal.variants:
                through(scenario.proposal.with_variant(variant.name))
            return
        assert problems
        event(f"refused: {problems[0].code}")
        for problem in problems:
            assert str(problem).startswith(f"{source}:"), problem
            assert problem.line is not None, problem
            assert problem.line >= 1, problem
            assert "\n" not in str(problem)

    bounded(whole_way)


def through(proposal: Proposal) -> None:
    result = evaluate(proposal)
    findings = reconcile(result)
    checks = run_checks(result)
    for fmt in ("table", "json", "csv", "markdown"):
        render_run(result, findings, fmt, checks=checks)


FUZZ = settings(
    max_examples=EXAMPLES or 300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


@FUZZ
@given(damaged("toml"))
def test_a_damaged_toml_file_is_answered_cleanly(raw: bytes) -> None:
    answers_cleanly(raw, "toml")


@FUZZ
@given(damaged("yaml"))
def test_a_damaged_yaml_file_is_answered_cleanly(raw: bytes) -> None:
    answers_cleanly(raw, "yaml")


@settings(FUZZ, max_examples=EXAMPLES or 40)
@given(proposals(), st.sampled_from(["toml", "yaml"]))
def test_a_generated_proposal_reads_back_and_goes_all_the_way(proposal: Proposal, file_format: str) -> None:
    text = dumps(proposal, file_format)  # type: ignore[arg-type]
    assert bounded(lambda: loads(text, source=f"p.{file_format}", format=file_format)).proposal == proposal  # type: ignore[arg-type]
    bounded(lambda: through(proposal))


@FUZZ
@given(st.sampled_from(["toml", "yaml"]).flatmap(lambda f: st.tuples(st.just(f), restructured(f))))
def test_values_of_the_wrong_shape_are_answered_cleanly(case: tuple[str, str]) -> None:
    file_format, text = case
    answers_cleanly(text, file_format)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["toml", "yaml"]))
def test_any_bytes_are_answered_cleanly(raw: bytes, file_format: str) -> None:
    answers_cleanly(raw, file_format)


@FUZZ
@given(
    st.text(alphabet=st.sampled_from(list("[]{}:,=\"'&*!#-?|>. \n\tab1e9\\")), max_size=400),
    st.sampled_from(["toml", "yaml"]),
)
def test_any_syntax_soup_is_answered_cleanly(text: str, file_format: str) -> None:
    answers_cleanly(text, file_format)


@settings(FUZZ, max_examples=EXAMPLES or 100)
@given(damaged("toml") | damaged("yaml"))
def test_the_command_line_never_crashes(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    folder = tmp_path_factory.mktemp("cli")
    is_yaml = raw.lstrip(b"\xef\xbb\xbf").startswith((b"reference:", b"bomb:")) or b": " in raw[:200]
    path = folder / ("fuzzed.yaml" if is_yaml else "fuzzed.toml")
    path.write_bytes(raw)
    for argv in (["check", str(path)], ["run", str(path), "--format", "json"]):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = bounded(lambda argv=argv: main(argv))  # type: ignore[misc]
        assert code in (0, 1, 2), err.getvalue()
        assert "Traceback" not in err.getvalue()
        if code == 2:
            assert all(line.startswith(f"{path}:") for line in err.getvalue().splitlines()), err.getvalue()


@settings(FUZZ, max_examples=(EXAMPLES or 300) // 100)
@given(st.lists(damaged("toml") | damaged("yaml"), min_size=20, max_size=40))
def test_the_console_script_checks_damaged_files_without_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, files: list[bytes]
) -> None:
    """Through the installed script, in a fresh process: many damaged files in one ``check``."""
    script = shutil.which("savingsmodel", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the console script is not installed beside this Python")
    folder = tmp_path_factory.mktemp("script")
    paths = []
    for number, raw in enumerate(files):
        path = folder / f"f{number}.{'yaml' if b': ' in raw[:200] else 'toml'}"
        path.write_bytes(raw)
        paths.append(str(path))
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own console script
        [script, "check", *paths], capture_output=True, text=True, timeout=300, check=False
    )
    assert time.perf_counter() - started < SECONDS * len(paths)
    assert done.returncode in (0, 1, 2), done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    for line in done.stderr.splitlines():
        assert line.startswith(tuple(f"{path}:" for path in paths)), line


def test_a_crash_would_be_seen_not_taken_for_bad_input() -> None:
    """The fuzz tests would see a crash: SavingsModelError is the only exception loads lets out."""
    with pytest.raises(SavingsModelError):
        loads(b"\xff", source="x.toml", format="toml")
