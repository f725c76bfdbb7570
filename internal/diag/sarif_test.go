package diag

import "testing"

// TestFileURLOfADrive checks the URL of a Windows path, whose drive letter
// a URL without a leading slash would name as its host.
func TestFileURLOfADrive(t *testing.T) {
	for abs, want := range map[string]string{
		"C:/Users/writer/kb/kb1/article.yaml": "file:///C:/Users/writer/kb/kb1/article.yaml",
		"/home/writer/kb #1/article.yaml":     "file:///home/writer/kb%20%231/article.yaml",
	} {
		if got := fileURL(abs); got != want {
			t.Errorf("fileURL(%q) = %q, want %q", abs, got, want)
		}
	}
	if got, want := folderURI("C:/kb"), "file:///C:/kb/"; got != want {
		t.Errorf("folderURI = %q, want %q", got, want)
	}
}

// A module version, release or pseudo, is the driver's semantic version
// without its "v"; a build from a source tree has none.
func TestSemanticVersionOfTheDriver(t *testing.T) {
	for version, want := range map[string]string{
		"v1.4.0":                             "1.4.0",
		"v1.4.0-rc.1":                        "1.4.0-rc.1",
		"v0.0.0-20261207143000-abcdef123456": "0.0.0-20261207143000-abcdef123456",
		"v1.4.0+dirty":                       "1.4.0+dirty",
		"(devel)":                            "",
		"":                                   "",
		"1.4":                                "",
		"v1.2.3-":                            "",
		"v01.2.3":                            "",
		"v1.2.3-01":                          "",
	} {
		if got := semanticVersion(version); got != want {
			t.Errorf("semanticVersion(%q) = %q, want %q", version, got, want)
		}
	}
}
