"""Fact types of departments and districts (部门、区)."""
from __future__ import annotations

from compliance.facts.base import FactType
from compliance.facts.base import field as _f

_PRL = "power_responsibility_list"
_ENF = "enforcement"

UNIT_FACT_TYPES: tuple[FactType, ...] = (
    FactType("unit", "单位", "unit", {
        "kind": _f("str", "单位类别", "unit kind"),
        "prl": _f("bool", "权力和责任清单", "power-and-responsibility list", _PRL),
        "prl_revised": _f("day", "权责清单修订日期", "the list's revision date", f"{_PRL}.revised_on"),
        "prl_cites_safety_law": _f("bool", "权责清单法律依据", "the list's legal bases", f"{_PRL}.legal_bases",
                                   ("法律依据含《安全生产法》", "cites the Work Safety Law")),
        "prl_filed": _f("day", "向市委编办报备日期", "the date the list was filed with the establishment office", f"{_PRL}.filed_with_bianban_on"),
        "prl_published": _f("bool", "权责清单公开情况", "whether the list is published", f"{_PRL}.published",
                            ("已公开", "published")),
        "prl_document_no": _f("str", "权责清单报备文号", "the document number of the filed list", f"{_PRL}.document_no",
                              declared=True),
        "committee": _f("bool", "内部安委会或领导小组", "internal safety committee or leading group", "safety_committee"),
        "committee_form": _f("str", "安委会形式", "committee form", "safety_committee.form"),
        "committee_established": _f("day", "安委会成立日期", "the committee's establishment date", "safety_committee.established_on"),
        "committee_head": _f("str", "安委会主任/组长", "the committee head", "safety_committee.head"),
        "committee_document_no": _f("str", "安委会成立文件文号", "the document number establishing the committee",
                                    "safety_committee.document_no", declared=True),
        "enforcement": _f("bool", "执法信息", "enforcement record", _ENF),
        "staff_required": _f("int", "应配执法人员数", "the number of enforcement staff required", f"{_ENF}.staff_required", declared=True),
        "staff_actual": _f("int", "实有执法人员数", "the number of enforcement staff in post", f"{_ENF}.staff_actual", declared=True),
        "staff_trained": _f("int", "已培训执法人员数", "the number of enforcement staff trained", f"{_ENF}.staff_trained", declared=True),
        # DEPT-ENF-04: the audit year's fined cases, judged against the maximum of their penalty article
        "fine_maxima_known": _f("bool", "罚款案件的处罚依据条款", "the penalty articles of the fined cases", f"{_ENF}.cases",
                                ("均可判定法定上限", "every maximum known"), declared=True),
        "cases_unknown_max": _f("str", "无法判定上限的案件", "cases whose maximum is unknown"),
        "cases_unknown_max_en": _f("str", "无法判定上限的案件", "cases whose maximum is unknown"),
        "cases_below_max": _f("str", "未顶格处罚的案件", "cases fined below the maximum"),
        "cases_below_max_en": _f("str", "未顶格处罚的案件", "cases fined below the maximum"),
    }),
    FactType("leader", "领导", "leader", {
        "leader_id": _f("str", "领导编号", "leader id", "id"),
        "name": _f("str", "姓名", "name", "name"),
        "title": _f("str", "职务", "title", "title"),
        "role": _f("str", "分工", "role", "role"),
        "took_office": _f("day", "任职日期", "the date the leader took office", "took_office_on"),
        "duty_list": _f("day", "安全生产职责清单印发日期", "the date the duty list was issued", "duty_list_issued_on"),
        "annual_task_list": _f("day", "年度任务清单印发日期", "the date the annual task list was issued", "annual_task_list_issued_on"),
    }, path="leaders"),
    FactType("quarter", "季度", "quarter", {
        "quarter": _f("int", "季度", "quarter"),
        "start": _f("day", "季度起始日", "first day"),
        "end": _f("day", "季度截止日", "last day"),
        "due": _f("bool", "季度已结束", "quarter has ended"),
    }, path="meetings"),
    FactType("meeting", "会议", "meeting", {
        "meeting_id": _f("str", "会议编号", "meeting id", "id"),
        "day": _f("day", "会议日期", "meeting date", "date"),
        "kind": _f("str", "会议类型", "meeting kind", "kind"),
        "chaired_by": _f("str", "主持人", "chaired by", "chaired_by"),
        "chaired_by_leader": _f("bool", "会议主持人", "the meeting's chair", "chaired_by",
                                ("由本单位领导主持", "chaired by a leader of the unit")),
        "chair_role": _f("str", "主持人分工", "chair's role", "chaired_by"),
    }, path="meetings"),
    FactType("safety_study", "专题研究安全生产工作", "dedicated study of work safety", {
        # a dedicated safety meeting, or a dedicated safety item on the agenda of any meeting (党组会、常务会…); the
        # chair is the item's own (agenda[n].chaired_by) or the meeting's: chair_path says which
        "meeting_id": _f("str", "会议编号", "meeting id", "id"),
        "title": _f("str", "议题", "agenda item"),
        "day": _f("day", "会议日期", "meeting date", "date"),
        "kind": _f("str", "会议类型", "meeting kind", "kind"),
        "chair_path": _f("str", "主持人记录位置", "where the chair is recorded"),
        "chaired_by": _f("str", "主持人", "chaired by", "{chair_path}"),
        "chaired_by_leader": _f("bool", "主持人", "the chair", "{chair_path}",
                                ("由本单位领导主持", "chaired by a leader of the unit")),
        "chair_role": _f("str", "主持人分工", "chair's role", "{chair_path}"),
        "chaired_by_committee_head": _f("bool", "主持人", "the chair", "{chair_path}",
                                        ("由安委会主任（领导小组组长）主持", "chaired by the committee's head")),
    }, path="meetings"),
    FactType("sensitive_period", "敏感时期", "sensitive period", {
        # defined in audit.toml, but a gap about one is fixed in the unit's meetings: no source, evidence at meetings
        "name": _f("str", "名称", "name"),
        "start": _f("day", "开始日期", "start"),
        "end": _f("day", "结束日期", "end"),
        "in_year": _f("bool", "在检查年度内开始", "starts in the audit year"),
        "due": _f("bool", "已开始", "has started"),
    }, path="sensitive_periods"),
    FactType("division", "处室", "division", {
        "name": _f("str", "处室名称", "division", "name"),
        "is_safety_division": _f("bool", "安全生产处室", "is the safety division", "is_safety_division", declared=True),
        "safety_duties_defined": _f("bool", "处室安全生产职责情况", "whether the division's safety duties are defined",
                                    "safety_duties_defined", ("已明确安全生产职责", "safety duties defined"), declared=True),
        "document_no": _f("str", "处室职责文件文号（小三定）", "the document number defining its duties", "document_no",
                          declared=True),
    }, path="divisions"),
    FactType("supervision", "监管行业", "supervised industry", {
        "industry": _f("str", "行业代码", "industry code", "industry"),
        "industry_name": _f("str", "行业", "industry", "industry"),
        "role": _f("str", "牵头或配合", "lead or support", "role", declared=True),
        "known": _f("bool", "行业在目录中", "industry in the catalog", "industry"),
        "key": _f("bool", "重点行业", "key industry", "industry"),
        "new_business_form": _f("bool", "新业态", "new business form", "industry"),
    }, path="supervises"),
    FactType("prl_business_form", "权责清单所列新业态", "new business form in the list", {
        "industry": _f("str", "新业态", "new business form", "power_responsibility_list.new_business_forms"),
    }, path="power_responsibility_list.new_business_forms"),
    FactType("case", "执法案件", "enforcement case", {
        "case_id": _f("str", "案件编号", "case id", "id"),
        "day": _f("day", "决定日期", "decided on", "decided_on"),
        "in_year": _f("bool", "在检查年度内", "in the audit year", "decided_on"),
        "enterprise": _f("str", "当事企业", "enterprise", "enterprise"),
        "cites_safety_law": _f("bool", "依据《安全生产法》", "cites the Work Safety Law", "legal_basis"),
        "article": _f("str", "处罚依据条款", "penalty article", "penalty_article"),
        "fine_yuan": _f("int", "罚款金额（元）", "fine (yuan)", "fine_yuan"),
        "fine_max_yuan": _f("int", "填报的罚款上限（元）", "the maximum the department states (yuan)", "fine_max_yuan"),
        "fine_max": _f("int", "法定罚款上限（元）", "statutory maximum (yuan)", "penalty_article"),
        "persons_fined": _f("int", "被罚款的责任人数", "responsible persons fined", "person_fines"),
        "fined": _f("bool", "有罚款", "has a fine", "fine_yuan"),
        "judged": _f("bool", "可判定法定上限", "every maximum known", "penalty_article"),
        "top_fine": _f("bool", "按上限处罚", "fined at the statutory maximum", "fine_yuan"),
        "hazard": _f("str", "对应隐患编号", "hazard id", "hazard"),
    }, path="enforcement.cases"),
    FactType("hazard", "检查发现的隐患", "hazard found in inspection", {
        "hazard_id": _f("str", "隐患编号", "hazard id", "id"),
        "inspection": _f("str", "检查编号", "inspection id"),
        "day": _f("day", "检查日期", "inspection date"),
        "in_year": _f("bool", "在检查年度内", "in the audit year"),
        "enterprise": _f("str", "被检查企业", "enterprise"),
        "level": _f("str", "隐患等级", "hazard level", "level", declared=True),
        "category": _f("str", "隐患类别", "category", "category"),
    }, path="inspections"),
    FactType("campaign", "专项整治", "special campaign", {
        "campaign_id": _f("str", "整治编号", "campaign id", "id"),
        "name": _f("str", "名称", "name", "name"),
        "start": _f("day", "开始日期", "start", "start"),
        "end": _f("day", "结束日期", "end", "end"),
        "in_year": _f("bool", "在检查年度内开展", "runs in the audit year", "start"),
    }, path="campaigns"),
    FactType("campaign_industry", "专项整治覆盖行业", "industry covered by a campaign", {
        "campaign": _f("str", "整治编号", "campaign id"),
        "industry": _f("str", "行业", "industry", "industries"),
        "in_year": _f("bool", "在检查年度内开展", "runs in the audit year", "start"),
    }),
    FactType("campaign_operation", "专项整治覆盖作业", "operation covered by a campaign", {
        "campaign": _f("str", "整治编号", "campaign id"),
        "operation": _f("str", "作业", "operation", "operations"),
        "in_year": _f("bool", "在检查年度内开展", "runs in the audit year", "start"),
    }),
    FactType("key_operation", "重点作业环节", "key operation", {
        "operation": _f("str", "作业代码", "operation code"),
        "name": _f("str", "作业", "operation"),
        # relevant: needed by an industry the unit leads (catalog key_operations); absent where it is needed only by
        # an industry whose role (lead or support) is not declared: its facts then point at supervises[].role
        "relevant": _f("bool", "监管行业的牵头或配合", "whether the unit leads the industries needing it",
                       "supervises[].role", ("牵头行业涉及该作业", "needed by an industry the unit leads"), declared=True),
        "industries": _f("str", "涉及该作业的牵头行业", "industries led that need it"),
        "industries_en": _f("str", "涉及该作业的牵头行业", "industries led that need it"),
    }, path="campaigns"),
    FactType("submission", "报送事项", "submission", {
        "submission_id": _f("str", "报送编号", "submission id", "id"),
        "title": _f("str", "报送事项", "title", "title"),
        "due": _f("day", "报送期限", "the due date", "due_on", declared=True),
        "submitted": _f("day", "报送日期", "the submission date", "submitted_on"),
        "due_passed": _f("bool", "期限已到", "deadline has passed", "due_on"),
    }, path="submissions"),
)
