//! Completion scripts and the manual page, generated from the command-line
//! definition itself so that neither can fall behind an option.

use clap::CommandFactory;
use std::io::{self, Write};

use crate::cli::Cli;

const BIN: &str = "kickdesk";

/// `kickdesk completions SHELL`. Generated into memory first: the
/// generator panics on a failed write (a closed pipe), this returns it.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN, &mut script);
    out.write_all(&script)
}

/// `kickdesk man`: one page, the global options first, then a section per
/// subcommand with its synopsis and every option it takes.
pub fn man_page(out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    clap_mangen::Man::new(cmd.clone()).render(out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{BIN} {}", sub.get_name()).to_uppercase();
        let mut part = Vec::new();
        let man = clap_mangen::Man::new(sub.clone());
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut part)?;
        }
        // The subcommand's sections become subsections of its own section.
        let part = String::from_utf8_lossy(&part).replace("\n.SH ", "\n.SS ");
        let part = part
            .strip_prefix(".SH ")
            .map_or(part.clone(), |rest| format!(".SS {rest}"));
        writeln!(out, ".SH \"{name}\"")?;
        out.write_all(part.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every subcommand and, for the top level and each subcommand, the
    /// long name of every option.
    fn surface() -> (Vec<String>, Vec<(String, String)>) {
        let cmd = Cli::command();
        let mut subs = Vec::new();
        let mut opts = Vec::new();
        let mut add = |owner: &str, c: &clap::Command| {
            for a in c.get_arguments() {
                if let Some(l) = a.get_long() {
                    opts.push((owner.to_owned(), l.to_owned()));
                }
            }
        };
        add(BIN, &cmd);
        for s in cmd.get_subcommands() {
            subs.push(s.get_name().to_owned());
            add(s.get_name(), s);
        }
        (subs, opts)
    }

    fn script(shell: clap_complete::Shell) -> String {
        let mut out = Vec::new();
        completions(shell, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_completion_script_names_every_subcommand_and_option() {
        use clap_complete::Shell::*;
        let (subs, opts) = surface();
        assert!(subs.len() >= 7, "{subs:?}");
        assert!(opts.iter().any(|(_, o)| o == "read-only"));
        for shell in [Bash, Zsh, Fish, Elvish, PowerShell] {
            let text = script(shell);
            for s in &subs {
                // Quoted or as a case label, never just a substring of a word.
                let named = [
                    format!("\"{s}\""),
                    format!("'{s}'"),
                    format!("{BIN}__subcmd__{s}"),
                    format!(" {s} "),
                    format!("{BIN};{s}"),
                ]
                .iter()
                .any(|n| text.contains(n));
                assert!(named, "{shell}: subcommand {s} missing");
            }
            for (owner, o) in &opts {
                let named = match shell {
                    Fish => {
                        text.contains(&format!("-l {o} ")) || text.contains(&format!("-l {o}\n"))
                    }
                    _ => text.contains(&format!("--{o}")),
                };
                assert!(named, "{shell}: --{o} of {owner} missing");
            }
        }
    }

    #[test]
    fn each_subcommands_options_are_completed_after_that_subcommand_in_bash() {
        let text = script(clap_complete::Shell::Bash);
        let (_, opts) = surface();
        for (owner, o) in opts.iter().filter(|(owner, _)| owner != BIN) {
            // bash lists a subcommand's options on the opts= line of its case.
            let case = format!("{BIN}__subcmd__{}", owner.replace('-', "__"));
            let block = text
                .split(&format!("{case})"))
                .nth(1)
                .and_then(|b| b.split("opts=\"").nth(1))
                .and_then(|b| b.split('"').next())
                .unwrap_or_default();
            assert!(block.contains(&format!("--{o}")), "{owner} --{o}: {block}");
        }
    }

    #[test]
    fn the_man_page_lists_every_option_under_its_subcommand() {
        let mut out = Vec::new();
        man_page(&mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert!(
            page.starts_with(".ie") || page.contains(".TH kickdesk"),
            "{page}"
        );
        let (subs, opts) = surface();
        for s in &subs {
            assert!(
                page.contains(&format!(".SH \"KICKDESK {}\"", s.to_uppercase())),
                "section of {s} missing"
            );
        }
        for (owner, o) in &opts {
            // roff escapes the dashes of an option: \-\-read\-only.
            let roffed = format!("\\-\\-{}", o.replace('-', "\\-"));
            let section = if owner == BIN {
                page.split("\n.SH \"KICKDESK ")
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            } else {
                page.split(&format!(".SH \"KICKDESK {}\"", owner.to_uppercase()))
                    .nth(1)
                    .and_then(|rest| rest.split("\n.SH ").next())
                    .unwrap_or_default()
                    .to_owned()
            };
            assert!(
                section.contains(&roffed),
                "{owner} --{o} missing from its section"
            );
        }
    }
}
