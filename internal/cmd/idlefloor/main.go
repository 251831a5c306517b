// Command idlefloor is the baseline scripts/idle-cpu measures the phone's window against:
// the CPU an idle process costs on this machine before the phone does anything.
//
//	idlefloor ticker   a Go loop woken 60 times a second, as Fyne's GLFW driver loop is
//	idlefloor fyne     an empty Fyne window with one label
//
// Both run until killed.
package main

import (
	"fmt"
	"os"
	"runtime"
	"time"

	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// frameRate is how often Fyne's driver loop wakes, idle or not (fyne v2.7 runGL).
const frameRate = 60

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: idlefloor ticker|fyne")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "ticker":
		ticker()
	case "fyne":
		window()
	default:
		fmt.Fprintf(os.Stderr, "idlefloor: unknown mode %q (want ticker or fyne)\n", os.Args[1])
		os.Exit(2)
	}
}

// ticker wakes a locked OS thread frameRate times a second and does nothing else.
func ticker() {
	runtime.LockOSThread()
	t := time.NewTicker(time.Second / frameRate)
	for range t.C {
	}
}

// window shows an empty Fyne window.
func window() {
	w := app.New().NewWindow("idle floor")
	w.SetContent(widget.NewLabel("idle"))
	w.ShowAndRun()
}
