"""Urdu: the words the layouts print, for the Urdu translations of the content (locale.py).

Written with the content's translation, in plain everyday Urdu as British
Urdu speakers talk about hospitals (the English words they use for hospital
things: وارڈ, کلینک, نرس, فارمیسسٹ); like it, not yet clinically reviewed.
Dates use the Urdu names of the Gregorian months (جنوری, فروری...), day first.
Figures stay in 0-9 (Western digits), not the Extended Arabic-Indic digits
(U+06F0-U+06F9): the record, the NHS number, the phone numbers and the patient's own
papers write them so, and a patient or a nurse checking a number against
another paper must see the same digits (as the Arabic table chose). The
patient is addressed as آپ with polite imperatives, which are the same for a
man and a woman; where Urdu would make a verb male or female, the words are
put so that it does not.
"""

from __future__ import annotations

UR = {
    # page furniture
    "name": "نام",
    "date_of_birth": "تاریخ پیدائش",
    "patient_id": "مریض نمبر",
    "nhs_number": "NHS نمبر",
    "page": "صفحہ {number} از {total}",
    "version": "ورژن {version}",
    "reviewed": "آخری جائزہ {date}",
    "next_review": "اگلا جائزہ {date}",
    "review_overdue": "جائزے کی تاریخ گزر گئی: ان معلومات کا جائزہ {date} کو ہونا تھا",
    "not_reviewed": "ابھی کسی ڈاکٹر نے اس کا جائزہ نہیں لیا",
    "blank_page": "یہ صفحہ جان بوجھ کر خالی چھوڑا گیا ہے",
    "continued": "{heading} (جاری)",
    "professional_core": "میں نے مریض کو یہ علاج، اس کے فائدے، خطرے اور دوسرے راستے سمجھا دیے ہیں، "
    "جیسا کہ اوپر لکھا ہے۔",
    "patient_core": "میں اس فارم میں لکھے گئے علاج کے لیے رضامند ہوں، اور میں نے اوپر لکھی باتیں پڑھ لی ہیں۔",
    "interpreter_language": "زبان",
    "interpreter_id": "ترجمان کا نام یا نمبر",
    "interpreter_agency": "ادارہ",
    "interpreter_how": "ترجمان اس طرح شامل ہوا:",
    "interpreter_modes": ("آمنے سامنے", "فون پر", "ویڈیو پر"),
    "interpreter_remote": "اگر ترجمان فون یا ویڈیو پر شامل ہوا اور اوپر دستخط نہیں کر سکتا، تو ہیلتھ پروفیشنل "
    "یہاں لکھے۔ میں تصدیق کرتا یا کرتی ہوں کہ اوپر لکھے ترجمان نے فون یا ویڈیو پر مریض کے لیے ترجمہ کیا۔",
    "what_it_means_for_patient": "اس مریض کے لیے اس کا مطلب",
    # document names, as printed in titles and footers
    "leaflet": "مریضوں کے لیے معلومات",
    "consent": "رضامندی فارم",
    "discharge": "ہسپتال سے گھر جانے کی معلومات",
    # leaflet
    "questions": "سوال جو آپ پوچھنا چاہیں",
    "questions_hint": "اپنے سوال یہاں لکھیں، اور یہ کتابچہ اپنی اپائنٹمنٹ پر ساتھ لائیں:",
    "leaflet_risks": "خطرے کیا ہیں؟",
    "leaflet_risks_intro": "ہر علاج کی طرح، اس علاج کے بھی کچھ خطرے ہیں۔ یہ جدول بتاتا ہے کہ ہر خطرہ کتنی بار ہوتا ہے۔ "
    "رضامندی فارم پر دستخط سے پہلے ہم یہ سب آپ کو سمجھائیں گے۔",
    "leaflet_choices": "دوسرے راستے کیا ہیں؟",
    "leaflet_choices_intro": "یہ علاج کروانا ضروری نہیں۔ دوسرے راستے یہ ہیں:",
    "contact_us": "ہم سے رابطہ کریں",
    "words_we_use": "ہمارے استعمال کیے گئے الفاظ",
    # the European Commission's risk words (models.Frequency), as printed beside their numbers
    "frequency": {
        "very common": "بہت عام",
        "common": "عام",
        "uncommon": "کبھی کبھار",
        "rare": "شاذ و نادر",
        "very rare": "بہت ہی شاذ و نادر",
        "not known": "معلوم نہیں",
    },
    "sources": "یہ معلومات کہاں سے آئی ہیں",
    "leaflet_owner": "لکھنے والے: {owner}۔",
    # shared
    "phone_clinic": "کلینک",
    "phone_ward": "وارڈ",
    "phone_out_of_hours": "کام کے اوقات کے بعد",
    "emergency": "ایمرجنسی",
    "emergency_detail": "ایمبولینس کے لیے {number} پر فون کریں",
    # consent
    "consent_title": "رضامندی فارم: علاج کے لیے رضامندی",
    "patient_details": "مریض کی تفصیل",
    "responsible_professional": "ذمہ دار ہیلتھ پروفیشنل",
    "ward": "وارڈ یا کلینک",
    "special_requirements": "خاص ضرورتیں (مثلاً کوئی اور زبان، یا بات چیت کا کوئی اور طریقہ)",
    "procedure_heading": "1. علاج",
    "procedure_name": "علاج کا نام",
    "levels": "ریڑھ کی ہڈی کے کن مہروں کا علاج ہوگا",
    "planned_date": "طے شدہ تاریخ",
    "what_it_involves": "اس میں کیا ہوتا ہے، آسان الفاظ میں",
    "professional_heading": "2. ہیلتھ پروفیشنل کا بیان",
    "professional_intro": "یہ حصہ وہ ہیلتھ پروفیشنل بھرے جو اس علاج کو اچھی طرح جانتا ہو۔ "
    "میں نے مریض کو علاج سمجھا دیا ہے۔ خاص طور پر میں نے یہ سمجھایا ہے:",
    "benefits": "ہمیں امید ہے کہ اس علاج سے یہ فائدہ ہوگا",
    "risks": "سنگین یا اکثر ہونے والے خطرے",
    "risk": "خطرہ",
    "how_often": "کتنی بار",
    "what_it_means": "آپ کے لیے اس کا مطلب",
    "patient_concerns": "کوئی بھی خطرہ یا فکر جو خاص طور پر اس مریض کے لیے اہم ہو",
    "extra_procedures": "دوسرے علاج جن کی ضرورت پڑ سکتی ہے",
    "alternatives": "دوسرے راستے، جن میں کوئی علاج نہ کروانا بھی شامل ہے",
    "leaflet_given": "مریض کو یہ کتابچہ دیا گیا ہے:",
    "leaflet_title": "{title}: {subtitle}، ورژن {version}",
    "reference": "حوالہ {reference}",
    "anaesthesia": "بے ہوشی (انستھیزیا): علاج میں یہ ہوگا",
    "contact_later": "اگر مریض بعد میں اپنے راستوں کے بارے میں بات کرنا چاہے تو {number} پر فون کر سکتا ہے۔",
    "signed": "دستخط",
    "date": "تاریخ",
    "printed_name": "نام",
    "job_title": "عہدہ",
    "interpreter_heading": "3. ترجمان کا بیان (اگر ترجمان ہو)",
    "interpreter_statement": "میں نے اوپر کی معلومات کا مریض کے لیے اپنی پوری کوشش سے ترجمہ کیا ہے، "
    "اس طرح کہ میرے خیال میں مریض سمجھ گیا ہے۔",
    "patient_heading": "4. مریض کا بیان",
    "patient_intro": "براہ مہربانی یہ فارم اور کتابچہ دھیان سے پڑھیں۔ اگر کوئی سوال ہو تو ہم سے پوچھیں: "
    "ہم آپ کی مدد کے لیے ہیں۔ آپ کسی بھی وقت اپنا فیصلہ بدل سکتے ہیں، دستخط کے بعد بھی۔",
    "patient_statements": (
        "میں نے یہ فارم اور کتابچہ پڑھ لیا ہے، اور مجھے سوال پوچھنے کا موقع ملا ہے۔",
        "میں اس فارم میں لکھے گئے علاج کے لیے رضامند ہوں۔",
        "مجھے معلوم ہے کہ میں کسی بھی وقت اپنا فیصلہ بدل سکتا یا سکتی ہوں، دستخط کے بعد بھی۔",
        "مجھے معلوم ہے کہ کوئی وعدہ نہیں کر سکتا کہ علاج کون کرے گا۔ "
        "علاج وہ شخص کرے گا جس کے پاس صحیح تربیت اور تجربہ ہو۔",
        "مجھے معلوم ہے کہ علاج سے پہلے میں ٹیم سے بے ہوشی کے بارے میں بات کر سکوں گا یا سکوں گی۔",
        "مجھے معلوم ہے کہ میرے ساتھ اور کچھ نہیں کیا جائے گا، سوائے اس کے جو میری جان بچانے "
        "یا میری صحت کو سنگین نقصان سے بچانے کے لیے ضروری ہو۔",
        "مجھے ان دوسرے علاجوں کے بارے میں بتایا گیا ہے جن کی میرے علاج کے دوران ضرورت پڑ سکتی ہے۔",
    ),
    "patient_name": "مریض کا نام",
    "witness_heading": "اگر مریض لکھ نہیں سکتا لیکن اس نے ظاہر کیا ہے کہ وہ رضامند ہے، تو گواہ یہاں دستخط کرے۔",
    "witness_statement": "میں تصدیق کرتا یا کرتی ہوں کہ مریض نے مجھے ظاہر کیا ہے کہ وہ اس علاج کے لیے رضامند ہے۔",
    "copy_given": "اس فارم کی ایک کاپی مریض کو دی گئی ہے:",
    "yes": "ہاں",
    "no": "نہیں",
    "confirmation_heading": "5. علاج کے دن رضامندی کی تصدیق",
    "confirmation_statement": "یہ حصہ علاج کے دن ہیلتھ پروفیشنل بھرے، اگر مریض نے فارم پر پہلے سے دستخط کیے ہوں۔ "
    "مریض کا علاج کرنے والی ٹیم کی طرف سے، میں نے مریض سے پوچھ لیا ہے کہ اس کا کوئی اور سوال نہیں، "
    "اور وہ اب بھی علاج کروانا چاہتا یا چاہتی ہے۔",
    "withdrawn": "مریض نے اپنی رضامندی واپس لے لی ہے (مریض سے کہیں کہ یہاں دستخط کرے اور تاریخ لکھے)۔",
    # discharge
    "your_details": "آپ کی تفصیل",
    "procedure": "علاج",
    "procedure_date": "علاج کی تاریخ",
    "levels_treated": "ریڑھ کی ہڈی کے جن مہروں کا علاج ہوا",
    "clinician": "ہیلتھ پروفیشنل",
    "discharge_date": "آپ کے گھر جانے کی تاریخ",
    "medicines": "آپ کی دوائیں",
    "no_medicines": "کوئی نئی دوا نہیں۔",
    "medicines_write_in": "گھر جانے سے پہلے آپ کی نرس یہاں آپ کی دوائیں لکھے گی:",
    "medicine": "دوا",
    "dose": "مقدار",
    "when": "کب",
    "what_for": "کس لیے",
    "medicine_change": "نئی یا بدلی ہوئی؟",
    "medicine_status": {"new": "نئی", "changed": "بدلی گئی", "stopped": "بند", "carry on": "پہلے کی طرح جاری رکھیں"},
    "medicines_stopped_note": "بند: یہ دوا اب نہ لیں، جب تک کوئی ڈاکٹر آپ سے نہ کہے۔",
    "aftercare": "گھر پر اپنا خیال رکھنا",
    "get_help_now": "فوراً مدد لیں اگر…",
    "call_emergency": "اگر آپ کو یہ ہو تو فوراً ایمبولینس کے لیے {number} پر فون کریں:",
    "call_clinic": "اگر آپ کو یہ ہو تو کلینک کو {number} پر فون کریں ({hours}):",
    "call_out_of_hours": "کام کے اوقات کے بعد {number} پر فون کریں ({hours})۔",
    "follow_up": "آپ کی فالو اپ اپائنٹمنٹ",
    "follow_up_date": "تاریخ",
    "follow_up_with": "کس کے ساتھ",
    "notes": "آپ کی دیکھ بھال کرنے والی ٹیم کے نوٹس",
    "phone_numbers": "فون نمبر",
}
MONTHS_UR = (
    "جنوری",
    "فروری",
    "مارچ",
    "اپریل",
    "مئی",
    "جون",
    "جولائی",
    "اگست",
    "ستمبر",
    "اکتوبر",
    "نومبر",
    "دسمبر",
)
DATE_PATTERN_UR = "{day} {month} {year}"
LIST_AND_UR = "اور"
LIST_COMMA_UR = "، "  # the Arabic comma, which Urdu writes too
