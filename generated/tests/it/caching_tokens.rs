//! The README's "Caching tokens across processes" example: two clients that share nothing
//! but a cache file, as two runs of a CLI would, fetch one token.

use redpanda_cloud::Client;
use redpanda_cloud::fake::FakeServer;
use redpanda_cloud::models::ListUserInvitesQuery;

#[tokio::test]
async fn a_second_run_reuses_the_first_runs_token() {
    let fake = FakeServer::start().await;
    // In a CLI: a file in the user's cache directory, such as ~/.cache/my-cli/tokens.json.
    let file = std::env::temp_dir().join(format!("redpanda-cloud-tokens-{}.json", std::process::id()));

    for _run in 0..2 {
        let credentials = fake.credentials().with_cache_file(&file);
        let client = Client::new(&fake.base_url()).unwrap().with_credentials(credentials);
        client.list_user_invites(&ListUserInvitesQuery::default()).await.unwrap();
    }

    let requests = fake.requests();
    assert_eq!(requests[0].headers["authorization"], requests[1].headers["authorization"], "one token");
    std::fs::remove_file(&file).unwrap();
}
