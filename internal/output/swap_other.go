//go:build !linux && !darwin

package output

// exchange is not offered by the system: a swap renames twice.
func exchange(a, b string) error { return errNoExchange }
