package i18n

import (
	"strings"
	"time"
)

// Date writes a calendar date as the locale writes it in running text,
// such as "May 1, 2024", "1 mai 2024", "2024. május 1." or "2024年5月1日":
// the catalog's dateFormat, with the month named from its monthNames
// (twelve names separated by spaces).
func (s *Strings) Date(d time.Time) string {
	month := d.Month().String()
	if names := strings.Fields(s.T("monthNames")); len(names) == 12 {
		month = names[d.Month()-1]
	}
	// The day picks the message's plural form: French writes the first
	// of the month as an ordinal (1er), and its CLDR form "one" is 0 and
	// 1, of which a day can only be 1.
	return s.format("dateFormat", map[string]any{"Year": d.Year(), "Month": month, "MonthNumber": int(d.Month()), "Day": d.Day()}, d.Day())
}
