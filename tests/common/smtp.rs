//! A real SMTP server on this machine for the mail tests: it accepts every message and keeps
//! the raw bytes in an inbox the test reads.

use mailin_embedded::{Handler, Response, Server, response};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Inbox {
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    current: Vec<u8>,
}

impl Handler for Inbox {
    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        _to: &[String],
    ) -> Response {
        self.current.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Ok(mut r) = self.received.lock() {
            r.push(std::mem::take(&mut self.current));
        }
        response::OK
    }
}

/// Starts an SMTP server on `port` in the background; returns its inbox.
pub fn start_smtp(port: u16) -> Arc<Mutex<Vec<Vec<u8>>>> {
    let inbox = Inbox::default();
    let received = inbox.received.clone();
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind smtp");
    let mut server = Server::new(inbox);
    server
        .with_name("smtp.test")
        .with_ssl(mailin_embedded::SslConfig::None)
        .expect("no tls")
        .with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    received
}
