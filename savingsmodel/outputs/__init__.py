"""Layer 6: writing results for people: text tables, CSV, JSON and Markdown over one
view of the figures. Imports layers 0 to 5.
"""
