"""Generate a fifth development set, eval/data/redaction_dev5.jsonl: case-audit registers with people
in many positions and forms, about half the rows dense with keep-terms.

Why: by round 10 every development set let 0-2 names through while the test half still let 33 of
5,548 through and lost 24 of 1,350 keep-terms, so the development sets no longer showed the
classes of miss. These templates (written for round 11, none from another generator) cover audit
findings, QA moderator notes, terse lower-case case notes and chronology entries, supervision
records, strategy discussion and core group minutes, CIN/CLA review notes, letters and emails
between services, the child's own words, and file names and ids. People appear at sentence start,
after roles and kinship words, in possessives, appositions, lists, quoted speech, as initials,
nicknames, Mc/Mac/O' and hyphenated and apostrophe surnames, word-names, lower-case names, and
inside file names; identifiers are case refs, NHS and NI numbers, dates of birth in many formats,
phones, emails, postcodes, addresses and schools. Names come from Faker 40.54.0's person lists
(as dev3/dev4) less every name of the older generators, dev3 and dev4, and less any keep-term word.

First measured, once, on round 11's start commit bb13952 (`eval redaction --redactor-only`, 1,800
rows, seed 11): names 335 of 5,917 through (94.34%); dob 61 of 109 through; address 3 of 54; case_ref
0/163, email 0/54, nhs_number 0/54, ni_number 0/27, phone 0/54, postcode 0/81, school 0/136;
keep-terms lost 44 of 3,508 (1.25%).
After round 11's rules (same set, same command): names 41 of 5,917 through (99.31%); every
identifier type 0 through; keep-terms lost 20 of 3,508 (0.57%).

Faker is not a product dependency: run it in the throw-away venv dev3 uses.
    /tmp/rd7-venv/bin/python eval/scripts/make_redaction_dev5.py [--n 1800]
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_redaction_dev2 import cli, finish_row  # noqa: E402
from make_redaction_dev3 import _faker_pools, _older_names, NICKNAMES as DEV3_NICKS  # noqa: E402
from make_redaction_dev2 import NICKNAMES as DEV2_NICKS  # noqa: E402
from make_redaction_set import _nhs, _ni  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "data" / "redaction_dev5.jsonl"
OLDER_SETS = [OUT.with_name(f"redaction_dev{k}.jsonl") for k in (3, 4)]

KEEP = {
    "team": ["Duty and Assessment Team", "Children in Care Team 2", "Safeguarding and Family Support Team",
             "Leaving Care Service", "Disabled Children's Team", "Permanence and Adoption Team",
             "Family Support Service", "Youth Offending Service", "Early Help Hub", "Child Protection Team",
             "Adolescent Response Team", "Family Help Team", "Kinship Care Team", "Fostering Service",
             "Supervised Contact Service", "Exploitation and Missing Team", "Care Leavers Team",
             "Parenting Assessment Team", "Community Family Hub", "Targeted Early Help Service",
             "Children Looked After Team", "Integrated Front Door", "Family Resilience Team",
             "Domestic Abuse Service", "Child and Family Assessment Team"],
    "town": ["Halifax", "Huddersfield", "Dewsbury", "Batley", "Pudsey", "Keighley", "Shipley", "Todmorden",
             "Castleford", "Pontefract", "Wakefield", "Doncaster", "Mexborough", "Ossett", "Brighouse",
             "Heckmondwike", "Ilkley", "Otley", "Morley", "Rothwell", "Hebden Bridge", "Elland", "Mirfield"],
    "council": ["Leeds City Council", "Bradford Council", "Wakefield Council", "Calderdale MBC",
                "Doncaster Council", "Sheffield City Council", "Lancashire County Council", "Cumberland Council",
                "Westmorland and Furness Council", "Gateshead Council", "Sunderland City Council",
                "Blackpool Council", "Warrington Borough Council", "Salford City Council"],
    "body": ["the police", "West Yorkshire Police", "South Yorkshire Police", "Cafcass", "Ofsted",
             "the health visiting service", "the school nursing team", "Barnardo's", "the NSPCC", "Women's Aid",
             "the GP practice", "Children's Services", "Adult Social Care", "the local authority",
             "the Youth Justice Service", "the Virtual School", "Housing Options", "the probation service",
             "Turning Point", "the Children's Commissioner", "the Family Court", "the Local Safeguarding Partnership"],
    "role": ["Social Worker", "Team Manager", "Service Manager", "Advanced Practitioner", "Family Support Worker",
             "Personal Adviser", "Health Visitor", "School Nurse", "Independent Reviewing Officer",
             "Child Protection Chair", "Designated Teacher", "Early Help Practitioner", "Youth Worker",
             "Practice Supervisor", "Head of Safeguarding", "Placement Officer", "Contact Supervisor",
             "Family Group Conference Co-ordinator", "Student Social Worker", "Deputy Team Manager"],
    "prog": ["Signs of Safety", "Family Group Conference", "Child in Need plan", "Child Protection Plan",
             "Pathway Plan", "Care Plan", "Safety Plan", "Early Help Assessment", "Life Story Work",
             "Return Home Interview", "Graded Care Profile 2", "Staying Put", "Family Safeguarding",
             "Team Around the Family", "Strengthening Families", "Parenting Assessment", "Viability Assessment",
             "Section 47 enquiry", "Section 20 agreement", "Public Law Outline", "Interim Care Order",
             "Special Guardianship Order", "Child Sexual Exploitation risk assessment", "Personal Education Plan"],
    "acr": ["CIN", "CLA", "CP", "ICPC", "RCPC", "LADO", "MASH", "MARAC", "PLO", "EHCP", "PEP", "SGO", "IRO",
            "CAMHS", "DSL", "GCP2", "RHI", "FGC", "UASC", "NFA", "CSE", "CCE", "TAF", "SDQ", "ASB", "DV"],
    "head": ["Summary", "Analysis", "Outcome", "Actions", "Rationale", "Management Oversight",
             "Voice of the Child", "Risks", "Strengths", "Plan", "Next Steps", "Reflection", "Decision"],
}
KIN = ["mum", "dad", "step-mum", "nana", "grandma", "granddad", "auntie", "big sister", "half-sister",
       "mum's partner", "paternal grandmother", "foster carer", "cousin"]
MC = ["McAlinden", "MacAskill", "O'Dowd", "McGarrity", "O'Halloran", "MacIver", "McQuarrie", "O'Riordan",
      "McCreesh", "MacLennan", "O'Keeffe", "McElhinney", "Mac Giolla", "McTaggart", "O'Loughlin", "McKinstry"]
APOS = ["D'Souza", "N'Diaye", "D'Almeida", "De'Ath", "Da'Costa", "L'Estrange", "N'Golo", "D'Arcy"]
WORDNAMES_FIRST = ["Blessing", "Precious", "Miracle", "Storm", "River", "Marley", "Bailey", "Destiny", "Journey",
                   "Ocean", "Sunny", "Royal", "Reign", "Honor", "Justice", "Willow", "Clover", "Meadow", "Bear"]
WORDNAMES_LAST = ["Fox", "Hill", "Wood", "Marsh", "Baker", "Mason", "Bishop", "Best", "Sharp", "Rich",
                  "Moody", "Bland", "Goodwin", "Street", "Field", "Stone", "Lamb", "Gold", "Cross", "Wells"]
NICKS = ["Spud", "Bubba", "Smudge", "Bean", "Ziggy", "Midge", "Bubs", "Jonno", "Titch", "Gaz", "Dazza", "Mo-Mo",
         "Sonny-boy", "Kaz", "Babs", "Macca", "Shaz", "Robbo"]
STREETS = ["Fold Lane", "Beck Side", "Ginnel Walk", "Weavers Row", "Tenter Croft", "Quarry Bank", "Slack Road",
           "Carr Gate", "Ings Way", "Holme Close", "Clough Street", "Brow Terrace"]
SCHOOLS = ["Beckside Primary Academy", "Holy Trinity CE Junior School", "Carr Gate High", "St Aidan's RC Academy",
           "Ings Way Pupil Referral Unit", "Slack Road Infant School", "Tenter Croft Nursery",
           "Fold Lane Community College"]

# Slots. People: c child (first or full), cf child first, cf2 another child's first, p parent full,
# pf parent first, w worker full, wf worker first, w2 a second worker full, sur a surname alone,
# lc a first name lower-case, lcs a surname lower-case, ini initials, nick a nickname, mc a full name
# with a Mc/Mac/O' surname, hy a full name with a hyphenated surname, ap a full name with an
# apostrophe surname, wn a word-name full, tt a title and surname, file a file name with names in.
# Identifiers: ref, nhs, ni, dob, phone, email, post, addr, school. Keep-terms: KEEP's pools (a
# trailing 2 is a second value from the same pool). date, time, kin, age are free text.
TEMPLATES = [
    # audit findings
    "The auditor found that {c}'s {prog} had not been reviewed since {date} and the {team} had not escalated.",
    "Auditor: good evidence of direct work with {cf}; {wf} used {prog} tools and recorded {cf}'s wishes.",
    "Finding 3 - the {role} ({w}) did not record why {p} was not invited to the {acr} meeting.",
    "The audit found no chronology for {c}. {head}: the {team} to complete one with {w} by month end.",
    "Audited by {w2}, {role}. {c} (DOB {dob}) - practice graded Requires Improvement; {prog} drift noted.",
    "It was positive to see {wf} visit {c} within timescales; the {acr} plan is SMART and {body} contributed.",
    "The auditor could not find consent from {mc} for information sharing with {body}.",
    "Audit of {ref}: {c}, {school}. {head}: the {team} evidenced {prog}, but {pf}'s views are absent.",
    # QA moderator notes
    "Moderator: I agree with the grade. {w} should note {cf2}'s {kin} {pf} as a protective factor.",
    "QA moderation - {team}, {council}. Auditor {w2} was generous; {c}'s {prog} is overdue.",
    "Moderation comment: {wf}'s analysis is strong but the {acr} minutes for {c} are not on file.",
    "Moderated by {tt} ({role}). Grade changed from Good to Requires Improvement; {sur} family history missing.",
    "Moderator note for {wf}: please check the {prog} with {role2} {w2} before sign-off.",
    # case notes and chronology entries (terse, informal, lower-case)
    "{date} hv - seen {lc} alone in bedroom, {lc} quiet, said {kin} shouts. {ini} to follow up.",
    "{date}: tc from {kin} ({pf}) re {lc} not in school. advised to ring {body}.",
    "{date} {time} - {nick} ({cf}) missing overnight, returned {time2}; rhi offered by {wf}.",
    "cn {date}: sw {wf} visited, {lc} {lcs} not home, card left. mum {pf} txt later.",
    "{date} - strat disc, {body} & {team}. s47 agreed for {c}. {p} not to be told yet.",
    "{date} home visit by {w}. {c} and {cf2} seen; {kin} {pf} present. home conditions poor.",
    "chron: {date} {acr} held; {date2} {c} moved to {kin} {sur}'s; {date3} {prog} started.",
    "{date} ec from {w2} ({body}) - {c} disclosed to {school} staff that {pf} hit {cf2}.",
    "rang {pf} x3 no answer. {lc} seen at school by {wf}, {lc} said all ok. {ini}",
    # supervision records
    "Supervision {date}: {w} and {role} {w2}. Discussed {c} - {prog} to continue, {acr} review booked.",
    "Reflective supervision - {wf} worried about {cf}'s {kin}; agreed to refer to {body} and the {team}.",
    "Case supervision. Present: {w}, {role}; {w2}, {role2}. {c}: risks - {kin} {p}'s drinking.",
    "Management oversight ({role}, {w2}): I have read {wf}'s assessment of {c} and agree {prog}.",
    "In supervision {wf} said {quote}; {role} {w2} agreed to a joint visit.",
    # strategy discussion and core group minutes
    "Strategy discussion. Attendees: {w} ({team}), DC {sur2} ({body}), {tt} (GP). Subject: {c}, DOB {dob}.",
    "Core group minutes {date}. Present: {p} ({kin}), {w} (SW), {w2} ({role}). Apologies: {mc}.",
    "Core group: {pf} has engaged with {body}; {cf}'s attendance at {school} is 78%. Next core group {date}.",
    "Strategy meeting for {c} ({ref}) - {body} to interview {hy}; {team} to visit {cf2} same day.",
    "Minutes: {head}. {w} summarised the {prog}; {ap} ({kin}) disagreed and left the meeting.",
    "The strategy discussion agreed a joint {acr} visit by {wf} and {body}; {c}'s {kin}, {wn}, to be seen.",
    # CIN/CLA review notes
    "CLA review for {c}. IRO {w}. {cf} lives with foster carers {p} and {pf2} in {town}.",
    "CIN review {date}: {c} (age {age}); {kin} {p}; school {school}. {prog} progressing.",
    "At {c}'s review the IRO {w2} asked the {team} for a {prog} by {date}.",
    "Child in Care review - {head}: {cf} wants to see {kin} {pf} more; {body} to arrange.",
    "{acr} review. {c} - NHS {nhs}. Health assessment done by {tt}. {prog} updated.",
    "Review note: {wn} and {cf2} are settled with {mc}; the {team} will apply for an {prog}.",
    # letters and emails
    "Dear {tt}, re: {c}, DOB {dob}, {addr}, {post}. The {team} would welcome your views. Yours, {w}, {role}",
    "From: {email} To: {team} duty. {c} ({ref}) - {kin} {pf} rang, please call {phone}.",
    "Hi {wf}, thanks for today. {cf}'s {kin} {p} says the {prog} is helping. Cheers, {w2}",
    "Letter to {p}, {addr}, {town} {post}: we are writing about {cf} following the {acr} conference.",
    "Email from {body}: {c} was stopped in {town} with {nick}; please ring {w2} on {phone}.",
    "FAO {role}, {team}. Referral for {c}, NI {ni}, NHS {nhs}. Referrer: {w} ({body}).",
    "To: {email}. Subject: {lc} {lcs} - {prog}. {wf}, can you update the {acr} plan? {w2}",
    # child's voice quotes
    "{cf} said: \"{kin} {pf} is nice to me but {nick} is scary\".",
    "In {cf}'s words: \"I want to live with {kin} and I miss {cf2}.\" {wf} recorded this on the {prog}.",
    "\"{pf} says I can't tell {wf} anything,\" {cf} told the {role}.",
    "{c} wrote in her wishes and feelings booklet: 'I like {w2}, she listens. I don't like {sur}.'",
    "{cf} (age {age}): \"me and {cf2} go to {kin}'s at weekends\".",
    # file names and ids
    "Uploaded {file} to the {acr} folder for {c}.",
    "See attachment {file}; ref {ref}; worker {w}.",
    "Doc: {file} ({team}, {council}).",
    "Case {ref} / {c} / {dob} / {post} - transferred to the {team} on {date}.",
    "Record {ref}: {lcs}, {lc} - {prog} closed, NFA.",
    # dense keep-term rows
    "{team} and {team2} ({council}): the {role} and {role2} agreed the {prog} and the {prog2} for {c}.",
    "{head}. The {town} {team} held a {acr} and {acr2}; {body} and {body2} attended. {w} chaired.",
    "{council}'s {team}, {body} and the {role} reviewed the {prog}; {cf}'s {kin} {pf} was invited.",
    "Referral from {body} to the {team} via the {acr2}: {c}, {school}; the {role} to allocate.",
    "{role} {w} ({team}) and {role2} {w2} ({team2}) attended; {body} sent apologies.",
    "{prog}, {prog2} and {acr}: the {team} in {town} and {town2} uses all three. {wf} is the lead.",
    "{head}: {body} will lead, the {team} to support with {prog}; {role} to review on {date}.",
    "The {town} office of the {team} transferred {c} to {town2}'s {team2} ({acr}).",
    "{mc}, {role2}, and {hy}, {role}, co-worked the {prog} for {c}.",
    "{ap} ({role}, {body}) and {wn} ({kin}) attended the {acr}; {cf}'s {prog} was agreed.",
]


def _taken_sets() -> set[str]:
    names = set()
    for path in OLDER_SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                names |= {s["value"].lower() for s in json.loads(line)["secrets"] if s["type"] == "name"}
    return names


def _dob(r: random.Random) -> str:
    d, m, y = r.randint(1, 28), r.randint(1, 12), r.randint(2007, 2023)
    mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]
    return r.choice([f"{d}/{m}/{y}", f"{d:02d}.{m:02d}.{str(y)[2:]}", f"{d}-{mon}-{y}", f"{d:02d} {mon} {y}",
                     f"{d:02d}/{m:02d}/{str(y)[2:]}", f"{y}/{m:02d}/{d:02d}", f"{d}{mon.upper()}{y}"])


def _phone(r: random.Random) -> str:
    n = "".join(str(r.randint(0, 9)) for _ in range(6))
    return r.choice([f"07{r.randint(100, 999)}{n}", f"07{r.randint(100, 999)}-{n}", f"(01{r.randint(100, 999)}) {n}",
                     f"+447{r.randint(100, 999)}{n}", f"0{r.randint(113, 191)} {n[:3]} {n[3:]}{r.randint(0, 9)}"])


def _postcode(r: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return (f"{r.choice(['HD', 'WF', 'LS', 'BD', 'HX', 'S', 'DN', 'M', 'WA'])}{r.randint(1, 29)}"
            f"{r.choice([' ', ' ', ''])}{r.randint(1, 9)}{r.choice(letters)}{r.choice(letters)}")


def make(n: int, seed: int = 11) -> list[dict]:
    r = random.Random(seed)
    first, last = _faker_pools()
    keep_words = {w.lower().strip("'") for v in KEEP.values() for k in v for w in re.findall(r"[\w']+", k)}
    taken = ({t.lower() for t in _older_names()} | _taken_sets() | keep_words
             | {x.lower() for x in DEV2_NICKS + DEV3_NICKS})
    first = {o: [x for x in v if x.lower() not in taken and len(x) > 2] for o, v in first.items()}
    last = {o: [x for x in v if x.lower() not in taken and len(x) > 2] for o, v in last.items()}
    first, last = ({o: v for o, v in pools.items() if v} for pools in (first, last))
    mc = [x for x in MC if x.lower() not in taken]
    apos = [x for x in APOS if x.lower() not in taken]
    wn_first = [x for x in WORDNAMES_FIRST if x.lower() not in taken]
    wn_last = [x for x in WORDNAMES_LAST if x.lower() not in taken]
    nicks = [x for x in NICKS if x.lower() not in taken]
    rows = []
    for i in range(n):
        def person():
            # an origin by its pool's size (capped), so a pool the older sets emptied is not over-drawn
            fo = r.choices(list(first), [min(len(v), 80) for v in first.values()])[0]
            lo = (fo if fo in last and len(last[fo]) > 20 and r.random() < 0.7
                  else r.choices(list(last), [min(len(v), 80) for v in last.values()])[0])
            return r.choice(first[fo]), r.choice(last[lo])
        template = TEMPLATES[i % len(TEMPLATES)]
        (cf, cs), (pf, ps), (wf, ws), (cf2, _), (w2f, w2s), (pf2, s2), (xf, xs), (yf, ys) = (person() for _ in range(8))
        date = lambda: r.choice([f"{r.randint(1, 28)}/{r.randint(1, 12)}/25", f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.2025",
                                 f"{r.randint(1, 28)} {r.choice(['Jan', 'Mar', 'June', 'Sept', 'Nov'])}"])
        values = dict(
            c=f"{cf} {cs}" if r.random() < 0.4 else cf, cf=cf, cf2=cf2, p=f"{pf} {ps}", pf=pf, pf2=pf2,
            w=f"{wf} {ws}" if r.random() < 0.85 else f"{wf[0]}. {ws}", wf=wf, w2=f"{w2f} {w2s}", sur=cs, sur2=s2,
            lc=cf.lower(), lcs=cs.lower(), ini=cf[0] + cs[0], nick=r.choice(nicks),
            mc=f"{xf} {r.choice(mc)}", hy=f"{yf} {ys}-{r.choice(r.choice(list(last.values())))}",
            ap=f"{xf} {r.choice(apos)}", wn=f"{r.choice(wn_first)} {r.choice(wn_last + [xs])}",
            tt=f"{r.choice(['Dr', 'Mrs', 'Mr', 'Ms', 'Miss', 'PC', 'Nurse'])} {ys}",
            kin=r.choice(KIN), age=str(r.randint(2, 17)), date=date(), date2=date(), date3=date(),
            time=f"{r.randint(7, 23)}:{r.choice(['00', '15', '30', '45'])}", time2=f"{r.randint(0, 11)}{r.choice(['am', 'pm'])}",
            ref=r.choice([f"{r.choice(['CIN', 'CLA', 'CP', 'EH', 'LCS'])}-{r.randint(100000, 9999999)}",
                          f"{r.randint(100000, 999999)}", f"MOS{r.randint(10000, 99999)}", f"ID {r.randint(1000000, 9999999)}"]),
            nhs=_nhs(r), ni=_ni(r), dob=_dob(r), phone=_phone(r),
            email=r.choice([f"{wf.lower()}.{ws.lower()}", f"{wf[0].lower()}{ws.lower()}", f"{ws.lower()}{r.randint(1, 99)}"])
            + "@" + r.choice(["calderdale.gov.uk", "nhs.net", "westyorkshire.police.uk", "school.org.uk", "gmail.com"]),
            post=_postcode(r), addr=f"{r.randint(1, 240)} {r.choice(STREETS)}", school=r.choice(SCHOOLS),
            quote=r.choice([f"\"{cf} never makes eye contact\"", f"'{pf} is hard to reach'", f"\"{cf2} is the one at risk\""]),
        )
        fparts = r.choice([(cs, cf), (cf, cs), (cs,)])
        values["file"] = r.choice(["{a}_{b}_chronology_v2.docx", "{b}{a}-assessment-final.pdf", "cp_{a}_{b}_2025.doc",
                                   "{a}.{b}.minutes.docx"]).format(a=fparts[0], b=fparts[-1])
        file_names = list(fparts)
        for pool, options in KEEP.items():
            a, b = r.sample(options, 2)
            values[pool], values[pool + "2"] = a, b
        text = template.format(**values)
        types = {"ref": "case_ref", "nhs": "nhs_number", "ni": "ni_number", "dob": "dob", "phone": "phone",
                 "email": "email", "post": "postcode", "addr": "address", "school": "school"}
        person_slots = {"c", "cf", "cf2", "p", "pf", "pf2", "w", "wf", "w2", "sur", "sur2", "lc", "lcs", "ini",
                        "nick", "mc", "hy", "ap", "wn"}
        secrets, keep = [], []
        for slot in re.findall(r"{(\w+)}", template):
            value = values[slot]
            if slot in person_slots:
                secrets += [{"type": "name", "value": part} for part in value.split() if len(part.strip(".")) > 1]
            elif slot == "tt":
                secrets.append({"type": "name", "value": value.split()[-1]})
            elif slot == "quote":
                secrets += [{"type": "name", "value": x} for x in (cf, pf, cf2) if re.search(rf"\b{x}\b", value)]
            elif slot == "file":
                secrets += [{"type": "name", "value": x} for x in file_names]
            elif slot in types:
                secrets.append({"type": types[slot], "value": value})
            elif slot.rstrip("2") in KEEP:
                keep.append(value)
        secrets = [s for s in secrets if s["value"] in text]
        keep = [k for k in keep if not any(k in s["value"] for s in secrets)]  # a ref's prefix is not a keep-term
        rows.append(finish_row("dev5", i, text, secrets, keep, template, values.get("team"), 0.3, r))
    return rows


def main() -> None:
    cli(make, TEMPLATES, OUT)


if __name__ == "__main__":
    main()
