package search

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func TestTerms(t *testing.T) {
	tests := map[string][]string{
		"Activez la CLÉ, s'il vous plaît": {"activez", "la", "cle", "s", "il", "vous", "plait"},
		"Hitelesítés: őrző ÜGY":           {"hitelesites", "orzo", "ugy"},
		"IB Keyの認証を有効にする":                 {"ib", "key", "の認", "認証", "証を", "を有", "有効", "効に", "にす", "する"},
		"ＩＢＫＲモバイル":                        {"ibkr", "モバ", "バイ", "イル"},
		"鍵":                               {"鍵"},
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
	rng := rand.New(rand.NewSource(1))
	vocab := make([]string, 20000)
	letters := "abcdefghijklmnopqrstuvwxyzéő"
	for i := range vocab {
		n := 3 + rng.Intn(8)
		var b strings.Builder
		for range n {
			r := []rune(letters)
			b.WriteRune(r[rng.Intn(len(r))])
		}
		vocab[i] = b.String()
	}
	kana := []rune("認証有効化設定手順画面確認登録携帯電話番号アプリケーションのをにするはがで")
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(vocab)-1))
	docs := make([]Doc, 5000)
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
	files := Files(docs, nil)
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
