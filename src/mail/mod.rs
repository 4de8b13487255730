//! Mail: messages are written to the outbox in the same transaction as what they announce,
//! and a worker hands them to the SMTP server, retrying with a growing delay until it takes
//! them. A message is never lost because the mail server was down.

use lettre::message::{Mailbox, header::ContentType};
use lettre::{Message, SmtpTransport, Transport};

use crate::db::{Conn, Db, DbResult};
use crate::error::{AppError, AppResult};
use crate::{clock, params};

/// Where mail goes: `smtp://host:port` (plain, for a relay on the same machine or network).
#[derive(Clone, Debug)]
pub struct MailConfig {
    pub smtp_url: String,
    pub from: String,
}

/// `smtp://host:port` (port 25 when absent).
fn smtp_host_port(url: &str) -> Option<(&str, u16)> {
    let rest = url.strip_prefix("smtp://")?.trim_end_matches('/');
    match rest.rsplit_once(':') {
        Some((host, port)) => Some((host, port.parse().ok()?)),
        None => Some((rest, 25)),
    }
}

/// Queues a message; call inside the transaction that makes it true.
pub fn enqueue(c: &mut Conn, to: &str, subject: &str, body: &str) -> DbResult<()> {
    let now = clock::now();
    c.execute(
        "INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)",
        params![to, subject, body, now],
    )?;
    Ok(())
}

struct Due {
    id: i64,
    to: String,
    subject: String,
    body: String,
    attempts: i64,
}

/// Seconds to wait after the n-th failed attempt: 1 min, 4 min, 9 min... capped at 6 hours.
fn backoff(attempts: i64) -> i64 {
    (attempts * attempts * 60).min(6 * 3600)
}

/// Claims up to `limit` due messages. On PostgreSQL several nodes may run the worker: the rows
/// are locked with SKIP LOCKED inside the caller's transaction, so none is sent twice.
fn claim(c: &mut Conn, now: i64, limit: i64) -> DbResult<Vec<Due>> {
    let lock = c.backend().claim_clause();
    c.query(
        &format!(
            "SELECT id, to_addr, subject, body, attempts FROM outbox
             WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2{lock}"
        ),
        params![now, limit],
        |r| {
            Ok(Due {
                id: r.get("id")?,
                to: r.get("to_addr")?,
                subject: r.get("subject")?,
                body: r.get("body")?,
                attempts: r.get("attempts")?,
            })
        },
    )
}

fn send_one(transport: &SmtpTransport, from: &Mailbox, m: &Due) -> Result<(), String> {
    let to: Mailbox = m.to.parse().map_err(|e| format!("address: {e}"))?;
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(m.body.clone())
        .map_err(|e| format!("message: {e}"))?;
    transport
        .send(&message)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Sends what is due at `now`; returns (sent, failed). Blocking: run it off the async threads.
pub fn deliver_due(db: &Db, config: &MailConfig, now: i64) -> AppResult<(usize, usize)> {
    // Plain SMTP to a relay on this machine or the office network; the relay does TLS
    // towards the world (docs/operations.md).
    let (host, port) = smtp_host_port(&config.smtp_url)
        .ok_or_else(|| AppError::Internal(format!("smtp url: {}", config.smtp_url)))?;
    let transport = SmtpTransport::builder_dangerous(host)
        .port(port)
        .timeout(Some(std::time::Duration::from_secs(20)))
        .build();
    let from: Mailbox = config
        .from
        .parse()
        .map_err(|e| AppError::Internal(format!("from address: {e}")))?;
    let mut conn = db.conn()?;
    // PostgreSQL: several nodes may run the worker: the claim, the sending and the marks share
    // one transaction, whose row locks keep other nodes off these messages.
    // SQLite: one process: read what is due, send with no lock held (a slow relay must not
    // block the site's writes), and mark each message in a short transaction.
    conn.worker_batch(|c| {
        let due = claim(c, now, 50)?;
        send_and_mark(c, &transport, &from, &due, now)
    })
}

fn send_and_mark(
    c: &mut Conn,
    transport: &SmtpTransport,
    from: &Mailbox,
    due: &[Due],
    now: i64,
) -> AppResult<(usize, usize)> {
    let (mut sent, mut failed) = (0, 0);
    for m in due {
        match send_one(transport, from, m) {
            Ok(()) => {
                c.execute(
                    "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2",
                    params![now, m.id],
                )?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(id = m.id, error = %e, "mail not sent yet");
                c.execute(
                    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3",
                    params![now + backoff(m.attempts + 1), e, m.id],
                )?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// The worker of `kafo serve`: looks for due mail every 15 seconds.
pub async fn run_worker(db: Db, config: MailConfig) {
    loop {
        let (db2, config2) = (db.clone(), config.clone());
        let result =
            tokio::task::spawn_blocking(move || deliver_due(&db2, &config2, clock::now())).await;
        match result {
            Ok(Ok((sent, failed))) if sent + failed > 0 => {
                tracing::info!(sent, failed, "outbox");
            }
            Ok(Err(e)) => tracing::error!(error = %e, "outbox"),
            _ => {}
        }
        tokio::time::sleep(std::time::Duration::from_secs(15)).await;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_smtp_urls() {
        assert_eq!(
            super::smtp_host_port("smtp://127.0.0.1:2525"),
            Some(("127.0.0.1", 2525))
        );
        assert_eq!(
            super::smtp_host_port("smtp://relay.lan"),
            Some(("relay.lan", 25))
        );
        assert_eq!(super::smtp_host_port("http://x"), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(super::backoff(1), 60);
        assert_eq!(super::backoff(3), 540);
        assert_eq!(super::backoff(100), 6 * 3600);
    }
}
