"""Redundancy pay and pension strain: the one-off costs of a post holder leaving, worked exactly.

**Statutory redundancy pay** (Employment Rights Act 1996, s.162) counts back from the leaving date over
complete years of continuous service, at most 20, and gives for each year half a week's pay when the
employee was under 22 for the whole of it, one week when 22 or over (but not 41 for the whole of it), and
one and a half weeks when 41 or over for the whole of it. With only the age at leaving (``age``, in complete
years) known, the year of service ``k`` back from the leaving date began when the employee was ``age - k``:
it counts at the rate for that age. Under 2 years' service there is no statutory entitlement. A week's pay
is capped at the statutory limit in force on the leaving date (:mod:`savingsmodel.rates.redundancy`).

An **enhancement** multiplies the statutory payment (a council's discretionary scheme, say 1.5 x); the
result is rounded to the penny, half-up (the one rounding point of the calculator).

**Pension strain** (the cost to the pension fund of paying a pension early) is entered as an amount, or
estimated as a stated factor times a stated base, the annual pension or the salary; rounded to the penny,
half-up.

>>> pay = statutory_redundancy(age=45, service_years=10, weekly_pay=Money(600), leaving=date(2025, 9, 30))
>>> pay.weeks, str(pay.statutory)
(Decimal('12.0'), '£7,200')
>>> print(pay.working)
10 years' service at age 45: 4 years at 1.5 + 6 years at 1 = 12 weeks x £600 a week = £7,200
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from savingsmodel.core.money import Money, RoundingMode, Unit
from savingsmodel.rates.redundancy import weekly_cap_on

__all__ = ["MAX_YEARS", "MIN_YEARS", "RedundancyPay", "pension_strain", "statutory_redundancy", "weeks_of_pay"]

#: At most 20 years count; under 2 years there is no entitlement.
MAX_YEARS = 20
MIN_YEARS = 2
_HALF, _ONE, _ONE_HALF = Decimal("0.5"), Decimal(1), Decimal("1.5")


def _rate(age_at_start: int) -> Decimal:
    if age_at_start >= 41:
        return _ONE_HALF
    return _ONE if age_at_start >= 22 else _HALF


def weeks_of_pay(age: int, service_years: int) -> Decimal:
    """The weeks of pay statutory redundancy gives, from the age at leaving and complete years of service.

    >>> weeks_of_pay(22, 2), weeks_of_pay(42, 2), weeks_of_pay(61, 30), weeks_of_pay(30, 1)
    (Decimal('1.0'), Decimal('2.5'), Decimal('30.0'), Decimal('0'))
    """
    if service_years < MIN_YEARS:
        return Decimal(0)
    return sum((_rate(age - k) for k in range(1, min(service_years, MAX_YEARS) + 1)), Decimal("0.0"))


@dataclass(frozen=True, slots=True)
class RedundancyPay:
    """Statutory redundancy pay, its enhancement, and the working in words."""

    weeks: Decimal
    weekly_pay: Money
    statutory: Money
    enhanced: Money
    working: str


def statutory_redundancy(
    age: int,
    service_years: int,
    weekly_pay: Money,
    leaving: date,
    weekly_cap: Money | None = None,
    multiplier: Decimal = _ONE,
) -> RedundancyPay:
    """Statutory redundancy pay for one person leaving on ``leaving``, and ``multiplier`` times it.

    ``weekly_cap`` states the limit on a week's pay (else the limit in force on ``leaving``, from the table
    shipped; a date it does not cover is an input error asking for the limit).

    >>> capped = statutory_redundancy(61, 25, Money(900), date(2025, 6, 1), multiplier=Decimal(2))
    >>> str(capped.statutory), str(capped.enhanced)
    ('£21,570', '£43,140')
    """
    cap = weekly_cap if weekly_cap is not None else weekly_cap_on(leaving)
    used = min(weekly_pay, cap)
    weeks = weeks_of_pay(age, service_years)
    statutory = (used * weeks).round(Unit.PENCE, RoundingMode.HALF_UP)
    enhanced = (statutory * multiplier).round(Unit.PENCE, RoundingMode.HALF_UP)
    if service_years < MIN_YEARS:
        years = "1 year's" if service_years == 1 else f"{service_years} years'"
        working = f"{years} service: under {MIN_YEARS}, no statutory redundancy pay = £0"
    else:
        counted = min(service_years, MAX_YEARS)
        by_rate: dict[Decimal, int] = {}
        for k in range(1, counted + 1):
            by_rate[_rate(age - k)] = by_rate.get(_rate(age - k), 0) + 1
        parts = " + ".join(
            f"{n} year{'' if n == 1 else 's'} at {rate.normalize():f}"
            for rate, n in sorted(by_rate.items(), reverse=True)
        )
        of = f" (the last {MAX_YEARS} of {service_years})" if service_years > MAX_YEARS else ""
        capped = f" (capped from {weekly_pay})" if used < weekly_pay else ""
        # Two years under 22 come to one week: "1 week", as a finance officer would write it.
        unit = "week" if weeks == 1 else "weeks"
        working = (
            f"{counted} years' service{of} at age {age}: {parts} = {weeks.normalize():f} {unit} x {used} a week"
            f"{capped} = {statutory}"
        )
    if multiplier != _ONE:
        working += f" x {multiplier.normalize():f} enhancement = {enhanced}"
    return RedundancyPay(weeks, used, statutory, enhanced, working)


def pension_strain(factor: Decimal, base: Money) -> Money:
    """A pension strain estimated as ``factor`` x ``base``, to the penny, half-up.

    >>> str(pension_strain(Decimal("3.2"), Money("8123.45")))
    '£25,995.04'
    """
    return (base * factor).round(Unit.PENCE, RoundingMode.HALF_UP)
