// Package search builds the client-side search index of a locale of the
// help site: the terms of each page, cut as search.js cuts a query (with
// bigrams for Japanese), numbered in a vocabulary that a cached build
// keeps, and written as small JavaScript files a query loads a few of.
package search

import (
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Terms splits text into search terms the way search.js splits a query:
// NFKC-normalised and lower-cased; runs of letters and digits are words,
// folded for accents (marks removed after NFD); runs of Han, Hiragana and
// Katakana are cut into overlapping bigrams, since Japanese has no spaces
// and a two-character window finds words such as 認証 without a
// dictionary. A one-character run is its own term.
func Terms(text string) []string {
	// About one term per word of five or six bytes.
	return appendTerms(make([]string, 0, len(text)/6), text)
}

// appendTerms appends the Terms of text to terms.
func appendTerms(terms []string, text string) []string {
	s := strings.ToLower(norm.NFKC.String(text))
	// Terms are cut out of s rather than built rune by rune: a site has
	// millions of them.
	word := -1    // where the current word starts in s; -1: none
	var cjk []int // where the runes of the current Han or kana run start
	flushWord := func(end int) {
		if word >= 0 {
			terms = append(terms, foldAccents(s[word:end]))
			word = -1
		}
	}
	flushCJK := func() {
		switch n := len(cjk); {
		case n == 1:
			terms = append(terms, s[cjk[0]:runeEnd(s, cjk[0])])
		case n > 1:
			for i := 0; i+1 < n; i++ {
				terms = append(terms, bigram(s, cjk[i], cjk[i+1]))
			}
		}
		cjk = cjk[:0]
	}
	for i, r := range s {
		switch {
		case isCJK(r):
			flushWord(i)
			cjk = append(cjk, i)
		case r == middleDot && len(cjk) > 0:
			// クライアント・ポータル is クライアントポータル too: a
			// query written either way finds the other.
		case isWordRune(r):
			flushCJK()
			if word < 0 {
				word = i
			}
		default:
			flushWord(i)
			flushCJK()
		}
	}
	flushWord(len(s))
	flushCJK()
	return terms
}

// middleDot (・) separates the words of a Katakana compound, which are
// as often written without it.
const middleDot = '\u30FB'

// runeEnd returns where the rune at i of s ends.
func runeEnd(s string, i int) int {
	_, size := utf8.DecodeRuneInString(s[i:])
	return i + size
}

// bigram returns the runes at i and j of s, one after the other: a
// substring of s when nothing lies between them, as is most often so.
func bigram(s string, i, j int) string {
	if end := runeEnd(s, i); end != j {
		return s[i:end] + s[j:runeEnd(s, j)]
	}
	return s[i:runeEnd(s, j)]
}

// IDText is what a page's id is indexed as, beside its title: the id and
// its number alone, so that a reader given the number 2269 finds KB2269.
func IDText(id string) string {
	if i := strings.IndexFunc(id, unicode.IsDigit); i > 0 {
		return id + " " + id[i:]
	}
	return id
}

// firstCJK is below every Han, Hiragana and Katakana rune: most of the
// runes of a text are, and the script tables need not be searched for them.
const firstCJK = 0x2E80

func isCJK(r rune) bool {
	if r < firstCJK {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == 'ー' || r == '々'
}

// isWordRune reports whether r belongs to a word: a letter, a digit or a
// nonspacing mark. ASCII is decided without the Unicode tables.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r)
}

// foldAccents removes the marks of a word: NFD, nonspacing marks
// dropped, NFC.
func foldAccents(s string) string {
	if isASCII(s) {
		return s // no marks to remove; NFD and NFC leave ASCII as it is
	}
	if f, ok := foldToASCII(s); ok {
		return f
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// foldToASCII folds the common case, a Latin word whose letters
// decompose into ASCII letters and marks (é, ő, ç), from the
// decomposition of each rune, without normalising whole strings. When
// what is left is ASCII, NFC leaves it as it is and the result is that of
// the general way; else ok is false.
func foldToASCII(s string) (folded string, ok bool) {
	var buf [64]byte
	out := buf[:0]
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			out = append(out, s[i])
			i++
			continue
		}
		p := norm.NFD.PropertiesString(s[i:])
		d := p.Decomposition()
		if d == nil {
			if r, _ := utf8.DecodeRuneInString(s[i:]); !unicode.Is(unicode.Mn, r) {
				return "", false // a non-ASCII rune that stays
			}
		}
		for j := 0; j < len(d); {
			r, n := utf8.DecodeRune(d[j:])
			switch {
			case r < utf8.RuneSelf:
				out = append(out, byte(r))
			case !unicode.Is(unicode.Mn, r):
				return "", false
			}
			j += n
		}
		i += p.Size()
	}
	return string(out), true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// sharding says how a locale's terms are split into shard files: words
// by their first Prefix runes (0: all words in one shard), Han and Kana
// terms (bigrams and single characters, matched exactly) into Buckets
// shards by FNV-1a hash. Keying CJK terms by their first character would
// put every common bigram of a large Japanese knowledge base into a few
// huge shards; keying them by the whole term would write a file per
// bigram. Both are chosen from the size of the index, so that a small
// knowledge base writes a few files and a large one keeps each shard
// small: a query reads one shard per term.
type sharding struct {
	Prefix  int `json:"prefix"`
	Buckets int `json:"buckets"`
}

// shardBytes is about how large a shard may grow before the terms are
// split into more: a query reads one shard per term.
const shardBytes = 48 << 10

// maxBuckets bounds the CJK shards.
const maxBuckets = 1024

// shardingFor returns the sharding of an index whose words and CJK terms
// take about so many bytes: one shard of words while they fit, a shard
// per first letter while those fit (about twenty letters), else per first
// two; CJK buckets doubled until each fits.
func shardingFor(wordBytes, cjkBytes int) sharding {
	sh := sharding{Buckets: 1}
	switch {
	case wordBytes > 20*shardBytes:
		sh.Prefix = 2
	case wordBytes > shardBytes:
		sh.Prefix = 1
	}
	for sh.Buckets < maxBuckets && cjkBytes > sh.Buckets*shardBytes {
		sh.Buckets *= 2
	}
	return sh
}

// key names the shard a term lives in.
func (sh sharding) key(term string) string {
	r := []rune(term)
	if isCJK(r[0]) {
		return fmt.Sprintf("~%03x", fnv1a(term)%uint32(sh.Buckets))
	}
	if len(r) < sh.Prefix {
		return string(r)
	}
	return string(r[:sh.Prefix])
}

func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// indexTerms are the terms a text is indexed under: its Terms, plus every
// single Han or Kana character, so that a one-character query finds it.
func indexTerms(text string) []string {
	return appendIndexTerms(nil, text)
}

// appendIndexTerms appends the indexTerms of text to terms.
func appendIndexTerms(terms []string, text string) []string {
	terms = appendTerms(terms, text)
	for i, r := range text {
		if isCJK(r) {
			terms = append(terms, text[i:i+utf8.RuneLen(r)])
		}
	}
	return terms
}

// shardFile names a shard's file: the key's bytes in hex, safe on every
// file system and in every URL.
func shardFile(key string) string { return fmt.Sprintf("t-%x.js", key) }

// Doc is one article in a locale's index. Its terms are TitleTerms and
// BodyTerms, numbered in the vocabulary; a Doc with none of them is
// indexed by the terms of TitleText and BodyText instead.
type Doc struct {
	Title, Href, Summary string
	// Lang and LangLabel, for a page in another language than the
	// locale's (its source text, for want of a translation), name that
	// language and say so in the locale's words.
	Lang, LangLabel string
	// Section is the name of the section the article is listed in, in
	// the locale, by which results are grouped; empty for none.
	Section               string
	TitleText, BodyText   string
	TitleTerms, BodyTerms TermSet
}

// IndexTerms returns the set of the index terms of text, by their
// numbers in vocab: all the index needs of it. A build numbers the terms
// of every page while it renders it, on every core, and a cached build
// keeps the numbers for the pages it does not render again; the terms
// themselves are then garbage, so they are gathered in scratch space
// that serves page after page.
func IndexTerms(vocab *Vocabulary, text string) TermSet {
	sc := termLists.Get().(*[]string)
	terms := appendIndexTerms((*sc)[:0], text)
	ids := vocab.Numbers(uniqueTerms(terms))
	clear(terms) // the terms slice the page's text: let it go
	*sc = terms[:0]
	termLists.Put(sc)
	return NewTermSet(ids)
}

// termLists are the scratch lists of IndexTerms.
var termLists = sync.Pool{New: func() any { return new([]string) }}

// uniqueTerms removes repeated terms, in place, keeping the first of
// each.
func uniqueTerms(terms []string) []string {
	seen := termSets.Get().(map[string]struct{})
	defer func() {
		clear(seen)
		termSets.Put(seen)
	}()
	out := terms[:0]
	for _, t := range terms {
		if _, dup := seen[t]; !dup {
			seen[t] = struct{}{}
			out = append(out, t)
		}
	}
	return out
}

// termSets are the sets uniqueTerms removes repeated terms with: a page
// has a few hundred terms, and a set grown once per core serves every
// page instead of a new one for each.
var termSets = sync.Pool{New: func() any { return map[string]struct{}{} }}

// docsPerChunk bounds the size of a document-table file: a query loads
// only the chunks holding its top results.
const docsPerChunk = 50

// Files returns a locale's index as files, by name, as Write writes them.
func Files(docs []Doc, vocab *Vocabulary) map[string][]byte {
	files := map[string][]byte{}
	_ = Write(docs, vocab, func(name string, data []byte) error {
		files[name] = data
		return nil
	})
	return files
}

// Write hands put a locale's index as files: a manifest, term shards and
// document chunks, each a JavaScript file that hands its data to
// kbcSearchLoaded, so that the search works from file:// as well, where
// fetch is not allowed, and under the strict script-src 'self' policy.
// Each file is encoded when put is about to take it, and put may not keep
// data: a large knowledge base's index is tens of megabytes per locale,
// written at the build's peak of memory, and only one file of it is held
// at a time. It returns the first error put returns.
func Write(docs []Doc, vocab *Vocabulary, put func(name string, data []byte) error) error {
	if vocab == nil {
		vocab = NewVocabulary(nil)
	}
	terms := make([]postings, vocab.Len())
	for id, d := range docs {
		title, body := d.TitleTerms, d.BodyTerms
		if title.Len() == 0 && body.Len() == 0 {
			title, body = IndexTerms(vocab, d.TitleText), IndexTerms(vocab, d.BodyText)
		}
		terms = postAll(terms, title, id, inTitles)
		terms = postAll(terms, body, id, inBodies)
	}
	entries, sh := termEntries(terms, vocab)
	// Grouped by shard, so that each shard's map is made, encoded and
	// dropped in turn.
	for i := range entries {
		entries[i].shard = sh.key(entries[i].term)
	}
	slices.SortFunc(entries, func(a, b termEntry) int { return strings.Compare(a.shard, b.shard) })
	var keys []string
	for group := range shardGroups(entries) {
		k := group[0].shard
		keys = append(keys, k)
		shard := make(map[string][2]string, len(group))
		for _, e := range group {
			shard[e.term] = e.postings
		}
		if err := put(shardFile(k), jsonp(shardFile(k), shard)); err != nil {
			return err
		}
	}
	chunks := (len(docs) + docsPerChunk - 1) / docsPerChunk
	for c := range chunks {
		var rows [][]string
		for _, d := range docs[c*docsPerChunk : min(len(docs), (c+1)*docsPerChunk)] {
			row := []string{d.Title, d.Href, d.Summary}
			if d.Lang != "" || d.Section != "" {
				row = append(row, d.Lang, d.LangLabel)
			}
			if d.Section != "" {
				row = append(row, d.Section)
			}
			rows = append(rows, row)
		}
		name := fmt.Sprintf("d-%d.js", c)
		if err := put(name, jsonp(name, rows)); err != nil {
			return err
		}
	}
	return put("manifest.js", jsonp("manifest.js", map[string]any{
		"version": 2, "docs": len(docs), "chunk": docsPerChunk, "shards": keys, "sharding": sh,
	}))
}

// termEntry is a term's postings as they will be written, and the shard
// that holds them.
type termEntry struct {
	term, shard string
	postings    [2]string // in titles, in bodies
}

// termEntries returns the postings of every term some document holds, in
// the order of the vocabulary, and the sharding that follows from how
// many bytes the words and the CJK terms take. It empties terms as it
// goes, each term's postings then being held by its entry alone.
func termEntries(terms []postings, vocab *Vocabulary) ([]termEntry, sharding) {
	n := 0
	for t := range terms {
		if !terms[t].empty() {
			n++
		}
	}
	entries := make([]termEntry, 0, n)
	wordBytes, cjkBytes := 0, 0
	for t := range terms {
		p := &terms[t]
		if p.empty() {
			continue
		}
		e := termEntry{term: vocab.Term(uint32(t)), postings: [2]string{string(p.lists[inTitles].gaps), string(p.lists[inBodies].gaps)}}
		*p = postings{}
		size := len(e.term) + len(e.postings[0]) + len(e.postings[1]) + 8
		if r, _ := utf8.DecodeRuneInString(e.term); isCJK(r) {
			cjkBytes += size
		} else {
			wordBytes += size
		}
		entries = append(entries, e)
	}
	return entries, shardingFor(wordBytes, cjkBytes)
}

// shardGroups yields the runs of entries, sorted by shard, that share a
// shard.
func shardGroups(entries []termEntry) iter.Seq[[]termEntry] {
	return func(yield func([]termEntry) bool) {
		for len(entries) > 0 {
			end := 1
			for end < len(entries) && entries[end].shard == entries[0].shard {
				end++
			}
			if !yield(entries[:end]) {
				return
			}
			entries = entries[end:]
		}
	}
}

// postings are the documents that hold a term: in its titles, and in
// its bodies.
type postings struct{ lists [2]postingList }

// The lists of a term's postings.
const (
	inTitles = 0
	inBodies = 1
)

func (p *postings) empty() bool {
	return len(p.lists[inTitles].gaps) == 0 && len(p.lists[inBodies].gaps) == 0
}

// postingList is an ascending list of document ids as the index writes
// it, base-36 gaps joined by commas: the most common terms appear in
// nearly every article, and their lists shrink to a few bytes per
// article. A list is written as documents are added, because the ids
// themselves would take several times the memory of their text.
type postingList struct {
	gaps []byte // empty while no document is listed: each adds a digit
	last int
}

func (l *postingList) add(doc int) {
	if len(l.gaps) > 0 {
		l.gaps = append(l.gaps, ',')
	}
	l.gaps = strconv.AppendInt(l.gaps, int64(doc-l.last), 36)
	l.last = doc
}

// postAll adds doc to the list of kind of each term of the set,
// growing terms for the numbers it does not reach.
func postAll(terms []postings, set TermSet, doc, kind int) []postings {
	for t := range set.All() {
		if int(t) >= len(terms) {
			terms = append(terms, make([]postings, int(t)+1-len(terms))...)
		}
		terms[t].lists[kind].add(doc)
	}
	return terms
}

func jsonp(name string, v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings, ints, slices and maps: cannot fail
	}
	return []byte("kbcSearchLoaded(" + strconvQuote(name) + "," + string(data) + ");\n")
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
