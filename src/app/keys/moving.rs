//! Move mode's keys: each staging key changes the staged copy, Enter
//! sends it, Esc drops it. After a move went through, one key each tells
//! the technician or the customer, and `u` puts the move back.

use super::Step;
use super::board::send;
use crate::app::confirm;
use crate::app::dispatch::moves::{self, change_for};
use crate::app::keymap::Action;
use crate::app::modal::Seen;
use crate::app::model::Model;
use crate::app::msg::Cmd;
use crate::app::notice::toast;
use crate::app::notifying;
use crate::kickserv::model::NotifyKind;

pub fn on_key(m: &mut Model, action: Option<Action>) -> (Step, Vec<Cmd>) {
    let Some(a) = action else {
        return (Step::Stay, Vec::new());
    };
    if m.moves.offer.is_some() {
        return on_offer_key(m, a);
    }
    if let Some(change) = change_for(m, a) {
        moves::apply(m, change);
        return (Step::Stay, Vec::new());
    }
    match a {
        Action::StageNextGap => {
            moves::to_next_gap(m);
            (Step::Stay, Vec::new())
        }
        Action::Commit => {
            let (sent, cmds) = moves::commit(m);
            let step = if sent || m.local.stage.is_some() {
                Step::Stay
            } else {
                Step::Pop
            };
            (step, cmds)
        }
        Action::DropStage if m.local.stage.as_ref().is_some_and(|s| s.sending) => {
            toast(
                m,
                "Still sending the move: wait for Kickserv's answer".to_string(),
                true,
            );
            (Step::Stay, Vec::new())
        }
        Action::DropStage => {
            moves::drop_stage(m);
            (Step::Pop, Vec::new())
        }
        _ => (Step::Stay, Vec::new()),
    }
}

/// After the move: `n` / `N` once each, `u` undoes, Esc is done.
fn on_offer_key(m: &mut Model, a: Action) -> (Step, Vec<Cmd>) {
    let kind = match a {
        Action::NotifyEmployee => NotifyKind::Employee,
        Action::NotifyDetails => NotifyKind::Details,
        Action::Undo => {
            m.moves.offer = None;
            return (Step::Pop, moves::undo(m));
        }
        Action::DropStage | Action::Commit => {
            m.moves.offer = None;
            m.toast = None;
            return (Step::Pop, Vec::new());
        }
        _ => return (Step::Stay, Vec::new()),
    };
    let cmds = offer(m, kind);
    let done = m
        .moves
        .offer
        .as_ref()
        .is_none_or(|o| !o.employee && !o.details);
    if done {
        m.moves.offer = None;
        (Step::Pop, cmds)
    } else {
        (Step::Stay, cmds)
    }
}

/// One offered notification: sent at once (the key is the yes), once,
/// refused when there is nobody to tell.
fn offer(m: &mut Model, kind: NotifyKind) -> Vec<Cmd> {
    let Some(o) = m.moves.offer.as_mut() else {
        return Vec::new();
    };
    let offered = match kind {
        NotifyKind::Employee => std::mem::take(&mut o.employee),
        _ => std::mem::take(&mut o.details),
    };
    let task_id = o.task_id;
    if !offered {
        toast(m, format!("Already offered: {}", kind.label()), true);
        return Vec::new();
    }
    let Some(seen) = Seen::of(m, task_id) else {
        toast(m, "This task is no longer on the board".to_string(), true);
        return Vec::new();
    };
    // The board's rules: nobody assigned, or a customer with no phone and no email.
    if let Some(why) = notifying::refusal(seen.task(), kind, &m.opts.keymap) {
        toast(m, why, true);
        return Vec::new();
    }
    let sent = m.sends.recent(task_id, kind, m.now);
    let c = confirm::notify(seen, kind, sent, m.tz(), m.now);
    send(m, c)
}
