//! `kickdesk serve`: the board over SSH. Each session with a pty runs its
//! own board (its own model, screen and keys) on the same `update`/`view`
//! as the local one; all boards share one listing store and poller, and
//! the token stays in this process.

pub mod effects;
pub mod hostkey;
pub mod input;
pub mod keys;
pub mod listings;
pub mod screen;

use crossterm::event::{Event, KeyEventKind};
use russh::keys::PrivateKey;
use russh::server::{Auth, Msg as SshMsg, Server as _, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use tokio::sync::mpsc;

use crate::app::editing;
use crate::app::look::Look;
use crate::app::model::{Model, Options};
use crate::app::msg::Msg;
use crate::app::state::filter::EmployeeFilter;
use crate::kickserv::client::Client;
use crate::runtime::drafts::Shelf;
use crate::runtime::drive;
use crate::runtime::effects::{ApiEffects, Clock};
use crate::runtime::store::{DraftJournal, WithJournal};
use effects::SessionEffects;
use keys::{AuthorizedKeys, Entry, Role};
use listings::Listings;
use screen::{ChannelScreen, ChannelWriter, SharedSize};

/// The look of a session: from its key's theme (else the config's) and
/// the terminal its client names.
pub type LookFor = Arc<dyn Fn(Option<&str>, &str) -> Look + Send + Sync>;

/// Everything the server needs, made by the launcher.
pub struct Setup {
    pub keys: AuthorizedKeys,
    pub host_key: PrivateKey,
    /// The board's options; each session's role, filter and theme are laid over them.
    pub base: Options,
    /// The client of dispatchers and of the shared store.
    pub writer: Client,
    /// A client that refuses every change, for monitor and viewer sessions.
    pub reader: Client,
    pub clock: Clock,
    pub listings: Listings,
    /// The saved sets a key's `filter` may name, resolved to employees.
    pub sets: Vec<(String, EmployeeFilter)>,
    pub look: LookFor,
    /// Where each key's unsaved edits are journalled (a directory per key).
    pub drafts: Option<PathBuf>,
}

struct Shared {
    setup: Setup,
    next_session: AtomicU64,
    live: AtomicUsize,
    /// Every board's second ticks on the same grid from here: boards that
    /// show one answer poll at one tick, and their polls meet in one read.
    /// (Unaligned, fifty boards would poll a fraction of a second sooner
    /// each round than one board does: the earliest of fifty ticks.)
    origin: tokio::time::Instant,
}

/// Listens on `listener` until the process ends.
pub async fn run(setup: Setup, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    crossterm::style::force_color_output(true);
    let config = russh::server::Config {
        methods: MethodSet::from(&[MethodKind::PublicKey][..]),
        keys: vec![setup.host_key.clone()],
        auth_rejection_time: std::time::Duration::from_millis(500),
        auth_rejection_time_initial: Some(std::time::Duration::ZERO),
        inactivity_timeout: None,
        // A client gone without a word (a dead link) is found within a minute.
        keepalive_interval: Some(std::time::Duration::from_secs(15)),
        keepalive_max: 4,
        nodelay: true,
        ..Default::default()
    };
    let mut server = Server(Arc::new(Shared {
        setup,
        next_session: AtomicU64::new(1),
        live: AtomicUsize::new(0),
        origin: tokio::time::Instant::now(),
    }));
    server.run_on_socket(Arc::new(config), &listener).await
}

struct Server(Arc<Shared>);

impl russh::server::Server for Server {
    type Handler = Conn;

    fn new_client(&mut self, peer: Option<SocketAddr>) -> Conn {
        Conn {
            shared: self.0.clone(),
            peer,
            who: None,
            chans: HashMap::new(),
        }
    }
}

/// One SSH connection: its key, and the board of each of its channels.
struct Conn {
    shared: Arc<Shared>,
    peer: Option<SocketAddr>,
    who: Option<Entry>,
    chans: HashMap<ChannelId, Chan>,
}

#[derive(Default)]
struct Chan {
    term: Option<String>,
    size: SharedSize,
    board: Option<mpsc::UnboundedSender<Msg>>,
}

impl Conn {
    fn peer(&self) -> String {
        self.peer.map_or("?".into(), |p| p.to_string())
    }

    fn who(&self) -> String {
        self.who.as_ref().map_or("?".into(), |e| {
            format!("{} {}", e.fingerprint(), e.role.name())
        })
    }

    fn to_board(&self, ch: ChannelId, msg: Msg) {
        if let Some(tx) = self.chans.get(&ch).and_then(|c| c.board.as_ref()) {
            let _ = tx.send(msg);
        }
    }

    fn start_board(&mut self, ch: ChannelId, session: &Session) -> bool {
        let Some(entry) = self.who.clone() else {
            return false;
        };
        let Some(chan) = self.chans.get_mut(&ch) else {
            return false;
        };
        let Some(term) = chan.term.clone() else {
            return false;
        };
        let s = self.shared.clone();
        let id = s.next_session.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = mpsc::unbounded_channel();
        chan.board = Some(tx.clone());
        let size = chan.size.clone();
        let handle = session.handle();
        // Frames leave in order; when the board is done (its screen
        // dropped), the channel closes after the last of them.
        let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Vec<u8>>();
        tokio::spawn(async move {
            while let Some(bytes) = out_rx.recv().await {
                if handle.data(ch, bytes).await.is_err() {
                    return;
                }
            }
            let _ = handle.exit_status_request(ch, 0).await;
            let _ = handle.eof(ch).await;
            let _ = handle.close(ch).await;
        });
        let live = s.live.fetch_add(1, Ordering::SeqCst) + 1;
        tracing::info!(
            "session {id} starts for {} ({} sessions), {}x{} {term}",
            self.who(),
            live,
            size.get().0,
            size.get().1
        );
        let who = entry.fingerprint();
        tokio::spawn(async move {
            let result = run_board(&s, &entry, id, &term, size, (tx, rx), out_tx).await;
            let left = s.live.fetch_sub(1, Ordering::SeqCst) - 1;
            match result {
                Ok(()) => tracing::info!("session {id} ({who}) ends ({left} sessions)"),
                Err(e) => tracing::warn!("session {id} ({who}) ends: {e} ({left} sessions)"),
            }
        });
        true
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        // The connection is gone: every board of it ends now.
        for chan in self.chans.values() {
            if let Some(tx) = &chan.board {
                let _ = tx.send(Msg::Shutdown("connection closed"));
            }
        }
        if self.who.is_some() {
            tracing::info!("{} ({}) disconnected", self.peer(), self.who());
        }
    }
}

/// What a session's board is: the server's options, with its key's role,
/// saved set and theme.
fn session_options(
    base: &Options,
    sets: &[(String, EmployeeFilter)],
    look: &LookFor,
    e: &Entry,
    term: &str,
) -> Options {
    let mut o = base.clone();
    o.read_only = !e.role.may_change();
    o.monitor = e.role == Role::Monitor;
    // Each board's view, filter and theme are its own, not saved for the next.
    o.state_file = None;
    if let Some(name) = &e.filter {
        o.employee_filter = sets.iter().find(|(n, _)| n == name).map(|(_, f)| f.clone());
    }
    o.look = look(e.theme.as_deref(), term);
    o
}

async fn run_board(
    s: &Shared,
    e: &Entry,
    id: u64,
    term: &str,
    size: SharedSize,
    (tx, rx): (mpsc::UnboundedSender<Msg>, mpsc::UnboundedReceiver<Msg>),
    out: mpsc::UnboundedSender<Vec<u8>>,
) -> std::io::Result<()> {
    let setup = &s.setup;
    let opts = session_options(&setup.base, &setup.sets, &setup.look, e, term);
    let mut model = Model::new(opts, (setup.clock)(), size.get());
    let client = match e.role {
        Role::Dispatcher => setup.writer.clone(),
        Role::Viewer | Role::Monitor => setup.reader.clone(),
    };
    debug_assert_eq!(client.is_read_only(), model.read_only());
    let shelf = setup.drafts.as_ref().map(|root| {
        let fp = e.fingerprint().replace(['/', '+', ':', '='], "_");
        Shelf::open(root.join(fp))
    });
    let journal = shelf.map(|shelf| {
        let found = shelf.found(!model.read_only());
        editing::offer_drafts(&mut model, found);
        DraftJournal::start(shelf, None, Some(tx.clone()))
    });
    let api = SessionEffects {
        api: ApiEffects {
            client,
            clock: setup.clock.clone(),
            running: Default::default(),
        },
        listings: setup.listings.clone(),
        session: id,
        who: format!("{} {}", e.fingerprint(), e.role.name()),
    };
    spawn_aligned_clock(tx.clone(), setup.clock.clone(), s.origin);
    let mut screen = ChannelScreen::open(ChannelWriter::new(out), size)?;
    let result = match journal {
        Some(journal) => {
            let fx = WithJournal { api, journal };
            drive(&mut model, &mut screen, &fx, tx, rx).await
        }
        None => drive(&mut model, &mut screen, &api, tx, rx).await,
    };
    screen.close();
    result.map(drop)
}

impl russh::server::Handler for Conn {
    type Error = russh::Error;

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(match self.shared.setup.keys.find(offer.public_key) {
            Some(_) => Auth::Accept,
            None => {
                tracing::info!(
                    "{} offers a key not listed ({}): refused",
                    self.peer(),
                    keys::fingerprint(offer.public_key)
                );
                Auth::reject()
            }
        })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        match self.shared.setup.keys.find(key.public_key) {
            Some(e) => {
                self.who = Some(e.clone());
                tracing::info!(
                    "{} connected as {user:?} with key {} (line {}), role {}",
                    self.peer(),
                    e.fingerprint(),
                    e.line,
                    e.role.name()
                );
                Ok(Auth::Accept)
            }
            None => Ok(Auth::reject()),
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<SshMsg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Its data comes to `data` below; the channel object is not read.
        self.chans.insert(channel.id(), Chan::default());
        reply.accept().await;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _: u32,
        _: u32,
        _: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.chans.get_mut(&channel) {
            Some(c) if c.board.is_none() => {
                c.term = Some(term.to_string());
                c.size.set(clamp(col_width), clamp(row_height));
                session.channel_success(channel)
            }
            _ => session.channel_failure(channel),
        }
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.start_board(channel, session) {
            return session.channel_success(channel);
        }
        tracing::info!(
            "{} ({}) asked for no terminal: refused",
            self.peer(),
            self.who()
        );
        refuse(
            channel,
            session,
            "kickdesk serve shows the board on a terminal only: connect with ssh -t\r\n",
        )
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        tracing::info!(
            "{} ({}) asked to run {:?}: refused",
            self.peer(),
            self.who(),
            String::from_utf8_lossy(data)
        );
        refuse(
            channel,
            session,
            "kickdesk serve runs no commands: connect with ssh -t\r\n",
        )
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        tracing::info!(
            "{} ({}) asked for subsystem {name:?}: refused",
            self.peer(),
            self.who()
        );
        refuse(channel, session, "kickdesk serve has no subsystems\r\n")
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _: bool,
        _: &str,
        _: &str,
        _: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        tracing::info!(
            "{} ({}) asked for X11 forwarding: refused",
            self.peer(),
            self.who()
        );
        session.channel_failure(channel)
    }

    #[allow(clippy::too_many_arguments)]
    async fn channel_open_direct_tcpip(
        &mut self,
        _: Channel<SshMsg>,
        host: &str,
        port: u32,
        _: &str,
        _: u32,
        reply: russh::server::ChannelOpenHandle,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        tracing::info!(
            "{} ({}) asked to forward to {host:?}:{port}: refused",
            self.peer(),
            self.who()
        );
        reply
            .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let now = (self.shared.setup.clock)();
        for ev in input::parse(data) {
            let msg = match ev {
                Event::Key(k) if k.kind == KeyEventKind::Press => Msg::Key(k),
                Event::Mouse(m) => Msg::Mouse(m, now),
                _ => continue,
            };
            self.to_board(channel, msg);
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _: u32,
        _: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (w, h) = (clamp(col_width), clamp(row_height));
        if let Some(c) = self.chans.get(&channel) {
            c.size.set(w, h);
        }
        self.to_board(channel, Msg::Resize(w, h));
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.to_board(channel, Msg::Shutdown("channel closed"));
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.to_board(channel, Msg::Shutdown("channel closed"));
        self.chans.remove(&channel);
        Ok(())
    }
}

/// One tick a second, on the whole seconds since `origin`; ticks missed
/// while busy are skipped.
fn spawn_aligned_clock(tx: mpsc::UnboundedSender<Msg>, clock: Clock, origin: tokio::time::Instant) {
    let second = std::time::Duration::from_secs(1);
    let since = tokio::time::Instant::now().saturating_duration_since(origin);
    let first = origin + std::time::Duration::from_secs(since.as_secs() + 1);
    tokio::spawn(async move {
        let mut every = tokio::time::interval_at(first, second);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            every.tick().await;
            if tx.send(Msg::Tick(clock())).is_err() {
                return;
            }
        }
    });
}

/// A size from the client, within what a terminal can be.
fn clamp(n: u32) -> u16 {
    n.clamp(1, 1000) as u16
}

fn refuse(channel: ChannelId, session: &mut Session, why: &str) -> Result<(), russh::Error> {
    session.channel_failure(channel)?;
    session.extended_data(channel, 1, why.as_bytes().to_vec())?;
    session.exit_status_request(channel, 2)?;
    session.eof(channel)?;
    session.close(channel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::look::ThemeName;

    fn entry(line: &str) -> Entry {
        let key =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN2DgZL7rBd4FBNk2vOwT+j47BjFcTnrUEmEW6li8vRF";
        let parsed = keys::parse(&format!("{line} {key}")).unwrap();
        parsed.entries[0].clone()
    }

    fn base() -> Options {
        Options {
            account: "demo".into(),
            tz: chrono_tz::America::New_York,
            zone_origin: crate::schedule::ZoneOrigin::Flag,
            max_task_days: 31,
            move_step: 15,
            warn_long_tasks: false,
            poll: std::time::Duration::from_secs(5),
            work: Default::default(),
            week_start: chrono::Weekday::Mon,
            hide_weekend: false,
            read_only: false,
            monitor: false,
            look: Look::PLAIN,
            keymap: crate::app::keymap::Keymap::defaults(),
            view: Default::default(),
            state_file: Some("state.json".into()),
            employee_filter: None,
            filter_sets: Vec::new(),
            config_file: None,
            palette_history: Vec::new(),
            rotate: None,
        }
    }

    #[test]
    fn a_keys_role_set_and_theme_make_its_board() {
        let look: LookFor = Arc::new(|theme: Option<&str>, term: &str| {
            let asked = crate::app::look::Asked {
                colors: None,
                no_color: false,
                ascii: false,
                color: true,
                theme: theme.and_then(ThemeName::parse),
            };
            let term = term.to_string();
            crate::ui::theme::resolve(&asked, &move |k: &str| (k == "TERM").then(|| term.clone()))
                .look
        });
        let north = EmployeeFilter {
            ids: vec![7, 9],
            unassigned: true,
        };
        let sets = vec![("north".to_string(), north.clone())];
        let o = session_options(
            &base(),
            &sets,
            &look,
            &entry("role=\"monitor\",filter=\"north\",theme=\"light\""),
            "xterm-256color",
        );
        assert!(o.read_only && o.monitor);
        assert_eq!(o.employee_filter, Some(north));
        assert_eq!(o.look.theme, ThemeName::Light);
        assert_eq!(o.state_file, None);

        let o = session_options(&base(), &sets, &look, &entry(""), "xterm");
        assert!(o.read_only && !o.monitor, "a viewer by default");
        assert_eq!(o.employee_filter, None);

        let o = session_options(
            &base(),
            &sets,
            &look,
            &entry("role=\"dispatcher\""),
            "linux",
        );
        assert!(!o.read_only && !o.monitor);
        assert!(o.look.ascii, "the Linux console draws ASCII");
    }
}
