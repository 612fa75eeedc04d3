//! The application core: model, messages, commands, update, keymap.
pub mod keymap;
