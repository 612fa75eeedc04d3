use super::*;
use std::sync::mpsc::Sender;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kickdesk-log-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_log_never_passes_twice_its_cap_however_much_is_written() {
    let dir = temp_dir("cap");
    let path = dir.join("kickdesk.log");
    let cap = 10_000;
    let (mut w, guard) = LogWriter::spawn(CappedFile::open(&path, cap).unwrap(), 100_000).unwrap();
    let mut written = 0;
    for i in 0..2_000 {
        let line = format!("line {i:05} of the soak, padded to a realistic length ..........\n");
        written += line.len();
        w.write_all(line.as_bytes()).unwrap();
    }
    guard.close(Duration::from_secs(60));
    assert_eq!(w.dropped(), 0, "the queue was large enough for every line");
    assert!(written > 10 * cap as usize);
    let now = std::fs::read_to_string(&path).unwrap();
    let old = std::fs::read_to_string(CappedFile::rotated(&path)).unwrap();
    assert!(now.len() as u64 <= cap, "current file {} B", now.len());
    assert!(old.len() as u64 <= cap, "rotated file {} B", old.len());
    // The newest line is kept, in the current file; the older file ends where it begins.
    assert!(now.ends_with("line 01999 of the soak, padded to a realistic length ..........\n"));
    let first_now = now.lines().next().unwrap();
    let last_old = old.lines().last().unwrap();
    let n = |l: &str| l[5..10].parse::<u32>().unwrap();
    assert_eq!(n(last_old) + 1, n(first_now));
    // Only the two files exist.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_line_longer_than_the_cap_is_cut_to_it() {
    let dir = temp_dir("long");
    let path = dir.join("k.log");
    let mut f = CappedFile::open(&path, 100).unwrap();
    f.put(&[b'x'; 1000]);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 100);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_existing_log_counts_towards_the_cap() {
    let dir = temp_dir("existing");
    let path = dir.join("k.log");
    std::fs::write(&path, vec![b'o'; 90]).unwrap();
    let mut f = CappedFile::open(&path, 100).unwrap();
    f.put(b"twenty bytes of text");
    assert_eq!(std::fs::read(&path).unwrap(), b"twenty bytes of text");
    assert_eq!(std::fs::read(CappedFile::rotated(&path)).unwrap().len(), 90);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A disk that hangs on the first line until told to go on.
struct Stuck {
    entered: Sender<()>,
    go: Receiver<()>,
    lines: Sender<Vec<u8>>,
}

impl Sink for Stuck {
    fn put(&mut self, line: &[u8]) {
        let _ = self.entered.send(());
        let _ = self.go.recv();
        let _ = self.lines.send(line.to_vec());
    }
}

#[test]
fn a_stuck_disk_drops_and_counts_lines_instead_of_blocking_the_caller() {
    let (entered_tx, entered) = mpsc::channel();
    let (go, go_rx) = mpsc::channel();
    let (lines_tx, lines) = mpsc::channel();
    let sink = Stuck {
        entered: entered_tx,
        go: go_rx,
        lines: lines_tx,
    };
    let queue = 8;
    let (mut w, guard) = LogWriter::spawn(sink, queue).unwrap();
    w.write_all(b"first\n").unwrap();
    // The writer thread now holds the first line and hangs in the disk.
    entered.recv().unwrap();
    // These calls return although nothing drains the queue: a blocking
    // writer would hang this test here.
    for i in 0..queue + 10 {
        w.write_all(format!("line {i}\n").as_bytes()).unwrap();
    }
    assert_eq!(
        w.dropped(),
        10,
        "the lines past the queue are dropped and counted"
    );
    // The disk recovers: the queued lines arrive, preceded by the count of those lost.
    for _ in 0..100 {
        let _ = go.send(());
    }
    let got: Vec<String> = (0..2 + queue)
        .map(|_| String::from_utf8(lines.recv_timeout(Duration::from_secs(60)).unwrap()).unwrap())
        .collect();
    guard.close(Duration::from_secs(60));
    assert_eq!(got[0], "first\n");
    assert_eq!(got[1], "10 log lines dropped: the disk was slow\n");
    assert_eq!(got[2], "line 0\n");
    assert_eq!(got[1 + queue], format!("line {}\n", queue - 1));
    assert!(lines.try_recv().is_err(), "nothing past the queue was kept");
}

/// The log is the owner's only, whether new, left readable by an older
/// version, or started afresh by rotation.
#[cfg(unix)]
#[test]
fn the_log_files_are_the_owners_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("mode");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let fresh = dir.join("fresh.log");
    let mut f = CappedFile::open(&fresh, 100).unwrap();
    assert_eq!(mode(&fresh), 0o600);
    // Past the cap: the current file is new, the old one moved.
    f.put(&[b'x'; 80]);
    f.put(&[b'y'; 80]);
    assert_eq!(mode(&fresh), 0o600);
    assert_eq!(mode(&CappedFile::rotated(&fresh)), 0o600);
    let old = dir.join("old.log");
    std::fs::write(&old, "from before\n").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    CappedFile::open(&old, 100).unwrap();
    assert_eq!(mode(&old), 0o600);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn kickdesk_log_takes_a_level_or_targets_and_reports_what_it_cannot_read() {
    use tracing::Level;
    use tracing_subscriber::filter::Targets;
    let at = |t: &Targets, target: &str, level: Level| t.would_enable(target, &level);

    let (t, bad) = super::targets(None);
    assert!(bad.is_none());
    assert!(at(&t, "kickdesk::runtime", Level::INFO));
    assert!(!at(&t, "kickdesk::runtime", Level::DEBUG));

    let (t, bad) = super::targets(Some("debug"));
    assert!(bad.is_none());
    assert!(at(&t, "hyper", Level::DEBUG));

    let (t, bad) = super::targets(Some("kickdesk=debug,warn"));
    assert!(bad.is_none());
    assert!(at(&t, "kickdesk::kickserv", Level::DEBUG));
    assert!(!at(&t, "hyper", Level::INFO));
    assert!(at(&t, "hyper", Level::WARN));

    let (t, bad) = super::targets(Some("kickdesk=loud"));
    assert_eq!(bad.as_deref(), Some("kickdesk=loud"));
    assert!(at(&t, "kickdesk", Level::INFO));
    assert!(!at(&t, "kickdesk", Level::DEBUG));
}
