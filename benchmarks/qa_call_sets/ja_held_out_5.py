"""Japanese held-out set 5 (issue 18): written after held-out-4 had run and before any transcript of these calls
existed, from the rubric's criteria and held-out-4's format only (not from the matching code or any transcript).
A mail-order cosmetics company's subscription desk (Koeコスメ 定期便受付センター): the caller could not skip next
month's delivery on the web page and is moving house. Every criterion said as a call center says it, in a wording
no other set uses (はい、お電話ありがとうございます / 担当の<name>でございます, お手間を取らせてしまい,
お手続きの前に…ご本人様確認, ということでお間違いないでしょうか, 失礼ですが, このまま保留でお待ちいただいても
よろしいでしょうか, お送りいたします, 何かお困りのことはございませんか, 本日は<desk>の<name>が承りました), other
near-misses (お電話ありがとうございます。Koeコスメです / 締め切りの仕組みの説明だけ / お名前だけ伺う /
承知いたしました / 郵便番号からお願いします / ちょっとお待ちくださいね / マイページからもう一度 / 名乗らない締め), an NG
word agents slip into (わかんない) and its own voice (qa_calls.VOICES: a little slower, agent a half tone up,
customer lower).
"""

from qa_call_sets import Line

JA_HELD_OUT_5: list[Line] = [
    ("opening_greeting", "agent",
     "はい、お電話ありがとうございます。Koeコスメ定期便受付センター、担当の松本でございます。",
     "お電話ありがとうございます。Koeコスメです。"),
    (None, "customer", "定期便で化粧水を注文している者なんですが、来月分をお休みしようとしたら、"
     "マイページでエラーが出て手続きができないんです。", None),
    ("apology_empathy", "agent", "お手間を取らせてしまい、申し訳ございません。",
     "マイページでは、お届け日の五日前を過ぎると変更ができない仕組みになっております。"),
    ("identity_verification", "agent", "お手続きの前に、ご本人様確認をさせていただけますか。"
     "ご登録のお名前と生年月日をお願いいたします。", "お客様のお名前を伺ってもよろしいでしょうか。"),
    ("identity_verification", "customer", "森田由美です。平成二年十月五日生まれです。", "森田です。"),
    (None, "customer", "あと、来月引っ越すので、再来月からは新しい住所に届けてほしいんです。", None),
    ("paraphrase_confirmation", "agent", "来月分のお届けをお休みにして、再来月分からは新しいご住所へお届けする、"
     "ということでお間違いないでしょうか。", "承知いたしました。"),
    ("paraphrase_confirmation", "customer", "はい、その二つです。", None),
    ("cushion_words", "agent", "失礼ですが、新しいご住所を郵便番号から伺えますでしょうか。",
     "新しいご住所を、郵便番号からお願いします。"),
    (None, "customer", "二六〇の〇〇一三、千葉市中央区中央三の五の八です。", None),
    ("hold_etiquette", "agent",
     "お届けの地域を確認いたしますので、このまま保留でお待ちいただいてもよろしいでしょうか。{hold}",
     "お届けの地域を見ますので、ちょっとお待ちくださいね。{hold}"),
    ("hold_etiquette", "agent", "お待たせいたしました。確認が取れました。", "確認が取れました。"),
    ("solution_offered", "agent", "来月分はお休みとし、再来月分から新しいご住所へお送りいたします。",
     "来月分は、マイページからもう一度お試しいただければと思います。"),
    (None, "customer", "ちなみに、再来月の分はいつ頃届きますか。", None),
    ("ng_words", "agent", "毎月十日前後の発送となっております。", "発送日までは、ちょっとわかんないですね。"),
    (None, "customer", "わかりました。助かります。", None),
    ("closing_greeting", "agent", "そのほか、何かお困りのことはございませんか。", None),
    ("closing_greeting", "customer", "いえ、以上です。", None),
    ("closing_greeting", "agent", "本日は、定期便受付センターの松本が承りました。お電話ありがとうございました。",
     "お電話ありがとうございました。失礼いたします。"),
]
