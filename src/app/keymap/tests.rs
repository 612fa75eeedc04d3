use super::*;
use crossterm::event::KeyEventState;

fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

fn keys(src: &str) -> toml::Table {
    match src.parse::<toml::Table>() {
        Ok(t) => t,
        Err(e) => panic!("test table does not parse: {e}"),
    }
}

#[test]
fn the_table_parses_and_binds_every_action_in_each_of_its_contexts() {
    let map = from_table();
    assert!(map.is_ok(), "{map:?}");
    let map = Keymap::defaults();
    for &a in Action::ALL {
        for ctx in a.contexts() {
            assert!(
                !map.bindings(ctx, a).is_empty(),
                "{} has no key in {}",
                a.name(),
                ctx.name()
            );
        }
    }
}

#[test]
fn the_documented_asset_is_the_table() {
    let doc: toml::Table = match include_str!("../../../assets/keymap.toml").parse() {
        Ok(d) => d,
        Err(e) => panic!("assets/keymap.toml: {e}"),
    };
    let Some(toml::Value::Table(keys)) = doc.get("keys") else {
        panic!("assets/keymap.toml has no [keys] table");
    };
    // Every context is spelled out as its own table.
    for ctx in Context::ALL {
        assert!(
            matches!(keys.get(ctx.name()), Some(toml::Value::Table(_))),
            "no [keys.{}]",
            ctx.name()
        );
    }
    assert_eq!(Keymap::empty().apply(keys), Ok(Keymap::defaults()));
}

#[test]
fn all_is_in_declaration_order_and_names_round_trip() {
    for (i, &a) in Action::ALL.iter().enumerate() {
        assert_eq!(a.index(), i);
        assert_eq!(Action::from_name(a.name()), Some(a));
        assert!(!a.description().is_empty());
        assert!(!a.short_label().is_empty());
    }
    assert_eq!(Action::NotifyOnTheWay.name(), "notify_on_the_way");
    assert_eq!(Action::from_name("MoveUp"), None);
}

#[test]
fn defaults_follow_the_design() {
    let map = Keymap::defaults();
    let cases = [
        (KeyCode::Char('h'), KeyModifiers::NONE, Action::MoveLeft),
        (KeyCode::Char('j'), KeyModifiers::NONE, Action::MoveDown),
        (KeyCode::Char('k'), KeyModifiers::NONE, Action::MoveUp),
        (KeyCode::Char('l'), KeyModifiers::NONE, Action::MoveRight),
        (KeyCode::Left, KeyModifiers::NONE, Action::MoveLeft),
        (KeyCode::Char('d'), KeyModifiers::NONE, Action::DayView),
        (KeyCode::Char('D'), KeyModifiers::SHIFT, Action::Delete),
        (KeyCode::Char('w'), KeyModifiers::NONE, Action::WeekView),
        (
            KeyCode::Char('W'),
            KeyModifiers::SHIFT,
            Action::ToggleWeekend,
        ),
        (KeyCode::Char('['), KeyModifiers::NONE, Action::PrevPeriod),
        (KeyCode::Char(']'), KeyModifiers::NONE, Action::NextPeriod),
        (KeyCode::Enter, KeyModifiers::NONE, Action::Detail),
        (
            KeyCode::Char('N'),
            KeyModifiers::SHIFT,
            Action::NotifyDetails,
        ),
        (
            KeyCode::Char('n'),
            KeyModifiers::NONE,
            Action::NotifyEmployee,
        ),
        (
            KeyCode::Char('o'),
            KeyModifiers::NONE,
            Action::NotifyOnTheWay,
        ),
        (KeyCode::Char('c'), KeyModifiers::NONE, Action::NextChange),
        (KeyCode::Char('?'), KeyModifiers::SHIFT, Action::Help),
        (KeyCode::Char(':'), KeyModifiers::NONE, Action::Palette),
        (KeyCode::Esc, KeyModifiers::NONE, Action::Close),
        (KeyCode::Char('q'), KeyModifiers::NONE, Action::Quit),
        (KeyCode::Char('c'), KeyModifiers::CONTROL, Action::Quit),
        (KeyCode::Char('l'), KeyModifiers::CONTROL, Action::Redraw),
        (KeyCode::PageDown, KeyModifiers::NONE, Action::PageDown),
        (KeyCode::Home, KeyModifiers::NONE, Action::First),
        (KeyCode::End, KeyModifiers::NONE, Action::Last),
    ];
    for (code, mods, want) in cases {
        assert_eq!(
            map.action_for(&press(code, mods)),
            Some(want),
            "{code:?} {mods:?}"
        );
    }
    assert_eq!(
        map.action_for(&press(KeyCode::Char('z'), KeyModifiers::NONE)),
        None
    );
}

#[test]
fn shift_quirks() {
    let map = Keymap::defaults();
    // Legacy terminals: uppercase with SHIFT; caps lock: uppercase alone;
    // kitty protocol without alternate keys: lowercase with SHIFT.
    for (code, mods) in [
        (KeyCode::Char('D'), KeyModifiers::SHIFT),
        (KeyCode::Char('D'), KeyModifiers::NONE),
        (KeyCode::Char('d'), KeyModifiers::SHIFT),
    ] {
        assert_eq!(
            map.action_for(&press(code, mods)),
            Some(Action::Delete),
            "{mods:?}"
        );
    }
    assert_eq!(
        map.action_for(&press(KeyCode::Char('d'), KeyModifiers::NONE)),
        Some(Action::DayView)
    );
    // Ctrl-L must not fall through to plain `l`, nor Alt-l.
    assert_eq!(
        map.action_for(&press(
            KeyCode::Char('L'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT
        )),
        Some(Action::Redraw)
    );
    assert_eq!(
        map.action_for(&press(KeyCode::Char('l'), KeyModifiers::ALT)),
        None
    );
}

#[test]
fn releases_never_act() {
    let map = Keymap::defaults();
    let ev = KeyEvent::new_with_kind_and_state(
        KeyCode::Char('q'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
        KeyEventState::NONE,
    );
    assert_eq!(map.action_for(&ev), None);
    let repeat =
        KeyEvent::new_with_kind(KeyCode::Char('j'), KeyModifiers::NONE, KeyEventKind::Repeat);
    assert_eq!(map.action_for(&repeat), Some(Action::MoveDown));
}

#[test]
fn overrides_replace_and_conflicts_name_both_actions() {
    let map = Keymap::defaults().with_overrides(&keys(
        r#"quit = "x"
                                 move_down = ["j", "down", "ctrl-n"]"#,
    ));
    let map = match map {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        map.action_for(&press(KeyCode::Char('q'), KeyModifiers::NONE)),
        None
    );
    assert_eq!(
        map.action_for(&press(KeyCode::Char('x'), KeyModifiers::NONE)),
        Some(Action::Quit)
    );
    assert_eq!(
        map.action_for(&press(KeyCode::Char('n'), KeyModifiers::CONTROL)),
        Some(Action::MoveDown)
    );
    // Ctrl-C still quits after quit was rebound away from it.
    assert_eq!(
        map.action_for(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Some(Action::Quit)
    );

    let err = Keymap::defaults().with_overrides(&keys("delete = \"x\"\nday_view = \"x\""));
    let err = err.err().unwrap_or_default();
    assert!(
        err.contains("`x`") && err.contains("day_view") && err.contains("delete"),
        "{err}"
    );

    let err = Keymap::defaults().with_overrides(&keys(r#"frobnicate = "x""#));
    assert!(err.err().unwrap_or_default().contains("frobnicate"));
    let err = Keymap::defaults().with_overrides(&keys(r#"quit = "ctrl-nope""#));
    let err = err.err().unwrap_or_default();
    assert!(err.contains("quit") && err.contains("ctrl-nope"), "{err}");
    let err = Keymap::defaults().with_overrides(&keys("quit = 3"));
    assert!(err.err().unwrap_or_default().contains("quit"));
}

#[test]
fn unbinding_and_swapping() {
    let swapped = Keymap::defaults().with_overrides(&keys(
        r#"day_view = "D"
           delete = "d"
           toggle_mouse = []"#,
    ));
    let map = match swapped {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        map.action_for(&press(KeyCode::Char('d'), KeyModifiers::NONE)),
        Some(Action::Delete)
    );
    assert_eq!(
        map.action_for(&press(KeyCode::Char('m'), KeyModifiers::NONE)),
        None
    );
    assert!(map.keys_for(Action::ToggleMouse).is_empty());
}

#[test]
fn help_rows_hide_mutating_actions_when_read_only() {
    let map = Keymap::defaults();
    let all = map.help_rows(false);
    let board = Action::ALL.iter().filter(|a| a.is_in(Context::Board));
    assert_eq!(all.len(), board.clone().count());
    assert_eq!(all[0], ("k ↑".to_string(), Action::MoveUp));
    let ro = map.help_rows(true);
    assert!(ro.iter().all(|(_, a)| !a.is_mutating()));
    assert_eq!(ro.len(), board.count() - 11);
    assert!(
        ro.iter()
            .any(|(k, a)| *a == Action::Quit && k == "q Ctrl-C")
    );
}

fn ok(map: Result<Keymap, KeysError>) -> Keymap {
    match map {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    }
}

fn err(map: Result<Keymap, KeysError>) -> KeysError {
    match map {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    }
}

fn ch(c: char) -> KeyEvent {
    press(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn context_tables_rebind_only_their_context() {
    let map = ok(Keymap::defaults().apply(&keys(
        r#"[form]
           save = ["ctrl-s", "f2"]
           [detail]
           raw_json = "r""#,
    )));
    let mut st = KeyState::default();
    let f2 = press(KeyCode::F(2), KeyModifiers::NONE);
    assert_eq!(map.resolve(Context::Form, &mut st, &f2), Some(Action::Save));
    assert_eq!(map.resolve(Context::Board, &mut st, &f2), None);
    assert_eq!(
        map.resolve(Context::Detail, &mut st, &ch('r')),
        Some(Action::RawJson)
    );
    assert_eq!(
        map.resolve(Context::Detail, &mut st, &ch('J')),
        None,
        "J was replaced"
    );
    assert_eq!(
        map.resolve(Context::Board, &mut st, &ch('r')),
        Some(Action::Refresh)
    );
    assert_eq!(map.bindings(Context::Form, Action::Save), ["Ctrl-S", "F2"]);
}

#[test]
fn a_flat_table_is_the_boards_and_may_sit_beside_context_tables() {
    let flat = ok(Keymap::defaults().apply(&keys(r#"refresh = "f5""#)));
    let board = ok(Keymap::defaults().apply(&keys("[board]\nrefresh = \"f5\"")));
    assert_eq!(flat, board);
    assert_eq!(
        flat.keys_for(Action::Refresh),
        [KeySpec::parse("f5").unwrap_or(CTRL_C)]
    );
    // Action names that are also context names: a table is a context,
    // a key or list an action. (TOML cannot hold `help = ".."` beside a
    // `[keys.help]` table: then the action goes in `[keys.board]`.)
    let both = ok(Keymap::defaults().apply(&keys(
        r#"[board]
           help = "f1"
           detail = "space"
           [help]
           close = "x"
           [detail]
           close = "esc""#,
    )));
    assert_eq!(
        both.action_for(&press(KeyCode::F(1), KeyModifiers::NONE)),
        Some(Action::Help)
    );
    assert_eq!(both.action_for(&ch(' ')), Some(Action::Detail));
    assert_eq!(both.bindings(Context::Help, Action::Close), ["x"]);
    assert_eq!(both.bindings(Context::Detail, Action::Close), ["Esc"]);
    let flat = ok(Keymap::defaults().apply(&keys(r#"help = "f1""#)));
    assert_eq!(flat.bindings(Context::Board, Action::Help), ["F1"]);

    let e = err(Keymap::defaults().apply(&keys("quit = \"x\"\n[board]\nquit = \"y\"")));
    assert_eq!(e.table(), "keys.board");
    assert!(e.message.contains("`quit`"), "{e}");
}

#[test]
fn errors_name_the_context_and_the_key() {
    let e = err(Keymap::defaults().apply(&keys("[form]\nsave = \"ctrl-nope\"")));
    assert_eq!(e.table(), "keys.form");
    assert!(
        e.message.contains("`save`") && e.message.contains("ctrl-nope"),
        "{e}"
    );
    assert_eq!(e.to_string(), format!("[keys.form] {}", e.message));

    // An action of another context: both are named.
    let e = err(Keymap::defaults().apply(&keys("[form]\ndelete = \"x\"")));
    assert_eq!(e.table(), "keys.form");
    assert!(
        e.message.contains("`delete` is not an action of the form")
            && e.message.contains("board, detail"),
        "{e}"
    );
    let e = err(Keymap::defaults().apply(&keys("save = \"x\"")));
    assert_eq!(e.table(), "keys");
    assert!(e.message.contains("not an action of the board"), "{e}");

    let e = err(Keymap::defaults().apply(&keys("[picker]\nfrob = \"x\"")));
    assert!(
        e.message.contains("frob") && e.message.contains("toggle_all"),
        "{e}"
    );

    let e = err(Keymap::defaults().apply(&keys("[staging]\nquit = \"x\"")));
    assert_eq!(e.table(), "keys.staging");
    assert!(e.message.contains("unknown key context"), "{e}");
}

#[test]
fn conflicts_are_per_context() {
    // `x` may mean one thing on the board and another in the form.
    let map = ok(Keymap::defaults().apply(&keys(
        r#"refresh = "x"
           [form]
           save = "x""#,
    )));
    let mut st = KeyState::default();
    assert_eq!(
        map.resolve(Context::Board, &mut st, &ch('x')),
        Some(Action::Refresh)
    );
    assert_eq!(
        map.resolve(Context::Form, &mut st, &ch('x')),
        Some(Action::Save)
    );

    // Given twice in one context: both actions and the context are named.
    let e = err(Keymap::defaults().apply(&keys("[form]\nsave = \"tab\"\nnext_field = \"tab\"")));
    assert_eq!(e.table(), "keys.form");
    assert_eq!(
        e.message,
        "key `Tab` is bound to both `save` and `next_field` in the form keys"
    );
    let e = err(Keymap::defaults().apply(&keys(
        "[detail]\nraw_json = \"q\"\nclose = [\"esc\", \"q\"]",
    )));
    assert!(
        e.message.contains("`raw_json`")
            && e.message.contains("`close`")
            && e.message.contains("detail"),
        "{e}"
    );
    // On the board the table to look at is `[keys]`.
    let e = err(Keymap::defaults().apply(&keys("delete = \"d\"\nday_view = \"d\"")));
    assert_eq!(e.table(), "keys");
    assert!(e.message.contains("board"), "{e}");
}

#[test]
fn a_given_key_wins_over_another_actions_default_binding() {
    let mut st = KeyState::default();
    // `d` is the day view's only key: delete takes it, the day view is
    // left with none, and help lists it without a key.
    let map = ok(Keymap::defaults().apply(&keys(r#"delete = "d""#)));
    assert_eq!(
        map.resolve(Context::Board, &mut st, &ch('d')),
        Some(Action::Delete)
    );
    assert!(map.bindings(Context::Board, Action::DayView).is_empty());
    assert!(
        map.help_rows(false)
            .contains(&(String::new(), Action::DayView))
    );
    // One key of several: the others stay; other contexts are untouched.
    let map = ok(Keymap::defaults().apply(&keys("[detail]\nraw_json = \"q\"")));
    assert_eq!(
        map.resolve(Context::Detail, &mut st, &ch('q')),
        Some(Action::RawJson)
    );
    assert_eq!(
        map.bindings(Context::Detail, Action::Close),
        ["Esc", "Enter"]
    );
    assert_eq!(
        map.bindings(Context::Help, Action::Close),
        ["Esc", "q", "?", "F1"]
    );
    let tab = press(KeyCode::Tab, KeyModifiers::NONE);
    let map = ok(Keymap::defaults().apply(&keys("[form]\nsave = \"tab\"")));
    assert_eq!(
        map.resolve(Context::Form, &mut st, &tab),
        Some(Action::Save)
    );
    assert!(map.bindings(Context::Form, Action::NextField).is_empty());
    // A sequence takes the key that starts it.
    let map = ok(Keymap::defaults().apply(&keys(r#"first = ["home", "g g"]"#)));
    assert_eq!(map.resolve(Context::Board, &mut st, &ch('g')), None);
    assert_eq!(
        map.resolve(Context::Board, &mut st, &ch('g')),
        Some(Action::First)
    );
    assert!(map.bindings(Context::Board, Action::GotoDate).is_empty());
    // And a key given alone takes the sequences it starts.
    let map = ok(Keymap::defaults().apply(&keys(
        r#"goto_date = "g d"
           first = ["home", "g g"]"#,
    )));
    let map = ok(map.apply(&keys(r#"refresh = "g""#)));
    assert_eq!(
        map.resolve(Context::Board, &mut st, &ch('g')),
        Some(Action::Refresh)
    );
    assert!(map.bindings(Context::Board, Action::GotoDate).is_empty());
    assert_eq!(map.bindings(Context::Board, Action::First), ["Home"]);
}

#[test]
fn a_prefix_of_a_sequence_is_a_conflict() {
    // Both given: `g` for `first` and `g g` for go-to-date clash.
    let e = err(Keymap::defaults().apply(&keys(
        r#"first = ["home", "g"]
           goto_date = "g g""#,
    )));
    assert_eq!(
        e.message,
        "key `g` of `first` is also the start of `g g` of `goto_date` in the board keys \
         (a key cannot both act and wait for more)"
    );
    // Within one action too.
    let e = err(Keymap::defaults().apply(&keys("[help]\nfirst = [\"z\", \"z z\"]")));
    assert_eq!(e.table(), "keys.help");
    // Once `g` is free, the sequence is fine; in the detail `g` alone stays.
    ok(Keymap::defaults().apply(&keys(
        r#"goto_date = ":"
                                          palette = "ctrl-p"
                                          first = ["home", "g g"]"#,
    )));
}

fn with_gg() -> Keymap {
    ok(Keymap::defaults().apply(&keys(
        r#"goto_date = "g d"
           first = ["home", "g g"]"#,
    )))
}

#[test]
fn a_sequence_completes_waits_or_breaks() {
    let map = with_gg();
    let mut st = KeyState::default();
    // Complete.
    assert_eq!(map.resolve(Context::Board, &mut st, &ch('g')), None);
    assert_eq!(st.pending(Context::Board), [KeySpec::from_event(&ch('g'))]);
    assert_eq!(
        map.resolve(Context::Board, &mut st, &ch('g')),
        Some(Action::First)
    );
    assert!(st.pending(Context::Board).is_empty());
    assert_eq!(map.resolve(Context::Board, &mut st, &ch('g')), None);
    assert_eq!(
        map.resolve(Context::Board, &mut st, &ch('d')),
        Some(Action::GotoDate)
    );
    // Broken: the prefix is dropped and the key counts on its own.
    assert_eq!(map.resolve(Context::Board, &mut st, &ch('g')), None);
    assert_eq!(
        map.resolve(Context::Board, &mut st, &ch('j')),
        Some(Action::MoveDown)
    );
    assert!(st.pending(Context::Board).is_empty());
    // ... even when the breaking key starts a sequence itself.
    assert_eq!(map.resolve(Context::Board, &mut st, &ch('g')), None);
    assert_eq!(map.resolve(Context::Board, &mut st, &ch('x')), None);
    assert!(st.pending(Context::Board).is_empty());
    assert_eq!(map.resolve(Context::Board, &mut st, &ch('g')), None);
    assert_eq!(
        map.resolve(Context::Board, &mut st, &ch('g')),
        Some(Action::First)
    );
    // A prefix typed in one context means nothing in another.
    assert_eq!(map.resolve(Context::Board, &mut st, &ch('g')), None);
    assert!(st.pending(Context::Help).is_empty());
    assert_eq!(
        map.resolve(Context::Help, &mut st, &ch('g')),
        Some(Action::First)
    );
    assert_eq!(
        map.resolve(Context::Board, &mut st, &ch('d')),
        Some(Action::DayView)
    );
    // Releases leave the prefix alone.
    assert_eq!(map.resolve(Context::Board, &mut st, &ch('g')), None);
    let release = KeyEvent::new_with_kind(
        KeyCode::Char('g'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    assert_eq!(map.resolve(Context::Board, &mut st, &release), None);
    assert_eq!(st.pending(Context::Board).len(), 1);
}

#[test]
fn continuations_list_what_may_follow() {
    let map = with_gg();
    let g = [KeySpec::from_event(&ch('g'))];
    assert_eq!(
        map.continuations(Context::Board, &g),
        [
            ("g".to_string(), Action::First),
            ("d".to_string(), Action::GotoDate)
        ]
    );
    assert!(map.continuations(Context::Board, &[]).is_empty());
    assert_eq!(map.bindings(Context::Board, Action::First), ["Home", "g g"]);
    let rows = map.help_rows(false);
    assert!(
        rows.contains(&("Home g g".to_string(), Action::First)),
        "{rows:?}"
    );
}

#[test]
fn ctrl_c_quits_in_every_context_unless_bound_there() {
    let map = Keymap::defaults();
    let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for ctx in Context::ALL {
        let mut st = KeyState::default();
        assert_eq!(
            map.resolve(ctx, &mut st, &ctrl_c),
            Some(Action::Quit),
            "{ctx:?}"
        );
    }
    let map = ok(Keymap::defaults().apply(&keys("[form]\nsave = \"ctrl-c\"")));
    let mut st = KeyState::default();
    assert_eq!(
        map.resolve(Context::Form, &mut st, &ctrl_c),
        Some(Action::Save)
    );
}

#[test]
fn each_context_has_its_defaults() {
    let map = Keymap::defaults();
    let at = |ctx: Context, ev: KeyEvent| map.resolve(ctx, &mut KeyState::default(), &ev);
    let none = KeyModifiers::NONE;
    let cases = [
        (Context::Detail, ch('j'), Action::MoveDown),
        (Context::Detail, ch('g'), Action::First),
        (Context::Detail, ch('G'), Action::Last),
        (Context::Detail, ch('e'), Action::Edit),
        (Context::Detail, ch('D'), Action::Delete),
        (Context::Detail, ch('n'), Action::NotifyEmployee),
        (Context::Detail, ch('J'), Action::RawJson),
        (Context::Detail, ch('q'), Action::Close),
        (Context::Detail, press(KeyCode::Esc, none), Action::Close),
        (
            Context::Form,
            press(KeyCode::Char('s'), KeyModifiers::CONTROL),
            Action::Save,
        ),
        (Context::Form, press(KeyCode::Tab, none), Action::NextField),
        (
            Context::Form,
            press(KeyCode::BackTab, KeyModifiers::SHIFT),
            Action::PrevField,
        ),
        (Context::Form, press(KeyCode::Esc, none), Action::Close),
        (Context::Picker, press(KeyCode::Tab, none), Action::Toggle),
        (
            Context::Picker,
            press(KeyCode::Char('a'), KeyModifiers::CONTROL),
            Action::ToggleAll,
        ),
        (Context::Picker, press(KeyCode::Enter, none), Action::Accept),
        (
            Context::Picker,
            press(KeyCode::Down, none),
            Action::MoveDown,
        ),
        (Context::Prompt, press(KeyCode::Enter, none), Action::Accept),
        (Context::Prompt, press(KeyCode::Esc, none), Action::Close),
        (Context::Confirm, ch('y'), Action::Yes),
        (Context::Confirm, ch('Y'), Action::Yes),
        (Context::Confirm, press(KeyCode::Enter, none), Action::Yes),
        (Context::Confirm, ch('n'), Action::No),
        (Context::Confirm, press(KeyCode::Esc, none), Action::No),
        (Context::Help, ch('?'), Action::Close),
        (Context::Help, press(KeyCode::End, none), Action::Last),
        (Context::Board, ch('u'), Action::Undo),
    ];
    for (ctx, ev, want) in cases {
        assert_eq!(at(ctx, ev), Some(want), "{ctx:?} {ev:?}");
    }
    // Text keys are no action in a prompt: they are typed into it.
    assert_eq!(at(Context::Prompt, ch('j')), None);
    assert_eq!(at(Context::Form, ch('j')), None);
    // The picker's query is typed as you go: letters are no action.
    assert_eq!(at(Context::Picker, ch('a')), None);
}

#[test]
fn hints_are_generated_per_context_and_hide_mutating_actions_when_read_only() {
    let map = Keymap::defaults();
    let show = |ctx, ro| {
        map.hints_in(ctx, ro, |_| true)
            .iter()
            .map(|(k, l)| format!("{k} {l}"))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert_eq!(
        show(Context::Detail, false),
        "k/j scroll | e edit | D delete | M move | n notify | o on the way | J JSON | Esc close"
    );
    assert_eq!(
        show(Context::Detail, true),
        "k/j scroll | J JSON | Esc close"
    );
    assert_eq!(
        show(Context::Form, false),
        "Ctrl-S save | Tab/Shift-Tab field | Esc cancel"
    );
    assert_eq!(
        show(Context::Form, true),
        "Tab/Shift-Tab field | Esc cancel"
    );
    assert_eq!(
        show(Context::Picker, false),
        "Tab select | Ctrl-A all / none | Enter apply | Esc cancel"
    );
    assert_eq!(show(Context::Prompt, false), "Enter go | Esc cancel");
    assert_eq!(show(Context::Confirm, false), "y yes | n no");
    assert_eq!(show(Context::Help, false), "k/j scroll | Esc close");
    // What this version cannot do yet stays out.
    let built = Keymap::defaults().hints_in(Context::Detail, false, |a| a != Action::RawJson);
    assert!(built.iter().all(|(_, l)| *l != "JSON"), "{built:?}");
    // A rebinding shows in the hints.
    let map = ok(Keymap::defaults().apply(&keys("[detail]\nraw_json = \"r\"")));
    assert!(
        map.hints_in(Context::Detail, false, |_| true)
            .contains(&("r".to_string(), "JSON"))
    );
    // Help rows per context, read-only too.
    let rows = Keymap::defaults().help_rows_in(Context::Detail, true);
    assert!(rows.iter().all(|(_, a)| !a.is_mutating()));
    assert!(rows.contains(&("J".to_string(), Action::RawJson)));
    assert!(rows.contains(&("Esc q Enter".to_string(), Action::Close)));
}

#[test]
fn normalised_tables_merge_per_context_and_action() {
    let n = |s: &str| match normalize_keys(&keys(s)) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let mut low = n("quit = \"x\"\nrefresh = \"r\"\n[form]\nsave = \"f2\"");
    merge_keys(
        &mut low,
        n("[board]\nquit = \"Q\"\n[detail]\nraw_json = \"r\""),
    );
    let map = ok(Keymap::defaults().apply(&low));
    assert_eq!(map.bindings(Context::Board, Action::Quit), ["Q"]);
    assert_eq!(map.bindings(Context::Board, Action::Refresh), ["r"]);
    assert_eq!(map.bindings(Context::Form, Action::Save), ["F2"]);
    assert_eq!(map.bindings(Context::Detail, Action::RawJson), ["r"]);
}
