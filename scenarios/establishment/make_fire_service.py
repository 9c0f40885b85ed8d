"""Write fire-service.csv: the made-up establishment list of the bundled MTFP example (scenarios/plan-mtfp-2016.toml).

ILLUSTRATIVE: every post, person, pay point, age and length of service is invented, to be plausible for a
county fire and rescue service in 2016 (the grades, the pay at 2016 rates, part-time posts, about one post
in twenty vacant). The list is written by this script so it can be regenerated, and the same each time (a
fixed seed, no clock): from the repository root,

    python scenarios/establishment/make_fire_service.py

The plan's proposals name some posts by number (FT-001 to FT-004, the fleet workshop) and some by grade
and cost centre (Control Operator posts in CTL): a change to the grades, places or seed below changes
which posts those are, and the plan's figures with them.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).parent
HEADINGS = ["Post No", "Grade", "Cost Centre", "FTE", "Employee", "Annual Salary (FTE)", "Age", "Service (yrs)"]

# Grade, post number prefix, full-time pay points (2016 rates, illustrative), and where the posts are.
STATIONS = ["BAN", "SLA", "RWR", "DID", "WIT", "ABN", "HEN", "THA", "BIC", "KID"]
GRADES = [
    ("Firefighter", "FF", [29345, 29345, 28197, 27062], dict.fromkeys(STATIONS, 16)),
    ("Crew Manager", "CM", [31257, 32520], dict.fromkeys(STATIONS, 4)),
    ("Watch Manager", "WM", [33210, 34675, 36381], dict.fromkeys(STATIONS, 3)),
    ("Station Manager", "SM", [38978, 40226], {"HQ": 8}),
    ("Control Operator", "CO", [27878, 27878, 26770], {"CTL": 20}),
    ("Fleet Technician", "FT", [27500], {"FLT": 6}),
    ("Business Support Officer", "BSO", [20456, 21269, 22212], {"BSU": 18}),
]
NAMES = ["Smith", "Jones", "Patel", "Brown", "Green", "White", "Khan", "Evans", "Hughes", "Lewis", "Taylor", "Wood"]


def posts(seed: int = 2016) -> list[list[str]]:
    """Every post of the list, in a fixed order, from a fixed seed."""
    rng = random.Random(seed)  # noqa: S311 - an invented list, not a secret
    rows: list[list[str]] = []
    for grade, prefix, pay_points, places in GRADES:
        number = 0
        for centre, count in places.items():
            for _ in range(count):
                number += 1
                fte = "1" if rng.random() < 0.88 else rng.choice(["0.5", "0.6", "0.8"])
                vacant = rng.random() < 0.05
                pay = rng.choice(pay_points)
                age = rng.randrange(22, 60)
                service = min(age - 18, rng.randrange(1, 32))
                person = "VACANT" if vacant else f"{chr(65 + number % 26)}. {rng.choice(NAMES)}"
                rows.append(
                    [
                        f"{prefix}-{number:03d}",
                        grade,
                        centre,
                        fte,
                        person,
                        str(pay),
                        "" if vacant else str(age),
                        "" if vacant else str(service),
                    ]
                )
    return rows


def main() -> None:
    path = HERE / "fire-service.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADINGS)
        writer.writerows(posts())
    print(f"wrote {path} ({len(posts())} posts)")


if __name__ == "__main__":
    main()
