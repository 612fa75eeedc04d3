//! Exit codes of `check` and `demo` as a script sees them: 2 for a usage or
//! config error, 4 when Kickserv cannot be reached. Nothing here needs a
//! terminal: each run stops before the board would start.

#[path = "common/e2e.rs"]
mod e2e;

use e2e::{InHome, scratch};
use std::path::Path;
use std::process::Output;

fn kickdesk(home: &Path, args: &[&str]) -> std::io::Result<Output> {
    let mut cmd = e2e::kickdesk();
    cmd.args(args)
        .in_home(home)
        .env("KICKDESK_TOKEN", "exit-code-token")
        .env("TERM", "dumb");
    for (k, _) in std::env::vars() {
        if k.starts_with("KICKDESK_") && k != "KICKDESK_TOKEN" {
            cmd.env_remove(k);
        }
    }
    cmd.output()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A loopback port with nothing listening on it.
fn closed_port() -> std::io::Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = l.local_addr()?.port();
    drop(l);
    Ok(port)
}

#[test]
fn check_without_an_account_is_a_config_error_2() -> std::io::Result<()> {
    let home = scratch("check-2");
    let out = kickdesk(&home, &["check"])?;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no account"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    Ok(())
}

#[test]
fn check_with_a_poll_out_of_range_is_a_usage_error_2() -> std::io::Result<()> {
    let home = scratch("check-poll");
    let out = kickdesk(&home, &["check", "--account", "demo", "--poll", "1"])?;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("poll"), "{}", stderr(&out));
    Ok(())
}

#[test]
fn check_against_nothing_listening_is_unreachable_4() -> std::io::Result<()> {
    let home = scratch("check-4");
    let base = format!("http://127.0.0.1:{}", closed_port()?);
    let out = kickdesk(&home, &["check", "--account", "demo", "--base-url", &base])?;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!stderr(&out).contains("exit-code-token"));
    Ok(())
}

#[test]
fn demo_with_a_broken_config_file_is_a_config_error_2() -> std::io::Result<()> {
    let home = scratch("demo-2");
    let file = home.join("broken.toml");
    std::fs::write(&file, "poll = \"often\"\n[[[")?;
    let path = file.display().to_string();
    let out = kickdesk(&home, &["demo", "--config", &path])?;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("broken.toml"), "{}", stderr(&out));
    Ok(())
}

#[test]
fn demo_with_a_poll_out_of_range_is_a_usage_error_2() -> std::io::Result<()> {
    let home = scratch("demo-poll");
    let out = kickdesk(&home, &["demo", "--poll", "99999"])?;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    Ok(())
}

#[test]
fn rotate_without_monitor_mode_is_a_usage_error_2() -> std::io::Result<()> {
    let home = scratch("demo-rotate");
    let out = kickdesk(&home, &["demo", "--rotate", "20"])?;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--rotate needs monitor mode"),
        "{}",
        stderr(&out)
    );
    Ok(())
}

#[test]
fn a_malformed_kickdesk_today_is_a_usage_error_2() -> std::io::Result<()> {
    let home = scratch("today");
    let base = format!("http://127.0.0.1:{}", closed_port()?);
    let out = e2e::kickdesk()
        .args(["agenda", "--account", "demo", "--base-url", &base])
        .in_home(&home)
        .env("KICKDESK_TOKEN", "exit-code-token")
        .env("KICKDESK_TODAY", "the 27th")
        .output()?;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("KICKDESK_TODAY"), "{}", stderr(&out));
    Ok(())
}

#[test]
fn the_log_reaches_its_file_before_the_process_ends_and_holds_no_token() -> std::io::Result<()> {
    // Lines go through a writer thread; the end of the process waits for
    // the queued ones. An unreachable server is logged at debug level.
    let home = scratch("log-flush");
    let port = closed_port()?;
    let url = format!("http://127.0.0.1:{port}");
    let out = e2e::kickdesk()
        .args(["check", "--base-url", &url, "--account", "demo"])
        .in_home(&home)
        .env("KICKDESK_TOKEN", "exit-code-token")
        .env("KICKDESK_LOG", "debug")
        .env("TERM", "dumb")
        .env_remove("KICKDESK_TODAY")
        .output()?;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let path = home.join("state/kickdesk/kickdesk.log");
    let log = std::fs::read_to_string(&path)?;
    assert!(log.lines().count() > 0, "the log is empty");
    // The owner's only, like the cache and the drafts.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)?.permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "log file mode {mode:o}");
    }
    assert!(
        !log.contains("exit-code-token"),
        "the token reached the log"
    );
    Ok(())
}
