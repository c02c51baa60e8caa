"""Simplified Chinese: the words the layouts print, for the Chinese translations of the content (locale.py).

Written with the content's translation; like it, not yet clinically reviewed.
Chinese has no spaces between words: line breaking follows CJK rules
(text/paragraphs.py), and a sentence's length is counted in characters (lint).
"""

from __future__ import annotations

ZH = {
    # page furniture
    "name": "姓名",
    "date_of_birth": "出生日期",
    "patient_id": "患者编号",
    "nhs_number": "NHS号码",
    "page": "第{number}页，共{total}页",
    "version": "版本{version}",
    "reviewed": "上次审核：{date}",
    "next_review": "下次审核：{date}",
    "review_overdue": "已过审核期：这份资料应在{date}审核",
    "not_reviewed": "尚未经过临床审核",
    # document names, as printed in titles and footers
    "leaflet": "患者须知",
    "consent": "知情同意书",
    "discharge": "出院须知",
    # leaflet
    "questions": "你可能想问的问题",
    "questions_hint": "把你自己的问题写在这里，看病时带上这份须知：",
    "leaflet_risks": "有哪些风险？",
    "leaflet_risks_intro": "和任何治疗一样，这种治疗也有风险。下表列出每种风险有多常见。"
    "在你签知情同意书之前，我们会和你一起看一遍。",
    "leaflet_choices": "还有哪些其他选择？",
    "leaflet_choices_intro": "你不是一定要做这种治疗。其他选择有：",
    "contact_us": "联系我们",
    "words_we_use": "我们用到的词",
    # the European Commission's risk words (models.Frequency), as printed beside their numbers
    "frequency": {
        "very common": "十分常见",
        "common": "常见",
        "uncommon": "不常见",
        "rare": "罕见",
        "very rare": "十分罕见",
        "not known": "不详",
    },
    "sources": "这些资料的来源",
    "leaflet_owner": "由{owner}编写。",
    # shared
    "phone_clinic": "诊所",
    "phone_ward": "病房",
    "phone_out_of_hours": "非工作时间",
    "emergency": "急救",
    "emergency_detail": "拨打{number}叫救护车",
    # consent
    "consent_title": "知情同意书：同意接受治疗",
    "patient_details": "患者资料",
    "responsible_professional": "负责的医务人员",
    "ward": "病房或诊所",
    "special_requirements": "特殊需要（比如需要其他语言，或特别的沟通方式）",
    "procedure_heading": "1. 治疗",
    "procedure_name": "治疗名称",
    "levels": "要治疗的脊椎节段",
    "planned_date": "计划日期",
    "what_it_involves": "用简单的话说明治疗内容",
    "professional_heading": "2. 医务人员声明",
    "professional_intro": "由熟悉这种治疗的医务人员填写。我已经向患者解释了这种治疗。我特别解释了：",
    "benefits": "我们希望这种治疗能带来的好处",
    "risks": "严重或常见的风险",
    "risk": "风险",
    "how_often": "有多常见",
    "what_it_means": "对你意味着什么",
    "patient_concerns": "对这位患者特别重要的风险或担心",
    "extra_procedures": "可能需要的其他治疗",
    "alternatives": "其他选择，包括不治疗",
    "leaflet_given": "已经给患者这份须知：",
    "leaflet_title": "{title}：{subtitle}，版本{version}",
    "reference": "编号{reference}",
    "anaesthesia": "麻醉：这次治疗会用到",
    "contact_later": "如果患者以后想再谈谈自己的选择，可以打电话到{number}。",
    "signed": "签名",
    "date": "日期",
    "printed_name": "正楷姓名",
    "job_title": "职务",
    "interpreter_heading": "3. 翻译人员声明（如果有翻译）",
    "interpreter_statement": "我已经尽我所能，把上面的内容翻译给患者，我相信患者能够理解。",
    "patient_heading": "4. 患者声明",
    "patient_intro": "请仔细阅读这份同意书和须知。如果有任何问题，请问我们：我们会帮助你。"
    "你随时都有权改变主意，签字以后也可以。",
    "patient_statements": (
        "我已经读过这份同意书和须知，也有机会提问。",
        "我同意接受这份同意书上说明的治疗。",
        "我明白我随时可以改变主意，签字以后也可以。",
        "我明白没有人能保证由哪一位医生做这次治疗。治疗会由受过相应训练、有经验的人来做。",
        "我明白在治疗之前，我可以和医疗团队谈谈麻醉的事。",
        "我明白除非是为了救我的命或防止我的健康受到严重伤害，否则不会对我做任何其他治疗。",
        "我已经被告知治疗期间可能需要的其他治疗。",
    ),
    "patient_name": "患者姓名",
    "witness_heading": "如果患者不能写字，但已经表示同意，由见证人在这里签字。",
    "witness_statement": "我确认患者已经向我表示同意这次治疗。",
    "copy_given": "已经给患者这份同意书的副本：",
    "yes": "是",
    "no": "否",
    "confirmation_heading": "5. 治疗当天确认同意",
    "confirmation_statement": "如果患者提前签了同意书，由医务人员在治疗当天填写。"
    "我代表治疗患者的医疗团队，已经和患者确认：患者没有其他问题，仍然希望进行治疗。",
    "withdrawn": "患者已经撤回同意（请患者在这里签名并写上日期）。",
    # discharge
    "your_details": "你的资料",
    "procedure": "治疗",
    "procedure_date": "治疗日期",
    "levels_treated": "治疗的脊椎节段",
    "clinician": "医务人员",
    "discharge_date": "回家日期",
    "medicines": "你的药",
    "no_medicines": "没有新的药。除非我们另有交代，请继续吃你平常的药。",
    "aftercare": "在家照顾自己",
    "get_help_now": "出现下面的情况，马上求助……",
    "call_emergency": "如果你有下面的情况，马上拨打{number}叫救护车：",
    "call_clinic": "如果你有下面的情况，请打电话到诊所{number}（{hours}）：",
    "call_out_of_hours": "非工作时间，请打{number}（{hours}）。",
    "follow_up": "你的复诊",
    "follow_up_date": "日期",
    "follow_up_with": "复诊对象",
    "notes": "医疗团队给你的留言",
    "phone_numbers": "电话号码",
}
MONTHS_ZH = tuple(f"{n}月" for n in range(1, 13))
DATE_PATTERN_ZH = "{year}年{month}{day}日"
LIST_AND_ZH = "和"
