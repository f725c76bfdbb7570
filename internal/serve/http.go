package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// The preview's own resources live under /_kbc/, a path no site page uses:
// site paths start with a locale, assets/ or a root file.
const (
	reloadPath = "/_kbc/reload.js"
	statusPath = "/_kbc/status"
	eventsPath = "/_kbc/events"
)

//go:embed reload.js
var reloadJS []byte

// Handler answers the preview's requests: its own resources under /_kbc/
// and the built site for every other path, to requests for a host the
// preview is meant to be reached at (see checkHost).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+reloadPath, serveReloadJS)
	mux.HandleFunc("GET "+statusPath, s.serveStatus)
	mux.HandleFunc("GET "+eventsPath, s.serveEvents)
	mux.HandleFunc("GET /", s.serveSite)
	return s.checkHost(sameOrigin(noStore(mux)))
}

// noStore keeps the browser from reusing anything the preview served: a
// reload after a build must fetch the rebuilt page, style and images.
func noStore(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

func serveReloadJS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Write(reloadJS)
}

func (s *Server) serveStatus(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(s.Status())
}

// serveEvents is a Server-Sent Events stream: one "status" event when the
// page connects and one after every build, each carrying the Status. The
// retry field makes the browser reconnect quickly after a restart.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported", http.StatusInternalServerError)
		return
	}
	builds, stop, ok := s.subscribe()
	if !ok {
		w.Header().Set("Retry-After", "10")
		http.Error(w, "kbc serve: too many pages are open; close some", http.StatusServiceUnavailable)
		return
	}
	defer stop()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	fmt.Fprint(w, "retry: 1000\n\n")
	for {
		data, err := json.Marshal(s.Status())
		if err != nil {
			return
		}
		// JSON from encoding/json holds no raw line break, so the data
		// fits on the one line an event field allows.
		if _, err := fmt.Fprintf(w, "event: status\ndata: %s\n\n", data); err != nil {
			return
		}
		flusher.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-builds:
		}
	}
}

// serveSite serves the last good site, adding the reload script to HTML
// pages. Missing paths get the site's 404 page, and folders without an
// index a 404 rather than a listing, as on a static host. The read lock
// is held while the file is found and opened, so that no response reads
// a folder while a build swaps it; the file is then sent without it, from
// what was read or from the open file, which the swap leaves readable:
// a client that reads slowly, or stops reading, holds up no build, and
// through it no other response.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	s.siteMu.RLock()
	name := s.siteName()
	if name == "" {
		s.siteMu.RUnlock()
		s.serveNoSite(w)
		return
	}
	resp := s.open(r)
	s.siteMu.RUnlock()
	if resp.file != nil {
		defer resp.file.Close()
	}
	// A response that a client does not take within the bound is cut
	// off, so that stalled clients do not pile up (the event stream is
	// served elsewhere, without one).
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(responseTime))
	switch {
	case resp.redirect != "":
		http.Redirect(w, r, resp.redirect, http.StatusMovedPermanently)
	case resp.page != nil:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(resp.code)
		w.Write(injectReload(resp.page, name))
	case resp.file != nil:
		http.ServeContent(w, r, resp.info.Name(), resp.info.ModTime(), resp.file)
	default:
		http.NotFound(w, r)
	}
}

// responseTime bounds the sending of one file of the site.
const responseTime = 2 * time.Minute

// siteResponse is what serveSite sends for a request: a redirect, a page
// read whole, or an open file.
type siteResponse struct {
	redirect string
	page     []byte
	code     int
	file     *os.File
	info     os.FileInfo
}

// open finds what a request asks of the site and reads or opens it; the
// caller holds siteMu.
func (s *Server) open(r *http.Request) siteResponse {
	urlPath := path.Clean("/" + r.URL.Path)
	file := filepath.Join(s.out, filepath.FromSlash(urlPath))
	info, err := os.Stat(file)
	if err == nil && info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			return siteResponse{redirect: path.Base(urlPath) + "/"}
		}
		file = filepath.Join(file, "index.html")
		info, err = os.Stat(file)
	}
	code := http.StatusOK
	switch {
	case err != nil || info.IsDir():
		file, code = filepath.Join(s.out, "404.html"), http.StatusNotFound
	case !strings.HasSuffix(file, ".html"):
		f, err := os.Open(file)
		if err != nil {
			return siteResponse{}
		}
		return siteResponse{file: f, info: info}
	}
	page, err := os.ReadFile(file)
	if err != nil {
		return siteResponse{}
	}
	return siteResponse{page: page, code: code}
}

// serveNoSite answers every site path before any build has succeeded: a
// page that loads the script, which shows the findings and reloads once a
// site exists.
func (s *Server) serveNoSite(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write(injectReload([]byte(noSitePage), ""))
}

const noSitePage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'">
<title>kbc serve: no site yet</title>
</head>
<body>
<h1>No site yet</h1>
<p>The knowledge base has errors, so the site could not be built. Fix the findings shown below and in the terminal; this page reloads when a build succeeds.</p>
</body>
</html>
`

// injectReload adds the reload script to a page, before </head> where
// there is one, so that it loads with the page's own scripts. The site
// name holds only letters, digits and hyphens and needs no escaping.
func injectReload(page []byte, site string) []byte {
	tag := []byte(`<script src="` + reloadPath + `?site=` + site + `" defer></script>` + "\n")
	at := bytes.Index(page, []byte("</head>"))
	if at < 0 {
		at = bytes.Index(page, []byte("</body>"))
	}
	if at < 0 {
		at = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:at]...)
	out = append(out, tag...)
	return append(out, page[at:]...)
}
