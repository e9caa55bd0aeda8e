"""Terms for theme labels and FAQ wording: Japanese content morphemes (SudachiPy, split mode C, dictionary
form, nouns/verbs/adjectives only, so particles never name a theme) and English lower-case words without
stop words, plus adjacent-word bigrams ("charged twice")."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from transforms.text_ja import is_japanese


def _english_stop_words() -> frozenset[str]:
    """The words of ``english_stop_words.txt`` (scikit-learn's list, kept as a file so Koe does not need sklearn)."""
    lines = (Path(__file__).with_name("english_stop_words.txt")).read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


_JA_CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞"}
_JA_STOP_LEMMAS = {
    "する", "ある", "いる", "なる", "できる", "くださる", "いただく", "おる", "れる", "られる", "こと", "もの", "ため",
    "よう", "とき", "方", "さん", "様", "の", "ん", "思う", "いう", "教える", "言う", "くる", "来る", "行く", "いく", "お", "ご",
}  # fmt: skip
_EN_STOP = _english_stop_words() | {"hi", "hello", "thanks", "thank", "please", "just", "im", "ive", "dont"}
_EN_WORD = re.compile(r"[a-z][a-z0-9']*[a-z0-9]|[a-z]")
_MASK = re.compile(r"\[[A-Z_]+\]")  # redaction masks such as [PHONE] are not topic words


@lru_cache(maxsize=1)
def _sudachi():  # noqa: ANN202 - sudachipy has no stubs
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def japanese_terms(text: str) -> list[str]:
    """Dictionary forms of the content morphemes of a Japanese text (latin words inside it as English)."""
    terms = []
    for morpheme in _sudachi().tokenize(_MASK.sub(" ", text)):
        pos = morpheme.part_of_speech()
        lemma = morpheme.dictionary_form()
        if pos[0] not in _JA_CONTENT_POS or {pos[1], pos[2]} & {"非自立可能", "数詞", "助数詞可能"} or lemma in _JA_STOP_LEMMAS:
            continue
        if lemma.isascii():
            terms.extend(english_terms(lemma))
        elif len(lemma) > 1 or not ("\u3040" <= lemma <= "\u30ff"):
            terms.append(lemma)
    return terms


def english_terms(text: str) -> list[str]:
    """Lower-case words without stop words, plus bigrams of adjacent kept words."""
    words = [w.strip("'") for w in _EN_WORD.findall(_MASK.sub(" ", text).lower())]
    kept = [w for w in words if w and "'" not in w and w not in _EN_STOP and not w.isdigit()]
    return kept + [f"{a} {b}" for a, b in zip(kept, kept[1:], strict=False)]


def terms(text: str, language: str | None = None) -> list[str]:
    """Label terms of one document; the language tag wins, else Japanese script is detected."""
    if not text:
        return []
    if language == "ja" or (language is None and is_japanese(text)):
        return japanese_terms(text)
    return english_terms(text)
