"""Theme names: class-based TF-IDF keywords per language and the most representative examples.

c-TF-IDF (BERTopic, Grootendorst 2022): all documents of a theme form one class document and term t in
class c weighs ``tf(t,c)/|c| · log(1 + A / f(t))`` with A the mean class length in terms and f(t) the term's
frequency over all classes. It runs per language, so a theme gets English and Japanese keywords side by side.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from transforms.themes.tokenize import terms

KEYWORDS_PER_LANGUAGE = 6
EXAMPLES_PER_THEME = 3
MIN_QUOTE_CHARS = 15  # shorter documents are usually a bare subject line


def term_table(documents: pl.DataFrame) -> pl.DataFrame:
    """(theme_id, language, term) per term occurrence, from documents with theme_id, language, text."""
    tokens = [terms(text, lang) for text, lang in zip(documents["text"], documents["language"], strict=True)]
    return (
        documents.select("theme_id", pl.col("language").fill_null("en"))
        .with_columns(term=pl.Series(tokens, dtype=pl.List(pl.String)))
        .explode("term")
        .drop_nulls("term")
    )


def class_tfidf(term_rows: pl.DataFrame, top: int = KEYWORDS_PER_LANGUAGE) -> pl.DataFrame:
    """Top c-TF-IDF terms: (theme_id, language, keywords: list[str] best first)."""
    counts = term_rows.group_by("theme_id", "language", "term").len("tf")
    scored = counts.with_columns(
        class_len=pl.col("tf").sum().over("theme_id", "language"),
        term_freq=pl.col("tf").sum().over("language", "term"),
        avg_len=pl.col("tf").sum().over("language") / pl.col("theme_id").n_unique().over("language"),
    ).with_columns(weight=pl.col("tf") / pl.col("class_len") * (1 + pl.col("avg_len") / pl.col("term_freq")).log())
    return (
        scored.filter(pl.col("tf") >= 2)
        .sort(["theme_id", "language", "weight", "term"], descending=[False, False, True, False])
        .group_by("theme_id", "language", maintain_order=True)
        .agg(keywords=pl.col("term").head(top))
    )


def theme_keywords(documents: pl.DataFrame) -> pl.DataFrame:
    """(theme_id, keywords_en, keywords_ja, label) for each theme of ``documents`` (noise rows excluded)."""
    assigned = documents.filter(pl.col("theme_id").is_not_null())
    themes = assigned.select("theme_id").unique()
    keywords = class_tfidf(term_table(assigned))
    wide = themes.join(
        keywords.filter(pl.col("language") == "en").select("theme_id", keywords_en="keywords"), on="theme_id", how="left"
    ).join(keywords.filter(pl.col("language") == "ja").select("theme_id", keywords_ja="keywords"), on="theme_id", how="left")
    wide = wide.with_columns(pl.col("keywords_en", "keywords_ja").fill_null(pl.lit([], dtype=pl.List(pl.String))))
    return wide.with_columns(label=_label_expr()).sort("theme_id")


def _label_expr() -> pl.Expr:
    """'charged twice, refund / 二重請求, 返金': up to 3 keywords per language."""
    en = pl.col("keywords_en").list.head(3).list.join(", ")
    ja = pl.col("keywords_ja").list.head(3).list.join("・")
    return (
        pl.when((en != "") & (ja != ""))
        .then(pl.concat_str(en, pl.lit(" / "), ja))
        .when(en != "")
        .then(en)
        .otherwise(ja)
    )


def representative_examples(
    documents: pl.DataFrame, similarity: np.ndarray, per_theme: int = EXAMPLES_PER_THEME
) -> pl.DataFrame:
    """(theme_id, document_id, text, language, rank) of the documents closest to their theme's centroid.

    ``similarity`` is each document's cosine to its own theme centroid. Quotes of at least
    ``MIN_QUOTE_CHARS`` come before bare subjects ("二重請求"), each wording is shown once (the same parts in
    another order count as the same wording), and the best document of each language is taken first, so a
    bilingual theme shows both languages.
    """
    ranked = (
        documents.with_columns(
            similarity=pl.Series(similarity, dtype=pl.Float32),
            wording=pl.col("text").str.split(" ").list.sort().list.join(" "),
            short=pl.col("text").str.len_chars() < MIN_QUOTE_CHARS,
        )
        .filter(pl.col("theme_id").is_not_null())
        .sort("similarity", "document_id", descending=[True, False])
        .unique(["theme_id", "wording"], keep="first", maintain_order=True)
        .with_columns(lang_rank=pl.col("similarity").rank("ordinal", descending=True).over("theme_id", "short", "language"))
        .sort(["theme_id", "short", "lang_rank", "similarity", "document_id"], descending=[False, False, False, True, False])
    )
    return (
        ranked.with_columns(rank=pl.int_range(1, pl.len() + 1).over("theme_id"))
        .filter(pl.col("rank") <= per_theme)
        .select("theme_id", "document_id", "text", "language", "rank", "similarity")
    )
