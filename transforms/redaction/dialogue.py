"""Personal data in a conversation: whose names are masked, and what the customer gives in answer to a request.

A turn that answers a request (``transforms.redaction.requests``: the name, birth date, phone, card, マイナンバー,
address) holds that value in whatever spelling the speech engine gave it; the request says what it is, so it is
masked without the honorific, trigger word or check digit the detectors need (``transforms.redaction.answers``).
A turn that answers a request for the name (お名前と生年月日をお願いします → 「山田花子です」, "your full name?" →
"It's Jane Smith") carries the caller's name with no honorific and no self-introduction, often misspelt by the
speech engine (「山田鼻子です」). The context — a request in an earlier turn of the other party — says it is a name, so
the answer's leading noun phrase is masked whatever its spelling; Sudachi gives its span, since Japanese has no
spaces. Which party's names are masked is a setting (``names_of``): the customer's by default; an agent's own name
in their greeting (「担当の佐藤でございます」, "this is Sato speaking") is kept, because QA checks the agent gave it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from sudachipy import Morpheme

from transforms.redaction.answers import NUMBER_TYPES, answered_values
from transforms.redaction.cues import may_hold_pii
from transforms.redaction.detect import find_entities
from transforms.redaction.entities import Entity, EntityType, apply_masks, resolve_overlaps
from transforms.redaction.personal import EN_NAME, EN_NOT_NAMES, self_introductions, tokenizer
from transforms.redaction.requests import asks_for, is_request

Party = Literal["customer", "agent"]
PARTIES: tuple[Party, ...] = ("customer", "agent")
DEFAULT_NAMES_OF: tuple[Party, ...] = ("customer",)
# Roles that ask for a name (an IVR "please say your name" too) and roles that do not answer one.
REQUESTING_ROLES = ("agent", "bot", "unknown")
NOT_ANSWERING_ROLES = ("agent", "bot", "system")
# The first turns of the other party after a request (「はい。」 then 「山田花子です。」) may hold the answer.
ANSWER_WINDOW = 2
# What a request of an identity check asks for when the list does not say (the engine misheard its words,
# 「青年学帝をお願いいたします」): the values that have a shape of their own — a number (typed by its length), a
# date with a year (a date of birth, ``answered_values``) and a person's name (``answered_name(proper_only=True)``).
ASKED_BY_SHAPE: frozenset[EntityType] = frozenset({*NUMBER_TYPES, "NAME"})


# --- Japanese answers: the leading noun phrase before です/と申します/… --------------------------------------------
_FILLER_WORDS = {"はい", "ええ", "えー", "えっと", "えーと", "あの", "あのう", "あ", "うん", "もしもし", "そう", "そうです",
                 "私", "わたし", "わたくし", "僕", "俺", "自分"}
# A noun phrase that introduces the name rather than being it: 名前は / 契約者は / 名義は …
_TOPIC_WORDS = {"名前", "氏名", "フルネーム", "契約者", "名義", "名義人", "本人", "私", "わたし", "わたくし"}
# Answers to an identity check that are nouns but not names (「本人です」「携帯です」).
_ANSWER_NOT_NAMES = set(
    "本人 ご本人 携帯 自宅 会社 家族 主人 妻 夫 母 父 娘 息子 代理 代理人 結構 以上 了解 承知 名前 氏名 生年月日 電話 番号 "
    "住所 確認 大丈夫 同じ 不明 秘密 内緒 失礼 一緒 先程 さっき 今 後 後ほど".split()
)
_HONORIFICS = {"様", "さま", "さん", "氏", "殿"}
_ENDS_NAME = re.compile(r"\s*(?:です|でございます|でございまして|と申します|と申し|といいます|と言います|って|だ|で[、,]|[、,。.!！?？]|$)")


def _is_name_part(m: Morpheme) -> bool:
    pos = m.part_of_speech()
    if m.surface() in _HONORIFICS or pos[1] in ("数詞", "代名詞"):
        return False
    return pos[0] == "名詞" or (pos[0] == "接尾辞" and pos[1] == "名詞的") or pos[0] == "空白"


def _looks_like_name(parts: Sequence[Morpheme], proper_only: bool = False) -> bool:
    """A proper name to Sudachi (any 人名 or unknown word), or (unless ``proper_only``) a plain noun phrase that is
    no identity-check answer."""
    words = [m.surface() for m in parts if m.part_of_speech()[0] != "空白"]
    if not words or any(w in _ANSWER_NOT_NAMES for w in words) or "".join(words) in _ANSWER_NOT_NAMES:
        return False
    if any(m.part_of_speech()[2] == "人名" for m in parts):
        return True
    return not proper_only and (any(m.is_oov() for m in parts) or len("".join(words)) <= 4)


def _ja_answer(text: str, proper_only: bool = False) -> tuple[int, int] | None:
    for clause in list(re.finditer(r"[^。！？!?\n]+", text))[:2]:
        tokens = [m for m in tokenizer().tokenize(clause.group()) if m.surface().strip()]
        i = 0
        while i < len(tokens) and (
            tokens[i].surface() in _FILLER_WORDS
            or tokens[i].part_of_speech()[0] in ("感動詞", "補助記号", "空白", "接頭辞")
            or (tokens[i].surface() in _TOPIC_WORDS)
            or (i > 0 and tokens[i - 1].surface() in _TOPIC_WORDS and tokens[i].part_of_speech()[0] == "助詞")
            or (tokens[i].surface() == "の" and i > 0)
        ):
            i += 1
        j = i
        while j < len(tokens) and _is_name_part(tokens[j]):
            j += 1
        while j > i and tokens[j - 1].part_of_speech()[0] == "空白":
            j -= 1
        if j == i:
            continue
        start, end = clause.start() + tokens[i].begin(), clause.start() + tokens[j - 1].end()
        if _looks_like_name(tokens[i:j], proper_only) and _ENDS_NAME.match(text, end) and end - start <= 12:
            return start, end
        return None
    return None


# A short answer that is all a value before the copula (「続き見先です」: the engine wrote other words for the name) is
# the name when its words are content words: no particle, auxiliary, adverb, adjective or pronoun — 「はい、そうです」
# 「大丈夫です」「携帯の方です」「まだです」 stay.
_SHORT_ANSWER = re.compile(r"^(.{1,40}?)(?:です|でございます|と申します|といいます|と言います)[。.!！]?\s*$")
_NOT_IN_A_NAME = {"助詞", "助動詞", "副詞", "形容詞", "形状詞", "連体詞", "感動詞", "代名詞", "接続詞", "補助記号"}
_MAX_SHORT_NAME = 10


def _ja_short_answer(text: str) -> tuple[int, int] | None:
    clause = re.match(r"[^。！？!?\n]+[。！？!?]?", text)
    whole = _SHORT_ANSWER.match(clause.group()) if clause else None
    if whole is None:
        return None
    tokens = [m for m in tokenizer().tokenize(whole.group(1)) if m.surface().strip()]
    i = 0
    while i < len(tokens) and (tokens[i].surface() in _FILLER_WORDS
                               or tokens[i].part_of_speech()[0] in ("感動詞", "補助記号")):
        i += 1
    value = tokens[i:]
    if not value or any(m.part_of_speech()[0] in _NOT_IN_A_NAME or m.part_of_speech()[1] == "数詞" for m in value):
        return None
    words = [m.surface() for m in value]
    start, end = value[0].begin(), value[-1].end()
    if not 2 <= end - start <= _MAX_SHORT_NAME or any(w in _ANSWER_NOT_NAMES or w in _FILLER_WORDS for w in words):
        return None
    return start, end


# --- English answers: "It's Jane Smith", "Jane Smith here", "Sure, Jane Smith, born …" ----------------------------
_EN_LEAD = (
    r"(?:(?i:yes|yeah|yep|sure|ok|okay|of course|hi|hello|um+|uh+|so|right|well|it's|it is|this is|that's|that is"
    r"|i'm|i am|my name is|my name's|name's|the name is|my full name is|full name is|it would be|that'd be"
    r"|that would be|it's under|under)[,.!]?\s+)*"
)
_EN_ANSWER = re.compile(
    rf"^\s*{_EN_LEAD}({EN_NAME})(?=\s*(?:$|[,.;!?]|\s(?i:here|speaking|and|born|calling|with|from)\b))"
)
_EN_ANSWER_NOT_NAMES = EN_NOT_NAMES | set(
    "Yes Yeah Yep Sure Ok Okay Hi Hello Thanks Thank No Nope Sorry Just Well Actually Um Uh Born Me Myself Fine Great "
    "Good Right Correct Hold Wait Hang One Please What Why How Who When Where I My Sir Madam Ma'am Speaking".split()
)


def _en_answer(text: str) -> tuple[int, int] | None:
    for sentence in list(re.finditer(r"[^.!?]+[.!?]?", text))[:2]:
        m = _EN_ANSWER.match(text, sentence.start(), sentence.end())
        if m and m.group(1).split()[0] not in _EN_ANSWER_NOT_NAMES:
            return m.start(1), m.end(1)
    return None


def answered_name(text: str, proper_only: bool = False) -> tuple[int, int] | None:
    """The span of the name in a turn that answers a request for it, or None (the turn does not start with one).

    ``proper_only``: the request did not say it asked for the name; only a word the dictionary knows as a person's
    name (or a capitalised English name) counts, not any short noun phrase."""
    japanese = any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)
    if not japanese:
        return _en_answer(text)
    return _ja_answer(text, proper_only) or (None if proper_only else _ja_short_answer(text))


# --- whose names ----------------------------------------------------------------------------------------------------
def _party(entity: Entity, role: str | None, own_names: Sequence[tuple[int, int, str]]) -> Party:
    """The agent's when an agent gives it as their own; every other name (addressed, answered, third party) counts
    as the customer's side."""
    if role == "agent" and any(s < entity.end and entity.start < e for s, e, _ in own_names):
        return "agent"
    return "customer"


def turn_entities(
    text: str, role: str | None = None, names_of: Collection[str] = DEFAULT_NAMES_OF, answered: Sequence[Entity] = (),
    *, cued: Collection[str] | None = None,
) -> list[Entity]:
    """The entities of one turn to mask: everything but names of a party not in ``names_of``.

    ``answered`` are the values the turn gives in answer to a request (from ``answered_entities``). ``cued``: the
    cues the caller found in ``text`` (``transforms.redaction.cues``), so only their detectors run; None: they are
    looked for here.
    """
    found = find_entities(text, cued) if cued is not None or may_hold_pii(text) else []
    if answered:
        found = resolve_overlaps([*found, *answered])
    names = [e for e in found if e.type == "NAME"]
    if not names or set(PARTIES) <= set(names_of):
        return found
    own = self_introductions(text) if role == "agent" else []
    return [e for e in found if e.type != "NAME" or _party(e, role, own) in names_of]


def redact_turn(
    text: str, role: str | None = None, names_of: Collection[str] = DEFAULT_NAMES_OF, answered: Sequence[Entity] = (),
    *, cued: Collection[str] | None = None,
) -> str:
    """``text`` with its entities masked (see ``turn_entities``)."""
    return apply_masks(text, turn_entities(text, role, names_of, answered, cued=cued))


@dataclass(frozen=True)
class Turn:
    role: str | None  # agent, customer, bot, system, unknown; None: not part of a dialogue
    text: str


def _answer(text: str, wanted: Collection[EntityType], by_shape: bool) -> list[Entity]:
    found = answered_values(text, wanted)
    span = answered_name(text, proper_only=by_shape) if "NAME" in wanted else None
    if span is not None:
        found.append(Entity(span[0], span[1], "NAME", text[span[0] : span[1]]))
    return found


def _requests(turns: Sequence[Turn]) -> list[tuple[frozenset[EntityType], bool]]:
    """Per turn, what it asks for and whether that is known by the request's shape only (see
    ``answered_entities``)."""
    listed = [asks_for(t.text) if t.role in REQUESTING_ROLES else frozenset() for t in turns]
    shaped = [t.role in REQUESTING_ROLES and not asked and is_request(t.text) for t, asked in zip(turns, listed,
                                                                                                  strict=True)]
    out = [(asked, False) for asked in listed]
    run: list[int] = []
    for i, turn in enumerate([*turns, Turn("agent", "")]):  # a last empty agent turn ends the last run
        if i < len(turns) and (listed[i] or shaped[i]):
            run.append(i)
        elif turn.role in NOT_ANSWERING_ROLES:  # an unknown speaker's turn may be the customer's answer
            if any(listed[j] for j in run):
                out = [(ASKED_BY_SHAPE, True) if j in run and shaped[j] else o for j, o in enumerate(out)]
            run = []
    return out


def answered_entities(turns: Sequence[Turn]) -> list[list[Entity]]:
    """Per turn of one conversation (in order), the personal data it gives in answer to a request for it.

    A request (in a turn of an agent, a bot or an unknown speaker; ``transforms.redaction.requests``) opens, for
    each type it asks for, a window of the next ``ANSWER_WINDOW`` turns of a party that answers (customer or
    unknown); the first of them that gives a value of the type closes that type's window, and the next request
    closes them all. The value is found by its shape (``transforms.redaction.answers``, ``answered_name``).

    An identity check is a run of requests of the agent (answers between them) of which one at least asks for
    personal data: there, a request the list does not recognise (「…をお願いいたします」, "Can I have …?",
    ``is_request``; the engine misheard what it names: 「青年学帝をお願いいたします」) is one of its items too, and opens
    a window for ``ASKED_BY_SHAPE``, with names only where they look like a person's name.
    """
    answers: list[list[Entity]] = []
    windows: dict[EntityType, int] = {}
    by_shape = False
    for turn, (asked, shaped) in zip(turns, _requests(turns), strict=True):
        found: list[Entity] = []
        wanted = [t for t, left in windows.items() if left]
        if wanted and turn.role not in NOT_ANSWERING_ROLES:
            found = _answer(turn.text, wanted, by_shape)
            given = {e.type for e in found}
            windows = {t: 0 if t in given else left - 1 for t, left in windows.items()}
        if asked:
            windows, by_shape = dict.fromkeys(asked, ANSWER_WINDOW), shaped
        answers.append(found)
    return answers


def dialogue_entities(turns: Sequence[Turn], names_of: Collection[str] = DEFAULT_NAMES_OF) -> list[list[Entity]]:
    """The entities to mask in each turn of one conversation (in order), values answered to a request included."""
    return [turn_entities(t.text, t.role, names_of, a) for t, a in zip(turns, answered_entities(turns), strict=True)]


def redact_dialogue(turns: Sequence[Turn], names_of: Collection[str] = DEFAULT_NAMES_OF) -> list[str]:
    """Each turn's text with its entities masked, values answered to a request included."""
    return [apply_masks(t.text, e) for t, e in zip(turns, dialogue_entities(turns, names_of), strict=True)]
