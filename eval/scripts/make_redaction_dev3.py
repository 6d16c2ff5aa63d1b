"""Generate a third development set, eval/data/redaction_dev3.jsonl: names from a published
source no rule was written from, in templates of registers the older sets lack.

Why: rounds 5 and 6 fitted hand rules to hand-written rows and every development set went to
0 while the test half did not move, so hand-picked names and wordings do not show what an
unseen generator produces. Here the names are drawn at random from Faker 40.54.0's person
lists (MIT) for the origins of English councils' populations (British, Irish and Irish Gaelic,
Indian and Pakistani, Nigerian (Yoruba, Igbo, Hausa) and Ghanaian (Twi), Kenyan, Swahili and
Zulu, Polish, Romanian, Lithuanian, Latvian, Czech, Slovak, Hungarian, Croatian, Slovene,
Turkish, Vietnamese, Chinese romanised, Italian, Portuguese, Spanish), Latin script only, less
every name of the older generators (redaction_names.py, make_redaction_dev2.py): many are in no
list the redactor uses, as in real text. Templates (new registers: supervision records,
conference minutes with attendance lists, chronology lines, emails with greetings and
signatures, court-style statements, health and school notes, LADO and MARAC notes) put names in
positions the older templates do not: objects of verbs, after "with/to/by/between", in lists,
after "Dear"/"Thanks,"/"Signed:", in tables ("Mother | Name"), before an age in brackets,
after titles (Nurse, PC, Cllr, Imam, Pastor). Keep-terms of new shapes: "<Place> <service noun>"
teams, teams named by a word ("Phoenix Team"), NHS trusts, police forces, charities, national
programmes, job titles, acronyms.

Faker is not a product dependency: run it in a throw-away venv.
    python3 -m venv /tmp/rd7-venv && /tmp/rd7-venv/bin/pip install faker==40.54.0
    /tmp/rd7-venv/bin/python eval/scripts/make_redaction_dev3.py [--n 1200] [--check eval/data/redaction_test.jsonl]
--check prints counts only (names, template fragments, keep-terms shared with FILE), never its text.
"""
from __future__ import annotations

import importlib
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_redaction_set import _dob, _nhs, _ni, _phone  # noqa: E402
from redaction_names import FIRST as OLD_FIRST, LAST as OLD_LAST, NICKNAMES as OLD_NICKS  # noqa: E402
from make_redaction_dev2 import cli, finish_row  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "data" / "redaction_dev3.jsonl"
LOCALES = {"British": ["en_GB"], "Irish": ["en_IE", "ga_IE"], "South Asian": ["en_IN", "en_PK"],
           "West African": ["en_NG", "yo_NG", "ig_NG", "ha_NG", "tw_GH"], "East African": ["en_KE", "sw", "zu_ZA"],
           "Eastern European": ["pl_PL", "ro_RO", "lt_LT", "lv_LV", "cs_CZ", "sk_SK", "hu_HU", "hr_HR", "sl_SI"],
           "Turkish": ["tr_TR"], "Vietnamese": ["vi_VN"], "Chinese": ["zh_CN"],
           "Southern European": ["it_IT", "pt_PT", "es_ES"]}
_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ]{2,}(?:['’-][A-Za-zÀ-ÖØ-öø-ɏ]+)*$")
_PARTICLES = {"Mac", "Mhic", "Ní", "Nic", "Ó", "Uí", "Ua", "Bean", "De", "Da", "Di", "Del", "Van", "Von", "Le", "La",
              "Mc", "Ui"}
NICKNAMES = "Nobby Sparky Tink Boo Moz Lulu Dee-Dee Kenny Pip Chaz Bez Bren".split()

TEAMS = ["Thornbury Locality Team", "Kirkholt Family Intervention Team", "Ravensdale Child Protection Team",
         "Oakhollow Looked After Children Team", "Phoenix Team", "Compass Team", "Horizons Adolescent Service",
         "Harbour Project", "Beacon Family Service", "Aspire Leaving Care Team", "Brookhaven Duty and Assessment Team",
         "Willowmead Permanence Team"]
SERVICES = ["Thornbury Family Hub", "Kirkholt Children's Centre", "Ravensdale Youth Justice Service",
            "Child and Adolescent Mental Health Service", "Integrated Disabled Children's Service",
            "Housing Options Service", "Adult Social Care", "National Probation Service", "Virtual School",
            "Family Nurse Partnership", "Women's Aid", "Barnardo's", "The Children's Society", "Action for Children",
            "Home-Start", "Pennine Care NHS Foundation Trust", "Greater Manchester Police", "West Yorkshire Police",
            "Cafcass", "Operation Encompass"]
ROLES = ["Senior Practitioner", "Child Protection Co-ordinator", "Designated Safeguarding Lead", "Youth Worker",
         "Community Psychiatric Nurse", "Housing Officer", "Midwife", "Paediatrician", "Advanced Practitioner",
         "Team Leader", "Service Manager", "Early Help Practitioner", "Children's Guardian", "Specialist Nurse"]
ACRONYMS = ["MARAC", "MAPPA", "DSL", "UASC", "NRM", "FGC", "TAF", "CPP", "RCPC", "EHA", "SDQ", "CLA", "YOT", "ICS"]
PLACES = ["Thornbury", "Kirkholt", "Ravensdale", "Oakhollow", "Brookhaven", "Willowmead", "Dewsbury", "Keighley",
          "Heywood", "Batley"]
KIN = ["mother", "father", "maternal grandmother", "step-dad", "half-brother", "aunty", "great-nan",
       "mum's boyfriend", "paternal grandfather", "older sister", "kinship carer", "special guardian"]
TITLES = ["Nurse", "PC", "Cllr", "Imam", "Pastor", "Sister", "Dr", "DC"]
SCHOOLS = ["Kirkholt Primary School", "St Wilfrid's RC Primary", "Ravensdale Academy", "Brookhaven High School"]
STREETS = ["Tannery Lane", "Sidings Road", "Cotton Street", "Mill Race Close", "Copse View", "Chapel Fold"]

# Slots: c child (full or first), cf/cf2/cf3 children's first names, p/p2 parents' full, pf parent's
# first, w/w2 workers' full, wf a worker's first, sur a surname alone, lc a first name in lower
# case, nick a nickname, tt a title with a surname; keep-terms team, service, role, acr, place.
TEMPLATES = [
    # supervision and management oversight
    "Supervision record: discussed {c} with {w}; actions agreed for the {team} by Friday.",
    "Management oversight - I have read the assessment of {cf} and {cf2} written by {w2} and agree the plan.",
    "Supervision: {wf} is worried that {p} is minimising, and will ask the {service} for an update.",
    # conference minutes and attendance lists
    "Present: {w} ({role}), {p} ({kin}), {w2} ({service}). Apologies: {tt}.",
    "Attendees: {p}, {p2}, {w} and {tt}; the {acr} decided {cf} should remain on a plan.",
    "The chair asked {pf} whether {cf3} had been seen; {w2} said the {team} visited on {date}.",
    # chronology lines
    "{date} - {cf} reported missing by {kin} {pf}; found the next morning at a friend's flat in {place}.",
    "{date}: strategy meeting, {tt} and {w} present, {acr} referral agreed for {c}.",
    "{date} | home visit | seen: {cf}, {cf2}, {pf} | worker: {w}",
    # emails, greetings and signatures
    "Dear {wf}, thank you for the update on {cf}. Kind regards, {w2}, {role}",
    "Hi {wf} - can you chase the {service} re {cf}'s appointment? Thanks, {nick}",
    "From: {w} To: {w2} Subject: {c} - {acr} paperwork",
    "Signed: {w}, {role}, {team}. Countersigned: {w2}.",
    # tables and forms
    "Mother | {p} | not known to the {service}",
    "Name of child: {c}. Date of birth: {dob}. Allocated worker: {w}.",
    "Household members: {p} ({kin}), {cf} ({age}), {cf2} ({age2}) and {cf3}.",
    # court-style and formal statements
    "I, {w}, am employed by the local authority as a {role} and make this statement about {c}.",
    "The court heard from {tt} that {pf} had not engaged with the {service} since {date}.",
    "It is the view of the {team} that {cf} cannot safely return to the care of {p}.",
    # health, school, police and LADO notes
    "{tt} saw {cf} in clinic with her {kin}; weight and height were within normal range.",
    "The school's {role}, {w}, rang to say that {cf} arrived with a bruise and named {pf} as the cause.",
    "Police notification: {tt} attended {address} after {p} called 999; {cf} and {cf2} were asleep.",
    "LADO consultation about {w}, a {role} at {school}; the allegation was made by {cf}'s {kin}.",
    "{acr} referral made for {p} after an incident with {p2} witnessed by {cf}.",
    # names as objects and after prepositions
    "The worker visited {cf} and then met {pf} at the {service} to talk about the plan.",
    "Contact between {cf} and {kin} {pf} is supervised by {w2} at {place}.",
    "An argument between {pf} and {sur} was overheard by the {role}.",
    "Work with {cf} continues through the {team}; {w} will hand over to {wf2} next month.",
    "The assessment was shared with {p}, with {tt}, and with the {service} on {date}.",
    # informal case notes
    "rang {lc} back, {lc} was at {nick}'s, says mum ok. will visit thurs",
    "txt from {pf} - {cf} poorly, cant make contact today",
    "Home visit, {cf} ({age}) answered the door, {pf} still in bed, {cf2} at nursery.",
    # audit and moderation
    "Audit: the plan for {c} names {tt} as the lead but {w} has done all the visits.",
    "Moderation: the grade for {cf}'s record stands; {w2} from the {team} gave a clear rationale.",
    "Good practice: {wf} built a strong relationship with {cf} and her {kin} {pf} over eighteen months.",
    "NHS {nhs} and NI {ni} are recorded for {p}; {cf}'s case number is {ref}, tel {phone}.",
]


def _faker_pools() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """First and last names by origin from Faker's person providers, one word each, Latin script."""
    first: dict[str, set[str]] = {}
    last: dict[str, set[str]] = {}
    for origin, locales in LOCALES.items():
        for loc in locales:
            p = importlib.import_module(f"faker.providers.person.{loc}").Provider
            for attrs, pool in ((("first_names", "first_names_male", "first_names_female", "first_romanized_names",
                                  "first_romanized_names_male", "first_romanized_names_female"), first),
                                (("last_names", "last_romanized_names"), last)):
                for a in attrs:
                    v = getattr(p, a, None) or ()
                    for full in (v.keys() if isinstance(v, dict) else v):
                        for part in str(full).split():
                            if _LATIN.match(part) and part[0].isupper() and part not in _PARTICLES:
                                pool.setdefault(origin, set()).add(part)
    return ({o: sorted(v) for o, v in first.items()}, {o: sorted(v) for o, v in last.items()})


def _older_names() -> set[str]:
    """Every name token of the older generators (both halves of the first, and dev2)."""
    import make_redaction_dev2 as d2
    taken = {n for pools in (OLD_FIRST, OLD_LAST, d2.FIRST, d2.LAST) for v in pools.values() for n in v.split()}
    return taken | set(" ".join(OLD_NICKS.values()).split()) | set(d2.NICKNAMES)


def make(n: int, seed: int = 7) -> list[dict]:
    r = random.Random(seed)
    first, last = _faker_pools()
    taken = {t.lower() for t in _older_names()}
    first = {o: [x for x in v if x.lower() not in taken] for o, v in first.items()}
    last = {o: [x for x in v if x.lower() not in taken] for o, v in last.items()}
    rows = []
    for i in range(n):
        def person():
            fo = r.choice(list(first))
            lo = fo if fo in last and r.random() < 0.7 else r.choice(list(last))
            return r.choice(first[fo]), r.choice(last[lo])
        template = TEMPLATES[i % len(TEMPLATES)]
        (cf, cs), (pf, ps), (wf, ws), (cf2, _), (w2f, w2s), (p2f, p2s), (cf3, _), (wf2, ts) = (person() for _ in range(8))
        values = dict(c=f"{cf} {cs}" if r.random() < 0.5 else cf, cf=cf, cf2=cf2, cf3=cf3, p=f"{pf} {ps}", pf=pf,
                      p2=f"{p2f} {p2s}", w=f"{wf} {ws}", wf=wf, wf2=wf2, w2=f"{w2f} {w2s}", sur=cs, lc=cf.lower(),
                      nick=r.choice(NICKNAMES), tt=f"{r.choice(TITLES)} {ts}")
        team = r.choice(TEAMS)
        values.update(team=team, service=r.choice(SERVICES), role=r.choice(ROLES), acr=r.choice(ACRONYMS),
                      place=r.choice(PLACES), kin=r.choice(KIN), school=r.choice(SCHOOLS), dob=_dob(r),
                      date=f"{r.randint(1, 28)}/{r.randint(1, 12):02d}/2025", age=str(r.randint(1, 17)),
                      age2=str(r.randint(1, 17)), ref=f"{r.choice(['CP', 'LAC-', 'EH'])}{r.randint(10000, 999999)}",
                      nhs=_nhs(r), ni=_ni(r), phone=_phone(r),
                      address=f"{r.randint(1, 150)} {r.choice(STREETS)}")
        text = template.format(**values)
        types = {"dob": "dob", "ref": "case_ref", "nhs": "nhs_number", "ni": "ni_number", "phone": "phone",
                 "address": "address", "school": "school"}
        secrets, keep = [], []
        for slot in re.findall(r"{(\w+)}", template):
            value = values[slot]
            if slot in ("c", "cf", "cf2", "cf3", "p", "pf", "p2", "w", "wf", "wf2", "w2", "sur", "lc", "nick"):
                secrets += [{"type": "name", "value": part} for part in value.split() if len(part) > 1]
            elif slot == "tt":  # the title stays, the surname goes
                secrets.append({"type": "name", "value": value.split()[-1]})
            elif slot in types:
                secrets.append({"type": types[slot], "value": value})
            elif slot in ("team", "service", "role", "acr", "place"):
                keep.append(value)
        rows.append(finish_row("dev3", i, text, secrets, keep, template, team, 0.5, r))
    return rows


def main() -> None:
    cli(make, TEMPLATES, OUT)


if __name__ == "__main__":
    main()
