//! TLS as the client does it: a server whose certificate no system root
//! signed is refused before any request is sent, while a client that trusts
//! that certificate talks to the same server (so the refusal is the check's,
//! not a broken server's).

mod common;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CERT: &[u8] = include_bytes!("fixtures/self_signed_cert.pem");
const KEY: &[u8] = include_bytes!("fixtures/self_signed_key.pem");

/// An https server on loopback answering `[]` to anything; counts the
/// handshakes that completed and the requests read.
async fn self_signed_server() -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    kickdesk::kickserv::tls::install();
    let cert = CertificateDer::from_pem_slice(CERT).unwrap();
    let key = PrivateKeyDer::from_pem_slice(KEY).unwrap();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    let (done, requests) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (d, r) = (done.clone(), requests.clone());
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, d, r) = (acceptor.clone(), d.clone(), r.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                d.fetch_add(1, Ordering::SeqCst);
                let mut buf = vec![0u8; 4096];
                if tls.read(&mut buf).await.unwrap_or(0) > 0 {
                    r.fetch_add(1, Ordering::SeqCst);
                    let body = "[]";
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = tls.write_all(answer.as_bytes()).await;
                    let _ = tls.shutdown().await;
                }
            });
        }
    });
    (url, done, requests)
}

#[tokio::test]
async fn a_certificate_no_system_root_signed_is_refused_before_any_request() {
    let (url, done, requests) = self_signed_server().await;
    let client = common::demo_client(&url);
    let err = client
        .employees()
        .await
        .expect_err("an unverified server answered");
    let text = format!("{err} {err:?}").to_lowercase();
    assert!(text.contains("certificate"), "{text}");
    assert_eq!(done.load(Ordering::SeqCst), 0, "a handshake completed");
    assert_eq!(requests.load(Ordering::SeqCst), 0);

    // The same server, trusted: it answers.
    let trusting = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(CERT).unwrap()])
        .build()
        .unwrap();
    let body = trusting
        .get(format!("{url}/demo/employees.json"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body, "[]");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}
