//! Building and running the web server, the delivery worker and the scheduler.
use std::io::Write;
use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::http::StatusCode;
use actix_web::{App, HttpServer, web};

use crate::config::Config;
use crate::context::AppContext;
use crate::outbox::{Delivery, RateLimiter, Transport};
use crate::subscriptions::routes::SignupLimiter;
use crate::web::PageError;

/// A bound, not yet running, web application.
pub struct Application {
    port: u16,
    server: Server,
    ctx: AppContext,
}

impl Application {
    /// Binds the listen address (port 0 picks a free port, and the base URL follows it
    /// unless one is configured), opens the database and builds the server.
    pub async fn build(mut config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.listen)
            .map_err(|e| anyhow::anyhow!("cannot listen on {} (listen / LABLOOP_LISTEN): {e}", config.listen))?;
        let addr = listener.local_addr()?;
        if config.base_url_follows_listen {
            config.base_url = format!("http://{addr}");
        }
        config.listen = addr;
        let ctx = AppContext::build(config).await?;
        let server = server(ctx.clone(), listener)?;
        Ok(Application {
            port: addr.port(),
            server,
            ctx,
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The application's context (database, configuration, mailer).
    pub fn context(&self) -> &AppContext {
        &self.ctx
    }

    /// Serves until the server is stopped (Ctrl-C / SIGTERM).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn server(ctx: AppContext, listener: TcpListener) -> anyhow::Result<Server> {
    crate::web::set_lab_name(&ctx.config.lab_name);
    let limiter = web::Data::new(SignupLimiter::new(ctx.config.signup_rate_limit));
    let queue = web::Data::new(crate::subscriptions::SignupQueue::start(ctx.clone()));
    let data = web::Data::new(ctx);
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(4);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(limiter.clone())
            .app_data(queue.clone())
            .app_data(web::FormConfig::default().limit(64 * 1024).error_handler(|err, _req| {
                tracing::info!(error = %err, "form could not be read");
                PageError::new(
                    StatusCode::BAD_REQUEST,
                    "The form could not be read",
                    "Please go back and try again.",
                )
                .into()
            }))
            .wrap(tracing_actix::RequestLog)
            .app_data(
                web::JsonConfig::default()
                    .limit(1024 * 1024)
                    .error_handler(|err, _req| {
                        crate::web::ApiError::bad_request(format!("the JSON body could not be read: {err}")).into()
                    }),
            )
            .configure(crate::subscriptions::routes::configure)
            .configure(crate::cycles::form::configure)
            .configure(crate::cycles::api::configure)
            .configure(crate::newsletter::admin::configure)
            .configure(crate::newsletter::archive::configure)
            .configure(crate::newsletter::api::configure)
            .configure(crate::inbound::routes::configure)
            .configure(crate::health::configure)
            .default_service(web::to(not_found))
    })
    .workers(workers)
    .listen(listener)?
    .run();
    Ok(server)
}

async fn not_found() -> Result<actix_web::HttpResponse, PageError> {
    Err(PageError::new(
        StatusCode::NOT_FOUND,
        "Page not found",
        "There is no page at this address. Check the link, or start from the home page.",
    ))
}

/// `labloop serve`: the web server, the delivery worker and the scheduler, until
/// Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let app = Application::build(config).await?;
    let ctx = app.context().clone();
    let transport = Arc::new(Transport::from_config(&ctx.config)?);
    // A closed standard output (a supervisor that stopped reading) must not stop the server.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "labloop is running at {}", ctx.config.base_url);
    let _ = writeln!(out, "  database: {}", describe_db(&ctx.config.database_url));
    let _ = writeln!(out, "  outgoing mail: {}", transport.describe(&ctx.config));
    let _ = out.flush();
    tracing::info!(url = %ctx.config.base_url, "labloop started");

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    // One rate limit for everything sent, transactional and newsletter alike.
    let limiter = Arc::new(RateLimiter::new(ctx.config.send_rate));
    let delivery = Delivery {
        db: ctx.db.clone(),
        transport: transport.clone(),
        limiter: limiter.clone(),
        concurrency: ctx.config.smtp_pool as usize,
        wake: ctx.outbox_wake.clone(),
    };
    let worker = tokio::spawn(delivery.run(stop_rx.clone()));
    let sender = crate::newsletter::send::Sender {
        ctx: ctx.clone(),
        transport,
        limiter,
        concurrency: ctx.config.smtp_pool as usize,
        wake: ctx.newsletter_wake.clone(),
    };
    let newsletters = tokio::spawn(sender.run(stop_rx.clone()));
    let checkpoints = tokio::spawn({
        let (url, stop) = (ctx.config.database_url.clone(), stop_rx.clone());
        async move { crate::db::checkpoints(&url, stop).await }
    });
    let scheduler = tokio::spawn({
        let (ctx, stop) = (ctx.clone(), stop_rx.clone());
        async move {
            if let Err(e) = crate::scheduler::start(ctx, stop).await {
                tracing::error!(
                    error = format!("{e:#}"),
                    "the scheduler stopped: scheduled jobs will not run"
                );
            }
        }
    });
    let result = app.run_until_stopped().await;
    let _ = stop_tx.send(true);
    let _ = worker.await;
    let _ = newsletters.await;
    let _ = scheduler.await;
    let _ = checkpoints.await;
    tracing::info!("labloop stopped");
    result.map_err(Into::into)
}

fn describe_db(url: &str) -> String {
    match url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
        Some(file) => {
            let path = file.split('?').next().unwrap_or(file);
            let shown = std::path::absolute(path)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| path.to_string());
            format!("SQLite file {shown}")
        }
        None => {
            let host = url::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_default();
            format!("PostgreSQL on {host}")
        }
    }
}

/// Request logging: one line per request with method, path, status and time.
mod tracing_actix {
    use std::future::{Future, Ready, ready};
    use std::pin::Pin;
    use std::time::Instant;

    use actix_web::Error;
    use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};

    /// Logs each request at debug level, and errors (5xx) at warn level.
    pub struct RequestLog;

    impl<S, B> Transform<S, ServiceRequest> for RequestLog
    where
        S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
        B: 'static,
    {
        type Response = ServiceResponse<B>;
        type Error = Error;
        type Transform = RequestLogService<S>;
        type InitError = ();
        type Future = Ready<Result<Self::Transform, Self::InitError>>;

        fn new_transform(&self, service: S) -> Self::Future {
            ready(Ok(RequestLogService { service }))
        }
    }

    /// The middleware service.
    pub struct RequestLogService<S> {
        service: S,
    }

    impl<S, B> Service<ServiceRequest> for RequestLogService<S>
    where
        S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
        B: 'static,
    {
        type Response = ServiceResponse<B>;
        type Error = Error;
        type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>>>>;

        forward_ready!(service);

        fn call(&self, req: ServiceRequest) -> Self::Future {
            let start = Instant::now();
            let method = req.method().to_string();
            let path = req.path().to_string();
            let fut = self.service.call(req);
            Box::pin(async move {
                let res = fut.await?;
                let status = res.status().as_u16();
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                if status >= 500 {
                    tracing::warn!(%method, %path, status, ms, "request");
                } else {
                    tracing::debug!(%method, %path, status, ms, "request");
                }
                Ok(res)
            })
        }
    }
}
