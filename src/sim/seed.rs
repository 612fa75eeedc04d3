//! The seeded data set: deterministic for (seed, scale, today, zone), laid out
//! around "today" so the board always shows a live-looking week, and salted
//! with the cases that break naive boards (see [`Specials`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use fastrand::Rng;

use super::data::*;
use super::names::*;
use super::status::SimStatus;
use super::time;
use super::{Scale, SimConfig};

struct Params {
    active_employees: usize,
    customers: usize,
    jobs: usize,
    days_before: i64,
    days_after: i64,
    /// Choices for the number of tasks per employee and working day.
    per_day: &'static [usize],
    /// Task length choices, minutes.
    durations: &'static [i64],
    unassigned_per_day: (usize, usize),
    saturday_workers: usize,
}

impl Params {
    fn of(scale: Scale) -> Self {
        match scale {
            Scale::Small => Params {
                active_employees: 12,
                customers: 150,
                jobs: 250,
                days_before: 14,
                days_after: 13,
                per_day: &[1, 2, 2, 3, 3],
                durations: &[60, 90, 90, 120, 120, 150, 180],
                unassigned_per_day: (1, 2),
                saturday_workers: 3,
            },
            Scale::Large => Params {
                active_employees: 50,
                customers: 2000,
                jobs: 4000,
                days_before: 28,
                days_after: 27,
                per_day: &[3, 4, 5, 5, 6, 6, 7],
                durations: &[30, 45, 60, 60, 90, 90, 120, 150],
                unassigned_per_day: (3, 6),
                saturday_workers: 10,
            },
        }
    }
}

/// Generates the data set for `today` (a date in the account zone).
pub fn generate(cfg: &SimConfig, today: NaiveDate) -> Dataset {
    let p = Params::of(cfg.scale);
    let mut g = Gen {
        rng: Rng::with_seed(cfg.seed),
        tz: cfg.tz,
        today,
        data: Dataset {
            today: Some(today),
            ..Dataset::default()
        },
        busy: HashMap::new(),
        next_task_id: 2_357_911,
        customer_ids: Vec::new(),
    };
    let staff = g.employees(&p);
    let people = g.customers(&p);
    let special_jobs = g.special_jobs(&people);
    let pools = g.jobs(&p);
    g.special_tasks(&staff, &special_jobs);
    g.regular_tasks(&p, &staff, &pools);
    g.long_job(&staff);
    g.data
}

/// Employees the special cases are pinned to (indexes into the active staff).
struct Staff {
    active: Vec<i64>,
    inactive: i64,
}

/// Customers the special cases are pinned to.
struct People {
    emoji: i64,
    cjk: i64,
    no_contact: i64,
    unreachable: i64,
    internal: i64,
}

struct SpecialJobs {
    by_case: HashMap<&'static str, i64>,
}

type Interval = (DateTime<Utc>, DateTime<Utc>);

/// Local (day offset, hour, minute).
type Wall = (i64, u32, u32);

struct Gen {
    rng: Rng,
    tz: Tz,
    today: NaiveDate,
    data: Dataset,
    /// Booked intervals per employee, so regular work is laid around what exists.
    busy: HashMap<i64, Vec<Interval>>,
    next_task_id: i64,
    customer_ids: Vec<i64>,
}

impl Gen {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    fn day(&self, offset: i64) -> NaiveDate {
        self.today + Duration::days(offset)
    }

    fn at(&self, offset: i64, hour: u32, minute: u32) -> DateTime<Utc> {
        time::at(self.tz, self.day(offset), hour, minute)
    }

    /// A past moment (before today) `days` back, at a plausible office hour.
    fn past(&mut self, days: i64) -> DateTime<Utc> {
        let (h, m) = (self.rng.u32(8..18), self.rng.u32(0..60));
        time::at(self.tz, self.today - Duration::days(days.max(1)), h, m)
    }

    fn phone(&mut self) -> String {
        format!("518-555-01{:02}", self.rng.u32(0..100))
    }

    fn employees(&mut self, p: &Params) -> Staff {
        let mut names: Vec<(String, String)> = vec![
            ("黒田 健".into(), "kuroda.ken".into()),
            // "Zoë" spelled with a combining diaeresis (U+0308), not the precomposed letter.
            ("Zoe\u{308} Laurent".into(), "zoe.laurent".into()),
            ("Mike Brennan 🔧".into(), "mike.brennan".into()),
        ];
        let mut seen: HashSet<String> = names.iter().map(|n| n.0.clone()).collect();
        while names.len() < p.active_employees {
            let first = *self.pick(FIRST_NAMES);
            let last = *self.pick(LAST_NAMES);
            let name = format!("{first} {last}");
            if seen.insert(name.clone()) {
                let user = format!("{}.{}", ascii_slug(first), ascii_slug(last));
                names.push((name, user));
            }
        }
        names.push(("Gary Whitfield".into(), "gary.whitfield".into()));
        let mut id = 846_700;
        let mut staff = Staff {
            active: Vec::new(),
            inactive: 0,
        };
        let count = names.len();
        for (i, (name, username)) in names.into_iter().enumerate() {
            id += self.rng.i64(3..40);
            let active = i + 1 < count;
            let hired = self.today - Duration::days(self.rng.i64(100..3000));
            let e = SimEmployee {
                id,
                employee_number: i as i64 + 1,
                email_address: format!("{username}@brightfix.example"),
                name,
                username,
                cell_phone: self.phone(),
                admin: i == 3,
                active,
                limit_access_to_assignments: i % 5 == 4,
                notify_via_email: true,
                notify_via_mobile: self.rng.bool(),
                hired_date: hired,
                created_at: time::at(self.tz, hired, 9, 0),
            };
            if active {
                staff.active.push(id);
            } else {
                staff.inactive = id;
            }
            self.data.employees.insert(id, e);
        }
        staff
    }

    fn address(&mut self) -> (String, String, String, String, f64, f64) {
        let street = format!("{} {}", self.rng.u32(1..1000), self.pick(STREETS));
        let (city, state, zip, lat, lon) = *self.pick(CITIES);
        let zip = format!("{zip}{:02}", self.rng.u32(1..100));
        let lat = lat + (self.rng.f64() - 0.5) * 0.06;
        let lon = lon + (self.rng.f64() - 0.5) * 0.06;
        (
            street,
            city.into(),
            state.into(),
            zip,
            round6(lat),
            round6(lon),
        )
    }

    fn contact(&mut self, id: i64, first: &str, last: &str) -> SimContact {
        let has_email = self.rng.u32(0..10) < 9;
        SimContact {
            id,
            first_name: first.into(),
            last_name: last.into(),
            phone_number: Some(self.phone()),
            mobile: self.rng.bool().then(|| self.phone()),
            email_address: has_email
                .then(|| format!("{}.{}@example.com", ascii_slug(first), ascii_slug(last))),
        }
    }

    fn customers(&mut self, p: &Params) -> People {
        let mut id = 66_677_880;
        let mut contact_id = 5_120_400;
        let mut seen_companies = HashSet::new();
        let mut people = People {
            emoji: 0,
            cjk: 0,
            no_contact: 0,
            unreachable: 0,
            internal: 0,
        };
        for i in 0..p.customers {
            id += self.rng.i64(1..500);
            contact_id += self.rng.i64(1..20);
            let (
                service_address,
                service_city,
                service_state,
                service_zip_code,
                latitude,
                longitude,
            ) = self.address();
            let age = self.rng.i64(30..2500);
            let created_at = self.past(age);
            let mut c = SimCustomer {
                id,
                customer_number: 101 + i as i64,
                name: String::new(),
                first_name: None,
                last_name: None,
                company_name: None,
                company: false,
                phone_number: Some(self.phone()),
                mobile: None,
                email_address: None,
                service_address,
                service_city,
                service_state,
                service_zip_code,
                latitude,
                longitude,
                created_at,
                primary_contact: None,
            };
            match i {
                0 => {
                    people.emoji = id;
                    c.name = "Sunny Side Café ☀️".into();
                    c.company = true;
                    c.email_address = Some("hello@sunnyside.example".into());
                    c.primary_contact = Some(self.contact(contact_id, "Marisol", "Vega"));
                }
                1 => {
                    people.cjk = id;
                    c.name = "山本 さくら".into();
                    c.first_name = Some("さくら".into());
                    c.last_name = Some("山本".into());
                    c.email_address = Some("sakura.yamamoto@example.jp".into());
                    c.primary_contact = Some(SimContact {
                        id: contact_id,
                        first_name: "さくら".into(),
                        last_name: "山本".into(),
                        phone_number: c.phone_number.clone(),
                        mobile: None,
                        email_address: c.email_address.clone(),
                    });
                }
                2 => {
                    people.no_contact = id;
                    c.name = "Harold Finch".into();
                    c.first_name = Some("Harold".into());
                    c.last_name = Some("Finch".into());
                }
                3 => {
                    people.unreachable = id;
                    c.name = "Estate of M. Quill".into();
                    c.phone_number = None;
                }
                4 => {
                    people.internal = id;
                    c.name = "BrightFix Home Services (internal)".into();
                    c.company = true;
                    c.email_address = Some("office@brightfix.example".into());
                }
                _ if self.rng.u32(0..10) < 3 => {
                    let mut name =
                        format!("{} {}", self.pick(COMPANY_FIRST), self.pick(COMPANY_KIND));
                    if !seen_companies.insert(name.clone()) {
                        name = format!("{name} ({})", c.service_city);
                        if !seen_companies.insert(name.clone()) {
                            name = format!("{name} #{}", c.customer_number);
                        }
                    }
                    c.email_address = Some(format!("office@{}.example", ascii_slug(&name)));
                    c.name = name;
                    c.company = true;
                    if self.rng.u32(0..10) < 9 {
                        let (f, l) = (*self.pick(FIRST_NAMES), *self.pick(LAST_NAMES));
                        c.primary_contact = Some(self.contact(contact_id, f, l));
                    }
                }
                _ => {
                    let (f, l) = (*self.pick(FIRST_NAMES), *self.pick(LAST_NAMES));
                    c.name = format!("{f} {l}");
                    c.first_name = Some(f.into());
                    c.last_name = Some(l.into());
                    if self.rng.u32(0..10) < 9 {
                        c.email_address = Some(format!(
                            "{}.{}{}@example.com",
                            ascii_slug(f),
                            ascii_slug(l),
                            i
                        ));
                    }
                    if self.rng.u32(0..10) < 6 {
                        c.mobile = Some(self.phone());
                    }
                    if self.rng.u32(0..20) < 17 {
                        let mut contact = self.contact(contact_id, f, l);
                        contact.email_address = c.email_address.clone();
                        contact.phone_number = c.phone_number.clone();
                        contact.mobile = c.mobile.clone();
                        c.primary_contact = Some(contact);
                    }
                }
            }
            // The export shows company_name filled for everyone, residential or not.
            c.company_name = Some(c.name.clone());
            self.data.customers.insert(id, c);
        }
        people
    }

    fn new_job(
        &mut self,
        customer_id: i64,
        name: &str,
        job_type_id: i64,
        status: SimStatus,
    ) -> i64 {
        let id = self
            .data
            .jobs
            .keys()
            .next_back()
            .map_or(39_497_130, |last| last + self.rng.i64(1..97));
        let age = self.rng.i64(1..60);
        let created_at = self.past(age);
        let job = SimJob {
            id,
            customer_id,
            job_number: 1001 + self.data.jobs.len() as i64,
            name: name.into(),
            status,
            job_type_id,
            description: Some(self.pick(JOB_NOTES).to_string()),
            total: format!("{}.0", self.rng.u32(89..2400)),
            created_at,
            updated_at: created_at,
        };
        self.data.jobs.insert(id, job);
        id
    }

    fn random_customer(&mut self) -> i64 {
        if self.customer_ids.len() != self.data.customers.len() {
            self.customer_ids = self.data.customers.keys().copied().collect();
        }
        let n = self.customer_ids.len();
        if n == 0 {
            return 0;
        }
        // The first five customers are pinned to special cases.
        self.customer_ids[self.rng.usize(5.min(n - 1)..n)]
    }

    fn special_jobs(&mut self, people: &People) -> SpecialJobs {
        use SimStatus::*;
        let plan: [(&'static str, Option<i64>, &str, i64, SimStatus); 15] = [
            ("overlap_a", None, "Mini-split install", 24568, Won),
            (
                "overlap_b",
                None,
                "Kitchen remodel estimate",
                24570,
                EstimateScheduled,
            ),
            ("unassigned", None, "Leak check", 24555, Unscheduled),
            (
                "multi_employee",
                None,
                "Rooftop unit replacement",
                24572,
                Scheduled,
            ),
            (
                "all_day",
                Some(people.internal),
                "Safety training",
                24573,
                InProgress,
            ),
            (
                "cross_midnight",
                None,
                "Emergency boiler repair",
                24552,
                InProgress,
            ),
            ("multi_day", None, "Roof survey", 24571, OnHold),
            (
                "midnight_start",
                None,
                "Frozen pipe callout",
                24555,
                Complete,
            ),
            (
                "no_contact",
                Some(people.no_contact),
                "AC repair",
                24551,
                New,
            ),
            (
                "unreachable",
                Some(people.unreachable),
                "Water heater replacement",
                24554,
                EstimateSent,
            ),
            (
                "cjk",
                Some(people.cjk),
                "Panel upgrade",
                24562,
                EstimateViewed,
            ),
            ("combining", None, "Dryer vent cleaning", 24564, Canceled),
            (
                "emoji",
                Some(people.emoji),
                "Drain unclogging",
                24557,
                Scheduled,
            ),
            ("inactive", None, "Heat pump maintenance", 24565, Lost),
            ("escape", None, "Outlet repair", 24563, Complete),
        ];
        let mut by_case = HashMap::new();
        for (case, customer, name, job_type, status) in plan {
            let customer = match customer {
                Some(c) => c,
                None => self.random_customer(),
            };
            by_case.insert(case, self.new_job(customer, name, job_type, status));
        }
        SpecialJobs { by_case }
    }

    /// Regular jobs, grouped by status for picking a plausible job per day.
    fn jobs(&mut self, p: &Params) -> BTreeMap<String, Vec<i64>> {
        use SimStatus::*;
        let weights: [(SimStatus, u32); 12] = [
            (Complete, 25),
            (Scheduled, 22),
            (InProgress, 10),
            (OnHold, 4),
            (Canceled, 3),
            (EstimateScheduled, 6),
            (EstimateSent, 4),
            (EstimateViewed, 3),
            (Won, 3),
            (Lost, 4),
            (New, 5),
            (Unscheduled, 4),
        ];
        let total: u32 = weights.iter().map(|w| w.1).sum();
        let mut pools: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        while self.data.jobs.len() < p.jobs {
            let mut roll = self.rng.u32(0..total);
            let mut status = Scheduled;
            for (s, w) in &weights {
                if roll < *w {
                    status = *s;
                    break;
                }
                roll -= w;
            }
            let (service, job_type) = *self.pick(SERVICES);
            let customer = self.random_customer();
            let key = status.wire().to_string();
            let id = self.new_job(customer, service, job_type, status);
            pools.entry(key).or_default().push(id);
        }
        pools
    }

    fn add_task(&mut self, mut t: SimTask) -> i64 {
        self.next_task_id += self.rng.i64(1..4);
        t.id = self.next_task_id;
        let start_day = time::local_date(self.tz, t.starts_at).min(self.today);
        let created = self.rng.i64(1..15) + (self.today - start_day).num_days();
        t.created_at = self.past(created);
        let edited = self.rng.i64(0..created);
        t.updated_at = self.past(created - edited).max(t.created_at);
        for e in &t.employee_ids {
            self.busy
                .entry(*e)
                .or_default()
                .push((t.starts_at, t.ends_at));
        }
        let id = t.id;
        self.data.tasks.insert(id, t);
        id
    }

    fn task(
        &mut self,
        job_id: i64,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        employees: Vec<i64>,
    ) -> SimTask {
        let estimate = self.data.jobs.get(&job_id).is_some_and(|j| {
            matches!(
                j.status,
                SimStatus::New
                    | SimStatus::EstimateScheduled
                    | SimStatus::EstimateSent
                    | SimStatus::EstimateViewed
                    | SimStatus::Won
                    | SimStatus::Lost
            )
        });
        let task_type = if estimate {
            TASK_TYPE_ESTIMATE
        } else if self.rng.u32(0..30) == 0 {
            TASK_TYPE_REMINDER
        } else {
            TASK_TYPE_WORK
        };
        let name = if estimate && self.rng.bool() {
            Some("Estimate visit".to_string())
        } else if self.rng.u32(0..7) == 0 {
            Some(self.pick(TASK_NAMES).to_string())
        } else {
            None
        };
        SimTask {
            id: 0,
            job_id,
            task_type_id: Some(task_type),
            name,
            description: Some(self.pick(TASK_NOTES).to_string()),
            starts_at: start,
            ends_at: end,
            all_day: false,
            status: None,
            employee_ids: employees,
            created_at: start,
            updated_at: start,
        }
    }

    fn special_tasks(&mut self, staff: &Staff, jobs: &SpecialJobs) {
        let e = |i: usize| staff.active.get(i).copied().unwrap_or_default();
        let job = |case: &str| jobs.by_case.get(case).copied().unwrap_or_default();
        let mut s = Specials::default();
        let plan: Vec<(&str, i64, Wall, Wall, Vec<i64>)> = vec![
            ("cjk", job("cjk"), (0, 7, 30), (0, 9, 0), vec![e(0)]),
            (
                "combining",
                job("combining"),
                (0, 11, 0),
                (0, 12, 0),
                vec![e(1)],
            ),
            ("emoji", job("emoji"), (0, 16, 0), (0, 17, 30), vec![e(2)]),
            (
                "overlap_a",
                job("overlap_a"),
                (0, 9, 0),
                (0, 11, 0),
                vec![e(3)],
            ),
            (
                "overlap_b",
                job("overlap_b"),
                (0, 10, 0),
                (0, 12, 30),
                vec![e(3)],
            ),
            (
                "multi_employee",
                job("multi_employee"),
                (0, 8, 0),
                (0, 12, 0),
                vec![e(4), e(5), e(6)],
            ),
            (
                "unreachable",
                job("unreachable"),
                (0, 15, 30),
                (0, 16, 30),
                vec![e(4)],
            ),
            ("escape", job("escape"), (0, 13, 0), (0, 14, 0), vec![e(5)]),
            ("all_day", job("all_day"), (0, 0, 0), (1, 0, 0), vec![e(7)]),
            (
                "cross_midnight",
                job("cross_midnight"),
                (0, 22, 0),
                (1, 2, 0),
                vec![e(8)],
            ),
            (
                "multi_day",
                job("multi_day"),
                (-1, 8, 0),
                (1, 17, 0),
                vec![e(9)],
            ),
            (
                "midnight_start",
                job("midnight_start"),
                (0, 0, 0),
                (0, 1, 30),
                vec![e(10)],
            ),
            (
                "no_contact",
                job("no_contact"),
                (0, 14, 0),
                (0, 15, 0),
                vec![e(11)],
            ),
            (
                "inactive",
                job("inactive"),
                (0, 10, 0),
                (0, 11, 0),
                vec![staff.inactive],
            ),
            (
                "unassigned",
                job("unassigned"),
                (0, 13, 0),
                (0, 14, 30),
                vec![],
            ),
        ];
        for (case, job_id, (d0, h0, m0), (d1, h1, m1), employees) in plan {
            let (start, end) = if case == "all_day" || case == "midnight_start" {
                // Local midnight, which some zones skip on DST days.
                let start = time::start_of_day(self.tz, self.day(d0));
                let end = if d1 > d0 {
                    time::start_of_day(self.tz, self.day(d1))
                } else {
                    self.at(d1, h1, m1)
                };
                (start, end)
            } else {
                (self.at(d0, h0, m0), self.at(d1, h1, m1))
            };
            let mut t = self.task(job_id, start, end, employees);
            match case {
                "all_day" => {
                    t.all_day = true;
                    t.name = Some("Training day".into());
                    t.description = Some("OSHA refresher at the shop. No field work.".into());
                }
                "escape" => {
                    t.description = Some(
                        "Breaker 12 sparks \u{1b}[31mRED\u{1b}[0m\u{7} \u{1b}]0;owned\u{7}ask for the owner"
                            .into(),
                    );
                }
                "cross_midnight" => {
                    t.description = Some("Boiler down, hotel guests without hot water.".into());
                }
                "multi_day" => {
                    t.description = Some("Three-day survey of the warehouse roof.".into());
                }
                _ => {}
            }
            let id = self.add_task(t);
            match case {
                "cjk" => s.cjk = id,
                "combining" => s.combining = id,
                "emoji" => s.emoji = id,
                "overlap_a" => s.overlap[0] = id,
                "overlap_b" => s.overlap[1] = id,
                "multi_employee" => s.multi_employee = id,
                "unreachable" => s.unreachable = id,
                "escape" => s.escape = id,
                "all_day" => s.all_day = id,
                "cross_midnight" => s.cross_midnight = id,
                "multi_day" => s.multi_day = id,
                "midnight_start" => s.midnight_start = id,
                "no_contact" => s.no_contact = id,
                "inactive" => s.inactive = id,
                _ => s.unassigned = id,
            }
        }
        self.data.specials = s;
    }

    /// A job that runs from three days before today to two days after, for
    /// one employee: shown on every one of its days or missed by a look-back
    /// that is too short. Made last, so that nothing else in the set changes.
    fn long_job(&mut self, staff: &Staff) {
        let who = staff.active.get(10).copied().unwrap_or_default();
        let customer = self.random_customer();
        let job_id = self.new_job(customer, "Warehouse re-roof", 24571, SimStatus::InProgress);
        let mut t = self.task(job_id, self.at(-3, 7, 0), self.at(2, 17, 0), vec![who]);
        t.description = Some("Tear-off and new membrane.".into());
        self.data.specials.long_job = self.add_task(t);
    }

    /// First start at or after `from` where `minutes` fit between `who`'s bookings.
    fn next_free(&self, who: i64, from: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        let mut t = from;
        let Some(booked) = self.busy.get(&who) else {
            return t;
        };
        loop {
            let end = t + Duration::minutes(minutes);
            match booked
                .iter()
                .filter(|(s, e)| *s < end && *e > t)
                .map(|(_, e)| *e)
                .max()
            {
                Some(later) => t = later,
                None => return t,
            }
        }
    }

    fn pick_job(&mut self, pools: &BTreeMap<String, Vec<i64>>, offset: i64) -> i64 {
        let choices: &[(&str, u32)] = match offset {
            o if o < 0 => &[
                ("complete", 10),
                ("in_progress", 2),
                ("on_hold", 1),
                ("canceled", 1),
                ("won", 1),
                ("estimate_sent", 1),
                ("estimate_viewed", 1),
                ("lost", 1),
            ],
            0 => &[
                ("in_progress", 4),
                ("scheduled", 4),
                ("complete", 2),
                ("estimate_scheduled", 1),
            ],
            _ => &[
                ("scheduled", 8),
                ("estimate_scheduled", 2),
                ("in_progress", 2),
                ("on_hold", 1),
            ],
        };
        let total: u32 = choices.iter().map(|c| c.1).sum();
        let mut roll = self.rng.u32(0..total);
        let mut key = "scheduled";
        for (k, w) in choices {
            if roll < *w {
                key = k;
                break;
            }
            roll -= w;
        }
        let pool = pools
            .get(key)
            .filter(|p| !p.is_empty())
            .or_else(|| pools.values().find(|p| !p.is_empty()));
        match pool {
            Some(p) => p[self.rng.usize(..p.len())],
            None => self.data.jobs.keys().next().copied().unwrap_or_default(),
        }
    }

    fn regular_tasks(&mut self, p: &Params, staff: &Staff, pools: &BTreeMap<String, Vec<i64>>) {
        for offset in -p.days_before..=p.days_after {
            let date = self.day(offset);
            let (workers, open, close) = match date.weekday() {
                Weekday::Sun => continue,
                Weekday::Sat => {
                    let mut w = staff.active.clone();
                    self.rng.shuffle(&mut w);
                    w.truncate(p.saturday_workers);
                    (w, (8, 0), (13, 0))
                }
                _ => {
                    let mut w = staff.active.clone();
                    // Gary left a week ago; his earlier work is still on the books.
                    if offset < -7 {
                        w.push(staff.inactive);
                    }
                    self.rng.shuffle(&mut w);
                    (w, (7, 0), (18, 0))
                }
            };
            let close = self.at(offset, close.0, close.1);
            for &who in &workers {
                let mut cursor =
                    self.at(offset, open.0, open.1) + Duration::minutes(15 * self.rng.i64(0..5));
                for _ in 0..*self.pick(p.per_day) {
                    let minutes = *self.pick(p.durations);
                    let start = self.next_free(who, cursor, minutes);
                    let end = start + Duration::minutes(minutes);
                    if end > close {
                        break;
                    }
                    let mut crew = vec![who];
                    if self.rng.u32(0..12) == 0 {
                        let mates: Vec<i64> =
                            workers.iter().copied().filter(|w| *w != who).collect();
                        if !mates.is_empty() {
                            let mate = mates[self.rng.usize(..mates.len())];
                            if self.next_free(mate, start, minutes) == start {
                                crew.push(mate);
                            }
                        }
                    }
                    let job = self.pick_job(pools, offset);
                    let t = self.task(job, start, end, crew);
                    self.add_task(t);
                    cursor = end + Duration::minutes(15 * self.rng.i64(0..5));
                }
            }
            if date.weekday() != Weekday::Sat {
                let (lo, hi) = p.unassigned_per_day;
                for _ in 0..self.rng.usize(lo..=hi) {
                    let (h, m) = (self.rng.u32(8..16), 15 * self.rng.u32(0..4));
                    let start = self.at(offset, h, m);
                    let end = start + Duration::minutes(*self.pick(&[60, 90, 120]));
                    let job = self.pick_job(pools, offset);
                    let t = self.task(job, start, end, vec![]);
                    self.add_task(t);
                }
            }
        }
        // Two future visits nobody reassigned after Gary left.
        for offset in [2, 5] {
            let start = self.at(offset, 9, 0);
            let job = self.pick_job(pools, offset);
            let t = self.task(
                job,
                start,
                start + Duration::minutes(90),
                vec![staff.inactive],
            );
            self.add_task(t);
        }
    }
}

/// Lower-case ASCII for e-mail local parts: accents folded, everything else dropped.
fn ascii_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ï' => 'i',
            'ó' | 'ö' | 'ô' => 'o',
            'ú' | 'ü' => 'u',
            'ñ' => 'n',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if (c == ' ' || c == '-') && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
