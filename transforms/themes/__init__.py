"""Recurring complaint themes (issue 5): documents → embeddings (multilingual USE) → kNN graph + Leiden with a
noise bucket → c-TF-IDF labels in English and Japanese → stable ids → trends, emerging themes, FAQ candidates.

Every module here is pure (frames and arrays in and out); the warehouse and Dagster wiring live in
``warehouse/themes.py`` and ``pipelines/defs/themes.py``. See docs/themes.md.
"""
