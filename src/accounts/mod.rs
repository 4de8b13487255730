//! Accounts: logging in and out, the account page, the admin's accounts, follows and digests.
//! Roles, sessions and passwords themselves are in `auth`, which every area shares.

pub mod admin;
pub mod follows;
pub mod queries;
pub mod routes;

pub use queries::{NewUser, create_user};

/// Kept here too: it is how an account's session is stored.
pub use crate::auth::token_hash;
