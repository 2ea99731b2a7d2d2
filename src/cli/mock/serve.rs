//! `mock serve` run: the options resolved into the tenant's settings, the
//! tenant bound, its settings printed, then requests answered until Ctrl-C
//! or SIGTERM.

use anyhow::Context as _;
use auth0_tok::mock::{MockServer, reachable_from_network};

use super::args::ServeArgs;
use super::config::resolve;
use super::settings::Settings;
use crate::cli::Context;

pub(super) async fn run(args: ServeArgs, ctx: &Context) -> anyhow::Result<()> {
    let (config, shown) = resolve(args, ctx.json)?;
    let host = config.host;
    // Its errors (a bad --issuer, a busy port) are local ones: exit 2.
    let server = MockServer::bind(config).await?;
    let settings = Settings {
        server: &server,
        shown: &shown,
    };
    // Before the URL is printed: whoever reads it may signal at once.
    let shutdown = shutdown_signal().context("installing the Ctrl-C and SIGTERM handlers")?;
    if reachable_from_network(host) {
        eprintln!(
            "warning: listening on {host}: the mock tenant is reachable from the network, and issues \
             tokens to anyone who has its client secret"
        );
    }
    settings.write_stdout(&mut std::io::stdout().lock(), ctx.json)?;
    settings.write_stderr(&mut std::io::stderr().lock(), ctx.json)?;
    server.serve(shutdown).await?;
    Ok(())
}

/// Ctrl-C or SIGTERM: stop serving cleanly. The handlers are installed
/// when this is called, not when the future is first polled: a signal that
/// comes as soon as the URL is printed must not kill the process.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut term = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = term.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
