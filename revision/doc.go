// Package revision is the content model of gitsync: a GitBook revision (a page
// tree whose document pages hold JSON documents, plus files and reusable
// contents) with JSON encoding in exactly the shape of GitBook's public API
// (components.schemas.Revision of the OpenAPI spec).
//
// Documents are trees of typed nodes. A [Block] or an [Inline] carries its kind
// as a typed value ([*Paragraph], [*Hint], [*Link]…) so that the type system
// says which attributes a kind has; [Text] holds leaves with marks. Two nodes
// exist for what the code does not model:
//
//   - [Raw] keeps a JSON node of a type gitsync does not know, byte for byte,
//     so that decoding and encoding a document from the API loses nothing.
//   - [Opaque] keeps Markdown that gitsync does not understand (unknown HTML,
//     unknown {% tags %}) verbatim, so that it is printed back unchanged. In
//     JSON it is a paragraph (or text) holding the source, marked with
//     "meta": {"opaque": true}, which keeps the revision schema-valid.
//
// [Merge] merges two revisions over their common base (page tree, blocks,
// words) and reports what does not combine as [Conflict] values.
//
// The package imports nothing outside the standard library.
package revision
