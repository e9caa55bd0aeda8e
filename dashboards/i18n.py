"""Japanese and English UI text. ``t(key, lang)`` falls back to English, then to the key itself."""

from __future__ import annotations

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

_TEXT: dict[str, tuple[str, str]] = {  # key: (ja, en)
    "app_title": ("Koe 声 ダッシュボード", "Koe dashboard"),
    "page_overview": ("概要", "Overview"),
    "page_agents": ("エージェント・チーム", "Agents and teams"),
    "page_staffing": ("要員計画", "Staffing"),
    "page_qa": ("QAレビュー", "QA review"),
    "page_interaction": ("応対詳細", "Interaction"),
    "page_themes": ("テーマ", "Themes"),
    "sign_out": ("ログアウト", "Sign out"),
    "sign_in": ("ログイン", "Sign in"),
    "username": ("ユーザー名", "User name"),
    "password": ("パスワード", "Password"),
    "bad_login": ("ユーザー名またはパスワードが違います", "Wrong user name or password"),
    "sign_in_locked": ("ログインの失敗が続いたため、ログインを一時的に停止しています。{minutes}分後にもう一度お試しください。",
                       "Too many failed sign-ins: signing in is blocked for now. Try again in {minutes} min."),
    "forbidden": ("このページを表示する権限がありません", "You may not see this page"),
    "not_found": ("ページが見つかりません", "Page not found"),
    "filter_dates": ("期間", "Dates"),
    "filter_channel": ("チャネル", "Channel"),
    "filter_queue": ("キュー", "Queue"),
    "filter_team": ("チーム", "Team"),
    "filter_language": ("言語", "Language"),
    "filter_direction": ("方向", "Direction"),
    "all": ("すべて", "All"),
    "kpi_volume": ("受付件数", "Volume"),
    "kpi_service_level": ("サービスレベル", "Service level"),
    "kpi_answer_rate": ("応答率", "Answer rate"),
    "kpi_abandon_rate": ("放棄呼率", "Abandon rate"),
    "kpi_asa": ("平均応答速度 (ASA)", "ASA"),
    "kpi_aht": ("平均処理時間 (AHT)", "AHT"),
    "kpi_fcr": ("一次解決率 (FCR)", "FCR"),
    "kpi_csat": ("顧客満足度 (CSAT)", "CSAT"),
    "kpi_nps": ("NPS", "NPS"),
    "kpi_ces": ("顧客努力指標 (CES)", "CES"),
    "kpi_sla_breach": ("SLA違反率", "SLA breach"),
    "kpi_backlog": ("未解決残", "Backlog"),
    "vs_previous": ("前期間比", "vs previous period"),
    "volume_by_channel": ("チャネル別件数", "Volume by channel"),
    "arrival_heatmap": ("時間帯別の着信 (曜日×時)", "Arrivals by weekday × hour"),
    "kpi_note": ("KPIタイルは言語・方向で絞り込めません (kpi_dailyの粒度)", "KPI tiles ignore language and direction (kpi_daily grain)"),
    "drilldown": ("対象の応対一覧", "Interactions behind the selection"),
    "drill_hint": ("グラフをクリックすると対象の応対を表示します", "Click a chart to list the interactions behind it"),
    "export_csv": ("CSV出力", "Export CSV"),
    "rows_shown": ("件を表示 (最大500件)", "rows shown (at most 500)"),
    "agents_table": ("エージェント別KPI", "KPIs per agent"),
    "agents_trend": ("処理件数とAHTの推移", "Handled contacts and AHT"),
    "qa_distribution": ("QAスコア分布", "QA score distribution"),
    "harassment": ("カスハラ遭遇", "Harassment exposure"),
    "staffing_inputs": ("前提条件", "Assumptions"),
    "target_sl": ("目標サービスレベル (%)", "Target service level (%)"),
    "answer_within": ("応答目標 (秒)", "Answer within (s)"),
    "shrinkage": ("シュリンケージ (%)", "Shrinkage (%)"),
    "aht_override": ("AHT (秒, 空欄=実績)", "AHT (s, empty = history)"),
    "required_vs_seen": ("必要人数と実績人数 (30分単位)", "Required vs seen agents per 30 min"),
    "staffing_table": ("区間別の要員計画", "Staffing per interval"),
    "review_queue": ("レビュー待ち", "Review queue"),
    "agreement": ("機械判定と人の一致率", "Machine vs human agreement"),
    "calibration": ("レビュアー間キャリブレーション", "Reviewer calibration"),
    "transcript": ("通話記録", "Transcript"),
    "criteria": ("評価項目", "Criteria"),
    "override": ("判定を上書き", "Override"),
    "dispute": ("異議を申し立てる", "Dispute"),
    "comment": ("コメント", "Comment"),
    "saved": ("保存しました", "Saved"),
    "overrides_saved": ("保存済みのレビュー", "Saved reviews"),
    "no_access": ("この応対を表示する権限がありません", "You may not see this interaction"),
    "empty_qa": ("QA採点はまだありません (QAパイプライン未実行)", "No QA scores yet (the QA stage has not run)"),
    "empty_themes": ("テーマはまだありません (テーマ抽出未実行)", "No themes yet (the themes stage has not run)"),
    "no_data": ("データがありません", "No data"),
    "themes_table": ("テーマ一覧", "Themes"),
    "theme_trend": ("週次推移", "Weekly trend"),
    "products": ("製品", "Products"),
    "examples": ("事例", "Examples"),
    "feedback_report": ("製品フィードバックレポート", "Product feedback report"),
    "weekday_names": ("月,火,水,木,金,土,日", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
    "agents_required": ("必要人数", "Required"),
    "agents_scheduled": ("シフト人数 (シュリンケージ込)", "Scheduled (with shrinkage)"),
    "agents_seen": ("実績人数", "Seen"),
    "audio": ("録音", "Recording"),
    "answer_pass": ("適合", "pass"),
    "answer_fail": ("不適合", "fail"),
    "answer_partial": ("一部適合", "partial"),
    "answer_na": ("対象外", "n/a"),
}


def t(key: str, lang: str | None) -> str:
    """The label for ``key`` in ``lang`` ('ja' or 'en')."""
    pair = _TEXT.get(key)
    if pair is None:
        return key
    return pair[0] if (lang or DEFAULT_LANGUAGE) == "ja" else pair[1]


def keys() -> set[str]:
    return set(_TEXT)
