"""Hand-written rows for eval/data/redaction_fresh7.jsonl (fictional sentences written for issue 12,
round 6, AFTER that round's rules were fitted to redaction_fresh6.jsonl and before any rule saw
these: the round's held-out check, measured once). The same kinds as fresh6 (names of many
origins, names that are words, places, months or brands, word surnames, openings, lists,
prepositions, initials, lower case, nicknames, particles, signatures; hard keep-terms) with other
names and wordings. (text, names, ids, keep)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from redaction_rows import write_rows  # noqa: E402

R = [
("Harmony was late to school on four days out of five.", "Harmony", [], []),
("Milan has said he does not want contact with his father.", "Milan", [], []),
("August missed the core group because of a hospital appointment.", "August", [], []),
("Nevaeh and her brother Zion were left alone overnight.", "Nevaeh Zion", [], []),
("Tiffany-Rose was seen by the paediatrician on the ward.", "Tiffany-Rose", [], []),
("Denver has been sleeping on a mattress in the lounge.", "Denver", [], []),
("Sahara told her teacher that she was hungry.", "Sahara", [], []),
("For Clementine, the review did not record her views.", "Clementine", [], []),
("There was no direct work with Olamide before the case closed.", "Olamide", [], []),
("A statement from Nwachukwu was given to the police on the night.", "Nwachukwu", [], []),
("Contact between Dragos and his mother is fortnightly.", "Dragos", [], []),
("The plan was agreed by Thandiwe and the school.", "Thandiwe", [], []),
("The worker rang Iqra twice but got no reply.", "Iqra", [], []),
("The family support worker visited Mehmet at the hostel.", "Mehmet", [], []),
("The IRO emailed Simona about the placement move.", "Simona", [], ["IRO"]),
("Present: Rukhsana Akhtar, Piotr Zawadzki, Grace Achieng and Cormac Joyce.", "Rukhsana Akhtar Piotr Zawadzki Grace Achieng Cormac Joyce", [], []),
("Children: Sumaya (11), Abdullahi (8), Hodan (2).", "Sumaya Abdullahi Hodan", [], []),
("Household: mum Kamila, her partner Robert, baby Zofia.", "Kamila Robert Zofia", [], []),
("Apologies: Eoin Bird, Malgorzata Lis.", "Eoin Bird Malgorzata Lis", [], []),
("Wiktor (6) and Julia (4) sleep in the same bed as mum.", "Wiktor Julia", [], []),
("The teacher and Ifeanyi met to plan the return to school.", "Ifeanyi", [], []),
("Mum and Costel argued in front of the children.", "Costel", [], []),
("P. Wiśniewski chaired the strategy meeting.", "Wiśniewski", [], []),
("Audit completed by D. Osei-Bonsu on the Wednesday.", "Osei-Bonsu", [], ["Wednesday"]),
("Actions for L. Cook and R. Church remain open.", "Cook Church", [], []),
("says jaylen back at his and wont come out", "jaylen", [], []),
("visited, seen baby nyla in her moses basket, mum well", "nyla", [], []),
("spoke to auntie bev who says she can have them", "bev", [], []),
("txt from tamara saying she is at brandons", "tamara brandons", [], []),
("rang lucja, no answer, left vm", "lucja", [], []),
("Katarzyna, known as Kasia, asked for a Polish interpreter.", "Katarzyna Kasia", [], ["Polish"]),
("Theophilus (Theo) is in Year 7 and doing well.", "Theophilus Theo", [], ["Year 7"]),
("Mr de la Cruz was not invited to the review.", "de la Cruz", [], []),
("Ms van Dijk works as a nurse and has offered to help.", "van Dijk", [], []),
("Amina bint Yusuf is the children's grandmother.", "Amina bint Yusuf", [], []),
("Marco da Silva and Beatriz Costa are the parents.", "Marco da Silva Beatriz Costa", [], []),
("Nguyen Van Long works in a nail bar and was not at home.", "Nguyen Van Long", [], []),
("Chen Jing asked for the letters in Mandarin.", "Chen Jing", [], ["Mandarin"]),
("Mrs Joyce and the Wards share a pitch on the site.", "Joyce Wards", [], []),
("Rupa Lakatosova speaks Romanes at home.", "Rupa Lakatosova", [], ["Romanes"]),
("Dwight Henry-Clarke is the father of the youngest child.", "Dwight Henry-Clarke", [], []),
("Kevin Baker and Sharon Wood are the maternal grandparents.", "Kevin Baker Sharon Wood", [], []),
("Lamb said he would not sign the agreement.", "Lamb", [], []),
("Regards, Ailbhe | Family Support Worker | Grace Street Team", "Ailbhe", [], ["Family Support Worker", "Grace Street Team"]),
("Email from Chiamaka: 'Saw Bella today, she seemed fine. Chiamaka'", "Chiamaka Bella", [], []),
("Audit finding: Kwabena's voice is not in the plan.", "Kwabena", [], []),
("Supervision: discussed Shakira; manager asked for a chronology.", "Shakira", [], []),
("Neither Ruairi nor his sister had been seen alone.", "Ruairi", [], []),
("Like Lavinia, her brother has missed most of the term.", "Lavinia", [], []),
("The nurse raised worries about Florence's weight.", "Florence", [], []),
("Mum completed the SafeLives Dash with her IDVA in June.", "", [], ["SafeLives Dash", "IDVA", "June"]),
("The Willow House refuge offered a room to the family.", "", [], ["Willow House"]),
("A Graded Care Profile 2 was done with the family on the Tuesday.", "", [], ["Graded Care Profile 2", "Tuesday"]),
("Contact is at Grace Road Family Centre every Saturday.", "", [], ["Grace Road Family Centre", "Saturday"]),
("The Signs of Safety review included Dad for the first time.", "", [], ["Signs of Safety"]),
("Mum was referred to Talking Therapies and the Freedom Programme.", "", [], ["Talking Therapies", "Freedom Programme"]),
("The letter was translated into Urdu and Bengali.", "", [], ["Urdu", "Bengali"]),
("The Hope Street Team and the Rainbow Project ran the group.", "", [], ["Hope Street Team", "Rainbow Project"]),
]


def identifier_type(v: str) -> str:
    return "email" if "@" in v else "address"


if __name__ == "__main__":
    write_rows(R, "fresh7", identifier_type, "redaction_fresh7.jsonl", unique_names=True)
