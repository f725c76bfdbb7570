package translate

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// A fingerprint pasted from a template must read back as the same string,
// even when its hex digits look like a number to YAML.
func TestFingerprintScalarReadsBackAsString(t *testing.T) {
	for _, fp := range []string{"00768409", "1234e567", "12345678", "deadbeef", "0a1b2c3d"} {
		var v map[string]any
		if err := yaml.Unmarshal([]byte("source: "+fingerprintScalar(fp)), &v); err != nil {
			t.Fatalf("%s: %v", fp, err)
		}
		if got, ok := v["source"].(string); !ok || got != fp {
			t.Errorf("fingerprint %s reads back as %#v", fp, v["source"])
		}
	}
}
