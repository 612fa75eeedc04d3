//! The palette's commands besides the actions: one table, declared once.
//! Each row is a `Command` variant with its name, the kind of argument it
//! takes and its help; `keys::palette::run_command` matches every variant
//! with no catch-all arm, so a row without a handler does not compile.

/// What a command takes after its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    None,
    Date,
    Text,
    Employee,
    FilterSet,
    Theme,
}

impl Arg {
    /// How help writes it after the command's name (" <date>").
    pub fn placeholder(self) -> &'static str {
        match self {
            Arg::None => "",
            Arg::Date => " <date>",
            Arg::Text => " <text>",
            Arg::Employee => " <name>",
            Arg::FilterSet => " <set>",
            Arg::Theme => " <name>",
        }
    }
}

/// One row of [`COMMANDS`].
#[derive(Debug)]
pub struct CommandSpec {
    pub command: Command,
    pub name: &'static str,
    pub arg: Arg,
    pub help: &'static str,
}

macro_rules! commands {
    ($( $var:ident = $name:literal, $arg:ident, $help:literal; )*) => {
        /// A palette command (see [`COMMANDS`]).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Command { $($var),* }

        /// The table, in the order the palette lists them.
        pub static COMMANDS: &[CommandSpec] = &[$(
            CommandSpec { command: Command::$var, name: $name, arg: Arg::$arg, help: $help }
        ),*];
    };
}

commands! {
    Goto = "goto", Date, "show a date (2026-12-03, 12-03, +3, mon)";
    Filter = "filter", Text, "filter tasks by text (! inverts)";
    Employee = "employee", Employee, "move to an employee's lane";
    Employees = "employees", FilterSet, "show a saved set of employees ([filters] in the config)";
    FilterSet = "filter-set", FilterSet, "show a saved set of employees ([filters] in the config)";
    Set = "set", Text, "set save NAME: keep the employees shown as a saved set ([filters] in the config)";
    Log = "log", None, "notifications and changes of this session";
    Theme = "theme", Theme, "draw in another theme: dark, light, high-contrast";
    Quit = "quit", None, "quit";
}

impl Command {
    /// Its row of [`COMMANDS`].
    pub fn spec(self) -> &'static CommandSpec {
        &COMMANDS[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn from_name(s: &str) -> Option<Command> {
        COMMANDS.iter().find(|c| c.name == s).map(|c| c.command)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_declaration_order_and_names_round_trip() {
        for (i, c) in COMMANDS.iter().enumerate() {
            assert_eq!(c.command as usize, i);
            assert_eq!(Command::from_name(c.name), Some(c.command));
        }
    }
}
