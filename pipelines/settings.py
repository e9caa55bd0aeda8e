"""Pipeline settings: defaults, overridable by environment (``KOE_*``) or arguments. Read on call, never at import."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from warehouse.settings import REPO_ROOT


@dataclass(frozen=True)
class PipelineSettings:
    landing_dir: Path  # new files dropped here are picked up by the sensor and the demo
    service_level_seconds: int = 20  # "answered within X s" for service level (80/20 by default)
    fcr_window_days: int = 7  # repeat-contact window for the FCR proxy
    timezone: str = "Asia/Tokyo"  # business day boundaries and schedules
    keep_original_text: bool = False  # redaction.keep_original: unmasked text kept in restricted.original_text

    @classmethod
    def load(
        cls,
        landing_dir: str | os.PathLike[str] | None = None,
        service_level_seconds: int | None = None,
        fcr_window_days: int | None = None,
    ) -> PipelineSettings:
        env = os.environ
        return cls(
            landing_dir=Path(landing_dir or env.get("KOE_LANDING_DIR") or REPO_ROOT / "data" / "landing"),
            service_level_seconds=service_level_seconds or int(env.get("KOE_SERVICE_LEVEL_SECONDS", 20)),
            fcr_window_days=fcr_window_days or int(env.get("KOE_FCR_WINDOW_DAYS", 7)),
            timezone=env.get("KOE_TIMEZONE", "Asia/Tokyo"),
            keep_original_text=env.get("KOE_REDACTION_KEEP_ORIGINAL", "").lower() in ("1", "true", "yes"),
        )
