// Package raster checks that a raster figure is the image its file name
// says: its first bytes are the signature of the format its extension
// names, and its header decodes. The site publishes raster figures as
// they are, and browsers pick a decoder by sniffing the bytes, not by the
// name, so a file whose name and content disagree is refused rather than
// published for a browser to guess at.
package raster

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // the decoders DecodeConfig picks from
	_ "image/jpeg"
	_ "image/png"
	"io"
	"strings"

	_ "golang.org/x/image/webp"
)

// format is a raster format: its name, as image.DecodeConfig reports it,
// and whether a file's first bytes are its signature.
type format struct {
	name  string
	magic func(head []byte) bool
}

var (
	png  = format{"png", prefix("\x89PNG\r\n\x1a\n")}
	jpeg = format{"jpeg", prefix("\xFF\xD8\xFF")}
	gif  = format{"gif", func(h []byte) bool { return prefix("GIF87a")(h) || prefix("GIF89a")(h) }}
	webp = format{"webp", func(h []byte) bool { return len(h) >= 12 && string(h[:4]) == "RIFF" && string(h[8:12]) == "WEBP" }}
)

// formats are the formats by lower-case file extension.
var formats = map[string]format{".png": png, ".jpg": jpeg, ".jpeg": jpeg, ".gif": gif, ".webp": webp}

func prefix(sig string) func([]byte) bool {
	return func(h []byte) bool { return bytes.HasPrefix(h, []byte(sig)) }
}

// IsRaster reports whether ext (".png", any case) names a raster format
// that Check knows.
func IsRaster(ext string) bool {
	_, ok := formats[strings.ToLower(ext)]
	return ok
}

// Check reads the start of an image file whose name has the extension
// ext and returns why it is not an image of that format, or nil. It reads
// no more than the header takes.
func Check(ext string, r io.Reader) error {
	want, ok := formats[strings.ToLower(ext)]
	if !ok {
		return fmt.Errorf("%s is not a raster image extension", ext)
	}
	br := bufio.NewReader(r)
	head, _ := br.Peek(12)
	if !want.magic(head) {
		for _, f := range []format{png, jpeg, gif, webp} {
			if f.magic(head) {
				return fmt.Errorf("the file is a %s image, not %s; give it the extension of its format", upper(f.name), upper(want.name))
			}
		}
		return fmt.Errorf("the file is not a %s image: it does not start with the %s signature", upper(want.name), upper(want.name))
	}
	cfg, name, err := image.DecodeConfig(br)
	switch {
	case err != nil:
		return fmt.Errorf("the %s header does not decode: %v", upper(want.name), err)
	case name != want.name:
		return fmt.Errorf("the file decodes as %s, not %s", upper(name), upper(want.name))
	case cfg.Width <= 0 || cfg.Height <= 0:
		return fmt.Errorf("the %s image is %d×%d pixels", upper(want.name), cfg.Width, cfg.Height)
	case int64(cfg.Width)*int64(cfg.Height) > MaxPixels:
		return fmt.Errorf("the %s image is %d×%d pixels, more than a figure shows (at most %d million): "+
			"a reader's browser would decode every one of them; scale it down", upper(want.name), cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	return nil
}

// MaxPixels bounds the pixels a raster figure declares: a few bytes of
// header can declare billions, which a reader's browser would set out to
// decode. A screenshot of a 4K screen is about 8 million pixels, a
// full-page capture of a long web page (1920×20,000) 38 million, and a
// photograph from a 50-megapixel camera just fits.
const MaxPixels = 100_000_000

func upper(name string) string {
	if name == "webp" {
		return "WebP"
	}
	return strings.ToUpper(name)
}
