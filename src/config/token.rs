//! The API token, from `KICKDESK_TOKEN` or the configured source.

use super::check::check_token;
use super::{Config, ConfigError, TokenSource};
use std::fmt;
use std::process::{Command, Stdio};

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
            let out = Command::new("sh")
                .arg("-c")
                .arg(cmd)
                // Inherited stdin lets a password manager ask for its passphrase.
                .stdin(Stdio::inherit())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .output()
                .map_err(|e| err(format!("cannot run the command: {e}")))?;
            let stdout = String::from_utf8_lossy(&out.stdout);
            if !out.status.success() {
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
                let status = out
                    .status
                    .code()
                    .map_or("a signal".to_string(), |c| format!("status {c}"));
                let detail = if line.is_empty() {
                    "no error output".to_string()
                } else {
                    line
                };
                return Err(err(format!("the command failed with {status}: {detail}")));
            }
            let text = String::from_utf8(out.stdout)
                .map_err(|_| err("the command printed something that is not UTF-8".to_string()))?;
            check_token(&text).map_err(|m| err(format!("the command {m}")))
        }
        TokenSource::File(path) => {
            let err = |m: String| ConfigError::new(file, Some("token_file"), m);
            let text = std::fs::read(path)
                .map_err(|e| err(format!("cannot read {}: {e}", path.display())))?;
            let text = String::from_utf8(text)
                .map_err(|_| err(format!("{} is not UTF-8 text", path.display())))?;
            check_token(&text).map_err(|m| err(format!("{} {m}", path.display())))
        }
    }
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
