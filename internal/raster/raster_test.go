package raster_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/raster"
)

func encoded(t *testing.T, encode func(*bytes.Buffer, image.Image) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := encode(&b, image.NewGray(image.Rect(0, 0, 3, 2))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// webpLossless is a 1×1 WebP file with a VP8L header: no encoder is at
// hand, and DecodeConfig reads only the header.
const webpLossless = "RIFF\x12\x00\x00\x00WEBPVP8L\x05\x00\x00\x00\x2f\x00\x00\x00\x00\x00"

func TestCheck(t *testing.T) {
	pngFile := encoded(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) })
	jpegFile := encoded(t, func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) })
	gifFile := encoded(t, func(b *bytes.Buffer, m image.Image) error { return gif.Encode(b, m, nil) })
	for _, c := range []struct {
		ext, data, want string // want: "" for no error, else a substring
	}{
		{".png", pngFile, ""},
		{".PNG", pngFile, ""},
		{".jpg", jpegFile, ""},
		{".jpeg", jpegFile, ""},
		{".gif", gifFile, ""},
		{".webp", webpLossless, ""},
		{".png", jpegFile, "the file is a JPEG image, not PNG"},
		{".jpg", pngFile, "the file is a PNG image, not JPEG"},
		{".webp", gifFile, "the file is a GIF image, not WebP"},
		{".gif", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, "not a GIF image: it does not start with the GIF signature"},
		{".png", "", "not a PNG image"},
		{".png", pngFile[:20], "the PNG header does not decode"},
		{".jpg", "\xFF\xD8\xFF<html><script>alert(1)</script>", "the JPEG header does not decode"},
		{".webp", "RIFF\x12\x00\x00\x00WEBPVP8X", "the WebP header does not decode"},
		{".svg", pngFile, "not a raster image extension"},
		{".png", pngHeader(100000, 100000), "the PNG image is 100000×100000 pixels, more than a figure shows"},
		{".png", pngHeader(20000, 6000), "more than a figure shows"},
		{".png", pngHeader(1080, 18000), ""}, // a phone's scrolling capture; Check reads no further than the header
		{".png", pngHeader(1920, 20000), ""}, // a long web page, captured whole
	} {
		err := raster.Check(c.ext, strings.NewReader(c.data))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("Check(%s, %.12q): %v", c.ext, c.data, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("Check(%s, %.12q) = %v, want an error with %q", c.ext, c.data, err, c.want)
		}
	}
}

// pngHeader is the start of a PNG file that declares the size, with no
// image data: DecodeConfig reads only this far.
func pngHeader(w, h uint32) string {
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32([]byte("IHDR"), w), h)
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // 8-bit grey, no interlace
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(ihdr)-4))
	chunk = append(chunk, ihdr...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(ihdr))
	return "\x89PNG\r\n\x1a\n" + string(chunk)
}
