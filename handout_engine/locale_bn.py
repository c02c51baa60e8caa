"""Bengali: the words the layouts print, for the Bengali translations of the content (locale.py).

Written with the content's translation; like it, not yet clinically reviewed.
Dates use the Gregorian months in Bengali; figures stay in 0-9, as UK
clinics and the record write them.
"""

from __future__ import annotations

BN = {
    # page furniture
    "name": "নাম",
    "date_of_birth": "জন্মতারিখ",
    "patient_id": "রোগীর আইডি",
    "nhs_number": "NHS নম্বর",
    "page": "পৃষ্ঠা {number} / {total}",
    "version": "সংস্করণ {version}",
    "reviewed": "শেষ যাচাই {date}",
    "next_review": "পরের যাচাই {date}",
    "review_overdue": "যাচাইয়ের সময় পেরিয়ে গেছে: এই তথ্য {date} তারিখে যাচাই হওয়ার কথা ছিল",
    "not_reviewed": "এখনও চিকিৎসাগতভাবে যাচাই করা হয়নি",
    # document names, as printed in titles and footers
    "leaflet": "রোগীদের জন্য তথ্য",
    "consent": "সম্মতিপত্র",
    "discharge": "ছুটির পরের তথ্য",
    # leaflet
    "questions": "আপনি যে প্রশ্নগুলো করতে চাইতে পারেন",
    "questions_hint": "আপনার নিজের প্রশ্ন এখানে লিখুন, আর অ্যাপয়েন্টমেন্টে এই পুস্তিকাটি নিয়ে আসুন:",
    "leaflet_risks": "ঝুঁকিগুলো কী?",
    "leaflet_risks_intro": "যেকোনো চিকিৎসার মতো এরও ঝুঁকি আছে। এই সারণিতে দেখানো আছে প্রতিটি কত ঘন ঘন হয়। "
    "সম্মতিপত্রে সই করার আগে আমরা আপনার সঙ্গে এগুলো দেখে নেব।",
    "leaflet_choices": "অন্য কী কী পথ আছে?",
    "leaflet_choices_intro": "এই চিকিৎসা করাতেই হবে এমন নয়। অন্য পথগুলো হলো:",
    "contact_us": "আমাদের সঙ্গে যোগাযোগ",
    "words_we_use": "যে শব্দগুলো আমরা ব্যবহার করি",
    # the European Commission's risk words (models.Frequency), as printed beside their numbers
    "frequency": {
        "very common": "খুব সাধারণ",
        "common": "সাধারণ",
        "uncommon": "অসাধারণ",
        "rare": "বিরল",
        "very rare": "খুব বিরল",
        "not known": "জানা নেই",
    },
    "sources": "এই তথ্য কোথা থেকে এসেছে",
    "leaflet_owner": "লিখেছেন {owner}।",
    # shared
    "phone_clinic": "ক্লিনিক",
    "phone_ward": "ওয়ার্ড",
    "phone_out_of_hours": "অফিস সময়ের বাইরে",
    "emergency": "জরুরি",
    "emergency_detail": "অ্যাম্বুলেন্সের জন্য {number} নম্বরে ফোন করুন",
    # consent
    "consent_title": "সম্মতিপত্র: একটি চিকিৎসায় রাজি হওয়া",
    "patient_details": "রোগীর বিবরণ",
    "responsible_professional": "দায়িত্বপ্রাপ্ত স্বাস্থ্যকর্মী",
    "ward": "ওয়ার্ড বা ক্লিনিক",
    "special_requirements": "বিশেষ প্রয়োজন (যেমন অন্য ভাষা, বা যোগাযোগের অন্য উপায়)",
    "procedure_heading": "1. চিকিৎসা",
    "procedure_name": "চিকিৎসার নাম",
    "levels": "মেরুদণ্ডের যে স্তরগুলোর চিকিৎসা হবে",
    "planned_date": "পরিকল্পিত তারিখ",
    "what_it_involves": "সহজ কথায়, এতে কী হয়",
    "professional_heading": "2. স্বাস্থ্যকর্মীর বিবৃতি",
    "professional_intro": "চিকিৎসাটি ভালোভাবে জানেন এমন একজন স্বাস্থ্যকর্মী পূরণ করবেন। "
    "আমি রোগীকে চিকিৎসাটি বুঝিয়ে বলেছি। বিশেষ করে আমি বুঝিয়েছি:",
    "benefits": "চিকিৎসা থেকে আমরা যা আশা করি",
    "risks": "গুরুতর বা প্রায়ই হয় এমন ঝুঁকি",
    "risk": "ঝুঁকি",
    "how_often": "কত ঘন ঘন",
    "what_it_means": "আপনার জন্য এর মানে",
    "patient_concerns": "এই রোগীর জন্য বিশেষ গুরুত্বপূর্ণ ঝুঁকি বা দুশ্চিন্তা",
    "extra_procedures": "অন্য যে চিকিৎসা দরকার হতে পারে",
    "alternatives": "অন্য পথ, কোনো চিকিৎসা না করাসহ",
    "leaflet_given": "রোগীকে এই পুস্তিকাটি দেওয়া হয়েছে:",
    "leaflet_title": "{title}: {subtitle}, সংস্করণ {version}",
    "reference": "সূত্র {reference}",
    "anaesthesia": "অ্যানেস্থেসিয়া: চিকিৎসায় থাকবে",
    "contact_later": "রোগী পরে তার পথগুলো নিয়ে কথা বলতে চাইলে {number} নম্বরে ফোন করতে পারেন।",
    "signed": "সই",
    "date": "তারিখ",
    "printed_name": "নাম (স্পষ্ট অক্ষরে)",
    "job_title": "পদ",
    "interpreter_heading": "3. দোভাষীর বিবৃতি (যদি থাকেন)",
    "interpreter_statement": "ওপরের তথ্য আমি যথাসাধ্য রোগীকে অনুবাদ করে বলেছি, এমনভাবে যা আমার বিশ্বাস তিনি বুঝেছেন।",
    "patient_heading": "4. রোগীর বিবৃতি",
    "patient_intro": "দয়া করে এই পত্র আর পুস্তিকাটি মন দিয়ে পড়ুন। কোনো প্রশ্ন থাকলে আমাদের জিজ্ঞেস করুন: "
    "আমরা সাহায্য করতে আছি। আপনি যেকোনো সময় মত বদলাতে পারেন, সই করার পরেও।",
    "patient_statements": (
        "আমি এই পত্র আর পুস্তিকাটি পড়েছি, আর প্রশ্ন করার সুযোগ পেয়েছি।",
        "এই পত্রে বর্ণিত চিকিৎসায় আমি রাজি।",
        "আমি বুঝি যে আমি যেকোনো সময় মত বদলাতে পারি, সই করার পরেও।",
        "আমি বুঝি যে কে চিকিৎসাটি করবেন, তা কেউ নিশ্চিত করে বলতে পারেন না। সঠিক প্রশিক্ষণ আর অভিজ্ঞতা আছে এমন কেউ এটা করবেন।",
        "আমি বুঝি যে চিকিৎসার আগে দলের সঙ্গে অ্যানেস্থেটিক নিয়ে কথা বলতে পারব।",
        "আমি বুঝি যে আমার জীবন বাঁচাতে বা স্বাস্থ্যের গুরুতর ক্ষতি ঠেকাতে দরকার না হলে আমার ওপর আর কিছু করা হবে না।",
        "চিকিৎসার সময় অন্য যে চিকিৎসা দরকার হতে পারে, তা আমাকে বলা হয়েছে।",
    ),
    "patient_name": "রোগীর নাম",
    "witness_heading": "রোগী লিখতে না পারলেও রাজি আছেন বলে দেখালে, একজন সাক্ষী এখানে সই করবেন।",
    "witness_statement": "আমি নিশ্চিত করছি যে রোগী আমাকে দেখিয়েছেন তিনি চিকিৎসায় রাজি।",
    "copy_given": "রোগীকে এই পত্রের একটি কপি দেওয়া হয়েছে:",
    "yes": "হ্যাঁ",
    "no": "না",
    "confirmation_heading": "5. চিকিৎসার দিন সম্মতি নিশ্চিত করা",
    "confirmation_statement": "রোগী আগে থেকে পত্রে সই করে থাকলে, চিকিৎসার দিন একজন স্বাস্থ্যকর্মী পূরণ করবেন। "
    "রোগীর চিকিৎসাকারী দলের পক্ষে আমি রোগীর কাছে জেনে নিয়েছি যে তার আর কোনো প্রশ্ন নেই, "
    "আর তিনি এখনও চিকিৎসাটি চান।",
    "withdrawn": "রোগী সম্মতি ফিরিয়ে নিয়েছেন (রোগীকে এখানে সই করতে আর তারিখ দিতে বলুন)।",
    # discharge
    "your_details": "আপনার বিবরণ",
    "procedure": "চিকিৎসা",
    "procedure_date": "চিকিৎসার তারিখ",
    "levels_treated": "মেরুদণ্ডের যে স্তরগুলোর চিকিৎসা হয়েছে",
    "clinician": "স্বাস্থ্যকর্মী",
    "discharge_date": "বাড়ি যাওয়ার তারিখ",
    "medicines": "আপনার ওষুধ",
    "no_medicines": "নতুন কোনো ওষুধ নেই। আমরা অন্য কিছু না বললে আপনার নিয়মিত ওষুধ খেতে থাকুন।",
    "aftercare": "বাড়িতে নিজের যত্ন",
    "get_help_now": "এখনই সাহায্য নিন যদি…",
    "call_emergency": "এগুলোর কোনোটা হলে সঙ্গে সঙ্গে অ্যাম্বুলেন্সের জন্য {number} নম্বরে ফোন করুন:",
    "call_clinic": "এগুলোর কোনোটা হলে ক্লিনিকে {number} নম্বরে ফোন করুন ({hours}):",
    "call_out_of_hours": "অফিস সময়ের বাইরে {number} নম্বরে ফোন করুন ({hours})।",
    "follow_up": "আপনার ফলো-আপ অ্যাপয়েন্টমেন্ট",
    "follow_up_date": "তারিখ",
    "follow_up_with": "কার সঙ্গে",
    "notes": "আপনার চিকিৎসা দলের নোট",
    "phone_numbers": "ফোন নম্বর",
}
MONTHS_BN = (
    "জানুয়ারি",
    "ফেব্রুয়ারি",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টেম্বর",
    "অক্টোবর",
    "নভেম্বর",
    "ডিসেম্বর",
)
DATE_PATTERN_BN = "{day} {month} {year}"
LIST_AND_BN = "ও"
