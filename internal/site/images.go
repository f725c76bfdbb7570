package site

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"image"
	_ "image/gif" // register decoders for DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kbcdev/kbc/internal/contentfile"
)

// imageFileSize returns the intrinsic size of an image file so that the
// page can reserve its space before it loads: SVG from its width and
// height attributes or else its viewBox, raster formats from their
// header. It reads only as much of the file as that takes; a failure to
// read is returned as reading the whole file would have returned it.
func imageFileSize(name string) (w, h int, ok bool, err error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, 0, false, err
	}
	defer f.Close()
	r := &readErrors{r: f}
	// The root element or the header is near the start: a small buffer
	// spares allocating one of the default size for each of thousands of
	// images.
	br := bufio.NewReaderSize(r, 1024)
	if strings.EqualFold(filepath.Ext(name), ".svg") {
		w, h, ok = svgSize(br)
	} else if cfg, _, err := image.DecodeConfig(br); err == nil {
		w, h, ok = cfg.Width, cfg.Height, true
	}
	return w, h, ok, r.err
}

// readErrors keeps the first error of a reader other than io.EOF, which
// a decoder reports only as a failure to decode.
type readErrors struct {
	r   io.Reader
	err error
}

func (r *readErrors) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && r.err == nil {
		r.err = err
	}
	return n, err
}

// withFileBytes calls use with the content of a file, read into one of
// the pooled page buffers: an image is copied into the site and then
// forgotten. The file is read as content files are
// (contentfile.ReadLimited): with fewer system calls than through an
// os.File, and refused rather than waited on when it is a named pipe.
func withFileBytes(name string, use func(data []byte) error) error {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer releasePageBuffer(buf)
	if err := contentfile.ReadLimited(name, math.MaxInt64, buf); err != nil {
		return err
	}
	return use(buf.Bytes())
}

func svgSize(r io.Reader) (int, int, bool) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			return 0, 0, false
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "svg" {
			return 0, 0, false
		}
		var width, height, viewBox string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "width":
				width = a.Value
			case "height":
				height = a.Value
			case "viewBox":
				viewBox = a.Value
			}
		}
		w, wok := svgLength(width)
		h, hok := svgLength(height)
		if wok && hok {
			return w, h, true
		}
		f := strings.FieldsFunc(viewBox, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' })
		if len(f) == 4 {
			vw, err1 := strconv.ParseFloat(f[2], 64)
			vh, err2 := strconv.ParseFloat(f[3], 64)
			if err1 == nil && err2 == nil && vw > 0 && vh > 0 && vw <= maxSVGSide && vh <= maxSVGSide {
				return int(math.Round(vw)), int(math.Round(vh)), true
			}
		}
		return 0, 0, false
	}
}

// svgLength reads a length in user units or pixels; relative units say
// nothing about the intrinsic size, nor does a length past maxSVGSide.
func svgLength(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || v > maxSVGSide {
		return 0, false
	}
	return int(math.Round(v)), true
}

// maxSVGSide bounds the sides of an SVG figure that its width, height or
// viewBox give: past it they are no size a page could show (browsers lay
// pages out within about 33 million pixels), and past the range of int
// one would be written as a negative width.
const maxSVGSide = 1 << 24

// icoOf wraps a PNG image in an ICO file, as every browser since 2007
// reads one: a header, one directory entry, and the PNG. A side of 256
// pixels or more is written 0, as the format says.
func icoOf(png []byte) []byte {
	side := func(off int) byte {
		if len(png) < off+4 {
			return 0
		}
		n := binary.BigEndian.Uint32(png[off:])
		if n >= 256 {
			return 0
		}
		return byte(n)
	}
	out := make([]byte, 22, 22+len(png))
	binary.LittleEndian.PutUint16(out[2:], 1) // an icon
	binary.LittleEndian.PutUint16(out[4:], 1) // one image
	out[6], out[7] = side(16), side(20)       // width and height, from the PNG's header
	binary.LittleEndian.PutUint16(out[10:], 1)
	binary.LittleEndian.PutUint16(out[12:], 32)
	binary.LittleEndian.PutUint32(out[14:], uint32(len(png)))
	binary.LittleEndian.PutUint32(out[18:], 22)
	return append(out, png...)
}
