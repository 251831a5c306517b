//go:build race

package main

// raceBuild is true when the tests run with -race: the real-window test then builds the
// phone with -race too, and its output must hold no data race report.
const raceBuild = true
