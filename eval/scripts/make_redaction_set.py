"""Generate the redaction stress set: eval/data/redaction_dev.jsonl and redaction_test.jsonl.

Fictional sentences in the audit, moderator-note and case-note registers from templates
written here, with planted secrets (names, case refs, NHS and NI numbers, dates of birth,
phones, emails, postcodes, addresses, schools) and keep-terms (teams, services, places,
job titles, acronyms). The development half and the test half use different templates and
different names (eval/scripts/redaction_names.py), so rules tuned on dev are scored on
sentences and names they never saw. Seeded: the same command writes the same files.

    python eval/scripts/make_redaction_set.py [--n 1800]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from redaction_names import FIRST, LAST, NICKNAMES, split  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "data"
TEAMS = {"dev": ["Harrowfield Assessment Team", "Kestrel Children in Care Team", "Northgate CP Team 2",
                 "Larkspur Family Support Team", "Wrenford Disabled Children's Team", "Meadowbank Leaving Care Team"],
         "test": ["Ashdown Safeguarding Team", "Riverside Assessment Team", "Brackley Court Team",
                  "Southmoor Children in Care Team", "Eastfield CP Team 1", "Fenwick Early Help Team"]}
SERVICES = ["Children's Social Care", "Early Help Service", "Fostering Service", "Youth Justice Service",
            "Leaving Care Service", "Family Safeguarding Service"]
PLACES = {"dev": ["Harrowfield", "Northgate", "Kestrel Bay", "Larkspur"],
          "test": ["Ashdown", "Southmoor", "Eastfield", "Fenwick"]}
ROLES = ["social worker", "Team Manager", "Independent Reviewing Officer", "family support worker",
         "health visitor", "Personal Adviser", "CP Chair", "school nurse", "Practice Manager"]
ACRONYMS = ["IRO", "ICPC", "RHI", "MASH", "LADO", "PLO", "CIN", "SGO", "EHCP", "CAMHS", "s47", "PEP"]
KIN = ["mother", "father", "stepfather", "nan", "aunt", "older brother", "grandmother", "uncle", "cousin"]
SCHOOLS = {"dev": ["Oakfield Primary School", "St Anne's Catholic Primary", "Highcliffe Academy",
                   "Moorside Junior School", "Brindley High School"],
           "test": ["Willowbrook Primary School", "St Cuthbert's C of E Primary", "Ravensworth Academy",
                    "Fernhill Infant School", "Castlegate High School"]}
STREETS = ["Larkspur Close", "Mill Lane", "Heather Road", "Orchard Way", "Station Street", "Cedar Avenue"]

# Templates. {c}: the child (full or first name), {cf}: the child's first name, {p}: a parent's full name,
# {w}: a worker's full name; identifiers and keep-terms by name. One set per half.
TEMPLATES = {
    "dev": [
        "{c} (DOB {dob}) was seen alone by the {role} and said she feels safe with her {kin}, {p}.",
        "The social worker, {w}, visited {cf} at home on {date}; the {team} recorded the visit.",
        "Case ref {ref}: {c}'s {kin} {p} did not attend the {acr} and no reason was recorded.",
        "{cf} told the {role} that {p} shouts when drunk. The {team} held a strategy discussion.",
        "Moderator note: the audit of {c} (NHS no. {nhs}) was rated RI; the {acr} was late.",
        "Mum ({p}) can be reached on {phone} or {email}; the family live at {address}, {postcode}.",
        "{c} attends {school} and the designated teacher reported good attendance.",
        "{p}, {cf}'s {kin}, has a history of domestic abuse known to the {service}.",
        "saw {lc} at school today, {lc} was quiet but ok. {w} to follow up.",
        "Dip sample: {w} ({role}) had not updated the plan for {c} since the {acr}.",
        "{cf} was placed with her {kin} in {place}; the {team} completed a viability assessment.",
        "The {role} {w} and {p} agreed a safety plan for {cf}, reviewed at the {acr}.",
        "{c}, aged {age}, is known to the {service}; date of birth {dob}.",
        "Casenote: phoned {p} re {cf}'s missing episode, no answer. NI number on file {ni}.",
        "File {file} holds the chronology for {c}; the {team} audit found drift.",
        "{nick} (the older sibling) told {w} he worries about {cf}.",
        "The {acr} for {c} was chaired by {w}; {p} attended with an advocate.",
        "Auditor: {w}. Child: {c}. Team: {team}. Rating: Good.",
        "Mr {sur} and Ms {sur2} were invited to the core group but only {pf} came.",
        "{cf} and {cf2} share a bedroom at {address}; the {role} noted damp.",
        "It was good to see {cf}'s wishes recorded in her own words by the {service}.",
        "A referral from {school} about {c} went to the {acr} within 24 hours.",
        "Both parents, {p} and {p2}, have learning needs; the {team} arranged an interpreter.",
        "{cf}'s DOB is {dob} and his case number is {ref}.",
    ],
    "test": [
        "During the home visit {w} spoke with {c}, who explained that her {kin} {p} had left.",
        "{c} was born on {dob} and lives with {p} at {address}, {postcode}.",
        "Audit finding: the {role}, {w}, did not record {cf}'s views before the {acr}.",
        "Contact details: {p}, tel {phone}, email {email}.",
        "{cf} is in Year 8 at {school}; the {team} has not spoken to the school.",
        "QA note - {c} (ref {ref}, NHS {nhs}) - plan reviewed by the {service}, good oversight.",
        "rang {lc}'s mum, {lc} not home yet, will try again tmrw. {w}",
        "{p} told {w} that {cf} had been missing overnight.",
        "In {place} the {team} now reviews every {acr} within ten days; {c}'s review was on time.",
        "{cf}'s {kin}, {p}, refused to let the {role} in.",
        "The moderator agreed with {w} that {c}'s file showed drift, and the {acr} had lapsed.",
        "{nick} has been staying with {cf} at weekends, which {p} did not know.",
        "Checks on {p} (NI {ni}, DOB {dob}) came back clear.",
        "Document {file} was uploaded to {c}'s record by the {role}.",
        "Ms {sur} and {pf} were both present; {cf} chose not to attend.",
        "{c}, who is {age}, said the {role} {w} listens to him.",
        "{w} from the {team} and {w2} from the {service} held a joint visit for {cf} and {cf2}.",
        "{c} has an EHCP at {school} and the {acr} was attended by the SENCO.",
        "Practice lead comment: {w}'s recording for {cf} is clear and child-centred.",
        "{cf} and her {kin} {p} moved to {address} in the spring.",
        "Following the {acr}, {p} and {p2} signed the written agreement.",
        "Manager oversight: discussed {cf} with {w}; {team} to convene a strategy meeting.",
        "Per {w}, {c}'s d.o.b. is {dob}.",
        "{cf} was seen with {cf2} at {place} bus station by the {role}.",
    ],
}


def _phone(r):
    prefix = r.choice(["07700 9", "07700 9", "01632 96", "0113 496 ", "+44 7700 9"])
    return prefix + "".join(str(r.randint(0, 9)) for _ in range(5 if "7700" in prefix else 4))


def _dob(r):
    d, m, y = r.randint(1, 28), r.randint(1, 12), r.randint(2006, 2022)
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    return r.choice([f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{str(y)[2:]}", f"{d} {months[m - 1]} {y}",
                     f"{d}{'th' if d not in (1, 2, 3, 21, 22, 23) else ['st', 'nd', 'rd'][d % 10 - 1]} {months[m - 1][:3]} {y}",
                     f"{y}-{m:02d}-{d:02d}", f"{d}.{m}.{y}", f"{months[m - 1]} {d}, {y}"])


def _nhs(r):
    digits = "".join(str(r.randint(0, 9)) for _ in range(10))
    return r.choice([f"{digits[:3]} {digits[3:6]} {digits[6:]}", digits, f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"])


def _ni(r):
    letters = "ABCEGHJKLMNPRSTWXYZ"
    body = "".join(str(r.randint(0, 9)) for _ in range(6))
    prefix, suffix = r.choice(letters) + r.choice(letters), r.choice("ABCD")
    return r.choice([f"{prefix}{body}{suffix}", f"{prefix} {body[:2]} {body[2:4]} {body[4:]} {suffix}"])


def make(half: str, n: int, seed: int) -> list[dict]:
    r = random.Random(seed)
    first, last = split(FIRST, half), split(LAST, half)
    origins = [o for o in first if o in last] + ["Word-names", "Hyphenated"]
    nicks = NICKNAMES[half].split()
    rows = []
    for i in range(n):
        def person():
            fo = r.choice(origins)
            lo = fo if fo in last else r.choice([o for o in last])
            if r.random() < 0.1:
                lo = "Hyphenated"
            return r.choice(first[fo]), r.choice(last[lo])
        template = TEMPLATES[half][i % len(TEMPLATES[half])]
        secrets: list[dict] = []
        keep: list[str] = []
        values: dict[str, str] = {}
        (cf, cs), (pf, ps), (wf, ws), (pf2, ps2), (cf2, _), (wf2, ws2) = (person() for _ in range(6))
        use_full = r.random() < 0.6
        values.update(c=f"{cf} {cs}" if use_full else cf, cf=cf, p=f"{pf} {ps}", pf=pf, w=f"{wf} {ws}",
                      p2=f"{pf2} {ps2}", cf2=cf2, w2=f"{wf2} {ws2}", sur=cs, sur2=ps, lc=cf.lower(),
                      nick=r.choice(nicks))
        if r.random() < 0.1:  # an initial for the worker's first name
            values["w"] = f"{wf[0]}. {ws}"
        team, place = r.choice(TEAMS[half]), r.choice(PLACES[half])
        values.update(team=team, service=r.choice(SERVICES), role=r.choice(ROLES), acr=r.choice(ACRONYMS),
                      kin=r.choice(KIN), place=place, school=r.choice(SCHOOLS[half]),
                      dob=_dob(r), date=f"{r.randint(1, 28)} March 2021", ref=f"{r.choice(['', 'LCS-', 'CR'])}{r.randint(100000, 9999999)}",
                      nhs=_nhs(r), ni=_ni(r), phone=_phone(r), email=f"{pf.lower()}.{ps.lower().replace(chr(39), '')}@example.org",
                      postcode=f"ZZ{r.randint(1, 99)} {r.randint(1, 9)}{r.choice('ABDEFGHJ')}{r.choice('LNPQRSTUWXYZ')}",
                      address=f"{r.randint(1, 220)} {r.choice(STREETS)}", age=str(r.randint(2, 17)),
                      file=f"{cf.lower()}_{cs.lower().replace(chr(39), '')}_{r.choice(['chronology', 'cp_plan', 'pep'])}.docx")
        text = template.format(**values)
        types = {"c": "name", "cf": "name", "p": "name", "pf": "name", "w": "name", "p2": "name", "cf2": "name",
                 "w2": "name", "sur": "name", "sur2": "name", "lc": "name", "nick": "name", "dob": "dob",
                 "ref": "case_ref", "nhs": "nhs_number", "ni": "ni_number", "phone": "phone", "email": "email",
                 "postcode": "postcode", "address": "address", "school": "school", "file": "name"}
        for slot in re.findall(r"{(\w+)}", template):
            if slot in types:
                value = values[slot]
                if slot == "file":  # the name inside a file name
                    secrets += [{"type": "name", "value": cf.lower()}, {"type": "name", "value": cs.lower().replace("'", "")}]
                elif types[slot] == "name":
                    for part in re.split(r"\s+", value.replace(".", " ")):
                        if len(part) > 1:
                            secrets.append({"type": "name", "value": part})
                else:
                    secrets.append({"type": types[slot], "value": value})
            elif slot in ("team", "service", "place", "role", "acr"):
                keep.append(values[slot])
        seen = set()
        secrets = [s for s in secrets if not ((s["type"], s["value"]) in seen or seen.add((s["type"], s["value"])))]
        people = [values[k] for k in ("c", "p", "w", "p2", "w2") if "{" + k + "}" in template and " " in values[k]]
        row = {"id": f"{half}-{i:05d}", "text": text, "secrets": secrets, "keep": sorted(set(keep)), "people": people}
        if "{team}" in template:
            row["team"] = team
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1800, help="sentences per half")
    args = parser.parse_args()
    for half, seed in (("dev", 1), ("test", 2)):
        rows = make(half, args.n, seed)
        names = {s["value"] for row in rows for s in row["secrets"] if s["type"] == "name"}
        full = {p for row in rows for p in row.pop("people")}
        path = OUT / f"redaction_{half}.jsonl"
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
        print(f"{path.name}: {len(rows)} sentences, {len(names)} distinct name tokens, "
              f"{len(full)} distinct full names", file=sys.stderr)


if __name__ == "__main__":
    main()
