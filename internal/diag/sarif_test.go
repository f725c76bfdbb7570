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
