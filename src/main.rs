use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = labloop::cli::Cli::parse();
    labloop::init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(labloop::cli::run(cli))
}
