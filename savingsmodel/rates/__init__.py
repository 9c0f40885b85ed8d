"""Layer 1: dated rules and their tables, as data with lookups (employer National
Insurance so far), each table beside the module that reads it, with its source and
the date it was checked. Imports only :mod:`savingsmodel.core`.
"""
