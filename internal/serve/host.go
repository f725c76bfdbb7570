package serve

import (
	"net"
	"net/http"
	"strings"
)

// checkHost answers 403 to a request whose Host header names neither this
// machine's loopback nor the address the preview was asked to listen on.
// A web page can make its own host name resolve to 127.0.0.1 (DNS
// rebinding) and then read the preview as its own site, drafts and
// findings included; its requests still carry its host name.
func (s *Server) checkHost(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.allowsHost(r) {
			http.Error(w, "kbc serve answers only requests for localhost or the address it listens on", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// sameOrigin keeps pages of other origins from reading the preview by
// including its files, which the Host header cannot tell: a page of any
// site may load the search index's shards, scripts that hand the
// articles' titles, summaries and words to a function the including page
// defines, as a <script>, and its request names the preview's own host.
// Every response says that only the preview's own pages may include it
// (Cross-Origin-Resource-Policy) or frame it, and a request a browser says
// another site's page made, other than following a link to the preview,
// is refused (Sec-Fetch-Site and Sec-Fetch-Mode).
func sameOrigin(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
		// Nor may they frame its pages, which a link is free to open.
		w.Header().Set("Content-Security-Policy", "frame-ancestors 'self'")
		w.Header().Set("X-Frame-Options", "SAMEORIGIN")
		switch r.Header.Get("Sec-Fetch-Site") {
		case "", "same-origin", "none":
		default:
			if r.Header.Get("Sec-Fetch-Mode") != "navigate" || r.Method != http.MethodGet {
				http.Error(w, "kbc serve answers only its own pages' requests", http.StatusForbidden)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// allowsHost reports whether the request's host is one the preview
// answers: localhost and its subdomains (which browsers resolve to
// loopback themselves), a loopback IP address, the host of Options.Addr,
// or the IP address the request arrived at, as a --public preview is
// reached from other machines. An IP address gives a page no origin of
// its own to rebind.
func (s *Server) allowsHost(r *http.Request) bool {
	host := hostName(r.Host)
	switch {
	case host == "":
		return false
	case host == "localhost" || strings.HasSuffix(host, ".localhost"):
		return true
	case strings.EqualFold(host, hostName(s.opts.Addr)):
		return true
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	if ip.IsLoopback() {
		return true
	}
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return false
	}
	tcp, ok := local.(*net.TCPAddr)
	return ok && tcp.IP.Equal(ip)
}

// hostName returns the host of a Host header or host:port address in
// lower case, without port, IPv6 brackets or the trailing dot of a fully
// qualified name.
func hostName(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.TrimSuffix(strings.ToLower(host), ".")
}
