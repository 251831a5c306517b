//go:build !race

package phoneproc

// race is true when the tests are built with -race: the phone binary is built with it too.
const race = false
