use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts events per key in fixed windows; refuses a key past `limit` per window.
/// Memory is bounded: expired windows are swept when the map grows.
pub struct PerKeyLimiter<K> {
    limit: u32,
    window: Duration,
    counts: Mutex<HashMap<K, (Instant, u32)>>,
}

impl<K: Hash + Eq + Clone> PerKeyLimiter<K> {
    /// `limit` events per `window` for each key; a limit of 0 switches it off.
    pub fn new(limit: u32, window: Duration) -> Self {
        PerKeyLimiter {
            limit,
            window,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// Records one event for `key`; false when the key is over its limit.
    pub fn allow(&self, key: &K) -> bool {
        if self.limit == 0 {
            return true;
        }
        let now = Instant::now();
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() > 10_000 {
            counts.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = counts.entry(key.clone()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            return false;
        }
        entry.1 += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_refused_past_its_limit_and_others_are_not() {
        let l = PerKeyLimiter::new(3, Duration::from_secs(3600));
        let results: Vec<bool> = (0..5).map(|_| l.allow(&"a")).collect();
        assert_eq!(results, [true, true, true, false, false]);
        assert!(l.allow(&"b"));
    }

    #[test]
    fn a_limit_of_zero_is_off() {
        let l = PerKeyLimiter::new(0, Duration::from_secs(1));
        assert!((0..1000).all(|_| l.allow(&1)));
    }
}
