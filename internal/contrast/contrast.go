// Package contrast measures the contrast between two colours as WCAG 2
// defines it, so that a colour chosen for the site can be checked before
// any reader has to squint at it.
package contrast

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// AA is the least contrast WCAG 2 level AA asks of normal text
// (success criterion 1.4.3).
const AA = 4.5

// Color is a colour in sRGB, each channel from 0 to 255.
type Color struct{ R, G, B uint8 }

// Parse reads a colour written #rgb or #rrggbb, in either case.
func Parse(s string) (Color, error) {
	hex, ok := strings.CutPrefix(s, "#")
	if !ok || (len(hex) != 3 && len(hex) != 6) {
		return Color{}, fmt.Errorf("colour %q is not written #rgb or #rrggbb", s)
	}
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil {
		return Color{}, fmt.Errorf("colour %q is not written #rgb or #rrggbb", s)
	}
	return Color{uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
}

// Luminance is the colour's relative luminance: 0 for black, 1 for white.
func (c Color) Luminance() float64 {
	return 0.2126*linear(c.R) + 0.7152*linear(c.G) + 0.0722*linear(c.B)
}

// linear undoes the sRGB transfer function of one channel.
func linear(v uint8) float64 {
	s := float64(v) / 255
	if s <= 0.04045 {
		return s / 12.92
	}
	return math.Pow((s+0.055)/1.055, 2.4)
}

// Ratio is the contrast ratio of two colours, from 1 (none) to 21 (black
// on white), whichever is the lighter.
func Ratio(a, b Color) float64 {
	la, lb := a.Luminance(), b.Luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// MeetsAA reports whether text of one colour on the other is legible at
// level AA. The ratio is compared as WCAG writes it, to one decimal place
// and never rounded up: 4.49:1 fails.
func MeetsAA(text, background Color) bool {
	return math.Floor(Ratio(text, background)*100)/100 >= AA
}
