//! The server's own key: read if it exists, else made (ed25519) and
//! written with mode 0600 before it is used.

use russh::keys::PrivateKey;
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use std::path::Path;

/// The key at `path`, created on first start.
pub fn load_or_create(path: &Path) -> Result<PrivateKey, String> {
    let say =
        |what: &str, e: &dyn std::fmt::Display| format!("host key {}: {what}: {e}", path.display());
    if path.exists() {
        let text = std::fs::read(path).map_err(|e| say("cannot read it", &e))?;
        return PrivateKey::from_openssh(&text)
            .map_err(|e| say("cannot be read as an OpenSSH private key", &e));
    }
    let mut seed = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut seed)
        .map_err(|_| say("no randomness to make it", &"the system refused"))?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| say("cannot encode it", &e))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| say("cannot make its directory", &e))?;
    }
    write_private(path, text.as_bytes()).map_err(|e| say("cannot write it", &e))?;
    tracing::info!("host key created at {}", path.display());
    Ok(key)
}

/// Written new (never over an existing file), readable by the owner only
/// from the first byte on.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let mut f = o.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_key_is_made_owner_only_and_read_back_the_same() {
        let dir = crate::testdir::TempDir::new("host-key");
        let path = dir.0.join("sub").join("host_key");
        let made = load_or_create(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = load_or_create(&path).unwrap();
        assert_eq!(made.public_key(), again.public_key());
        assert_eq!(made.algorithm(), russh::keys::Algorithm::Ed25519);
    }

    #[test]
    fn a_file_that_is_no_key_is_an_error_naming_it() {
        let dir = crate::testdir::TempDir::new("host-key-bad");
        std::fs::create_dir_all(&dir.0).unwrap();
        let path = dir.0.join("host_key");
        std::fs::write(&path, "not a key").unwrap();
        let e = load_or_create(&path).unwrap_err();
        assert!(e.contains(&path.display().to_string()), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not a key");
    }
}
