package contentfile

import (
	"reflect"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
)

// textSamples are texts with each thing checkText reports, and with
// lines it has nothing to report on, in several scripts.
var textSamples = []string{
	"title: \"Reset the phone\"\nsummary: plain\n",
	"title: \"Réinitialiser le téléphone\"\nsummary: \"Állítsa vissza\"\n",
	"title: \"電話をリセットする\"\nsteps:\n  - text: \"設定を開きます。\"\n",
	"title: trailing \nsummary: two  \n\t- tab\n",
	"a: b\r\nc: d \r\n",
	"a: \"x\u202ey\"\nb: \"zero\u200bwidth\"\nc: \"\u061c\"\n",
	"a: \"\u0085\"\nb: \"\x7f\"\nc: \"\x01\"\n",
	"a: \"\xff\xfe\"\nb: ok\n",
	"a: \"\u2028\u2029\ufeff\ufffd\"\nlast line without break",
	"\n\n  \n\t\n",
	"a: b\t\n",
}

// TestPlainLinesArePassedOverAsSeen: checkText, which passes over the
// lines that have nothing to report whole, reports what a look at every
// character reports.
func TestPlainLinesArePassedOverAsSeen(t *testing.T) {
	for _, src := range textSamples {
		checkSkipSame(t, src)
	}
}

func FuzzCheckText(f *testing.F) {
	for _, s := range textSamples {
		f.Add(s)
	}
	f.Fuzz(checkSkipSame)
}

func checkSkipSame(t *testing.T, src string) {
	var got, want [3]diag.List
	gotOK := scanText("a.yaml", []byte(src), &got[0], &got[1], &got[2], true)
	wantOK := scanText("a.yaml", []byte(src), &want[0], &want[1], &want[2], false)
	if gotOK != wantOK || !reflect.DeepEqual(got, want) {
		t.Errorf("%q: passing over plain lines gives %v %v, looking at every character %v %v", src, gotOK, got, wantOK, want)
	}
}
