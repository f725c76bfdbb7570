//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package serve

// systemNotifies is false where fsnotify watches with kqueue, which holds
// a file descriptor open for every file of a watched folder, not only for
// the folder: a knowledge base of a thousand articles would take more
// than a process may open, and the builds would fail for want of them.
// The walks find the changes instead.
const systemNotifies = false
