// Package browsertest drives the help site that kbc builds from the bundled
// content in headless Chromium: platform tabs and the remembered choice,
// the language switcher and the root page's language redirect, search in
// French and Japanese, the page without JavaScript, keyboard use of the
// tabs, the console and the Content-Security-Policy, agreement of the Go
// and JavaScript search tokenizers, and screenshots of an article in every
// locale at desktop and phone width.
//
// The package holds only tests. They need Chromium (Debian's chromium
// package, /usr/bin/chromium, or the executable named by KBC_CHROMIUM);
// without it they fail when CI is set and are skipped otherwise.
package browsertest
