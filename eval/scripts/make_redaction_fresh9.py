"""Hand-written rows for eval/data/redaction_fresh9.jsonl (fictional sentences written for issue 12,
round 9, AFTER that round's rules were fitted to redaction_fresh8.jsonl and before any rule saw
these: a second check of the round, measured once; its writer had read the rules). The same
registers and kinds as fresh8 (audit, case notes, minutes, supervision, inspection prose, a
child's words, lower-case notes, tables, signatures; names of many origins, words, months, places,
brands; identifiers; hard keep-terms) with other names and wordings. (text, names, ids, keep); an
id is written "type:value"."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_redaction_fresh8 import _split  # noqa: E402
from redaction_rows import write_rows  # noqa: E402

R = [
("Auditor's note: Tarquin's bedroom was never seen, which the manager did not pick up.", "Tarquin", [], []),
("Moderation agreed with the grade given by Letitia Chenoweth.", "Letitia Chenoweth", [], []),
("The plan says little about how Jumana will be kept safe online.", "Jumana", [], []),
("Home visit: Nsikan opened the door; his mother Ekanem was asleep upstairs.", "Nsikan Ekanem", [], []),
("Promise has told her teacher that nobody collects her on Fridays.", "Promise", [], ["Fridays"]),
("Honesty, the eldest, cares for the two little ones after school.", "Honesty", [], []),
("Kingston missed three appointments at the Kingfisher Clinic.", "Kingston", [], ["Kingfisher Clinic"]),
("Present: Dalbir Thind (DSL), Morwenna Tregunna (health visitor), Žygimantas Baranauskas (father).",
 "Dalbir Thind Morwenna Tregunna Žygimantas Baranauskas", [], ["DSL"]),
("Action: Osaretin to book the interpreter for Mrs Vaitkevičius.", "Osaretin Vaitkevičius", [], []),
("Minutes: Fatmir Rexhepi said the family had been evicted twice.", "Fatmir Rexhepi", [], []),
("Supervisor Ailish McGinley asked for a genogram before the next visit.", "Ailish McGinley", [], []),
("Reflection on Kamsiyochukwu: the worker is worried about drift.", "Kamsiyochukwu", [], []),
("Inspectors found that Harjinder Johal, the team manager, knew every child on the list.", "Harjinder Johal", [], []),
("'Nan Shabana makes the best food,' Tharshika told me.", "Shabana Tharshika", [], []),
("He wrote: 'me and Blaze want to live with grandad Tormod'.", "Blaze Tormod", [], []),
("'Ask Uisdean, he was there,' said the girl.", "Uisdean", [], []),
("tc from school re zahid, not in again, mum not answering", "zahid", [], []),
("hv: baby lowenna feeding well, dad (bogdanel) present", "lowenna bogdanel", [], []),
("rang school re shoaib - seen in class, ok", "shoaib", [], []),
("police called, blendi located at the station, returned home 1am", "blendi", [], []),
("Name | DOB | School\nOnyx Fasanya | 11/06/2015 | Elmhurst Primary School",
 "Onyx Fasanya", ["dob:11/06/2015", "school:Elmhurst Primary School"], []),
("Household: Viorica Ciobanu (mum), Lăcrămioara (9), Sorinel (6).", "Viorica Ciobanu Lăcrămioara Sorinel", [], []),
("Cheers,\nSatnam\nYoung Carers Worker | Lighthouse Project\nsatnam.dhami@example.org", "Satnam",
 ["email:satnam.dhami@example.org"], ["Young Carers Worker", "Lighthouse Project"]),
("Regards, Dr Kajan Jeyakumar, Consultant Community Paediatrician, Tel 0113 496 0712", "Kajan Jeyakumar",
 ["phone:0113 496 0712"], ["Consultant Community Paediatrician"]),
("Born 5th January 2016; NHS number 676 141 1696; lives at 22 Quarry Bank, Halifax HX3 8ZZ.", "",
 ["dob:5th January 2016", "nhs_number:676 141 1696", "address:22 Quarry Bank", "postcode:HX3 8ZZ"], ["Halifax"]),
("Our ref CYP/88/2041; your ref 3391-LA.", "", ["case_ref:CYP/88/2041"], []),
("Grandad's mobile is 07700 900 882 and his email is d.tierney@example.net.", "",
 ["phone:07700 900 882", "email:d.tierney@example.net"], []),
("Mrs Lovell-Boswell's NI number is QQ 65 43 21 A.", "Lovell-Boswell", ["ni_number:QQ 65 43 21 A"], []),
("Juniper Nancarrow (d.o.b. 14.08.2012) is in Year 8.", "Juniper Nancarrow", ["dob:14.08.2012"], ["Year 8"]),
("Besides Aurelian, nobody in the family speaks English well.", "Aurelian", [], ["English"]),
("Through Marigona the family found the mosque's food bank.", "Marigona", [], []),
("The GP wrote to Vasilica Munteanu twice about the immunisations.", "Vasilica Munteanu", [], ["GP"]),
("Trinity is due to start at the new secondary in September.", "Trinity", [], ["September"]),
("Everest has been going missing at weekends since the summer.", "Everest", [], []),
("Gucci and his brother Versace were removed under police protection.", "Gucci Versace", [], []),
("Contact with Bluebell is now supervised at the family centre.", "Bluebell", [], []),
("MOTHER: LAUREL AKPAN-ANGLIN; FATHER: BASHAR ANGLIN", "LAUREL AKPAN-ANGLIN BASHAR", [], []),
("Seen by S. Dasgupta-Royce and K M Subramaniam.", "Dasgupta-Royce Subramaniam", [], []),
("Murchadh 'Murdy' Kilbane is the maternal uncle.", "Murchadh Murdy Kilbane", [], []),
("Everyone calls her Toffee, though her name is Tuppence.", "Toffee Tuppence", [], []),
("Ms ní Mhurchú and Mr van Oosten both attended.", "Mhurchú Oosten", [], []),
("Waleed Al-Tamimi and Raghad Al-Tamimi have two children, Taym and Muath.", "Waleed Al-Tamimi Raghad Taym Muath", [], []),
("Shamie Furey's trailer is on the transit site off the bypass.", "Shamie Furey", [], []),
("Nhung and her cousin Quân work in a restaurant kitchen.", "Nhung Quân", [], []),
("Fionnlagh MacSween moved down from Lewis with his mother Peigi.", "Fionnlagh MacSween Peigi", [], ["Lewis"]),
("Mr Beharry says Kenisha is doing better at the Pupil Referral Unit.", "Beharry Kenisha", [], ["Pupil Referral Unit"]),
("Osian and Efa's grandmother speaks only Welsh at home.", "Osian Efa", [], ["Welsh"]),
("The Lighthouse Team and the Meadows Family Hub share a duty rota.", "", [], ["Lighthouse Team", "Meadows Family Hub"]),
("Work with the Marie Collins Foundation began after the online abuse.", "", [], ["Marie Collins Foundation"]),
("The Grace Darling Unit at the hospital admitted her overnight.", "", [], ["Grace Darling Unit"]),
("Cumbria Constabulary and Cumberland Council attended the strategy meeting.", "", [], ["Cumbria Constabulary", "Cumberland Council"]),
("The Youth Justice Service used AssetPlus and the Good Lives Model.", "", [], ["Youth Justice Service", "AssetPlus", "Good Lives Model"]),
("A Family Group Conference was held; Lifelong Links found an aunt.", "", [], ["Family Group Conference", "Lifelong Links"]),
("The Ivy Lodge assessment unit and the Rose Cottage contact centre both have waiting lists.", "", [],
 ["Ivy Lodge", "Rose Cottage"]),
("The Head of Quality Assurance asked the Safeguarding Partnership to review the case.", "", [],
 ["Head of Quality Assurance", "Safeguarding Partnership"]),
("Mum was referred to Turning Point and to the Women's Centre in Blackburn.", "", [], ["Turning Point", "Women's Centre", "Blackburn"]),
]

ROWS, TYPES = _split(R)


def identifier_type(v: str) -> str:
    return TYPES[v]


if __name__ == "__main__":
    write_rows(ROWS, "fresh9", identifier_type, "redaction_fresh9.jsonl", unique_names=True)
