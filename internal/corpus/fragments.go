package corpus

import "fmt"

// DoubleIncludes returns the files, by slash-separated path, of a
// knowledge base in English whose article KB1 has one procedure, p: a
// step of its own (line 8 of its file), then an include of fragment f0
// (line 9). Each fragment f0…f(depth-1) holds a step and includes the
// next fragment twice, so that the procedure would show 2^depth copies
// of the last one's step were each path through the fragments expanded.
func DoubleIncludes(depth int) map[string]string {
	files := map[string]string{
		"kb.yaml": "source_locale: en\nlocales: [en]\n",
		"kb1/article.yaml": "id: KB1\ntitle: Deep\nsummary: Deep.\nprocedures:\n  - id: p\n    title: P\n    steps:\n" +
			"      - {id: start, text: Start.}\n      - include: f0\n",
	}
	for i := range depth + 1 {
		src := fmt.Sprintf("id: f%d\nsteps:\n  - {id: s%d, text: S.}\n", i, i)
		if i < depth {
			src += fmt.Sprintf("  - include: f%d\n  - include: f%d\n", i+1, i+1)
		}
		files[fmt.Sprintf("_fragments/f%d/fragment.yaml", i)] = src
	}
	return files
}
