"""Static tables for the benchmark data generator: names, states, streets.

Hand-written, invented for synthetic data; no record here describes a real person. State
rows carry a rough population weight (millions), the USPS ZIP-code 3-digit prefix ranges of
the state, a few of its telephone area codes and a few city names.
"""

from __future__ import annotations

from typing import NamedTuple


class State(NamedTuple):
    code: str
    weight: float
    zip3: tuple[tuple[int, int], ...]  # inclusive ranges of the first three ZIP digits
    area_codes: tuple[str, ...]
    cities: tuple[str, ...]


def _words(text: str, *more: str) -> tuple[str, ...]:
    """Whitespace-separated words, then any multi-word entries given separately."""
    return (*text.split(), *more)


def _s(code: str, weight: float, zips: str, areas: str, cities: str) -> State:
    ranges = []
    for part in zips.split(","):
        lo, _, hi = part.partition("-")
        ranges.append((int(lo), int(hi or lo)))
    return State(code, weight, tuple(ranges), tuple(areas.split()), tuple(cities.split(";")))


STATES: tuple[State, ...] = (
    _s("AL", 5.1, "350-369", "205 251 256 334", "Birmingham;Montgomery;Mobile;Huntsville"),
    _s("AK", 0.7, "995-999", "907", "Anchorage;Fairbanks;Juneau"),
    _s("AZ", 7.4, "850-865", "480 520 602 623", "Phoenix;Tucson;Mesa;Scottsdale"),
    _s("AR", 3.0, "716-729", "479 501 870", "Little Rock;Fayetteville;Jonesboro"),
    _s(
        "CA",
        39.0,
        "900-961",
        "213 310 415 510 619 714 818 916",
        "Los Angeles;San Francisco;San Diego;Sacramento;San José;Oakland;Fresno",
    ),
    _s("CO", 5.8, "800-816", "303 719 720 970", "Denver;Colorado Springs;Aurora;Cañon City"),
    _s("CT", 3.6, "060-069", "203 860", "Hartford;New Haven;Stamford"),
    _s("DE", 1.0, "197-199", "302", "Wilmington;Dover;Newark"),
    _s("DC", 0.7, "200,202-205", "202", "Washington"),
    _s(
        "FL",
        22.0,
        "320-349",
        "305 407 561 727 813 904 954",
        "Miami;Orlando;Tampa;Jacksonville;Gainesville",
    ),
    _s("GA", 11.0, "300-319,398-399", "404 470 678 706 912", "Atlanta;Savannah;Augusta;Macon"),
    _s("HI", 1.4, "967-968", "808", "Honolulu;Hilo"),
    _s("ID", 1.9, "832-838", "208", "Boise;Idaho Falls;Coeur d'Alene"),
    _s("IL", 12.5, "600-629", "217 312 630 773 847", "Chicago;Springfield;Peoria;Evanston"),
    _s(
        "IN",
        6.8,
        "460-479",
        "219 317 574 765 812",
        "Indianapolis;Fort Wayne;Evansville;South Bend",
    ),
    _s("IA", 3.2, "500-528", "319 515 563 712", "Des Moines;Cedar Rapids;Iowa City"),
    _s("KS", 2.9, "660-679", "316 785 913", "Wichita;Topeka;Kansas City"),
    _s("KY", 4.5, "400-427", "270 502 606 859", "Louisville;Lexington;Bowling Green"),
    _s("LA", 4.6, "700-714", "225 318 337 504", "New Orleans;Baton Rouge;Shreveport;Lafayette"),
    _s("ME", 1.4, "039-049", "207", "Portland;Bangor;Lewiston"),
    _s("MD", 6.2, "206-219", "240 301 410 443", "Baltimore;Bethesda;Rockville;Annapolis"),
    _s("MA", 7.0, "010-027", "413 508 617 781 978", "Boston;Worcester;Springfield;Cambridge"),
    _s("MI", 10.0, "480-499", "248 313 517 616 734", "Detroit;Ann Arbor;Grand Rapids;Lansing"),
    _s("MN", 5.7, "550-567", "218 507 612 651 763", "Minneapolis;Saint Paul;Rochester;Duluth"),
    _s("MS", 2.9, "386-397", "228 601 662", "Jackson;Gulfport;Tupelo"),
    _s("MO", 6.2, "630-658", "314 417 573 816", "Saint Louis;Kansas City;Springfield;Columbia"),
    _s("MT", 1.1, "590-599", "406", "Billings;Missoula;Bozeman"),
    _s("NE", 2.0, "680-693", "308 402", "Omaha;Lincoln"),
    _s("NV", 3.2, "889-898", "702 775", "Las Vegas;Reno;Henderson"),
    _s("NH", 1.4, "030-038", "603", "Manchester;Nashua;Concord;Lebanon"),
    _s("NJ", 9.3, "070-089", "201 609 732 856 973", "Newark;Hackensack;New Brunswick;Camden"),
    _s("NM", 2.1, "870-884", "505 575", "Albuquerque;Santa Fe;Las Cruces;Española"),
    _s(
        "NY",
        19.6,
        "100-149",
        "212 315 516 518 585 718 914",
        "New York;Brooklyn;Buffalo;Rochester;Albany;Syracuse",
    ),
    _s(
        "NC",
        10.7,
        "270-289",
        "252 336 704 828 910 919",
        "Charlotte;Raleigh;Durham;Chapel Hill;Asheville",
    ),
    _s("ND", 0.8, "580-588", "701", "Fargo;Bismarck"),
    _s(
        "OH",
        11.8,
        "430-459",
        "216 330 419 513 614 937",
        "Columbus;Cleveland;Cincinnati;Toledo;Dayton",
    ),
    _s("OK", 4.0, "730-749", "405 918", "Oklahoma City;Tulsa"),
    _s("OR", 4.2, "970-979", "503 541 971", "Portland;Eugene;Salem"),
    _s(
        "PA",
        13.0,
        "150-196",
        "215 412 570 610 717 814",
        "Philadelphia;Pittsburgh;Hershey;Allentown",
    ),
    _s("RI", 1.1, "028-029", "401", "Providence;Warwick"),
    _s("SC", 5.3, "290-299", "803 843 864", "Charleston;Columbia;Greenville"),
    _s("SD", 0.9, "570-577", "605", "Sioux Falls;Rapid City"),
    _s("TN", 7.0, "370-385", "423 615 731 865 901", "Nashville;Memphis;Knoxville;Chattanooga"),
    _s(
        "TX",
        30.0,
        "750-799",
        "210 214 281 512 713 806 915 972",
        "Houston;Dallas;San Antonio;Austin;El Paso;Lubbock",
    ),
    _s("UT", 3.4, "840-847", "385 435 801", "Salt Lake City;Provo;Ogden"),
    _s("VT", 0.65, "050-059", "802", "Burlington;Montpelier"),
    _s(
        "VA",
        8.7,
        "220-246",
        "276 434 540 703 757 804",
        "Richmond;Norfolk;Charlottesville;Arlington;Roanoke",
    ),
    _s("WA", 7.8, "980-994", "206 253 360 425 509", "Seattle;Spokane;Tacoma;Bellevue"),
    _s("WV", 1.8, "247-268", "304", "Charleston;Morgantown;Huntington"),
    _s("WI", 5.9, "530-549", "262 414 608 715 920", "Milwaukee;Madison;Green Bay"),
    _s("WY", 0.58, "820-831", "307", "Cheyenne;Casper"),
)

STATE_NAMES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
}

FEMALE_FIRST = _words(
    """
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah
Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma
Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine Maria
Heather Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren Christina Joan Evelyn
Judith Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Sara Madison Frances
Kathryn Janice Jean Abigail Alice Judy Sophia Grace Denise Amber Doris Marilyn Danielle
Beverly Isabella Theresa Diana Natalie Brittany Charlotte Marie Kayla Alexis Lori Priya
Aisha Mei Yuki Fatima Ngozi Leila Anjali Sunita Xin Hye-jin María Zoë Renée Chloé
Inés Ana Lucía Sofía Mónica Béatrice Noémie Hélène Agnès Anaïs Elif Gülşen Malgorzata
Małgorzata Siobhán Aoife Niamh Ingrid Astrid Björg Yasmin Camila Valentina Guadalupe Rocío
"""
)

MALE_FIRST = _words(
    """
James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel
Matthew Anthony Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy
Ronald Jason Edward Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin
Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry
Tyler Aaron Jose Adam Nathan Henry Zachary Douglas Peter Kyle Noah Ethan Jeremy Walter
Christian Keith Roger Terry Austin Sean Gerald Carl Harold Dylan Arthur Lawrence Jordan
Jesse Bryan Billy Bruce Gabriel Joe Logan Alan Juan Albert Willie Elijah Wayne Randy Vincent
Mason Roy Ralph Bobby Russell Bradley Philip Eugene Rajesh Arjun Vikram Sanjay Wei Hiroshi
Kenji Ahmed Mohammed Omar Chinedu Oluwaseun Kwame Min-jun Jae-won Thanh José André François
Björn Søren Jürgen Jörg Łukasz Íñigo Raúl Andrés Joaquín Nicolás Sebastián Matías Óscar
Emre Mehmet Seán Ciarán Pádraig Dmitri Sergei Giovanni Luca Matteo Rafael Thiago Javier
"""
)

LAST_NAMES = _words(
    """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips
Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson
Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo
Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell
Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson
Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera
Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison
Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker
Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason
Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox
Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan
Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos
Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews
Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis
Carpenter Lawrence Sandoval Guerrero George Chapman Rios Estrada Ortega Watkins Greene
Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison Franklin Carlson
Austin Dominguez Carr Lawson Jacobs O'Brien O'Connor O'Neil McCarthy MacDonald Wong Liu
Wang Zhang Li Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin Shah Singh Kumar Sharma
Gupta Mehta Reddy Rao Iyer Desai Joshi Kapoor Choi Park Jung Kang Cho Yoon Jang Lim Han
Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Sato Okafor Adeyemi Mensah
Abubakar Haddad Khoury Nasser Rahman Hussain Ali Khan Cohen Levy Friedman Goldberg Katz
Schwartz Kowalski Nowak Wiśniewski Müller Schäfer Schröder Köhler Weiß Groß Becker Fischer
García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Gómez Díaz Núñez
Peña Jiménez Álvarez Fernández Muñoz Ibáñez Castañeda Østergaard Søndergaard Ørsted Åberg
Löfgren Dvořák Novák Doğan Yılmaz Çelik Öztürk Nguyễn Trần Lê Phạm Smith-Jones Garcia-Lopez
D'Angelo Dell'Acqua
""",
    "Van der Berg",
    "De la Cruz",
    "St. John",
)

STREETS = _words(
    """
Main Oak Pine Maple Cedar Elm Washington Lake Hill Park Walnut Sunset Lincoln Jackson
Church Willow Highland Madison Ridge Meadow Forest River Spring Adams Jefferson Franklin
Chestnut Broad Market Center Mill Union Water Prospect Academy Summit College Hospital
Medical Commerce Peachtree Beacon Huntington Longwood Fannin Lexington Mission Euclid
Cherry Grove Harbor Valley Shore Birch Hawthorne Magnolia Dogwood Sycamore Laurel Poplar
"""
)

STREET_SUFFIXES = ("St", "Ave", "Blvd", "Rd", "Dr", "Ln", "Way", "Pkwy", "Ct", "Pl", "Hwy")

SAINTS = (
    "Mary's",
    "Joseph's",
    "Luke's",
    "Vincent's",
    "Francis",
    "Elizabeth's",
    "Jude",
    "Anne's",
    "Catherine's",
    "Thomas",
    "John's",
    "Peter's",
)

PHARMACY_CHAINS = (
    "CVS Pharmacy",
    "Walgreens",
    "Rite Aid",
    "Kroger Pharmacy",
    "Walmart Pharmacy",
    "Publix Pharmacy",
    "H-E-B Pharmacy",
)

TREES = (
    "Oakwood",
    "Maplewood",
    "Pinecrest",
    "Cedar Ridge",
    "Willow Creek",
    "Elmhurst",
    "Birchwood",
    "Magnolia Gardens",
    "Aspen Grove",
    "Sunrise",
)

EMAIL_DOMAINS = (
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "aol.com",
    "icloud.com",
    "comcast.net",
    "mail.com",
)

HCO_EMAIL_DOMAINS = (
    "mgh.harvard.edu",
    "clevelandclinic.org",
    "mayo.edu",
    "kp.org",
    "hopkinsmedicine.org",
    "nyulangone.org",
    "uchealth.org",
    "bsw.org",
    "sutterhealth.org",
    "atriumhealth.org",
    "ochsner.org",
    "intermountain.net",
)
