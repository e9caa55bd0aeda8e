"""A small bilingual complaint set with planted themes, for theme tests (no shared data needed)."""

from __future__ import annotations

import itertools

import polars as pl

PLANTED: dict[str, tuple[list[str], list[str]]] = {
    "delivery": (
        ["My order hasn't arrived yet", "The package is late again", "Still waiting for my delivery after two weeks",
         "Where is my parcel? It was supposed to arrive Monday", "Delivery is delayed and nobody tells me why"],
        ["注文した商品がまだ届きません", "配達が遅延しています", "荷物が予定日を過ぎても届かない",
         "配送が遅れていて困っています", "いつ届くのか教えてください、もう二週間待っています"],
    ),
    "double_charge": (
        ["I was charged twice for one order", "My card was billed two times", "There is a duplicate charge on my statement",
         "You took the payment twice, please refund", "Double billing on my credit card this month"],
        ["二重請求されています", "同じ注文で二回引き落とされました", "クレジットカードに二重に課金されている",
         "支払いが二回処理されたので返金してください", "請求が重複しています"],
    ),
    "login": (
        ["I can't log in to my account", "Login fails with an error every time", "The password reset link does not work",
         "I'm locked out of my account", "The app says my password is wrong but it is not"],
        ["ログインできない", "アカウントにログインできません", "パスワードを再設定してもログインに失敗します",
         "ログイン画面でエラーが出ます", "アカウントがロックされて入れません"],
    ),
    "defective": (
        ["The item arrived broken", "The product was damaged out of the box", "It stopped working on the first day",
         "The screen was cracked when I opened the box", "Defective unit, it won't turn on"],
        ["初期不良です", "届いた商品が壊れていました", "箱を開けたら画面が割れていた",
         "初日から動かなくなりました", "電源が入らない不良品が届いた"],
    ),
    "rude_support": (
        ["The agent was rude to me", "Your support staff was very impolite", "The operator hung up on me",
         "The representative was condescending and unhelpful", "I was treated disrespectfully on the phone"],
        ["対応が失礼でした", "オペレーターの態度が悪かった", "電話で途中で切られました",
         "担当者の言葉遣いがひどい", "サポートの対応が横柄で不快でした"],
    ),
}  # fmt: skip

_EN_SUFFIX = ["", " Please help.", " This is the second time.", " Very disappointed."]
_JA_SUFFIX = ["", "対応をお願いします。", "これで二回目です。", "とても残念です。"]


def planted_documents(per_language: int = 12) -> pl.DataFrame:
    """document_id, language, text, theme (the planted label): ``per_language`` documents per theme and language."""
    rows = []
    for theme, (english, japanese) in PLANTED.items():
        for lang, texts, suffixes in (("en", english, _EN_SUFFIX), ("ja", japanese, _JA_SUFFIX)):
            combos = itertools.islice(itertools.cycle(itertools.product(suffixes, texts)), per_language)
            for i, (suffix, text) in enumerate(combos):
                rows.append((f"{theme}-{lang}-{i:02d}", lang, text + suffix, theme))
    return pl.DataFrame(rows, schema=["document_id", "language", "text", "theme"], orient="row")
