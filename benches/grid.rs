//! Budgets from the design, measured: `view()` of the week grid and one key
//! press through `update()` at 50 employees × 5,000 tasks on 200×60, the
//! layout behind them, and a week of 2,000 tasks fetched through the client
//! from the simulator at 50 ms latency.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::America::New_York;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use std::hint::black_box;
use std::sync::Arc;

#[path = "../tests/common/mod.rs"]
mod common;

use kickdesk::app::model::Model;
use kickdesk::app::msg::Msg;
use kickdesk::app::update::{init, update};
use kickdesk::kickserv::client::{Client, ClientConfig, TaskQuery, Token};
use kickdesk::kickserv::model::{Customer, Employee, Job, Status, Task};
use kickdesk::schedule::{Period, WorkHours, layout_week};
use kickdesk::sim::{self, Scale, SimConfig};
use kickdesk::ui::view;

/// 50 employees, 5,000 tasks spread over the week of 23 Nov 2026.
fn week_of_tasks() -> (Vec<Employee>, Vec<Task>) {
    let emps: Vec<Employee> = (1..=50)
        .map(|i| Employee {
            id: 1000 + i,
            employee_number: Some(i),
            name: Some(format!("Technician {i}")),
            ..Employee::default()
        })
        .collect();
    let mut rng = fastrand::Rng::with_seed(7);
    let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let tasks = (0..5000)
        .map(|i| {
            let day = monday + Duration::days(rng.i64(0..7));
            let start = New_York
                .from_local_datetime(
                    &day.and_hms_opt(rng.u32(6..19), 15 * rng.u32(0..4), 0)
                        .unwrap(),
                )
                .earliest()
                .unwrap()
                .fixed_offset();
            let n = if rng.u8(0..20) == 0 {
                0
            } else {
                1 + usize::from(rng.u8(0..10) == 0)
            };
            Task {
                id: 2_000_000 + i,
                starts_at: Some(start),
                ends_at: Some(start + Duration::minutes(30 * rng.i64(1..6))),
                job: Some(Arc::new(Job {
                    id: i,
                    name: Some(format!("Job {i}")),
                    status: Some(Status::Scheduled),
                    ..Job::default()
                })),
                customer: Some(Arc::new(Customer {
                    id: i,
                    name: Some(format!("Customer {i}")),
                    ..Customer::default()
                })),
                employees: (0..n)
                    .map(|_| Arc::new(emps[rng.usize(0..50)].clone()))
                    .collect(),
                ..Task::default()
            }
        })
        .collect();
    (emps, tasks)
}

/// The week of 23 Nov 2026 loaded in the view `view_key` switches to
/// (`w` the week, `v` the timeline of the Friday: the day's fetch answered
/// with the week's tasks, the layout keeping the day's).
fn loaded_in(view_key: char) -> Model {
    let now = common::now();
    let (emps, tasks) = week_of_tasks();
    let opts = kickdesk::app::model::Options {
        look: kickdesk::app::look::Look::ANSI16,
        ..common::opts()
    };
    let mut m = Model::new(opts, now, (200, 60));
    init(&mut m);
    update(
        &mut m,
        Msg::EmployeesLoaded {
            at: now,
            result: Ok(emps),
        },
    );
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char(view_key), KeyModifiers::NONE)),
    );
    let seq = m.sync().in_flight.unwrap_or(0);
    let period = m.period();
    update(
        &mut m,
        Msg::TasksLoaded {
            seq,
            period,
            at: now,
            result: Ok(tasks.into()),
        },
    );
    m
}

fn loaded_timeline() -> Model {
    loaded_in('v')
}

fn loaded_week() -> Model {
    loaded_in('w')
}

fn grid(c: &mut Criterion) {
    let mut m = loaded_week();
    assert_eq!(m.shown_tasks(), 5000);
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("view week 50×5000 at 200×60", |b| {
        b.iter(|| {
            term.draw(|f| view(black_box(&m), f)).unwrap();
        })
    });
    // What ratatui itself costs per frame at this size (reset, diff, backend), for comparison.
    c.bench_function("empty frame at 200×60 (ratatui baseline)", |b| {
        b.iter(|| {
            term.draw(|f| {
                black_box(f.area());
            })
            .unwrap();
        })
    });
    let keys = ['j', 'l', 'j', 'h', 'k'];
    let mut i = 0;
    c.bench_function("update one key, week 50×5000", |b| {
        b.iter(|| {
            i += 1;
            let k = KeyEvent::new(KeyCode::Char(keys[i % keys.len()]), KeyModifiers::NONE);
            black_box(update(&mut m, Msg::Key(k)));
        })
    });
    // One task changed (an optimistic save): its lanes re-laid, not the week.
    let mut n = 0i64;
    c.bench_function("re-lay one changed task, week 50×5000", |b| {
        b.iter(|| {
            n += 1;
            let i = (n as usize * 37) % m.tasks().len();
            let mut t = m.tasks()[i].clone();
            t.starts_at = t
                .starts_at
                .map(|s| s + Duration::minutes(if n % 2 == 0 { 15 } else { -15 }));
            m.replace_shown(i, t);
            black_box(&m.layout());
        })
    });
    // One keystroke in the text filter's prompt: every task matched again
    // and the week re-laid with what it hides (the budget: ≤ 1 ms).
    let mut f = loaded_week();
    update(
        &mut f,
        Msg::Key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE)),
    );
    let typed = ['k', 'i', 'm'];
    let mut j = 0;
    c.bench_function("text filter keystroke and re-layout, week 50×5000", |b| {
        b.iter(|| {
            j += 1;
            // Type "k", "ki", "kim", then erase back to empty, and again.
            let code = if j % 6 < 3 {
                KeyCode::Char(typed[j % 6])
            } else {
                KeyCode::Backspace
            };
            black_box(update(
                &mut f,
                Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)),
            ));
        })
    });
    // Opening the prompt reads every task's text once.
    let open = loaded_week();
    c.bench_function("text filter prompt opened, week 50×5000", |b| {
        b.iter_batched_ref(
            || open.clone(),
            |m| {
                black_box(update(
                    m,
                    Msg::Key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE)),
                ))
            },
            BatchSize::SmallInput,
        )
    });
    // The dearest keystroke: the first of a query, which scores every task.
    let mut first = loaded_week();
    update(
        &mut first,
        Msg::Key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE)),
    );
    c.bench_function(
        "text filter first keystroke and re-layout, week 50×5000",
        |b| {
            b.iter_batched_ref(
                || first.clone(),
                |m| {
                    black_box(update(
                        m,
                        Msg::Key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE)),
                    ))
                },
                BatchSize::SmallInput,
            )
        },
    );
    let mut m = loaded_timeline();
    assert!(m.timeline().is_some() && m.shown_tasks() > 500);
    c.bench_function("view timeline 50 employees at 200×60", |b| {
        b.iter(|| {
            term.draw(|f| view(black_box(&m), f)).unwrap();
        })
    });
    let keys = ['j', 'l', 'j', 'h', 'k'];
    let mut i = 0;
    c.bench_function("update one key, timeline 50 employees", |b| {
        b.iter(|| {
            i += 1;
            let k = KeyEvent::new(KeyCode::Char(keys[i % keys.len()]), KeyModifiers::NONE);
            black_box(update(&mut m, Msg::Key(k)));
        })
    });
    // Move mode (issue 22): one staging key, the stage re-laid in place.
    for (name, mut m, keys) in [
        (
            "update one move-mode key, timeline 50 employees",
            loaded_timeline(),
            ['j', 'l', 'k', 'h'],
        ),
        (
            "update one move-mode key, week 50×5000",
            loaded_week(),
            ['j', 'k', 'l', 'h'],
        ),
    ] {
        let id = m
            .cursor()
            .task
            .or_else(|| m.tasks().first().map(|t| t.id))
            .unwrap();
        assert!(m.focus_task(id));
        update(
            &mut m,
            Msg::Key(KeyEvent::new(KeyCode::Char('M'), KeyModifiers::NONE)),
        );
        assert!(m.local().stage.is_some(), "{name}: move mode is on");
        let mut i = 0;
        c.bench_function(name, |b| {
            b.iter(|| {
                i += 1;
                let k = KeyEvent::new(KeyCode::Char(keys[i % keys.len()]), KeyModifiers::NONE);
                black_box(update(&mut m, Msg::Key(k)));
            })
        });
    }
    // Running late (issue 22): Enter on the prompt stages the shift of the
    // rest of an employee's day; Enter on the preview sends the first PUT.
    {
        let mut m = loaded_timeline();
        let now = m.now();
        let id = m
            .tasks()
            .iter()
            .filter(|t| !t.employees.is_empty() && t.ends_at.is_some_and(|e| e > now))
            .filter(|t| {
                t.starts_at
                    .is_some_and(|s| s.date_naive() == now.date_naive())
            })
            .map(|t| t.id)
            .next()
            .unwrap();
        assert!(m.focus_task(id));
        let key = |c: KeyCode| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
        update(&mut m, key(KeyCode::Char('R')));
        let prompt = m.clone();
        c.bench_function(
            "update the running-late key (stage the cascade), timeline 50 employees",
            |b| {
                b.iter_batched(
                    || prompt.clone(),
                    |mut m| {
                        black_box(update(&mut m, key(KeyCode::Enter)));
                        m
                    },
                    BatchSize::LargeInput,
                )
            },
        );
        update(&mut m, key(KeyCode::Enter));
        let n = m.cascade().map_or(0, |c| c.shifts.len());
        assert!(n > 0, "a cascade is staged");
        eprintln!("running late: {n} tasks staged");
        c.bench_function(
            "update the running-late commit (the first PUT), timeline 50 employees",
            |b| {
                b.iter_batched(
                    || m.clone(),
                    |mut m| {
                        black_box(update(&mut m, key(KeyCode::Enter)));
                        m
                    },
                    BatchSize::LargeInput,
                )
            },
        );
    }
    let (emps, tasks) = week_of_tasks();
    let lanes: Vec<i64> = emps.iter().map(|e| e.id).collect();
    let period = Period::week_containing(
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        chrono::Weekday::Mon,
    );
    c.bench_function("layout_week 50×5000", |b| {
        b.iter(|| {
            black_box(layout_week(
                &tasks,
                &lanes,
                true,
                &period,
                New_York,
                &WorkHours::default(),
            ))
        })
    });
}

fn fetch(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 15, 45, 0).unwrap();
    let (clients, query, log) = rt.block_on(async {
        let cfg = SimConfig {
            scale: Scale::Large,
            now: Some(now),
            latency: std::time::Duration::from_millis(50),
            ..SimConfig::default()
        };
        let server = sim::start(cfg, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let client = |per_page| {
            Client::new(ClientConfig {
                base_url: server.base_url.clone(),
                per_page,
                ..ClientConfig::new("demo", Token::new("demo-token"))
            })
            .unwrap()
        };
        // 15: the week's 1,200 tasks in 80 pages, as many as the budget's
        // week of 2,000 tasks in the documented pages of 25.
        let clients = [(15, client(15)), (25, client(25)), (100, client(100))];
        let log = server.state();
        std::mem::forget(server);
        let today = now.with_timezone(&New_York).date_naive();
        let period = Period::week_containing(today, chrono::Weekday::Mon);
        let q = TaskQuery {
            from: Some(period.start),
            to_inclusive: Some(period.last()),
            ..TaskQuery::default()
        };
        (clients, q, log)
    });
    let mut g = c.benchmark_group("fetch");
    g.sample_size(10);
    for (per_page, client) in &clients {
        let before = log.requests().len();
        let n = rt.block_on(client.list_tasks(&query)).unwrap().tasks.len();
        println!(
            "a week of the large simulator: {n} tasks, {} requests of {per_page} in a first reading",
            log.requests().len() - before
        );
        g.bench_function(
            format!("week of large sim, per_page {per_page}, 50 ms latency"),
            |b| b.iter(|| rt.block_on(client.list_tasks(&query)).unwrap().tasks.len()),
        );
    }
    g.finish();
}

criterion_group!(benches, grid, fetch);
criterion_main!(benches);
