//! The client runtime that every generated crate carries: the same source in every crate.
//!
//! `codegen` copies each module file here (all but this `lib.rs`) into the generated
//! crate's `src/`, byte for byte under a header. This crate exists so that the compiler,
//! clippy and tests see that code where it is written. Its `lib.rs` and `client` module
//! stand in for the generated ones: they declare the modules the same way and hold
//! hand-written operations shaped like the emitted ones, for the tests in `tests/`.
#![forbid(unsafe_code)]
// No panics on input: errors are values. Tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod auth;
pub mod error;
pub mod fake;
mod hook;
mod int_string;
mod paging;
mod poller;
mod query;
mod retry;
mod tagged;
mod trace;
mod transport;
mod unknown;
mod unknown_integer;
mod unknown_value;

pub use error::{BuildError, Error, ErrorBody};
pub use hook::{Attempt, Hook};
pub use poller::{PollPolicy, Poller, PollingResult};
pub use retry::{RetryBudget, RetryPolicy};
pub use transport::{Client, DEFAULT_TIMEOUT, Response, USER_AGENT};
pub use unknown::UnknownFields;
pub use unknown_integer::UnknownInteger;
pub use unknown_value::UnknownValue;

/// Stands in for the generated `models.rs`: the items of the fake's collections
/// (`fake/spec.json` stands in for its tables).
pub mod models {
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;

    /// A thing: paged, filtered, updated under a field mask.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[non_exhaustive]
    pub struct Thing {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub color: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub owner: Option<Owner>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub tags: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub labels: Option<BTreeMap<String, String>>,
        #[serde(flatten)]
        _unknown_fields: crate::UnknownFields,
    }

    impl Thing {
        /// The JSON fields sent that the spec does not name.
        pub fn unknown_fields(&self) -> &crate::UnknownFields {
            &self._unknown_fields
        }
    }

    /// Who owns a thing.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct Owner {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub team: Option<String>,
    }

    /// A gadget: unpaged, created unwrapped, with its id in `gadget_id`.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct Gadget {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub gadget_id: Option<String>,
        pub label: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub size: Option<i32>,
    }

    /// A string enum as emit writes one: unknown values kept (`unknown_value.rs`).
    #[derive(Debug, Clone, PartialEq, Serialize)]
    #[serde(untagged)]
    pub enum Shade {
        #[serde(serialize_with = "shade_light")]
        Light,
        Unknown(crate::UnknownValue),
    }

    fn shade_light<S: serde::Serializer>(serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("LIGHT")
    }

    impl From<&str> for Shade {
        fn from(value: &str) -> Self {
            match value {
                "LIGHT" => Self::Light,
                other => Self::Unknown(crate::UnknownValue::new(other)),
            }
        }
    }

    impl<'de> Deserialize<'de> for Shade {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::unknown_value::deserialize_enum(deserializer, Self::Unknown)
        }
    }

    /// An integer enum as emit writes one: unknown values kept (`unknown_integer.rs`).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub enum Priority {
        High,
        Unknown(crate::UnknownInteger),
    }

    impl From<i64> for Priority {
        fn from(value: i64) -> Self {
            match value {
                1 => Self::High,
                other => Self::Unknown(crate::UnknownInteger::new(other)),
            }
        }
    }

    /// A union tagged by `@type`, as emit writes one (`tagged.rs`).
    #[derive(Debug, Clone, PartialEq)]
    pub enum Detail {
        Owner(Owner),
        Unknown(serde_json::Value),
    }

    impl<'de> Deserialize<'de> for Detail {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let variants: &[(&str, crate::tagged::Decode<Self>)] =
                &[("type.example.com/Owner", |payload| serde_json::from_value(payload).map(Self::Owner))];
            crate::tagged::deserialize(deserializer, crate::tagged::Tag::Beside("@type"), variants, Self::Unknown)
        }
    }

    /// A quota: 64-bit integers as protobuf's JSON writes them, strings (`int_string.rs`).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Quota {
        #[serde(with = "crate::int_string")]
        pub used: i64,
        #[serde(default, with = "crate::int_string::option", skip_serializing_if = "Option::is_none")]
        pub limit: Option<u64>,
    }
}

/// Stands in for the generated `client.rs`: the spec's defaults, and operations shaped like
/// the emitted ones.
pub mod client {
    use crate::error::Error;
    use crate::transport::decode;
    use futures_util::Stream;
    use reqwest::Method;
    use serde::{Deserialize, Serialize};

    /// The spec's OAuth2 client-credentials token endpoint, if it declares one.
    pub(crate) const DEFAULT_TOKEN_URL: Option<&str> = Some("https://auth.example.com/oauth/token");
    /// The audience the spec asks token requests to name, if any.
    pub(crate) const DEFAULT_AUDIENCE: Option<&str> = Some("example-audience");

    /// A page of things.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct ThingPage {
        pub things: Option<Vec<String>>,
        pub next_page_token: Option<String>,
    }

    /// The answer of `get_thing`.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct GetThingResponse {
        pub thing: Option<crate::models::Thing>,
    }

    impl crate::Client {
        /// `GET /things?page_token=…`: one page.
        pub async fn list_things(
            &self,
            page_token: Option<&str>,
        ) -> Result<crate::Response<ThingPage>, Error<serde_json::Value>> {
            let span = crate::trace::operation_span!("ListThings", "/things");
            let call = async move {
                let url = self.url(&["things"])?;
                let request = self.request(Method::GET, url, "application/json");
                let request = match page_token {
                    Some(token) => request.query(&[("page_token", token)]),
                    None => request,
                };
                let raw = self.execute("ListThings", request).await?;
                match raw.status.as_u16() {
                    200 => raw.ok_with(decode::json),
                    _ => raw.error_with(decode::json),
                }
            };
            crate::trace::instrument(span, call).await
        }

        /// Every thing, page after page.
        pub fn list_things_stream(&self) -> impl Stream<Item = Result<String, Error<serde_json::Value>>> + '_ {
            crate::paging::items(None, move |token| async move {
                let page = self.list_things(token.as_deref()).await?.into_inner();
                Ok((page.things.unwrap_or_default(), page.next_page_token))
            })
        }

        /// `PATCH /things/{id}` with a JSON body: not idempotent.
        pub async fn update_thing(
            &self,
            id: &str,
            body: &serde_json::Value,
        ) -> Result<crate::Response<serde_json::Value>, Error<serde_json::Value>> {
            let mask = body.get("update_mask").and_then(serde_json::Value::as_str);
            let span = crate::trace::operation_span!("UpdateThing", "/things/{id}", mask);
            let call = async move {
                let url = self.url(&["things", id])?;
                let request = self.request(Method::PATCH, url, "application/json").json(body);
                let raw = self.execute("UpdateThing", request).await?;
                match raw.status.as_u16() {
                    200 => raw.ok_with(decode::json),
                    404 => raw.error_with(decode::json),
                    _ => raw.unexpected(),
                }
            };
            crate::trace::instrument(span, call).await
        }

        /// `GET /things?owner[name]=…`: an object query parameter (`style: deepObject`).
        pub async fn find_things(
            &self,
            owner: &crate::models::Owner,
        ) -> Result<crate::Response<crate::models::Quota>, Error<serde_json::Value>> {
            let url = self.url(&["things"])?;
            let mut object_pairs: Vec<(String, String)> = Vec::new();
            crate::query::push_object(&mut object_pairs, "owner", owner, crate::query::ObjectStyle::DeepObject);
            let request = self.request(Method::GET, url, "application/json").query(&object_pairs);
            let raw = self.execute("FindThings", request).await?;
            match raw.status.as_u16() {
                200 => raw.ok_with(decode::json),
                _ => raw.unexpected(),
            }
        }

        /// `POST /jobs`: starts a long-running job, answered as `{"job": …}`.
        pub async fn start_job(
            &self,
            body: &serde_json::Value,
        ) -> Result<crate::Response<JobStarted>, Error<serde_json::Value>> {
            let url = self.url(&["jobs"])?;
            let raw = self.execute("StartJob", self.request(Method::POST, url, "application/json").json(body)).await?;
            match raw.status.as_u16() {
                202 => raw.ok_with(decode::json),
                _ => raw.error_with(decode::json),
            }
        }

        /// `GET /jobs/{id}`: the job's operation, unwrapped.
        pub async fn get_job(&self, id: &str) -> Result<crate::Response<Job>, Error<serde_json::Value>> {
            let url = self.url(&["jobs", id])?;
            let raw = self.execute("GetJob", self.request(Method::GET, url, "application/json")).await?;
            match raw.status.as_u16() {
                200 => raw.ok_with(decode::json),
                _ => raw.error_with(decode::json),
            }
        }

        /// Starts [`start_job`](Self::start_job) and polls it: its result is the response's
        /// `"output"` string, its metadata the `"step"` number.
        pub fn start_job_poller(&self, body: &serde_json::Value) -> crate::Poller<String, u64, serde_json::Value> {
            let (client, body) = (self.clone(), body.clone());
            let start = Start::call(async move { Ok(client.start_job(&body).await?.into_inner().job) });
            crate::Poller::new(self, start, job_output, job_step)
        }

        /// Polls a job started earlier.
        pub fn resume_start_job(&self, operation_id: &str) -> crate::Poller<String, u64, serde_json::Value> {
            crate::Poller::new(self, Start::<Job>::Resume(operation_id.to_owned()), job_output, job_step)
        }
    }

    use crate::poller::{Progress, Start};

    /// What `start_job` answers: the job, wrapped.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct JobStarted {
        pub job: Option<Job>,
    }

    /// An operation resource shaped like the emitted ones: free-form response and metadata.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct Job {
        pub id: Option<String>,
        pub state: Option<String>,
        pub error: Option<serde_json::Value>,
        pub response: Option<serde_json::Value>,
        pub metadata: Option<serde_json::Value>,
    }

    impl crate::poller::Operation for Job {
        type Response = serde_json::Value;
        type Metadata = serde_json::Value;
        type Error = serde_json::Value;

        fn id(&self) -> Option<&str> {
            self.id.as_deref()
        }

        fn progress(self) -> Progress<serde_json::Value, serde_json::Value, serde_json::Value> {
            match self.state.as_deref() {
                Some("SUCCEEDED") => Progress::Succeeded(self.response),
                Some("FAILED") => Progress::Failed(self.error),
                _ => Progress::Running(self.metadata),
            }
        }

        async fn fetch(client: crate::Client, id: String) -> Result<Option<Job>, Error<serde_json::Value>> {
            Ok(Some(client.get_job(&id).await?.into_inner()))
        }
    }

    fn job_output(response: Option<serde_json::Value>) -> Option<String> {
        response?.get("output")?.as_str().map(str::to_owned)
    }

    fn job_step(metadata: serde_json::Value) -> Option<u64> {
        metadata.get("step")?.as_u64()
    }

    impl crate::Client {
        /// `GET /v1/things/{thing_id}`: one thing, wrapped (the fake's `get_thing`).
        pub async fn get_thing(&self, id: &str) -> Result<crate::Response<GetThingResponse>, Error<serde_json::Value>> {
            let span = crate::trace::operation_span!("GetThing", "/v1/things/{thing_id}");
            let call = async move {
                let url = self.url(&["v1", "things", id])?;
                let request = self.request(Method::GET, url, "application/json");
                let raw = self.execute("GetThing", request).await?;
                match raw.status.as_u16() {
                    200 => raw.ok_with(decode::json),
                    _ => raw.error_with(decode::json),
                }
            };
            crate::trace::instrument(span, call).await
        }

        /// `DELETE /things/{id}`: no body back.
        pub async fn delete_thing(&self, id: &str) -> Result<crate::Response<()>, Error<serde_json::Value>> {
            let url = self.url(&["things", id])?;
            let raw = self.execute("DeleteThing", self.request(Method::DELETE, url, "application/json")).await?;
            match raw.status.as_u16() {
                204 => raw.ok_with(decode::empty),
                _ => raw.unexpected(),
            }
        }
    }
}
