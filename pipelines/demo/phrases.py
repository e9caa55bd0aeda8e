"""Text for the demo contact center: customer complaints per theme, and agent scripts, in Japanese and English.

The planted themes are what the theme clustering should find again; the agent phrases are what the QA rubrics check.
"""

from __future__ import annotations

THEMES: dict[str, dict[str, list[str]]] = {
    "delivery_delay": {
        "ja": ["注文した商品がまだ届きません。配達予定日を過ぎています。", "配送が遅れているようですが、いつ届きますか。",
               "一週間前に注文したのに荷物が届かず困っています。", "配達状況を確認しても「準備中」のままで届きません。"],
        "en": ["My order hasn't arrived yet and the delivery date has passed.", "Where is my package? It is a week late.",
               "The delivery is delayed again, when will it arrive?", "Tracking still says preparing and my order has not come."],
    },
    "double_charge": {
        "ja": ["クレジットカードに二重請求されています。", "同じ注文で2回引き落とされていました。返金してください。",
               "今月の請求が二重になっています。確認をお願いします。", "一回しか買っていないのに二回分請求されました。"],
        "en": ["I was charged twice for the same order.", "My card shows a double charge, please refund one.",
               "There are two identical charges on my statement.", "You billed me twice this month for one purchase."],
    },
    "login_failure": {
        "ja": ["アプリにログインできません。パスワードを再設定しても入れません。", "ログインしようとするとエラーになります。",
               "認証コードが届かずログインできない状態です。", "昨日からマイページにログインできません。"],
        "en": ["I can't log in to the app even after resetting my password.", "Login fails with an error every time.",
               "The verification code never arrives so I cannot sign in.", "I have been locked out of my account since yesterday."],
    },
    "defective_item": {
        "ja": ["届いた商品が初期不良で電源が入りません。", "箱を開けたら商品が壊れていました。交換してください。",
               "購入したばかりの家電が動きません。不良品だと思います。", "商品に傷があり、部品も欠けていました。"],
        "en": ["The item arrived broken and will not turn on.", "The product is defective out of the box.",
               "The blender I bought stopped working on the first day.", "The package came damaged and a part is missing."],
    },
    "rude_support": {
        "ja": ["前回の担当者の対応が失礼でした。", "問い合わせたときの言葉遣いがひどく不快でした。",
               "オペレーターに話を途中で遮られ、横柄な態度を取られました。", "サポートの対応が冷たくて残念です。"],
        "en": ["The agent I spoke to last time was rude.", "Your support person was dismissive and impolite.",
               "I was interrupted and talked down to by the agent.", "The support experience was unfriendly and rude."],
    },
    "app_crash": {  # the emerging theme: only in the last days of the demo period
        "ja": ["アップデート後にアプリが起動してすぐ落ちます。", "最新版にしてからアプリが強制終了します。",
               "アプリを開くと落ちて使えません。"],
        "en": ["After the update the app crashes on launch.", "The app keeps closing since the latest update.",
               "The new version of the app crashes when I open it."],
    },
    "general": {  # background noise: ordinary requests that are not complaints
        "ja": ["住所を変更したいです。", "ポイントの有効期限を教えてください。", "返品の方法を知りたいです。",
               "領収書を発行してもらえますか。"],
        "en": ["I'd like to change my address.", "When do my points expire?", "How do I return an item?",
               "Can you send me a receipt?"],
    },
}

CANCELLATION = {  # the planted cancellations (contact_center._add_planted_cancellations): first call, then again
    "ja": ["定期便を解約したいのですが、手続きを教えてください。", "先日お電話した解約の件、まだ完了していないようです。"],
    "en": ["I want to cancel my subscription, please.",
           "I called two days ago to cancel my subscription and it is still active."],
}

SUBJECTS = {
    "delivery_delay": {"ja": "配送遅延について", "en": "Late delivery"},
    "double_charge": {"ja": "二重請求", "en": "Charged twice"},
    "login_failure": {"ja": "ログインできない", "en": "Cannot log in"},
    "defective_item": {"ja": "初期不良", "en": "Defective item"},
    "rude_support": {"ja": "対応へのご意見", "en": "Complaint about support"},
    "app_crash": {"ja": "アプリが落ちる", "en": "App crashes"},
    "general": {"ja": "お問い合わせ", "en": "General inquiry"},
}

SURVEY_COMMENTS = {
    "good": {"ja": ["丁寧に対応していただきありがとうございました。", "すぐに解決して助かりました。"],
             "en": ["Quick and helpful, thank you.", "The agent solved my problem right away."]},
}

AGENT_PHONE = {
    "ja": {
        "opening": "お電話ありがとうございます。Koeサポートセンターの{agent}でございます。",
        "identity": "ご本人様確認のため、お名前と生年月日をお願いいたします。",
        "paraphrase": "{topic}ということでございますね。",
        "cushion": "恐れ入りますが、ご注文番号を教えていただけますでしょうか。",
        "empathy": "ご迷惑をおかけして申し訳ございません。",
        "hold": "少々お待ちいただけますでしょうか。",
        "after_hold": "お待たせいたしました。",
        "solution": "こちらで手配いたします。本日中にメールでご連絡いたします。",
        "closing": "本日は{agent}が承りました。お電話ありがとうございました。",
        "ng": "だから、それは知りません。無理です。",
    },
    "en": {
        "opening": "Thank you for calling Koe support, this is {agent} speaking.",
        "compliance": "This call may be recorded for quality and training purposes.",
        "identity": "For verification, could you please confirm your full name and date of birth?",
        "paraphrase": "Just to confirm, you're saying {topic}",
        "cushion": "Could you please tell me your order number?",
        "empathy": "I'm sorry to hear that.",
        "hold": "May I place you on a brief hold?",
        "after_hold": "Thank you for holding.",
        "solution": "Here's what I'll do: I will arrange it now and email you today.",
        "closing": "Is there anything else I can help you with? Thank you for calling, have a great day.",
        "ng": "Calm down, that's not my problem.",
    },
}

CUSTOMER_PHONE = {
    "ja": {"identity": "山田花子です。生年月日は1985年4月12日です。", "order": "注文番号はA12345です。",
           "thanks": "わかりました。ありがとうございます。", "abuse": "ふざけるな！土下座しろ！ネットに晒すぞ！"},
    "en": {"identity": "It's Jane Smith, born April 12, 1985.", "order": "The order number is A12345.",
           "thanks": "Okay, thank you.", "abuse": "This is ridiculous, I want your manager. I'll sue you!"},
}

AGENT_WRITTEN = {
    "ja": {"greeting": "お問い合わせいただきありがとうございます。Koeサポートの{agent}です。",
           "answer": "ご不便をおかけして申し訳ございません。確認のうえ、手配いたしました。",
           "closing": "今後ともよろしくお願いいたします。"},
    "en": {"greeting": "Thank you for contacting Koe support. This is {agent}.",
           "answer": "I'm sorry for the trouble. I have checked and arranged it for you.",
           "closing": "Best regards"},
}

AGENT_NAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
               "Smith", "Johnson", "Brown", "Taylor", "Wilson", "吉田", "山田", "佐々木", "山口", "松本"]
