// Package buildcache holds what kbc build remembers between runs so that a
// rebuild does only the work its inputs call for: a fingerprint of every
// file of the content tree, and a manifest of the last site built from it.
//
// Files are known by their content (SHA-256). Hashing every file on every
// run would cost as much as reading them, so, as git's index does, a file
// whose stat data match the previous run keeps its recorded hash: its
// size, modification time, change time and inode number. The modification
// time alone is not enough: rsync -t, cp -p, tar and touch -r give an
// edited file the time it had, but the system sets the change time on
// every write and every change of times, and a file replaced by another
// has another inode. A file changed within a second of the previous scan
// is hashed again anyway, since a write in the same clock tick as that
// scan would leave its times unchanged. Where the system does not give
// change times and inodes (Windows), every file is hashed on every scan.
//
// A manifest is one file: a header line naming the format, the SHA-256 of
// the payload, and the payload. The payload of a value with a layout of
// its own (a LayoutWriter, or a gob.GobEncoder such as Tree: see
// GobEncode) is that layout as it is; of any other value, gob, in which a
// Tree again has its own layout, which reads back with a few allocations
// rather than two per file. Anything else — a truncated or garbled file,
// another format version, a checksum that does not match, a tree that
// does not read back — is reported by Load as a reason to ignore the
// cache, never trusted.
package buildcache

import (
	"bufio"
	"crypto/sha256"
	"debug/elf"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Format is the version of the manifest layout; a manifest of another
// format is ignored.
const Format = 4

// File is what the cache knows of one file: its stat data and its hash.
type File struct {
	Size    int64
	ModTime int64 // nanoseconds since the epoch
	CTime   int64 // the inode's change time, nanoseconds since the epoch
	Inode   uint64
	Sum     string // hex SHA-256 of the content
}

// sameStat reports whether f and g have the same stat data.
func (f File) sameStat(g File) bool {
	return f.Size == g.Size && f.ModTime == g.ModTime && f.CTime == g.CTime && f.Inode == g.Inode
}

// Tree maps slash-separated paths, relative to the scanned root, to files.
type Tree map[string]File

// Sum returns the hex SHA-256 of data.
func Sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// RawSum returns the SHA-256 of data as its 32 bytes, in a string: half
// the memory of Sum's hex, for a hash that is only compared with others
// made the same way. A build records one for each file it writes, and
// keeps them all to its end: a quarter of a million at 20,000 articles.
func RawSum(data []byte) string {
	s := sha256.Sum256(data)
	return string(s[:])
}

// sumOf returns what h, a SHA-256, summed, as Sum gives it.
func sumOf(h hash.Hash) string {
	var s [sha256.Size]byte
	return hex.EncodeToString(h.Sum(s[:0]))
}

// Equal reports whether two trees hold the same paths with the same
// contents.
func (t Tree) Equal(u Tree) bool {
	if len(t) != len(u) {
		return false
	}
	if sameMap(t, u) {
		return true // as after a Scan that found nothing changed
	}
	for p, f := range t {
		if g, ok := u[p]; !ok || g.Sum != f.Sum {
			return false
		}
	}
	return true
}

// sameMap reports whether t and u are one map.
func sameMap(t, u Tree) bool {
	return reflect.ValueOf(t).UnsafePointer() == reflect.ValueOf(u).UnsafePointer()
}

// Stamp is one hash of the whole tree's paths and contents.
func (t Tree) Stamp() string {
	paths := make([]string, 0, len(t))
	for p := range t {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		fmt.Fprintf(h, "%s\x00%s\n", p, t[p].Sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Hasher builds a key from labelled parts; the labels keep one part from
// running into the next.
type Hasher struct {
	h   hash.Hash
	buf []byte
}

// NewHasher returns an empty key.
func NewHasher() *Hasher { return &Hasher{h: sha256.New()} }

// Add appends a labelled part: the label, a NUL and the number of parts,
// then for each part a NUL, its length, a colon and the part, then a
// newline. The lengths are formatted by hand rather than with fmt: a build
// adds a part for every page of every locale. The parts go through the
// Hasher's buffer, hasherChunk bytes at a time, rather than to the hash
// as they are: the hash takes bytes, and a string handed to it is copied
// into a new slice first, which at 20,000 articles made 28 MB of garbage
// for the keys of the locales' listing pages alone.
func (k *Hasher) Add(label string, parts ...string) {
	b := append(k.buf[:0], label...)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(len(parts)), 10)
	for _, p := range parts {
		b = append(b, 0)
		b = strconv.AppendInt(b, int64(len(p)), 10)
		b = append(b, ':')
		for len(p) > 0 {
			if len(b) >= hasherChunk {
				k.h.Write(b)
				b = b[:0]
			}
			n := min(len(p), hasherChunk-len(b))
			b, p = append(b, p[:n]...), p[n:]
		}
	}
	b = append(b, '\n')
	k.h.Write(b)
	k.buf = b
}

// hasherChunk is the most of a part a Hasher's buffer holds at once.
const hasherChunk = 4 << 10

// Sum returns the key.
func (k *Hasher) Sum() string {
	return hex.EncodeToString(k.h.Sum(nil))
}

// ToolKey identifies the kbc that builds: its module version and, for a
// development build, whose version does not change with the code (none,
// or one marked +dirty), the executable itself (see executableID); plus
// the embedded files it renders with. A cache written by another kbc is
// not trusted.
func ToolKey(embedded ...fs.FS) (string, error) {
	k := NewHasher()
	k.Add("format", fmt.Sprint(Format))
	k.Add("go", runtime.Version())
	version, modified := "(devel)", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				k.Add(s.Key, s.Value)
			}
			if s.Key == "vcs.modified" && s.Value == "true" {
				modified = true
			}
		}
	}
	k.Add("version", version)
	if version == "(devel)" || version == "" || strings.HasSuffix(version, "+dirty") || modified {
		id, err := executableID()
		if err != nil {
			return "", err
		}
		k.Add("executable", id)
	}
	for i, fsys := range embedded {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			k.Add(fmt.Sprintf("embedded-%d", i), p, Sum(data))
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return k.Sum(), nil
}

// executableID identifies the running executable, once: a build asks
// for the tool key more than once. It is the build ID the go command
// writes into an executable, whose last part is a hash of the executable
// itself, made to be read "with minimal I/O, instead of reading and
// hashing the entire file" (cmd/go/internal/work/buildid.go): hashing
// kbc's 20 MB took a no-op build 20 ms. An executable without one (not
// ELF, or linked with a -buildid of another shape, such as Bazel's
// "redacted") is hashed.
var executableID = sync.OnceValues(func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if id, ok := goBuildID(exe); ok {
		return "Go build ID " + id, nil
	}
	sum, err := FileSum(exe)
	return "SHA-256 " + sum, err
})

// goBuildID returns the build ID the go command wrote into the ELF file at
// path, if it has one of the go command's shape.
func goBuildID(path string) (string, bool) {
	f, err := elf.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	section := f.Section(".note.go.buildid")
	if section == nil {
		return "", false
	}
	note, err := section.Data()
	if err != nil || len(note) < 16 {
		return "", false
	}
	// An ELF note: name size, description size, type (4 for a Go build
	// ID), the name ("Go", padded to 4 bytes), then the description.
	nameSize, size, typ := f.ByteOrder.Uint32(note), f.ByteOrder.Uint32(note[4:]), f.ByteOrder.Uint32(note[8:])
	if nameSize != 4 || typ != 4 || string(note[12:16]) != "Go\x00\x00" || uint64(size) > uint64(len(note)-16) {
		return "", false
	}
	id := string(note[16 : 16+size])
	return id, isGoBuildID(id)
}

// isGoBuildID reports whether id has the shape of the build IDs the go
// command writes: hashes of 20 base64url characters, joined by slashes,
// the last of which is the content ID. A build ID given to the linker
// has no such guarantee.
func isGoBuildID(id string) bool {
	parts := strings.Split(id, "/")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if len(p) != 20 || strings.Trim(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			return false
		}
	}
	return true
}

// FileSum returns the hex SHA-256 of the file at path, following links,
// read a block at a time: an executable is tens of megabytes.
func FileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// header opens every manifest file.
var header = fmt.Sprintf(headerStart+"%d\n", Format)

// headerStart opens every manifest kbc writes, of any format.
const headerStart = "kbc build cache, format "

// IsManifest reports whether the file at path begins as the manifests of
// every format of kbc do: a file kbc wrote, to be replaced as a manifest
// rather than kept as someone else's.
func IsManifest(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	start := make([]byte, len(headerStart))
	_, err = io.ReadFull(f, start)
	return err == nil && string(start) == headerStart
}

// ErrNoCache is returned by Load when there is no manifest yet.
var ErrNoCache = errors.New("no build cache yet")

// Load reads the manifest at path into v. Any file that is not exactly a
// manifest written by Save of this format is an error saying why.
//
// A gob payload is decoded as it is read, and its checksum compared once
// it is read whole, rather than the file being read into memory first: a
// cache of a large knowledge base is as large as the site's pages. Nothing
// decoded is used before the checksum matches; it is no more trusted for
// it, as a checksum proves only that the file is whole. The payload of a
// value with a layout of its own (a TextDecoder or a gob.GobDecoder) is
// hashed as it is read, then, when its checksum matches, read again whole
// into one buffer of its size and decoded.
func Load(path string, v any) error {
	_, err := LoadSum(path, v)
	return err
}

// LoadSum is Load, and returns the checksum of the manifest's payload,
// which another manifest may have recorded to name this one (see
// SaveSum).
func LoadSum(path string, v any) (sum string, err error) {
	f, err := openManifest(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", ErrNoCache
	}
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !st.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a kbc build cache: it is not a file", path)
	}
	if st.Size() > maxManifest {
		// Refused before it is read: hashing a file of any size to find
		// it damaged would take any time.
		return "", fmt.Errorf("%s is not a kbc build cache of a size kbc writes", path)
	}
	r := bufio.NewReaderSize(f, 1<<16)
	head := make([]byte, len(header))
	if _, err := io.ReadFull(r, head); err != nil || string(head) != header {
		return "", fmt.Errorf("%s is not a kbc build cache of format %d", path, Format)
	}
	sumLine, err := r.ReadString('\n')
	if err != nil || len(sumLine) != sha256.Size*2+1 {
		return "", fmt.Errorf("%s is truncated", path)
	}
	sum = sumLine[:len(sumLine)-1]
	switch v.(type) {
	case TextDecoder, gob.GobDecoder:
		start := int64(len(header) + len(sumLine))
		if err := loadLayout(f, r, start, st.Size()-start, sum, v); err != nil {
			return "", err
		}
		return sum, nil
	}
	h := sha256.New()
	// The file may grow while it is read: no more than a manifest's
	// bound is read of it.
	payload := io.TeeReader(io.LimitReader(r, maxPayload), h)
	decodeErr := gob.NewDecoder(payload).Decode(v)
	if _, err := io.Copy(io.Discard, payload); err != nil {
		return "", err
	}
	if hex.EncodeToString(h.Sum(nil)) != sum {
		return "", fmt.Errorf("%s is damaged: its checksum does not match", path)
	}
	if decodeErr != nil {
		return "", fmt.Errorf("%s cannot be read: %v", path, decodeErr)
	}
	return sum, nil
}

// A TextDecoder reads a payload in a layout of its own from one string,
// which the values it decodes may slice rather than copy: a manifest whose
// strings are most of it is then in memory once, not twice.
type TextDecoder interface {
	DecodeText(text string) error
}

// A LayoutWriter writes its payload in a layout of its own to w as it
// encodes it, so that the payload is never in memory whole: the largest
// manifest is as large as the site's pages.
type LayoutWriter interface {
	WriteLayout(w io.Writer) error
}

// loadLayout reads the rest of the manifest f, a payload of size bytes
// from offset start, read up to there through r, and decodes it into v, a
// TextDecoder or a gob.GobDecoder, once its checksum is sum. Gob would
// read such a payload in chunks of growing buffers and copy it into one:
// at 20,000 articles the reads of a build after an edit allocated a
// gigabyte for 170 MB of manifests. The payload is hashed as it streams
// first, so that a damaged file is refused before a buffer of its size is
// allocated; then read into that buffer and hashed again, as the file may
// have changed in between.
func loadLayout(f *os.File, r *bufio.Reader, start, size int64, sum string, v any) error {
	if size < 0 || size > maxPayload {
		return fmt.Errorf("%s is not a kbc build cache of a size kbc writes", f.Name())
	}
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return err
	}
	if n != size || hex.EncodeToString(h.Sum(nil)) != sum {
		return fmt.Errorf("%s is damaged: its checksum does not match", f.Name())
	}
	h.Reset()
	payload := io.TeeReader(io.NewSectionReader(f, start, size), h)
	var decode func() error
	if dec, ok := v.(TextDecoder); ok {
		var b strings.Builder
		b.Grow(int(size))
		_, err = io.CopyN(&b, payload, size)
		decode = func() error { return dec.DecodeText(b.String()) }
	} else {
		data := make([]byte, size)
		_, err = io.ReadFull(payload, data)
		decode = func() error { return v.(gob.GobDecoder).GobDecode(data) }
	}
	if err != nil {
		return fmt.Errorf("%s changed while it was read: %v", f.Name(), err)
	}
	if hex.EncodeToString(h.Sum(nil)) != sum {
		return fmt.Errorf("%s changed while it was read", f.Name())
	}
	if err := decode(); err != nil {
		return fmt.Errorf("%s cannot be read: %v", f.Name(), err)
	}
	return nil
}

// maxPayload bounds the payload read whole, so that a damaged or foreign
// file cannot have Load allocate any amount: the largest manifest, the
// pages, takes about 5 KB per article (106 MB at 20,000 articles in four
// locales), so the bound is ten times that size. A larger one is ignored
// as any unfit cache is: the build is then a full one.
const maxPayload = 1 << 30

// maxManifest bounds a manifest file: its header, its checksum line and
// a payload of at most maxPayload.
var maxManifest = int64(len(header)) + 2*sha256.Size + 1 + maxPayload

// Save writes v as the manifest at path, atomically: a reader sees the
// old manifest or the new one, never a part. A gob payload is encoded
// straight into the file, its checksum put in the header once it is
// written, so that memory never holds the whole encoding; so is the
// layout of a LayoutWriter, and that of a gob.GobEncoder as GobEncode
// returns it.
func Save(path string, v any) error {
	_, err := SaveSum(path, v)
	return err
}

// SaveSum is Save, and returns the checksum of the payload written, by
// which another manifest may name this one: a manifest that records the
// checksums of others tells whether they were written with it.
func SaveSum(path string, v any) (string, error) {
	m, err := Prepare(path, v)
	if err != nil {
		return "", err
	}
	return m.Sum, m.Install()
}

// preparedPrefix begins the temporary name of a manifest being written.
const preparedPrefix = ".manifest-"

// Prepared is a manifest written under a temporary name beside its path,
// for a caller that writes it while other work goes on and puts it in
// place later, or not at all.
type Prepared struct {
	Sum        string // the checksum of its payload, as SaveSum returns it
	path, temp string
}

// Prepare writes v as Save does, under a temporary name beside path:
// Install puts it at path, and Discard removes it.
func Prepare(path string, v any) (*Prepared, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), preparedPrefix)
	if err != nil {
		return nil, err
	}
	sum, err := writeManifest(tmp, v)
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return nil, err
	}
	return &Prepared{Sum: sum, path: path, temp: tmp.Name()}, nil
}

// RemovePrepared removes from dir the manifests Prepare or Save wrote and
// never put in place, as a process killed meanwhile leaves them. The
// caller must be the only one writing manifests into dir.
func RemovePrepared(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasPrefix(e.Name(), preparedPrefix) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Install puts the manifest at its path, atomically.
func (m *Prepared) Install() error {
	if err := os.Rename(m.temp, m.path); err != nil {
		os.Remove(m.temp)
		return err
	}
	return nil
}

// Discard removes the manifest, which is not put in place.
func (m *Prepared) Discard() { os.Remove(m.temp) }

// writeManifest writes the header, a placeholder for the checksum and v's
// payload into f, then the checksum in place of the placeholder, and
// returns it. The layout of a LayoutWriter is written as it is encoded,
// that of a gob.GobEncoder as it is: gob would copy it whole into a
// buffer of its own first.
func writeManifest(f *os.File, v any) (string, error) {
	w := bufio.NewWriterSize(f, 1<<16)
	w.WriteString(header)
	w.WriteString(strings.Repeat("0", sha256.Size*2) + "\n")
	h := sha256.New()
	payload := io.MultiWriter(w, h)
	if lw, ok := v.(LayoutWriter); ok {
		if err := lw.WriteLayout(payload); err != nil {
			return "", err
		}
	} else if enc, ok := v.(gob.GobEncoder); ok {
		data, err := enc.GobEncode()
		if err != nil {
			return "", err
		}
		if _, err := payload.Write(data); err != nil {
			return "", err
		}
	} else if err := gob.NewEncoder(payload).Encode(v); err != nil {
		return "", err
	}
	if err := w.Flush(); err != nil {
		return "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if _, err := f.WriteAt([]byte(sum), int64(len(header))); err != nil {
		return "", err
	}
	return sum, nil
}

// InsidePath reports whether p, a slash-separated path read from a cache,
// is UTF-8, as the paths kbc records are, and names something inside the
// folder it is relative to (LocalPath). A cache names files to read,
// write or remove; one that leads outside its folder is not kbc's own.
func InsidePath(p string) bool {
	return utf8.ValidString(p) && LocalPath(p)
}

// LocalPath reports whether p, slash-separated, names something inside
// the folder it is relative to: relative, without an empty, "." or ".."
// element, and local on this system (see filepath.IsLocal). Unlike
// fs.ValidPath it takes a name that is not UTF-8: a file of any name may
// be found in a folder kbc lists, and must be removable.
func LocalPath(p string) bool {
	if p == "" {
		return false
	}
	// Split without a slice: a build after an edit checks every path of
	// its cache, hundreds of thousands on a large knowledge base.
	for e := range strings.SplitSeq(p, "/") {
		if e == "" || e == "." || e == ".." {
			return false
		}
	}
	return filepath.IsLocal(filepath.FromSlash(p))
}
