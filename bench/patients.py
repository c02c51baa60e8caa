"""Fictional patients for the benchmark: N records as a CSV, the same every time for the same seed.

    python bench/patients.py --patients 300 --out bench/output/patients.csv [--seed 2026] [--scripts latin]

Names come from many languages, with their accents, and are checked against
the shipped fonts (`handout_engine.text.fonts.missing_characters`): a name the
fonts cannot print today is left out of the pool (and counted on stderr), so
every record is valid and the benchmark measures making documents, not
refusing them. `--scripts all` adds the non-Latin lists (Greek, Cyrillic,
Arabic, Hebrew, Devanagari, CJK and Hangul, Vietnamese); they join the pool
by themselves as soon as fonts for those scripts are shipped.

Records are drawn one after another from one seeded generator, so the first
30 records of a 300-record file are the 30 records of a 30-record file.
NHS numbers are in the 999 range, which is never issued to real patients,
and carry a valid modulus-11 check digit.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import unicodedata
from pathlib import Path

from handout_engine.models import PATIENT_FIELDS
from handout_engine.text.fonts import missing_characters

# The CSV header: every record field except `documents` (each patient gets all three).
FIELDS = tuple(field for field in PATIENT_FIELDS if field != "documents")

# Full names per language: family names agree with the given name (Polish -ska, Icelandic -dóttir...).
LATIN = {
    "Polish": (
        "Zofia Wiśniewska",
        "Łukasz Żółkiewski",
        "Małgorzata Szczęsna",
        "Grzegorz Kaźmierczak",
        "Jędrzej Wróblewski",
        "Agnieszka Dąbrowska-Łoś",
    ),
    "Czech": ("Jiří Dvořák", "Růžena Čermáková", "Přemysl Kočí", "Zdeňka Šťastná", "Tomáš Hájek"),
    "Slovak": ("Ľudmila Ďurišová", "Ľubomír Kráľ", "Dušan Čierny"),
    "Turkish": ("Şükrü Öztürk", "Çağla Yıldız", "Gülşen Doğan", "İbrahim Güneş", "Ayşe Kılıç"),
    "Icelandic": ("Þórunn Sigurðardóttir", "Guðmundur Þórðarson", "Ásdís Ólafsdóttir", "Eyþór Hjálmarsson"),
    "Irish": (
        "Siobhán Ní Bhriain",
        "Pádraig Ó Súilleabháin",
        "Aoife Mac Giolla Phádraig",
        "Seán Ó Ceallaigh",
        "Órla Nic Dhonnchadha",
    ),
    "Scottish Gaelic": ("Ruairidh MacLeòid", "Màiri NicDhòmhnaill"),
    "Welsh": ("Siân Prŷs", "Llŷr Ifans", "Gwenllïan ap Rhys"),
    "Portuguese": ("João Gonçalves", "Conceição Magalhães", "Estêvão Araújo", "Inês Simões"),
    "Spanish": ("Begoña Núñez", "José Ibáñez", "Ángeles Gutiérrez Peña"),
    "Catalan": ("Jordi Puigdomènech", "Núria Ribó i Vilà"),
    "French": ("François Lefèvre", "Hélène Dupré", "Anaïs Bénéteau", "Maëlle Lœuillet"),
    "Italian": ("Niccolò Bellù", "Lucrezia De Santis"),
    "Hungarian": ("Erzsébet Kőszegi", "Győző Szűcs", "Ödön Pálffy", "Zsófia Bíró"),
    "Romanian": ("Ștefan Mureșan", "Ioana Țăranu", "Mădălina Bălănescu", "Răzvan Ionescu"),
    "German": ("Jürgen Großmann", "Käthe Müller", "Björn Häußler", "Lieselotte Bäcker"),
    "Dutch": ("Geertruida van 't Hoff", "Daniël IJzerman"),
    "Danish and Norwegian": ("Søren Kjær", "Åse Bjørnstad", "Ingrid Øvergård"),
    "Swedish": ("Åsa Ångström", "Göran Sjöberg"),
    "Finnish": ("Päivi Hämäläinen", "Jyrki Kärkkäinen"),
    "Estonian": ("Tõnu Õunapuu", "Külli Pärn"),
    "Latvian": ("Līga Ozoliņa", "Kārlis Bērziņš", "Ģirts Ķēniņš"),
    "Lithuanian": ("Gintarė Žemaitytė", "Rūta Čiurlionienė"),
    "Croatian and Serbian (Latin)": ("Krešimir Ćosić", "Dubravka Šimunović", "Željko Đurić"),
    "Slovene": ("Špela Žagar",),
    "Albanian": ("Arbër Çela", "Dëshira Hoxha"),
    "Maltese": ("Ħelena Żammit", "Ġorġ Mifsud"),
    "English": ("Eleanor Whitfield", "Zoë Smith-O'Brien", "Bartholomew Featherstonehaugh"),
}

# Names in other scripts: `--scripts all` (or a list of these names) adds them.
OTHER_SCRIPTS = {
    "Greek": ("Γεώργιος Παπαδόπουλος", "Ελένη Κωνσταντίνου", "Δημήτρης Οικονόμου"),
    "Cyrillic": ("Наталья Смирнова", "Олег Ковальчук", "Љубица Јовановић", "Борислав Петров"),
    "Arabic": ("فاطمة الزهراء", "محمد عبد الله"),
    "Hebrew": ("אברהם כהן", "שרה לוי"),
    "Devanagari": ("प्रिया शर्मा", "अर्जुन पटेल"),
    "CJK and Hangul": ("王秀英", "李伟", "佐藤 花子", "김민준"),
    "Vietnamese": ("Nguyễn Thị Hương", "Trần Văn Đức"),
    "Bengali": ("মোহাম্মদ রহমান", "সুমাইয়া আক্তার"),
    "Gurmukhi": ("ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "ਹਰਜੀਤ ਕੌਰ"),
    "Gujarati": ("નરેન્દ્ર પટેલ", "કિંજલ દેસાઈ"),
    "Tamil": ("கார்த்திக் சுப்ரமணியம்", "செல்வி ராஜேந்திரன்"),
    "Telugu": ("లక్ష్మి ప్రసాద్",),
    "Kannada": ("ಪ್ರಕಾಶ್ ಗೌಡ",),
    "Malayalam": ("ജോസഫ് മാത്യു", "ലക്ഷ്മി നായർ"),
    "Sinhala": ("නිමල් සිල්වා",),
    "Thai and Lao": ("สมชาย ใจดี", "ບຸນມີ ສີສະຫວາດ"),
    "Khmer and Myanmar": ("សុខ ចាន់", "ခင်မာဝင်း"),
    "Ethiopic": ("አበበ ቢቂላ", "ብርሃነ ተኽለ"),
    "Georgian and Armenian": ("ნინო ბერიძე", "Անի Պետրոսյան"),
    "Tibetan": ("བཀྲ་ཤིས་དོན་གྲུབ",),
}

CLINICIANS = (
    "Dr Priya Raman (consultant radiologist)",
    "Mr Daniel Okafor (consultant spinal surgeon)",
    "Dr Ágnes Szabó (consultant radiologist)",
    "Ms Niamh Ó Dálaigh (spinal nurse specialist)",
)
WARDS = ("Ward 7 (day surgery)", "Ward 12 (spinal)", "Day surgery unit")
FOLLOW_UP_WITH = ("Dr Priya Raman", "Mr Daniel Okafor", "Spinal nurse clinic", "Your GP practice")
MEDICATIONS = (
    "Paracetamol 1 g up to four times a day for pain, for up to 2 weeks",
    "Alendronic acid 70 mg once a week (keep taking as before)",
    "Codeine 30 mg up to four times a day if paracetamol is not enough, stop after 5 days",
    "Calcium and vitamin D, two tablets a day",
    "Lansoprazole 15 mg once a day",
    "Ibuprofen 400 mg three times a day with food, for up to 5 days",
)
NOTES = (
    "Stayed one night so we could keep an eye on you. Please have an adult with you for the first 12 hours at home.",
    "Two levels were treated. You may be a little sorer than after one.",
    "Your bone density scan is booked: the letter will come by post.",
)
# Levels that may be treated, top to bottom; a record's levels are next to each other.
SPINE = [f"T{n}" for n in range(4, 13)] + [f"L{n}" for n in range(1, 6)]
FIRST_PROCEDURE = dt.date(2026, 9, 1)


def name_pool(scripts: str) -> tuple[list[str], list[str]]:
    """(names the shipped fonts can print, names left out), for `latin`, `all` or a comma list of groups."""
    groups = dict(LATIN) if scripts in ("latin", "all") else {}
    if scripts == "all":
        groups.update(OTHER_SCRIPTS)
    elif scripts != "latin":
        known = {**LATIN, **OTHER_SCRIPTS}
        for group in (part.strip() for part in scripts.split(",")):
            match = [name for name in known if name.lower().startswith(group.lower())]
            if not match:
                raise SystemExit(f"unknown script or language '{group}'; known: latin, all, {', '.join(known)}")
            groups.update({name: known[name] for name in match})
    printable, skipped = [], []
    for names in groups.values():
        for name in names:
            name = unicodedata.normalize("NFC", name)  # as the validator reads it
            (skipped if missing_characters(name) else printable).append(name)
    return printable, skipped


def nhs_number(rng: random.Random) -> str:
    """A number in the never-issued 999 range with a valid modulus-11 check digit, grouped 3 3 4."""
    while True:
        digits = [9, 9, 9, *(rng.randrange(10) for _ in range(6))]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        check = 0 if check == 11 else check
        if check != 10:  # 10: no valid number starts with these nine digits
            text = "".join(map(str, [*digits, check]))
            return f"{text[:3]} {text[3:6]} {text[6:]}"


def make_patients(count: int, seed: int = 2026, scripts: str = "latin") -> list[dict[str, str]]:
    """`count` records, drawn in order from one generator seeded with `seed`."""
    rng = random.Random(seed)
    names, _skipped = name_pool(scripts)
    if not names:
        raise SystemExit(f"no name in '{scripts}' can be printed with the shipped fonts")
    used_nhs: set[str] = set()
    records = []
    for number in range(1, count + 1):
        born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(46 * 365))
        procedure = FIRST_PROCEDURE + dt.timedelta(days=rng.randrange(180))
        nhs = ""
        if rng.random() < 0.9:
            nhs = nhs_number(rng)
            while nhs in used_nhs:
                nhs = nhs_number(rng)
            used_nhs.add(nhs)
        span = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
        top = rng.randrange(len(SPINE) - span + 1)
        follow_up = rng.random() < 0.8
        records.append(
            {
                "patient_id": f"NB-{number:06d}",
                "name": rng.choice(names),
                "date_of_birth": born.isoformat(),
                "nhs_number": nhs,
                "handout": "kyphoplasty",
                "language": "en",
                "procedure_date": procedure.isoformat(),
                "levels": ";".join(SPINE[top : top + span]),
                "clinician": rng.choice(CLINICIANS),
                "ward": rng.choice(WARDS),
                "discharge_date": (procedure + dt.timedelta(days=rng.choices((0, 1, 2), (7, 2, 1))[0])).isoformat(),
                "follow_up_date": (procedure + dt.timedelta(days=rng.randint(10, 14))).isoformat() if follow_up else "",
                "follow_up_with": rng.choice(FOLLOW_UP_WITH) if follow_up else "",
                "medications": ";".join(rng.sample(MEDICATIONS, rng.randint(0, 3))),
                "notes": rng.choice(NOTES) if rng.random() < 0.25 else "",
            }
        )
    return records


def write_csv(path: Path, records: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=300, help="how many records (default 300)")
    parser.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument(
        "--scripts",
        default="latin",
        help="latin (default), all, or a comma list of groups such as greek,cyrillic; "
        "names the shipped fonts cannot print are left out",
    )
    args = parser.parse_args()
    records = make_patients(args.patients, args.seed, args.scripts)
    write_csv(args.out, records)
    printable, skipped = name_pool(args.scripts)
    sys.stdout.write(f"Wrote {len(records)} patients to {args.out} (seed {args.seed}, {len(printable)} names).\n")
    if skipped:
        shown = ", ".join(skipped[:4]) + (" ..." if len(skipped) > 4 else "")
        sys.stderr.write(f"Left out {len(skipped)} name(s) the shipped fonts cannot print: {shown}\n")


if __name__ == "__main__":
    main()
