//! Kafo: a platform for communities of practice on women's and girls' rights.

pub mod accounts;
pub mod activities;
pub mod app;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod codes;
pub mod committees;
pub mod community;
pub mod config;
pub mod crypto;
pub mod dataset;
pub mod db;
pub mod demo;
pub mod directory;
pub mod discussions;
pub mod error;
pub mod experiences;
pub mod i18n;
pub mod ids;
pub mod indicators;
pub mod library;
pub mod mail;
pub mod plans;
pub mod print;
pub mod proposals;
pub mod reports;
pub mod search;
pub mod text;
pub mod web;

use std::sync::Arc;

pub use app::app;
pub use config::Config;
pub use db::Db;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    /// Caps concurrent password hashes: each takes 19 MiB and tens of milliseconds.
    pub hashers: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn new(db: Db, config: Config) -> Self {
        AppState {
            db,
            config: Arc::new(config),
            hashers: Arc::new(tokio::sync::Semaphore::new(2)),
        }
    }
}
