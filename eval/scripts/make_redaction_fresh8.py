"""Hand-written rows for eval/data/redaction_fresh8.jsonl (fictional sentences written for issue 12,
round 9, BEFORE anyone on the round read the redactor's rules: the round's held-out check, measured
once on the rules of 9b77fb2). Registers: QA audit notes, case notes, case reviews, meeting minutes,
supervision records, inspection-report prose, a child's own words, lower-case hurried notes, tables
and lists, email signatures. Names of many origins and none used by an earlier set; names that are
words, places, months, virtues or brands; hyphenated and particle surnames; nicknames, initials,
possessives, lower case, ALL CAPS; identifiers; keep-terms with person- or place-like words.
(text, names, ids, keep); an id is written "type:value" (the scorer's secret types)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from redaction_rows import write_rows  # noqa: E402

R = [
# QA audit
("Audit note: the assessment captures Temitayo's wishes well but the plan does not act on them.", "Temitayo", [], []),
("QA finding (moderated): Practitioner Tegwen Huxtable-Kitto evidenced management oversight at each step.", "Tegwen Huxtable-Kitto", [], ["QA"]),
("The auditor, Desmond Adjei-Brenya, graded the work as requires improvement.", "Desmond Adjei-Brenya", [], []),
("Graded good: the voice of Lujain is threaded through the chronology and the CIN plan.", "Lujain", [], ["CIN"]),
("Moderator's comment: agree with the grading; Sunniva's lived experience is clear.", "Sunniva", [], []),
("The Quality Assurance Framework asks auditors to read the last three visits; Ms Enyinnaya-Pomfret did so.", "Enyinnaya-Pomfret", [], ["Quality Assurance Framework"]),
("Auditor: Perpetua Nyarko. Grade agreed with the team manager after discussion.", "Perpetua Nyarko", [], []),
("No evidence that Breandán was seen alone on any of the last four visits.", "Breandán", [], []),
# case notes
("Home visit. Seen Tomás and his sister Orlagh in the kitchen; mum Shauna present throughout.", "Tomás Orlagh Shauna", [], []),
("Dad (Marinel) says the boys are at his cousin's in Romford most weekends.", "Marinel", [], ["Romford"]),
("Phone call from Mrs Oyewole-Bright at 16:40: Kiki had not come home from school.", "Oyewole-Bright Kiki", [], []),
("Favour told me she shares a bed with her two younger sisters.", "Favour", [], []),
("Goodness, the children's grandmother, brought them to the contact centre.", "Goodness", [], []),
("Visited with PC Emlyn Trevithick from the Harbour Team; no answer at the door.", "Emlyn Trevithick", [], ["Harbour Team"]),
("Jubilee has a new phone and mum does not know who bought it for her.", "Jubilee", [], []),
("Met Kwok Wenjie at the Chinese community centre with an interpreter.", "Kwok Wenjie", [], []),
("Ms Phan Thị Thảo attended with her son Khang, who is 9.", "Phan Thị Thảo Khang", [], []),
("Unannounced visit: Ramesh answered the door and would not let me in.", "Ramesh", [], []),
("Tremaine was asleep on the sofa at 2pm; the flat smelt of cannabis.", "Tremaine", [], []),
# case review
("In reviewing the case it is clear that Eldridge's father was never assessed.", "Eldridge", [], []),
("By the time of the second strategy discussion, Ekaette had disclosed twice.", "Ekaette", [], []),
("Learning for the service: nobody asked Caspian what a good day looks like.", "Caspian", [], []),
("The review found that Princess had been missing from home eleven times.", "Princess", [], []),
("Concerns about Nyokabi Wambui-Gachanja's drinking were not shared with the GP.", "Nyokabi Wambui-Gachanja", [], ["GP"]),
("The rapid review noted that Araminta had been known to four agencies.", "Araminta", [], []),
# meeting minutes
("Present: Meirion Rhydderch (chair), Bukola Fashanu (school nurse), Mioara Bratu (interpreter), Cillian Ó Dálaigh (IRO).",
 "Meirion Rhydderch Bukola Fashanu Mioara Bratu Cillian Ó Dálaigh", [], ["IRO"]),
("Apologies received from Sister Philomena Agyekum and from Dr Jagdeep Sahota.", "Philomena Agyekum Jagdeep Sahota", [], []),
("Action 4: Kelechukwu to send the chronology to the Edge of Care Team by Friday.", "Kelechukwu", [], ["Edge of Care Team", "Friday"]),
("Item 2 – the chair thanked Muireann for her work on the Mockingbird constellation.", "Muireann", [], ["Mockingbird"]),
("Minutes taken by Tamika Goodridge, Business Support Officer.", "Tamika Goodridge", [], ["Business Support Officer"]),
("AOB: Carlisle will start at the new nursery in September.", "Carlisle", [], ["September"]),
("Agreed: Alder Hey to share the discharge summary with Clíodhna before the next meeting.", "Clíodhna", [], ["Alder Hey"]),
("Attendees — Sgt Ewan McCorquodale (Police), Naledi Khumalo (Health), Yevgenia Sorokina (Education).",
 "Ewan McCorquodale Naledi Khumalo Yevgenia Sorokina", [], ["Police", "Health", "Education"]),
("Decision: Ignatius and Ottoline to remain on child protection plans under neglect.", "Ignatius Ottoline", [], []),
# supervision
("Supervision – worker: Bolanle Adesanya; supervisor: Sinéad Ní Bhraonáin.", "Bolanle Adesanya Sinéad Ní Bhraonáin", [], []),
("Reflective discussion about Zephaniah; worker feels stuck with dad's hostility.", "Zephaniah", [], []),
("Manager direction: visit Verity and her baby within 5 working days.", "Verity", [], []),
("Discussed caseload (22). Worker asked for help with the Kowalewski-Nunes family.", "Kowalewski-Nunes", [], []),
("Worker's wellbeing: Ebun said the Christmas rota had been hard.", "Ebun", [], ["Christmas"]),
("Team Manager Rosamund Vandersteen signed off the closure summary.", "Rosamund Vandersteen", [], ["Team Manager"]),
("supervision w/ Marguerite - agreed to step down Lysander to early help", "Marguerite Lysander", [], []),
# inspection report
("Inspectors met with Clemmie-Bea Penhaligon, the principal social worker, and the Director of Children's Services.",
 "Clemmie-Bea Penhaligon", [], ["Director of Children's Services"]),
("Inspectors spoke to care leavers; one, Kerem, said his personal adviser 'actually listens'.", "Kerem", [], []),
("Lead inspector: Opeyemi Durojaiye HMI", "Opeyemi Durojaiye", [], ["HMI"]),
("Wolverhampton Children's Services were judged good at the inspection in March.", "", [], ["Wolverhampton Children's Services", "March"]),
("Senior leaders in Knowsley Council know their services well.", "", [], ["Knowsley Council"]),
("The Rowan Team's work with adolescents at risk of exploitation is a strength.", "", [], ["Rowan Team"]),
("Children placed with the Kestrel Fostering Service spoke warmly of their carers.", "", [], ["Kestrel Fostering Service"]),
("Inspectors: Barnaby Whitlock-Ogunsanya HMI and Opal Mbatha, Ofsted Inspector.", "Barnaby Whitlock-Ogunsanya Opal Mbatha", [], ["HMI", "Ofsted Inspector"]),
# a child's own words
("'I don't want to go to Nanny Marguerite's no more,' said Macie-Rayne.", "Marguerite Macie-Rayne", [], []),
("In her words: 'Me and Shamoya just walk round the Arndale till it shuts.'", "Shamoya", [], ["Arndale"]),
("He said, 'Uncle Shay gives me money to take bags to people.'", "Shay", [], []),
("'My mum's boyfriend is called Kieron and he's alright,' Camden told the nurse.", "Kieron Camden", [], []),
("Asked who she would like to live with, Comfort said 'with Aunty Efia in Croydon'.", "Comfort Efia", [], ["Croydon"]),
("Szczepan's view, in his own words: 'nobody asks me nothing'.", "Szczepan", [], []),
("'Ask Grandma Ludmila, she knows,' said the boy.", "Ludmila", [], []),
("Wrote in his workbook: 'my best frend is Bartek and my worst is school'.", "Bartek", [], []),
# lower-case hurried notes
("hv - seen kiyan + deja, both ok, mum says dad (kyran) not around", "kiyan deja kyran", [], []),
("tc w/ gran (mrs o'dwyer) - will have kids fri night", "o'dwyer", [], []),
("sw rang school, wunmi not in since tues", "wunmi", [], []),
("left msg for piotrek re contact, no reply yet", "piotrek", [], []),
("dsl emailed - fatou said bruise from brother's football", "fatou", [], []),
("joint visit w/ police, ozzy found at his mate shaq's flat", "ozzy shaq", [], []),
("mum (bozena) crying on phone, says landlord evicting fri", "bozena", [], []),
("cp medical booked 2pm, kenna-lark to attend with foster carer", "kenna-lark", [], []),
("nb: do not discuss with uncle imtiaz - see strategy notes", "imtiaz", [], []),
("txt from caseworker: seen aurimas at the hostel, looks thin", "aurimas", [], []),
# tables and lists
("Name | Relationship | DOB\nRosalie Anyanwu | mother | 14/02/1991\nEbubechukwu Anyanwu | child | 02/09/2016",
 "Rosalie Anyanwu Ebubechukwu", ["dob:14/02/1991", "dob:02/09/2016"], []),
("Household members:\n- Mícheál Cawley (father)\n- Bridget Cawley (mother)\n- Hughie Jnr (14)", "Mícheál Cawley Bridget Hughie", [], []),
("Professionals: Health visitor – Eirlys Penberthy; GP – Dr Sivakumar Thevarajah; School – Miss Oneisha Dacres.",
 "Eirlys Penberthy Sivakumar Thevarajah Oneisha Dacres", [], []),
("1. Costică to attend parenting group\n2. Social worker to update the CIN plan\n3. Review in six weeks", "Costică", [], ["CIN"]),
("Sibling group: Baraka (7), Jabari (5), Zawadi (18 months).", "Baraka Jabari Zawadi", [], []),
("Role | Name\nChair | Ealasaid Carmichael\nSocial worker | Hadeel Zoabi\nParent | Lyndon Hylton", "Ealasaid Carmichael Hadeel Zoabi Lyndon Hylton", [], []),
("Children in the household: Esperanza, 12; Valentin, 9; Anouk, 3.", "Esperanza Valentin Anouk", [], []),
# email signatures
("Many thanks,\nOluwatoyin Sowemimo\nSenior Practitioner | Kingfisher Team\noluwatoyin.sowemimo@example.gov.uk | 0161 496 0781",
 "Oluwatoyin Sowemimo", ["email:oluwatoyin.sowemimo@example.gov.uk", "phone:0161 496 0781"], ["Senior Practitioner", "Kingfisher Team"]),
("Best wishes\nCatrìona MacPhail-Gillies\nFamily Group Conference Coordinator\nMob: 07700 900417", "Catrìona MacPhail-Gillies",
 ["phone:07700 900417"], ["Family Group Conference Coordinator"]),
("Regards — Przemysław (Duty Desk)", "Przemysław", [], ["Duty Desk"]),
("Sent from my iPhone. Thanks, Jazz", "Jazz", [], ["iPhone"]),
("Dr Oyinkansola Akinyemi-Greatorex MBBS | Named Doctor for Safeguarding | Whittington Health", "Oyinkansola Akinyemi-Greatorex", [],
 ["Named Doctor for Safeguarding", "Whittington Health"]),
("Thanks, Caoimhín\nDesignated Safeguarding Lead, Brookfield Primary School", "Caoimhín", ["school:Brookfield Primary School"],
 ["Designated Safeguarding Lead"]),
("Kind regards,\n\nWilhelmina Frimpong\nAdvanced Practitioner, Fostering Support\nTel: 01632 960 552", "Wilhelmina Frimpong",
 ["phone:01632 960 552"], ["Advanced Practitioner", "Fostering Support"]),
# identifiers
("DOB 3rd March 2012; NHS No. 356 230 1235.", "", ["dob:3rd March 2012", "nhs_number:356 230 1235"], ["NHS"]),
("Malachy Scanlon, born 29.11.2009, lives at 14 Larch Grove, Bootle L20 7XY.", "Malachy Scanlon",
 ["dob:29.11.2009", "address:14 Larch Grove", "postcode:L20 7XY"], []),
("Mosaic ref 5531908 – Aurelia Chitsinde", "Aurelia Chitsinde", ["case_ref:5531908"], ["Mosaic"]),
("Case number CP-2024-00381 transferred from the Gateway Team.", "", ["case_ref:CP-2024-00381"], ["Gateway Team"]),
("Mum's number changed to 07911 123 456; old number 020 7946 0958 no longer used.", "", ["phone:07911 123 456", "phone:020 7946 0958"], []),
("Email the carer, ruth.ekwueme@fostermail.co.uk, before the visit.", "", ["email:ruth.ekwueme@fostermail.co.uk"], []),
("NI number QQ 12 34 56 C recorded on the benefits check for Mr Ferencz.", "Ferencz", ["ni_number:QQ 12 34 56 C"], []),
("Address on file: Flat 3, 88 Wellington Road North, Stockport SK4 2LP.", "", ["address:88 Wellington Road North", "postcode:SK4 2LP"], ["Stockport"]),
("Olamiposi was born on 17 July 2015 at Queen Charlotte's Hospital.", "Olamiposi", ["dob:17 July 2015"], ["Queen Charlotte's Hospital"]),
("D.O.B. 2010-01-30 | Tel (01632) 960 447 | Ref: EH/10294", "", ["dob:2010-01-30", "phone:960 447", "case_ref:EH/10294"], []),
("Remus attends Hollinwood Academy and is on a reduced timetable.", "Remus", ["school:Hollinwood Academy"], []),
("Child's NHS number 8360777675 was wrong on the referral from the Front Door.", "", ["nhs_number:8360777675"], ["Front Door"]),
("The family moved to 7b Tanners Yard, Wakefield WF1 9QT in the summer.", "", ["address:7b Tanners Yard", "postcode:WF1 9QT"], ["Wakefield"]),
("Onyinyechi (d.o.b. 09/10/2018) was seen at the walk-in centre.", "Onyinyechi", ["dob:09/10/2018"], []),
("LCS number 9904412, NHS 936 173 0487, NI QQ123456B.", "", ["case_ref:9904412", "nhs_number:936 173 0487", "ni_number:QQ123456B"], ["LCS", "NHS"]),
# after prepositions and words
("According to Shirin, the flat has had no heating since October.", "Shirin", [], ["October"]),
("Without Nana Kobina's help the family would not have coped.", "Kobina", [], []),
("Between Lleucu and her stepfather there is little warmth.", "Lleucu", [], []),
("Work undertaken with Taras and Oleksandr focused on their journey from Kharkiv.", "Taras Oleksandr", [], ["Kharkiv"]),
("Responsibility for Ximena's health needs sits with the Looked After Children nurse.", "Ximena", [], ["Looked After Children"]),
("Among the adults, only Beatrix engaged with the assessment.", "Beatrix", [], []),
("Unlike Saviour, his twin has settled at school.", "Saviour", [], []),
("Despite Szabolcs's efforts, the tenancy failed.", "Szabolcs", [], []),
("Concerns about Torin were first raised by the health visitor in May 2021.", "Torin", [], ["May 2021"]),
# words, places, months, virtues, brands as names
("July has been attending the Young Carers group on Tuesdays.", "July", [], ["Young Carers", "Tuesdays"]),
("Dawnette Efemini-Cattermole, the maternal aunt, has offered to be assessed as a kinship carer.", "Dawnette Efemini-Cattermole", [], []),
("Sterling, aged 15, was arrested in Margate with cash and two phones.", "Sterling", [], ["Margate"]),
("Nike's school reports a fall in attendance since Easter.", "Nike", [], ["Easter"]),
("Armani and Porsha were both on child protection plans in 2019.", "Armani Porsha", [], []),
("Testimony has been excluded twice this term.", "Testimony", [], []),
("Memphis asked to see his social worker without his foster carer present.", "Memphis", [], []),
("Ember, who is four, is not yet toilet trained.", "Ember", [], []),
("Reign stays with her father at weekends.", "Reign", [], []),
("Her friend Paisley-Belle has also gone missing from the same care home.", "Paisley-Belle", [], []),
("The worker took Cristal and her baby to the food bank.", "Cristal", [], []),
("Contact with Winter will resume after the court hearing.", "Winter", [], []),
("Dad walks Dior to school each morning.", "Dior", [], []),
("Carolina and her mother were not at the address.", "Carolina", [], []),
# ALL CAPS
("CHILD: TAVIAN-JAI AKINTOLA-PINNOCK. PARENT: SHERELLE PINNOCK.", "TAVIAN-JAI AKINTOLA-PINNOCK SHERELLE PINNOCK", [], []),
("STRATEGY MEETING RE: TEODORA STOICA (DOB 05/06/2013)", "TEODORA STOICA", ["dob:05/06/2013"], ["STRATEGY MEETING"]),
("Subject: URGENT – RAHEEM OYEBANJI missing since 22:00", "RAHEEM OYEBANJI", [], ["URGENT"]),
# initials and surnames
("H. Vardy-Bhogal (IRO) chaired; J. Ffoulkes minuted.", "Vardy-Bhogal Ffoulkes", [], ["IRO"]),
("Signed off by A.J. Kamotho-Nevin, Head of Service.", "Kamotho-Nevin", [], ["Head of Service"]),
("Report written by S K Dhanjal for the ICPC.", "Dhanjal", [], ["ICPC"]),
("Seen by Dr. E. O'Loughlin at the Ashworth Clinic.", "O'Loughlin", [], ["Ashworth Clinic"]),
("Ms T. Nakashima-Tallis gave evidence at the final hearing.", "Nakashima-Tallis", [], []),
# possessives, nicknames, particles
("Grandad Zdzisław's flat is too small for the three boys.", "Zdzisław", [], []),
("We discussed Tallulah's self-harm with CAMHS.", "Tallulah", [], ["CAMHS"]),
("Shantel's partner, Fitzroy, has a conviction for assault.", "Shantel Fitzroy", [], []),
("Peregrine 'Pez' Ashdown is the children's step-grandfather.", "Peregrine Pez Ashdown", [], []),
("Everyone calls him Spud; his real name is Seamus.", "Spud Seamus", [], []),
("Mum's partner, known locally as Tank, was at the address.", "Tank", [], []),
("Mrs ten Hoeve attended as the foster carer.", "ten Hoeve", [], []),
("Abdullah bin Suhail Al-Qahtani is the father of both girls.", "Abdullah bin Suhail Al-Qahtani", [], []),
("Lorenzo Di Stefano and Ottavia Lo Bianco-Ricketts are the foster carers.", "Lorenzo Di Stefano Ottavia Lo Bianco-Ricketts", [], []),
("Iestyn ap Iorwerth lives with his grandmother in Bangor.", "Iestyn ap Iorwerth", [], ["Bangor"]),
# Traveller, Roma, Caribbean, Gaelic, Welsh
("The family live on the council site; Big Martie Quilligan is the grandfather.", "Martie Quilligan", [], []),
("Milada Lakatošová and her son Dušan moved here from Ostrava in 2019.", "Milada Lakatošová Dušan", [], ["Ostrava"]),
("Bridie Stokes-Doran is Tiffanie-Winnie's mother.", "Bridie Stokes-Doran Tiffanie-Winnie", [], []),
("Mr Delano Fearon-Kinlocke is the paternal grandfather; he lives in Handsworth.", "Delano Fearon-Kinlocke", [], ["Handsworth"]),
("Shamarie reported that her uncle Kemoy had hit her with a belt.", "Shamarie Kemoy", [], []),
("Ciorstaidh and her brother Ruairidh moved down from Stornoway with their mother Seonag.", "Ciorstaidh Ruairidh Seonag", [], ["Stornoway"]),
("Their teacher says Iolo is the only friend Gwenno has.", "Iolo Gwenno", [], []),
("Dad, Văn Đạt, works nights; mum, Ngọc Bích, speaks little English.", "Văn Đạt Ngọc Bích", [], ["English"]),
("Ouyang Mingyu and his wife Rao Xinyi have asked for a Cantonese interpreter.", "Ouyang Mingyu Rao Xinyi", [], ["Cantonese"]),
("Yordanos and her baby Hiwet arrived as unaccompanied asylum seekers in 2022.", "Yordanos Hiwet", [], []),
("Mr Hagos-Tesfamariam says Aziel was fine when he left for work.", "Hagos-Tesfamariam Aziel", [], []),
("Gjergj Berisha and Arjeta Berisha are the parents; they speak Albanian.", "Gjergj Berisha Arjeta", [], ["Albanian"]),
# names beside keep-terms
("Dionne from the Ruby Team will do the direct work with Jet.", "Dionne Jet", [], ["Ruby Team"]),
("Mrs Forde-Ebanks from Hackney Children and Families Service attended with Marvell.", "Forde-Ebanks Marvell",
 [], ["Hackney Children and Families Service"]),
("Jevaughn Wilkes-Omotosho was placed with foster carers Myrtle and Ambrose Deering.", "Jevaughn Wilkes-Omotosho Myrtle Ambrose Deering", [], []),
("Caden (Caz) has an ADHD diagnosis from the Neurodevelopmental Pathway.", "Caden Caz", [], ["ADHD", "Neurodevelopmental Pathway"]),
("Cherish was offered a place in the Anna Freud Centre group for parents.", "Cherish", [], ["Anna Freud Centre"]),
("Lucian told the Barnardo's worker about the older men at the takeaway.", "Lucian", [], ["Barnardo's"]),
# keep-terms only
("Mum has been referred to the Lucy Faithfull Foundation for the Inform course.", "", [], ["Lucy Faithfull Foundation"]),
("Referral made to Barnardo's Bridge Project and to Kooth for online counselling.", "", [], ["Barnardo's Bridge Project", "Kooth"]),
("The Rotherham Metropolitan Borough Council Early Help offer includes the Solihull Approach.", "", [],
 ["Rotherham Metropolitan Borough Council", "Solihull Approach"]),
("A Caring Dads place has been offered through the Jasmine Family Hub.", "", [], ["Caring Dads", "Jasmine Family Hub"]),
("The Marlowe Edge of Care Service works with families in Morecambe and Heysham.", "", [], ["Marlowe Edge of Care Service", "Morecambe", "Heysham"]),
("SGO support is now provided by the Kinship Connect team in Calderdale.", "", [], ["SGO", "Kinship Connect", "Calderdale"]),
("Triple P Teen was completed; the Outcome Star shows progress in 4 of 8 areas.", "", [], ["Triple P Teen", "Outcome Star"]),
("The NRM referral and the MARAC referral were both made by the Independent Domestic Violence Adviser.", "", [],
 ["NRM", "MARAC", "Independent Domestic Violence Adviser"]),
("Ofsted and Cafcass were told about the delay in the PLO.", "", [], ["Ofsted", "Cafcass", "PLO"]),
("The Virtual School Head and the SENCO agreed an EHCP needs assessment.", "", [], ["Virtual School Head", "SENCO", "EHCP"]),
("Great Ormond Street Hospital and the Tavistock both declined the referral.", "", [], ["Great Ormond Street Hospital", "Tavistock"]),
("He moved to Holly Bank Children's Home in the spring.", "", [], ["Holly Bank Children's Home"]),
("Work is overseen by the Principal Social Worker and the Assistant Director for Safeguarding.", "", [],
 ["Principal Social Worker", "Assistant Director for Safeguarding"]),
("The Kirkby Locality Team and the Halewood Early Help Hub share an office.", "", [], ["Kirkby Locality Team", "Halewood Early Help Hub"]),
("Sandwell Children's Trust commissioned the review from the Stanley Heath Partnership.", "", [],
 ["Sandwell Children's Trust", "Stanley Heath Partnership"]),
("The Clement James Centre runs the homework club on Thursdays.", "", [], ["Clement James Centre", "Thursdays"]),
("Family Safeguarding and Safe and Together training is mandatory for new starters.", "", [], ["Family Safeguarding", "Safe and Together"]),
("She was signposted to Brook for sexual health advice and to Mind for counselling.", "", [], ["Brook", "Mind"]),
("The Mosaic record and the LCS chronology do not match.", "", [], ["Mosaic", "LCS"]),
("The Duty and Advice Team passed the contact to the Beacon Adolescent Service.", "", [], ["Duty and Advice Team", "Beacon Adolescent Service"]),
("Leaving Care Personal Adviser and Participation Officer posts are vacant in North Tyneside.", "", [],
 ["Personal Adviser", "Participation Officer", "North Tyneside"]),
("Gateshead Council's Family Hubs and the Children's Society ran the summer scheme.", "", [],
 ["Gateshead Council", "Family Hubs", "Children's Society"]),
("Domestic Abuse Navigator referral declined; the Freedom Programme is full until April.", "", [],
 ["Domestic Abuse Navigator", "Freedom Programme", "April"]),
("The SDQ, the Three Houses tool and the Neglect Toolkit were all used.", "", [], ["SDQ", "Three Houses", "Neglect Toolkit"]),
]


def _split(spec):
    """Ids written "type:value" become plain values; their types are kept for identifier_type."""
    types, rows = {}, []
    for text, names, ids, keep in spec:
        values = []
        for i in ids:
            t, v = i.split(":", 1)
            types[v] = t
            values.append(v)
        rows.append((text, names, values, keep))
    return rows, types


ROWS, TYPES = _split(R)


def identifier_type(v: str) -> str:
    return TYPES[v]


if __name__ == "__main__":
    write_rows(ROWS, "fresh8", identifier_type, "redaction_fresh8.jsonl", unique_names=True)
