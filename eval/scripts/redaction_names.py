"""Fictional name pools for the redaction stress set, by origin (written for this project;
any resemblance to a real person is chance). Each pool is split in two by position: even
positions feed the development half, odd positions the test half, so the halves share no name."""

FIRST = {
    "English": "Oliver Amelia Harry Isla Jack Poppy Charlie Evie Thomas Ella George Freya Alfie Lily Oscar Sophie "
               "Archie Millie Leo Ruby Harvey Chloe Tyler Jessica Kayden Courtney Jayden Leanne Dean Shannon Callum "
               "Bethany Reece Jade Liam Kirsty Bradley Stacey Connor Gemma Kian Tia Ellis Macy Brandon Keeley",
    "Irish": "Siobhan Niamh Aoife Ciaran Padraig Roisin Sinead Eoin Caoimhe Declan Orla Cian Grainne Oisin Saoirse "
             "Ronan Aisling Fiachra Clodagh Tadhg Ailbhe Donal Mairead Colm",
    "Scottish": "Iain Morag Hamish Kirsteen Alasdair Catriona Fraser Eilidh Lachlan Mhairi Ruaridh Isla-Rose Euan "
                "Kenzie Struan Ailsa Finlay Shona Callan Iona",
    "Welsh": "Rhys Carys Dafydd Angharad Gethin Cerys Iwan Ffion Owain Seren Emrys Lowri Llyr Nerys Tomos Bethan "
             "Gwilym Eira Aled Mali",
    "South Asian": "Aarav Priya Mohammed Ayesha Harpreet Zainab Arjun Fatima Imran Nusrat Rajesh Simran Tariq Anjali "
                   "Bilal Hafsa Sanjay Rukhsana Kiran Ishaan Jaspreet Mehreen Vikram Shabnam Yusuf Nadia Gurpreet "
                   "Farhan Sadia Amrit",
    "West African": "Chidinma Oluwaseun Kwame Adaeze Emeka Folasade Kofi Abena Tunde Ngozi Yaw Efua Chukwuemeka "
                    "Temitope Obinna Afua Babajide Chiamaka Kojo Ifeoma Segun Adwoa Ikenna Yewande",
    "East African": "Abdi Hodan Tesfaye Amina Mekdes Yonas Faduma Dawit Saida Bereket Halima Tsegaye Nafisa Mulugeta "
                    "Ayaan Eskinder Hibo Gebre",
    "Caribbean": "Jermaine Shanice Delroy Marcia Tyrone Keisha Winston Latoya Devon Sharelle Leroy Tanisha Clive "
                 "Kemar Shantelle Errol Jody-Ann Ricardo",
    "Eastern European": "Tomasz Agnieszka Piotr Katarzyna Andrei Ionela Marek Zuzana Lukas Daiva Bogdan Oksana Mateusz "
                        "Ewelina Dragos Raluca Jakub Milena Arturas Ilona Vasile Dorota Kamil Ieva",
    "Arabic": "Omar Layla Khalid Mariam Youssef Noor Hassan Rania Karim Salma Ibrahim Huda Tareq Amira Samir Dalia "
              "Mustafa Yasmin Faisal Lina",
    "East Asian": "Wei Mei Jun Xiu Hiroshi Yuki Minh Linh Jia Hao Sakura Thanh Ming Lan Kenji Hana Yong Qing",
    "Word-names": "Hope Faith Rose Will Summer Brook Grace Joy Destiny Storm Sky Hunter Autumn Ruby-Rose",
    "Hyphenated": "Daisy-Mae Ella-Rose Lilly-Ann Mary-Kate Jean-Paul Lacey-Jo Tommy-Lee Ellie-May Kai-Jaden Amelia-Grace "
                  "Lexi-Rae Alfie-James",
}
LAST = {
    "English": "Thornton Ashworth Pike Harper Bennett Whitfield Marsden Crowther Hargreaves Holloway Pickering "
               "Sutcliffe Bramwell Kershaw Loxley Fairbrother Entwistle Greenhalgh Ollerton Pennington Scholes "
               "Thwaite Birtwistle Cragg",
    "Irish": "O'Sullivan O'Connor Murphy Kavanagh Donnelly Gallagher O'Hara Brennan Fitzgerald McGuinness Quinlan "
             "O'Driscoll Moriarty Flanagan",
    "Scottish": "MacLeod McAllister MacKenzie Sinclair Drummond Buchanan McIntyre Urquhart Galbraith MacDonald "
                "Lennox McPhail",
    "Welsh": "Llewellyn Pritchard Vaughan Griffiths Bowen Prosser Gwynne Meredith Parry Cadwallader",
    "South Asian": "Patel Begum Khan Hussain Chaudhry Sharma Sandhu Gill Rahman Akhtar Iqbal Mahmood Bhatti Choudhury "
                   "Dhillon Kaur Siddiqui Qureshi",
    "West African": "Okafor Adeyemi Mensah Okonkwo Boateng Oyelaran Nwachukwu Asante Olawale Eze Agyeman Babatunde "
                    "Owusu Chukwu",
    "East African": "Abdullahi Warsame Tesfaye Mohamud Gebremedhin Haile Osman Abebe Farah Kiplagat",
    "Caribbean": "Campbell Grant Thompson-Brown Francis Morrison Bailey-Reid Clarke Henry Lindo Beckford",
    "Eastern European": "Wiśniewski Kowalczyk Nowak Popescu Dvořák Kazlauskas Petrov Horvath Zielinski Ionescu "
                        "Wojcik Lewandowska Balodis Marinescu",
    "Arabic": "Al-Hassan Haddad Mansour Khalil Nasser El-Sayed Saleh Hamdan Aziz Barakat",
    "East Asian": "Chen Wong Nguyen Tanaka Li Zhang Tran Yamamoto Liu Huang Pham Kim",
    "Hyphenated": "Okonkwo-Baptiste Harper-Lowe Smith-Ellery Marsh-Quigley Evans-Pryce Begum-Rahman Clarke-Mensah "
                  "Holt-Jennings",
}
NICKNAMES = {"dev": "Jonno Becks Mo Tommo Kaz Shaz Dazza Jas", "test": "Robbo Gaz Kels Lou-Lou Nads Bex Stevo Fi"}


def split(pools: dict[str, str], half: str) -> dict[str, list[str]]:
    offset = 0 if half == "dev" else 1
    return {origin: names.split()[offset::2] for origin, names in pools.items()}
