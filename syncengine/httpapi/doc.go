// Package httpapi serves GitBook's Git Sync endpoints over a space engine:
//
//	POST   /v1/spaces/{spaceId}/git/import                  204, runs in the background
//	POST   /v1/spaces/{spaceId}/git/export                  204, runs in the background
//	GET    /v1/spaces/{spaceId}/git/info                    200 GitSyncState, 404 never synced
//	DELETE /v1/spaces/{spaceId}/git/legacy-installation     205 removed, 204 already removed
//	GET    /v1/spaces/{spaceId}/content                     200 the primary Revision
//	GET    /v1/spaces/{spaceId}/git/operations/{operationId} 200 GitSyncSpaceOperation
//
// Bodies are the JSON of GitBook's API (ImportGitRepository,
// ExportToGitRepository, GitSyncState, Revision); errors are its Error body
// {"error":{"code":404,"message":"…"}}. Every request but the operation
// endpoint needs "Authorization: Bearer TOKEN".
//
// As GitBook does, import and export answer 204 as soon as the operation is
// queued. Each space has a bounded queue whose operations run one at a time
// in the order of their timestamp; an operation older than one that already
// started is refused with 409 (unless force). The 204 carries the
// operation's id in the Location and Gitsync-Operation headers; its state
// (GitSyncOperationState: running, success, failure, timeout) is served at
// the operation endpoint, with ?wait=30s to wait for the end, and through
// Handler.Wait. A client that wants the outcome in the answer sends
// "Prefer: wait=N" (RFC 7240): the handler then waits up to N seconds and
// answers the operation's error status (409 for a conflict…) if it failed.
//
// Credentials in a repository URL (https://user:token@host/…) never appear
// in an answer, a log line or an operation's error.
package httpapi
