"""Hand-written rows for eval/data/redaction_fresh.jsonl (50 fictional sentences written for issue 12, round 3,
as a check the rules had not seen; first measured on the rules of commit c8002a8): (text, names, identifiers, keep)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from redaction_rows import write_rows  # noqa: E402

R = [
("Supervision record: Nomvula Dlamini (ASYE) discussed the twins with her manager, Piers Wetherall.", "Nomvula Dlamini Piers Wetherall", [], ["ASYE"]),
("Present at the ICPC: mum (Kerry-Lee Bastable), Dad (Osagie), PC Harland and the Chair.", "Kerry-Lee Bastable Osagie Harland", [], ["ICPC"]),
("Ahmad's key worker at the Sefton Youth Hub says he has not attended since half-term.", "Ahmad", [], ["Sefton Youth Hub"]),
("The lead inspector, Ruairi Mac Lochlainn, met the Director of Children's Services.", "Ruairi Mac Lochlainn", [], ["Director of Children's Services"]),
("spoke to jazmine on the phone, jazmine wants to go back to nan's", "jazmine", [], []),
("Worries raised by the Virtual School about Faith's exclusion were not followed up.", "Faith", [], ["Virtual School"]),
("MR AND MRS OYELOWO-BRIGGS attended the Initial Child Protection Conference.", "OYELOWO-BRIGGS", [], ["Initial Child Protection Conference"]),
("Placement with Auntie Precious broke down after three weeks; the Edge of Care Service stepped in.", "Precious", [], ["Edge of Care Service"]),
("The Front Door screened the contact within 24 hours and passed it to Locality 2.", "", [], ["Front Door", "Locality 2"]),
("Zsofia, 13, told her teacher at Hillcrest Academy that her stepdad Kamil hits her mum.", "Zsofia Kamil", ["Hillcrest Academy"], []),
("Grandad Winston (maternal) is now the kinship carer under an SGO.", "Winston", [], ["SGO"]),
("Auditor: Tamsin Pryor-Hughes. Moderated by: Olaniyi Bankole.", "Tamsin Pryor-Hughes Olaniyi Bankole", [], []),
("The case was stepped down to Early Help after the Team Around the Family meeting.", "", [], ["Early Help", "Team Around the Family"]),
("Brook and her brother Ezra were seen together at the contact centre.", "Brook Ezra", [], []),
("Mark from the Youth Justice Service phoned to say the referral order has started.", "Mark", [], ["Youth Justice Service"]),
("The Mockingbird hub home carer, Delphine Achterberg, offers sleepovers to Tayo.", "Delphine Achterberg Tayo", [], ["Mockingbird"]),
("Reviewed by the QA Panel: drift between the strategy meeting and the s47 for Jaxon-Lee.", "Jaxon-Lee", [], ["QA Panel", "s47"]),
("Dad (Fintan Ua Briain, DOB 04/07/1986) refused the DNA test.", "Fintan Ua Briain", ["04/07/1986"], []),
("Summer holidays were hard for Summer, who missed her friends at Brightwell Primary School.", "Summer", ["Brightwell Primary School"], []),
("Ms Nwankwo-Hart rang the Emergency Duty Team at 2am.", "Nwankwo-Hart", [], ["Emergency Duty Team"]),
("Recommendation: the Fostering Panel should hear from Ravi's carers, the Olowes, before matching.", "Ravi Olowes", [], ["Fostering Panel"]),
("The Ofsted ILACS visit praised the Bexley Safeguarding Partnership's work on neglect.", "", [], ["Ofsted", "ILACS", "Bexley Safeguarding Partnership"]),
("It is not clear why Will's voice is missing from the CIN plan.", "Will", [], ["CIN"]),
("Rose-Ellen Tranter and her partner Dariusz have moved to Flat 3, Linden House.", "Rose-Ellen Tranter Dariusz", ["Flat 3, Linden House"], []),
("Contact: Bisi Oduya 07700 900461, bisi.oduya@example.com", "Bisi Oduya", ["07700 900461", "bisi.oduya@example.com"], []),
("The Signs of Safety mapping had no danger statement; the Practice Educator will coach the team.", "", [], ["Signs of Safety", "Practice Educator"]),
("From the case notes: 'Kai-Reuben quiet today, said Liam (mum's boyfriend) shouted.'", "Kai-Reuben Liam", [], []),
("The Family Group Conference coordinator, Yusra Elmi, chaired the meeting.", "Yusra Elmi", [], ["Family Group Conference"]),
("Harrogate District Hospital A&E flagged a second attendance for baby Teodor.", "Teodor", [], ["Harrogate District Hospital"]),
("NHS no 943 476 5919; name on record: DELROY McCALLUM-GRANT.", "DELROY McCALLUM-GRANT", ["943 476 5919"], []),
("The Permanence Tracking Panel agreed adoption as the plan for Sienna.", "Sienna", [], ["Permanence Tracking Panel"]),
("Obi's mum Chiamaka says the Family Hub in Tottenham is a lifeline.", "Obi Chiamaka", [], ["Family Hub", "Tottenham"]),
("Per the IRO (Gwendolyn Foyle), the LAC review was held late.", "Gwendolyn Foyle", [], ["IRO", "LAC"]),
("The Missing Children Coordinator completed Kayla's return home interview.", "Kayla", [], ["Missing Children Coordinator"]),
("Lisbeth and Anders Holm, foster carers, report that the boys are settled.", "Lisbeth Anders Holm", [], []),
("The social worker visited Hope at her dad's flat in Rhyl.", "Hope", [], ["Rhyl"]),
("HMI Bernadine Cole noted good use of the Graded Care Profile 2 by the Neglect Lead.", "Bernadine Cole", [], ["Graded Care Profile 2", "Neglect Lead"]),
("Checks with the Children's Services Contact Centre found nothing on Mr Szabo.", "Szabo", [], ["Children's Services Contact Centre"]),
("The case transferred from Medway to Kent Children's Services in June.", "", [], ["Medway", "Kent Children's Services"]),
("jj (cousin) was at the house again, ruby told me she doesn't like him", "jj ruby", [], []),
("Deshawn's EHCP names Oakmere Special School but the LA has not confirmed a place.", "Deshawn", ["Oakmere Special School"], ["EHCP", "LA"]),
("The Youth Offending Team worker, Gianluca Ferraro, drafted the pre-sentence report.", "Gianluca Ferraro", [], ["Youth Offending Team"]),
("Poppy-Rae was brought to the MASH by her nan, Lorraine, on 3 June.", "Poppy-Rae Lorraine", [], ["MASH"]),
("The Principal Social Worker's audit found the Leeds Relational Practice model well used.", "", [], ["Principal Social Worker", "Leeds"]),
("Case ref CH-448812: Tobenna and Ifeoma Nwachi-Reid, both under five.", "Tobenna Ifeoma Nwachi-Reid", ["CH-448812"], []),
("Dawn said Jerome was asleep when she left for work.", "Dawn Jerome", [], []),
("The IRO service in Thurrock escalated via the Dispute Resolution Protocol.", "", [], ["Thurrock", "Dispute Resolution Protocol"]),
("Ms K. Abdulle (Team Manager) signed off the assessment for Hamza-Ali.", "Abdulle Hamza-Ali", [], ["Team Manager"]),
("A strategy discussion with the CSE Lead, DC Fairweather and Safia's school was held.", "Fairweather Safia", [], ["CSE Lead"]),
("The Staying Close worker visits Mercy at her supported flat weekly.", "Mercy", [], ["Staying Close"]),
]


def identifier_type(v: str) -> str:
    return ("school" if ("School" in v or "Academy" in v) else "address" if "Flat" in v else "phone" if v.startswith("07")
            else "email" if "@" in v else "dob" if "/" in v else "nhs_number" if v[0].isdigit() else "case_ref")


if __name__ == "__main__":
    write_rows(R, "fresh", identifier_type, "redaction_fresh.jsonl")
