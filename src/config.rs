//! Run-time settings, from the command line or `KAFO_*` environment variables.

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://path` or `postgres://...`.
    pub database_url: String,
    /// The address users reach Kafo at; `https://...` makes every cookie Secure.
    pub public_url: Option<String>,
    /// How long a login lasts, in days from the moment of login.
    pub session_days: i64,
    /// Connections in the pool.
    pub pool_size: u32,
    /// The file holding the key that seals sensitive records (src/crypto.rs); without it,
    /// `KAFO_DATA_KEY` or a file beside the database.
    pub data_key_file: Option<std::path::PathBuf>,
    /// On public pages, a count of people below this is shown as "< N" (results dashboard).
    pub public_count_threshold: i64,
}

impl Config {
    pub fn new(database_url: &str) -> Self {
        Config {
            database_url: database_url.to_owned(),
            public_url: None,
            session_days: 30,
            pool_size: 8,
            data_key_file: None,
            public_count_threshold: 5,
        }
    }

    /// True when Kafo is known to be served over HTTPS.
    pub fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}
