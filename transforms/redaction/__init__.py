"""PII redaction for Japanese and English contact-center text and call audio (see docs/redaction.md).

``redact_text`` masks one text; ``redact_frame`` masks columns of a frame; ``find_entities`` says what and where;
``transforms.redaction.audio`` maps entities in transcript segments to time spans and silences them.
"""

from transforms.redaction.cues import may_contain_pii
from transforms.redaction.detect import find_entities, redact_text
from transforms.redaction.entities import ENTITY_TYPES, Entity, EntityType
from transforms.redaction.frame import original_texts, redact_frame, redact_series

__all__ = [
    "ENTITY_TYPES",
    "Entity",
    "EntityType",
    "find_entities",
    "may_contain_pii",
    "original_texts",
    "redact_frame",
    "redact_series",
    "redact_text",
]
