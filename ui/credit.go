package ui

import "fyne.io/fyne/v2/lang"

// presentCredit is the balance label's text for the latest CREDIT answer (the creditrequest
// HTTP request); empty (hidden) while none is known.
func presentCredit(answer string) string {
	if answer == "" {
		return ""
	}
	return lang.L("Credit: {{.Text}}", map[string]any{"Text": answer})
}
