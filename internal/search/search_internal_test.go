package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

func TestTerms(t *testing.T) {
	tests := map[string][]string{
		"Activez la CLÉ, s'il vous plaît": {"activez", "la", "cle", "s", "il", "vous", "plait"},
		"Hitelesítés: őrző ÜGY":           {"hitelesites", "orzo", "ugy"},
		"IB Keyの認証を有効にする":                 {"ib", "key", "の認", "認証", "証を", "を有", "有効", "効に", "にす", "する"},
		"ＩＢＫＲモバイル":                        {"ibkr", "モバ", "バイ", "イル"},
		"鍵":                               {"鍵"},
		"クライアント・ポータル":                     {"クラ", "ライ", "イア", "アン", "ント", "トポ", "ポー", "ータ", "タル"},
	}
	for in, want := range tests {
		if got := Terms(in); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSearchShardsStaySmall builds the index of 5,000 synthetic articles
// and checks what a first query downloads: the manifest, the shard of
// each query term and the document chunk of the top results.
func TestSearchShardsStaySmall(t *testing.T) {
	files := Files(syntheticDocs(5000), nil)
	manifest := len(files["manifest.js"])
	biggestShard, biggestChunk := 0, 0
	for name, data := range files {
		switch {
		case strings.HasPrefix(name, "t-"):
			biggestShard = max(biggestShard, len(data))
		case strings.HasPrefix(name, "d-"):
			biggestChunk = max(biggestChunk, len(data))
		}
	}
	// A two-term query reads two shards; the ten results search.js shows
	// first may sit in ten chunks.
	worst := manifest + 2*biggestShard + 10*biggestChunk
	t.Logf("manifest %d B, biggest shard %d B, biggest chunk %d B, worst first query %d B", manifest, biggestShard, biggestChunk, worst)
	if worst >= 300<<10 {
		t.Errorf("a first query may download %d bytes, want < 300 KB", worst)
	}
}

// TestWriteHandsEachFileOnce checks that Write hands put every file of
// the index once, the manifest last, as Files has them, and stops at the
// first error put returns.
func TestWriteHandsEachFileOnce(t *testing.T) {
	docs := syntheticDocs(600)
	want := Files(docs, nil)
	var names []string
	err := Write(docs, nil, func(name string, data []byte) error {
		names = append(names, name)
		if string(data) != string(want[name]) {
			t.Errorf("%s differs from what Files has", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(want) || len(names) < 3 {
		t.Fatalf("Write handed %d files, Files has %d", len(names), len(want))
	}
	if unique := slices.Compact(slices.Sorted(slices.Values(names))); len(unique) != len(names) {
		t.Errorf("a file was handed twice: %v", names)
	}
	if last := names[len(names)-1]; last != "manifest.js" {
		t.Errorf("last file %s, want manifest.js: a reader that finds the manifest finds what it names", last)
	}
	full := errors.New("disk full")
	calls := 0
	err = Write(docs, nil, func(string, []byte) error {
		if calls++; calls == 2 {
			return full
		}
		return nil
	})
	if !errors.Is(err, full) || calls != 2 {
		t.Errorf("Write returned %v after %d calls, want the error of the second call", err, calls)
	}
}

// TestShardsListEveryDocOfEveryTerm reads the term shards back and checks
// that each term's postings name exactly the documents whose title, or
// whose body, holds it, in order.
func TestShardsListEveryDocOfEveryTerm(t *testing.T) {
	docs := syntheticDocs(300)
	want := map[string][2][]int{}
	for id, d := range docs {
		for k, text := range []string{d.TitleText, d.BodyText} {
			for _, term := range uniqueTerms(indexTerms(text)) {
				p := want[term]
				p[k] = append(p[k], id)
				want[term] = p
			}
		}
	}
	got := map[string][2][]int{}
	for name, data := range Files(docs, nil) {
		if !strings.HasPrefix(name, "t-") {
			continue
		}
		var shard map[string][2]string
		if err := json.Unmarshal(jsonpPayload(t, name, data), &shard); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for term, lists := range shard {
			if _, dup := got[term]; dup {
				t.Errorf("%q is in two shards", term)
			}
			got[term] = [2][]int{undelta(t, lists[0]), undelta(t, lists[1])}
		}
	}
	if len(got) != len(want) {
		t.Errorf("the shards hold %d terms, want %d", len(got), len(want))
	}
	for term, w := range want {
		g := got[term]
		if !slices.Equal(g[0], w[0]) || !slices.Equal(g[1], w[1]) {
			t.Errorf("%q: title docs %v, body docs %v; want %v, %v", term, g[0], g[1], w[0], w[1])
		}
	}
}

// TestIndexTermsNumberEachTermOnce numbers the terms of page after page
// in one vocabulary: each page's set names its index terms, each once,
// and the vocabulary's terms hold none of the pages' texts.
func TestIndexTermsNumberEachTermOnce(t *testing.T) {
	vocab := NewVocabulary(nil)
	for i, d := range syntheticDocs(50) {
		text := d.BodyText + " " + fmt.Sprint(i)
		var got []string
		for id := range IndexTerms(vocab, text).All() {
			got = append(got, vocab.Term(id))
		}
		want := uniqueTerms(indexTerms(text))
		if slices.Sort(got); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
			t.Fatalf("page %d: terms %q, want %q", i, got, want)
		}
		start := uintptr(unsafe.Pointer(unsafe.StringData(text)))
		for _, term := range vocab.Terms() {
			if p := uintptr(unsafe.Pointer(unsafe.StringData(term))); p >= start && p < start+uintptr(len(text)) {
				t.Fatalf("page %d: the vocabulary's %q is a slice of the page's text", i, term)
			}
		}
	}
}

// jsonpPayload returns the JSON a search file hands to kbcSearchLoaded.
func jsonpPayload(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	prefix := "kbcSearchLoaded(" + strconv.Quote(name) + ","
	rest, ok := bytes.CutPrefix(data, []byte(prefix))
	if !ok {
		t.Fatalf("%s does not start with %s", name, prefix)
	}
	payload, ok := bytes.CutSuffix(rest, []byte(");\n"))
	if !ok {
		t.Fatalf("%s does not end with );", name)
	}
	return payload
}

// undelta decodes a postings list: base-36 gaps joined by commas.
func undelta(t *testing.T, s string) []int {
	t.Helper()
	if s == "" {
		return nil
	}
	var ids []int
	prev := 0
	for gap := range strings.SplitSeq(s, ",") {
		n, err := strconv.ParseInt(gap, 36, 64)
		if err != nil {
			t.Fatalf("postings %q: %v", s, err)
		}
		prev += int(n)
		ids = append(ids, prev)
	}
	return ids
}

// syntheticDocs returns n articles whose bodies draw 600 words from a
// Zipf distribution over 20,000 words, as prose does, and 200 kana and
// kanji, so that both the word and the CJK shards fill.
func syntheticDocs(n int) []Doc {
	rng := rand.New(rand.NewSource(1))
	vocab := make([]string, 20000)
	letters := []rune("abcdefghijklmnopqrstuvwxyzéő")
	for i := range vocab {
		var b strings.Builder
		for range 3 + rng.Intn(8) {
			b.WriteRune(letters[rng.Intn(len(letters))])
		}
		vocab[i] = b.String()
	}
	kana := []rune("認証有効化設定手順画面確認登録携帯電話番号アプリケーションのをにするはがで")
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(vocab)-1))
	docs := make([]Doc, n)
	for i := range docs {
		var body strings.Builder
		for range 600 {
			body.WriteString(vocab[zipf.Uint64()])
			body.WriteByte(' ')
		}
		for range 200 {
			body.WriteRune(kana[rng.Intn(len(kana))])
		}
		title := vocab[zipf.Uint64()] + " " + vocab[rng.Intn(len(vocab))]
		docs[i] = Doc{Title: title, Href: fmt.Sprintf("kb%d/index.html", i), Summary: strings.Repeat("summary text ", 8), TitleText: title, BodyText: body.String()}
	}
	return docs
}

// BenchmarkWrite indexes 5,000 articles whose terms are numbered already,
// as a build's are.
func BenchmarkWrite(b *testing.B) {
	docs := syntheticDocs(5000)
	vocab := NewVocabulary(nil)
	for i := range docs {
		docs[i].TitleTerms = IndexTerms(vocab, docs[i].TitleText)
		docs[i].BodyTerms = IndexTerms(vocab, docs[i].BodyText)
	}
	b.ReportAllocs()
	for b.Loop() {
		Write(docs, vocab, func(string, []byte) error { return nil })
	}
}

// termsByRunes is Terms as first written, building each term rune by
// rune: the reference the substring version must agree with.
func termsByRunes(text string) []string {
	s := strings.ToLower(norm.NFKC.String(text))
	var terms []string
	var word, cjk []rune
	flushWord := func() {
		if len(word) > 0 {
			terms = append(terms, foldAccents(string(word)))
			word = word[:0]
		}
	}
	flushCJK := func() {
		switch {
		case len(cjk) == 1:
			terms = append(terms, string(cjk))
		case len(cjk) > 1:
			for i := 0; i+1 < len(cjk); i++ {
				terms = append(terms, string(cjk[i:i+2]))
			}
		}
		cjk = cjk[:0]
	}
	for _, r := range s {
		switch {
		case isCJK(r):
			flushWord()
			cjk = append(cjk, r)
		case r == '\u30FB' && len(cjk) > 0:
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r):
			flushCJK()
			word = append(word, r)
		default:
			flushWord()
			flushCJK()
		}
	}
	flushWord()
	flushCJK()
	return terms
}

func TestTermsAgreeWithRuneByRune(t *testing.T) {
	for _, in := range []string{
		"", " ", "a", "鍵", "a鍵b", "鍵 鍵鍵 鍵鍵鍵", "e\u0301te\u0301 ÉTÉ", "ﬁle Ⅻ ２０２６年", "KB100_200-3.x", "ｶﾞｲﾄﾞ ガイド々ー", "x\xffy",
		"Hitelesítés: őrző ÜGY", "IB Keyの認証を有効にする", "«\u202fCliquez\u202f» l’écran",
		"クライアント・ポータル", "ア・", "・ア", "ア・・イ ・ x・y ア･イ",
	} {
		if got, want := Terms(in), termsByRunes(in); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", in, got, want)
		}
	}
}

// foldBySteps is foldAccents without its shortcuts: NFD, nonspacing marks
// dropped, NFC.
func foldBySteps(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

func TestFoldAccentsAgreesWithNormalisation(t *testing.T) {
	words := []string{"é", "ő", "Ő", "ﬁ", "straße", "e\u0301", "\u0301", "ǆ", "한국", "ｶﾞ", "Å", "ḱṷ", "x\xffy", "\u0301a\u0308"}
	for r := rune(0x80); r < 0x30000; r++ {
		words = append(words, string(r), "a"+string(r)+"b")
	}
	for _, w := range words {
		if got, want := foldAccents(w), foldBySteps(w); got != want {
			t.Errorf("foldAccents(%q) = %q, want %q", w, got, want)
		}
	}
}
