package localefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/contentfile"
)

// File is a locale file read for a read-modify-write: what it held when
// read and, where the platform has advisory locks, the lock that keeps
// another kbc import from writing it in the meantime (see lockFile).
type File struct {
	Path   string
	Exists bool
	Data   []byte
	Mode   fs.FileMode
	f      *os.File // holds the lock; nil when none is held
}

// ChangedError is the refusal to replace a file that changed after the
// import read it, by a program that takes no lock, such as an editor that
// saved it: writing the import would lose what that program wrote.
type ChangedError struct{ Path string }

func (e *ChangedError) Error() string {
	return e.Path + " changed after the import read it; nothing written, import again"
}

// Read reads the file at path, which may not exist, after taking its lock
// when lock is set.
//
// A symbolic link, or anything else that is not a regular file, is
// refused: the loader does not follow links in the content tree, so the
// file a link leads to is none of the knowledge base's, and replacing the
// link with the edited file would lose what it led to.
func Read(path string, lock bool) (*File, error) {
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return nil, notRegular(path, st.Mode())
	}
	l := &File{Path: path, Mode: 0o644}
	if lock {
		f, err := lockFile(path)
		if err != nil {
			return nil, err
		}
		l.f = f
	}
	var buf bytes.Buffer
	var err error
	if l.f != nil {
		_, err = buf.ReadFrom(io.LimitReader(l.f, content.MaxFileSize+1))
	} else {
		err = contentfile.ReadLimited(path, content.MaxFileSize+1, &buf)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return l, nil
	case err != nil:
		l.Release()
		return nil, err
	case buf.Len() > content.MaxFileSize:
		l.Release()
		return nil, fmt.Errorf("%s: larger than %d KiB", path, content.MaxFileSize>>10)
	}
	l.Exists, l.Data = true, buf.Bytes()
	if st, err := os.Stat(path); err == nil {
		l.Mode = st.Mode().Perm()
	}
	return l, nil
}

// notRegular is the refusal to read or replace a locale file that is not
// a regular file.
func notRegular(path string, mode fs.FileMode) error {
	if mode&fs.ModeSymlink != 0 {
		return fmt.Errorf("%s is a symbolic link, which kbc does not follow in the content tree; put the file itself in its place", path)
	}
	return fmt.Errorf("%s is not a regular file", path)
}

// Unchanged checks that the file still holds what it held when read.
func (l *File) Unchanged() error {
	var buf bytes.Buffer
	err := contentfile.ReadLimited(l.Path, content.MaxFileSize+1, &buf)
	gone := errors.Is(err, fs.ErrNotExist)
	if err != nil && !gone {
		return err
	}
	if gone == l.Exists || !bytes.Equal(buf.Bytes(), l.Data) {
		return &ChangedError{Path: l.Path}
	}
	return nil
}

// Replace puts the temporary file tmp in the file's place. A file that did
// not exist is created with a hard link, which fails if another program
// created it meanwhile, rather than replaced; where the file system has no
// hard links, it is renamed into place, as an existing file is.
func (l *File) Replace(tmp string) error {
	if !l.Exists {
		err := os.Link(tmp, l.Path)
		if errors.Is(err, fs.ErrExist) {
			return &ChangedError{Path: l.Path}
		}
		if err == nil {
			return os.Remove(tmp)
		}
	}
	return os.Rename(tmp, l.Path)
}

// Release lets go of the lock, if one is held.
func (l *File) Release() {
	if l.f != nil {
		l.f.Close()
		l.f = nil
	}
}
