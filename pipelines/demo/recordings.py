"""A handful of demo calls as real stereo recordings (agent and customer on separate channels).

Their conversations come from Whisper in the pipeline, so the generated text turns of these calls are dropped.
Japanese is synthesised with pyopenjtalk; English uses the committed clips of ``pipelines.demo.audio.EN_SENTENCES``.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.demo.audio import DemoTurn, Speaker, write_demo_call

JA_CALL: list[tuple[Speaker, str]] = [
    ("agent", "お電話ありがとうございます。Koeサポートセンターの{agent}でございます。"),
    ("customer", "{complaint}"),
    ("agent", "ご本人様確認のため、お名前と生年月日をお願いいたします。"),
    ("customer", "山田花子です。生年月日は1985年4月12日です。"),  # masked in the transcript and silenced in the served audio
    ("agent", "ご迷惑をおかけして申し訳ございません。こちらで手配いたします。"),
    ("customer", "わかりました。ありがとうございます。"),
    ("agent", "本日は{agent}が承りました。お電話ありがとうございました。"),
]
JA_COMPLAINTS = {"delivery_delay": "注文した商品がまだ届きません。", "double_charge": "クレジットカードに二重請求されています。",
                 "login_failure": "アプリにログインできません。", "defective_item": "届いた商品が壊れていました。"}
EN_CALLS = {
    "delivery_delay": ["greeting", "order_late", "ask_order", "order_number", "hold", "thanks_wait", "delayed",
                       "replacement", "thanks", "anything_else", "no_thanks", "closing"],
    "double_charge": ["greeting", "charged_twice", "apology", "refund", "thanks", "anything_else", "no_thanks",
                      "closing"],
}


def pick_recorded_calls(interactions: pl.DataFrame, count: int, japanese: bool = True) -> pl.DataFrame:
    """Answered inbound phone calls on themes the scripts cover: half Japanese and half English, or all English
    when Japanese speech cannot be synthesised (``japanese=False``: pyopenjtalk-plus not installed)."""
    answered = interactions.filter(
        (pl.col("channel") == "phone") & ~pl.col("abandoned") & (pl.col("direction") == "inbound")
    )
    ja = answered.filter((pl.col("language") == "ja") & pl.col("contact_reason").is_in(list(JA_COMPLAINTS)))
    en = answered.filter((pl.col("language") == "en") & pl.col("contact_reason").is_in(list(EN_CALLS)))
    ja_count = (count + 1) // 2 if japanese else 0
    return pl.concat([ja.head(ja_count), en.head(count - ja_count)])


def call_turns(call: dict, agent_name: str) -> list[DemoTurn]:
    if call["language"] == "en":
        return [DemoTurn(_en_role(key), "en", key) for key in EN_CALLS[call["contact_reason"]]]
    complaint = JA_COMPLAINTS[call["contact_reason"]]
    return [DemoTurn(role, "ja", text.format(agent=agent_name, complaint=complaint)) for role, text in JA_CALL]


def _en_role(key: str) -> Speaker:
    from pipelines.demo.audio import EN_SENTENCES

    return EN_SENTENCES[key][0]


def write_recordings(folder: Path, calls: pl.DataFrame, agent_names: dict[str, str]) -> Path:
    """Write one WAV per call and the manifest ``recordings.csv`` (paths relative to it); returns the manifest."""
    rows = []
    for n, call in enumerate(calls.iter_rows(named=True)):
        agent_channel = n % 2  # both layouts occur in real PBX exports; the manifest says which
        audio = Path("audio") / f"{call['interaction_id']}.wav"
        write_demo_call(folder / audio, call_turns(call, agent_names[call["agent_id"]]), agent_channel)
        rows.append({"recording_id": f"R{call['interaction_id'][1:]}", "interaction_id": call["interaction_id"],
                     "path": str(audio), "agent_channel": agent_channel})
    manifest = folder / "recordings.csv"
    pl.DataFrame(rows, schema={"recording_id": pl.String, "interaction_id": pl.String, "path": pl.String,
                               "agent_channel": pl.Int64}).write_csv(manifest)
    return manifest
