"""Data status: ETL runs, freshness per source, quarantined records and failed runs."""

import streamlit as st

from dashboard import data
from dashboard.components import charts, frame, tables
from dashboard.components.i18n import t
from etl import settings

RUN_STATUS = charts.Codes("run_status", charts.RUN_STATUS_COLOURS)
st.caption(t("status_page.caption"))
served = data.served_file_status()
st.caption(t("status_page.served", path=served["path"], size=f"{served['bytes'] / 1e6:,.1f} MB"))

runs = data.etl_runs()
failures = data.failed_runs()
timeline = data.run_timeline()
if not timeline.empty:
    charts.show(
        charts.timeline(
            timeline,
            "started_at",
            "source",
            "status",
            title=t("status_page.runs_chart.title"),
            x_title=t("axis.run_start"),
            y_title=t("axis.source"),
            codes=RUN_STATUS,
            hover=["run_id", "rows_loaded", "rows_quarantined", "message"],
        ),
        key="status-runs",
    )
    charts.explain(t("status_page.runs_chart.caption"), "etl_run")

st.subheader(t("status_page.freshness.title"))
st.caption(t("status_page.freshness.caption"))
if runs.empty:
    tables.empty_state("empty.no_runs")
else:
    frame.freshness()
    tables.show_table(
        data.source_freshness(),
        key="status-freshness",
        file_name="source_freshness",
        codes={"last_status": "run_status"},
    )
    st.subheader(t("status_page.runs.title"))
    tables.show_table(
        runs,
        key="status-runs-table",
        file_name="etl_runs",
        columns=[
            "started_at",
            "duration_seconds",
            "source",
            "status",
            "rows_read",
            "rows_loaded",
            "rows_quarantined",
            "bytes",
            "message",
            "run_id",
            "finished_at",
            "etag",
            "as_of",
        ],  # fmt: skip
        codes={"status": "run_status"},
    )

st.subheader(t("status_page.failures.title"))
failures_path = settings.DataDirs(data.served_path()).failures
st.caption(t("status_page.failures.caption", path=failures_path))
if failures.empty:
    tables.empty_state("empty.no_failures", good_news=True)
else:
    tables.show_table(
        failures,
        key="status-failures",
        file_name="failed_runs",
        codes={"status": "run_status"},
    )

st.subheader(t("status_page.quarantine.title"))
st.caption(t("status_page.quarantine.caption"))
by_reason = data.quarantine_by_reason()
if by_reason.empty:
    tables.empty_state("empty.no_quarantine", good_news=True)
else:
    tables.show_table(by_reason, key="status-quarantine-reasons", file_name="quarantine_reasons")
    tables.show_table(data.quarantine_sample(), key="status-quarantine", file_name="quarantine_sample")
