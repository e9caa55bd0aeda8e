"""Koe's settings: one typed object, read from the environment (``KOE_*``) when asked for, never at import.

Every setting of the pipeline, the dashboard and the CLI lives here, once; docs/settings.md is the table of them.
Callers load the settings once (``load_settings``) and pass the object (or the values they need) down.
An explicit override wins over the environment; an override of ``None`` means "not given", so a caller can never
shadow the environment with a default of its own.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, TypeAdapter, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "koe.duckdb"
DEFAULT_LANDING = REPO_ROOT / "data" / "landing"
Party = Literal["customer", "agent"]
TRANSCRIBED_LANGUAGES = ("ja", "en")  # the languages Whisper decodes calls in (language detection is restricted to them)


class KoeSettings(BaseSettings):
    """What an operator can set. Each field is ``KOE_<FIELD NAME>`` in the environment unless its alias says else."""

    model_config = SettingsConfigDict(env_prefix="KOE_", frozen=True, extra="ignore", populate_by_name=True)

    warehouse: Path = Field(DEFAULT_WAREHOUSE, description="the DuckDB warehouse file; derived files sit next to it")
    landing_dir: Path = Field(DEFAULT_LANDING, description="where input files are dropped")
    archive_dir: Path | None = Field(
        None, description="keep a copy of every loaded file here, by sha256 (the raw layer); empty: files stay where"
        " they landed")
    audio_root: Path | None = Field(
        None, description="the folder every recording must resolve inside (symlinks resolved); empty: the landing folder")
    app_db: Path | None = Field(
        None, description="the dashboard's users, sessions and reviews (SQLite); empty: app.sqlite next to the warehouse")
    timezone: str = Field("Asia/Tokyo", description="business days, partitions, schedules and displayed times")
    service_level_seconds: int = Field(20, gt=0, description="service level: answered within this many seconds")
    fcr_window_days: int = Field(7, gt=0, description="first contact resolution: no repeat contact within these days")
    keep_original_text: bool = Field(
        False, validation_alias="KOE_REDACTION_KEEP_ORIGINAL",
        description="keep unmasked text in restricted.original_text (restricted originals)")
    keep_original_audio: bool = Field(
        False, description="let managers play a call's original audio (?original=1); off: only the masked copy is served")
    redact_names_of: Annotated[tuple[Party, ...], NoDecode] = Field(
        ("customer",), description="whose spoken or written names are masked: customer, agent (comma-separated)")
    vocabulary: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="company, product and agent names Whisper should write as spelled (comma-separated); "
        "they and the rubric phrases are its initial prompt")
    decoding_prompt: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="the languages (comma-separated: ja, en) whose calls are transcribed with the names above and "
        "the rubric phrases as Whisper's initial prompt; true: all, false or empty: none")
    acoustic_check: bool = Field(
        False, description="check the names above and the rubric phrases against the audio where the transcript "
        "holds something like them (off: on benchmarks/qa_calls.py it changed no verdict and costs CPU; "
        "docs/transcription.md)")
    whisper_device: Literal["auto", "cpu", "cuda"] = Field(
        "auto", description="where faster-whisper runs: a CUDA GPU when CTranslate2 finds one (auto, or cuda), else "
        "the CPU; cuda without a device falls back to the CPU with a warning")
    whisper_gpu_compute_type: str = Field(
        "float16", description="CTranslate2 compute type on a GPU (on the CPU each language keeps its own: float32)")
    whisper_cpu_threads: int = Field(
        2, gt=0, description="CTranslate2 threads of one transcribing process on the CPU; 1 on workers that run one "
        "process per core (docs/scaling.md: a second thread spin-waits on a busy host)")
    cookie_secure: bool = Field(False, description="mark the dashboard's cookies Secure (set it behind a TLS proxy)")
    session_ttl_seconds: int = Field(8 * 3600, description="a dashboard session lasts one working shift")
    max_columns: int = Field(1_000, gt=0, description="an input file with more columns is refused before it is parsed")
    max_field_bytes: int = Field(
        1 << 20, gt=0, description="an input value longer than this (bytes) sends its row to quarantine, cut short")
    dashboard_url: str = Field(
        "http://127.0.0.1:8050", description="the dashboard's address as users reach it, for links in alert e-mails, webhooks and the product-feedback report's quotes")
    rules_lookback_days: int = Field(
        7, gt=0, description="rules re-check the contacts of the last N days of data every run; only these raise alerts")
    alert_email_to: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="who gets alert e-mails (comma-separated addresses); empty: no e-mail")
    smtp_host: str = Field("localhost", description="the SMTP server alert e-mails are sent through")
    smtp_port: int = Field(25, gt=0, description="its port (587 with STARTTLS, 25 inside a trusted network)")
    smtp_starttls: bool = Field(False, description="upgrade the SMTP connection with STARTTLS before sending")
    smtp_username: str = Field("", description="SMTP user name; empty: no login")
    smtp_password_file: Path | None = Field(None, description="a file holding the SMTP password (kept out of the environment)")
    smtp_sender: str = Field("koe@localhost", description="the From address of alert e-mails")
    alert_webhook_urls: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="incoming-webhook URLs (Slack, Teams) alerts are posted to (comma-separated); empty: none")
    customer_key_file: Path | None = Field(
        None, description="the secret that turns customer ids into pseudonymous keys (created on first use); "
        "empty: customer-key.secret next to the app store, outside the warehouse and the snapshot")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (an IANA name such as Asia/Tokyo)") from None
        return value

    @field_validator("decoding_prompt", mode="before")
    @classmethod
    def _prompt_languages(cls, value: Any) -> tuple[str, ...]:
        return prompt_languages(value)

    @field_validator("redact_names_of", "vocabulary", "alert_email_to", "alert_webhook_urls", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @property
    def resolved_audio_root(self) -> Path:
        return (self.audio_root or self.landing_dir).resolve()

    @property
    def resolved_app_db(self) -> Path:
        return self.app_db or self.warehouse.parent / "app.sqlite"


def prompt_languages(value: str | bool | Sequence[str] | None) -> tuple[str, ...]:
    """The languages given the decoding prompt (``KOE_DECODING_PROMPT``): a comma-separated list of languages, or a
    switch for all of them (true/yes/on/1) or none (false/no/off/0, empty)."""
    if value is None or isinstance(value, bool):
        return TRANSCRIBED_LANGUAGES if value else ()
    listed = [part.strip().lower() for part in value.split(",")] if isinstance(value, str) else list(value)
    listed = [part for part in listed if part]
    if len(listed) == 1 and listed[0] not in TRANSCRIBED_LANGUAGES:  # a switch, read as pydantic reads a bool
        try:
            return TRANSCRIBED_LANGUAGES if TypeAdapter(bool).validate_python(listed[0]) else ()
        except ValidationError:
            pass  # neither a language nor a switch: said below
    unknown = [part for part in listed if part not in TRANSCRIBED_LANGUAGES]
    if unknown:
        raise ValueError(f"{', '.join(map(repr, unknown))} is not a language Koe transcribes: give languages from "
                         f"{', '.join(TRANSCRIBED_LANGUAGES)} (comma-separated), true for all or false for none")
    return tuple(dict.fromkeys(listed))


def load_settings(**overrides: Any) -> KoeSettings:
    """The settings from the environment, with the given (non-None) overrides on top."""
    given = {name: value for name, value in overrides.items() if value is not None and value != ""}
    return KoeSettings(**given)


def warehouse_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The DuckDB file to use: an explicit path, else ``KOE_WAREHOUSE``, else ``warehouse/koe.duckdb``."""
    return Path(path) if path else load_settings().warehouse


def cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """A writable folder next to the warehouse for derived artefacts (converted models, published marts)."""
    return warehouse_path(path).parent / "cache"


def published_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Where the pipeline publishes read-only snapshots for the dashboard (see docs/architecture.md)."""
    return warehouse_path(path).parent / "published"


def settings_table() -> str:
    """The Markdown table of every setting (docs/settings.md holds it; a test keeps the two the same)."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in KoeSettings.model_fields.items():
        variable = field.validation_alias if isinstance(field.validation_alias, str) else f"KOE_{name.upper()}"
        default = field.default
        if isinstance(default, Path):
            default = default.relative_to(REPO_ROOT) if default.is_relative_to(REPO_ROOT) else default
        shown = ", ".join(default) if isinstance(default, tuple) else "(empty)" if default is None else default
        rows.append(f"| `{variable}` | `{shown}` | {field.description} |")
    return "\n".join(rows) + "\n"
