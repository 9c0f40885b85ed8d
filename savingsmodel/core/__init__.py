"""Layer 0, the ground: money and rounding, the calendar (financial years, months, the
share of a year a dated change is in force), errors and problems, and the base
field types every input model shares. Imports nothing of savingsmodel above it.
"""
