//! Entry point: parse the command line, pick a subcommand, nothing else.

use clap::Parser;
use std::process::ExitCode;

use kickdesk::cli::Cli;
use kickdesk::launch;

fn main() -> ExitCode {
    kickdesk::runtime::mark_start();
    kickdesk::heap::tune();
    kickdesk::kickserv::tls::install();
    let cli = Cli::parse();
    // The board's loop runs on this thread; one worker is enough for the
    // requests and their parsing, and each thread costs a stack.
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kickdesk: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let result = rt.block_on(launch::run(cli));
    // Not a drop, which waits for every worker: a worker stuck in a read of
    // a terminal that is gone would keep the process alive, spinning.
    rt.shutdown_background();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("kickdesk: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}
