//! Read results kept between requests while nothing has been written.
//!
//! Every write transaction bumps `site_version` (see `Conn::transaction`). A cached value is
//! stored with the version it was read under, and used only while a fresh read of the version,
//! in the same snapshot as the rest of the request, still shows that version. So a node never
//! serves data older than another node's last commit, and nothing needs telling.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

type Entry = Arc<dyn Any + Send + Sync>;

/// Entries kept at most; past that the cache starts again (pages are cheap to rebuild).
const CAPACITY: usize = 4_096;

pub struct Cache {
    inner: RwLock<(i64, HashMap<String, Entry>)>,
    capacity: usize,
}

impl Default for Cache {
    fn default() -> Self {
        Cache::with_capacity(CAPACITY)
    }
}

impl Cache {
    /// A cache of at most `capacity` entries (a small one for large values).
    pub fn with_capacity(capacity: usize) -> Self {
        Cache {
            inner: RwLock::default(),
            capacity,
        }
    }

    pub fn get<T: Clone + Send + Sync + 'static>(&self, version: i64, key: &str) -> Option<T> {
        let guard = self.inner.read().ok()?;
        if guard.0 != version {
            return None;
        }
        guard.1.get(key)?.downcast_ref::<T>().cloned()
    }

    pub fn put<T: Clone + Send + Sync + 'static>(&self, version: i64, key: String, value: T) {
        let Ok(mut guard) = self.inner.write() else {
            return;
        };
        if guard.0 != version {
            if version < guard.0 {
                // A reader on an older snapshot: its value is already stale.
                return;
            }
            guard.0 = version;
            guard.1.clear();
        }
        if guard.1.len() >= self.capacity {
            guard.1.clear();
        }
        guard.1.insert(key, Arc::new(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_version_retires_everything() {
        let cache = Cache::default();
        cache.put(1, "a".into(), 10_i64);
        assert_eq!(cache.get::<i64>(1, "a"), Some(10));
        assert_eq!(cache.get::<String>(1, "a"), None, "wrong type is a miss");
        assert_eq!(cache.get::<i64>(2, "a"), None);
        cache.put(2, "b".into(), 20_i64);
        assert_eq!(cache.get::<i64>(2, "a"), None);
        // A reader still on version 1 must not store its stale value.
        cache.put(1, "a".into(), 11_i64);
        assert_eq!(cache.get::<i64>(1, "a"), None);
        assert_eq!(cache.get::<i64>(2, "b"), Some(20));
    }
}
