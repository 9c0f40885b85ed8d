"""Layer 2: what a user states. Grades and unit-cost build-ups, lines, claims,
counts, rotas, acknowledgements, prices, the proposal and its variants: frozen
pydantic models with validation and no arithmetic. Imports core and rates.
"""
