//go:build !(darwin || dragonfly || freebsd || netbsd || openbsd)

package serve

// systemNotifies is true where fsnotify watches a folder with one handle
// (inotify on Linux, ReadDirectoryChangesW on Windows).
const systemNotifies = true
