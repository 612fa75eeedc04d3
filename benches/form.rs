//! One key in the edit form and in the employee picker: the form's share of
//! the `update()` budget for a key (50 µs) with 50 employees; and the whole
//! of it, one key through `update()` with the form as the top modal over a
//! board of 50 employees × 5,000 tasks.

use chrono::DateTime;
use chrono_tz::America::New_York;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;
use std::sync::Arc;

#[path = "../tests/common/mod.rs"]
mod common;

use kickdesk::app::form::{Form, FormKey};
use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::msg::Msg;
use kickdesk::app::picker::{Choice, PickTarget, Picker, PickerKey};
use kickdesk::app::update::update;
use kickdesk::kickserv::model::{Employee, Task};

fn employees() -> Vec<Employee> {
    (1..=50)
        .map(|i| Employee {
            id: 1000 + i,
            name: Some(format!("Technician {i} Łukasz-Ørsted")),
            ..Employee::default()
        })
        .collect()
}

fn task(emps: &[Employee]) -> Task {
    Task {
        id: 2357911,
        description: Some("Check the flashing on the north side ".repeat(8)),
        starts_at: DateTime::parse_from_rfc3339("2026-11-27T09:00:00-05:00").ok(),
        ends_at: DateTime::parse_from_rfc3339("2026-11-27T11:00:00-05:00").ok(),
        employees: emps.iter().take(3).cloned().map(Arc::new).collect(),
        ..Task::default()
    }
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn keys(c: &mut Criterion) {
    let emps = employees();
    let base = Form::for_task(&task(&emps), New_York, &emps);
    c.bench_function("form: one character typed in the end field", |b| {
        let mut f = base.clone();
        for _ in 0..3 {
            f.on_key(FormKey::Next);
        }
        b.iter(|| {
            f.on_key(FormKey::Text(key(KeyCode::Char('5'))));
            black_box(f.on_key(FormKey::Text(key(KeyCode::Backspace))));
        })
    });
    c.bench_function("form: Ctrl-S building the patch", |b| {
        let mut f = base.clone();
        f.on_key(FormKey::Text(key(KeyCode::Char('!'))));
        b.iter(|| black_box(f.patch()))
    });
    let choices: Vec<Choice> = emps
        .iter()
        .map(|e| Choice {
            id: e.id,
            name: e.display_name(),
        })
        .collect();
    let picker = Picker::new(choices, &[1001, 1002], PickTarget::Filter);
    c.bench_function("picker: one character of the query over 50 names", |b| {
        let mut p = picker.clone();
        p.on_key(PickerKey::Text(key(KeyCode::Char('t'))));
        b.iter(|| {
            p.on_key(PickerKey::Text(key(KeyCode::Char('4'))));
            black_box(p.on_key(PickerKey::Text(key(KeyCode::Backspace))));
        })
    });
}

/// A board of 50 employees and 5,000 tasks today, the first task selected.
fn large_board() -> Model {
    let emps: Vec<Employee> = (1..=50)
        .map(|i| common::employee(1000 + i, i, &format!("Technician {i}")))
        .collect();
    let tasks: Vec<Task> = (0..5000)
        .map(|i| {
            let e = &emps[(i % 50) as usize];
            let h = 6 + (i / 50 % 13) as u32;
            common::task(2_000_000 + i, &[e], h, 15 * (i % 4) as u32, 45, "Job")
        })
        .collect();
    let mut m = common::loaded(emps, tasks);
    common::resize(&mut m, 200, 60);
    common::press(&mut m, &[common::key('l'), common::key('j')]);
    m
}

fn through_update(c: &mut Criterion) {
    let mut m = large_board();
    common::press(&mut m, &[common::key('e')]);
    assert!(matches!(m.top(), Some(Overlay::Form(_))));
    let mut i = 0u64;
    c.bench_function("update one key with the form open, 50×5000", |b| {
        b.iter(|| {
            i += 1;
            let k = if i.is_multiple_of(2) {
                key(KeyCode::Char('5'))
            } else {
                key(KeyCode::Backspace)
            };
            black_box(update(&mut m, Msg::Key(k)));
        })
    });
}

criterion_group!(benches, keys, through_update);
criterion_main!(benches);
