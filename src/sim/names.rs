//! Word lists for the seeded data set.

pub const FIRST_NAMES: &[&str] = &[
    "Ana", "Ben", "Chloé", "Dev", "Ethan", "Fatima", "Grace", "Hiro", "Isabel", "Jamal", "Kofi",
    "Liam", "María", "Noah", "Olivia", "Priya", "Quinn", "Rosa", "Sam", "Tomás", "Uma", "Victor",
    "Wei", "Ximena", "Yusuf", "Zara", "Aisha", "Bruno", "Carmen", "Diego", "Elena", "Farid",
    "Gustavo", "Hannah", "Ivan", "Julia", "Kenji", "Lucía", "Mateo", "Nadia", "Omar", "Paula",
    "Rahul", "Sofia", "Tariq", "Valentina", "William", "Yara", "Frank", "Deborah", "Marcus",
    "Linda", "Patrick", "Janet", "Raymond", "Gloria",
];

pub const LAST_NAMES: &[&str] = &[
    "Gómez", "Okafor", "Martin", "Patel", "Nguyen", "Smith", "Johnson", "Li", "Park", "Moss",
    "Ruiz", "Ito", "Ortiz", "Kowalski", "Haddad", "Schmidt", "Rossi", "Dubois", "O'Connor",
    "Fernández", "Andersen", "Novak", "Kim", "Chen", "Walker", "Hughes", "Murphy", "Silva",
    "Costa", "Jensen", "Yilmaz", "Mensah", "Alvarez", "Bianchi", "Carter", "Foster", "Reyes",
    "Sato", "Lindqvist", "McAllister", "Van der Berg", "Abernathy",
];

pub const COMPANY_FIRST: &[&str] = &[
    "Lakeside", "Brightway", "Hudson", "Maple Court", "Riverside", "Summit", "Oak Hill", "Harbor",
    "Pioneer", "Evergreen", "Northside", "Cedar", "Capital", "Mohawk", "Stonegate", "Willow",
];

pub const COMPANY_KIND: &[&str] = &[
    "Dental", "Property Management", "Bakery", "HOA", "Auto Body", "Veterinary Clinic",
    "Apartments", "Community Church", "Fitness", "Pharmacy", "Law Office", "Diner", "Montessori",
    "Storage", "Brewing Co.",
];

pub const STREETS: &[&str] = &[
    "Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Washington Ave", "Park Pl",
    "Lakeview Rd", "Hillcrest Dr", "Broad St", "River Rd", "Church St", "Western Ave",
    "Delaware Ave", "Madison Ave", "New Scotland Rd", "Route 9", "Troy-Schenectady Rd",
];

/// City, state, ZIP prefix, latitude, longitude.
pub const CITIES: &[(&str, &str, &str, f64, f64)] = &[
    ("Albany", "NY", "122", 42.6526, -73.7562),
    ("Troy", "NY", "121", 42.7284, -73.6918),
    ("Schenectady", "NY", "123", 42.8142, -73.9396),
    ("Saratoga Springs", "NY", "128", 43.0831, -73.7846),
    ("Clifton Park", "NY", "120", 42.8656, -73.7709),
    ("Latham", "NY", "121", 42.7470, -73.7590),
    ("Delmar", "NY", "120", 42.6220, -73.8326),
    ("Cohoes", "NY", "120", 42.7743, -73.7001),
    ("Rensselaer", "NY", "121", 42.6426, -73.7429),
    ("Bennington", "VT", "052", 42.8781, -73.1968),
];

/// Service name and its job type id.
pub const SERVICES: &[(&str, i64)] = &[
    ("AC repair", 24551),
    ("Boiler service", 24552),
    ("Furnace tune-up", 24553),
    ("Water heater replacement", 24554),
    ("Leak check", 24555),
    ("Gutter cleaning", 24556),
    ("Drain unclogging", 24557),
    ("Thermostat install", 24558),
    ("Duct cleaning", 24559),
    ("Bathtub realignment", 24560),
    ("Sump pump install", 24561),
    ("Panel upgrade", 24562),
    ("Outlet repair", 24563),
    ("Dryer vent cleaning", 24564),
    ("Heat pump maintenance", 24565),
    ("Garbage disposal install", 24566),
    ("Toilet repair", 24567),
    ("Mini-split install", 24568),
    ("Annual HVAC inspection", 24569),
    ("Kitchen remodel estimate", 24570),
    ("Roof survey", 24571),
    ("Rooftop unit replacement", 24572),
];

pub const TASK_NOTES: &[&str] = &[
    "Check refrigerant levels; customer reports weak airflow.",
    "Bring 40-gal tank and expansion kit.",
    "Gate code 4412. Dog in the yard, friendly.",
    "Call 30 min ahead, customer works nights.",
    "Replace filter, inspect blower motor.",
    "Second visit: parts arrived.",
    "Park on the street, driveway is being sealed.",
    "Quote for full replacement if heat exchanger is cracked.",
    "Tenant will let you in; landlord pays.",
    "Bring ladder (two-storey).",
    "Warranty job, take photos of the serial plate.",
    "Customer prefers text messages.",
    "Basement access through the side door.",
    "Check pressure relief valve; water on the floor last week.",
    "",
];

pub const TASK_NAMES: &[&str] = &[
    "Estimate visit",
    "Follow-up",
    "Parts drop-off",
    "Final inspection",
    "Diagnostic",
];

pub const JOB_NOTES: &[&str] = &[
    "Customer called in, booked by phone.",
    "Booked online.",
    "Referral from neighbour.",
    "Service agreement visit.",
    "Repeat customer.",
];
