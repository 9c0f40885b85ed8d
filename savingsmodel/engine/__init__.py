"""Layer 3: the arithmetic. Lines become terms (the one place a line's meaning is
decided), unit costs are built up, amounts uprated, each year evaluated exactly
with its explanation, and payback found. Imports core, rates and model.
"""
