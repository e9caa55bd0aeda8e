"""Japanese held-out set 4 (issue 18, fifth session): written before any rule change of that session and before any
transcript of these calls existed, from the rubric's criteria and held-out-3's format only (not from the matching code
or any transcript). An electricity bill (Koeでんき) twice the usual amount, a meter reading keyed in wrong; every
criterion said as a call center says it, in a wording no other set uses (お電話いただき、誠にありがとうございます /
お客様センターの<name>でございます, それはご心配をおかけいたしました, お名前と、生年月日をお願いできますでしょうか,
念のため復唱いたします, 恐縮ですが, かしこまりました, このまま少しお待ちいただけますでしょうか,
長らくお待たせいたしました, 修正させていただきます, ほかにご不明な点は… わたくし<name>が承りました), other
near-misses (はい、Koeでんきです / 左様でございますか / いったん保留にさせてもらいますね / はい、もしもし /
来月はたぶん落ち着く / それでは、失礼いたします), an NG word said as agents slip into it (了解しました) and its own
voice (qa_calls.VOICES: lower agent, higher customer, a little faster).
"""

from qa_call_sets import Line

JA_HELD_OUT_4: list[Line] = [
    ("opening_greeting", "agent", "お電話いただき、誠にありがとうございます。Koeでんきお客様センターの小林でございます。",
     "はい、Koeでんきです。"),
    (None, "customer", "今月の電気料金の請求が、先月の倍近くになっていて、何かの間違いじゃないかと思いまして。", None),
    ("apology_empathy", "agent", "それはご心配をおかけいたしました。", "左様でございますか。"),
    ("identity_verification", "agent", "ご契約内容を確認いたしますので、ご契約者様のお名前と、生年月日をお願いできますでしょうか。",
     "それでは、ご契約内容を見ていきますね。"),
    ("identity_verification", "customer", "中村健一です。昭和五十八年三月二日生まれです。", None),
    ("paraphrase_confirmation", "agent", "念のため復唱いたします。三月分のご請求が、二月分のおよそ倍になっているのですね。",
     "ええ、はい。"),
    ("paraphrase_confirmation", "customer", "ええ、そうなんです。", None),
    ("cushion_words", "agent", "恐縮ですが、お手元に検針票はございますでしょうか。", "検針票、手元にありますか。"),
    (None, "customer", "はい、あります。使用量は四百八十キロワットアワーになっています。", None),
    ("ng_words", "agent", "かしこまりました。", "了解しました。"),
    ("hold_etiquette", "agent", "検針の記録と照らし合わせますので、このまま少しお待ちいただけますでしょうか。{hold}",
     "いったん保留にさせてもらいますね。{hold}"),
    ("hold_etiquette", "agent", "長らくお待たせいたしました。", "はい、もしもし。"),
    (None, "agent", "検針の際に、使用量の入力を誤っていたことがわかりました。", None),
    ("solution_offered", "agent", "正しい使用量で、今月のご請求を修正させていただきます。", "来月になれば、たぶん落ち着くと思いますよ。"),
    (None, "customer", "そうでしたか。安心しました。", None),
    ("closing_greeting", "agent", "ほかにご不明な点はございませんでしょうか。", None),
    ("closing_greeting", "customer", "いえ、大丈夫です。", None),
    ("closing_greeting", "agent", "それでは、わたくし小林が承りました。お電話ありがとうございました。", "それでは、失礼いたします。"),
]
