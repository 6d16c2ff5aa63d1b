"""Hand-written rows for eval/data/redaction_fresh5.jsonl (fictional sentences written for issue 12,
round 5, AFTER the place rules were fitted to redaction_fresh4.jsonl and before any rule was
fitted to these: a held-out check of that round, first measured on the rules of commit 25adefb).
Half the rows keep places, organisations and programmes the earlier sets lack; the other half
are traps for the place rules: people whose names are British places (Keith, Logan, Ross, Kerry,
Dale, Leslie, Moira, Winston, Harley, Kingsley) in the frames that keep a place ("moved to",
"in", "and", before "team"). (text, names, identifiers, keep)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from redaction_rows import write_rows  # noqa: E402

R = [
# places and organisations to keep
("After the fire the family were rehoused in Bentley, a mile from the old school.", "", [], ["Bentley"]),
("Dad moved from Radcliffe to Whitefield and asked for contact to move with him.", "", [], ["Radcliffe", "Whitefield"]),
("The Hartley locality had the highest rate of repeat referrals in the audit sample.", "", [], ["Hartley"]),
("Harlow and Loughton teams were merged in the spring restructure.", "", [], ["Harlow", "Loughton"]),
("Zuri has friends near Eccles and says she feels safer there than at home.", "Zuri", [], ["Eccles"]),
("Mum grew up in Paisley and her family still live across Renfrewshire.", "", [], ["Paisley", "Renfrewshire"]),
("Supervised contact moved to the Nelson family centre because it is on a bus route.", "", [], ["Nelson"]),
("The Melbourne office holds the kinship assessments for the south of the county.", "", [], ["Melbourne"]),
("Referrals from the Kingstanding area rose after the youth club closed.", "", [], ["Kingstanding"]),
("Placed with foster carers in Skelmersdale; the school in Ormskirk kept his place.", "", [], ["Skelmersdale", "Ormskirk"]),
("Concerns about child exploitation in Chadderton and Failsworth were shared with the school.", "", [], ["Chadderton", "Failsworth"]),
("The Buckley estate has one family hub and no youth provision.", "", [], ["Buckley"]),
("Lewisham and Greenwich NHS Trust confirmed the baby was born at 34 weeks.", "", [], ["Lewisham and Greenwich NHS Trust"]),
("Dorset HealthCare's CAMHS team saw Amara twice before discharge.", "Amara", [], ["Dorset HealthCare", "CAMHS"]),
("Essex Police and the Essex Child and Family Wellbeing Service both sent reports.", "", [], ["Essex Police", "Essex Child and Family Wellbeing Service"]),
("West Mercia Police took a statement from Pryce on the Saturday.", "Pryce", [], ["West Mercia Police", "Saturday"]),
("The Family Court sitting at Chelmsford adjourned the final hearing to September.", "", [], ["Family Court", "Chelmsford", "September"]),
("Turn2us and the local Food Bank helped the family through December.", "", [], ["Turn2us", "December"]),
("The Lucy Faithfull Foundation's Inform course was offered to Mr Dunleavy.", "Dunleavy", [], ["Lucy Faithfull Foundation", "Inform"]),
("Mum used the SafeLives Dash checklist with her IDVA.", "", [], ["SafeLives", "IDVA"]),
("Family Rights Group advised the grandparents about the viability assessment.", "", [], ["Family Rights Group"]),
("The Early Help Assessment was closed in May when the family moved to Hexham.", "", [], ["Early Help Assessment", "May", "Hexham"]),
("Action for Children's Intensive Family Support ran from January to June.", "", [], ["Action for Children", "Intensive Family Support", "January", "June"]),
("A Section 17 assessment found the family in need; a Child in Need plan followed on a Thursday.", "", [], ["Section 17", "Child in Need", "Thursday"]),
("The Supervision Order ends in March; the Cafcass report recommended no further order.", "", [], ["Supervision Order", "March", "Cafcass"]),
("The Multi-Agency Child Exploitation panel in Halesowen discussed three boys.", "", [], ["Multi-Agency Child Exploitation", "Halesowen"]),
("The Troubled Families payment was claimed after the family moved to Wednesbury.", "", [], ["Troubled Families", "Wednesbury"]),
("Health visitors in Heywood and Middleton use the ASQ at every review.", "", [], ["Heywood", "Middleton", "ASQ"]),
("The Headteacher and the Attendance Officer met the Education Welfare Service.", "", [], ["Headteacher", "Attendance Officer", "Education Welfare Service"]),
("The Tameside Front Door passed the case to the Hyde and Longdendale team.", "", [], ["Tameside Front Door", "Hyde", "Longdendale"]),
("QA summary for the Clitheroe, Darwen and Accrington localities: drift in four cases.", "", [], ["Clitheroe", "Darwen", "Accrington"]),
("The young person stays with friends across Seaham and Peterlee.", "", [], ["Seaham", "Peterlee"]),
("Probation in Stockton and the YOS in Hartlepool shared a plan.", "", [], ["Stockton", "YOS", "Hartlepool"]),
("The Solihull Approach course in Chelmsley Wood was full until Easter.", "", [], ["Solihull Approach", "Chelmsley Wood", "Easter"]),
("The Lighthouse, the Barnahus for London, saw the girls on a Tuesday.", "", [], ["Lighthouse", "Barnahus", "London", "Tuesday"]),
# traps: people whose names are also places, in place-like frames
("Keith moved to the flat above the shop and Logan stayed with mum.", "Keith Logan", [], []),
("The baby was moved to Ross and Kerry's care after the ICPC.", "Ross Kerry", [], ["ICPC"]),
("Dale said the Ashton team never rang him back.", "Dale", [], []),
("Moira lives in Wigan and Leslie visits her on Sundays.", "Moira Leslie", [], ["Wigan", "Sundays"]),
("Winston and Kingsley were placed together; the social worker saw Winston alone.", "Winston Kingsley", [], []),
("Mum confided in Harley, her oldest friend, about the violence.", "Harley", [], []),
("Contact with Brandon moved to Saturdays after he started work.", "Brandon", [], ["Saturdays"]),
("The boys moved in with Clive after the eviction.", "Clive", [], []),
("Heather's team leader, Paula Ives, signed the closure.", "Heather Paula Ives", [], []),
("In Douglas's view the plan was working; in Melrose's it was not.", "Douglas Melrose", [], []),
("Ms Hamilton moved from Leeds to be nearer her daughter, Martha.", "Hamilton Martha", [], ["Leeds"]),
("Visits to Logan, Keith and Ross at their dad's were cancelled twice.", "Logan Keith Ross", [], []),
("She was living with her boyfriend Warwick in Coventry.", "Warwick", [], ["Coventry"]),
("Nan (Maud) lives in Selsey and has the girls every weekend.", "Maud", [], ["Selsey"]),
("The referral from Ashley at the nursery was not followed up.", "Ashley", [], []),
("Staff in Nash's team were not told about the allegation.", "Nash", [], []),
("Kerry-Louise and her brother Lincoln moved to Grimsby in July.", "Kerry-Louise Lincoln", [], ["Grimsby", "July"]),
("Grandad Barry moved from Yeovil to Chard to care for Mason.", "Barry Mason", [], ["Yeovil", "Chard"]),
("The children told Connor, the youth worker, that they were scared of Newton.", "Connor Newton", [], []),
("Audit note: Shaw and Dalton (both 15) were arrested in Rochdale.", "Shaw Dalton", [], ["Rochdale"]),
("saw keith and logan at nans, both well, keith quiet", "keith logan", [], []),
("Sandy, the childminder, raised the concern after seeing the bruise.", "Sandy", [], []),
("DC Preston Marsh (CAIU) interviewed Ellie at the Harbour suite in Bolton.", "Preston Marsh Ellie", [], ["CAIU", "Bolton"]),
("Mum's new partner, Clifford Ayre, moved in from Kendal in August.", "Clifford Ayre", [], ["Kendal", "August"]),
("The plan for Milton is adoption; his sister Hope will stay with the Wellingtons.", "Milton Hope Wellingtons", [], []),
("Dad lives near Morley with his partner Stanley Rigg.", "Stanley Rigg", [], ["Morley"]),
("Leighton, 9, and Alton, 6, were seen by the school nurse in Dudley.", "Leighton Alton", [], ["Dudley"]),
("Grandmother Beverley Okoro moved to Shirley to be nearer the children.", "Beverley Okoro", [], ["Shirley"]),
("A text from Kingsley at 2am said he was in Bradford and needed a lift.", "Kingsley", [], ["Bradford"]),
("Worker visited Logan in Rugby and Keith in Daventry.", "Logan Keith", [], ["Rugby", "Daventry"]),
]


def identifier_type(v: str) -> str:
    return "school" if any(w in v for w in ("Primary", "Nursery", "School", "Academy")) else "address"


if __name__ == "__main__":
    write_rows(R, "fresh5", identifier_type, "redaction_fresh5.jsonl", unique_names=True)
