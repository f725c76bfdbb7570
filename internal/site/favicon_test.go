package site_test

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"testing"

	"github.com/kbcdev/kbc/internal/site/sitetest"
)

// TestFaviconICO: browsers and crawlers ask for /favicon.ico unasked. A
// site kb.yaml gives no icon of its own answers with kbc's, an icon file
// holding one PNG; one with a logo or an SVG favicon has no favicon.ico
// of kbc's, which would show another brand.
func TestFaviconICO(t *testing.T) {
	r := sitetest.Build(t, kbFiles)
	ico := []byte(r.File("favicon.ico"))
	if len(ico) < 22 || binary.LittleEndian.Uint16(ico[2:]) != 1 || binary.LittleEndian.Uint16(ico[4:]) != 1 {
		t.Fatalf("favicon.ico is not an icon file holding one image (%d bytes)", len(ico))
	}
	size, offset := binary.LittleEndian.Uint32(ico[14:]), binary.LittleEndian.Uint32(ico[18:])
	if int(offset)+int(size) != len(ico) {
		t.Fatalf("favicon.ico: image of %d bytes at %d in a file of %d", size, offset, len(ico))
	}
	img, err := png.Decode(bytes.NewReader(ico[offset:]))
	if err != nil {
		t.Fatalf("favicon.ico does not hold a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != int(ico[6]) || b.Dy() != int(ico[7]) || b.Dx() < 16 {
		t.Errorf("favicon.ico: a %dx%d image, the directory says %dx%d", b.Dx(), b.Dy(), ico[6], ico[7])
	}

	branded := sitetest.Build(t, `
-- content/kb.yaml --
source_locale: en
locales: [en]
site:
  logo: theme/logo.svg
-- content/theme/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="20" height="20"><rect width="10" height="10" fill="#7a1f5c"/></svg>
-- content/kb1/article.yaml --
id: KB1
title: Pay an invoice
summary: Settle an open invoice from your account.
procedures:
  - id: pay
    title: Pay
    steps:
      - id: open
        text: Open **Invoices**.
`)
	if branded.Exists("favicon.ico") {
		t.Error("a site with a logo of its own has kbc's favicon.ico")
	}
}
