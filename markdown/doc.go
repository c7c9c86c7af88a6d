// Package markdown reads GitBook-flavoured Markdown into revision documents
// and prints documents back as GitBook's Git Sync writes them.
//
// The reader ([Parse], [ParseSummary]) is built on goldmark with GitBook's
// blocks ({% hint %}, {% tabs %}, <figure>…) as goldmark extensions. The
// printer ([Print], [PrintSummary]) follows the canonical printing rules of
// GITBOOK_FORMAT.md §6, so that print(parse(src)) == src for canonical pages
// and parse(print(doc)) equals doc for every document the reader produces.
//
// The package knows nothing of Git: links are resolved through a [Resolver]
// and printed back through a [Linker] that the caller implements.
package markdown
