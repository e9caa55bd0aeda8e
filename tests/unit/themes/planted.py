"""A small bilingual complaint set with planted themes, for theme tests (no shared data needed)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import numpy as np
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

SPIKE: tuple[list[str], list[str]] = (
    ["The app crashes after the update", "Since the latest update the app closes on launch",
     "App keeps crashing when I open it", "After updating, the app force closes", "The new version crashes every time"],
    ["アップデート後にアプリが落ちる", "更新してからアプリがすぐ落ちます", "アプリを開くと強制終了する",
     "最新版にしたらアプリが起動しない", "アプリが頻繁にクラッシュします"],
)  # fmt: skip

_EN_SUFFIX = ["", " Please help.", " This is the second time.", " Very disappointed."]
_JA_SUFFIX = ["", "対応をお願いします。", "これで二回目です。", "とても残念です。"]


def planted_documents(per_language: int = 12, spike: int = 0) -> pl.DataFrame:
    """document_id, language, text, theme (the planted label): ``per_language`` documents per theme and language,
    plus ``spike`` per language of the "app_crash" theme when asked."""
    rows = []
    themes = {**PLANTED, "app_crash": SPIKE} if spike else PLANTED
    for theme, (english, japanese) in themes.items():
        count = spike if theme == "app_crash" else per_language
        for lang, texts, suffixes in (("en", english, _EN_SUFFIX), ("ja", japanese, _JA_SUFFIX)):
            combos = itertools.islice(itertools.cycle(itertools.product(suffixes, texts)), count)
            for i, (suffix, text) in enumerate(combos):
                rows.append((f"{theme}-{lang}-{i:02d}", lang, text + suffix, theme))
    return pl.DataFrame(rows, schema=["document_id", "language", "text", "theme"], orient="row")


def core_rows(documents: pl.DataFrame, start: datetime, days: int = 30) -> dict[str, pl.DataFrame]:
    """core.interactions / messages / surveys rows carrying ``documents``: planted themes spread over ``days``,
    the app_crash spike in the last 5 days; channel alternates email/phone, product by theme."""
    n = documents.height
    index = pl.int_range(0, n, eager=True)
    spike = documents["theme"] == "app_crash"
    offset_days = pl.Series(np.where(spike, days - 1 - (index % 5), index % days)).cast(pl.Int64)
    interactions = documents.select(
        interaction_id=pl.col("document_id"),
        channel=pl.when(index % 2 == 0).then(pl.lit("email")).otherwise(pl.lit("phone")),
        direction=pl.lit("inbound"),
        customer_id=pl.format("C{}", index % (n // 2)),
        product=pl.when(pl.col("theme").is_in(["login", "app_crash"])).then(pl.lit("app")).otherwise(pl.lit("store")),
        language="language",
        created_at=pl.lit(start) + pl.duration(days=offset_days, hours=3),
        talk_seconds=pl.when(index % 2 == 1).then(pl.lit(240.0)).otherwise(pl.lit(None, pl.Float64)),  # calls only
        acw_seconds=pl.when(index % 2 == 1).then(pl.lit(60.0)).otherwise(pl.lit(None, pl.Float64)),
        escalated=pl.col("theme") == "rude_support",
        agent_id=pl.lit("A01"),
    )
    messages = documents.select(
        message_id=pl.col("document_id") + "-m1",
        interaction_id="document_id",
        seq=pl.lit(1),
        role=pl.lit("customer"),
        text="text",
        language="language",
        source=pl.when(index % 2 == 0).then(pl.lit("ticket")).otherwise(pl.lit("transcript")),
    )
    surveys = documents.filter(index % 3 == 0).select(
        survey_id=pl.col("document_id") + "-s",
        interaction_id="document_id",
        responded_at=pl.lit(start + timedelta(days=days)),
        csat=pl.lit(2),
        nps=pl.lit(3),
        language="language",
    )
    return {"interactions": interactions, "messages": messages, "surveys": surveys}
