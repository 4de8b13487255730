//! The `kafo` command line.

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use std::time::Instant;

use kafo::accounts::{self, NewUser};
use kafo::auth::{self, Role};
use kafo::i18n::Locale;
use kafo::{AppState, Config, Db, app, clock, demo};

#[derive(Parser)]
#[command(
    name = "kafo",
    version,
    about = "Communities of practice for women's and girls' rights"
)]
struct Cli {
    /// sqlite://path (default) or postgres://user@host/db
    #[arg(
        long,
        env = "KAFO_DATABASE_URL",
        default_value = "sqlite://kafo.db",
        global = true
    )]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web site.
    Serve {
        #[arg(long, env = "KAFO_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// Load the demo data first (if not already there) and print the demo accounts.
        #[arg(long)]
        demo: bool,
        /// The public address, e.g. https://kafo.example.org (makes cookies Secure).
        #[arg(long, env = "KAFO_PUBLIC_URL")]
        public_url: Option<String>,
        /// The SMTP relay for invitations and notices, e.g. smtp://127.0.0.1:25. Without it,
        /// mail waits in the outbox.
        #[arg(long, env = "KAFO_SMTP_URL")]
        smtp_url: Option<String>,
        /// The sender of Kafo's mail.
        #[arg(long, env = "KAFO_MAIL_FROM", default_value = "Kafo <kafo@localhost>")]
        mail_from: String,
        /// On public results pages, counts of people below this are shown as "< N".
        #[arg(long, env = "KAFO_PUBLIC_COUNT_THRESHOLD", default_value_t = 5)]
        public_count_threshold: i64,
    },
    /// Apply database migrations.
    Migrate,
    /// Load the demo data, or with --synthetic a large generated set for the benchmark.
    Demo {
        /// Generate the synthetic benchmark set instead of the demo communities.
        #[arg(long)]
        synthetic: bool,
        /// small or large
        #[arg(long, default_value = "large")]
        scale: String,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Write the digests that are due to the outbox (also done every 10 minutes by serve).
    Digests {
        /// The address in the links, e.g. https://kafo.example.org
        #[arg(long, env = "KAFO_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
        public_url: String,
    },
    /// Queue the reminders of late plan actions (also done every hour by serve).
    Reminders {
        /// The address in the links, e.g. https://kafo.example.org
        #[arg(long, env = "KAFO_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
        public_url: String,
    },
    /// Write every record (uploads included) into a new directory, as a data set that
    /// `kafo import` loads on either database (docs/dataset.md).
    Export {
        /// The directory to write (made; must be new or empty).
        path: std::path::PathBuf,
    },
    /// Load a data set written by `kafo export` into this new, empty installation: checked
    /// whole first, refused whole with the reasons if anything is wrong.
    Import {
        /// The directory `kafo export` wrote.
        path: std::path::PathBuf,
    },
    /// Rebuild the search index from the records.
    Reindex,
    /// Print the search index's size: documents, bytes of terms, bytes of shown text.
    SearchStats,
    /// Write the narrative report of a community (or of the network) as PDF or DOCX; the
    /// format comes from the output file's extension.
    Report {
        /// The community's slug, e.g. segou.
        #[arg(long, required_unless_present = "network", conflicts_with = "network")]
        community: Option<String>,
        /// The whole network instead of one community.
        #[arg(long)]
        network: bool,
        /// The first day, YYYY-MM-DD (default: 1 January of this year).
        #[arg(long)]
        from: Option<String>,
        /// The last day, YYYY-MM-DD (default: today).
        #[arg(long)]
        to: Option<String>,
        /// fr or en
        #[arg(long, default_value = "fr")]
        lang: String,
        /// The public version: public records only, counts of people under the threshold hidden.
        #[arg(long)]
        public: bool,
        #[arg(long, env = "KAFO_PUBLIC_COUNT_THRESHOLD", default_value_t = 5)]
        public_count_threshold: i64,
        /// FILE.pdf or FILE.docx
        #[arg(long)]
        output: String,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account (the password is read from KAFO_PASSWORD or standard input).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        admin: bool,
        /// fr, en or bm
        #[arg(long, default_value = "fr")]
        locale: String,
        /// community-slug:role, e.g. segou:coordinator (repeatable)
        #[arg(long = "role")]
        roles: Vec<String>,
    },
}

fn open(cli: &Cli) -> anyhow::Result<Db> {
    let db = Db::open(&cli.database_url, Config::new(&cli.database_url).pool_size)
        .context("opening the database")?;
    let applied = kafo::app::migrate(&db).context("applying migrations")?;
    for m in applied {
        eprintln!("migration applied: {m}");
    }
    Ok(db)
}

fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KAFO_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match &cli.command {
        Command::Digests { public_url } => {
            let db = open(&cli)?;
            let base = public_url.trim_end_matches('/').to_owned();
            let n = db.conn()?.transaction(|c| {
                kafo::accounts::follows::enqueue_digests(c, kafo::clock::now(), &base)
            })?;
            println!("{n} digest(s) queued");
        }
        Command::Reminders { public_url } => {
            let db = open(&cli)?;
            let base = public_url.trim_end_matches('/').to_owned();
            let today = kafo::plans::queries::today();
            let n = db.conn()?.transaction(|c| {
                kafo::plans::reminders::enqueue(c, kafo::clock::now(), &today, &base)
            })?;
            println!("{n} reminder(s) queued");
        }
        Command::SearchStats => {
            let db = open(&cli)?;
            let (docs, terms, shown) = kafo::search::index::size(&mut db.conn()?)?;
            println!("{docs} {terms} {shown}");
        }
        Command::Reindex => {
            let db = open(&cli)?;
            let n = db.conn()?.transaction(kafo::search::reindex_all)?;
            println!("{n} record(s) indexed");
        }
        Command::Export { path } => {
            let db = open(&cli)?;
            let key = kafo::crypto::key(&Config::new(&cli.database_url))?;
            let t = Instant::now();
            let manifest = kafo::dataset::export(&db, &key, path, &mut show_progress("export"))?;
            let rows: u64 = manifest.tables.iter().map(|t| t.rows).sum();
            println!(
                "data set written to {}: {} tables, {rows} rows, in {:.1} s",
                path.display(),
                manifest.tables.len(),
                t.elapsed().as_secs_f64()
            );
        }
        Command::Import { path } => {
            let db = open(&cli)?;
            let key = kafo::crypto::key(&Config::new(&cli.database_url))?;
            let t = Instant::now();
            let loaded = kafo::dataset::import(&db, &key, path, &mut show_progress("import"))?;
            let rows: u64 = loaded.tables.iter().map(|(_, n)| n).sum();
            println!(
                "data set loaded from {}: {} tables, {rows} rows, {} records indexed, in {:.1} s",
                path.display(),
                loaded.tables.len(),
                loaded.indexed,
                t.elapsed().as_secs_f64()
            );
        }
        Command::Report {
            community,
            network: _,
            from,
            to,
            lang,
            public,
            public_count_threshold,
            output,
        } => {
            let db = open(&cli)?;
            let t = Instant::now();
            let format = kafo::reports::Format::of_path(output)
                .context("the output file ends in .pdf or .docx")?;
            let today = clock::today();
            let day = |v: &Option<String>, default: time::Date| -> anyhow::Result<time::Date> {
                match v {
                    None => Ok(default),
                    Some(s) => clock::parse_date(s)
                        .with_context(|| format!("{s} is not a date (YYYY-MM-DD)")),
                }
            };
            let from = day(
                from,
                time::Date::from_calendar_date(today.year(), time::Month::January, 1)?,
            )?;
            let to = day(to, today)?;
            if to < from {
                bail!("--to comes before --from");
            }
            let locale = match lang.as_str() {
                "fr" => Locale::Fr,
                "en" => Locale::En,
                _ => bail!("--lang is fr or en"),
            };
            let req = kafo::reports::Request {
                from,
                to,
                locale,
                public: *public,
                threshold: (*public_count_threshold).max(1),
            };
            let mut conn = db.conn()?;
            let community = match community {
                Some(slug) => Some(
                    kafo::community::queries::by_slug(&mut conn, slug)?
                        .with_context(|| format!("no community {slug}"))?,
                ),
                None => None,
            };
            let bytes = kafo::reports::generate(&mut conn, &req, community.as_ref(), format)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            std::fs::write(output, &bytes).with_context(|| format!("writing {output}"))?;
            println!(
                "report written to {output} ({} bytes) in {:.2} s",
                bytes.len(),
                t.elapsed().as_secs_f64()
            );
        }
        Command::Migrate => {
            open(&cli)?;
            println!("database up to date");
        }
        Command::Demo {
            synthetic,
            scale,
            seed,
        } => {
            let db = open(&cli)?;
            if *synthetic {
                let scale =
                    demo::synthetic::Scale::named(scale).context("the scale is small or large")?;
                let t = Instant::now();
                let done = demo::synthetic::generate(&db, scale, *seed)
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                if done {
                    println!(
                        "synthetic data generated ({scale:?}) in {:.1} s",
                        t.elapsed().as_secs_f64()
                    );
                } else {
                    println!("synthetic data already present");
                }
            } else {
                load_demo(&db)?;
            }
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    name,
                    admin,
                    locale,
                    roles,
                },
        } => {
            let db = open(&cli)?;
            let password = match std::env::var("KAFO_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    eprintln!("password:");
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            if password.chars().count() < auth::MIN_PASSWORD {
                bail!(
                    "the password needs at least {} characters",
                    auth::MIN_PASSWORD
                );
            }
            let mut conn = db.conn()?;
            let mut parsed = Vec::new();
            for r in roles {
                let (slug, role) = r.split_once(':').context("a role is community-slug:role")?;
                let role = Role::parse(role).with_context(|| {
                    format!("unknown role {role}; one of {}", Role::codes().join(", "))
                })?;
                let community = kafo::community::queries::by_slug(&mut conn, slug)?
                    .with_context(|| format!("no community {slug}"))?;
                parsed.push((community.id, role));
            }
            let user = NewUser {
                email: email.trim().to_lowercase(),
                name: name.trim().to_owned(),
                password_hash: auth::hash_password_blocking(&password)
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
                locale: Locale::parse(locale).context("locale is fr, en or bm")?,
                is_admin: *admin,
                roles: parsed,
            };
            let id = conn
                .transaction(|c| accounts::create_user(c, &user, clock::now()))?
                .context("an account with that email exists already")?;
            println!("account {id} created: {}", user.email);
        }
        Command::Serve {
            addr,
            demo: with_demo,
            public_url,
            smtp_url,
            mail_from,
            public_count_threshold,
        } => {
            let db = open(&cli)?;
            if *with_demo {
                load_demo(&db)?;
            }
            let mut config = Config::new(&cli.database_url);
            config.public_url = public_url.clone();
            config.public_count_threshold = (*public_count_threshold).max(1);
            let state = AppState::new(db, config);
            // Writes and PostgreSQL calls go to the blocking pool; a few threads are plenty
            // and keep memory flat under load.
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .max_blocking_threads(16)
                .enable_all()
                .build()?;
            let mail = smtp_url.clone().map(|smtp_url| kafo::mail::MailConfig {
                smtp_url,
                from: mail_from.clone(),
            });
            let worker_db = state.db.clone();
            let digest_db = state.db.clone();
            let vocab_db = state.db.clone();
            let digest_base = public_url
                .clone()
                .unwrap_or_else(|| format!("http://{addr}"))
                .trim_end_matches('/')
                .to_owned();
            runtime.block_on(async move {
                tokio::spawn(kafo::plans::reminders::run(vocab_db.clone(), digest_base.clone()));
                tokio::spawn(kafo::accounts::follows::run_digests(digest_db, digest_base));
                tokio::spawn(kafo::search::run_vocabulary(vocab_db));
                match mail {
                    Some(config) => {
                        tokio::spawn(kafo::mail::run_worker(worker_db, config));
                    }
                    None => tracing::warn!(
                        "no KAFO_SMTP_URL: invitations wait in the outbox until a mail server is set"
                    ),
                }
                let listener = tokio::net::TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("binding {addr}"))?;
                let local = listener.local_addr()?;
                println!(
                    "Kafo is ready on http://{local}/ ({} ms)",
                    started.elapsed().as_millis()
                );
                // A Router given to `serve` as it is copies every route for each connection
                // (about 270 KB each; 64 connections cost 18 MB). As a make-service, a
                // connection shares the routes.
                axum::serve(listener, app(state).into_make_service())
                    .with_graceful_shutdown(shutdown())
                    .await?;
                anyhow::Ok(())
            })?;
        }
    }
    Ok(())
}

fn load_demo(db: &Db) -> anyhow::Result<()> {
    let loaded = demo::load(db).map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "{}",
        if loaded {
            "demo data loaded"
        } else {
            "demo data already present"
        }
    );
    println!("demo accounts (email / password / roles):");
    for a in demo::data().map_err(|e| anyhow::anyhow!("{e}"))?.accounts {
        println!("  {:<30} {:<20} {}", a.email, a.password, a.describe());
    }
    Ok(())
}

/// Prints a data set's progress on stderr: a line per table when it starts and every few
/// thousand rows.
fn show_progress(verb: &'static str) -> impl FnMut(kafo::dataset::Progress) {
    move |p| {
        if p.total > 0 {
            eprintln!("{verb}: {} {}/{}", p.table, p.done, p.total);
        } else {
            eprintln!("{verb}: {} {}", p.table, p.done);
        }
    }
}

/// Stops on Ctrl-C or SIGTERM, letting requests in flight finish.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
