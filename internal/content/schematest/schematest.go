// Package schematest holds the JSON Schemas of the content files, compiled,
// and validates YAML content files against them, so that tests can prove
// the schemas that editors use agree with the loader.
package schematest

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"gopkg.in/yaml.v3"
)

// Kind names a kind of content file and the schema that describes it.
type Kind string

// The kinds of content file, named after their schema files in schema/.
const (
	Article     Kind = "article"     // article.yaml
	Translation Kind = "translation" // fr.yaml, hu.yaml, …
	KB          Kind = "kb"          // content/kb.yaml
	Fragment    Kind = "fragment"    // _fragments/ID/fragment.yaml
)

// Kinds lists every kind.
var Kinds = []Kind{Article, Translation, KB, Fragment}

// SchemaFile returns the schema's file name, such as article.schema.json.
func (k Kind) SchemaFile() string { return string(k) + ".schema.json" }

// Schemas are the compiled schemas of every kind.
type Schemas struct {
	byKind map[Kind]*jsonschema.Schema
}

// Compile compiles the schema of every kind from dir, the repository's
// schema/ folder.
func Compile(dir string) (*Schemas, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	s := &Schemas{byKind: map[Kind]*jsonschema.Schema{}}
	for _, k := range Kinds {
		abs, err := filepath.Abs(filepath.Join(dir, k.SchemaFile()))
		if err != nil {
			return nil, err
		}
		sch, err := c.Compile(abs)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", k.SchemaFile(), err)
		}
		s.byKind[k] = sch
	}
	return s, nil
}

// ValidateFile validates the YAML file at path against the schema of kind.
func (s *Schemas) ValidateFile(kind Kind, path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return s.Validate(kind, src)
}

// Validate validates YAML source against the schema of kind. An error that
// is not a *jsonschema.ValidationError means the YAML could not be read as
// one document of JSON-compatible values.
func (s *Schemas) Validate(kind Kind, src []byte) error {
	sch := s.byKind[kind]
	if sch == nil {
		return fmt.Errorf("no schema of kind %q", kind)
	}
	v, err := FromYAML(src)
	if err != nil {
		return err
	}
	return sch.Validate(v)
}

// FromYAML decodes YAML into the values JSON Schema validates: mappings
// become map[string]any with every key turned into its string form, as an
// editor's YAML language server sees them; dates stay the strings they
// were written as.
func FromYAML(src []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		return nil, err
	}
	return jsonValue(v), nil
}

func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = jsonValue(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = jsonValue(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = jsonValue(x)
		}
		return out
	case time.Time:
		if v.Equal(v.Truncate(24 * time.Hour)) {
			return v.Format(time.DateOnly)
		}
		return v.Format(time.RFC3339Nano)
	}
	return v
}

// Keywords returns the schema keywords that a validation error names,
// such as "additionalProperties", "required" or "pattern", sorted and
// without repeats. Other errors yield nil.
func Keywords(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	seen := map[string]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if kw := keyword(e); kw != "" {
			seen[kw] = true
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// KindOf tells the kind of a content file from its place in the content
// tree: kb.yaml, an article folder's article.yaml, or another YAML file
// beside it. It returns "" for files that are none of these.
func KindOf(rel string) Kind {
	rel = filepath.ToSlash(rel)
	dir, name := path.Split(rel)
	switch {
	case rel == "kb.yaml":
		return KB
	case strings.HasPrefix(rel, "_fragments/") && strings.Count(rel, "/") == 2:
		if name == "fragment.yaml" {
			return Fragment
		}
		if strings.HasSuffix(name, ".yaml") {
			return Translation
		}
		return ""
	case strings.Count(strings.TrimSuffix(dir, "/"), "/") != 0 || dir == "":
		return ""
	case name == "article.yaml":
		return Article
	case strings.HasSuffix(name, ".yaml"):
		return Translation
	}
	return ""
}

// keyword names the keyword that failed. Most error kinds carry it; not
// and a false schema say it by their type.
func keyword(e *jsonschema.ValidationError) string {
	switch k := e.ErrorKind.(type) {
	case nil:
		return ""
	case *kind.Not:
		return "not"
	case *kind.FalseSchema:
		return "false"
	default:
		if path := k.KeywordPath(); len(path) > 0 {
			return path[len(path)-1]
		}
	}
	return ""
}
