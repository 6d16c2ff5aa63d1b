"""Generate a second development set, eval/data/redaction_dev2.jsonl, that stands for unseen text.

The first development half is fitted; this one has its own templates (audit findings, case notes,
moderator notes, inspection-report style), its own fictional names (none in
eval/scripts/redaction_names.py's pools apart from four word-names of the first development
half) and its own keep-terms, including kinds the first generator lacks: services ending in
"Hub", "Panel", "Front Door", "Partnership"; inspectorates and courts; councils; named
programmes ("Signs of Safety", "Mockingbird"). Name forms: all capitals, lower case, initials,
nicknames, possessives, names beside family words, hyphenated and two-word surnames, names that
are words and surnames that are places. Seeded: the same command writes the same file.

    python eval/scripts/make_redaction_dev2.py [--n 1200]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_redaction_set import _dob, _nhs, _ni, _phone  # noqa: E402
from redaction_names import FIRST as OLD_FIRST, LAST as OLD_LAST, NICKNAMES as OLD_NICKS  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "data" / "redaction_dev2.jsonl"

FIRST = {
    "British": "Imogen Florence Rupert Jasper Tobias Harriet Beatrice Kieran Nathan Danielle Shaun Kerry Wayne Paige "
               "Jordan Aaron Cody Lacey Demi Kyle Tegan Maisie Ruben Stanley Albie Arlo Margot Elspeth Rory Calum "
               "Innes Gregor Morven Rhodri Heledd Sioned Elin Bryn Manon Gareth",
    "Irish": "Fionnuala Brendan Eimear Cathal Orlaith Diarmuid Sorcha Fergal Aoibheann Conall Peadar Bronagh",
    "South Asian": "Rohan Anika Zubair Tahira Manpreet Ravinder Shreya Kamran Nazia Irfan Parveen Harjit Deepika Asif "
                   "Rubina Sukhdeep Naveed Mehwish Adeel Javed Sabiha Kuldeep Navjot Pooja Vivek Samina Tanvir",
    "West African": "Adebayo Funmilayo Chinedu Nkechi Kwabena Akosua Oluwadamilare Bisola Uchenna Ebere Kayode "
                    "Damilola Yaa Kwesi Adjoa Ifeanyi Modupe Olumide",
    "East African": "Fartun Liban Hamdi Sagal Guled Selam Kidus Meron Biniam Zahra Ubah Mahad",
    "Caribbean": "Shamar Akeem Shanelle Denton Marlon Claudette Dwayne Kerry-Ann Nadine Lloyd Beverley Trevor Andre "
                 "Kimberley",
    "East European": "Grzegorz Małgorzata Bartosz Magdalena Mihai Alina Vytautas Rasa Janis Ilze Dmytro Olena "
                     "Stanislav Petra Radek Krisztina Gabriela Florin",
    "Arabic": "Abdulrahman Fatma Hamza Maryam Zaid Jana Rami Nour Bashir Samira Walid Hind",
    "Chinese": "Xiaoling Zhiwei Yifan Haoran Meiling Jiahui Wing Ka-Wai Siu-Ming Duc Thuy Bao",
    "Word": "Hope Grace Rose Summer Mark Dawn Holly Ivy Robin Jay Amber Hazel Pearl Sunny Rowan Heather Carol Bill "
            "Frank Patience Mercy Blessing Precious Gift Honour Sonny Ray Glory Harmony",
    "Hyphenated": "Mary-Jane Lily-Mae Kacey-Leigh Rio-Jay Abdul-Karim Jean-Luc Anne-Marie Tia-Louise Harley-Jo "
                  "Kai-Leigh",
}
LAST = {
    "British": "Ackroyd Brearley Cheetham Dobson Fothergill Haworth Illingworth Lumb Mellor Nuttall Ormerod "
               "Pilkington Rawcliffe Shackleton Tattersall Uttley Wadsworth Yeadon Barraclough Gledhill Pugh Howells "
               "Jenkins Powell Bevan Gruffydd Ferguson Lamont Ogilvie Munro Dalgleish Kerr MacAulay McCrae",
    "Word": "Baker Shepherd Fox Bird Hill Wood Green Young Rich Lamb Stone Marsh Bell Banks Rivers Cross Frost Hunt "
            "Sharp Best Wise Love Moss Field Summers Winter Church Power",
    "Place": "Preston Kendal Buxton Whitby Ripley Chester Lancaster Bradford Sutton Darlington Halifax Dudley",
    "Irish": "O'Keeffe Hegarty Cullinane Breathnach Mulcahy McGettigan O'Rourke Devlin Ní Dhomhnaill",
    "South Asian": "Ahmed Malik Bibi Sidhu Rana Nawaz Gupta Mistry Joshi Anwar Bains Uddin Miah Shah Desai Chowdhury",
    "West African": "Oladipo Nnamdi Obi Ogunleye Akinola Appiah Darko Ofori Quaye Danquah Ibekwe Nwosu Ayodele",
    "East African": "Jama Nur Aden Tekle Gebreyes Wolde Mengistu Ali Hirsi Dualeh",
    "Caribbean": "Blackwood McKenzie Gayle Spence Reid Braithwaite Walcott Gordon Forbes",
    "East European": "Kowalski Nowicka Zając Jankowski Wróbel Popa Dumitru Stanescu Petrauskas Jankauskas Bērziņš "
                     "Ozols Kovalenko Shevchenko Novák Svoboda Kovács Tóth",
    "Arabic": "Al-Amin El-Masri Abdallah Haidar Jaber Qasim Darwish Said Rashid Al-Zahrani Bakr",
    "Chinese": "Zhou Xu Sun Lam Cheung Ho Yip Lau Ng Tse Chan Leung Wu Lin Vu",
    "Hyphenated": "Ashby-Cole Morgan-Davies Ahmed-Khan Osei-Tutu Nkemelu-Brown Wright-Patterson Lloyd-Jones "
                  "Hamilton-Smythe Stewart-Ogun De Souza Da Silva Van Dijk",
}
NICKNAMES = "Bazza Titch Jojo Macca Deano Sully Jacko Kenzo Rikki Nellie Bubba Tash".split()
TEAMS = ["Calderbrook Children in Care Team", "Westmere Edge of Care Team", "Hollinwood Family Intervention Team",
         "Stanecliffe Court and Permanence Team", "Moorhaven Neighbourhood Team 3", "Brackenvale Adolescent Team",
         "Tameside Disabled Children Team", "Rochdale Pathway Team"]
SERVICES = ["Children's Front Door", "Integrated Front Door", "Family Hub", "Exploitation Panel", "Resource Panel",
            "Permanence Panel", "Missing and Exploitation Hub", "Westmere Safeguarding Children Partnership",
            "Adoption Panel", "Fostering Panel", "Multi-Agency Safeguarding Hub", "Youth Offending Service",
            "Calderbrook Early Help Hub", "Edge of Care Hub", "Placement Commissioning Panel"]
BODIES = ["Ofsted", "the Care Quality Commission", "HM Inspectorate of Probation", "the Family Court at Bradford",
          "the Central Family Court", "Leeds Combined Court Centre", "the Youth Court", "the High Court",
          "Calderbrook Metropolitan Borough Council", "Westmere County Council", "Kirklees Council",
          "the London Borough of Hollinwood", "North Tyneside Council", "Wakefield Council"]
PROGRAMMES = ["Signs of Safety", "Family Group Conference", "Mockingbird", "Safe and Together", "Graded Care Profile",
              "Mind of My Own", "Lifelong Links", "Staying Put", "Staying Close", "Family Valued",
              "Restorative Practice", "Brighter Futures", "Team Around the Family", "No Wrong Door", "Outcomes Star"]
ROLES = ["Child in Care Nurse", "Court Progression Officer", "Missing Coordinator", "Exploitation Lead",
         "Independent Visitor", "Reviewing Manager", "Family Group Conference Coordinator", "Virtual School Head",
         "Edge of Care Worker", "Senior Family Practitioner", "Designated Nurse", "Placement Officer",
         "Adolescent Support Worker", "Principal Social Worker", "Domestic Abuse Navigator", "Youth Justice Officer"]
ACRONYMS = ["MARAC", "MAPPA", "UASC", "CCE", "TAF", "RCPC", "FGC", "NEET", "SEND", "DSL", "CLA", "ISW", "SDQ", "CME",
            "EHE", "CSE"]
PLACES = ["Calderbrook", "Westmere", "Hollinwood", "Stanecliffe", "Moorhaven", "Brackenvale", "Tameside", "Rochdale",
          "Wakefield", "Halton", "Walsall", "Stockport", "Medway"]
KIN = ["mum", "dad", "step-mum", "nan", "granny", "maternal aunt", "paternal uncle", "half-sister", "older cousin",
       "grandad", "foster carer", "mum's partner"]
SCHOOLS = ["Thornleigh Primary School", "St Bede's RC Academy", "Hollinwood Community College",
           "Copperfield Infant School", "Larchmont Pupil Referral Unit"]
STREETS = ["Tanners Row", "Foundry Close", "Kiln Lane", "Beckside Walk", "Weavers Court", "Quarry Hill Road"]

# Slots: c child (full or first), cf child's first, p parent's full, pf parent's first, w/w2 workers'
# full, cf2 another child's first, sur a surname alone, lc a first name in lower case, caps a full
# name in capitals, ini two initials, nick a nickname; keep-terms team, service, body, prog, role,
# acr, place; identifiers as in make_redaction_set.py.
TEMPLATES = [
    # audit findings
    "Finding 3: the assessment for {c} was completed by {w} but the {prog} mapping was never shared with {p}.",
    "Strength: {w} used {prog} tools well and {cf}'s {kin} {pf} felt listened to.",
    "The auditor found no evidence that {cf}'s wishes were put to the {service} before the {acr} meeting.",
    "Oversight by {w} ({role}) was regular, though the plan for {c} drifted after the move to {place}.",
    "Area for development: {pf} ({cf}'s {kin}) was not invited to the {prog}; the {team} has since arranged one.",
    "Rating: requires improvement. {sur}'s family were not told the outcome of the {service} decision.",
    "Graded as good. {c}'s {acr} plan is up to date and {body} would recognise the work done here.",
    "The {role}, {w2}, escalated concerns about {cf} to the {service} on {date}.",
    # case notes
    "Home visit. {cf} showed me her room, {kin} {pf} was present throughout. Next visit booked with {w}.",
    "tc with {lc} - {lc} says things are better at home, wants to stay with {kin}. {ini} to be updated.",
    "{nick} came to the door and said {cf} was out with friends; {p} rang me back later.",
    "Strategy discussion held, {acr} threshold met. Present: {caps} ({kin}), {w} ({role}), {body}.",
    "{cf} (d.o.b {dob}) moved to {address}, {postcode} on {date}; new school is {school}.",
    "Spoke with {kin} {pf} by phone ({phone}) about {cf}'s contact with {cf2}.",
    "Email from {email} re {cf}: {kin} asks whether the {service} can fund the taxi.",
    "Joint visit with {w2} from the {team}; {cf} and {cf2} were in bed, {p} was sober.",
    "ref {ref} - {cf}'s {kin} {pf} has moved in with {p}; checks requested from the {service}.",
    "{ini} told me that {pf} hits {cf2} when {kin} is out; referral to the {service} made same day.",
    # moderator notes
    "Moderator: I agree with the grade for {c}, but {w} should have recorded why the {prog} stalled.",
    "Moderated down. The auditor praised {w} yet {cf}'s {acr} review was four months late.",
    "Moderator comment - {sur} household: the {team} evidence is thin and {body} would say so.",
    "I have changed this to Inadequate; nothing shows {w} saw {cf} alone (NHS {nhs}).",
    "Good challenge from the {role} {w2} about {cf}'s placement with {pf} {sur}.",
    "Moderator queries the {acr} date; {caps} is named as the carer but {cf} lives with {kin} {pf}.",
    # inspection-report style
    "Inspectors saw that {w}, a {role} in the {team}, knew {cf} well and spoke warmly of {cf2}.",
    "In {place}, {body} found that children such as {cf} wait too long for the {service}.",
    "Leaders, including {w}, have introduced {prog}; families like the {sur} family describe it as helpful.",
    "{p}'s children were seen within timescale and their records, including NI {ni}, were accurate.",
    "The {service} in {place} is effective; {w2} and {w} lead it with the {role}.",
    "{cf} told inspectors that her worker {w} 'always comes back', and the {acr} confirmed it.",
    "When {cf}'s {kin} {pf} {sur} was arrested, the {team} acted quickly with the {service}.",
    "{c}, {age}, was referred to the {service} by {school}; her {kin} {pf} agreed to {prog}.",
]


def _new(pools: dict[str, str], old: dict[str, str], extra: set[str], keep_words: set[str]) -> dict[str, list[str]]:
    """Each pool less any name in the older generator's pools (either half), so no name of
    the test half can appear here; four word-names of its development half are allowed."""
    taken = {n for names in old.values() for n in names.split()} | extra
    return {o: [n for n in names.split() if n not in taken or n in keep_words] for o, names in pools.items()}


def unique_secrets(secrets: list[dict]) -> list[dict]:
    """Each (type, value) once, first occurrence kept (a name planted twice in a row is one secret)."""
    seen: set = set()
    return [s for s in secrets if not ((s["type"], s["value"]) in seen or seen.add((s["type"], s["value"])))]


def finish_row(set_id: str, i: int, text: str, secrets: list[dict], keep: list[str], template: str,
               team: str, team_rate: float, r: random.Random) -> dict:
    """A generated row: each secret once, its keep-terms sorted, and, for a template naming a team,
    that team as the row's metadata at team_rate (ingest keeps a row's team name)."""
    row = {"id": f"{set_id}-{i:05d}", "text": text, "secrets": unique_secrets(secrets), "keep": sorted(set(keep))}
    if "{team}" in template and r.random() < team_rate:
        row["team"] = team
    return row


def make(n: int, seed: int = 3) -> list[dict]:
    r = random.Random(seed)
    dev_words = {"Hope", "Grace", "Rose", "Summer"}  # in the first development half only
    old_nicks = set(" ".join(OLD_NICKS.values()).split())
    first = _new(FIRST, OLD_FIRST, old_nicks, dev_words)
    last = _new(LAST, OLD_LAST, old_nicks, set())
    rows = []
    for i in range(n):
        def person():
            fo = r.choice(list(first))
            lo = fo if fo in last and r.random() < 0.5 else r.choice(list(last))
            return r.choice(first[fo]), r.choice(last[lo])
        template = TEMPLATES[i % len(TEMPLATES)]
        (cf, cs), (pf, ps), (wf, ws), (cf2, _), (w2f, w2s), (cpf, cps) = (person() for _ in range(6))
        use_full = r.random() < 0.5
        values = dict(c=f"{cf} {cs}" if use_full else cf, cf=cf, p=f"{pf} {ps}", pf=pf, w=f"{wf} {ws}",
                      w2=f"{w2f} {w2s}", cf2=cf2, sur=cs, lc=cf.lower(), caps=f"{cpf} {cps}".upper(),
                      ini=cf[0] + cs[0], nick=r.choice(NICKNAMES))
        if r.random() < 0.15:
            values["w"] = f"{wf[0]}. {ws}"
        team = r.choice(TEAMS)
        values.update(team=team, service=r.choice(SERVICES), body=r.choice(BODIES), prog=r.choice(PROGRAMMES),
                      role=r.choice(ROLES), acr=r.choice(ACRONYMS), place=r.choice(PLACES), kin=r.choice(KIN),
                      school=r.choice(SCHOOLS), dob=_dob(r), date=f"{r.randint(1, 28)} October 2024",
                      ref=f"{r.choice(['CS', 'REF-', 'EH/'])}{r.randint(10000, 999999)}", nhs=_nhs(r), ni=_ni(r),
                      phone=_phone(r), age=str(r.randint(3, 17)),
                      email=f"{pf[0].lower()}{ps.lower().replace(chr(39), '').replace(' ', '')}{r.randint(1, 99)}@example.net",
                      postcode=f"ZZ{r.randint(1, 99)} {r.randint(1, 9)}{r.choice('ABDEFGHJ')}{r.choice('LNPQRSTUWXYZ')}",
                      address=f"{r.randint(1, 180)} {r.choice(STREETS)}")
        text = template.format(**values)
        types = {"dob": "dob", "ref": "case_ref", "nhs": "nhs_number", "ni": "ni_number", "phone": "phone",
                 "email": "email", "postcode": "postcode", "address": "address", "school": "school"}
        secrets, keep = [], []
        for slot in re.findall(r"{(\w+)}", template):
            value = values[slot]
            if slot in ("c", "cf", "p", "pf", "w", "w2", "cf2", "sur", "lc", "caps", "ini", "nick"):
                for part in re.split(r"\s+", value.replace(".", " ")):
                    if len(part) > 1:
                        secrets.append({"type": "name", "value": part})
            elif slot in types:
                secrets.append({"type": types[slot], "value": value})
            elif slot in ("team", "service", "body", "prog", "role", "acr", "place"):
                keep.append(re.sub(r"^the ", "", value))
        secrets = unique_secrets(secrets)
        row = {"id": f"dev2-{i:05d}", "text": text, "secrets": secrets, "keep": sorted(set(keep))}
        if "{team}" in template and r.random() < 0.5:
            row["team"] = team
        rows.append(row)
    return rows


def check_against(rows: list[dict], path: Path, templates: list[str] | None = None) -> dict[str, int]:
    """Counts only (no sentence of the other file is printed or kept): names shared, the
    templates' fragments (literal runs of 16+ characters) found in the other file's sentences,
    keep-terms shared. `templates`: this module's TEMPLATES unless a later set gives its own."""
    other = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    other_names = {s["value"] for row in other for s in row["secrets"] if s["type"] == "name"}
    names = {s["value"] for row in rows for s in row["secrets"] if s["type"] == "name"}
    fragments = {f.strip() for t in (templates or TEMPLATES) for f in re.split(r"{\w+}", t) if len(f.strip()) >= 16}
    texts = [row["text"] for row in other]
    return {"names shared": len(names & other_names),
            "name tokens shared case-insensitively": len({n.lower() for n in names} & {n.lower() for n in other_names}),
            "template fragments found": sum(any(f in t for t in texts) for f in fragments),
            "fragments checked": len(fragments),
            "keep-terms shared": len({k for r in rows for k in r["keep"]} & {k for r in other for k in r["keep"]})}


def cli(make, templates: list[str], out: Path) -> None:
    """The generators' command line: --n rows, --check another set (counts only), write `out`."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1200)
    parser.add_argument("--check", type=Path, help="another set (the test half): print overlap counts only")
    args = parser.parse_args()
    rows = make(args.n)
    if args.check:
        print(json.dumps(check_against(rows, args.check, templates)))
    out.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    names = {s["value"] for row in rows for s in row["secrets"] if s["type"] == "name"}
    print(f"{out.name}: {len(rows)} sentences, {len(templates)} templates, {len(names)} distinct name tokens",
          file=sys.stderr)


def main() -> None:
    cli(make, TEMPLATES, OUT)


if __name__ == "__main__":
    main()
