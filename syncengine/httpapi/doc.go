// Package httpapi serves GitBook's Git Sync endpoints over a space engine
// (package space, or anything with the methods of [Spaces]):
//
//	POST   /v1/spaces/{spaceId}/git/import                   204: queued
//	POST   /v1/spaces/{spaceId}/git/export                   204: queued
//	GET    /v1/spaces/{spaceId}/git/info                     200 GitSyncState; 404 never synced
//	DELETE /v1/spaces/{spaceId}/git/legacy-installation      205 removed; 204 already removed
//	GET    /v1/spaces/{spaceId}/content                      200 the primary Revision
//	GET    /v1/spaces/{spaceId}/git/operations/{operationId} 200 GitSyncSpaceOperation
//
// Bodies are the JSON of GitBook's API (ImportGitRepository,
// ExportToGitRepository, GitSyncState, Revision); every error is its Error
// body, {"error":{"code":404,"message":"…"}}: 400 for a body that is not
// the request's JSON or lacks a required field, 401 without the bearer
// token, 404, 405, 409 for an operation out of order or in conflict (with the merge
// conflicts in error.conflicts when the engine's error is a [Conflicter]), 413
// for a body over Options.MaxBodyBytes, 429 when a space's queue is full,
// 503 while shutting down, and 500 only for a bug (its cause is logged, not
// sent). Every request needs "Authorization: Bearer TOKEN".
//
// As GitBook does, import and export answer 204 as soon as the operation is
// queued. Each space has a bounded queue whose operations run one at a
// time, in the order of their timestamps: one older than an operation the
// space already started or applied is refused with 409 (unless force).
// The 204 names the operation in its Location and Gitsync-Operation
// headers; its state (GitBook's GitSyncOperationState: running, success,
// failure, timeout) is served at the operation endpoint, which waits for
// the end with ?wait=30s, and by [Handler.Wait]. A client that wants the
// outcome in the answer sends "Prefer: wait=N" (RFC 7240): the handler
// waits up to N seconds and, if the operation failed, answers its error
// (409 for a conflict, 504 for a timeout…) instead of 204.
//
// [Handler.Shutdown] lets the queued operations finish, or returns the
// ones that did not start for [Handler.Resume] after a restart.
//
// Credentials in a repository URL (https://user:token@host/…) never appear
// in an answer, a log line, an operation's error or a kept operation.
//
// Log lines (log/slog): one per request (method, path, status, bytes,
// duration, operation, error) and one per ended operation.
package httpapi
