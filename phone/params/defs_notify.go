package params

// notifyDefs are the seed's parameters for messages to a user: a popup shown once and an
// advertisement link at the bottom of the window.
func notifyDefs() []Def {
	return []Def{
		{Name: "messagepopup", Apply: Restart,
			Help: "text shown to a user once in a popup (POPUP notification) at start; a changed text is shown again"},
		{Name: "advertisement", Apply: Restart, Check: webURL,
			Help: "advertisement link, http(s) URL, shown at the bottom of the window"},
	}
}
