package site

import (
	"bytes"
	"encoding/xml"
	"image"
	_ "image/gif" // register decoders for DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"math"
	"path/filepath"
	"strconv"
	"strings"
)

// imageSize returns the intrinsic size of an image so that the page can
// reserve its space before it loads: SVG from its width and height
// attributes or else its viewBox, raster formats from their header.
func imageSize(name string, data []byte) (w, h int, ok bool) {
	if strings.EqualFold(filepath.Ext(name), ".svg") {
		return svgSize(data)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}

func svgSize(data []byte) (int, int, bool) {
	dec := xml.NewDecoder(bytes.NewReader(data))
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
			if err1 == nil && err2 == nil && vw > 0 && vh > 0 {
				return int(math.Round(vw)), int(math.Round(vh)), true
			}
		}
		return 0, 0, false
	}
}

// svgLength reads a length in user units or pixels; relative units say
// nothing about the intrinsic size.
func svgLength(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 {
		return 0, false
	}
	return int(math.Round(v)), true
}
