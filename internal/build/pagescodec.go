package build

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/kbcdev/kbc/internal/search"
)

// The pages are saved in a layout of their own rather than as gob maps:
// a build after an edit reads and writes the record of every page, and
// gob goes through reflection for every field of each record and file
// (20,000 records and 60,000 files at 5,000 articles), and writes the
// millions of search-term numbers of the records one after the other in
// the order the page has them. Here the records are written row by row,
// the term numbers of a page sorted and as differences (the search index
// takes a page's terms as a set), most of them a byte; read back, the
// strings are slices of one string. (A table of image names, which the
// pages of an article share in every locale, made the file a third
// smaller but its writing slower: a lookup per image in a map of tens of
// thousands of long names costs more than writing the name.)
//
// The layout, every count and length a uvarint, every string its length
// and bytes:
//
//	Key
//	the number of terms, the terms
//	the number of records, and for each: its path, Input, Doc.ID,
//	Doc.Title, Doc.Summary, Doc.Lang, Doc.LangLabel, Doc.Unlisted (a
//	byte, 0 or 1), Doc.SectionID, Doc.TitleTerms and Doc.BodyTerms (each
//	a count, the first number and the differences to the next, each
//	above 0), the number of Images and the images, the number of
//	Fallbacks and the fallbacks
//	the number of files, and for each: its path, Sum, Size (a varint)
//	the number of locales in Locales, and for each: the locale, Key, the
//	number of Files and the files
//
// Reading it back checks every count and length against what is left to
// read, that every term number is one of the terms, that no record, file
// or locale is there twice, and that the files of a locale are files of
// the site: a checksum proves that the file is whole, not that kbc wrote
// it.

// WriteLayout writes the pages to w in the layout above, a record or a
// file at a time: at 20,000 articles the layout is over 100 MB, which
// memory need not hold whole on top of the pages themselves.
func (pg pages) WriteLayout(w io.Writer) error {
	pw := pagesWriter{out: w, buf: make([]byte, 0, 2*flushAt)}
	pw.string(pg.Key)
	pw.strings(pg.Terms)
	pw.count(len(pg.Records))
	for p, r := range pg.Records {
		pw.string(p)
		pw.string(r.Input)
		d := r.Doc
		for _, s := range []string{d.ID, d.Title, d.Summary, d.Lang, d.LangLabel} {
			pw.string(s)
		}
		pw.flag(d.Unlisted)
		pw.string(d.SectionID)
		pw.terms(d.TitleTerms)
		pw.terms(d.BodyTerms)
		pw.strings(r.Images)
		pw.strings(r.Fallbacks)
		pw.flushFull()
	}
	pw.count(len(pg.Files))
	for p, f := range pg.Files {
		pw.string(p)
		pw.string(f.Sum)
		pw.buf = binary.AppendVarint(pw.buf, f.Size)
		pw.flushFull()
	}
	pw.count(len(pg.Locales))
	for l, lf := range pg.Locales {
		pw.string(l)
		pw.string(lf.Key)
		pw.strings(lf.Files)
		pw.flushFull()
	}
	return pw.flush()
}

// DecodeText reads pages written by WriteLayout. Their strings are
// slices of text.
func (pg *pages) DecodeText(text string) error {
	r := pagesReader{text: text}
	var out pages
	out.Key = r.string()
	out.Terms = r.strings()
	n := r.count(minRecordBytes)
	out.Records = make(map[string]record, n)
	for range n {
		p := r.string()
		var rec record
		rec.Input = r.string()
		d := &rec.Doc
		for _, s := range []*string{&d.ID, &d.Title, &d.Summary, &d.Lang, &d.LangLabel} {
			*s = r.string()
		}
		d.Unlisted = r.flag()
		d.SectionID = r.string()
		d.TitleTerms = r.terms(len(out.Terms))
		d.BodyTerms = r.terms(len(out.Terms))
		rec.Images = r.strings()
		rec.Fallbacks = r.strings()
		if _, twice := out.Records[p]; twice && r.err == nil {
			r.fail("the page %q is there twice", p)
		}
		out.Records[p] = rec
	}
	n = r.count(minFileBytes)
	out.Files = make(map[string]outFile, n)
	for range n {
		p := r.string()
		f := outFile{Sum: r.string(), Size: r.varint()}
		if _, twice := out.Files[p]; twice && r.err == nil {
			r.fail("the file %q is there twice", p)
		}
		out.Files[p] = f
	}
	out.Locales = r.locales(out.Files)
	if r.err == nil && r.at < len(r.text) {
		r.fail("%d bytes after the last locale", len(r.text)-r.at)
	}
	if r.err != nil {
		return r.err
	}
	*pg = out
	return nil
}

// locales reads the files of each locale, each of them one of files.
func (r *pagesReader) locales(files map[string]outFile) map[string]localeFiles {
	n := r.count(minLocaleBytes)
	if n == 0 {
		return nil
	}
	out := make(map[string]localeFiles, n)
	for range n {
		l := r.string()
		lf := localeFiles{Key: r.string(), Files: r.strings()}
		if _, twice := out[l]; twice && r.err == nil {
			r.fail("the locale %q is there twice", l)
		}
		for _, f := range lf.Files {
			if _, ok := files[f]; !ok && r.err == nil {
				r.fail("the file %q of the locale %q is not one of the site's", f, l)
			}
		}
		out[l] = lf
	}
	return out
}

// The least a record, a file and a locale take in the layout: a byte for
// each length, count and number.
const (
	minRecordBytes = 13
	minFileBytes   = 3
	minLocaleBytes = 3
)

// pagesWriter writes the layout to out through buf, which it flushes to
// out once it holds flushAt bytes or more; the first error stops it.
type pagesWriter struct {
	out io.Writer
	buf []byte
	err error
}

const flushAt = 64 << 10

// flushFull writes out what buf holds once it is full enough.
func (w *pagesWriter) flushFull() {
	if len(w.buf) >= flushAt {
		w.flush()
	}
}

func (w *pagesWriter) flush() error {
	if w.err == nil {
		_, w.err = w.out.Write(w.buf)
	}
	w.buf = w.buf[:0]
	return w.err
}

func (w *pagesWriter) count(n int) { w.buf = binary.AppendUvarint(w.buf, uint64(n)) }

func (w *pagesWriter) string(s string) {
	w.count(len(s))
	w.buf = append(w.buf, s...)
}

func (w *pagesWriter) strings(l []string) {
	w.count(len(l))
	for _, s := range l {
		w.string(s)
	}
}

func (w *pagesWriter) flag(b bool) {
	if b {
		w.buf = append(w.buf, 1)
	} else {
		w.buf = append(w.buf, 0)
	}
}

// terms writes a set of term numbers: how many, and the set as it is
// packed, which is the layout's.
func (w *pagesWriter) terms(set search.TermSet) {
	w.count(set.Len())
	w.buf = append(w.buf, set.Packed()...)
}

// pagesReader reads the layout from text, at at; the first error stops
// it, and from then on every read returns nothing.
type pagesReader struct {
	text string
	at   int
	err  error
}

func (r *pagesReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	var v uint64
	for shift, i := uint(0), r.at; i < len(r.text) && shift < 64; shift, i = shift+7, i+1 {
		c := r.text[i]
		if c < 0x80 {
			if shift == 63 && c > 1 {
				break
			}
			r.at = i + 1
			return v | uint64(c)<<shift
		}
		v |= uint64(c&0x7f) << shift
	}
	r.fail("bad number at byte %d", r.at)
	return 0
}

func (r *pagesReader) varint() int64 {
	u := r.uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

// count reads a number of items each at least min bytes long, which must
// fit in what is left to read.
func (r *pagesReader) count(min int) int {
	n := r.uvarint()
	if n > uint64((len(r.text)-r.at)/min) {
		r.fail("%d items cannot fit in %d bytes", n, len(r.text)-r.at)
		return 0
	}
	return int(n)
}

// string returns a string of the layout: a slice of the text, not a copy.
func (r *pagesReader) string() string {
	n := r.count(1)
	if r.err != nil {
		return ""
	}
	s := r.text[r.at : r.at+n]
	r.at += n
	return s
}

func (r *pagesReader) strings() []string {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.string()
	}
	return out
}

func (r *pagesReader) flag() bool {
	if r.err != nil {
		return false
	}
	if r.at >= len(r.text) || r.text[r.at] > 1 {
		r.fail("bad flag at byte %d", r.at)
		return false
	}
	r.at++
	return r.text[r.at-1] == 1
}

// terms reads a set of term numbers, each below limit: a slice of the
// text, as strings are.
func (r *pagesReader) terms(limit int) search.TermSet {
	n := r.count(1)
	if r.err != nil {
		return search.TermSet{}
	}
	set, used, err := search.ReadTermSet(r.text[r.at:], n, limit)
	if err != nil {
		r.fail("terms at byte %d: %v", r.at, err)
		return search.TermSet{}
	}
	r.at += used
	return set
}

func (r *pagesReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = errors.New("build cache pages: " + fmt.Sprintf(format, args...))
	}
}
