"""Every word the dashboard shows, in Chinese and English.

Strings are looked up by key; ``t(key, **values)`` formats the current language's text with
``str.format``. Codes stored in the marts (levels, statuses, degrees, overlap kinds, KPI names)
are shown through ``label(prefix, code)`` so a new code from the ETL shows up as itself rather
than breaking a page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

import pandas as pd
import streamlit as st

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
LANG_NAMES: dict[str, str] = {"zh": "中文", "en": "English"}
LANG_KEY = "lang"
FALLBACK_LANG: Lang = "zh"

# key: (中文, English)
TEXT: dict[str, tuple[str, str]] = {
    # app and pages
    "app.title": ("标准化指标看板", "Standardization metrics"),
    "page.overview": ("概览", "Overview"),
    "page.catalog": ("标准目录", "Catalog"),
    "page.lagging": ("标龄与滞后", "Lagging"),
    "page.overlap": ("交叉重复", "Overlap"),
    "page.adoption": ("国际采标", "Adoption"),
    "page.participation": ("国际参与", "Participation"),
    "page.data_status": ("数据状态", "Data status"),
    # global filters
    "filter.language": ("语言 / Language", "语言 / Language"),
    "filter.sector": ("行业领域（ICS）", "Sector (ICS field)"),
    "filter.sector.help": (
        "按国际标准分类（ICS）一级类目筛选所有页面",
        "Filters every page by top-level ICS field",
    ),
    "filter.all_sectors": ("全部领域", "All sectors"),
    "filter.invalid": (
        "已忽略链接参数 {name}={value}：不是可选值。",
        "Ignored link parameter {name}={value}: not one of the choices.",
    ),
    "filter.sectors_unavailable": (
        "无法读取行业领域列表：{error}",
        "Could not read the list of sectors: {error}",
    ),
    "filter.unused": ("本页不使用此筛选条件，切换页面时保留", "Not used on this page; kept for the other pages"),
    "filter.all_groups": ("全部分类", "All groups"),
    "filter.group": ("细分类（ICS 二级）", "Group (ICS)"),
    "filter.group.help": ("在所选领域内进一步按 ICS 二级类目筛选", "Narrows the sector to one ICS group"),
    "filter.level": ("层级", "Level"),
    "filter.publisher": ("发布机构", "Publisher"),
    "filter.status": ("状态", "Status"),
    "filter.years": ("发布年份", "Publication years"),
    "filter.years.help": ("按标准的发布年份筛选", "Filters standards by the year they were published"),
    "filter.member": ("关注的成员体", "Member body"),
    "filter.member.help": (
        "在国际参与图表中突出显示的 ISO 成员体（默认取自配置）",
        "The ISO member body the participation charts highlight (the default comes from the configuration)",
    ),
    "filter.any": ("全部", "Any"),
    "filter.clear": ("清除筛选", "Clear filters"),
    "filter.year_span": ("{start}–{end} 年", "{start}–{end}"),
    "filter.name.sector": ("领域", "sector"),
    "filter.name.level": ("层级", "level"),
    "filter.name.publisher": ("发布机构", "publisher"),
    "filter.name.status": ("状态", "status"),
    "filter.name.years": ("发布年份", "years"),
    "filter.name.member": ("成员体", "member body"),
    # frame
    "frame.as_of": ("数据截至 {as_of}（构建于 {built_at}）", "Data as of {as_of} (built {built_at})"),
    "frame.no_build_info": (
        "数据库中没有构建信息（build_info 为空）。",
        "The database has no build information (build_info is empty).",
    ),
    "frame.scope": ("范围：{scope}", "Scope: {scope}"),
    "frame.unfiltered": ("本页不受筛选条件影响", "Not filtered"),
    "frame.unused_filters": ("本页不适用的筛选条件：{filters}", "Filters this page does not use: {filters}"),
    "frame.demo": (
        "演示数据 / Demo data: generated, not real standards",
        "演示数据 / Demo data: generated, not real standards",
    ),
    "frame.attribution": (
        "含有来自 ISO 开放数据的信息，依据 ODC 署名许可协议（ODC-By 1.0）提供。"
        "Contains information from ISO Open Data (https://www.iso.org/open-data.html), "
        "made available under the ODC Attribution License.",
        "Contains information from ISO Open Data (https://www.iso.org/open-data.html), "
        "made available under the ODC Attribution License.",
    ),
    "frame.unavailable": (
        "当前数据库无法提供本页所需数据：{error}。请用 `standards-etl refresh` 重新构建。",
        "The served database cannot provide this page's data: {error}. Rebuild it with `standards-etl refresh`.",
    ),
    # first start
    "bootstrap.title": ("首次启动：正在生成演示数据库", "First start: building the demo database"),
    "bootstrap.intro": (
        "尚未找到数据库 `{path}`，正在用演示数据构建，通常不到一分钟。",
        "No database at `{path}` yet; building one from demo data, usually in under a minute.",
    ),
    "bootstrap.starting": ("正在启动 ETL…", "Starting the ETL…"),
    "bootstrap.waiting": (
        "本服务中的另一个会话正在构建数据库，请稍候…",
        "Another session of this server is building the database, please wait…",
    ),
    "bootstrap.locked": (
        "另一个 ETL 进程正在运行，数据库构建完成后即可使用。",
        "Another ETL process is running; the dashboard opens when it has finished.",
    ),
    "bootstrap.failed": (
        "演示数据库构建失败（退出码 {code}）。",
        "Building the demo database failed (exit code {code}).",
    ),
    "bootstrap.stderr": ("错误输出（末尾）", "Error output (last lines)"),
    "bootstrap.by_hand": ("可在项目目录下手动运行：", "To run it by hand, in the project folder:"),
    "bootstrap.retry": ("重试", "Retry"),
    # sign-in
    "auth.prompt": (
        "此看板需要登录后查看。请使用单位账号登录。",
        "This dashboard is for signed-in users. Sign in with your organisation's account.",
    ),
    "auth.sign_in": ("登录", "Sign in"),
    "auth.sign_out": ("退出登录", "Sign out"),
    "auth.signed_in": ("已登录：{who}", "Signed in as {who}"),
    "auth.misconfigured": (
        "无法登录：{error}。请按 README 的“登录”一节配置 `.streamlit/secrets.toml`。",
        "Sign-in is not set up: {error}. Configure `.streamlit/secrets.toml` as the README's Sign-in section shows.",
    ),
    "auth.config_error": (
        "无法读取看板配置，因此不显示数据：{error}",
        "The dashboard's configuration cannot be read, so no data is shown: {error}",
    ),
    # definitions
    "definition.button": ("定义", "Definition"),
    "definition.full": ("完整定义（docs/metrics.md）", "Full definition (docs/metrics.md)"),
    "definition.where": ("完整定义见项目文档 `{path}`", "Full definition in the project's `{path}`"),
    "def.current_standards.name": ("现行标准", "Current standards"),
    "def.current_standards": (
        "现行有效的标准：ISO 阶段 60.60 或 90.xx；国内目录状态为“现行”（含“确认有效”）。"
        "一项标准无论归入几个领域都只计一次。",
        "Standards in force: ISO stage 60.60 or any 90.xx; in national catalogs 现行 (and 确认有效). "
        "A standard counts once, however many sectors it is filed under.",
    ),
    "def.publications_per_year.name": ("每年发布数量", "Publications per year"),
    "def.publications_per_year": (
        "按发布年份统计各状态（含已废止、即将实施）的标准数，反映制修订节奏。",
        "Standards of every status (withdrawn and upcoming included) by year of publication: the pace of publishing.",
    ),
    "def.age_years.name": ("标龄", "Age (标龄)"),
    "def.age_years": (
        "自发布、实施或最近一次复审确认（取最晚者）至数据截止日的年数。",
        "Years from the latest of publication, implementation and last confirmation to the data's as-of date.",
    ),
    "def.overdue_share.name": ("超期未复审占比", "Overdue for review"),
    "def.overdue_share": (
        "标龄超过复审周期（默认 5 年，可配置）的现行标准 ÷ 现行标准。",
        "Current standards older than the review period (5 years unless configured) ÷ current standards.",
    ),
    "def.severely_aged.name": ("严重老化", "Severely aged"),
    "def.severely_aged": (
        "标龄超过严重老化阈值（默认 10 年，可配置）的现行标准。",
        "Current standards older than the severe-age threshold (10 years unless configured).",
    ),
    "def.to_be_revised.name": ("ISO 待修订", "ISO to be revised"),
    "def.to_be_revised": (
        "处于 ISO 阶段 90.92 的标准：系统复审已决定修订。",
        "ISO standards at stage 90.92: the systematic review decided to revise them.",
    ),
    "def.lagging_adoption.name": ("采标滞后", "Lagging adoption"),
    "def.lagging_adoption": (
        "现行国家标准所采用的国际标准版本已被废止，或已被现行新版本代替。",
        "A current national standard adopts an international edition that has since been withdrawn "
        "or replaced by a current edition.",
    ),
    "def.overlap_candidates.name": ("交叉重复候选", "Overlap candidates"),
    "def.overlap_candidates": (
        "规范化后标题相同或高度相似（不低于阈值）的两项不同的现行标准。不同层级之间为交叉重复候选；"
        "同一标准号有多个现行版本属于状态错误，需要更正。",
        "Two different current standards whose normalised titles match (similarity at or above the "
        "threshold). Pairs across levels are 交叉重复 candidates; several current editions of one "
        "reference are a status error to correct.",
    ),
    "def.adoption_degree.name": ("采用程度", "Degree of adoption"),
    "def.adoption_degree": (
        "IDT 等同采用、MOD 修改采用计入采标；NEQ 非等效采用不计入；目录未注明时为“程度未知”。",
        "IDT (identical) and MOD (modified) count as adoption; NEQ (not equivalent) does not; "
        "'unknown' when the catalog does not say.",
    ),
    "def.adoption_rate.name": ("采标率", "Adoption rate (采标率)"),
    "def.adoption_rate": (
        "以 IDT/MOD 采用 ISO/IEC 标准的现行国家标准 ÷ 现行国家标准。",
        "Current national standards adopting an ISO/IEC standard as IDT or MOD ÷ current national standards.",
    ),
    "def.conversion_rate.name": ("国际标准转化率", "Conversion rate (国际标准转化率)"),
    "def.conversion_rate": (
        "至少有一项现行国家标准以 IDT/MOD 采用该版本的现行 ISO/IEC 标准 ÷ 现行 ISO/IEC 标准；目标 85%（可配置）。"
        "采标率为同一领域国家标准一侧的比例。",
        "Current ISO/IEC standards with at least one current national IDT/MOD adoption of that edition ÷ "
        "current ISO/IEC standards; the target is 85% unless configured. The adoption rate is the same "
        "sector seen from the national side.",
    ),
    "def.participation.name": ("国际参与", "Participation"),
    "def.participation": (
        "每个快照中各成员体在 ISO 技术委员会和分委员会中的 P 成员（积极成员）、O 成员（观察员）和秘书处数量。",
        "Per snapshot, the ISO committees and subcommittees where each member body is P-member "
        "(participating), O-member (observing) or holds the secretariat.",
    ),
    "def.etl_run.name": ("ETL 运行记录", "ETL runs"),
    "def.etl_run": (
        "每个数据源每次运行一行：开始时间、耗时、读入/载入/隔离行数和结果。失败的运行记录在数据库旁的日志中。",
        "One row per source and run: start, duration, rows read, loaded and quarantined, and the outcome. "
        "Failed runs are logged beside the database.",
    ),
    # freshness
    "freshness.title": ("数据源：", "Sources:"),
    "freshness.help": (
        "最近一次成功刷新的时间；超过 {hours} 小时未刷新（错过夜间刷新）显示为橙色。",
        "When each source last refreshed; orange when more than {hours} hours ago (a nightly refresh was missed).",
    ),
    "freshness.minutes": ("{n} 分钟前", "{n} min ago"),
    "freshness.hours": ("{n} 小时前", "{n} h ago"),
    "freshness.days": ("{n} 天前", "{n} days ago"),
    "freshness.never": ("从未成功", "never refreshed"),
    "freshness.last_run": ("最近一次：{status}", "last run: {status}"),
    # tables and empty states
    "table.download_csv": ("下载 CSV", "Download CSV"),
    "table.download_xlsx": ("下载 Excel", "Download XLSX"),
    "table.rows": ("共 {n} 行", "Rows: {n}"),
    "table.truncated": ("仅显示前 {limit} 行，请用筛选条件缩小范围", "only the first {limit}; narrow the filters"),
    "empty.filtered": (
        "当前筛选：{filters}。可放宽筛选条件，或用侧栏的“清除筛选”。",
        "Filters in use: {filters}. Widen them, or use Clear filters in the sidebar.",
    ),
    "empty.no_current": (
        "所选范围内没有现行标准。请选择其他领域，或运行 `standards-etl refresh` 载入目录数据。",
        "No current standards in this scope. Choose another sector, or run `standards-etl refresh` to load catalogs.",
    ),
    "empty.no_overdue": (
        "所选范围内没有超期未复审的现行标准。",
        "No current standard in this scope is overdue for review.",
    ),
    "empty.no_national": (
        "尚未载入国家标准目录，因此无法计算采标率和国际标准转化率（所有国际标准都会显示为未转化）。"
        "载入方法：`standards-etl refresh --source samr`（全国标准信息公共服务平台），"
        "或 `standards-etl import 目录文件.xlsx`（导出的标准目录）。",
        "No national catalog is loaded, so the adoption and conversion rates cannot be measured (every "
        "international standard would look unadopted). Load one with `standards-etl refresh --source samr` "
        "(China's national catalog) or `standards-etl import catalog.xlsx` (an exported catalog).",
    ),
    "empty.no_member": (
        "{member} 在所选范围内没有 ISO 技术委员会成员记录。"
        "运行 `standards-etl refresh` 载入 ISO 技术委员会数据，或选择其他成员体。",
        "No ISO committee membership of {member} in this scope. Run `standards-etl refresh` to load ISO "
        "committees, or choose another member body.",
    ),
    "empty.no_standards": (
        "所选范围内没有标准。请选择其他领域，或运行 `standards-etl refresh` 载入目录数据。",
        "No standards in this scope. Choose another sector, or run `standards-etl refresh` to load catalogs.",
    ),
    "empty.no_kpis": (
        "所选范围没有 KPI。运行 `standards-etl refresh` 重新计算指标。",
        "No KPIs for this scope. Run `standards-etl refresh` to recompute the metrics.",
    ),
    "empty.no_overlap": (
        "在当前阈值下没有交叉重复候选。可降低相似度阈值，或运行 `standards-etl refresh` 载入更多目录。",
        "No overlap candidates at this threshold. Lower the similarity, "
        "or run `standards-etl refresh` to load more catalogs.",
    ),
    "empty.no_adoption": (
        "所选范围内没有采用国际标准的国家标准。运行 `standards-etl refresh` 载入国家标准目录。",
        "No national standards adopting international ones in this scope. "
        "Run `standards-etl refresh` to load the national catalog.",
    ),
    "empty.no_conversion": (
        "所选范围内没有现行 ISO/IEC 标准。运行 `standards-etl refresh` 载入 ISO 开放数据。",
        "No current ISO/IEC standards in this scope. Run `standards-etl refresh` to load ISO Open Data.",
    ),
    "empty.no_gaps": ("所选范围内的国际标准均已转化。", "Every international standard in this scope is adopted."),
    "empty.no_lagging_adoption": (
        "没有采用已修订或废止国际标准版本的国家标准。",
        "No national standard adopts an international edition that has since been revised or withdrawn.",
    ),
    "empty.no_participation": (
        "没有 ISO 技术委员会成员数据。运行 `standards-etl refresh` 载入 ISO 技术委员会数据。",
        "No ISO committee membership data. Run `standards-etl refresh` to load ISO committees.",
    ),
    "empty.no_runs": (
        "还没有 ETL 运行记录。运行 `standards-etl refresh` 开始第一次刷新。",
        "No ETL runs recorded yet. Run `standards-etl refresh` for a first refresh.",
    ),
    "empty.no_quarantine": (
        "没有被隔离的记录：所有读入的记录都通过了校验。",
        "No quarantined records: every record read passed validation.",
    ),
    "empty.no_failures": ("没有失败的运行记录。", "No failed runs recorded."),
    # KPIs
    "kpi.current_standards": ("现行标准", "Current standards"),
    "kpi.current_standards.help": (
        "所选范围内现行有效的标准数（一项标准只计一次）",
        "Standards in force in this scope (each standard counted once)",
    ),
    "kpi.overdue_share": ("超期未复审占比", "Overdue for review"),
    "kpi.overdue_share.help": (
        "标龄超过复审周期（{review} 年）的现行标准占比，越低越好",
        "Share of current standards older than the {review}-year review period; lower is better",
    ),
    "kpi.adoption_rate": ("采标率", "Adoption rate"),
    "kpi.adoption_rate.help": (
        "以 IDT/MOD 采用 ISO/IEC 标准的现行国家标准占现行国家标准的比例（NEQ 不计入）",
        "Current national standards adopting an ISO/IEC standard as IDT or MOD, "
        "÷ current national standards (NEQ does not count)",
    ),
    "kpi.conversion_rate": ("国际标准转化率", "Conversion rate"),
    "kpi.conversion_rate.help": (
        "至少有一项现行国家标准以 IDT/MOD 采用的现行 ISO/IEC 标准占比",
        "Current ISO/IEC standards with at least one current national IDT/MOD adoption",
    ),
    "kpi.development_cycle": ("标准制定周期", "Development cycle"),
    "kpi.development_cycle.help": (
        "近一年发布的国家标准从立项到发布的平均月数，越短越好（目标见配置）",
        "Mean months from plan to publication of the national standards published in the past year; shorter is better",
    ),
    "kpi.development_cycle.short": ("国家标准从立项到发布的平均月数", "Plan to publication, national standards"),
    "kpi.needs_plan_numbers": ("需要带计划号的国家标准目录", "Needs national catalog plan numbers"),
    "kpi.months": ("{n} 个月", "{n} months"),
    "kpi.focus_secretariats": ("{member} 承担秘书处", "Secretariats held by {member}"),
    "kpi.focus_secretariats.help": (
        "{member} 承担秘书处的 ISO 技术委员会和分委员会数（最新快照）",
        "ISO committees and subcommittees whose secretariat {member} holds (latest snapshot)",
    ),
    "kpi.overlap_candidates": ("交叉重复候选", "Overlap candidates"),
    "kpi.overlap_candidates.help": (
        "标题高度相似的现行标准对数，需要人工核查",
        "Pairs of current standards with near-identical titles, to be reviewed",
    ),
    "kpi.target": ("目标 {target}", "Target {target}"),
    "kpi.delta_help": ("较上次构建", "vs previous build"),
    "kpi.needs_national": ("需先载入国家标准目录", "Needs a national catalog"),
    "kpi.current_standards.short": ("所选领域内现行有效的标准", "Standards in force in this scope"),
    "kpi.overdue_share.short": (
        "标龄超过 {review} 年的现行标准，越低越好",
        "Current and older than {review} years; lower is better",
    ),
    "kpi.adoption_rate.short": ("国家标准中采用国际标准的比例", "National standards adopting ISO/IEC"),
    "kpi.conversion_rate.short": ("已转化为国家标准的国际标准", "ISO/IEC standards adopted nationally"),
    "kpi.overlap_candidates.short": ("标题近似、需核查的标准对", "Pairs with near-identical titles to review"),
    "kpi.focus_secretariats.short": ("承担秘书处的 ISO 委员会（最新快照）", "ISO committees led, latest snapshot"),
    "status.on_target": ("达标", "On target"),
    "status.near": ("接近目标", "Near target"),
    "status.off": ("未达标", "Off target"),
    "status.no_target": ("无目标", "No target"),
    # codes
    "level.international": ("国际标准", "International"),
    "level.national": ("国家标准", "National"),
    "level.industry": ("行业标准", "Industry"),
    "level.local": ("地方标准", "Local"),
    "level.group": ("团体标准", "Group"),
    "level.enterprise": ("企业标准", "Enterprise"),
    "level_word.international": ("国际标准", "international"),
    "level_word.national": ("国家标准", "national"),
    "level_word.industry": ("行业标准", "industry"),
    "level_word.local": ("地方标准", "local"),
    "level_word.group": ("团体标准", "group"),
    "level_word.enterprise": ("企业标准", "enterprise"),
    "std_status.current": ("现行", "Current"),
    "std_status.upcoming": ("即将实施", "Upcoming"),
    "std_status.withdrawn": ("废止", "Withdrawn"),
    "std_status.in_development": ("制定中", "In development"),
    "degree.IDT": ("等同采用 IDT", "Identical (IDT)"),
    "degree.MOD": ("修改采用 MOD", "Modified (MOD)"),
    "degree.NEQ": ("非等效 NEQ", "Not equivalent (NEQ)"),
    "degree.unknown": ("程度未知", "Degree unknown"),
    "kind.cross_level": ("跨层级重复", "Across levels"),
    "kind.same_level": ("同层级重复", "Within one level"),
    "kind.multiple_current_editions": ("同一标准多个现行版本", "Several current editions"),
    "run_status.ok": ("成功", "OK"),
    "run_status.failed": ("失败", "Failed"),
    "run_status.partial": ("部分成功", "Partial"),
    "run_status.unchanged": ("无变化", "Unchanged"),
    "run_status.held_back": ("暂缓（沿用上次数据）", "Held back (previous data kept)"),
    "sector.none": ("未分类", "No sector"),
    # overview
    "overview.caption": (
        "关键指标与目标对比（绿色达标、橙色接近、红色未达标）；箭头为与上次构建相比的变化。",
        "Headline metrics against their targets (green on target, orange near, red off); arrows show "
        "the change since the previous build.",
    ),
    "overview.caption_first_build": (
        "关键指标与目标对比（绿色达标、橙色接近、红色未达标）；下次刷新后将显示与本次相比的变化。",
        "Headline metrics against their targets (green on target, orange near, red off); the change since "
        "the previous build shows from the next refresh on.",
    ),
    "overview.tiles_scope": (
        "上方关键指标只按领域筛选；层级、发布机构和年份筛选作用于下方的发现和图表。",
        "The headline figures follow the sector filter only; level, publisher and years apply to the findings "
        "and charts below.",
    ),
    "overview.findings": ("主要发现", "Key findings"),
    "overview.trends": ("趋势", "Trends"),
    "overview.catalog.link": ("这些数字背后的标准清单（可下载）", "The standards behind these figures (downloadable)"),
    "overview.per_year.title": ("每年发布的标准", "Standards published per year"),
    "overview.per_year.caption": (
        "按发布年份统计所选范围内各状态的标准。",
        "Standards of every status in this scope by year of publication.",
    ),
    "overview.member_trend.title": ("{member} 在 ISO 委员会中的参与", "{member} in ISO committees"),
    "overview.member_trend.caption": (
        "每个点为一次委员会快照：{member} 的 P 成员、O 成员和秘书处数量。",
        "One point per committee snapshot: {member}'s P-memberships, O-memberships and secretariats.",
    ),
    "overview.freshness": ("数据新鲜度", "Data freshness"),
    "overview.freshness.link": ("运行记录与隔离数据", "Runs and quarantined records"),
    # findings
    "finding.aged": (
        "**{sector}**领域有 **{n}** 项现行{level}标龄超过 {years} 年。",
        "**{n}** current {level} standards in **{sector}** are over {years} years old.",
    ),
    "finding.aged.link": ("查看这些标准", "See these standards"),
    "finding.conversion": (
        "**{n}** 项现行 ISO/IEC 标准尚无 IDT/MOD 国家标准（转化率 {rate}，目标 {target}）。",
        "**{n}** current ISO/IEC standards have no national IDT/MOD adoption yet (conversion {rate}, target {target}).",
    ),
    "finding.conversion.most": ("最多的是**{sector}**（{n} 项）。", " Most are in **{sector}** ({n})."),
    "finding.conversion.link": ("查看未转化清单", "See the gap list"),
    "finding.no_national": (
        "尚未载入国家标准目录，采标率和转化率暂无法计算：运行 `standards-etl refresh --source samr` 载入。",
        "No national catalog is loaded, so adoption and conversion cannot be measured yet: run "
        "`standards-etl refresh --source samr` to load it.",
    ),
    "finding.no_national.link": ("查看已载入的数据源", "See the sources loaded"),
    "finding.overlap": (
        "**{n}** 对现行标准标题高度相似，可能交叉重复，其中 **{cross}** 对跨层级。",
        "**{n}** pairs of current standards have near-identical titles; **{cross}** of them across levels.",
    ),
    "finding.overlap.same_level": (
        "**{n}** 对现行标准标题高度相似，可能交叉重复。",
        "**{n}** pairs of current standards have near-identical titles and may duplicate each other.",
    ),
    "finding.overlap.link": ("逐对核查", "Review the pairs"),
    "finding.participation": (
        "**{member}** 承担 **{secretariats}** 个 ISO 委员会秘书处，是 {p} 个委员会的 P 成员，"
        "在 {members} 个成员体中排第 {rank}。",
        "**{member}** holds **{secretariats}** ISO secretariats and is P-member of {p} committees, "
        "rank {rank} of {members} member bodies.",
    ),
    "finding.participation.change": ("较 {since} 变化 {change}。", " {change} P-memberships since {since}."),
    "finding.participation.link": ("查看参与情况", "See participation"),
    "overview.by_level.title": ("现行标准按层级", "Current standards by level"),
    "overview.by_level.caption": (
        "各层级现行有效的标准数（一项标准只计一次）；点击一个层级即按其筛选。",
        "Standards in force per level (each standard counted once); click a level to filter by it.",
    ),
    # catalog
    "catalog.caption": (
        "标准体系的构成：按领域、层级和发布机构统计现行标准，以及每年发布数量。",
        "What the standard system is made of: current standards by sector, level and "
        "publisher, and publications per year.",
    ),
    "catalog.treemap.title": ("现行标准：领域 › 层级", "Current standards: sector › level"),
    "catalog.treemap.caption": (
        "面积表示现行标准数；跨多个领域的标准在每个领域各计一次。",
        "Area is the number of current standards; a standard filed under several sectors counts in each.",
    ),
    "catalog.per_year.title": ("每年发布的标准", "Standards published per year"),
    "catalog.per_year.caption": (
        "按发布年份统计所有状态的标准（含已废止），反映各层级的制修订节奏。点击柱子即列出该年的标准。",
        "Standards of every status (withdrawn included) by publication year: the pace of publishing at each level. "
        "Click a bar to list that year's standards.",
    ),
    "catalog.treemap.title_sector": ("现行标准：层级 › 发布机构", "Current standards: level › publisher"),
    "catalog.list.title": ("标准清单", "Standard list"),
    "catalog.list.caption": (
        "所选范围内的全部标准（各状态）；可用侧栏的状态筛选只看现行标准。可下载 CSV 或 Excel。",
        "Every standard in scope, of every status; the sidebar's status filter narrows it to current ones. "
        "Download as CSV or XLSX.",
    ),
    "axis.year": ("发布年份", "Publication year"),
    "axis.standards": ("标准数（项）", "Standards (count)"),
    "axis.level": ("层级", "Level"),
    "axis.sector": ("领域", "Sector"),
    "axis.share": ("占比（%）", "Share (%)"),
    "axis.age": ("标龄（年）", "Age (years)"),
    "axis.pairs": ("候选对数", "Candidate pairs"),
    "axis.kind": ("重复类型", "Kind"),
    "axis.degree": ("采用程度", "Degree of adoption"),
    "axis.committees": ("委员会数", "Committees"),
    "axis.member": ("成员体", "Member body"),
    "axis.snapshot": ("快照日期", "Snapshot"),
    "axis.committee": ("技术委员会", "Committee"),
    "axis.run_start": ("开始时间", "Started"),
    "axis.source": ("数据源", "Source"),
    "legend.level": ("层级", "Level"),
    "legend.measure": ("指标", "Measure"),
    "legend.status": ("状态", "Status"),
    # lagging
    "lagging.caption": (
        "标龄 = 距发布/实施（或最近确认）的年数。超过 {review} 年即超期未复审，超过 {severe} 年为严重老化。",
        "Age = years since publication/implementation (or last confirmation). Older than "
        "{review} years is overdue for review; older than {severe} years is severely aged.",
    ),
    "lagging.current": ("现行标准", "Current standards"),
    "lagging.overdue": ("超期未复审（>{review} 年）", "Overdue review (>{review} y)"),
    "lagging.severe": ("严重老化（>{severe} 年）", "Severely aged (>{severe} y)"),
    "lagging.to_be_revised": ("ISO 待修订（90.92）", "ISO to be revised (90.92)"),
    "lagging.share_of_current": ("占现行 {share}", "{share} of current"),
    "lagging.hist.title": ("现行标准的标龄分布", "Age of current standards"),
    "lagging.hist.caption": (
        "每根柱为一年内的标准数；虚线为复审周期和严重老化阈值。",
        "Each bar counts standards within one year of age; dashed lines mark the review "
        "period and the severe-age threshold.",
    ),
    "lagging.review_line": ("复审周期 {years} 年", "Review period {years} y"),
    "lagging.severe_line": ("严重老化 {years} 年", "Severe age {years} y"),
    "lagging.shares.title_sector": ("各领域超期与老化占比", "Overdue and severely aged share by sector"),
    "lagging.shares.caption_sector": (
        "占该领域现行标准的百分比，最严重的领域在前；严重老化是超期未复审的一部分，画在其上。点击一个领域即按其筛选。",
        "Percent of each sector's current standards, worst first; severely aged is part of overdue and is drawn over "
        "it. Click a sector to filter by it.",
    ),
    "lagging.shares.caption_level": (
        "占该层级现行标准的百分比；严重老化是超期未复审的一部分，画在其上。点击一个层级即按其筛选。",
        "Percent of each level's current standards; severely aged is part of overdue and is drawn over it. "
        "Click a level to filter by it.",
    ),
    "lagging.overdue_list.title": ("超期未复审的现行标准", "Current standards overdue for review"),
    "lagging.overdue_list.caption": (
        "标龄超过 {review} 年或 ISO 已决定修订（90.92）的现行标准，标龄最长的在前。",
        "Current standards older than {review} years or marked by ISO to be revised (90.92), oldest first.",
    ),
    "lagging.shares.title_level": ("各层级超期与老化占比", "Overdue and severely aged share by level"),
    "lagging.adoptions.title": (
        "采标滞后：所采国际标准版本已修订或废止",
        "Lagging adoptions: the adopted international edition has since been revised or withdrawn",
    ),
    "measure.overdue_share": ("超期未复审", "Overdue review"),
    "measure.conversion_rate": ("转化率", "Conversion rate"),
    "measure.adoption_rate": ("采标率", "Adoption rate"),
    "measure.severe_share": ("严重老化", "Severely aged"),
    # overlap
    "overlap.caption": (
        "标题高度相似的现行标准对，可能存在交叉重复，需要人工核查。相似度 1 表示标题相同。",
        "Pairs of current standards with near-identical titles: possible duplication to be "
        "reviewed. Similarity 1 means identical titles.",
    ),
    "overlap.threshold": ("最低相似度", "Minimum similarity"),
    "overlap.threshold.help": (
        "构建时按 {threshold} 选出候选；可在此提高阈值",
        "Candidates were selected at {threshold} when the data was built; raise it here",
    ),
    "overlap.kinds": ("重复类型", "Kinds"),
    "overlap.by_kind.title": ("交叉重复候选按类型", "Overlap candidates by kind"),
    "overlap.by_kind.caption": (
        "按类型统计的候选标准对；点击一类即只看该类。",
        "Candidate pairs by kind; click a kind to list only those.",
    ),
    "overlap.pairs.title": ("候选标准对", "Candidate pairs"),
    "overlap.pairs.caption": (
        "选中一行即可在下方并排对照这两项标准。",
        "Select a row to compare its two standards side by side below.",
    ),
    "overlap.compare.title": ("并排对照", "Side by side"),
    "overlap.compare.summary": ("相似度 {similarity} · {kind}", "Similarity {similarity} · {kind}"),
    # adoption
    "adoption.caption": (
        "采标率看国家标准有多少采用了国际标准；转化率看国际标准有多少已转化为国家标准（目标 {target}）。",
        "Adoption rate: how many national standards adopt international ones. Conversion "
        "rate: how many international standards have a national adoption (target {target}).",
    ),
    "adoption.mix.title": ("国家标准的采标程度", "How national standards adopt international ones"),
    "adoption.mix.caption": (
        "IDT 等同、MOD 修改计入采标率；NEQ 非等效单独列出，不计入。",
        "IDT (identical) and MOD (modified) count as adoption; NEQ (not equivalent) is shown "
        "separately and does not count.",
    ),
    "adoption.rates.title": ("各领域转化率与采标率", "Conversion and adoption rate by sector"),
    "adoption.rates.caption": (
        "转化率：已有 IDT/MOD 国家标准的现行 ISO/IEC 标准占比；采标率：采用国际标准的现行国家标准占比；"
        "虚线为转化率目标。离目标最远的领域在前；点击一个领域即按其筛选。",
        "Conversion: share of current ISO/IEC standards with a national IDT/MOD adoption; adoption: share of current "
        "national standards adopting one; the dashed line is the conversion target. Furthest from target first; "
        "click a sector to filter by it.",
    ),
    "adoption.list.title": ("采用国际标准的国家标准", "National standards adopting international ones"),
    "adoption.list.degrees": ("采用程度", "Degrees"),
    "adoption.conversion.title_committee": (
        "各技术委员会国际标准转化率（国际标准最多的 {n} 个）",
        "Conversion rate by committee (the {n} with most international standards)",
    ),
    "adoption.conversion.caption": (
        "已有现行国家标准以 IDT/MOD 采用的现行 ISO/IEC 标准占比；虚线为目标。",
        "Share of current ISO/IEC standards with a current national IDT/MOD adoption; the dashed line is the target.",
    ),
    "adoption.target_line": ("目标 {target}", "Target {target}"),
    "adoption.gaps.title": ("尚未转化的国际标准", "International standards not yet adopted"),
    "adoption.gaps.caption": (
        "提高转化率的行动清单：这些现行 ISO/IEC 标准还没有现行的 IDT/MOD 国家标准。",
        "The to-do list behind the conversion rate: current ISO/IEC standards without a "
        "current national IDT/MOD adoption.",
    ),
    # participation
    "participation.caption": (
        "各成员体在 ISO 技术委员会中的 P 成员（积极成员）、O 成员（观察员）和秘书处数量；{member} 为重点关注成员。",
        "P-memberships (participating), O-memberships (observing) and secretariats held in "
        "ISO committees by member body; {member} is the focus member.",
    ),
    "participation.sector_note": (
        "按领域查看时，只统计该领域的技术委员会。",
        "With a sector chosen, only that sector's committees are counted.",
    ),
    "participation.group_note": (
        "技术委员会只归入 ICS 一级领域，因此按整个领域（{sector}）统计。",
        "Committees are filed under an ICS field only, so the whole field ({sector}) is counted.",
    ),
    "participation.snapshot": ("最新快照：{as_of}", "Latest snapshot: {as_of}"),
    "participation.focus_p": ("{member} P 成员", "{member} P-memberships"),
    "participation.focus_o": ("{member} O 成员", "{member} O-memberships"),
    "participation.focus_secretariats": ("{member} 秘书处", "{member} secretariats"),
    "participation.focus_rank": ("{member} 排名（按 P 成员）", "{member} rank by P-memberships"),
    "participation.not_member": ("无", "none"),
    "participation.ranking.title": ("成员体排名（最新快照，前 {n} 名）", "Member bodies, latest snapshot (top {n})"),
    "participation.ranking.caption": (
        "按 P 成员数排序；{member} 以粗体和实色标出。点击一个成员体即改为关注它。",
        "Ordered by P-memberships; {member} is in bold and full colour. Click a member body to focus on it.",
    ),
    "participation.trend.title": ("P 成员数变化趋势", "P-memberships over time"),
    "participation.trend.caption": (
        "每个点为一次快照；{member} 以粗线标出，其余为 P 成员数最多的成员体。",
        "One point per snapshot; {member} is drawn bold, the others are the member bodies with most P-memberships.",
    ),
    "participation.single_snapshot": (
        "目前只有一个快照；夜间刷新每次有变化时都会追加快照，趋势随之形成。",
        "Only one snapshot so far; each nightly refresh appends one when memberships change.",
    ),
    "participation.committees.title": ("技术委员会明细", "Committee drill-down"),
    "participation.committees.list": (
        "最新快照中的全部委员会及 {member} 的角色",
        "All committees in the latest snapshot, and {member}'s role",
    ),
    "participation.committee_sector": ("所属领域：{sector}", "Sector: {sector}"),
    "participation.role.secretariat": ("秘书处", "Secretariat"),
    "participation.role.p": ("P 成员", "P-member"),
    "participation.role.o": ("O 成员", "O-member"),
    "participation.committee_pick": ("选择技术委员会", "Choose a committee"),
    "participation.secretariat": ("秘书处", "Secretariat"),
    "participation.p_members": ("P 成员", "P-members"),
    "participation.o_members": ("O 成员", "O-members"),
    "measure.p_count": ("P 成员", "P-memberships"),
    "measure.o_count": ("O 成员", "O-memberships"),
    "measure.secretariats": ("秘书处", "Secretariats"),
    # data status
    "status_page.caption": (
        "数据从哪里来、何时刷新、有哪些记录未通过校验。",
        "Where the data comes from, when it was refreshed, and which records failed validation.",
    ),
    "status_page.served": ("数据库文件：`{path}`（{size}）", "Served file: `{path}` ({size})"),
    "status_page.runs_chart.title": ("ETL 运行记录", "ETL runs"),
    "status_page.runs_chart.caption": (
        "每个点为一个数据源的一次运行，颜色表示结果。",
        "One point per source and run, coloured by outcome.",
    ),
    "status_page.freshness.title": ("各数据源新鲜度", "Freshness per source"),
    "status_page.freshness.caption": (
        "最近一次成功（或确认无变化）的运行时间。",
        "When each source last ran successfully (or was confirmed unchanged).",
    ),
    "status_page.runs.title": ("运行记录", "Runs"),
    "status_page.quarantine.title": ("隔离记录", "Quarantined records"),
    "status_page.quarantine.caption": (
        "未通过校验、未载入的记录及原因（最多显示 200 条）。",
        "Records that failed validation and were not loaded, with the reason (up to 200 shown).",
    ),
    "status_page.failures.title": ("失败的运行", "Failed runs"),
    "status_page.failures.caption": (
        "失败的运行不会替换数据库，因此记录在数据库旁的日志 `{path}` 中。",
        "A failed run never replaces the database, so it is logged beside it in `{path}`.",
    ),
    # column headers
    "col.reference": ("标准号", "Reference"),
    "col.title_zh": ("中文名称", "Title (Chinese)"),
    "col.title_en": ("英文名称", "Title (English)"),
    "col.title": ("名称", "Title"),
    "col.level": ("层级", "Level"),
    "col.publisher": ("发布机构", "Publisher"),
    "col.status": ("状态", "Status"),
    "col.year": ("年份", "Year"),
    "col.age_years": ("标龄（年）", "Age (years)"),
    "col.sectors": ("所属领域", "Sectors"),
    "col.sector": ("领域", "Sector"),
    "col.committee_ref": ("技术委员会", "Committee"),
    "col.published_on": ("发布日期", "Published"),
    "col.to_be_revised": ("待修订", "To be revised"),
    "col.adopted_ref": ("所采国际标准", "Adopted international standard"),
    "col.degree": ("采用程度", "Degree"),
    "col.adoption_delay_years": ("采标滞后（年）", "Adoption delay (years)"),
    "col.similarity": ("相似度", "Similarity"),
    "col.kind": ("类型", "Kind"),
    "col.ref_a": ("标准 A", "Standard A"),
    "col.title_a": ("名称 A", "Title A"),
    "col.level_a": ("层级 A", "Level A"),
    "col.publisher_a": ("发布机构 A", "Publisher A"),
    "col.ref_b": ("标准 B", "Standard B"),
    "col.title_b": ("名称 B", "Title B"),
    "col.level_b": ("层级 B", "Level B"),
    "col.publisher_b": ("发布机构 B", "Publisher B"),
    "col.member": ("成员体", "Member body"),
    "col.country": ("国家", "Country"),
    "col.p_count": ("P 成员数", "P"),
    "col.o_count": ("O 成员数", "O"),
    "col.secretariats": ("秘书处数", "Secretariats held"),
    "col.secretariat_tc": ("TC 秘书处", "TC secretariats"),
    "col.secretariat_sc": ("SC 秘书处", "SC secretariats"),
    "col.active_committees": ("活跃委员会总数", "Active committees"),
    "col.share_p": ("P 成员覆盖率", "Share as P"),
    "col.joined": ("新加入", "Joined"),
    "col.left": ("退出", "Left"),
    "col.upgraded_o_to_p": ("O 转 P", "O → P"),
    "col.as_of": ("快照日期", "As of"),
    "col.secretariat": ("秘书处", "Secretariat"),
    "col.p_members": ("P 成员", "P-members"),
    "col.o_members": ("O 成员", "O-members"),
    "col.run_id": ("运行编号", "Run"),
    "col.source": ("数据源", "Source"),
    "col.started_at": ("开始", "Started"),
    "col.finished_at": ("结束", "Finished"),
    "col.rows_read": ("读入行数", "Rows read"),
    "col.rows_loaded": ("载入行数", "Rows loaded"),
    "col.rows_quarantined": ("隔离行数", "Rows quarantined"),
    "col.bytes": ("字节", "Bytes"),
    "col.etag": ("ETag", "ETag"),
    "col.message": ("说明", "Message"),
    "col.last_ok": ("最近成功", "Last success"),
    "col.last_status": ("最近结果", "Last outcome"),
    "col.last_attempt": ("最近运行", "Last attempt"),
    "col.file": ("文件", "File"),
    "col.record_no": ("记录序号", "Record no."),
    "col.reason": ("原因", "Reason"),
    "col.record": ("原始记录", "Record"),
    "col.records": ("记录数", "Records"),
    "col.international": ("国际标准数", "International standards"),
    "col.adopted": ("已转化", "Adopted"),
    "col.rate": ("转化率", "Conversion rate"),
    "col.role": ("角色", "Role"),
    "col.duration_seconds": ("耗时（秒）", "Duration (s)"),
    "col.lagging_adoption": ("采标滞后", "Lagging"),
    "col.severely_aged": ("严重老化", "Severely aged"),
    "col.measure": ("指标", "Measure"),
    "col.value": ("数值", "Value"),
    "col.national": ("现行国家标准数", "Current national standards"),
    "col.adopting": ("采标的国家标准数", "Adopting national standards"),
    "col.conversion_rate": ("转化率", "Conversion rate"),
    "col.adoption_rate": ("采标率", "Adoption rate"),
    "col.standards": ("标准数", "Standards"),
    "col.pairs": ("候选对数", "Pairs"),
}


def current_lang() -> Lang:
    """The language chosen in the sidebar (set by the global filters on every run)."""
    chosen = st.session_state.get(LANG_KEY)
    return chosen if chosen in LANGS else FALLBACK_LANG


def t(key: str, **values: object) -> str:
    """The text for key in the current language, formatted with values."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[LANGS.index(current_lang())]
    return text.format(**values) if values else text


def label(prefix: str, code: object) -> str:
    """Display name of a stored code, e.g. label("level", "national"); unknown codes as is."""
    key = f"{prefix}.{code}"
    return t(key) if key in TEXT else str(code)


def labeller(prefix: str, codes: Iterable[object]) -> Callable[[object], str]:
    """A widget format_func for codes, with the names fixed in the current language.

    Widgets may call format_func outside the script run, where the chosen language cannot
    be read, so names are looked up now rather than then.
    """
    names = {code: label(prefix, code) for code in codes}
    return lambda code: names.get(code, str(code))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_text(value: object) -> str:
    """A date as a reader of the current language writes it: 2025年6月30日 / 30 Jun 2025."""
    if value is None or pd.isna(value):
        return "—"
    moment = pd.Timestamp(value)
    if current_lang() == "zh":
        return f"{moment.year}年{moment.month}月{moment.day}日"
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def moment_text(value: object) -> str:
    """A date and time to the minute, in the current language's date format."""
    if value is None or pd.isna(value):
        return "—"
    return f"{date_text(value)} {pd.Timestamp(value):%H:%M}"


def sector_title(code: str | None, title_en: str | None, title_zh: str | None, lang: Lang | None = None) -> str:
    """'25 Manufacturing engineering' / '25 机械制造'; Chinese falls back to English.

    lang saves reading the session's language again when titling hundreds of sectors at once.
    """
    if code is None:
        return t("sector.none")
    title = title_zh if (lang or current_lang()) == "zh" and title_zh else title_en
    return f"{code} {title}" if title else str(code)
