package content_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
)

const walkKB = `source_locale: en
locales: [en]
platforms:
  android: {name: {en: Android}}
  ios: {name: {en: iOS}}
`

const walkArticle = `id: KB1
title: T
summary: S
requirements: [R0, R1]
notes:
  - {id: n1, text: N1}
sections:
  - id: s1
    title: ST
    body: SB
    table:
      caption: TC
      header: [H0, H1]
      rows:
        - [C00, C01]
        - [C10, C11]
figures:
  f1: {src: f1.svg, alt: FA, caption: FC}
procedures:
  - id: p1
    title: PT
    intro: PI
    platforms: [android, ios]
    steps:
      - id: a
        text: A
        choices:
          - {when: AW0, text: AT0}
          - {when: AW1, text: AT1, next: c}
      - id: b
        platforms: [android]
        text: B
        result: BR
        note: BN
      - id: c
        text: C
troubleshooting:
  - {id: t1, symptom: TS, cause: TCA, remedy: TR}
footnotes:
  - {id: fn1, text: FN}
`

func loadWalkArticle(t *testing.T) *content.Article {
	t.Helper()
	root := t.TempDir()
	for name, data := range map[string]string{"kb.yaml": walkKB, "kb1/article.yaml": walkArticle} {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	kb, diags, err := content.Load(root)
	if err != nil || len(diags) > 0 {
		t.Fatalf("load: %v %v", err, diags)
	}
	return kb.Article("KB1")
}

// trace writes what a walk visits, a line each: a part as "[role]", a
// text as "role=value" with its branch after a slash when there is one.
func trace(a *content.Article, branches func(*content.Procedure) []string) string {
	var b strings.Builder
	visit := func(t *content.Text, at content.Place) {
		if t == nil {
			b.WriteString("[" + at.Role.String() + "]")
		} else {
			b.WriteString(at.Role.String() + "=" + t.Value)
		}
		if at.Branch != "" {
			b.WriteString("/" + at.Branch)
		}
		b.WriteString("\n")
	}
	if branches == nil {
		a.Walk(visit)
	} else {
		a.WalkBranches(branches, visit)
	}
	return b.String()
}

func TestWalkVisitsEveryPartAndTextInReadingOrder(t *testing.T) {
	a := loadWalkArticle(t)
	want := `title=T
summary=S
requirement=R0
requirement=R1
[note]
note=N1
[section]
section title=ST
section body=SB
table caption=TC
table header=H0
table header=H1
table cell=C00
table cell=C01
table cell=C10
table cell=C11
[figure]
alt text=FA
figure caption=FC
[procedure]
procedure title=PT
procedure introduction=PI
[step]
step=A
[choice]
choice condition=AW0
choice=AT0
[choice]
choice condition=AW1
choice=AT1
[step]
step=B
step result=BR
step note=BN
[step]
step=C
[troubleshooting entry]
troubleshooting: symptom=TS
troubleshooting: cause=TCA
troubleshooting: remedy=TR
[footnote]
footnote=FN
`
	if got := trace(a, nil); got != want {
		t.Errorf("Walk visits:\n%s\nwant:\n%s", got, want)
	}
	// Texts is the walk's texts, and every one has a key of its own.
	texts := a.Texts()
	keys := map[string]bool{}
	for _, tx := range texts {
		if keys[tx.Key] {
			t.Errorf("key %q twice", tx.Key)
		}
		keys[tx.Key] = true
	}
	if n := strings.Count(want, "="); len(texts) != n {
		t.Errorf("Texts has %d texts, the walk %d", len(texts), n)
	}
}

func TestWalkBranchesFollowsEachBranch(t *testing.T) {
	a := loadWalkArticle(t)
	got := trace(a, func(p *content.Procedure) []string { return p.Branches() })
	want := `[procedure]
procedure title=PT
procedure introduction=PI
[platform branch]/android
[step]/android
step=A/android
[choice]/android
choice condition=AW0/android
choice=AT0/android
[choice]/android
choice condition=AW1/android
choice=AT1/android
[step]/android
step=B/android
step result=BR/android
step note=BN/android
[step]/android
step=C/android
[platform branch]/ios
[step]/ios
step=A/ios
[choice]/ios
choice condition=AW0/ios
choice=AT0/ios
[choice]/ios
choice condition=AW1/ios
choice=AT1/ios
[step]/ios
step=C/ios
[troubleshooting entry]
`
	start := strings.Index(got, "[procedure]")
	end := strings.Index(got, "troubleshooting: symptom")
	if start < 0 || end < 0 || got[start:end] != want {
		t.Errorf("WalkBranches through the procedure:\n%s\nwant:\n%s", got[max(start, 0):max(end, 0)], want)
	}
	none := trace(a, func(*content.Procedure) []string { return nil })
	if strings.Contains(none, "procedure") || strings.Contains(none, "step") {
		t.Errorf("a procedure with no branch shown was walked:\n%s", none)
	}
}
