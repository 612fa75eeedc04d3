//! TLS for every HTTP client of the process: rustls with the `ring`
//! provider (pure Rust and assembly, no C build of aws-lc), certificates
//! checked by reqwest's platform verifier against the system's roots, as
//! before.

/// Makes `ring` the process's rustls provider. Call before any
/// `reqwest::Client` is built (reqwest has no provider of its own here);
/// calling again does nothing.
pub fn install() {
    // An error means a provider is installed already: the same one.
    let _ = rustls::crypto::ring::default_provider().install_default();
}
