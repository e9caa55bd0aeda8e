"""What a customer gives in answer to a request is masked from the request (issue 13), however the speech engine
spelt the request and the value; near-misses (an order number, a delivery date, an unrelated question) are not.

The misrecognitions are what Whisper base wrote for the demo's recorded call and the spoken-PII benchmark's calls.
"""

from __future__ import annotations

import polars as pl
import pytest

from transforms.redaction import redact_frame
from transforms.redaction.dialogue import Turn, redact_dialogue
from transforms.redaction.frame import DialogueColumns
from transforms.redaction.requests import asks_for, is_request, parse_requests
from transforms.redaction.transcript import redact_transcript


def _answer(request: str, answer: str) -> str:
    return redact_dialogue([Turn("agent", request), Turn("customer", answer)])[1]


@pytest.mark.parametrize(("request_text", "answer", "masked"), [
    # the demo's identity check as Whisper wrote it: 生年月日 became 青年学気 (request) and 青年学び (answer)
    ("ご本人様確認のため、お名前と青年学気をお願いいたします。", "山田花子です 青年学びは1985年4月12日です",
     "[NAME]です 青年学びは[DOB]です"),
    ("生年月日をお願いいたします。", "青年学期は1985年4月です", "青年学期は[DOB]です"),  # the day was lost
    # card numbers read digit by digit come back broken: no Luhn check digit left, but the request says what it is
    ("お支払いのカード番号をお願いいたします。", "カラド番号は421です。", "カラド番号は[CARD]です。"),
    ("お支払いのカラド番号をお願いいたします。", "4111、1111、1111です", "[CARD]です"),
    ("What is the card number?", "The card number is 5, 5 nilo 4.", "The card number is [CARD]."),
    ("最後にマイナンバーをお願いいたします。", "マイナンバーは1-2-3-4-5-6-7-8-9-0-1-8です", "マイナンバーは[MY_NUMBER]です"),
    ("Finally, your My Number, please.", "My Number is 1234 5678 9012.", "My Number is [MY_NUMBER]."),
    # spoken digits count as digits
    ("ご登録のお電話番号をお願いいたします。", "ゼロキューゼロのイチニーサンヨンのゴーロクナナハチです", "[PHONE]です"),
    ("What is the phone number on the account?", "It's oh nine oh, one two three", "It's [PHONE]"),
    ("ご住所をお願いいたします。", "住所は大阪市北区梅田です。", "住所は[ADDRESS]です。"),
    ("And your address?", "My address is 42 Oak Avenue, Portland.", "My address is [ADDRESS]."),
])
def test_the_answer_to_a_request_is_masked_as_what_was_asked(request_text: str, answer: str, masked: str) -> None:
    assert _answer(request_text, answer) == masked


@pytest.mark.parametrize(("request_text", "answer"), [
    ("ご注文番号をお願いします", "12345です"),  # an order number is not personal
    ("May I have your order number, please?", "Sure, the order number is 4572."),  # the demo's English call
    ("伝票番号をお願いします", "4111、1111です"),
    ("どちらまでお届けしますか", "東京です"),  # どちらまで sounds like どちら様 but is not long enough to match by sound
    ("お届け日はいつがよろしいですか", "2026年12月3日です"),  # a date, but no birth date was asked for
    ("お支払いのカード番号をお願いいたします。", "カードは2枚持っています"),  # a count, not a number
    ("ご住所をお願いいたします。", "住所は変わっていません。"),
    # the demo's agent repeats the customer's request (住所, no ご: no request); then asks for the order number
    ("住所を変更したいですということでございますね。", "注文番号はA12345です。"),
    ("ご住所をお願いいたします。", "注文番号はA12345です。"),
    ("What is your email address?", "It's 42 degrees here"),
    ("ご用件をお伺いします。", "1985年4月12日に注文した商品が届きません"),  # no request: a date stays
])
def test_near_misses_keep_every_word(request_text: str, answer: str) -> None:
    assert _answer(request_text, answer) == answer


def test_the_answer_window_is_two_customer_turns_and_the_next_request_closes_it() -> None:
    ask_card = Turn("agent", "カード番号をお願いします")
    late = [ask_card, Turn("customer", "はい"), Turn("customer", "えっと"), Turn("customer", "4111、1111です")]
    assert redact_dialogue(late)[3] == "4111、1111です"
    in_time = [ask_card, Turn("customer", "はい"), Turn("agent", "お願いします"), Turn("customer", "4111、1111です")]
    assert redact_dialogue(in_time)[3] == "[CARD]です"
    # after 「お名前」 the agent asked for the address: the answer is masked as an address, not as the name
    moved_on = [Turn("agent", "お名前をお願いします"), Turn("customer", "はい"), Turn("agent", "ご住所をお願いします"),
                Turn("customer", "新宿です")]
    assert redact_dialogue(moved_on)[3] == "[ADDRESS]です"


@pytest.mark.parametrize(("text", "types"), [
    ("ご本人様確認のため、お名前と青年学気をお願いいたします。", {"NAME", "DOB"}),
    ("お支払いのカラド番号をお願いします", {"CARD"}),  # by sound: カラドバンゴウ ~ カドバンゴウ
    ("ご登録のお電話番号をお願いいたします。", {"PHONE"}),
    ("And your date of birth?", {"DOB"}),
    ("ご注文番号をお願いします", set()),
    ("会員番号をお願いします", set()),
    ("伝票番号をお願いします", set()),
    ("What is your email address?", set()),
    ("Thank you for calling Koe support.", set()),
])
def test_which_types_a_turn_asks_for(text: str, types: set[str]) -> None:
    assert asks_for(text) == types


def test_a_wrong_request_list_names_the_entry() -> None:
    with pytest.raises(ValueError, match=r"requests.yaml, request 2: asks_for"):
        parse_requests("- {asks_for: [NAME], ja: [お名前]}\n- {asks_for: [SHOE_SIZE], en: [shoe size]}\n")
    with pytest.raises(ValueError, match=r"request 1: give at least one phrase"):
        parse_requests("- {asks_for: [CARD]}\n")


def test_loaded_chat_messages_answering_a_request_are_masked() -> None:
    messages = pl.DataFrame({"interaction_id": ["C1"] * 4, "seq": [1, 2, 3, 4],
                             "role": ["オペレーター", "お客様", "オペレーター", "お客様"],
                             "text": ["カード番号の下4桁をお願いします", "1881です", "生年月日もお願いします", "平成2年1月25日です"]})
    masked = redact_frame(messages, ["text"], DialogueColumns())
    assert masked["text"].to_list() == [messages["text"][0], "[CARD]です", messages["text"][2], "[DOB]です"]


def test_an_answer_whose_start_whisper_put_in_the_pause_still_follows_the_request() -> None:
    """The demo's second Japanese call: the answer's first word was timed from 9.9 s, inside the pause before the
    customer spoke (after the agent's request began at 10.36 s); its end is after the request's."""
    words = [{"word": w, "start": s, "end": e} for w, s, e in [
        ("山", 9.9, 15.9), ("田", 15.9, 16.1), ("花", 16.1, 16.3), ("子", 16.3, 16.5), ("です", 16.5, 16.8)]]
    segments = pl.DataFrame({
        "recording_id": ["R1"] * 2, "channel": [1, 0], "start_seconds": [9.9, 10.36], "end_seconds": [16.8, 15.2],
        "text": ["山田花子です", "ご本人様確認のため、お名前をお願いいたします。"],
        "avg_logprob": [-0.2] * 2, "no_speech_prob": [0.01] * 2, "compression_ratio": [1.2] * 2, "words": [words, []]})
    recordings = pl.DataFrame({"recording_id": ["R1"], "channels": [2], "agent_channel": [0]})
    redacted = redact_transcript(segments, recordings)
    assert redacted.segments["text"].to_list() == ["[NAME]です", segments["text"][1]]
    (span,) = redacted.spans.iter_rows(named=True)
    assert span["entity_type"] == "NAME" and 14.6 <= span["start_seconds"] <= 15.4  # not from 9.9 s


def test_the_demo_calls_birth_date_gets_an_audio_span_over_where_it_was_said() -> None:
    """Whisper base's segments and word times for the demo's Japanese identity check (issue 13's served-audio test):
    the request asked for 「青年学気」, so no date was masked and the date stayed audible; now its span covers the
    stretch the served-audio test checks (18.86-20.51 s), and the name's (15.81-16.26 s)."""
    ask = [("ご", 9.45, 9.81), ("本", 9.81, 9.99), ("人", 9.99, 10.15), ("様", 10.15, 10.41), ("確", 10.41, 10.67),
           ("認", 10.67, 10.93), ("の", 10.93, 11.11), ("ため、", 11.11, 11.35), ("お", 11.97, 12.07), ("名", 12.07, 12.17),
           ("前", 12.17, 12.35), ("と", 12.35, 12.53), ("青", 12.53, 12.77), ("年", 12.77, 12.89), ("学", 12.89, 13.15),
           ("気", 13.15, 13.31), ("を", 13.31, 13.45), ("お願い", 13.45, 13.65), ("いた", 13.65, 14.05), ("します。", 14.05, 14.47)]
    answer = [("山", 15.44, 15.84), ("田", 15.84, 16.06), ("花", 16.06, 16.26), ("子", 16.26, 16.44), ("です", 16.44, 16.74),
              (" 青", 17.42, 17.5), ("年", 17.5, 17.66), ("学", 17.66, 17.88), ("び", 17.88, 18.08), ("は", 18.08, 18.24),
              ("19", 18.24, 18.64), ("85", 18.64, 19.1), ("年", 19.1, 19.76), ("4", 19.76, 19.94), ("月", 19.94, 20.14),
              ("12", 20.14, 20.52), ("日", 20.52, 20.86), ("です", 20.86, 21.78)]
    segments = pl.DataFrame({
        "recording_id": ["R1"] * 2, "channel": [0, 1], "start_seconds": [9.452, 15.444], "end_seconds": [14.472, 21.784],
        "text": ["ご本人様確認のため、お名前と青年学気をお願いいたします。", "山田花子です 青年学びは1985年4月12日です"],
        "avg_logprob": [-0.2] * 2, "no_speech_prob": [0.01] * 2, "compression_ratio": [1.2] * 2,
        "words": [[{"word": w, "start": s, "end": e} for w, s, e in words] for words in (ask, answer)]})
    recordings = pl.DataFrame({"recording_id": ["R1"], "channels": [2], "agent_channel": [0]})
    redacted = redact_transcript(segments, recordings)
    assert redacted.segments["text"][1] == "[NAME]です 青年学びは[DOB]です"
    spans = {row["entity_type"]: (row["start_seconds"], row["end_seconds"]) for row in redacted.spans.iter_rows(named=True)}
    assert spans["NAME"][0] <= 15.81 and spans["NAME"][1] >= 16.26
    assert spans["DOB"][0] <= 18.86 and spans["DOB"][1] >= 20.51


def test_a_date_answered_to_a_number_request_is_masked_whole() -> None:
    # the spoken-PII benchmark's call: the birth-date request misheard (青年学期), the phone request still open
    answer = _answer("お電話番号と青年学期をお願いいたします。", "青年学期は1985年4月12日です")
    assert answer == "青年学期は[DOB]です"  # was 「青年学期は[PHONE]年4月12日です」: month and day readable
    assert _answer("お電話番号をお願いします。", "090-1234-5678です") == "[PHONE]です"
    assert _answer("お電話番号をお願いします。", "12月3日に届きました") == "12月3日に届きました"  # no number asked for


# --- the spoken-PII benchmark's misses (what Whisper base wrote), fixed by rules for any call ------------------------
IDENTITY_CHECK = [Turn("agent", "ご本人様確認のため、お名前をお願いいたします。"), Turn("customer", "山田花子です。"),
                  Turn("agent", "ご登録のお電話番号をお願いいたします。"), Turn("customer", "電話番号は090-1234-5678です。")]


@pytest.mark.parametrize("misheard", ["青年学帝をお願いいたします。", "青年学期をお願いいたします。", "青年学気をお願い致します"])
def test_a_misheard_request_inside_an_identity_check_still_opens_a_window(misheard: str) -> None:
    """The stand-alone birth-date request came back as 青年学帝 (two kana edits and more from 生年月日): the list does
    not recognise it, but it is the check's next request (「…をお願いいたします」 after requests for personal data),
    and a date with a year answered to it is a date of birth."""
    turns = [*IDENTITY_CHECK, Turn("agent", misheard), Turn("customer", "青年学帝は1972年11月3日です。")]
    assert redact_dialogue(turns)[-1] == "青年学帝は[DOB]です。"
    # its number answer is masked too (typed by its length)
    card = [*IDENTITY_CHECK, Turn("agent", "カラオケ番号をお願いいたします。"), Turn("customer", "4111、1111、1111、1111です")]
    assert redact_dialogue(card)[-1] == "[CARD]です"


def test_the_same_request_shape_outside_an_identity_check_opens_nothing() -> None:
    closed = [*IDENTITY_CHECK, Turn("agent", "ありがとうございます。確認が取れました。"), Turn("customer", "はい。"),
              Turn("agent", "ご注文日をお願いいたします。"), Turn("customer", "2026年11月3日です。")]
    assert redact_dialogue(closed)[-1] == "2026年11月3日です。"
    assert _answer("May I have your order number, please?", "Sure, it's 4572, from March 3, 2026.") == (
        "Sure, it's 4572, from March 3, 2026.")


def test_a_date_with_a_year_answered_to_any_request_of_the_check_is_a_date_of_birth() -> None:
    assert _answer("お名前をお願いします。", "山田花子です。1985年4月12日です。") == "[NAME]です。[DOB]です。"
    assert _answer("ご住所をお願いします。", "12月3日に引っ越しました。") == "12月3日に引っ越しました。"  # no year: not a birth date


@pytest.mark.parametrize(("request_text", "answer", "masked"), [
    ("ご本人様確認のため、お名前をお願いいたします。", "続き見先です", "[NAME]です"),  # a name the engine made other words of
    ("お名前をお願いいたします。", "えっと、スズキミサキです。", "えっと、[NAME]です。"),
    ("What is the card number?", "The card number is 5, 5 nil o 4", "The card number is [CARD]"),  # 5 debris tokens
    ("And your address?", "My message for the two of Kevin, who, Portland", "[ADDRESS]"),  # "My address is …" misheard
    ("What's your mailing address?", "Sure, it's on Pine Road, Denver.", "Sure, it's [ADDRESS]."),  # no house number
])
def test_short_answers_to_a_request_are_the_value(request_text: str, answer: str, masked: str) -> None:
    assert _answer(request_text, answer) == masked


@pytest.mark.parametrize("request_text", ["ご本人様確認のため、お名前をお願いいたします。", "ご住所をお願いいたします。",
                                          "カード番号をお願いします。", "And your address?", "Can I have your full name?"])
@pytest.mark.parametrize("answer", ["はい、そうです", "はい、そうです。", "少々お待ちください。", "大丈夫です", "携帯の方です",
                                    "まだです", "請求の件です", "言った通りです", "Yes, that's right.", "Hold on a second.",
                                    "Hang on, let me ask Mike.", "It's the same as before.", "Okay.",
                                    "I have 2 cards and 1 at home."])
def test_ordinary_sentences_after_a_request_keep_every_word(request_text: str, answer: str) -> None:
    assert _answer(request_text, answer) == answer


def test_an_unrecognised_request_before_the_checks_next_request_is_part_of_the_check() -> None:
    """A run of the agent's requests, one of which asks for personal data, is an identity check: a request in it
    the list does not recognise (the engine misheard 'full name') is answered with a person's name by its shape."""
    misheard = [Turn("agent", "Can I have your fool gnome, please?"), Turn("customer", "It's Emily Clark."),
                Turn("agent", "What is the phone number on the account?"), Turn("customer", "Three one two, five five five.")]
    assert redact_dialogue(misheard)[1::2] == ["It's [NAME].", "[PHONE]."]
    ja = [Turn("agent", "お名間をお願いいたします。"), Turn("customer", "鈴木美咲です。"),
          Turn("agent", "ご登録のお電話番号をお願いいたします。"), Turn("customer", "090-3333-4444です。")]
    assert redact_dialogue(ja)[1::2] == ["[NAME]です。", "[PHONE]です。"]
    # by shape only a person's name counts, not any short noun phrase or a short answer of other words
    for answer in ("請求です。", "続き見先です。", "Sure, no problem."):
        assert redact_dialogue([ja[0], Turn("customer", answer), *ja[2:]])[1] == answer
    # without a request for personal data in the run, the same answers keep every word
    alone = [Turn("agent", "May I have your order number, please?"), Turn("customer", "It's Emily Clark."),
             Turn("agent", "Thank you, let me check."), Turn("customer", "Okay.")]
    assert redact_dialogue(alone) == [t.text for t in alone]


@pytest.mark.parametrize(("text", "asks"), [
    ("生年月日をお願い致します", True), ("生年月日をお願いいたします", True), ("お名前を教えて下さい", True),
    ("ご住所を頂けますか", True), ("生年月日もお願い申し上げます", True),
    ("よろしくお願い致します", False), ("少々お待ち下さい", False), ("ありがとうございました", False),
])
def test_a_request_is_known_in_kana_and_kanji_spellings(text: str, asks: bool) -> None:
    """Whisper writes Japanese polite verbs either way (いたします / 致します, ください / 下さい); a closing
    「よろしくお願い致します」 asks for nothing."""
    assert is_request(text) is asks
