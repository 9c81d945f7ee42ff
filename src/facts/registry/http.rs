//! A generic, polite HTTP fetcher: one `reqwest` client (rustls with the `ring` provider, gzip,
//! timeouts), retries with exponential backoff on 429 and 5xx, a bound on concurrent requests,
//! and an on-disk cache with a time-to-live.
//!
//! Nothing here knows about package registries: callers hand it URLs and, optionally, a digest
//! function that turns a large body into the small text worth caching (a registry document of
//! several megabytes becomes a few kilobytes of release dates). Vulnerability look-ups reuse it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How the fetcher behaves.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// At most this many requests in flight at once.
    pub concurrency: usize,
    /// Per-request timeout (connect, send, read the whole body).
    pub timeout: Duration,
    /// Retries after the first attempt, on network errors, 429 and 5xx.
    pub retries: u32,
    /// The first backoff; each retry doubles it (a `Retry-After` header, capped, wins).
    pub backoff: Duration,
    /// Where answers are cached; `None` for no cache.
    pub cache_dir: Option<PathBuf>,
    /// How long a cached answer stays fresh.
    pub ttl: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            concurrency: 16,
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_millis(500),
            cache_dir: None,
            ttl: Duration::from_secs(24 * 3600),
        }
    }
}

/// What a URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// 2xx: the body (digested, when the caller gave a digest function).
    Found(String),
    /// 404 or 410: the resource does not exist.
    NotFound,
}

/// One fetched answer and whether it came from the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The answer.
    pub answer: Answer,
    /// True when no request was made.
    pub from_cache: bool,
}

#[derive(Serialize, Deserialize)]
struct CacheEntry {
    url: String,
    /// Seconds since the Unix epoch.
    fetched_at: u64,
    found: bool,
    body: String,
}

/// The fetcher. Share one per run; it is `Sync`.
pub struct Fetcher {
    client: reqwest::blocking::Client,
    opts: FetchOptions,
    requests: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    slots: (Mutex<usize>, std::sync::Condvar),
    /// Hosts that could not be reached after every retry: not tried again in this run, so an
    /// unreachable registry costs its retries once, not once per package.
    unreachable: Mutex<std::collections::BTreeSet<String>>,
}

/// Installs rustls' `ring` crypto provider as the process default, once.
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // An error means another provider is already installed, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl Fetcher {
    /// Builds the client.
    ///
    /// # Errors
    /// When the TLS or HTTP client cannot be set up.
    pub fn new(opts: FetchOptions) -> Result<Fetcher, String> {
        install_crypto_provider();
        let client = reqwest::blocking::Client::builder()
            .user_agent(concat!(
                "diligence/",
                env!("CARGO_PKG_VERSION"),
                " (dependency freshness audit)"
            ))
            .gzip(true)
            .timeout(opts.timeout)
            .connect_timeout(Duration::from_secs(10).min(opts.timeout))
            .pool_max_idle_per_host(opts.concurrency.max(1))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Fetcher {
            client,
            opts,
            requests: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            slots: (Mutex::new(0), std::sync::Condvar::new()),
            unreachable: Mutex::new(std::collections::BTreeSet::new()),
        })
    }

    /// The options in force.
    #[must_use]
    pub fn options(&self) -> &FetchOptions {
        &self.opts
    }

    /// HTTP requests sent so far (retries count).
    #[must_use]
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    /// The most requests that were ever in flight at once.
    #[must_use]
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::Relaxed)
    }

    /// GETs `url` as text, through the cache.
    ///
    /// # Errors
    /// A message naming the URL when every attempt failed.
    pub fn get_text(&self, url: &str) -> Result<Fetched, String> {
        self.get_digested(url, "raw", |body| Ok(body.to_owned()))
    }

    /// GETs `url`, turns the body into the text worth keeping with `digest`, and caches that
    /// under (`url`, `kind`). A cached answer younger than the TTL is returned without a request.
    ///
    /// # Errors
    /// A message naming the URL when every attempt failed or the digest refused the body.
    pub fn get_digested(
        &self,
        url: &str,
        kind: &str,
        digest: impl Fn(&str) -> Result<String, String>,
    ) -> Result<Fetched, String> {
        let cache_path = self.cache_path(url, kind);
        if let Some(answer) = cache_path.as_ref().and_then(|p| self.read_cache(p, url)) {
            return Ok(Fetched {
                answer,
                from_cache: true,
            });
        }
        let answer = match self.fetch(url, None)? {
            Answer::Found(body) => Answer::Found(digest(&body).map_err(|e| format!("{url}: {e}"))?),
            Answer::NotFound => Answer::NotFound,
        };
        if let Some(p) = cache_path {
            self.write_cache(&p, url, &answer);
        }
        Ok(Fetched {
            answer,
            from_cache: false,
        })
    }

    /// POSTs `body` (JSON) to `url`, through the cache: the answer is cached under (`url`,
    /// `kind`, the body's digest), so that the same query within the TTL makes no request.
    /// Retries, the concurrency bound and the unreachable-host rule are those of GETs.
    ///
    /// # Errors
    /// A message naming the URL when every attempt failed.
    pub fn post_json(&self, url: &str, kind: &str, body: &str) -> Result<Fetched, String> {
        let mut h = Sha256::new();
        h.update(body.as_bytes());
        let key = faster_hex::hex_string(&h.finalize()[..16]);
        let cache_path = self.cache_path(url, &format!("{kind}\0{key}"));
        let cache_url = format!("{url}#{key}");
        if let Some(answer) = cache_path
            .as_ref()
            .and_then(|p| self.read_cache(p, &cache_url))
        {
            return Ok(Fetched {
                answer,
                from_cache: true,
            });
        }
        let answer = self.fetch(url, Some(body))?;
        if let Some(p) = cache_path {
            self.write_cache(&p, &cache_url, &answer);
        }
        Ok(Fetched {
            answer,
            from_cache: false,
        })
    }

    fn cache_path(&self, url: &str, kind: &str) -> Option<PathBuf> {
        let dir = self.opts.cache_dir.as_ref()?;
        let mut h = Sha256::new();
        h.update(kind.as_bytes());
        h.update([0]);
        h.update(url.as_bytes());
        let hex = faster_hex::hex_string(&h.finalize()[..16]);
        Some(dir.join("http").join(&hex[..2]).join(format!("{hex}.json")))
    }

    fn read_cache(&self, path: &std::path::Path, url: &str) -> Option<Answer> {
        let text = std::fs::read_to_string(path).ok()?;
        let entry: CacheEntry = serde_json::from_str(&text).ok()?;
        if entry.url != url {
            return None;
        }
        let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
        if now.saturating_sub(entry.fetched_at) > self.opts.ttl.as_secs() {
            return None;
        }
        Some(if entry.found {
            Answer::Found(entry.body)
        } else {
            Answer::NotFound
        })
    }

    /// Writes atomically (temporary file, then rename); a cache that cannot be written is only
    /// slower, never an error.
    fn write_cache(&self, path: &std::path::Path, url: &str, answer: &Answer) {
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let entry = CacheEntry {
            url: url.to_owned(),
            fetched_at: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            found: matches!(answer, Answer::Found(_)),
            body: match answer {
                Answer::Found(b) => b.clone(),
                Answer::NotFound => String::new(),
            },
        };
        let Ok(json) = serde_json::to_vec(&entry) else {
            return;
        };
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let ok = std::fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(&json))
            .is_ok();
        if ok {
            let _ = std::fs::rename(&tmp, path);
        } else {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// Waits for a request slot (at most `concurrency` in flight).
    fn acquire(&self) {
        let (lock, cvar) = &self.slots;
        let mut used = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while *used >= self.opts.concurrency.max(1) {
            used = cvar
                .wait(used)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *used += 1;
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
    }

    fn release(&self) {
        let (lock, cvar) = &self.slots;
        let mut used = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *used = used.saturating_sub(1);
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        cvar.notify_one();
    }

    /// One GET (or, with a body, one JSON POST) with retries.
    fn fetch(&self, url: &str, post: Option<&str>) -> Result<Answer, String> {
        let host = reqwest::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        let lock_unreachable = || {
            self.unreachable
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let mut attempt = 0;
        loop {
            if lock_unreachable().contains(&host) {
                return Err(format!("{url}: {host} was unreachable earlier in this run"));
            }
            self.acquire();
            self.requests.fetch_add(1, Ordering::Relaxed);
            let request = match post {
                Some(body) => self
                    .client
                    .post(url)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.to_owned()),
                None => self.client.get(url),
            };
            let result = request.send().and_then(|r| {
                let status = r.status();
                let retry_after = r
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok());
                let body = if status.is_success() {
                    r.text()?
                } else {
                    String::new()
                };
                Ok((status, retry_after, body))
            });
            self.release();
            let (retryable, why, retry_after, network) = match result {
                Ok((status, _, body)) if status.is_success() => return Ok(Answer::Found(body)),
                Ok((status, _, _)) if status.as_u16() == 404 || status.as_u16() == 410 => {
                    return Ok(Answer::NotFound)
                }
                Ok((status, retry_after, _)) => (
                    status.as_u16() == 429 || status.is_server_error(),
                    format!("HTTP {status}"),
                    retry_after,
                    false,
                ),
                Err(e) => (
                    e.is_timeout() || e.is_connect() || e.is_request() || e.is_body(),
                    e.to_string(),
                    None,
                    e.is_connect() || e.is_timeout(),
                ),
            };
            // A host that cannot be reached (name resolution, refused connection, timeout) is
            // tried twice, then given up for the rest of the run.
            if network && attempt >= 1.min(self.opts.retries) {
                lock_unreachable().insert(host);
                return Err(format!("{url}: {why}"));
            }
            if !retryable || attempt >= self.opts.retries {
                return Err(format!("{url}: {why}"));
            }
            let backoff = retry_after.map_or_else(
                || self.opts.backoff * 2u32.saturating_pow(attempt),
                |s| Duration::from_secs(s.min(10)),
            );
            std::thread::sleep(backoff);
            attempt += 1;
        }
    }

    /// Runs `work` over `items` on `concurrency` threads (each item once), in order of the
    /// results matching `items`. `tick` is called after each item.
    pub fn run_all<T: Sync, R: Send>(
        &self,
        items: &[T],
        work: impl Fn(&T) -> R + Sync,
        tick: impl Fn() + Sync,
    ) -> Vec<R> {
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<R>>> =
            Mutex::new(std::iter::repeat_with(|| None).take(items.len()).collect());
        let threads = self.opts.concurrency.clamp(1, items.len().max(1));
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = work(item);
                    results
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)[i] = Some(r);
                    tick();
                });
            }
        });
        results
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .into_iter()
            .map(|r| r.expect("every item ran"))
            .collect()
    }
}

/// The cache directory to use for an audit of `root`: `given` (`--cache-dir`), else
/// [`default_cache_dir`]; none when it lies inside the audited tree, which is never written to.
#[must_use]
pub fn cache_dir_outside(given: Option<&Path>, root: &Path) -> Option<PathBuf> {
    given
        .map(Path::to_path_buf)
        .or_else(default_cache_dir)
        .filter(|c| {
            let resolved = std::fs::canonicalize(c).unwrap_or_else(|_| c.clone());
            !resolved.starts_with(root)
        })
}

/// The user's cache directory for diligence: `$DILIGENCE_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/diligence`, else `~/.cache/diligence`.
#[must_use]
pub fn default_cache_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("DILIGENCE_CACHE_DIR")
        .or_else(|| env("XDG_CACHE_HOME").map(|p| p.join("diligence")))
        .or_else(|| env("HOME").map(|p| p.join(".cache").join("diligence")))
}

#[cfg(test)]
mod tests {
    use super::cache_dir_outside;

    #[test]
    fn the_cache_is_never_inside_the_audited_tree() {
        let tree = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(tree.path()).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        assert_eq!(
            cache_dir_outside(Some(elsewhere.path()), &root).as_deref(),
            Some(elsewhere.path())
        );
        // Inside, existing or not yet created, and through a relative-looking path.
        std::fs::create_dir(root.join("cache")).unwrap();
        assert_eq!(cache_dir_outside(Some(&root.join("cache")), &root), None);
        assert_eq!(
            cache_dir_outside(Some(&root.join("new/cache")), &root),
            None
        );
        assert_eq!(
            cache_dir_outside(Some(&root.join("cache/../x")), &root),
            None
        );
    }
}
