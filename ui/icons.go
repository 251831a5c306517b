package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// lockSVG is a closed padlock on a 24x24 grid: a shackle over a body with a keyhole.
const lockSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">` +
	`<path d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5z` +
	`m-3 8V7a3 3 0 0 1 6 0v3H9zm3 3.5a1.75 1.75 0 0 1 1 3.2V19h-2v-2.3a1.75 1.75 0 0 1 1-3.2z"/></svg>`

// lockIcon is the padlock shown while the call's media is encrypted (SRTP), in the theme's
// success colour so it follows the skin.
func lockIcon() fyne.Resource {
	return theme.NewSuccessThemedResource(fyne.NewStaticResource("lock.svg", []byte(lockSVG)))
}
