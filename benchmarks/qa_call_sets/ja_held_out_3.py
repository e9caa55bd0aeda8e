"""Japanese held-out set 3 (issue 18, fourth session): written before any rule change of that session and before
any transcript of these calls existed. A members' desk (会員デスク), a plan change blocked by a locked login; every
criterion said in a wording no other set uses (わたくし<name>と申します, ご登録のメールアドレスをお願い, さぞご不便,
ということでしょうか, 差し支えなければ, お待ちいただきありがとうございます after 一分ほど…, 変更いたします,
<desk>担当の<name>が承りました), other near-misses (もしもし、Koeですけど / ええと、それでですね / 保留にしますね /
しばらく様子を見てください / しょうがない) and its own voice (qa_calls.VOICES: slower, other half tones).
"""

from qa_call_sets import Line

JA_HELD_OUT_3: list[Line] = [
    ("opening_greeting", "agent", "お待たせいたしました。Koe会員デスク、わたくし高橋と申します。", "もしもし、Koeですけど。"),
    (None, "customer", "料金プランを変えたいのですが、会員ページにログインできません。", None),
    ("identity_verification", "agent", "念のため、ご登録のメールアドレスをお願いできますでしょうか。", None),
    ("identity_verification", "customer", "はい、やまだ、アットマーク、れい、ドット、ジェイピーです。", None),
    ("apology_empathy", "agent", "ログインできず、さぞご不便だったことと思います。", "ええと、それでですね。"),
    ("paraphrase_confirmation", "agent", "プランを変更したいのに、ログインできないということでしょうか。", None),
    ("paraphrase_confirmation", "customer", "はい、そうなんです。", None),
    ("cushion_words", "agent", "差し支えなければ、お使いのブラウザを教えていただけますか。", "お使いのブラウザは何ですか。"),
    (None, "customer", "スマートフォンのブラウザです。", None),
    ("hold_etiquette", "agent", "一度お調べしますので、一分ほどお待ちいただけますでしょうか。{hold}", "保留にしますね。{hold}"),
    ("hold_etiquette", "agent", "長らくお待ちいただきありがとうございます。", "はい、見ました。"),
    ("solution_offered", "agent", "ロックを解除しましたので、プランはこちらで変更いたします。", "しばらく様子を見てください。"),
    ("ng_words", "agent", None, "そういうことは、しょうがないですよ。"),
    (None, "customer", "助かりました。", None),
    ("closing_greeting", "agent", "本日は会員デスク担当の高橋が承りました。ありがとうございました。", "それでは、これで。"),
]
