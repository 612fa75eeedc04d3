//! The API token, from `KICKDESK_TOKEN` or the configured source.

use super::check::check_token;
use super::{Config, ConfigError, TokenSource};
use std::fmt;
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The most read of a token source: a token is well under this, and a
/// source that never ends (`yes`, `/dev/zero`) is cut here.
pub const MAX_TOKEN_BYTES: usize = 4096;

/// The API token, from `KICKDESK_TOKEN` or the configured source. The token
/// itself never appears in an error.
pub fn resolve_token(
    cfg: &Config,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, ConfigError> {
    let file = cfg.file.as_deref();
    if let Some(v) = env("KICKDESK_TOKEN") {
        return check_token(&v)
            .map_err(|m| ConfigError::new(None, None, format!("KICKDESK_TOKEN {m}")));
    }
    match &cfg.token_source {
        TokenSource::Env => Err(ConfigError::new(
            file,
            None,
            "no API token: set KICKDESK_TOKEN, or `token_command` or `token_file` in the config file",
        )),
        TokenSource::Command(cmd) => {
            let err = |m: String| ConfigError::new(file, Some("token_command"), m);
            let out = run(cmd, cfg.token_command_timeout).map_err(err)?;
            let stdout = String::from_utf8_lossy(&out.stdout);
            if !out.success {
                let stderr = String::from_utf8_lossy(&out.stderr);
                let mut line = stderr
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .unwrap_or("")
                    .to_string();
                let printed = stdout.trim();
                if !printed.is_empty() && line.contains(printed) {
                    line = line.replace(printed, "[redacted]");
                }
                let detail = if line.is_empty() {
                    "no error output".to_string()
                } else {
                    line
                };
                return Err(err(format!(
                    "the command failed with {}: {detail}",
                    out.status
                )));
            }
            let text = String::from_utf8(out.stdout)
                .map_err(|_| err("the command printed something that is not UTF-8".to_string()))?;
            check_token(&text).map_err(|m| err(format!("the command {m}")))
        }
        TokenSource::File(path) => {
            let err = |m: String| ConfigError::new(file, Some("token_file"), m);
            let text = read_bounded(path)
                .map_err(|e| err(format!("cannot read {}: {e}", path.display())))?
                .ok_or_else(|| {
                    err(format!(
                        "{} is longer than {} KB; a token is one short line",
                        path.display(),
                        MAX_TOKEN_BYTES / 1024
                    ))
                })?;
            let text = String::from_utf8(text)
                .map_err(|_| err(format!("{} is not UTF-8 text", path.display())))?;
            check_token(&text).map_err(|m| err(format!("{} {m}", path.display())))
        }
    }
}

/// At most [`MAX_TOKEN_BYTES`] of a file; `None` when it holds more.
fn read_bounded(path: &std::path::Path) -> std::io::Result<Option<Vec<u8>>> {
    let mut text = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_TOKEN_BYTES as u64 + 1)
        .read_to_end(&mut text)?;
    Ok((text.len() <= MAX_TOKEN_BYTES).then_some(text))
}

/// What a finished token command left.
struct Ran {
    success: bool,
    /// `status N` or `a signal`.
    status: String,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs `cmd` with `sh -c`, stopping it when it runs past `timeout` or
/// prints more than a token could be. `Err` is the message.
fn run(cmd: &str, timeout: Duration) -> Result<Ran, String> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        // Inherited stdin lets a password manager ask for its passphrase.
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run the command: {e}"))?;
    let (tx, rx) = mpsc::channel();
    let readers = [
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    ];
    for (which, pipe) in readers.into_iter().enumerate() {
        let Some(pipe) = pipe else { continue };
        let tx = tx.clone();
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let read = pipe.take(MAX_TOKEN_BYTES as u64 + 1).read_to_end(&mut text);
            let _ = tx.send((which, read.map(|_| text)));
        });
    }
    drop(tx);
    let deadline = Instant::now() + timeout;
    let mut outs: [Option<Vec<u8>>; 2] = [None, None];
    // Both pipes read (to their end or the limit), then the exit.
    while outs.iter().any(Option::is_none) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((which, Ok(text))) => {
                if text.len() > MAX_TOKEN_BYTES {
                    stop(&mut child);
                    return Err(format!(
                        "the command printed more than {} KB; a token is one short line",
                        MAX_TOKEN_BYTES / 1024
                    ));
                }
                outs[which] = Some(text);
            }
            Ok((which, Err(_))) => outs[which] = Some(Vec::new()),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => return Err(too_long(&mut child, timeout)),
        }
    }
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => return Err(too_long(&mut child, timeout)),
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("cannot wait for the command: {e}")),
        }
    };
    let [stdout, stderr] = outs;
    Ok(Ran {
        success: status.success(),
        status: status
            .code()
            .map_or("a signal".to_string(), |c| format!("status {c}")),
        stdout: stdout.unwrap_or_default(),
        stderr: stderr.unwrap_or_default(),
    })
}

fn too_long(child: &mut Child, timeout: Duration) -> String {
    stop(child);
    format!(
        "the command did not finish within {} s (`token_command_timeout`); it was stopped",
        timeout.as_secs()
    )
}

/// Ends the command; its readers end with its pipes.
fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

impl fmt::Display for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Env => f.write_str("KICKDESK_TOKEN"),
            TokenSource::Command(_) => f.write_str("token_command"),
            TokenSource::File(p) => write!(f, "token_file {}", p.display()),
        }
    }
}
