//! Every key name a user reads comes from the live keymap: with every
//! action of every context bound to other keys, no screen (board, detail,
//! form, pickers, prompts, confirmations, help, log, restore, job chooser)
//! shows a default key. Fails when a footer, a dialog line, help prose or
//! a message spells a key by hand.

mod common;

use common::*;

use crossterm::event::KeyEvent;
use kickdesk::app::draft::Draft;
use kickdesk::app::editing;
use kickdesk::app::keymap::{Action, Context, Keymap};
use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::msg::{ApiCmd, Cmd, Msg};
use kickdesk::app::update::{act, update};

/// Every action of every context bound to a function key (plain, then
/// with Shift, Ctrl and Alt): keys no default uses and whose names share no
/// letter with a default's.
fn rebound() -> Keymap {
    let pool: Vec<String> = ["", "shift-", "ctrl-", "alt-"]
        .iter()
        .flat_map(|m| (1..=12).map(move |n| format!("{m}f{n}")))
        // F1 is a default (help).
        .filter(|k| k != "f1")
        .collect();
    let mut text = String::from("[keys]\n");
    for ctx in Context::ALL {
        text.push_str(&format!("[keys.{}]\n", ctx.name()));
        let actions = Action::ALL.iter().filter(|a| a.is_in(ctx));
        for (a, key) in actions.zip(&pool) {
            text.push_str(&format!("{} = \"{key}\"\n", a.name()));
        }
    }
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => panic!("{e}\n{text}"),
    };
    match Keymap::empty().apply(table.get("keys").and_then(|k| k.as_table()).unwrap()) {
        Ok(k) => k,
        Err(e) => panic!("{e:?}"),
    }
}

/// The texts a default binding is shown as, with what marks them as a key
/// on screen: names of more than one character wherever they stand alone,
/// single characters before their hint or a slash ("n notify", "j/k").
fn default_key_texts() -> Vec<(String, bool)> {
    let d = Keymap::defaults();
    let mut out: Vec<(String, bool)> = vec![("⏎".into(), true)];
    for ctx in Context::ALL {
        for &a in Action::ALL.iter().filter(|a| a.is_in(ctx)) {
            for b in d.bindings(ctx, a) {
                if b.chars().count() > 1 {
                    out.push((b, true));
                } else {
                    let hint = a.hint_in(ctx);
                    if !hint.is_empty() {
                        out.push((format!("{b} {hint}"), false));
                    }
                    out.push((format!("{b}/"), false));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Where `needle` stands in `s` as a key name: not inside a word, and
/// named as a key is (before a slash or a lowercase word: "Esc cancel",
/// "Tab/Shift-Tab"), not as the word it also is (the form's "End" field)
/// nor as the Enter key said not to confirm.
fn found(s: &str, needle: &str, whole: bool) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
    s.match_indices(needle).any(|(i, _)| {
        let before = s[..i].chars().next_back();
        if word(before) {
            return false;
        }
        if !whole {
            return true;
        }
        let rest = &s[i + needle.len()..];
        let mut next = rest.chars();
        let keyish = match (next.next(), next.next()) {
            (Some('/'), _) => true,
            (Some(' '), Some(c)) => c.is_lowercase(),
            (None, _) => before == Some('/'),
            (Some(c), _) => !word(Some(c)) && before == Some('/'),
        };
        // Words the screens use as words: the form's field label.
        let words = [" does not", " or duration"];
        keyish && !words.iter().any(|w| rest.starts_with(w))
    })
}

fn board() -> Model {
    let ana = employee(1, 1, "Ana");
    let ben = employee(2, 2, "Ben");
    let mut o = opts();
    o.keymap = rebound();
    let mut m = loaded_with(
        o,
        vec![ana.clone(), ben.clone()],
        vec![
            task(1, &[&ana], 9, 0, 60, "Boiler"),
            task(2, &[&ben], 9, 0, 60, "Gutter"),
            task(3, &[&ana], 13, 0, 60, "Roof"),
        ],
    );
    resize(&mut m, 160, 48);
    assert!(m.focus_task(1));
    m
}

/// Presses the (rebound) key of `a` in what is on top.
fn press_action(m: &mut Model, a: Action) -> Vec<Cmd> {
    let ctx = m.key_context();
    let spec = m.opts().keymap.keys_in(ctx, a)[0];
    update(m, Msg::Key(KeyEvent::new(spec.code, spec.mods)))
}

/// Each screen, named, as a user reads it.
fn screens() -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut m = board();
    out.push(("board", screen(&m)));

    let mut shot = |name: &'static str, open: &dyn Fn(&mut Model)| {
        let mut m = board();
        open(&mut m);
        out.push((name, screen(&m)));
    };
    shot("detail", &|m| {
        act(m, Action::Detail);
    });
    shot("detail raw", &|m| {
        act(m, Action::Detail);
        press_action(m, Action::RawJson);
    });
    shot("form", &|m| {
        act(m, Action::Edit);
    });
    shot("employee filter picker", &|m| {
        act(m, Action::EmployeeFilter);
    });
    shot("notify confirmation", &|m| {
        act(m, Action::NotifyEmployee);
    });
    shot("delete confirmation", &|m| {
        act(m, Action::Delete);
    });
    shot("help", &|m| {
        act(m, Action::Help);
    });
    shot("help over the detail", &|m| {
        act(m, Action::Detail);
        press_action(m, Action::Help);
    });
    shot("log", &|m| {
        act(m, Action::Palette);
        press(m, &typed("log"));
        press_action(m, Action::Accept);
        assert!(matches!(m.top(), Some(Overlay::Log { .. })));
    });
    shot("move mode", &|m| {
        act(m, Action::MoveTask);
        toast_gone(m);
    });
    shot("help in move mode", &|m| {
        act(m, Action::MoveTask);
        press_action(m, Action::Help);
    });
    shot("after a move", &|m| {
        // To Ben, later: Kickserv takes it, and the board offers to tell
        // the technician and the customer.
        act(m, Action::MoveTask);
        press_action(m, Action::StageNext);
        press_action(m, Action::StageLater);
        let cmds = press_action(m, Action::Commit);
        let Some(Cmd::Api(ApiCmd::Save { patch, base, .. })) = cmds.first() else {
            panic!("one save: {cmds:?}");
        };
        let mut answer = (**base).clone();
        answer.starts_at = patch.starts_at.or(base.starts_at);
        answer.ends_at = patch.ends_at.or(base.ends_at);
        // A PUT's answer lists no employees: the save keeps those it sent.
        answer.employees.clear();
        update(
            m,
            Msg::Saved {
                task_id: 1,
                result: Ok(answer),
            },
        );
        assert!(m.moves().offer.is_some(), "the offer is up");
        toast_gone(m);
    });
    shot("running late prompt", &|m| {
        act(m, Action::RunningLate);
    });
    shot("running late", &|m| {
        running_late(m);
    });
    shot("help in running late", &|m| {
        running_late(m);
        press_action(m, Action::Help);
        assert!(matches!(m.top(), Some(Overlay::Help { .. })));
    });
    shot("go to date", &|m| {
        act(m, Action::GotoDate);
    });
    shot("text filter", &|m| {
        act(m, Action::TextFilter);
    });
    shot("palette", &|m| {
        act(m, Action::Palette);
    });
    shot("job chooser", &|m| {
        act(m, Action::Add);
    });
    shot("restore", &|m| {
        let d = Draft {
            id: "kept-0".into(),
            task_id: Some(1),
            title: "Boiler".into(),
            date: "2026-11-27".into(),
            start: "9:00".into(),
            end: "11:30".into(),
            employee_ids: vec![1],
            at: now(),
            ..Draft::default()
        };
        editing::offer_draft(m, Ok(Some(d)));
    });
    out.retain(|(_, s)| !s.is_empty());
    let _ = &mut m;
    out
}

#[test]
fn no_screen_shows_a_default_key_after_every_action_is_rebound() {
    let keys = default_key_texts();
    let mut bad = Vec::new();
    for (name, s) in screens() {
        for (k, whole) in &keys {
            if found(&s, k, *whole) {
                bad.push(format!("{name}: {k:?}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "default keys on screen:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_rebound_keys_are_what_the_screens_name() {
    // The check above is only worth something if the screens name keys at
    // all: the rebound ones must be there.
    let all: String = screens().into_iter().map(|(_, s)| s).collect();
    for needle in ["F1", "Shift-F", "Ctrl-F"] {
        assert!(all.contains(needle), "no {needle} anywhere");
    }
    let shots = screens();
    let form = &shots.iter().find(|(n, _)| *n == "form").unwrap().1;
    let k = rebound();
    assert!(
        form.contains(&format!("{} save", k.key_text(Context::Form, Action::Save))),
        "{form}"
    );
}

/// The running-late box, staged by keys: the key on the lane under the
/// cursor, then the offered quarter hour accepted.
fn running_late(m: &mut Model) {
    press_action(m, Action::RunningLate);
    press_action(m, Action::Accept);
    assert!(m.cascade().is_some(), "the cascade is staged");
    assert!(matches!(m.top(), Some(Overlay::Late)));
}
