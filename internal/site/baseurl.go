package site

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// CheckBaseURL returns an error unless u can be Options.BaseURL: an
// absolute http or https URL with a host, and no user name, query or
// fragment, written with only the characters a URL may hold. The base URL
// is written as it is into every page's canonical link and hreflang
// alternates and into sitemap.xml, and page paths are appended to it, so
// anything after a ? or # would swallow them.
func CheckBaseURL(u string) error {
	if u == "" {
		return nil
	}
	refuse := func(format string, args ...any) error {
		return fmt.Errorf("--base-url %q "+format, append([]any{u}, args...)...)
	}
	parsed, err := url.Parse(u)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without url.Parse's repeat of the URL
		}
		return refuse("is not a valid URL: %v", err)
	}
	switch {
	case parsed.Scheme != "http" && parsed.Scheme != "https", parsed.Opaque != "":
		return refuse("must be an absolute http or https URL")
	case parsed.User != nil:
		// The message must not repeat the password.
		return fmt.Errorf("--base-url %q holds a user name; the site's address must not carry credentials", parsed.Redacted())
	case parsed.Host == "":
		return refuse("has no host")
	case parsed.RawQuery != "" || parsed.ForceQuery:
		return refuse("has a query; give the address the site is published at, without ? or #")
	case parsed.Fragment != "" || strings.Contains(u, "#"):
		return refuse("has a fragment; give the address the site is published at, without ? or #")
	}
	if i := strings.IndexFunc(u, func(r rune) bool { return !isURLChar(r) }); i >= 0 {
		r := []rune(u[i:])[0]
		return refuse("holds %q, which a URL cannot hold; percent-encode it", r)
	}
	return nil
}

// isURLChar reports whether r may appear as it is in a URL (RFC 3986):
// an unreserved or reserved character, or the % of an escape.
func isURLChar(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
		strings.ContainsRune("-._~:/?#[]@!$&'()*+,;=%", r)
}
