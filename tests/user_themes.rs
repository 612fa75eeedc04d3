//! A user's theme file, as the board and the palette see it: installed once
//! per process (its own test binary), completed by `:theme`, drawn in its
//! colours with depth, `NO_COLOR` and ASCII still applied on top; a broken
//! one stops the start naming its file, line and role.

mod common;

#[path = "common/e2e.rs"]
mod e2e;

use common::*;
use crossterm::event::KeyCode;
use ratatui::style::Color;

use kickdesk::app::look::{Depth, Look, ThemeName};
use kickdesk::app::model::Model;

const OFFICE: &str = "base = \"light\"\n\n[scheduled]\nbg = \"#123456\"\nfg = \"white\"\n";

fn colours(m: &Model) -> Vec<Color> {
    draw(m)
        .term
        .backend()
        .buffer()
        .content()
        .iter()
        .flat_map(|c| [c.fg, c.bg])
        .collect()
}

#[test]
fn a_user_theme_is_completed_picked_and_drawn_with_the_depth_on_top() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("office.toml"), OFFICE).unwrap();
    let names = kickdesk::ui::theme::install(Some(dir.path())).unwrap();
    assert_eq!(names, ["office"]);

    let ana = employee(1, 1, "Ana");
    // Two tasks: the one not under the cursor shows its block colour.
    let tasks = vec![
        task(1, &[&ana], 11, 0, 60, "Boiler"),
        task(2, &[&ana], 14, 0, 60, "Gutter"),
    ];
    // A board started at `depth`, in the dark theme.
    let board = |depth: Depth| {
        let o = opts_with(|o| {
            o.look = Look {
                theme: ThemeName::Dark,
                depth,
                ascii: false,
            }
        });
        let mut m = loaded_with(o, vec![ana.clone()], tasks.clone());
        resize(&mut m, 80, 24);
        m
    };
    let m = board(Depth::TrueColor);
    let offered: Vec<String> = kickdesk::app::palette::candidates(&m, "theme ")
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(
        offered,
        [
            "theme dark",
            "theme light",
            "theme high-contrast",
            "theme office"
        ]
    );
    let mut msgs = vec![key(':')];
    msgs.extend("theme of".chars().map(key));
    msgs.push(code(KeyCode::Enter));
    let office = |mut m: Model| {
        press(&mut m, &msgs);
        assert_eq!(m.theme().name(), "office");
        m
    };
    let m = office(m);
    // The scheduled block in the file's colour, in truecolor...
    assert!(colours(&m).contains(&Color::Rgb(0x12, 0x34, 0x56)));
    // ...its nearest xterm-256 index at 256 colours, none without colour.
    let m = office(board(Depth::Ansi256));
    let idx = kickdesk::ui::theme::nearest_256((0x12, 0x34, 0x56));
    assert!(colours(&m).contains(&Color::Indexed(idx)));
    let m = office(board(Depth::None));
    assert!(colours(&m).iter().all(|c| *c == Color::Reset));
}

#[test]
fn the_config_picks_a_user_theme_and_a_broken_theme_file_stops_the_start() {
    let home = e2e::scratch("user-theme");
    let cfg_dir = home.join("kd");
    std::fs::create_dir_all(cfg_dir.join("themes")).unwrap();
    let config = cfg_dir.join("config.toml");
    std::fs::write(&config, "theme = \"office\"\n").unwrap();
    let run = || {
        e2e::kickdesk()
            .args(["demo", "--config"])
            .arg(&config)
            .env("HOME", &*home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("TERM", "dumb")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    // No such theme file yet: a config error at the theme's line.
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(":1:") && err.contains("`theme`") && err.contains("unknown theme `office`"),
        "{err}"
    );
    // A file with a colour that is not one: its file, line and role.
    let theme = cfg_dir.join("themes").join("office.toml");
    std::fs::write(&theme, "[scheduled]\n\nbg = \"#12345\"\n").unwrap();
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{}:3: `scheduled`", theme.display())),
        "{err}"
    );
    assert!(err.contains("`#12345` is not a colour"), "{err}");
}
