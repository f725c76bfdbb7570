package content

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content/schematest"
	"github.com/kbcdev/kbc/internal/diag"
)

// schemaDir is the repository's schema/ folder, seen from this package.
const schemaDir = "../../schema"

func compileSchemas(t *testing.T) *schematest.Schemas {
	t.Helper()
	s, err := schematest.Compile(schemaDir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fixtureConfig is the knowledge base the schema fixtures are loaded
// against: what kb.yaml would declare.
func fixtureConfig() *Config {
	return &Config{
		SourceLocale: "en",
		Locales:      []string{"en", "fr", "hu", "ja"},
		Platforms:    []*Platform{{ID: "android"}, {ID: "ios"}},
	}
}

// loadAs runs the loader's decoder of the kind over one file. Translation
// fixtures are read as fr.yaml.
func loadAs(kind schematest.Kind, path string) diag.List {
	var diags diag.List
	switch kind {
	case schematest.Article:
		loadSource(path, fixtureConfig(), &diags)
	case schematest.Translation:
		loadTranslation(path, "fr", &diags)
	case schematest.KB:
		loadConfig(path, &diags)
	case schematest.Fragment:
		if d, root := openFile(path, &diags); d != nil {
			d.decodeFragment(root, fixtureConfig())
		}
	}
	return diags
}

// expectation is what an invalid fixture says about itself in its leading
// comments: a regexp one of the loader's schema findings must match, and a
// keyword the schema must fail on.
type expectation struct {
	loader  *regexp.Regexp
	keyword string
}

var expectLine = regexp.MustCompile(`^#\s*(loader|schema):\s*(.*?)\s*$`)

func readExpectation(t *testing.T, path string) expectation {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var e expectation
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		m := expectLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		switch m[1] {
		case "loader":
			e.loader = regexp.MustCompile(m[2])
		case "schema":
			e.keyword = m[2]
		}
	}
	if e.loader == nil || e.keyword == "" {
		t.Fatalf("%s: an invalid fixture starts with `# loader: REGEXP` and `# schema: KEYWORD` comments", path)
	}
	return e
}

func fixtures(t *testing.T, validity string, kind schematest.Kind) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "schema", validity, string(kind), "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestSchemaAgreesWithLoader proves that the JSON Schemas editors use and
// the loader accept and refuse the same files.
func TestSchemaAgreesWithLoader(t *testing.T) {
	schemas := compileSchemas(t)
	invalid := 0
	for _, kind := range schematest.Kinds {
		valid := fixtures(t, "valid", kind)
		if len(valid) == 0 {
			t.Errorf("no valid %s fixtures", kind)
		}
		for _, path := range valid {
			t.Run("valid/"+filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), func(t *testing.T) {
				for _, d := range loadAs(kind, path) {
					t.Errorf("loader: %s", d)
				}
				if err := schemas.ValidateFile(kind, path); err != nil {
					t.Errorf("schema: %v", err)
				}
			})
		}
		bad := fixtures(t, "invalid", kind)
		invalid += len(bad)
		for _, path := range bad {
			t.Run("invalid/"+filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), func(t *testing.T) {
				want := readExpectation(t, path)
				diags := loadAs(kind, path)
				found := false
				for _, d := range diags {
					if d.Rule == RuleSchema && want.loader.MatchString(d.Message) {
						found = true
					}
				}
				if !found {
					t.Errorf("loader: no schema finding matches %q; got %v", want.loader, diags)
				}
				err := schemas.ValidateFile(kind, path)
				if err == nil {
					t.Fatalf("schema: the file validates")
				}
				if kws := schematest.Keywords(err); !slices.Contains(kws, want.keyword) {
					t.Errorf("schema: failed on %v, not on %q:\n%v", kws, want.keyword, err)
				}
			})
		}
	}
	if invalid < 15 {
		t.Errorf("%d invalid fixtures; the catalogue needs at least 15", invalid)
	}
}

// TestContentMatchesSchema validates every content file of the repository
// against its schema, so that what editors flag and what the build accepts
// cannot drift apart.
func TestContentMatchesSchema(t *testing.T) {
	schemas := compileSchemas(t)
	root := filepath.Join("..", "..", "content")
	counts := map[schematest.Kind]int{}
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			return nil
		}
		kind := schematest.KindOf(rel)
		if kind == "" {
			return nil
		}
		counts[kind]++
		if err := schemas.ValidateFile(kind, path); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if counts[schematest.KB] != 1 {
		t.Errorf("found %d kb.yaml files under %s, want 1", counts[schematest.KB], root)
	}
	t.Logf("validated %v", counts)
}

// TestSchemaDocumentsEveryProperty keeps editor help complete: every
// property of every schema has a title and a description.
func TestSchemaDocumentsEveryProperty(t *testing.T) {
	for _, kind := range schematest.Kinds {
		src, err := os.ReadFile(filepath.Join(schemaDir, kind.SchemaFile()))
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(src, &doc); err != nil {
			t.Fatalf("%s: %v", kind.SchemaFile(), err)
		}
		if m, _ := doc.(map[string]any); m["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $schema is %v, want draft 2020-12", kind.SchemaFile(), m["$schema"])
		}
		count := 0
		var walk func(v any, at string)
		walk = func(v any, at string) {
			switch v := v.(type) {
			case map[string]any:
				if props, ok := v["properties"].(map[string]any); ok {
					for name, p := range props {
						count++
						pm, _ := p.(map[string]any)
						for _, key := range []string{"title", "description"} {
							if s, _ := pm[key].(string); strings.TrimSpace(s) == "" {
								t.Errorf("%s: property %s/%s has no %s", kind.SchemaFile(), at, name, key)
							}
						}
					}
				}
				for k, x := range v {
					// Conditions restate properties declared beside them.
					if k != "if" && k != "then" && k != "else" && k != "not" {
						walk(x, at+"/"+k)
					}
				}
			case []any:
				for i, x := range v {
					walk(x, fmt.Sprintf("%s/%d", at, i))
				}
			}
		}
		walk(doc, "#")
		if count == 0 {
			t.Errorf("%s: no properties found", kind.SchemaFile())
		}
	}
}
