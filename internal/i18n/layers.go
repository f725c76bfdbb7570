package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
)

// Layer is a folder of go-i18n message files, one <locale>.yaml per
// locale: kbc's embedded catalogs, or a knowledge base's own.
type Layer struct {
	FS  fs.FS
	Dir string // the folder as findings name it
}

// Layers are folders of message files in order of precedence: a message
// that a later layer defines replaces, whole, the one an earlier layer
// defines, and a locale has UI strings when any layer has its file. A
// knowledge base's own catalogs thus change a few messages of the
// embedded ones, or add a locale kbc does not ship.
type Layers []Layer

// Catalog reads the message files of each locale from every layer that
// has one. The first locale is the bundle's default language.
func (ls Layers) Catalog(locales []string) (*Catalog, error) {
	return loadCatalog(locales, func(locale string, parse func(buf []byte, name string) error) error {
		name := locale + ".yaml"
		found := false
		for _, l := range ls {
			buf, err := fs.ReadFile(l.FS, name)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return fmt.Errorf("UI strings for locale %s: %w", locale, err)
			}
			if err := parse(buf, name); err != nil {
				return &FileError{File: path.Join(l.Dir, name), Err: err}
			}
			found = true
		}
		if !found {
			return fmt.Errorf("UI strings for locale %s: no %s in %s", locale, name, ls.dirs())
		}
		return nil
	})
}

// Messages returns the messages of the locale as the layers define them
// together, each with the file that defines it (MessageDef.File), and
// the locale's file in the last layer that has one, where a message it
// lacks would be added. A locale no layer has a file for is an
// fs.ErrNotExist error; a file that is not a message file is a
// *FileError.
func (ls Layers) Messages(locale string) (defs map[string]*MessageDef, last string, err error) {
	name := locale + ".yaml"
	for i, l := range ls {
		read, err := ReadMessageFile(l.FS, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		file := path.Join(l.Dir, name)
		if err != nil {
			return nil, "", &FileError{File: file, Err: err}
		}
		if defs == nil {
			defs = map[string]*MessageDef{}
		}
		for _, d := range read {
			d.File, d.Layer = file, i
			defs[d.ID] = d
		}
		last = file
	}
	if defs == nil {
		return nil, "", fmt.Errorf("no %s in %s: %w", name, ls.dirs(), fs.ErrNotExist)
	}
	return defs, last, nil
}

// FileError is a message file that cannot be read as one.
type FileError struct {
	File string
	Err  error
}

func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// dirs names the layers' folders for a message.
func (ls Layers) dirs() string {
	// kbc's embedded catalogs are named locales, as a knowledge base's
	// own folder is when kbc runs beside it: one name says both.
	var dirs []string
	for _, l := range ls {
		if !slices.Contains(dirs, l.Dir) {
			dirs = append(dirs, l.Dir)
		}
	}
	s := ""
	for i, d := range dirs {
		switch {
		case i == 0:
		case i == len(dirs)-1:
			s += " or "
		default:
			s += ", "
		}
		s += d
	}
	return s
}
