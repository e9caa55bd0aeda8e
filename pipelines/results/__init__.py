"""Compute anywhere, write once: the heavy per-day steps write their results as files; one writer merges them.

``store`` is the results folder's layout (a shared folder now, an object store's keys later), ``steps`` stages a
day's inputs from the warehouse, computes the day's results with no warehouse connection, and merges finished
results through ``warehouse.merge``. docs/scaling.md, "Compute anywhere, write once", says how the parts fit.
"""
