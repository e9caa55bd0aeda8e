"""Writes corpus.jsonl: Japanese and English contact-center lines with every PII span annotated.

Run once (`.venv/bin/python tests/data/redaction/make_corpus.py`); the output is committed. Values are synthetic
(seeded) but shaped like real ones: phone numbers are assignable, cards pass Luhn with a real issuer prefix,
マイナンバー carry their check digit. Formats vary on purpose (grouping, full width, spoken digits in kana and in
English words); negatives are numbers that look personal but are not (orders, prices, times, ticket ids).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import phonenumbers
from stdnum import luhn
from stdnum.jp import in_ as my_number

OUT = Path(__file__).with_name("corpus.jsonl")
rng = random.Random(7)

KANA = dict(zip("0123456789", ["ゼロ", "イチ", "ニー", "サン", "ヨン", "ゴー", "ロク", "ナナ", "ハチ", "キュー"], strict=True))
KANA_ALT = dict(zip("0123456789", ["まる", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう"], strict=True))
EN_WORDS = dict(zip("0123456789", "zero one two three four five six seven eight nine".split(), strict=True))


def digits(n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def full_width(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def spoken_ja(number: str, alt: bool = False) -> str:
    table = KANA_ALT if alt else KANA
    return "の".join("".join(table[d] for d in group) for group in re.split(r"\D+", number) if group)


def spoken_en(number: str) -> str:
    return ", ".join(" ".join(EN_WORDS[d].replace("zero", rng.choice(["zero", "oh"])) for d in g)
                     for g in re.split(r"\D+", number) if g)


def jp_phone() -> str:
    while True:
        kind = rng.choice(["mobile", "tokyo", "osaka", "yokohama", "free", "ip"])
        number = {
            "mobile": f"{rng.choice(['090', '080', '070'])}-{digits(4)}-{digits(4)}",
            "tokyo": f"03-{rng.randint(3, 6)}{digits(3)}-{digits(4)}",
            "osaka": f"06-{rng.randint(4, 6)}{digits(3)}-{digits(4)}",
            "yokohama": f"045-{rng.randint(2, 9)}{digits(2)}-{digits(4)}",
            "free": f"0120-{digits(3)}-{digits(3)}",
            "ip": f"050-{rng.randint(1, 9)}{digits(3)}-{digits(4)}",
        }[kind]
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "JP")):
            return number


def us_phone() -> str:
    while True:
        number = f"({rng.choice(['212', '415', '646', '312', '617', '206'])}) {rng.randint(2, 9)}{digits(2)}-{digits(4)}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "US")):
            return number


def card() -> str:
    prefix, length = rng.choice([("4", 16), ("51", 16), ("55", 16), ("35", 16), ("37", 15), ("4", 16)])
    body = prefix + digits(length - len(prefix) - 1)
    number = body + luhn.calc_check_digit(body)
    if length == 15:
        return f"{number[:4]} {number[4:10]} {number[10:]}"
    sep = rng.choice([" ", "-", ""])
    return sep.join(number[i : i + 4] for i in range(0, 16, 4))


def my_no() -> str:
    body = digits(11)
    number = body + my_number.calc_check_digit(body)
    sep = rng.choice([" ", "-", ""])
    return sep.join(number[i : i + 4] for i in range(0, 12, 4))


SURNAMES_JA = "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 松本 井上 木村 林 斎藤 清水 山崎".split()
GIVEN_JA = "太郎 花子 健一 美咲 翔太 陽菜 大輔 由美 拓也 愛".split()
SURNAMES_KANA = "ヤマダ タナカ スズキ サトウ コバヤシ".split()
GIVEN_KANA = "タロウ ハナコ ケンイチ ミサキ".split()
NAMES_EN = "John Smith|Emily Johnson|Michael Brown|Sarah Davis|David Wilson|Laura Martinez|James O'Brien|Anna Lee".split("|")
CITIES = [("東京都", "千代田区丸の内"), ("東京都", "新宿区西新宿"), ("大阪府", "大阪市北区梅田"), ("神奈川県", "横浜市中区山下町"),
          ("愛知県", "名古屋市中村区名駅"), ("北海道", "札幌市中央区北一条西"), ("福岡県", "福岡市博多区博多駅前"), ("京都府", "京都市下京区烏丸通")]
STREETS = ["Main Street", "Oak Avenue", "Maple Drive", "Sunset Boulevard", "Pine Road", "Elm St.", "Cedar Lane"]
US_CITIES = ["Springfield, IL", "Portland, OR", "Austin, TX", "Boston, MA", "Denver, CO"]
EMAIL_USERS = ["taro.yamada", "h_suzuki", "john.smith", "emily88", "k-tanaka", "support.user"]
EMAIL_DOMAINS = ["example.co.jp", "example.com", "mail.example.ne.jp", "example.org", "gmail.com"]


def ja_address() -> str:
    pref, city = rng.choice(CITIES)
    block = rng.choice([f"{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}",
                        f"{rng.randint(1, 5)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号",
                        f"{rng.randint(1, 9)}-{rng.randint(1, 30)}"])
    room = rng.choice(["", f" サンライズマンション{rng.randint(101, 905)}号室", f"コーポ山田{rng.randint(101, 305)}"])
    return f"{pref}{city}{block}{room}" if rng.random() < 0.8 else f"{city}{block}{room}"


def dob_ja() -> str:
    y, m, d = rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28)
    era = (("昭和", y - 1925) if y < 1989 else ("平成", y - 1988))
    return rng.choice([f"{y}年{m}月{d}日", f"{era[0]}{era[1]}年{m}月{d}日", f"{y}/{m:02d}/{d:02d}", f"{y}-{m:02d}-{d:02d}"])


def dob_en() -> str:
    y, m, d = rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28)
    month = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"][m - 1]
    return rng.choice([f"{month} {d}, {y}", f"{d} {month} {y}", f"{m:02d}/{d:02d}/{y}", f"{y}-{m:02d}-{d:02d}"])

INTL = ["+44 20 7946 0958", "+49 30 901820", "+33 1 42 68 53 00", "+82 2-312-3456", "+86 10 6552 9988",
        "+65 6123 4567", "+61 2 9374 4000", "+1 415-555-2671"]
IBANS = ["GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00", "FR14 2004 1010 0505 0001 3M02 606"]


def plus81(number: str) -> str:
    return "+81-" + number[1:]


def fw_or(s: str) -> str:
    return full_width(s) if rng.random() < 0.25 else s


# Placeholder -> (type, value maker). Each call makes a fresh value.
FILL = {
    "PHONE_JP": ("PHONE", lambda: fw_or(rng.choice([jp_phone(), jp_phone(), jp_phone().replace("-", ""), plus81(jp_phone())]))),
    "PHONE_JP_SPOKEN": ("PHONE", lambda: spoken_ja(jp_phone(), alt=rng.random() < 0.3)),
    "PHONE_EN": ("PHONE", lambda: rng.choice([us_phone(), "+1 " + us_phone(), rng.choice(INTL), plus81(jp_phone())])),
    "PHONE_EN_SPOKEN": ("PHONE", lambda: spoken_en(us_phone())),
    "EMAIL": ("EMAIL", lambda: fw_or(f"{rng.choice(EMAIL_USERS)}@{rng.choice(EMAIL_DOMAINS)}")),
    "EMAIL_SPOKEN_EN": ("EMAIL", lambda: f"{rng.choice(EMAIL_USERS).replace('.', ' dot ')} at "
                                         f"{rng.choice(EMAIL_DOMAINS).replace('.', ' dot ')}"),
    "EMAIL_SPOKEN_JA": ("EMAIL", lambda: f"{rng.choice(EMAIL_USERS).replace('.', ' ドット ')} アットマーク "
                                         f"{rng.choice(EMAIL_DOMAINS).replace('.', ' ドット ')}"),
    "CARD": ("CARD", lambda: fw_or(card())),
    "CARD_SPOKEN_EN": ("CARD", lambda: spoken_en(card().replace(" ", "-"))),
    "CARD_SPOKEN_JA": ("CARD", lambda: spoken_ja(card().replace(" ", "-"))),
    "MY_NUMBER": ("MY_NUMBER", lambda: fw_or(my_no())),
    "MY_NUMBER_SPOKEN": ("MY_NUMBER", lambda: spoken_ja(my_no().replace(" ", "-") if rng.random() < 0.5 else my_no())),
    "BANK_JA": ("BANK_ACCOUNT", lambda: fw_or(digits(7))),
    "BANK_EN": ("BANK_ACCOUNT", lambda: rng.choice([digits(8), digits(10), rng.choice(IBANS)])),
    "IBAN": ("BANK_ACCOUNT", lambda: rng.choice(IBANS)),
    "POSTAL_JA": ("POSTAL_CODE", lambda: fw_or(f"{digits(3)}-{digits(4)}")),
    "ZIP": ("POSTAL_CODE", lambda: digits(5)),
    "ADDRESS_JA": ("ADDRESS", ja_address),
    "ADDRESS_EN": ("ADDRESS", lambda: f"{rng.randint(1, 9999)} {rng.choice(['North ', 'West ', ''])}{rng.choice(STREETS)}"),
    "DOB_JA": ("DOB", dob_ja),
    "DOB_EN": ("DOB", dob_en),
    "NAME_JA": ("NAME", lambda: rng.choice([rng.choice(SURNAMES_JA), rng.choice(SURNAMES_JA) + rng.choice(GIVEN_JA)])),
    "NAME_KANA": ("NAME", lambda: f"{rng.choice(SURNAMES_KANA)} {rng.choice(GIVEN_KANA)}"),
    "NAME_EN": ("NAME", lambda: rng.choice(NAMES_EN)),
    "SURNAME_EN": ("NAME", lambda: rng.choice(NAMES_EN).split()[-1]),
}

TEMPLATES: dict[str, list[str]] = {
    "ja": [
        "お電話番号は{PHONE_JP}でよろしいでしょうか。", "折り返しは{PHONE_JP}までお願いします", "連絡先：{PHONE_JP}",
        "携帯の{PHONE_JP}に連絡ください。日中は{PHONE_JP}です", "TEL {PHONE_JP} / FAX {PHONE_JP}",
        "えーと、番号が{PHONE_JP_SPOKEN}です", "はい、{PHONE_JP_SPOKEN}ですね、かしこまりました",
        "メールアドレスは{EMAIL}です。", "{EMAIL}宛に送ってください", "アドレスは{EMAIL_SPOKEN_JA}です",
        "カード番号は{CARD}です", "クレジットカード{CARD}で支払いました", "カード番号、{CARD_SPOKEN_JA}です",
        "マイナンバーは{MY_NUMBER}です", "個人番号{MY_NUMBER}を登録済みです", "個人番号は{MY_NUMBER_SPOKEN}になります",
        "振込先は普通預金 口座番号{BANK_JA}です", "口座番号：{BANK_JA}（普通）", "返金先の口座は{BANK_JA}でお願いします",
        "〒{POSTAL_JA} {ADDRESS_JA}", "郵便番号は{POSTAL_JA}、住所は{ADDRESS_JA}です", "住所は{ADDRESS_JA}です",
        "送り先を{ADDRESS_JA}に変更したいです", "生年月日は{DOB_JA}です", "誕生日：{DOB_JA}", "{DOB_JA}生まれです",
        "{NAME_JA}様、お問い合わせありがとうございます。", "担当の{NAME_JA}と申します", "お名前は{NAME_JA}さんですね",
        "{NAME_JA}様のご注文を確認しました", "名義は{NAME_KANA}です", "お客様の{NAME_JA}様からお電話がありました",
    ],
    "en": [
        "You can reach me at {PHONE_EN}.", "My number is {PHONE_EN}, call after 5.", "Phone: {PHONE_EN}",
        "it's {PHONE_EN_SPOKEN}, yes", "my cell is {PHONE_EN_SPOKEN}",
        "Please email me at {EMAIL}", "Contact: {EMAIL}", "my email is {EMAIL_SPOKEN_EN} thanks",
        "The card number is {CARD}.", "I paid with {CARD} yesterday", "the card is {CARD_SPOKEN_EN}",
        "Please refund to account number {BANK_EN}", "My account no. is {BANK_EN}", "IBAN {IBAN}",
        "I live at {ADDRESS_EN}, {CITY} {ZIP}", "Ship it to {ADDRESS_EN}.", "my zip code is {ZIP}",
        "My date of birth is {DOB_EN}", "DOB: {DOB_EN}", "I was born on {DOB_EN}.",
        "Hi, my name is {NAME_EN} and I have a problem", "This is {NAME_EN} from the billing team", "Mr. {SURNAME_EN} called again",
        "Thanks, Ms. {SURNAME_EN}, I'll check", "The name on the card is {NAME_EN}.",
    ],
}

NEGATIVES = [
    "注文番号 1234567890 の件でお電話しました", "チケット T-000123 について確認します", "10:30に折り返しお電話いたします",
    "価格は12,800円（税込）です", "2024年3月15日に発送しました", "合計 3,980円になります", "ポイントは1,250ptです",
    "予約番号 123-4567 で承っております", "営業時間は9:00〜18:00です", "在庫は25個あります", "3月3日に届きました",
    "お問い合わせ番号 0312345678 です", "管理番号 4111-2222-3333", "受付番号は20240315-0042です", "第3四半期の売上は12%増",
    "商品コード ABC-12345-JP", "1日3回、2錠ずつ飲んでください", "5年保証が付いています", "30分ほどお待ちください",
    "Order #4821-5567 has shipped", "invoice 2024-0042 is attached", "Version 2.3.1 fixed the bug", "ticket 100245 is closed",
    "queue 3 has 12 calls waiting", "my card ending in 1234 was declined", "It was delivered on March 3, 2024.",
    "I was charged $49.99 twice", "the meeting is at 10:30 tomorrow", "call me back in 15 minutes", "order number 2125550134",
    "tracking number 9400 1000 0000 0000 0000 00", "I've been a customer since 2015", "Room 1204 was noisy",
    "お客様の声をお聞かせください", "皆さんにご案内しています", "担当者様にお伝えください", "This is great service",
    "My name is not important here", "I'm calling about order 55512", "the total came to 1,234,567 yen",
]


def fill(template: str, lang: str) -> dict:
    text, entities = "", []
    for i, part in enumerate(re.split(r"\{(\w+)\}", template)):
        if i % 2 == 0:
            text += part
        elif part == "CITY":
            text += rng.choice(US_CITIES)
        else:
            kind, make = FILL[part]
            value = make()
            entities.append({"type": kind, "start": len(text), "end": len(text) + len(value)})
            text += value
    return {"lang": lang, "text": text, "entities": entities}


def random_negatives(n: int) -> list[dict]:
    """Numbers shaped like cards/マイナンバー that fail their checksum, and order numbers in context."""
    rows = []
    while len(rows) < n:
        body = rng.choice("456") + digits(15)
        if not luhn.is_valid(body):
            rows.append({"lang": "en", "text": f"reference {body} for your return", "entities": []})
        twelve = digits(12)
        if not my_number.is_valid(twelve):
            rows.append({"lang": "ja", "text": f"伝票番号{twelve}で発送しました", "entities": []})
    return rows


MARK = re.compile(r"\[\[(\w+):(.+?)\]\]")


def handwritten(path: Path) -> list[dict]:
    """Lines of handwritten.txt, with ``[[TYPE:value]]`` marks turned into spans."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        text, entities, cursor = "", [], 0
        for m in MARK.finditer(line):
            text += line[cursor : m.start()]
            entities.append({"type": m.group(1), "start": len(text), "end": len(text) + len(m.group(2))})
            text += m.group(2)
            cursor = m.end()
        text += line[cursor:]
        rows.append({"set": "handwritten", "lang": "ja" if re.search(r"[ぁ-んァ-ン一-龥]", text) else "en",
                     "text": text, "entities": entities})
    return rows


def main() -> None:
    rows = [fill(t, lang) for lang, templates in TEMPLATES.items() for t in templates for _ in range(6)]
    rows += [{"lang": "ja" if re.search(r"[ぁ-ん]", t) else "en", "text": t, "entities": []} for t in NEGATIVES]
    rows += random_negatives(40)
    rows = [{"set": "templated", **row} for row in rows] + handwritten(OUT.with_name("handwritten.txt"))
    with OUT.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
