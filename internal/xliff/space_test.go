package xliff

import "testing"

func TestNormalizeSpace(t *testing.T) {
	const body = "Check the receipt.\n\n- Its number.\n  - Its date.\n"
	for _, tc := range []struct {
		name, target, source, want string
	}{
		{"nothing to do", "Payer", "Pay", "Payer"},
		{"ends trimmed", "\n      Payer\n    ", "Pay", "Payer"},
		{"a wrapped line joined", "\n  Sélectionnez **Payer**,\n  puis vérifiez.\n", "Select **Pay**, then check.", "Sélectionnez **Payer**, puis vérifiez."},
		{"spaces within a line kept", "Payer  ici", "Pay here", "Payer  ici"},
		{"the source's ends restored", "\n          Vérifiez le reçu.\n          \n          - Son numéro.\n            - Sa date.\n          \n        ", body,
			"Vérifiez le reçu.\n\n- Son numéro.\n  - Sa date.\n"},
		{"first line after the tag", "Vérifiez le reçu.\n\n          - Son numéro.\n            - Sa date.\n        ", body,
			"Vérifiez le reçu.\n\n- Son numéro.\n  - Sa date.\n"},
		{"indentation that is Markdown kept", "Vérifiez le reçu.\n\n- Son numéro.\n  - Sa date.", body,
			"Vérifiez le reçu.\n\n- Son numéro.\n  - Sa date.\n"},
		{"tabs", "\n\t\tVérifiez.\n\t\t- Un.\n\t", body, "Vérifiez.\n- Un.\n"},
		{"whitespace only", " \n ", "Pay", ""},
	} {
		if got := normalizeSpace(tc.target, tc.source); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
