//! Access tokens: where the client gets the bearer token it sends.
//!
//! [`ClientCredentials`] runs the OAuth2 client-credentials flow and caches the token until
//! shortly before it expires; concurrent first calls share one fetch (and its failure), and a
//! token the API rejects with 401 is fetched again once. With
//! [`ClientCredentials::with_cache_file`] tokens also outlive the process, for the processes
//! that share the file. Implement [`TokenSource`] to bring your own.

use crate::trace;
use reqwest::StatusCode;
use serde::Deserialize;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

/// An access token. Its `Debug` output never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The token value, as sent in `Authorization: Bearer …`.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// What [`TokenSource::token`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<AccessToken, AuthError>> + Send + 'a>>;

/// A source of access tokens, asked before every request.
///
/// `http` is the client's own HTTP client, for sources that fetch tokens over HTTP.
pub trait TokenSource: fmt::Debug + Send + Sync {
    /// A token for the next request: a cached one while it is fresh, a new one otherwise.
    fn token<'a>(&'a self, http: &'a reqwest::Client) -> TokenFuture<'a>;

    /// The API answered 401 to a request that carried `rejected`. Returns whether asking
    /// [`token`](Self::token) again may give a different token; the request is then resent
    /// once.
    fn invalidate(&self, rejected: &AccessToken) -> bool {
        let _ = rejected;
        false
    }
}

/// A fixed token, as set by [`Client::with_bearer_token`](crate::Client::with_bearer_token).
#[derive(Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A source that always gives `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Self(AccessToken::new(token))
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenSource for StaticToken {
    fn token<'a>(&'a self, _: &'a reqwest::Client) -> TokenFuture<'a> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}

/// How long a token fetch may take.
const TOKEN_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A cached token is replaced this long before it expires (or at half its lifetime, when
/// that is shorter), so that a request never leaves with a token about to lapse.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The OAuth2 client-credentials flow, with a cached token.
///
/// The token endpoint and audience default to the ones the API's spec declares. Clones
/// share one cache.
#[derive(Clone)]
pub struct ClientCredentials {
    client_id: String,
    client_secret: String,
    token_url: Option<String>,
    audience: Option<String>,
    cache_file: Option<PathBuf>,
    cache: Arc<Cache>,
}

#[derive(Default)]
struct Cache {
    token: Mutex<Option<Cached>>,
    /// The last token the API rejected: the cache file may still hold it, and must not give it.
    rejected: Mutex<Option<AccessToken>>,
    /// Held while a token is fetched, so that concurrent callers wait for that one fetch.
    /// It holds that fetch's failure, for the callers that waited for it.
    fetching: tokio::sync::Mutex<Option<AuthError>>,
    /// How many fetches have ended: a caller that sees it move while it waits shares the
    /// outcome of the fetch it waited for instead of starting another.
    fetches: AtomicU64,
}

#[derive(Clone)]
struct Cached {
    token: AccessToken,
    /// `None`: the endpoint gave no lifetime; kept until the API rejects it.
    refresh_at: Option<Instant>,
}

impl ClientCredentials {
    /// Credentials for the spec's token endpoint and audience (see
    /// [`with_token_url`](Self::with_token_url) and [`with_audience`](Self::with_audience)).
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            token_url: crate::client::DEFAULT_TOKEN_URL.map(str::to_owned),
            audience: crate::client::DEFAULT_AUDIENCE.map(str::to_owned),
            cache_file: None,
            cache: Arc::default(),
        }
    }

    /// Also keeps tokens in the file at `path`, for other processes with the same token
    /// endpoint, audience and client id (a CLI, a CI job): a valid token there is used instead
    /// of a fetch, and a fetched one is written there.
    ///
    /// The file holds tokens (never the client secret) and is created readable by its owner
    /// only (0600 on Unix), in directories created 0700. It is replaced whole, atomically
    /// (written beside it, then renamed), so two processes racing on it never leave half a
    /// file; entries of other clients are kept. A file or entry that is unreadable, foreign
    /// or expired is ignored and rewritten, and a file that cannot be written is no error: the
    /// token is still used. Tokens the endpoint gives without `expires_in` are not written.
    pub fn with_cache_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.cache_file = Some(path.into());
        self
    }

    /// Fetches tokens from `token_url` instead of the spec's token endpoint.
    pub fn with_token_url(mut self, token_url: &str) -> Self {
        self.token_url = Some(token_url.to_owned());
        self.cache = Arc::default();
        self
    }

    /// Asks for tokens for `audience` instead of the spec's.
    pub fn with_audience(mut self, audience: &str) -> Self {
        self.audience = Some(audience.to_owned());
        self.cache = Arc::default();
        self
    }

    /// Sends no `audience`, even when the spec names one.
    pub fn without_audience(mut self) -> Self {
        self.audience = None;
        self.cache = Arc::default();
        self
    }

    /// The token endpoint.
    pub fn token_url(&self) -> Option<&str> {
        self.token_url.as_deref()
    }

    /// The audience sent with token requests.
    pub fn audience(&self) -> Option<&str> {
        self.audience.as_deref()
    }

    /// The cache file's entry for these credentials, if it holds a token still fresh that
    /// the API has not rejected.
    fn stored(&self) -> Option<Cached> {
        let (path, key) = self.file_key()?;
        let (token, refresh_at) = token_file::read(path, &key)?;
        let rejected = self.cache.rejected.lock().unwrap_or_else(PoisonError::into_inner);
        if rejected.as_ref().is_some_and(|rejected| rejected.secret() == token) {
            return None;
        }
        let left = refresh_at.duration_since(SystemTime::now()).ok()?;
        Some(Cached { token: AccessToken(token), refresh_at: Some(Instant::now() + left) })
    }

    fn store(&self, cached: &Cached) {
        let (Some((path, key)), Some(refresh_at)) = (self.file_key(), cached.refresh_at) else {
            return;
        };
        let refresh_at = SystemTime::now() + refresh_at.saturating_duration_since(Instant::now());
        token_file::write(path, &key, cached.token.secret(), refresh_at);
    }

    /// The cache file, and what identifies these credentials' entry in it.
    fn file_key(&self) -> Option<(&std::path::Path, token_file::Key<'_>)> {
        let key = token_file::Key {
            token_url: self.token_url.as_deref()?,
            audience: self.audience.as_deref(),
            client_id: &self.client_id,
        };
        Some((self.cache_file.as_deref()?, key))
    }

    fn cached(&self) -> Option<AccessToken> {
        let cached = self.cache.token.lock().unwrap_or_else(PoisonError::into_inner);
        cached.as_ref().filter(|cached| cached.refresh_at.is_none_or(|at| Instant::now() < at)).map(|c| c.token.clone())
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<Cached, AuthError> {
        let token_url = self.token_url.as_deref().ok_or(AuthError::NoTokenUrl)?;
        let mut form = vec![
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.as_str()),
        ];
        if let Some(audience) = &self.audience {
            form.push(("audience", audience));
        }
        let span = trace::token_span(token_url);
        let transport = |source: reqwest::Error| {
            trace::record_error(&span, &source);
            AuthError::Transport { token_url: token_url.to_owned(), source: Arc::new(source) }
        };
        let request = http
            .post(token_url)
            .timeout(TOKEN_REQUEST_TIMEOUT)
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send();
        let response = trace::instrument(span.clone(), request).await.map_err(transport)?;
        let status = response.status();
        trace::record_status(&span, status);
        let body = trace::instrument(span.clone(), response.bytes()).await.map_err(transport)?;
        if !status.is_success() {
            let refusal: OAuthError = serde_json::from_slice(&body).unwrap_or_default();
            return Err(AuthError::Refused {
                token_url: token_url.to_owned(),
                status,
                error: refusal.error,
                description: refusal.error_description,
            });
        }
        let granted: Granted = serde_json::from_slice(&body).map_err(|error| AuthError::InvalidResponse {
            token_url: token_url.to_owned(),
            reason: error.to_string(),
        })?;
        let refresh_at = granted.expires_in.and_then(Seconds::get).map(|seconds| {
            let lifetime = Duration::from_secs(seconds);
            Instant::now() + lifetime.saturating_sub(REFRESH_MARGIN.min(lifetime / 2))
        });
        Ok(Cached { token: AccessToken(granted.access_token), refresh_at })
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("token_url", &self.token_url)
            .field("audience", &self.audience)
            .field("cache_file", &self.cache_file)
            .finish_non_exhaustive()
    }
}

impl TokenSource for ClientCredentials {
    fn token<'a>(&'a self, http: &'a reqwest::Client) -> TokenFuture<'a> {
        Box::pin(async move {
            if let Some(token) = self.cached() {
                return Ok(token);
            }
            let before = self.cache.fetches.load(Ordering::SeqCst);
            let mut failure = self.cache.fetching.lock().await;
            // Whoever held the lock before us may have fetched a token already, or failed to:
            // callers that came while that fetch ran get its failure rather than repeat it.
            if let Some(token) = self.cached() {
                return Ok(token);
            }
            if let Some(error) = failure.as_ref().filter(|_| self.cache.fetches.load(Ordering::SeqCst) != before) {
                return Err(error.clone());
            }
            // Another process may have fetched one (read under the lock: once for all waiters).
            if let Some(stored) = self.stored() {
                let token = stored.token.clone();
                *self.cache.token.lock().unwrap_or_else(PoisonError::into_inner) = Some(stored);
                return Ok(token);
            }
            let fetched = self.fetch(http).await;
            self.cache.fetches.fetch_add(1, Ordering::SeqCst);
            let fetched = fetched.inspect_err(|error| *failure = Some(error.clone()))?;
            *failure = None;
            self.store(&fetched);
            let token = fetched.token.clone();
            *self.cache.token.lock().unwrap_or_else(PoisonError::into_inner) = Some(fetched);
            Ok(token)
        })
    }

    fn invalidate(&self, rejected: &AccessToken) -> bool {
        let mut cached = self.cache.token.lock().unwrap_or_else(PoisonError::into_inner);
        // Another request may have replaced it already; only the rejected token goes.
        if cached.as_ref().is_some_and(|cached| cached.token == *rejected) {
            *cached = None;
        }
        *self.cache.rejected.lock().unwrap_or_else(PoisonError::into_inner) = Some(rejected.clone());
        true
    }
}

/// The cache file of [`ClientCredentials::with_cache_file`]: a JSON object whose `tokens` are
/// entries `{token_url, audience, client_id, access_token, refresh_at}` (`refresh_at` in
/// seconds since the Unix epoch: the entry is not used from then on).
mod token_file {
    use serde_json::{Value, json};
    use std::path::Path;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, SystemTime};

    /// The token URL, audience and client id an entry must name.
    pub(super) struct Key<'a> {
        pub(super) token_url: &'a str,
        pub(super) audience: Option<&'a str>,
        pub(super) client_id: &'a str,
    }

    impl Key<'_> {
        fn matches(&self, entry: &Value) -> bool {
            entry["token_url"].as_str() == Some(self.token_url)
                && entry["audience"].as_str() == self.audience
                && entry["client_id"].as_str() == Some(self.client_id)
        }
    }

    /// The entries of the file at `path`: none when it is missing or not a token file.
    fn entries(path: &Path) -> Vec<Value> {
        let text = std::fs::read(path).unwrap_or_default();
        match serde_json::from_slice::<Value>(&text) {
            Ok(Value::Object(mut file)) => match file.remove("tokens") {
                Some(Value::Array(entries)) => entries,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    fn due(entry: &Value) -> Option<SystemTime> {
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(entry["refresh_at"].as_u64()?))
    }

    /// The token of `key`'s entry and when it is due for refresh.
    pub(super) fn read(path: &Path, key: &Key<'_>) -> Option<(String, SystemTime)> {
        let entry = entries(path).into_iter().find(|entry| key.matches(entry))?;
        Some((entry["access_token"].as_str()?.to_owned(), due(&entry)?))
    }

    /// Replaces `key`'s entry; drops entries that are expired or malformed, keeps the rest.
    pub(super) fn write(path: &Path, key: &Key<'_>, token: &str, refresh_at: SystemTime) {
        let now = SystemTime::now();
        let mut entries: Vec<Value> = entries(path)
            .into_iter()
            .filter(|entry| !key.matches(entry) && entry["access_token"].is_string())
            .filter(|entry| due(entry).is_some_and(|at| at > now))
            .collect();
        let seconds = refresh_at.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_secs();
        entries.push(json!({
            "token_url": key.token_url,
            "audience": key.audience,
            "client_id": key.client_id,
            "access_token": token,
            "refresh_at": seconds,
        }));
        if let Ok(text) = serde_json::to_vec_pretty(&json!({ "tokens": entries })) {
            // Not fatal: the token is good for this process either way.
            let _ = replace(path, &text);
        }
    }

    /// Writes `contents` to a new file beside `path` (owner-only on Unix), then renames it
    /// over `path`: readers see the old file or the new one, never a part.
    fn replace(path: &Path, contents: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let unique = WRITES.fetch_add(1, Ordering::Relaxed);
        let temporary = dir.join(format!(".{name}.{}.{unique}.tmp", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = options.open(&temporary).and_then(|mut file| {
            file.write_all(contents)?;
            file.sync_all()
        });
        let renamed = written.and_then(|()| std::fs::rename(&temporary, path));
        if renamed.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        renamed
    }
}

/// A token endpoint's answer to a granted request.
#[derive(Deserialize)]
struct Granted {
    access_token: String,
    expires_in: Option<Seconds>,
}

/// `expires_in`: a number by RFC 6749, a string from some providers (Azure AD v1).
#[derive(Deserialize)]
#[serde(untagged)]
enum Seconds {
    Number(u64),
    Text(String),
}

impl Seconds {
    fn get(self) -> Option<u64> {
        match self {
            Self::Number(seconds) => Some(seconds),
            Self::Text(text) => text.trim().parse().ok(),
        }
    }
}

/// A token endpoint's refusal (RFC 6749, section 5.2).
#[derive(Default, Deserialize)]
struct OAuthError {
    error: Option<String>,
    error_description: Option<String>,
}

/// No access token could be had.
///
/// Cheap to clone: callers that waited for the same token fetch all get its failure.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum AuthError {
    /// The token endpoint refused the request.
    Refused {
        /// The token endpoint.
        token_url: String,
        /// Its response status.
        status: StatusCode,
        /// The OAuth2 `error` code, such as `access_denied`.
        error: Option<String>,
        /// The OAuth2 `error_description`.
        description: Option<String>,
    },
    /// The token endpoint could not be reached, or its answer not read.
    Transport {
        /// The token endpoint.
        token_url: String,
        /// What failed (shared by the callers that waited for this fetch).
        source: Arc<reqwest::Error>,
    },
    /// The token endpoint answered with something that is not a token.
    InvalidResponse {
        /// The token endpoint.
        token_url: String,
        /// What was wrong with it.
        reason: String,
    },
    /// The spec declares no token endpoint: set one with [`ClientCredentials::with_token_url`].
    NoTokenUrl,
    /// A custom [`TokenSource`] failed: build it with [`AuthError::custom`].
    Source(Arc<dyn std::error::Error + Send + Sync>),
}

impl AuthError {
    /// The failure of a custom [`TokenSource`]: any error, or a message.
    pub fn custom(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Source(Arc::from(error.into()))
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused { token_url, status, error, description } => {
                write!(f, "token endpoint {token_url} refused: HTTP {status}")?;
                if let Some(error) = error {
                    write!(f, ": {error}")?;
                }
                if let Some(description) = description {
                    write!(f, " ({description})")?;
                }
                Ok(())
            }
            Self::Transport { token_url, source } => write!(f, "token endpoint {token_url} failed: {source}"),
            Self::InvalidResponse { token_url, reason } => {
                write!(f, "token endpoint {token_url} sent no usable token: {reason}")
            }
            Self::NoTokenUrl => f.write_str("no token endpoint: set one with ClientCredentials::with_token_url"),
            Self::Source(error) => write!(f, "token source failed: {error}"),
        }
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport { source, .. } => Some(&**source),
            Self::Source(error) => Some(&**error),
            _ => None,
        }
    }
}
