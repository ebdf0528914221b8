"""The fixed wording of the printed sheets in English and Simplified Chinese.

Field labels, units, ranges and choices come from the protocol definition (resources/protocol.json)
so that sheets and screens say the same thing; this table holds only the sheets' own words.
"""

from __future__ import annotations

from collections.abc import Mapping

_TEXTS: Mapping[str, tuple[str, str]] = {
    # frame
    "protocol_line": (
        "Protocol {protocol} version {version} ({registry})",
        "方案 {protocol} 版本 {version}（{registry}）",
    ),
    "site_line": ("Site {site_id}: {site}", "研究中心 {site_id}：{site}"),
    "subject_id": ("Subject ID", "受试者编号"),
    "printed_line": ("Printed {moment}", "打印时间 {moment}"),
    "reprint": ("REPRINT {number}, printed {moment}", "重印 第 {number} 次，打印时间 {moment}"),
    "footer": ("MSC Desktop {version} · {audience}", "MSC Desktop {version} · {audience}"),
    "page_of": ("Page {page} of {pages}", "第 {page} 页，共 {pages} 页"),
    "for_centre": (
        "May go to the coordinating centre: subject ID only, no names",
        "可发送至协调中心：仅含受试者编号，不含姓名",
    ),
    "site_records": ("For the site's own records", "仅供研究中心存档"),
    "keep_locked": ("Confidential: keep locked away", "机密：请锁存保管"),
    "check_code": ("Sheet check code", "核对码"),
    "demo_mark": ("DEMO site: not for a real study", "DEMO 演示中心：不得用于真实研究"),
    # dosing worksheet
    "worksheet_title": ("MSC dosing worksheet", "干细胞输注剂量计算单"),
    "arm": ("Arm", "组别"),
    "day0": ("Day 0", "第0天"),
    "window": ("Visit window", "访视窗口"),
    "window_value": ("{opens} to {closes}", "{opens} 至 {closes}"),
    "weight_section": ("Body weight", "体重"),
    "weighed_age": ("{date} ({days} d before printing)", "{date}（打印前 {days} 天）"),
    "baseline_weight": ("Baseline weight (screening)", "基线体重（筛选期）"),
    "weight_change": ("Change from baseline", "较基线变化"),
    "not_recorded": ("not recorded", "未记录"),
    "product_section": ("Cell product", "细胞产品"),
    "viable_concentration": ("Viable cell concentration", "活细胞浓度"),
    "viable_formula": ("total concentration × viability / 100", "细胞总浓度 × 活率 / 100"),
    "release": ("Release status", "放行状态"),
    "released": ("Released: viability at least {threshold} %", "可放行：活率不低于 {threshold} %"),
    "not_released": (
        "NOT RELEASED: viability below {threshold} %",
        "不可放行：活率低于 {threshold} %",
    ),
    "dose_section": ("Dose", "剂量"),
    "total_cells": ("Total viable cells", "活细胞总数"),
    "cells_formula": (
        "{cells} cells = {weight} kg × {dose} viable cells/kg (target dose)",
        "{cells} 个细胞 = {weight} kg × {dose} 个活细胞/kg（目标剂量）",
    ),
    "volume_to_infuse": ("Volume to infuse", "输注体积"),
    "volume_formula": (
        "= {cells} cells / {viable} viable cells/mL, rounded {rounding}",
        "= {cells} 个细胞 / {viable} 个活细胞/mL，{rounding}",
    ),
    "rounding": ("half-up to {step} mL", "四舍五入至 {step} mL"),
    "plausible_limits": (
        (
            "Protocol limits: total concentration {conc_low} to {conc_high} cells/mL; "
            "volume {vol_low} to {vol_high} mL per infusion"
        ),
        "方案限值：细胞总浓度 {conc_low} 至 {conc_high} 个细胞/mL；每次输注体积 {vol_low} 至 {vol_high} mL",
    ),
    "flags_section": ("Check before infusing", "输注前请核查"),
    "flag_LOW_VIABILITY": (
        (
            "Viability {viability} % is below the {threshold} % release threshold: the product may not "
            "be infused without an investigator's signed override."
        ),
        "活率 {viability} % 低于放行标准 {threshold} %：须经研究者签字批准方可输注。",
    ),
    "flag_WEIGHT_CHANGE": (
        "Weight differs from baseline by {change} %, more than {limit} %: check the weight.",
        "体重较基线变化 {change} %，超过 {limit} %：请核实体重。",
    ),
    "flag_WEIGHT_OLD": (
        (
            "The weight is {days} days old; the protocol allows at most {limit}: weigh the participant "
            "again and plan the dose again."
        ),
        "体重测量已 {days} 天，方案规定不超过 {limit} 天：请重新称重并重新计算剂量。",
    ),
    "flag_PRODUCT_EXPIRED": (
        "The product expired on {expiry}: it must not be infused.",
        "产品已于 {expiry} 过期：不得输注。",
    ),
    "flag_OUTSIDE_WINDOW": (
        (
            "Today ({today}) is outside the visit window ({opens} to {closes}): an infusion today is a "
            "protocol deviation."
        ),
        "今天（{today}）不在访视窗口内（{opens} 至 {closes}）：今日输注属于方案偏离。",
    ),
    "administration": (
        "Administration (fill in by hand, then enter in MSC Desktop)",
        "输注记录（手工填写后录入 MSC Desktop）",
    ),
    "date_time_blank": ("____-__-__  __:__", "____-__-__  __:__"),
    "expected_range": ("expected {low} to {high}", "预期 {low} 至 {high}"),
    "reaction_describe": ("If yes, describe:", "如是，请描述："),
    "vitals_section": ("Vital signs", "生命体征"),
    "time_point": ("Time point", "时间点"),
    "clock_time": ("Time (HH:MM)", "时间（时:分）"),
    "vitals_before": ("Before infusion", "输注前"),
    "vitals_15min": ("15 min after start", "开始后15分钟"),
    "vitals_end": ("End of infusion", "输注结束时"),
    "vitals_1h": ("1 h after the end", "结束后1小时"),
    "signatures": ("Signatures", "签名"),
    "role": ("Role", "职责"),
    "printed_name": ("Printed name", "姓名（正楷）"),
    "signature": ("Signature", "签名"),
    "date_time": ("Date and time", "日期和时间"),
    "prepared_by": ("Prepared by", "配制人"),
    "verified_by": ("Verified by (second person)", "核对人（第二人）"),
    "override_by": ("Release override (investigator)", "放行批准（研究者）"),
    # blank forms
    "blank_forms_title": ("Paper case report forms (downtime)", "纸质病例报告表（系统停用时使用）"),
    "blank_forms_intro": (
        (
            "Fill in when MSC Desktop cannot be used; type the values in later, in the same order. "
            "Fields marked * are required. Write dates as YYYY-MM-DD and times as HH:MM (24 h)."
        ),
        (
            "MSC Desktop 无法使用时填写，之后按相同顺序录入系统。带 * 为必填项。日期写作 年-月-日，"
            "时间写作 时:分（24小时制）。"
        ),
    ),
    "form_visit_blank": (
        "Visit date: ____-__-__      Completed by: ______________",
        "访视日期：____-__-__      填写人：______________",
    ),
    "field": ("Field", "项目"),
    "entry": ("Entry", "填写"),
    "unit_range": ("Unit and range", "单位与范围"),
    "lab_test": ("Laboratory test", "检验项目"),
    "result": ("Result", "结果"),
    "unit_tick": ("Unit (tick one)", "单位（勾选）"),
    "accepted_range": ("Accepted range", "允许范围"),
    "range": ("{low} to {high} {unit}", "{low} 至 {high} {unit}"),
    "site_only_mark": ("site only: never sent", "仅限本中心：不外传"),
    "max_chars": ("max. {count} characters", "最多 {count} 字"),
    "step": ("step {step}", "精确到 {step}"),
    "rules": ("Checks", "核查规则"),
    "rule_date_order": ("{earlier} must not be after {later}.", "{earlier} 不得晚于 {later}。"),
    "rule_within_days": (
        "{earlier} at most {days} days before {later}.",
        "{earlier} 不得早于 {later} 超过 {days} 天。",
    ),
    "rule_required_if": (
        "{field} is required when {when} is {values}.",
        "{when} 为 {values} 时，{field} 必填。",
    ),
    "rule_implies": (
        "When {when} is {values}, {then} must be {then_values}.",
        "{when} 为 {values} 时，{then} 须为 {then_values}。",
    ),
    "rule_expect_any": (
        (
            "When {when} is {values}, at least one of {fields} is expected to be {then_values}; "
            "otherwise confirm or correct."
        ),
        "{when} 为 {values} 时，{fields} 中应至少一项为 {then_values}；否则请确认或更正。",
    ),
    "rule_not_future_moment": (
        "{date} and {time} must not be in the future.",
        "{date} 和 {time} 不得晚于当前时间。",
    ),
    "applies_if": ("only if {field} is {values}", "仅当 {field} 为 {values} 时填写"),
    "form_applies_if": ("Only if {field} is {values}.", "仅当 {field} 为 {values} 时填写本表。"),
    "or": (" or ", " 或 "),
    "form_signature": (
        "Completed by (name, signature, date): ______________________________",
        "填写人（姓名、签名、日期）：______________________________",
    ),
    # SAE report
    "sae_title": ("Serious adverse event report", "严重不良事件报告"),
    "sae_event": ("Event", "事件"),
    "ae_number": ("AE number", "不良事件编号"),
    "sex": ("Sex", "性别"),
    "age_at_onset": ("Age at onset", "发生时年龄"),
    "years": ("{years} years", "{years} 岁"),
    "seriousness": ("Seriousness criteria (ICH E2A)", "严重性标准（ICH E2A）"),
    "related_infusion": ("Related infusion visit", "相关输注访视"),
    "none": ("none", "无"),
    "description": ("Description", "描述"),
    "reporting": ("Reporting", "报告"),
    "report_deadline": ("Report to the coordinating centre by", "须报告协调中心的截止时间"),
    "reported_at": ("Reported to the centre", "已报告协调中心"),
    "not_yet": ("not yet", "尚未报告"),
    "overdue": ("OVERDUE", "已逾期"),
    "deadline_rule": (
        "within {hours} hours of the site becoming aware",
        "研究中心获知后 {hours} 小时内",
    ),
    "investigator_signature": ("Investigator", "研究者"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    # recovery sheet
    "recovery_title": ("Site recovery key", "研究中心恢复密钥"),
    "recovery_key": ("Recovery key", "恢复密钥"),
    "site": ("Site", "研究中心"),
    "site_created": ("Site created", "研究中心创建时间"),
    "recovery_warning": (
        (
            "This key opens the site's encrypted database when no user password works. Anyone holding "
            "it can read every participant's data. It is printed once and cannot be shown again."
        ),
        (
            "当所有用户密码均无法使用时，此密钥可打开本中心的加密数据库。持有者可读取所有受试者数据。"
            "此密钥仅打印一次，无法再次显示。"
        ),
    ),
    "recovery_keep": (
        (
            "Keep this sheet in a locked cabinet or safe at the site, away from the computer, and record "
            "who may open it. Do not photograph, scan, copy or e-mail it."
        ),
        (
            "请将本页锁存于研究中心的文件柜或保险箱中，远离电脑，并记录有权开启者。请勿拍照、扫描、"
            "复印或通过电子邮件发送。"
        ),
    ),
    "recovery_use": (
        (
            "MSC Desktop asks for it only when the database must be opened without a user password; "
            "the groups may be typed in capitals or small letters, with or without dashes."
        ),
        (
            "仅在无法使用任何用户密码打开数据库时，MSC Desktop 才会要求输入此密钥；输入时不区分大小写，"
            "可包含或省略连字符。"
        ),
    ),
    "stored_by": (
        "Stored by (name, signature, date): ______________________________",
        "保管人（姓名、签名、日期）：______________________________",
    ),
}


def text(key: str, language: str) -> str:
    """The sheet text `key` in `language` ("zh" for Chinese, anything else English)."""
    english, chinese = _TEXTS[key]
    return chinese if language == "zh" else english


# Units written with words; symbols (kg, mL, mg/dL, %) read the same in both languages.
_WORDED_UNITS: Mapping[str, tuple[str, str]] = {
    "cells/mL": ("cells/mL", "个细胞/mL"),
    "beats/min": ("beats/min", "次/分"),
    "breaths/min": ("breaths/min", "次/分"),
    "ratio": ("ratio", "比值"),
}


def unit_text(unit: str, language: str) -> str:
    """A protocol unit code as the sheet prints it in `language`."""
    english, chinese = _WORDED_UNITS.get(unit, (unit, unit))
    return chinese if language == "zh" else english
