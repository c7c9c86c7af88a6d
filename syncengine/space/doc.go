// Package space syncs a GitBook space with a Git repository, the way
// GitBook's Git API does: a space has a primary revision and a sync state,
// and four operations act on it (import, export, Git info, remove the legacy
// installation).
//
// An [Engine] applies the operations; its state lives behind a [Store]
// (a [MemoryStore], a [FileStore], or the host's own database). The requests
// ([ImportRequest], [ExportRequest]) carry the API's JSON field names, so a
// host can decode a request body straight into them.
//
// What the engine adds to syncengine.Import and syncengine.Export:
//   - order: operations carry a timestamp; one older than the last applied
//     is refused with an *OrderError unless forced;
//   - stable ids with no --previous file: the space keeps every page's and
//     file's id across imports, moved and renamed pages included;
//   - incremental work: a re-import parses only the content blobs it has not
//     seen (an in-memory parse cache per repoCacheID, see Options.CacheSize);
//   - merges: when both the branch and the space moved since the last sync,
//     an import or export merges the two (revision.Merge over the last
//     synced commit) and refuses with a *ConflictError only where they
//     conflict;
//   - bindings: two spaces may not sync the same repository, ref and project
//     directory;
//   - credentials: a repository URL's userinfo never reaches the state,
//     results, errors or logs.
//
// The primary revision is the space's content on GitBook's side. An import
// replaces it; a host whose users edit the space calls [Engine.SetRevision]
// (the space "changed"), and the next export writes it to the branch. Read it
// with [Engine.Revision].
//
// Limits to know:
//   - the parse cache lives in the engine's memory (Options.CacheSize
//     entries, shared by the spaces of one repoCacheID): after a restart the
//     first import parses every file once; the store keeps the primary
//     revision's documents (content-addressed), not parses;
//   - a cached parse is reused only when every link, file and include it
//     resolved resolves the same way in the new tree, so the cache never
//     changes a result;
//   - the FileStore serializes processes with flock on Unix, elsewhere only
//     within one process;
//   - renames by similarity compare lines (at least 50%, Git's threshold),
//     up to 2,500 deleted-by-added pairs per import; identical blobs are
//     matched at any count.
package space
