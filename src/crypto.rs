//! Sealing sensitive values at rest (candidates' personal details, coaching notes): XChaCha20-
//! Poly1305 with a random nonce per value, under a key kept outside the database, so that a
//! copied database file or backup does not reveal them.
//!
//! Where the key comes from, first found wins:
//! 1. `Config::data_key_file` (`--data-key-file`, `KAFO_DATA_KEY_FILE`): a file holding the key
//!    in base64;
//! 2. the environment variable `KAFO_DATA_KEY`: the key in base64 (32 bytes);
//! 3. a file beside the SQLite database (`kafo.db` → `kafo.key`), or `kafo.key` in the working
//!    directory on PostgreSQL, made (mode 0600) with a fresh random key when it does not exist.
//!
//! A sealed value is stored as text: `v1:` and the base64 of nonce (24 bytes) and ciphertext.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::config::Config;
use crate::error::{AppError, AppResult};

const PREFIX: &str = "v1:";
pub const ENV_KEY: &str = "KAFO_DATA_KEY";
pub const ENV_KEY_FILE: &str = "KAFO_DATA_KEY_FILE";

/// The key that seals and opens values. Cheap to clone.
#[derive(Clone)]
pub struct DataKey([u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

fn internal(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("data key: {what}: {e}"))
}

impl DataKey {
    /// A key from its base64 text (32 bytes).
    pub fn from_base64(text: &str) -> AppResult<DataKey> {
        let bytes = B64
            .decode(text.trim())
            .map_err(|e| internal("not base64", e))?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| internal("length", "the key must be 32 bytes"))?;
        Ok(DataKey(key))
    }

    /// A fresh random key.
    pub fn generate() -> AppResult<DataKey> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| internal("random", e))?;
        Ok(DataKey(key))
    }

    pub fn to_base64(&self) -> String {
        B64.encode(self.0)
    }

    /// A short public mark of the key (the start of a SHA-256 of it): the data set carries
    /// it, so that an import into an installation with another key is refused. It reveals
    /// nothing of a random 256-bit key.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"kafo data key fingerprint\0");
        h.update(self.0);
        hex::encode(h.finalize())[..16].to_owned()
    }

    fn cipher(&self) -> AppResult<XChaCha20Poly1305> {
        XChaCha20Poly1305::new_from_slice(&self.0).map_err(|e| internal("key", e))
    }

    /// Seals `plain`; `context` (e.g. "candidate") must be given again to open it, so that a
    /// value copied into another column does not open there.
    pub fn seal(&self, context: &str, plain: &str) -> AppResult<String> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|e| internal("random", e))?;
        let sealed = self
            .cipher()?
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|e| internal("seal", e))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{PREFIX}{}", B64.encode(out)))
    }

    /// Opens a value sealed by [`DataKey::seal`]; a wrong key or a changed value is an error.
    pub fn open(&self, context: &str, sealed: &str) -> AppResult<String> {
        let body = sealed
            .strip_prefix(PREFIX)
            .ok_or_else(|| internal("open", "not a sealed value"))?;
        let bytes = B64.decode(body).map_err(|e| internal("open", e))?;
        if bytes.len() < 24 {
            return Err(internal("open", "too short"));
        }
        let (nonce, data) = bytes.split_at(24);
        let nonce: [u8; 24] = nonce.try_into().map_err(|_| internal("open", "nonce"))?;
        let plain = self
            .cipher()?
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: data,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| internal("open", "wrong key or altered value"))?;
        String::from_utf8(plain).map_err(|e| internal("open", e))
    }
}

/// The default key file: beside the SQLite database, or in the working directory.
pub fn default_key_file(database_url: &str) -> PathBuf {
    match database_url.strip_prefix("sqlite://") {
        Some(path) if !path.is_empty() && !path.starts_with(':') => {
            Path::new(path).with_extension("key")
        }
        _ => PathBuf::from("kafo.key"),
    }
}

/// Keys already read, by where they came from.
static KEYS: LazyLock<Mutex<HashMap<String, DataKey>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The data key of this configuration (read once, then kept in memory).
pub fn key(config: &Config) -> AppResult<DataKey> {
    let file = config.data_key_file.clone().or_else(|| {
        std::env::var(ENV_KEY_FILE)
            .ok()
            .filter(|f| !f.trim().is_empty())
            .map(PathBuf::from)
    });
    let (source, env) = match (&file, std::env::var(ENV_KEY).ok()) {
        (Some(file), _) => (format!("file:{}", file.display()), None),
        (None, Some(text)) if !text.trim().is_empty() => ("env".to_owned(), Some(text)),
        _ => (
            format!("file:{}", default_key_file(&config.database_url).display()),
            None,
        ),
    };
    let mut keys = KEYS.lock().map_err(|e| internal("lock", e))?;
    if let Some(k) = keys.get(&source) {
        return Ok(k.clone());
    }
    let k = match (env, &file) {
        (Some(text), _) => DataKey::from_base64(&text)?,
        (None, Some(file)) => read_key_file(file)?,
        (None, None) => read_or_make(&default_key_file(&config.database_url))?,
    };
    keys.insert(source, k.clone());
    Ok(k)
}

fn read_key_file(path: &Path) -> AppResult<DataKey> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| internal(&format!("reading {}", path.display()), e))?;
    DataKey::from_base64(&text)
}

/// Reads the key file, or makes it with a new key (readable by its owner only).
fn read_or_make(path: &Path) -> AppResult<DataKey> {
    if path.exists() {
        return read_key_file(path);
    }
    let k = DataKey::generate()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut f) => {
            use std::io::Write;
            writeln!(f, "{}", k.to_base64())
                .map_err(|e| internal(&format!("writing {}", path.display()), e))?;
            tracing::warn!(
                "a new data key was written to {}: back it up apart from the database \
                 (docs/operations.md)",
                path.display()
            );
            Ok(k)
        }
        // Made by another thread in the meantime.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_key_file(path),
        Err(e) => Err(internal(&format!("creating {}", path.display()), e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_with_their_key_and_context_only() {
        let k = DataKey::generate().expect("key");
        let a = k.seal("candidate", "+223 70 00 00 00").expect("seal");
        let b = k.seal("candidate", "+223 70 00 00 00").expect("seal");
        assert_ne!(a, b, "a fresh nonce per value");
        assert!(!a.contains("70 00"));
        assert_eq!(k.open("candidate", &a).expect("open"), "+223 70 00 00 00");
        assert!(k.open("coaching", &a).is_err());
        let other = DataKey::generate().expect("key");
        assert!(other.open("candidate", &a).is_err());
        let again = DataKey::from_base64(&k.to_base64()).expect("base64");
        assert_eq!(
            again.open("candidate", &b).expect("open"),
            "+223 70 00 00 00"
        );
        assert!(DataKey::from_base64("c2hvcnQ=").is_err());
        // The fingerprint a data set carries: stable for a key, another for another key,
        // and not the key.
        assert_eq!(k.fingerprint(), again.fingerprint());
        assert_eq!(k.fingerprint().len(), 16);
        assert_ne!(k.fingerprint(), other.fingerprint());
        assert!(!k.to_base64().contains(&k.fingerprint()));
    }

    #[test]
    fn the_default_key_file_sits_beside_the_database() {
        assert_eq!(
            default_key_file("sqlite:///var/lib/kafo/kafo.db"),
            PathBuf::from("/var/lib/kafo/kafo.key")
        );
        assert_eq!(
            default_key_file("postgres://kafo@localhost/kafo"),
            PathBuf::from("kafo.key")
        );
    }
}
