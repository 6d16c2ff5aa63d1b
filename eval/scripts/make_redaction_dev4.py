"""Generate a fourth development set, eval/data/redaction_dev4.jsonl: sentences dense with
keep-terms, in registers the older sets under-cover.

Why: every development set had come to lose 0 keep-terms while the test half lost 24 of 1,350,
so the sets lacked the contexts in which keep-terms are lost. Here the templates (written for
this round, none from another generator) are panel and board minutes, a QA moderator's margin
notes, multi-agency meeting records, reports to scrutiny, learning bulletins, emails between
services, care-plan review summaries and inspection-style judgement paragraphs, and each puts
several keep-terms in many positions: team and service names (multi-word, after "the", in a
possessive, hyphenated, numbered, with "&", opening a sentence, in lists and brackets,
abbreviated), councils and towns, national bodies, NHS trusts and police forces, job titles,
programmes and capitalised legal and social-care terms, headings and quoted document titles,
places used as team names. Person names are drawn at random from Faker 40.54.0's person lists
(as dev3 does) less every name of the older generators and of dev3, and less any word of a
keep-term, in varied person contexts.

Faker is not a product dependency: run it in the throw-away venv dev3 uses.
    /tmp/rd7-venv/bin/python eval/scripts/make_redaction_dev4.py [--n 960] [--check eval/data/redaction_test.jsonl]
--check prints counts only (names, template fragments, keep-terms shared with FILE), never its text.
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_redaction_dev2 import cli, finish_row  # noqa: E402
from make_redaction_dev3 import _faker_pools, _older_names  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "data" / "redaction_dev4.jsonl"
DEV3 = OUT.with_name("redaction_dev3.jsonl")

# Keep-term pools, one slot each (the slot's name is the pool's key).
KEEP = {
    "team": ["Children with Disabilities Team", "Assessment & Intervention Team", "Leaving Care 16+ Team",
             "North Locality Team", "Fostering Recruitment & Assessment Team", "Court & Permanence Team",
             "Through Care Team", "Family Safeguarding Team", "Adolescent Safeguarding Team",
             "Young People's Service", "Targeted Youth Support", "Complex Safeguarding Hub",
             "Independent Reviewing Service", "Children's Rights Service", "Emotional Health & Wellbeing Service",
             "Specialist Assessment Service", "Edge-of-Care Service", "Multi-Agency Safeguarding Hub",
             "Short Breaks Team", "Care Experienced Team", "Family Time Service", "Intensive Family Support Team"],
    "loc": ["Locality 3", "Locality 1", "Team 4", "Pod 2", "Area 5", "Cluster 6", "Unit 7"],
    "hub": ["Hub", "Front Door", "Panel", "Forum", "Board", "Partnership"],
    "abbr": ["MASH", "CWD", "IRO Service", "LAC Team", "CIN Team", "FRAT", "YJS", "YOT", "EDT", "CAMHS", "SEND Team",
             "QA Unit", "SPOC", "IFST", "CSE Team", "MACE"],
    "council": ["Calderdale Council", "Kirklees Council", "Rochdale Borough Council", "London Borough of Hounslow",
                "Royal Borough of Greenwich", "Durham County Council", "Stockport MBC", "North Yorkshire Council",
                "Bracknell Forest Council", "Milton Keynes City Council", "Telford & Wrekin Council",
                "Redcar and Cleveland", "St Helens Council", "Knowsley Council", "Halton Borough Council",
                "Sefton Council", "Wirral Council", "Torbay Council", "Slough Borough Council", "Luton Council",
                "Thurrock Council", "Medway Council", "Trafford Council", "Cheshire East", "Bath and North East Somerset"],
    "town": ["Whitby", "Kirkby", "Hyde", "Bury", "Wigan", "Bolton", "Crewe", "Nelson", "Chester", "Preston", "Darwen",
             "Morecambe", "Leigh", "Selby", "Goole", "Skipton", "Louth", "Dudley", "Barnsley", "Rotherham",
             "Grimsby", "Scunthorpe", "Harlow", "Stevenage", "Corby", "Kettering", "Redditch", "Tamworth", "Burnley",
             "Accrington", "Oldham", "Bootle", "Huyton", "Widnes", "Runcorn", "Hartlepool", "Stockton", "Jarrow"],
    "body": ["Ofsted", "Cafcass", "CQC", "DfE", "the Department for Education", "NHS England",
             "Leeds Teaching Hospitals NHS Trust", "Bradford District Care NHS Foundation Trust",
             "Lancashire Constabulary", "Merseyside Police", "Avon and Somerset Police", "the Metropolitan Police",
             "Humberside Police", "the Youth Justice Board", "HMIP", "the Child Safeguarding Practice Review Panel",
             "the Local Government and Social Care Ombudsman", "the Home Office", "UK Visas and Immigration",
             "the CPS", "the Probation Service", "DWP", "Jobcentre Plus", "Cafcass Cymru", "the ICB", "Public Health"],
    "role": ["Independent Reviewing Officer", "Principal Social Worker", "Designated Safeguarding Lead",
             "Designated Doctor", "Named Nurse for Safeguarding", "LADO", "Head of Service", "Agency Decision Maker",
             "Virtual School Head", "Director of Children's Services", "Lead Member for Children",
             "Practice Educator", "Corporate Parenting Lead", "Participation Officer", "Fostering Panel Adviser",
             "Children's Guardian", "Family Court Adviser", "Safeguarding Partnership Business Manager",
             "Assistant Director for Safeguarding", "Panel Chair", "Quality Assurance Manager", "Senior Practitioner",
             "Personal Adviser", "Team Manager", "Chief Executive", "Portfolio Holder", "IRO", "PSW", "DSL"],
    "prog": ["Signs of Safety", "Family Group Conference", "Section 20", "Section 47", "Section 17", "Child in Need",
             "Early Help", "Staying Put", "Staying Close", "Pathway Plan", "Lifelong Links", "Mockingbird",
             "Public Law Outline", "Care Order", "Supervision Order", "Special Guardianship Order",
             "Placement Order", "Child Protection Plan", "Strengthening Families", "Restorative Practice",
             "Family Safeguarding", "Graded Care Profile 2", "Brook Traffic Light Tool", "Contextual Safeguarding",
             "Emergency Protection Order", "Police Protection", "Keeping Children Safe in Education",
             "Working Together to Safeguard Children", "Care Leavers Covenant", "Local Offer", "Supporting Families",
             "Reducing Parental Conflict", "Safe and Together", "Motivational Interviewing", "Theraplay",
             "Life Story Work", "Bright Spots", "Mind of My Own", "Family Drug and Alcohol Court", "Pause",
             "Reunification Practice Framework", "Independent Visitor", "Education, Health and Care Plan",
             "Personal Education Plan", "Team Around the Family", "Child Sexual Exploitation", "Return Home Interview"],
    "title": ["'Hearing the Child's Voice'", "'Practice Standards for Recording'", "'Our Children, Our Future'",
              "'Getting It Right First Time'", "'Learning from Local Reviews'", "'Neglect Strategy 2024-27'",
              "'Valuing Care'", "'Stable Homes, Built on Love'", "'The Child's Day'", "'Threshold Document'",
              "'Corporate Parenting Strategy'", "'Sufficiency Strategy'"],
    "head": ["Areas for Development", "Management Oversight", "Voice of the Child", "Next Steps", "Key Findings",
             "Strengths", "Summary of Learning", "Actions Agreed", "Apologies", "Matters Arising",
             "Recommendations", "Any Other Business"],
    "grade": ["Good", "Outstanding", "Requires Improvement to Be Good", "Inadequate"],
    "acr": ["MARAC", "MAPPA", "PLO", "EHCP", "PEP", "RHI", "SGO", "ICPC", "RCPC", "CIN", "CP", "LAC", "UASC", "NEET",
            "FGC", "TAF", "EHA", "CSE", "CCE", "NRM", "DoLS", "SDQ", "KPI", "QA"],
}
KIN = ["mother", "father", "nan", "grandad", "stepfather", "aunt", "older brother", "foster carer", "uncle"]
CHANNELS = ["by phone", "at the office", "on Teams", "at home", "in school"]

# Slots: keep-terms as in KEEP (a trailing digit picks a second value from the same pool:
# team2, prog2 ...); people: c child first, cf2 second child first, p parent full, pf parent first,
# w worker full, wf worker first, w2 a second worker full, sur a surname alone, kin; identifiers:
# ref case ref, phone, email (a worker's), post a postcode.
TEMPLATES = [
    # panel and board minutes
    "{head}: the {team} reported to the Board that {prog} is now embedded across {loc}.",
    "Fostering Panel minutes. Present: {w} ({role}), {w2} ({role2}), the {abbr} representative. {c} was not discussed.",
    "Item 4 - {body} monitoring visit. {wf} said the {hub}'s response times had improved since the {team} restructure.",
    "Permanence Panel: {c}'s plan of {prog} was endorsed by the {role}; {pf} is to be told by {w2}.",
    "Minutes of the Corporate Parenting Board, {council}. {head}: {title} to be refreshed before {body} return.",
    "The Adoption Panel (chaired by {w}) recommended a {prog} for {c}; the {role} agreed on {date}.",
    # QA moderator margin notes
    "Moderator note: the {team}'s chronology is strong, but {prog} is not referenced and {c}'s {kin} is missing from the genogram.",
    "QA margin: {loc} ({abbr}) graded this {grade2}; I would say {grade}. {wf} to discuss with the {role}.",
    "Margin note - {prog} applied well; the {role} ({w}) should add the {prog2} plan and copy {acr} minutes in.",
    "{abbr} audit, moderated: agreed {grade}. The {hub}'s decision for {c} was timely.",
    # multi-agency meeting records
    "Strategy discussion held {channel}: {body}, {body2}, the {team} and {school_word} ({w}, {role}) agreed {prog} for {c}.",
    "Multi-agency meeting. Attendees: {w} ({abbr}); {w2}, {role}; {pf} ({kin}); representative from {body}.",
    "{body} shared that {p} was arrested in {town}; the {abbr} and {team} will hold a {acr} review for {c}.",
    "The {acr} meeting (hosted by the {hub}) heard from {wf} that {c} goes missing to {town} most weekends.",
    "Professionals meeting: {team}, {team2} and {body} - {c}'s {prog} plan to continue; {sur} family to be told.",
    # reports to scrutiny
    "Report to Children's Scrutiny Committee, {council}: performance of the {team} and the {abbr} against {acr} targets.",
    "{council}'s {team} saw a 12% rise in {prog} requests; the {role} told members that {loc} carries the most.",
    "Scrutiny asked why {town} has more {prog} cases than {town2}; the {role} said the {hub} counts them differently.",
    "The {role} presented {title} to the committee on behalf of the {team} and {body}.",
    # learning and training bulletins
    "Learning Bulletin No. 7: {prog} in practice. {head}: what the {team} learned from the review of {c}'s case.",
    "Practice Week: sessions on {prog}, {prog2} and {title}, run by the {role} with {body}.",
    "Training update - the {abbr} and {team} staff must complete {prog} training by March; contact {email}.",
    "{title} - a seven-minute briefing from the {role}, for the {hub}, {loc} and the {team}.",
    # emails between services
    "From: {w} ({team}) To: {abbr} duty. Subject: {prog} referral for {c}. Please ring {phone}.",
    "Hi {wf}, the {hub} has passed {c}'s case ({ref}) to {loc}; {body} are aware. Thanks, {w2}, {role}",
    "Email from the {role} at {body}: the {team} should not close {c} until the {prog} review; reply to {email}.",
    "RE: {acr} for {p} - the {team} ({abbr}) will attend; {town} office covering. Regards, {wf}",
    "Dear colleagues in the {team} and {team2}, {body} has asked for an update on {prog} for {c}.",
    # care-plan review summaries
    "Review summary: {c} remains subject to a {prog}; the {role}, {w}, was satisfied with the {prog2}.",
    "{role}'s summary - {c} ({age}) lives with {kin} {pf} in {town}; {prog} and {prog2} reviewed.",
    "Child in Care Review, {council}: {c}'s {prog} is up to date; {body} have completed the health assessment.",
    "At the review the {role} noted that {c}'s {kin}, {p}, would like {prog} through the {team}.",
    "{prog}: the {team} confirmed {c} will stay with {pf} under {prog2} until 21; {role} agreed.",
    # inspection-style judgement paragraphs
    "The experiences and progress of children in care: {grade}. In {council} the {team} knows its children well.",
    "{body} found that the {hub} and the {team} respond promptly; {prog} is used consistently in {loc}.",
    "Inspectors judged leadership {grade}. The {role} and the {role2} have a clear grip on {prog} and {acr} work.",
    "{grade}: children in {town} and {town2} benefit from the {team}'s work; {title} is well understood.",
    "Since the last {body} inspection, the {abbr} has introduced {prog}, and the {team} has halved {acr} drift.",
    # headings, lists, brackets, sentence starts
    "{team}. {head}. {c} and {cf2} seen together; {pf} declined {prog}.",
    "{abbr} / {team} / {body}: all agreed the threshold for {prog} is met for {c}.",
    "Services involved: {team}; {hub} ({town}); {body}; {role} ({w}).",
    "{town}'s {team} and the {town2} {hub} share one {role}, {w}.",
    "({prog}) {c}'s {kin} {pf} is willing; the {role} will visit {channel}.",
    "{loc}, {team} & {abbr}: {w} leads; {wf} covers for {c} when {pf} is away.",
    "{hub} decision: {prog} for {c}, NFA for {cf2}; passed to the {team} via {abbr}; ref {ref}.",
    "Postcode {post} sits in {loc}, so {c} is allocated to the {town} {hub} not the {team}.",
    "{w2} ({abbr}) said the {team}-led {prog} has helped {c} and {sur}'s younger children.",
]


def _dev3_names() -> set[str]:
    rows = [json.loads(line) for line in DEV3.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {s["value"].lower() for r in rows for s in r["secrets"] if s["type"] == "name"}


def _postcode(r: random.Random) -> str:
    return f"{r.choice(['BD', 'HX', 'OL', 'WN', 'L', 'TS', 'DN', 'SK'])}{r.randint(1, 22)} {r.randint(1, 9)}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def make(n: int, seed: int = 8) -> list[dict]:
    r = random.Random(seed)
    first, last = _faker_pools()
    keep_words = {w.lower().strip("'") for v in KEEP.values() for k in v for w in re.findall(r"[\w']+", k)}
    taken = {t.lower() for t in _older_names()} | _dev3_names() | keep_words
    first = {o: [x for x in v if x.lower() not in taken] for o, v in first.items()}
    last = {o: [x for x in v if x.lower() not in taken] for o, v in last.items()}
    first, last = ({o: v for o, v in pools.items() if v} for pools in (first, last))
    rows = []
    for i in range(n):
        def person():
            fo = r.choice(list(first))
            lo = fo if fo in last and r.random() < 0.7 else r.choice(list(last))
            return r.choice(first[fo]), r.choice(last[lo])
        template = TEMPLATES[i % len(TEMPLATES)]
        (cf, cs), (pf, ps), (wf, ws), (cf2, _), (w2f, w2s) = (person() for _ in range(5))
        values = dict(c=f"{cf} {cs}" if r.random() < 0.4 else cf, cf2=cf2, p=f"{pf} {ps}", pf=pf, w=f"{wf} {ws}",
                      wf=wf, w2=f"{w2f} {w2s}", sur=cs, kin=r.choice(KIN), channel=r.choice(CHANNELS),
                      age=str(r.randint(2, 17)), date=f"{r.randint(1, 28)}/{r.randint(1, 12):02d}/2025",
                      ref=f"{r.choice(['CIN', 'LAC', 'CP-', 'EH/'])}{r.randint(10000, 999999)}",
                      phone=f"07{r.randint(100, 999)} {r.randint(100000, 999999)}",
                      email=f"{wf.lower()}.{ws.lower()}@{r.choice(['council.gov.uk', 'nhs.net', 'police.uk'])}",
                      post=_postcode(r), school_word="school")
        for pool, options in KEEP.items():
            a, b = r.sample(options, 2)
            values[pool], values[pool + "2"] = a, b
        text = template.format(**values)
        types = {"ref": "case_ref", "phone": "phone", "email": "email", "post": "postcode"}
        secrets, keep = [], []
        for slot in re.findall(r"{(\w+)}", template):
            value = values[slot]
            if slot in ("c", "cf2", "p", "pf", "w", "wf", "w2", "sur"):
                secrets += [{"type": "name", "value": part} for part in value.split() if len(part) > 1]
            elif slot in types:
                secrets.append({"type": types[slot], "value": value})
            elif slot.rstrip("2") in KEEP:
                keep.append(value)
        rows.append(finish_row("dev4", i, text, secrets, keep, template, values.get("team"), 0.3, r))
    return rows


def main() -> None:
    cli(make, TEMPLATES, OUT)


if __name__ == "__main__":
    main()
