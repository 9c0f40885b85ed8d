"""Benchmark: a 50,000-post establishment list loaded, and a plan resting on it evaluated (issue 9, point 1).

Run by hand, from the repository root; prints the figures (docs/performance.md has them):

    .venv/bin/python benchmarks/establishment.py            # 50,000 posts, best of 3
    .venv/bin/python benchmarks/establishment.py --posts 100000 --runs 5

It writes a synthetic list (CSV, and with --xlsx the same list as an Excel workbook too) into a temporary folder,
with a mapping file and a plan of 20 proposals, each releasing the posts of one grade in one cost
centre, and times: reading the list; reading the plan (which reads the list); evaluating the plan;
with --xlsx, reading the workbook, and reading and evaluating a plan resting on it.
The target is the whole (plan read and evaluated) within 2 seconds for 50,000 posts.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

GRADES = [("Firefighter", 29345), ("Crew Manager", 32520), ("Watch Manager", 36381), ("Control Operator", 27500)]


def write_list(folder: Path, posts: int, seed: int = 9) -> Path:
    rng = random.Random(seed)  # noqa: S311 - a synthetic list to time, not a secret
    path = folder / "establishment.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Post No", "Grade", "Cost Centre", "FTE", "Employee", "Annual Salary (FTE)", "Age", "Service"])
        for number in range(posts):
            grade, pay = GRADES[number % len(GRADES)]
            fte = rng.choice(["1", "1", "1", "0.5", "0.8"])
            vacant = rng.random() < 0.05
            out.writerow(
                [
                    f"P{number:06d}",
                    grade,
                    f"CC{number % 500:03d}",
                    fte,
                    "VACANT" if vacant else f"Person {number}",
                    f"{pay + rng.randrange(0, 3000)}",
                    "" if vacant else rng.randrange(20, 65),
                    "" if vacant else rng.randrange(0, 35),
                ]
            )
    return path


MAPPING = """\
header_row = 1
vacant = ["", "VACANT"]
[columns]
post_number = "Post No"
grade = "Grade"
cost_centre = "Cost Centre"
fte = "FTE"
person = "Employee"
pay = "Annual Salary (FTE)"
age = "Age"
service = "Service"
"""


def write_plan(folder: Path, list_name: str, proposals: int = 20, name: str = "plan.toml") -> Path:
    parts = [
        'name = "Benchmark plan"\nstart_year = "2016/17"\nhorizon = 4\n',
        f'[establishment_list]\nfile = "{list_name}"\nmapping = "mapping.toml"\ntax_year = "2016/17"\n'
        'pension_rate = "21.7%"\n',
    ]
    for i in range(proposals):
        grade = GRADES[i % len(GRADES)][0]
        centre = f"CC{(i * 4 + i % 4) % 500:03d}"
        parts.append(
            f'[[proposals]]\ndirectorate = "D{i % 4}"\nrag = "amber"\n[proposals.proposal]\nreference = "B-{i}"\n'
            f'start_year = "2016/17"\n[[proposals.proposal.grades]]\nname = "{grade}"\nunit_cost = "40k"\n'
            f'[[proposals.proposal.lines]]\nkind = "posts_released"\nname = "posts"\ngrade = "{grade}"\nfte = 1\n'
            f"start = 2016-10-01\n"
            f'[[proposals.posts]]\nline = "posts"\ngrade = "{grade}"\ncost_centre = "{centre}"\n'
        )
    path = folder / name
    path.write_text("".join(parts), encoding="utf-8")
    return path


def best(runs: int, work: Callable[[], object]) -> tuple[float, float, float]:
    """Best and median wall time, and best CPU time (this process's own: on a machine shared with other work,
    the wall time measures the others' load as well)."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(times), statistics.median(times), min(cpu)


def show(label: str, figures: tuple[float, float, float], note: str = "") -> None:
    low, mid, cpu = figures
    print(f"  {label:<34}{low:6.2f} s  {mid:6.2f} s  {cpu:6.2f} s{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--xlsx", action="store_true", help="also time the same list as an Excel workbook")
    args = parser.parse_args()

    from savingsmodel.files.establishment import load_establishment
    from savingsmodel.files.plan import load_plan
    from savingsmodel.plan import evaluate_plan

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        listed = write_list(folder, args.posts)
        (folder / "mapping.toml").write_text(MAPPING, encoding="utf-8")
        plan_path = write_plan(folder, listed.name)
        print(f"{args.posts:,} posts, {listed.stat().st_size / 1e6:.1f} MB of CSV; best and median of {args.runs}")
        print(f"  {'':<34}{'best':>8}  {'median':>8}  {'CPU':>6}")
        show("read the list (CSV)", best(args.runs, lambda: load_establishment(listed, folder / "mapping.toml")))
        show("read the plan and its list", best(args.runs, lambda: load_plan(plan_path)))
        plan = load_plan(plan_path)
        show("evaluate the plan (20 proposals)", best(args.runs, lambda: evaluate_plan(plan)))
        show(
            "both: read and evaluate",
            best(args.runs, lambda: evaluate_plan(load_plan(plan_path))),
            "   (target: within 2 s)",
        )
        released = sum(len(row.evaluation.proposal.lines) for row in evaluate_plan(plan).rows)
        print(f"  ({released} lines priced from posts)")
        if args.xlsx:
            import pandas as pd

            book = folder / "establishment.xlsx"
            pd.read_csv(listed, dtype=str, keep_default_na=False).to_excel(book, index=False)
            print(f"the same list as an Excel workbook, {book.stat().st_size / 1e6:.1f} MB")
            show(
                "read the list (Excel workbook)",
                best(args.runs, lambda: load_establishment(book, folder / "mapping.toml")),
            )
            book_plan = write_plan(folder, book.name, name="plan-xlsx.toml")
            show(
                "both: read and evaluate",
                best(args.runs, lambda: evaluate_plan(load_plan(book_plan))),
                "   (target: within 2 s)",
            )


if __name__ == "__main__":
    main()
