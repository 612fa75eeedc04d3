//! The application core: model, messages, commands, update, keymap.
//! Pure: no terminal, no network; the runtime feeds it messages.
pub mod confirm;
pub mod dayplan;
pub mod deleting;
pub mod draft;
pub mod editing;
pub mod empfilter;
pub mod form;
pub mod geometry;
pub mod jobpick;
pub mod keymap;
pub mod local;
pub mod look;
pub mod modal;
pub mod model;
pub mod monitor;
pub mod msg;
pub mod offline;
pub mod palette;
pub mod picker;
pub mod saves;
pub mod sends;
pub mod state;
pub mod textfilter;
pub mod timeplan;
pub mod update;
