// Package schema holds the JSON Schemas of the content files, embedded so
// that kbc init can give a new knowledge base the schemas its editors
// validate against.
package schema

import "embed"

// FS holds article.schema.json, translation.schema.json and
// kb.schema.json.
//
//go:embed *.schema.json
var FS embed.FS
