package contrast

import (
	"math"
	"testing"
)

func mustParse(t *testing.T, s string) Color {
	t.Helper()
	c, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRatio checks ratios against known pairs: the extremes, and #767676,
// the lightest grey that passes AA on white.
func TestRatio(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"#000", "#fff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777", "#fff", 4.48},
		{"#767676", "#fff", 4.54},
		{"#0a58ca", "#ffffff", 6.44},
		{"#1B1F24", "#F6F8FA", 15.56},
	} {
		got := Ratio(mustParse(t, c.a), mustParse(t, c.b))
		if math.Abs(got-c.want) > 0.01 {
			t.Errorf("Ratio(%s, %s) = %.3f, want %.2f", c.a, c.b, got, c.want)
		}
		if back := Ratio(mustParse(t, c.b), mustParse(t, c.a)); back != got {
			t.Errorf("Ratio is not symmetric for %s, %s: %v and %v", c.a, c.b, got, back)
		}
	}
}

func TestMeetsAA(t *testing.T) {
	white := mustParse(t, "#fff")
	if MeetsAA(mustParse(t, "#777777"), white) {
		t.Error("#777 on white (4.48:1) passes AA")
	}
	if !MeetsAA(mustParse(t, "#767676"), white) {
		t.Error("#767676 on white (4.54:1) fails AA")
	}
}

func TestParseRefuses(t *testing.T) {
	for _, s := range []string{"", "fff", "#ff", "#fffff", "#ggg", "#12345678", "red", "# fff"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
}
