"""Hand-written rows for eval/data/redaction_fresh2.jsonl (50 fictional sentences written for issue 12,
round 3, after redaction_fresh.jsonl was fitted, as a second check the rules had not seen; first
measured on the rules of commit 53f6a36): (text, names, identifiers, keep)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from redaction_rows import write_rows  # noqa: E402

R = [
("Inspection finding: leaders in Blackpool know their services well; the DCS, Moira Lusted, has stabilised the workforce.", "Moira Lusted", [], ["Blackpool", "DCS"]),
("Chronology gap: nothing recorded between the PLO meeting and Jamal's move to his aunt Fadumo.", "Jamal Fadumo", [], ["PLO"]),
("rang ama's mum re missed contact, no answer, will try tmrw", "ama", [], []),
("The Hope Street Family Centre ran a Triple P group that Ms Kavanagh-Doyle attended.", "Kavanagh-Doyle", [], ["Hope Street Family Centre", "Triple P"]),
("SOPHIE-LEIGH ATHERTON - DOB 09.11.2015 - allocated to Duty Team B.", "SOPHIE-LEIGH ATHERTON", ["09.11.2015"], ["Duty Team B"]),
("Good evidence that Tiegan's views shaped the plan; her IRO, Cormac Deasy, challenged the delay.", "Tiegan Cormac Deasy", [], ["IRO"]),
("The Bristol Local Safeguarding Children Partnership audit covered 30 children, including Reuben.", "Reuben", [], ["Bristol Local Safeguarding Children Partnership"]),
("Moderator disagrees: Darnell's social worker (Agata Wrona) saw him only twice in six months.", "Darnell Agata Wrona", [], []),
("The Brook clinic in Liverpool gave Jade-Marie advice about contraception.", "Jade-Marie", [], ["Brook", "Liverpool"]),
("Cafcass guardian Hyacinth Brathwaite filed her analysis with the Family Court in Croydon.", "Hyacinth Brathwaite", [], ["Cafcass", "Family Court", "Croydon"]),
("Nanny Bev picks the girls up from school on Tuesdays.", "Bev", [], []),
("The Kinship Team assessed Uncle Tunde and his wife Grace as connected carers.", "Tunde Grace", [], ["Kinship Team"]),
("Eshaan (aged 6) and Rumi (aged 4) were removed under police protection.", "Eshaan Rumi", [], []),
("The Assessment and Intervention Team in Stockton used the Neglect Toolkit well.", "", [], ["Assessment and Intervention Team", "Stockton", "Neglect Toolkit"]),
("QA: the supervision notes by Team Manager Ashok Raval are reflective and timely.", "Ashok Raval", [], ["Team Manager"]),
("At the RCPC, Dad said Keeley-Ann had been in the flat alone while he was at work.", "Keeley-Ann", [], ["RCPC"]),
("Both children attend Saint Aidan's Church of England Primary; the school's DSL is Mrs Ferreira.", "Ferreira", ["Saint Aidan's Church of England Primary"], ["DSL"]),
("Osman told the Youth Worker that older boys made him carry packages to Luton.", "Osman", [], ["Youth Worker", "Luton"]),
("The Pause practitioner, Clemency Hoare, has worked with mum since the third removal.", "Clemency Hoare", [], ["Pause"]),
("Case summary for Bartholomew 'Barty' Greaves, ref 2231907, NI QQ123456C.", "Bartholomew Barty Greaves", ["2231907", "QQ123456C"], []),
("The Disabled Children's Service in Lancashire arranged short breaks for Ellis-Jay.", "Ellis-Jay", [], ["Disabled Children's Service", "Lancashire"]),
("Mum's new partner, known as Spider, has convictions for violence.", "Spider", [], []),
("Liberty said she feels safe with Nana Joy and wants to stay there.", "Liberty Joy", [], []),
("The Corporate Parenting Board heard from care leavers including Precious Mwale.", "Precious Mwale", [], ["Corporate Parenting Board"]),
("HV (Siobhán Ní Fhloinn) noted faltering growth at the 9-month check.", "Siobhán Ní Fhloinn", [], ["HV"]),
("Referral from Wirral Women and Children's Aid about Tanisha's mother, Marcia Oyelaran-Cole.", "Tanisha Marcia Oyelaran-Cole", [], ["Wirral Women and Children's Aid"]),
("The Head of Service, Dominic Asante-Mensah, agreed the case should stay open.", "Dominic Asante-Mensah", [], ["Head of Service"]),
("The panel heard that Kacper and his sister Lena are Polish speakers; an interpreter was booked.", "Kacper Lena", [], []),
("Return home interview completed by the Catch22 worker; Mikey would not say where he had been.", "Mikey", [], ["Catch22"]),
("Strategy meeting minutes: attendees ds Priestley (police), Yvette (school nurse), SW.", "Priestley Yvette", [], ["SW"]),
("The practice standards say workers should see Wren alone at every visit; this did not happen.", "Wren", [], []),
("In Sheffield the Multi-Agency Support Team offers family therapy.", "", [], ["Sheffield", "Multi-Agency Support Team"]),
("Audit of Kezia Dunmore-Price's file: strengths in recording, drift in the pathway plan.", "Kezia Dunmore-Price", [], []),
("The contact supervisor observed Dad (Gethin) and Seren play well together.", "Gethin Seren", [], []),
("A LADO referral was made about a foster carer, Mrs Bronwen Tudor-Evans.", "Bronwen Tudor-Evans", [], ["LADO"]),
("Ife was happy at Greenacre Nursery, staff told the health visitor.", "Ife", ["Greenacre Nursery"], []),
("The Safeguarding Adolescents Panel agreed a disruption plan for the Marsh Lane address.", "", [], ["Safeguarding Adolescents Panel"]),
("Feedback from Amirah: 'my worker Lauren always texts back'.", "Amirah Lauren", [], []),
("The court appointed solicitor, Mr Fairclough, asked for the parenting assessment by Friday.", "Fairclough", [], []),
("Dad (Ricky Sowerby, 07700 900118) wants more contact with Alfie-Ray.", "Ricky Sowerby Alfie-Ray", ["07700 900118"], []),
("A Family Network Meeting identified Aunt Carmel as a possible carer.", "Carmel", [], ["Family Network Meeting"]),
("The Ofsted focused visit to Doncaster looked at the Children in Care Council.", "", [], ["Ofsted", "Doncaster", "Children in Care Council"]),
("Hollie-Mae and her brother Brandon were seen at home by the EDT worker.", "Hollie-Mae Brandon", [], ["EDT"]),
("Mo (Mohamed Warsame) has an EHCP; the SENDIASS adviser is helping his dad.", "Mo Mohamed Warsame", [], ["EHCP", "SENDIASS"]),
("Worker's note: visited 12 Ferncliffe Road, saw Patience and baby Tobi, home warm.", "Patience Tobi", ["12 Ferncliffe Road"], []),
("The Lifelong Links coordinator traced Callum's paternal grandmother, Ines Carvalho.", "Callum Ines Carvalho", [], ["Lifelong Links"]),
("Senior Practitioner Fenella Quayle reviewed the chronology with the Quality Assurance Officer.", "Fenella Quayle", [], ["Senior Practitioner", "Quality Assurance Officer"]),
("Nobody from the Leaving Care Team attended Shola's pathway plan review.", "Shola", [], ["Leaving Care Team"]),
("per Jodie (PA) the flat in Gateshead is ready from Monday", "Jodie", [], ["PA", "Gateshead"]),
("The young person, known as Kit, asked the Advocacy Service to support her at the LAC review.", "Kit", [], ["Advocacy Service", "LAC"]),
]


def identifier_type(v: str) -> str:
    return ("school" if any(w in v for w in ("Primary", "Nursery", "School")) else "address" if "Road" in v
            else "phone" if v.startswith("07") else "ni_number" if v.startswith("QQ") else "dob" if "." in v
            else "case_ref")


if __name__ == "__main__":
    write_rows(R, "fresh2", identifier_type, "redaction_fresh2.jsonl")
